"""Lambda containers for the local handlers.

Each function gets a small pool of containers; a container is a separate import of the
function's app.py, used by one invocation at a time. Powertools resolvers keep per-request
state on the app object, so one module instance must never serve two requests at once,
just as one Lambda execution environment never does; and the event being resolved on a class
attribute, which local/powertools_threads.py keeps per thread.
"""

from __future__ import annotations

import importlib.util
import logging
import queue
import threading
import time
import traceback
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from local import powertools_threads, pydantic_models
from local.template import ACCOUNT_ID, REGION

log = logging.getLogger("local.runtime")


class HandlerError(Exception):
    """The handler raised: Lambda reports an unhandled function error."""

    def __init__(self, function: str, error: BaseException) -> None:
        super().__init__(f"{function}: {type(error).__name__}: {error}")
        self.error = error
        self.error_type = type(error).__name__
        self.stack = traceback.format_exception(error)

    def payload(self) -> dict:
        return {"errorMessage": str(self.error), "errorType": self.error_type, "stackTrace": self.stack}


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    code_dir: Path
    handler: str  # "module.function", relative to code_dir
    physical_name: str
    arn: str
    timeout_s: int
    memory_mb: int


class LambdaContext:
    """The attributes of the Lambda context object that handlers and Powertools read."""

    def __init__(self, spec: FunctionSpec) -> None:
        self.function_name = spec.physical_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = spec.arn
        self.memory_limit_in_mb = spec.memory_mb
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{spec.physical_name}"
        self.log_stream_name = f"local/[$LATEST]{uuid.uuid4().hex}"
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + spec.timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class FunctionRuntime:
    """Runs one function's handler in a pool of up to `max_containers` containers."""

    def __init__(self, spec: FunctionSpec, max_containers: int = 4) -> None:
        powertools_threads.install()
        self.spec = spec
        self.max_containers = max_containers
        self._idle: queue.LifoQueue[Any] = queue.LifoQueue()  # warm containers first
        self._created = 0
        self._lock = threading.Lock()

    def _load(self) -> Any:
        module_name, _, attr = self.spec.handler.rpartition(".")
        path = self.spec.code_dir / f"{module_name.replace('.', '/')}.py"
        # A unique module name per container: each import is its own execution environment.
        unique = f"_local_fn_{self.spec.logical_id}_{uuid.uuid4().hex[:8]}"
        loader_spec = importlib.util.spec_from_file_location(unique, path)
        if loader_spec is None or loader_spec.loader is None:
            raise FileNotFoundError(path)
        module: ModuleType = importlib.util.module_from_spec(loader_spec)
        loader_spec.loader.exec_module(module)
        pydantic_models.import_routes_on_demand(module)
        pydantic_models.complete()  # containers share this process: no model is built on first use here
        return getattr(module, attr)

    def _acquire(self) -> Any:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            grow = self._created < self.max_containers
            if grow:
                self._created += 1
        if grow:
            try:
                return self._load()
            except BaseException:
                with self._lock:
                    self._created -= 1
                raise
        return self._idle.get()  # every container is busy: wait for one, as throttling would

    def warm(self) -> None:
        """Cold-start one container now so the first request does not pay for the import."""
        self._idle.put(self._acquire())

    def invoke(self, event: Any) -> Any:
        try:
            handler = self._acquire()
        except Exception as exc:  # an import error is an init error: report it like Lambda
            log.error("%s failed to initialize:\n%s", self.spec.logical_id, traceback.format_exc())
            raise HandlerError(self.spec.logical_id, exc) from exc
        try:
            return handler(event, LambdaContext(self.spec))
        except Exception as exc:
            log.error("%s raised:\n%s", self.spec.logical_id, traceback.format_exc())
            raise HandlerError(self.spec.logical_id, exc) from exc
        finally:
            self._idle.put(handler)


def function_specs(template: dict, root: Path, resources: Any) -> dict[str, FunctionSpec]:
    """One spec per AWS::Serverless::Function, with Globals.Function applied."""
    defaults = template.get("Globals", {}).get("Function", {})
    specs = {}
    for lid, r in template.get("Resources", {}).items():
        if r.get("Type") != "AWS::Serverless::Function":
            continue
        p = {**defaults, **r.get("Properties", {})}
        specs[lid] = FunctionSpec(
            logical_id=lid,
            code_dir=root / p["CodeUri"],
            handler=p.get("Handler", "app.lambda_handler"),
            physical_name=resources.ref(lid),
            arn=resources.get_att(lid, "Arn")
            or f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{resources.ref(lid)}",
            timeout_s=int(p.get("Timeout", 3)),
            memory_mb=int(p.get("MemorySize", 128)),
        )
    return specs
