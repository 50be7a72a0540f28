"""HTTP routes as Powertools Routers; each function mounts the routers of its job.

Powertools' `event_handler` package imports every resolver it holds when any of its modules is imported:
AppSync's (and with it asyncio), AppSync Events', Bedrock agents', VPC Lattice's, function URLs'; 48 modules
of the 620 an HTTP function imported, none of which this API uses. It is registered here, before any route
module imports from it, as a package that imports its modules as they are asked for; a name of the
package itself (`from aws_lambda_powertools.event_handler import AppSyncResolver`) still runs its own
`__init__` then, so nothing a caller can import changes."""

from __future__ import annotations

import importlib
import importlib.util
import sys

LAZY_PACKAGE = "aws_lambda_powertools.event_handler"
CORE_MODULE = "api_gateway"


def _register_lazily(name: str) -> None:
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    package = importlib.util.module_from_spec(spec)
    ran_init = False

    def __getattr__(attribute: str):
        nonlocal ran_init
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        try:
            return importlib.import_module(f"{name}.{attribute}")  # a module of the package: only that one
        except ModuleNotFoundError as missing:
            if missing.name != f"{name}.{attribute}":
                raise
        # A class its __init__ re-exports from a module of its own (Response, the resolvers: api_gateway, which
        # its modules import from the package itself) is taken from that module.
        importlib.import_module(f"{name}.{CORE_MODULE}")
        for module in [m for key, m in list(sys.modules.items()) if key.startswith(f"{name}.")]:
            found = getattr(module, attribute, None)
            if found is not None and getattr(found, "__module__", None) == module.__name__:
                return found
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
    setattr(sys.modules[parent], child, package)


_register_lazily(LAZY_PACKAGE)
