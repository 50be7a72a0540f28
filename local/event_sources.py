"""Event sources: SQS queues polled like Lambda's event source mapping, and EventBridge
rules routed to their functions through "tap" queues.

Every moto request is serialized, so polls never block inside moto: WaitTimeSeconds is 0
and an empty poll waits on our side instead: until moto's state changes (a message sent, made
visible again, ...: local.aws.ChangeSignal) or a second has passed (a delayed message or an
expired visibility timeout changes nothing that could signal it).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from local.runtime import HandlerError
from local.template import ACCOUNT_ID, REGION, Resolver, function_events

log = logging.getLogger("local.event_sources")

IDLE_SLEEP_S = 0.05
IDLE_MAX_S = 1.0  # a queue poller's longest idle wait when moto's state does not change
ASYNC_RETRIES = 2  # Lambda's asynchronous invoke retries a failed event twice unless EventInvokeConfig says otherwise


class Activity:
    """Counts work in flight, so that drain knows when the stack is quiet."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def __enter__(self) -> Activity:
        with self._lock:
            self._count += 1
        return self

    def __exit__(self, *exc: Any) -> None:
        with self._lock:
            self._count -= 1

    @property
    def busy(self) -> bool:
        return self._count > 0


@dataclass(frozen=True)
class SqsSource:
    function: str
    queue_url: str
    queue_arn: str
    batch_size: int
    report_failures: bool


def sqs_sources(template: Mapping, resolver: Resolver) -> list[SqsSource]:
    found = []
    for lid, _, event in function_events(template, "SQS"):
        p = resolver.resolve(event["Properties"])
        arn = p["Queue"]
        name = arn.rsplit(":", 1)[1]
        url = next(
            a["QueueUrl"] for a in resolver.attrs.values() if a.get("QueueName") == name and "QueueUrl" in a
        )
        found.append(
            SqsSource(
                function=lid,
                queue_url=url,
                queue_arn=arn,
                batch_size=int(p.get("BatchSize", 10)),
                report_failures="ReportBatchItemFailures" in (p.get("FunctionResponseTypes") or []),
            )
        )
    return found


def sqs_record(message: dict, queue_arn: str) -> dict:
    attributes = dict(message.get("Attributes", {}))
    message_attributes = {
        name: {
            "stringValue": value.get("StringValue"),
            "binaryValue": value.get("BinaryValue"),
            "stringListValues": value.get("StringListValues", []),
            "binaryListValues": value.get("BinaryListValues", []),
            "dataType": value.get("DataType"),
        }
        for name, value in (message.get("MessageAttributes") or {}).items()
    }
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": attributes,
        "messageAttributes": message_attributes,
        "md5OfBody": message.get("MD5OfBody") or hashlib.md5(message["Body"].encode()).hexdigest(),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": REGION,
    }


class PollingThread(threading.Thread):
    """Calls `poll_once` until stopped; when it found nothing, waits a little (`idle`) before the next call."""

    def __init__(self, name: str) -> None:
        super().__init__(name=name, daemon=True)
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()

    def poll_once(self) -> bool:
        raise NotImplementedError

    def idle(self) -> None:
        self._stop_event.wait(IDLE_SLEEP_S)

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                got = self.poll_once()
            except Exception:
                if self._stop_event.is_set():
                    return
                log.exception("%s: poll failed", self.name)
                got = False
            if not got:
                self.idle()


class Poller(PollingThread):
    """Receives from one queue and hands each batch to `process`, until stopped."""

    def __init__(self, name: str, sqs: Any, queue_url: str, batch_size: int, activity: Activity,
                 process: Callable[[list[dict]], set[str]], woken_by: Any = None) -> None:
        """`woken_by`: a local.aws.ChangeSignal; without one an idle poller polls every IDLE_SLEEP_S."""
        super().__init__(name)
        self.woken_by = woken_by
        self._seen = 0
        self.sqs = sqs
        self.queue_url = queue_url
        self.batch_size = batch_size
        self.activity = activity
        self.process = process  # returns the receipt handles to delete

    def idle(self) -> None:
        # At most one poll every IDLE_SLEEP_S as before (under a burst every write would wake every poller,
        # and their receives would crowd the lock the writes need); then on only once something changed.
        super().idle()
        if self.woken_by is not None and not self._stop_event.is_set():
            self.woken_by.wait_after(self._seen, IDLE_MAX_S - IDLE_SLEEP_S)

    def stop(self) -> None:
        super().stop()
        if self.woken_by is not None:
            self.woken_by.bump()  # out of its wait now

    def poll_once(self) -> bool:
        if self.woken_by is not None:
            self._seen = self.woken_by.generation  # before the receive: a send after it ends the idle wait
        # Counted as in flight from before the receive: between receive and delete the
        # messages are invisible, and drain must not mistake that for an empty queue.
        with self.activity:
            messages = self.sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=self.batch_size,
                WaitTimeSeconds=0,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            if not messages:
                return False
            keep = {m["ReceiptHandle"] for m in messages} - self.process(messages)
            done = [m for m in messages if m["ReceiptHandle"] not in keep]
            if done:
                self.sqs.delete_message_batch(
                    QueueUrl=self.queue_url,
                    Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
                )
            if keep:
                # Failed records come back at once instead of after the visibility timeout
                # (seconds of real time): retries and the move to the DLQ after
                # maxReceiveCount stay as in AWS, only faster.
                self.sqs.change_message_visibility_batch(
                    QueueUrl=self.queue_url,
                    Entries=[{"Id": str(i), "ReceiptHandle": h, "VisibilityTimeout": 0} for i, h in enumerate(keep)],
                )
            return True


def sqs_batch_processor(source: SqsSource, invoke: Callable[[str, Any], Any]) -> Callable[[list[dict]], set[str]]:
    def process(messages: list[dict]) -> set[str]:
        records = [sqs_record(m, source.queue_arn) for m in messages]
        try:
            result = invoke(source.function, {"Records": records})
        except HandlerError:
            return set()  # the whole batch failed: nothing is deleted
        failed: set[str] = set()
        if source.report_failures and isinstance(result, dict):
            failed = {f.get("itemIdentifier") for f in result.get("batchItemFailures") or []}
        return {m["ReceiptHandle"] for m in messages if m["MessageId"] not in failed}

    return process


# ---------------------------------------------------------------- EventBridge rules


@dataclass(frozen=True)
class RuleTarget:
    function: str
    rule_name: str
    bus_name: str
    pattern: dict


def rule_targets(template: Mapping, resolver: Resolver, stack_name: str) -> list[RuleTarget]:
    found = []
    for lid, r in template.get("Resources", {}).items():
        if r.get("Type") != "AWS::Serverless::Function":
            continue
        for event_id, event in (r.get("Properties", {}).get("Events") or {}).items():
            if event.get("Type") not in ("EventBridgeRule", "CloudWatchEvent"):
                continue
            p = resolver.resolve(event["Properties"])
            found.append(RuleTarget(lid, f"{stack_name}-{lid}-{event_id}"[:64], p.get("EventBusName", "default"), p["Pattern"]))
    return found


def create_tap(target: RuleTarget, events: Any, sqs: Any) -> str:
    """The rule as in the template, targeting a queue we poll (moto delivers only to SQS)."""
    url = sqs.create_queue(QueueName=f"{target.rule_name}-tap"[:80])["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name=target.rule_name, EventBusName=target.bus_name, EventPattern=json.dumps(target.pattern), State="ENABLED")
    events.put_targets(Rule=target.rule_name, EventBusName=target.bus_name, Targets=[{"Id": "local-tap", "Arn": arn}])
    return url


def tap_processor(target: RuleTarget, invoke_async: Callable[[str, Any], None]) -> Callable[[list[dict]], set[str]]:
    def process(messages: list[dict]) -> set[str]:
        for m in messages:
            event = json.loads(m["Body"])
            event.setdefault("account", ACCOUNT_ID)  # moto leaves out this field of the envelope
            invoke_async(target.function, event)  # EventBridge invokes asynchronously
        return {m["ReceiptHandle"] for m in messages}

    return process


class AsyncInvoker:
    """Lambda's asynchronous invocation (EventBridge targets, Scheduler): the first try and the function's
    retries (EventInvokeConfig.MaximumRetryAttempts, 2 by default), then the invocation record goes to its
    on-failure destination queue (EventInvokeConfig.DestinationConfig.OnFailure) or, with none, is dropped."""

    def __init__(self, template: Mapping, resolver: Resolver, invoke: Callable[[str, Any], Any], sqs: Any) -> None:
        self.invoke = invoke
        self.sqs = sqs
        self.retries: dict[str, int] = {}
        self.on_failure: dict[str, str] = {}  # function -> queue URL
        self.arns: dict[str, str] = {}
        for lid, r in template.get("Resources", {}).items():
            if r.get("Type") != "AWS::Serverless::Function":
                continue
            config = resolver.resolve(r.get("Properties", {}).get("EventInvokeConfig") or {})
            self.retries[lid] = int(config.get("MaximumRetryAttempts", ASYNC_RETRIES))
            self.arns[lid] = resolver.attrs.get(lid, {}).get("Arn", lid)
            destination = (config.get("DestinationConfig") or {}).get("OnFailure", {}).get("Destination")
            if destination:
                name = destination.rsplit(":", 1)[1]
                self.on_failure[lid] = next(a["QueueUrl"] for a in resolver.attrs.values() if a.get("QueueName") == name)

    def __call__(self, function: str, event: Any) -> None:
        attempts = self.retries.get(function, ASYNC_RETRIES) + 1
        for attempt in range(1, attempts + 1):
            try:
                self.invoke(function, event)
                return
            except HandlerError as error:
                failure = error
        if function not in self.on_failure:
            log.error("%s: dropped an event after %d attempts (no on-failure destination)", function, attempts)
            return
        log.error("%s: an event failed %d times; kept in its on-failure destination", function, attempts)
        self.sqs.send_message(QueueUrl=self.on_failure[function],
                              MessageBody=json.dumps(self.invocation_record(function, event, attempts, failure)))

    def invocation_record(self, function: str, event: Any, attempts: int, failure: HandlerError) -> dict:
        """What Lambda sends a destination ("invocation record", Lambda developer guide)."""
        return {
            "version": "1.0",
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "requestContext": {
                "requestId": str(uuid.uuid4()),
                "functionArn": f"{self.arns.get(function, function)}:$LATEST",
                "condition": "RetriesExhausted",
                "approximateInvokeCount": attempts,
            },
            "requestPayload": event,
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "responsePayload": failure.payload(),
        }

