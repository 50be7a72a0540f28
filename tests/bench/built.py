"""Cold imports from the built artifact, as Lambda runs it.

The layers are built by the same Makefiles `sam build` runs (template.yaml: BuildMethod makefile), for the
machine's architecture, into .aws-sam/bench-build/; each function's folder is copied beside them. Every
run is a new python3.12 process (the Lambda runtime's version, so the layers' bytecode is the one Lambda
reads) with Lambda's search path: the function's folder (/var/task), then the layers' python/ folders
(/opt/python), then the runtime's boto3 (/var/lang/lib/python3.12/site-packages), and no bytecode written (Lambda's
file systems are read-only). Timed like cold.py.

The order is the AWS Lambda Developer Guide's ("Working with .zip file archives for Python Lambda functions",
section "Dependency search path and runtime-included libraries", docs.aws.amazon.com/lambda/latest/dg/python-package.html):
/var/task first; the layers' /opt/python "have precedence over the directories containing the runtime-included
libraries" (/var/runtime and /var/lang/lib/python3.x/site-packages, where 3.11+ install the SDK). So the botocore
the deps layer carries (PynamoDB's) is the one imported, before the runtime's.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path

from tests.bench import cold

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / ".aws-sam" / "bench-build"
LAYERS = {"DepsLayer": ROOT / "layers" / "deps", "SharedLayer": ROOT / "shared"}
PLATFORMS = {"x86_64": "manylinux2014_x86_64", "aarch64": "manylinux2014_aarch64", "arm64": "manylinux2014_aarch64"}


def python312() -> str | None:
    """The Lambda runtime's Python: pyenv's 3.12, or a python3.12 on PATH that runs (pyenv's shim may not)."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [str(p) for p in sorted(pyenv.glob("3.12.*/bin/python3.12"), reverse=True)]
    candidates += [found] if (found := shutil.which("python3.12")) else []
    for candidate in candidates:
        if subprocess.run([candidate, "-c", "pass"], capture_output=True, check=False).returncode == 0:
            return candidate
    return None


def build(python: str) -> Path:
    """The layers and functions as `sam build` lays them out, for this machine's architecture."""
    shutil.rmtree(BUILD, ignore_errors=True)
    env = {**os.environ, "PATH": f"{Path(python).parent}{os.pathsep}{os.environ['PATH']}"}
    for name, source in LAYERS.items():
        subprocess.run(
            ["make", "-s", "-C", str(source), f"build-{name}", f"ARTIFACTS_DIR={BUILD / name}", f"PYTHON={python}",
             f"PLATFORM={PLATFORMS[platform.machine()]}"],
            check=True, env=env,
        )
    # Lambda's runtime brings boto3 (python3.12: in /var/lang/lib/python3.12/site-packages, compiled); here the
    # version the project pins.
    boto3 = next(line for line in (ROOT / "requirements-dev.txt").read_text().splitlines() if line.startswith("boto3=="))
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--root-user-action=ignore",
                    "--target", str(BUILD / "runtime"), boto3], check=True, env=env, capture_output=True)
    for function in (ROOT / "functions").iterdir():
        if (function / "app.py").exists():
            shutil.copytree(function, BUILD / function.name, ignore=shutil.ignore_patterns("__pycache__"))
    return BUILD


def bytecode_counts(build_dir: Path) -> dict[str, dict[str, int]]:
    return {
        name: {"py": sum(1 for _ in (build_dir / name).rglob("*.py")),
               "pyc": sum(1 for _ in (build_dir / name).rglob("*.pyc"))}
        for name in LAYERS
    }


_CHILD = """
import sys, time
sys.path[:0] = [{task!r}, {deps!r}, {shared!r}, {runtime!r}]  # Lambda's order: see the docstring
{body}
sys.stdout.write(repr(time.monotonic()))
"""


def measure(functions: tuple[str, ...], function_env: dict, python: str, build_dir: Path, runs: int = 5) -> dict:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    env.update(function_env)
    env.pop("PYTHONPATH", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # /var/task and /opt are read-only in Lambda
    deps, shared = str(build_dir / "DepsLayer" / "python"), str(build_dir / "SharedLayer" / "python")
    runtime = str(build_dir / "runtime")
    targets = {}
    for name in functions:
        task = build_dir / name
        body = cold._APP.format(path=str(task / "app.py"))
        targets[name] = (_CHILD.format(task=str(task), runtime=runtime, deps=deps, shared=shared, body=body), task)
    for name, body in cold.BASELINES.items():
        targets[name] = (_CHILD.format(task=str(build_dir), runtime=runtime, deps=deps, shared=shared, body=body), build_dir)
    return cold.sample(targets, env, runs, python)
