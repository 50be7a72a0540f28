"""The console's table of route modules (functions/console/app.py: ROUTE_MODULES) against the template: every
route template.yaml gives the console function is served by the module the table names for its first path
segment, and those modules serve no other route."""

from __future__ import annotations

import importlib
import importlib.util
import re

from cfnlint.decode import decode

from tests.moto_env import ROOT


def console_route_modules() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("console_app_table", ROOT / "functions" / "console" / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ROUTE_MODULES


def template_console_routes() -> set[tuple[str, str]]:
    template, _ = decode(str(ROOT / "template.yaml"))
    events = template["Resources"]["ConsoleFunction"]["Properties"]["Events"].values()
    return {(e["Properties"]["Method"].upper(), e["Properties"]["Path"]) for e in events if "Path" in e["Properties"]}


def first_segment(path: str) -> str:
    return path.strip("/").split("/", 1)[0]


def test_every_console_route_of_the_template_is_served_by_the_module_named_for_its_first_segment():
    # Given the console's routes in the template and its table of route modules
    deployed = template_console_routes()
    table = console_route_modules()

    # When each module the table names lists its routes
    served: dict[tuple[str, str], str] = {}
    for name in set(table.values()):
        for rule, methods, *_ in importlib.import_module(name).routes()._routes:
            path = re.sub(r"<(\w+)>", r"{\1}", rule)
            for method in methods:
                served[(method.upper(), path)] = name

    # Then each deployed route is served, by the module its first segment names
    assert {route: served.get(route) for route in deployed} == {route: table.get(first_segment(route[1])) for route in deployed}
    # And the modules serve nothing the template does not give the console
    assert set(served) - deployed == set()
