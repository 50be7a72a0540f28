"""HTTP routes as Powertools Routers; each function mounts the routers of its job.

Two packages of Powertools import every module they hold when any of their modules is imported:
`event_handler` imports every resolver (AppSync's, and with it asyncio, AppSync Events', Bedrock agents', VPC
Lattice's, function URLs'; 48 modules of the 620 an HTTP function imported), none of which this API uses;
`utilities.data_classes`, which the HTTP resolver imports for four event classes, imports all of its forty event
sources (a fifth of an HTTP function's own import time above boto3's, measured on the built artifact). Each is
registered here, before any route module imports from it, as a package that imports its modules as they are
asked for: a name its `__init__` imports from one of its modules is taken from that module alone (read from the
`__init__`'s own import statements), and any other name of the package runs the whole `__init__` then, as
Powertools imports it, so nothing a caller can import changes."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys

LAZY_PACKAGES = ("aws_lambda_powertools.event_handler", "aws_lambda_powertools.utilities.data_classes")


def _names_by_module(package: str, source: str) -> dict[str, str]:
    """Name -> the module of `package` its `__init__` imports it from (`from .x import A`, `from package.x import A`)."""
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom):
            module = f"{package}.{node.module}" if node.level == 1 else node.module if node.level == 0 else None
            if module and module.startswith(f"{package}."):
                found.update({alias.asname or alias.name: module for alias in node.names})
    return found


def _register_lazily(name: str) -> None:
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not spec.origin or not spec.origin.endswith(".py"):
        return
    try:
        with open(spec.origin, encoding="utf-8") as init:
            defined_in = _names_by_module(name, init.read())
    except (OSError, SyntaxError):
        return
    package = importlib.util.module_from_spec(spec)
    ran_init = False

    def __getattr__(attribute: str):
        nonlocal ran_init
        if attribute.startswith("__") and attribute != "__all__":  # probes (__wrapped__, ...) run nothing
            raise AttributeError(attribute)
        if attribute in defined_in and not ran_init:  # a class its __init__ re-exports: from its own module only
            found = getattr(importlib.import_module(defined_in[attribute]), attribute)
            setattr(package, attribute, found)
            return found
        try:
            return importlib.import_module(f"{name}.{attribute}")  # a module of the package: only that one
        except ModuleNotFoundError as missing:
            if missing.name != f"{name}.{attribute}":
                raise
        if not ran_init:  # any other name of the package: its whole __init__, as Powertools imports it
            ran_init = True
            spec.loader.exec_module(package)
        try:
            return package.__dict__[attribute]
        except KeyError:
            raise AttributeError(f"module {name!r} has no attribute {attribute!r}") from None

    package.__getattr__ = __getattr__  # type: ignore[attr-defined]
    sys.modules[name] = package
    parent, _, child = name.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, package)


def _register() -> None:
    for name in LAZY_PACKAGES:
        parent = name.rpartition(".")[0]
        importlib.import_module(parent)  # the parent package itself (its __init__ is small), so the child is found
        _register_lazily(name)


_register()
