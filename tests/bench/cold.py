"""Cold imports: each function's app.py imported in a brand-new interpreter.

Timed from just before the process is spawned to the moment the child has finished the
import (time.monotonic is system-wide on Linux, so parent and child read the same clock).
The child reports it; interpreter start-up is included, process exit is not. One discarded
run per target first, so byte code and the page cache are warm; the runs are interleaved
(round after round over all targets). Lambda's layers built by `sam build` carry .pyc for
the third-party packages; a layer shipped without .pyc for its own code would compile it at
every cold start, which these numbers do not include.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_CHILD = """
import sys, time
sys.path.insert(0, {shared!r})
{body}
sys.stdout.write(repr(time.monotonic()))
"""

_APP = """
import importlib.util
spec = importlib.util.spec_from_file_location("app", {path!r})
module = importlib.util.module_from_spec(spec)
sys.modules["app"] = module
spec.loader.exec_module(module)
assert callable(module.lambda_handler)
"""

BASELINES = {
    "_baseline_python_startup": "pass",
    "_baseline_boto3_dynamodb_client": "import boto3\nboto3.client('dynamodb')",
}


def _once(code: str, cwd: Path, env: dict, python: str) -> float:
    started = time.monotonic()
    done = subprocess.run(
        [python, "-c", code], env=env, cwd=str(cwd), capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return (float(done.stdout.strip().splitlines()[-1]) - started) * 1000


def sample(targets: dict[str, tuple[str, Path]], env: dict, runs: int, python: str = sys.executable) -> dict:
    """Each target's code in a new process `runs` times, after one discarded run each."""
    for code, cwd in targets.values():
        _once(code, cwd, env, python)  # discarded: fills the byte-code and page caches
    samples: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(runs):  # rounds over every target, so a burst of load elsewhere hits them all alike
        for name, (code, cwd) in targets.items():
            samples[name].append(_once(code, cwd, env, python))
    return {name: [round(v, 1) for v in values] for name, values in samples.items()}


def measure(functions: tuple[str, ...], function_env: dict, runs: int = 5) -> dict[str, list[float]]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    env.update(function_env)
    env.pop("PYTHONPATH", None)
    shared = str(ROOT / "shared")
    # The function's own folder is the working directory, as /var/task is in Lambda.
    targets = {
        name: (_CHILD.format(shared=shared, body=_APP.format(path=str(ROOT / "functions" / name / "app.py"))),
               ROOT / "functions" / name)
        for name in functions
    }
    targets.update({name: (_CHILD.format(shared=shared, body=body), ROOT) for name, body in BASELINES.items()})
    return sample(targets, env, runs)


def medians(samples: dict[str, list[float]]) -> dict[str, float]:
    return {name: round(statistics.median(values), 1) for name, values in samples.items()}
