"""The e2e tests drive `python -m local` over HTTP, as a client would."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90
# The stack's own shutdown takes ~15 s at most (local/stack.py), a second or two when idle; on a loaded 2-core
# machine, with a browser's WebSocket and both test workers busy, twice that was once not enough (a stop signal
# that never reached the main thread, fixed in local/__main__.py): a hang still fails after 60 s.
STOP_TIMEOUT_S = 60
_LISTENING = re.compile(r"Switchboard local stack listening on (http://\S+)")
# The embedded user pool's endpoint, for tests that sign in as a person would (Cognito's own API).
_EMBEDDED_AWS = re.compile(r"Embedded AWS \(moto\) listening on (http://\S+)")


@dataclass(frozen=True)
class StackUrls:
    api: str
    aws: str
    pid: int = 0


@contextmanager
def running_stack(log_path: Path, port: int = 0, state_dir: Path | None = None,
                  stop_timeout_s: float = STOP_TIMEOUT_S) -> Iterator[StackUrls]:
    """`python -m local` with PORT=`port` (0: any free port), as `make dev` runs it; yields its URLs.
    With `state_dir` the stack keeps its state there across restarts (`make dev` passes .local-state).
    Leaving the block stops it with SIGINT; it must have exited within `stop_timeout_s`."""
    env = {**os.environ, "PORT": str(port), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "local"]
    if state_dir is not None:
        command += ["--state", str(state_dir)]
    if os.environ.get("E2E_STACK_ROOT"):  # run another checkout's template and handlers
        command += ["--root", os.environ["E2E_STACK_ROOT"]]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True)
    found: dict[str, str] = {}
    seen = threading.Event()

    def read_stdout() -> None:
        # Keep reading after the URLs show up, so the child never blocks on a full pipe.
        assert proc.stdout is not None
        for line in proc.stdout:
            for name, pattern in (("api", _LISTENING), ("aws", _EMBEDDED_AWS)):
                match = pattern.search(line)
                if match and name not in found:
                    found[name] = match.group(1)
            if len(found) == 2:
                seen.set()
        seen.set()

    threading.Thread(target=read_stdout, daemon=True).start()
    try:
        if not seen.wait(START_TIMEOUT_S) or len(found) < 2:
            raise RuntimeError(f"the local stack did not start; stderr:\n{log_path.read_text()[-4000:]}")
        _wait_healthy(found["api"])
        yield StackUrls(api=found["api"], aws=found["aws"], pid=proc.pid)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(stop_timeout_s)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGUSR1)  # every thread's stack into its log (local/__main__.py)
            time.sleep(1)
            proc.kill()
            proc.wait()
            raise AssertionError(f"the local stack did not stop within {stop_timeout_s:.0f} s; stderr:\n"
                                 f"{log_path.read_text()[-12000:]}") from None
    if code == -signal.SIGKILL:  # a test crashed it on purpose (nothing else sends SIGKILL)
        return
    assert code == 0, f"the local stack exited {code}; stderr:\n{log_path.read_text()[-4000:]}"


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StackUrls]:
    with running_stack(tmp_path_factory.mktemp("local-stack") / "stderr.log") as urls:
        yield urls


@pytest.fixture(scope="session")
def stack_url(local_stack: StackUrls) -> str:
    return local_stack.api


@pytest.fixture(scope="module", autouse=True)
def fresh_tables(stack_url: str) -> None:
    """Each file starts on empty tables of the worker's shared stack (POST /_local/reset, after a drain): what
    earlier files stored would otherwise slow every index read (moto walks the whole table) and every clock
    jump (the SLA sweep acts on every conversation the stack ever took in)."""
    answer = requests.post(f"{stack_url}/_local/reset", timeout=120)
    assert answer.status_code == 200, answer.text


def _wait_healthy(url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/_local/health", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url}/_local/health never answered 200")


class Api:
    """A tiny client: `api.post("/agents", json={...}, token=owner_token)`."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()

    def request(self, method: str, path: str, *, json: Any = None, token: str | None = None,
                headers: dict[str, str] | None = None, **kwargs: Any) -> requests.Response:
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        return self.session.request(method, f"{self.base_url}{path}", json=json, headers=all_headers, timeout=90, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


@pytest.fixture
def api(stack_url: str) -> Iterator[Api]:
    client = Api(stack_url)
    yield client
    client.session.close()
