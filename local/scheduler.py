"""EventBridge Scheduler on the stack's clock (moto accepts schedules but never fires them)."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from local.event_sources import Activity

log = logging.getLogger("local.scheduler")

_RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$")
_UNIT_S = {"minute": 60, "hour": 3600, "day": 86400}
TICK_S = 1.0
POLL_S = 0.05


def parse_rate(expression: str) -> timedelta:
    match = _RATE.match(expression.strip())
    if not match:
        raise ValueError(f"unsupported schedule expression {expression!r} (only rate(...) is)")
    return timedelta(seconds=int(match.group(1)) * _UNIT_S[match.group(2).rstrip("s")])


@dataclass
class Schedule:
    name: str
    target: str  # logical id
    kind: str  # "function" | "state_machine"
    every: timedelta
    input: Any
    next_due: datetime


def schedules_from_template(template: Mapping, now: datetime, stack_name: str) -> list[Schedule]:
    found = []
    for lid, r in template.get("Resources", {}).items():
        kind = {"AWS::Serverless::Function": "function", "AWS::Serverless::StateMachine": "state_machine"}.get(r.get("Type"))
        if kind is None:
            continue
        for event_id, event in (r.get("Properties", {}).get("Events") or {}).items():
            if event.get("Type") != "ScheduleV2":
                continue
            p = event.get("Properties", {})
            if str(p.get("State", "ENABLED")).upper() == "DISABLED":
                continue
            every = parse_rate(p["ScheduleExpression"])
            raw = p.get("Input")
            payload = json.loads(raw) if isinstance(raw, str) else (raw if raw is not None else {})
            found.append(Schedule(f"{stack_name}-{lid}-{event_id}", lid, kind, every, payload, now + every))
    return found


class Scheduler:
    """Fires due schedules: from a background tick, and synchronously when the clock jumps."""

    def __init__(
        self,
        schedules: list[Schedule],
        now: Callable[[], datetime],
        invoke_async: Callable[[str, Any], None],
        stepfunctions: Any,
        state_machine_arn: Callable[[str], str],
        activity: Activity,
    ) -> None:
        self.schedules = schedules
        self.now = now
        self.invoke_async = invoke_async
        self.sfn = stepfunctions
        self.state_machine_arn = state_machine_arn
        self.activity = activity
        self._fire_lock = threading.Lock()  # one firing round at a time: no double fires
        self._stop_event = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scheduler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 10) -> None:
        self._stop_event.set()
        if self._thread.is_alive():
            self._thread.join(timeout=timeout_s)

    def _run(self) -> None:
        while not self._stop_event.wait(TICK_S):
            try:
                self.run_due()
            except Exception:
                log.exception("scheduler tick failed")

    def due(self, now: datetime) -> list[Schedule]:
        fired = []
        for s in self.schedules:
            if s.next_due <= now:
                # A schedule that fell due several times within one clock jump fires ONCE,
                # now, like a late scheduler catching up once; its next due time keeps the
                # original cadence and lies after now.
                while s.next_due <= now:
                    s.next_due += s.every
                fired.append(s)
        return fired

    def run_due(self) -> list[Schedule]:
        """Fire every schedule that is due and wait until each firing has finished."""
        with self._fire_lock, self.activity:
            fired = self.due(self.now())
            for s in fired:
                self.fire(s)
            return fired

    def fire(self, s: Schedule) -> None:
        log.info("schedule %s fires %s", s.name, s.target)
        if s.kind == "function":
            # Scheduler invokes Lambda asynchronously: Lambda's retries and on-failure destination apply.
            self.invoke_async(s.target, s.input)
            return
        arn = self.sfn.start_execution(
            stateMachineArn=self.state_machine_arn(s.target),
            name=f"{s.target}-{uuid.uuid4().hex}"[:80],  # moto requires a unique name
            input=json.dumps(s.input),
        )["executionArn"]
        while not self._stop_event.is_set():
            status = self.sfn.describe_execution(executionArn=arn)
            if status["status"] != "RUNNING":
                if status["status"] != "SUCCEEDED":
                    log.error("execution %s ended %s: %s", arn, status["status"], status.get("cause") or status.get("error"))
                return
            time.sleep(POLL_S)
