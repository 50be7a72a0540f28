"""What a function imports when its container starts (issue 15: cold start), each in a new interpreter, as Lambda
loads it: only the function's folder, the layers and the runtime on the path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTTP_FUNCTIONS = ("ingest", "assign", "reply", "close", "appeal", "console")

_LOAD = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("app", {app!r})
module = importlib.util.module_from_spec(spec)
sys.modules["app"] = module
spec.loader.exec_module(module)
{after}
"""


def load_in_new_process(function: str, after: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update(PYTHONPATH=str(ROOT / "shared"), AWS_DEFAULT_REGION="us-east-1", PYTHONDONTWRITEBYTECODE="1")
    code = _LOAD.format(app=str(ROOT / "functions" / function / "app.py"), after=after)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "functions" / function, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("function", HTTP_FUNCTIONS)
def test_an_http_function_imports_none_of_the_resolvers_it_does_not_use(function):
    # When the function's module is loaded in a new interpreter
    loaded = load_in_new_process(function, "print(json.dumps(sorted(sys.modules)))")

    # Then Powertools' HTTP resolver is there, and not the AppSync, Bedrock, VPC Lattice and function URL
    # resolvers its event_handler package imports with it (nor asyncio, which AppSync's brings)
    assert "aws_lambda_powertools.event_handler.api_gateway" in loaded
    unused = [name for name in loaded if name.startswith((
        "aws_lambda_powertools.event_handler.appsync", "aws_lambda_powertools.event_handler.events_appsync",
        "aws_lambda_powertools.event_handler.bedrock_agent", "aws_lambda_powertools.event_handler.vpc_lattice",
        "aws_lambda_powertools.event_handler.lambda_function_url",
    ))]
    assert unused == []
    if function != "assign":  # assign's SQS batch processor (Powertools' batch utility) imports asyncio itself
        assert "asyncio" not in loaded


@pytest.mark.parametrize("function", HTTP_FUNCTIONS)
def test_an_http_function_imports_only_the_event_classes_it_uses(function):
    # When the function's module is loaded in a new interpreter
    loaded = load_in_new_process(function, "print(json.dumps(sorted(sys.modules)))")

    # Then of Powertools' forty event sources, the HTTP API's event is there, and not the others its package holds
    # (nor Powertools' parser models, which its batch utility imports when pydantic is imported before it)
    assert not any(name.startswith("aws_lambda_powertools.utilities.parser") for name in loaded)
    package = "aws_lambda_powertools.utilities.data_classes."
    assert f"{package}api_gateway_proxy_event" in loaded
    assert [name for name in loaded if name.startswith(package) and name.rpartition(".")[2] in (
        "ses_event", "code_pipeline_job_event", "connect_contact_flow_event",
        "cloud_watch_alarm_event", "transfer_family_event", "appsync_resolver_event")] == []


def test_every_name_of_powertools_data_classes_package_is_still_importable():
    # Given a function loaded with the data_classes package registered lazily
    # When code imports names of the package itself, and one of its modules
    names = load_in_new_process("close", """
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2, SQSRecord, event_source, KafkaEvent
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord as Record
from aws_lambda_powertools.utilities.data_classes.api_gateway_proxy_event import APIGatewayProxyEventV2 as Event
import aws_lambda_powertools.utilities.data_classes as package
print(json.dumps({"same": SQSRecord is Record and APIGatewayProxyEventV2 is Event and package.SQSRecord is Record,
                  "kafka": KafkaEvent.__module__, "event_source": callable(event_source),
                  "all": len(package.__all__) > 40}))
""")

    # Then they are the very objects Powertools defines, and the package's whole namespace is there when asked for
    assert names == {"same": True, "kafka": "aws_lambda_powertools.utilities.data_classes.kafka_event",
                     "event_source": True, "all": True}


def test_every_name_of_powertools_event_handler_package_is_still_importable():
    # Given a function loaded with its event_handler package registered lazily
    # When code imports names of the package itself, as Powertools' own modules and other callers do
    names = load_in_new_process("close", """
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, AppSyncResolver, Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import APIGatewayHttpResolver as Resolver, Response as Answer
import aws_lambda_powertools.event_handler as package
print(json.dumps({"same": APIGatewayHttpResolver is Resolver and Response is Answer and package.Response is Answer,
                  "appsync": AppSyncResolver.__module__, "content_types": content_types.APPLICATION_JSON}))
""")

    # Then they are the very objects Powertools defines, resolvers it did not load at first included
    assert names == {"same": True, "appsync": "aws_lambda_powertools.event_handler.appsync",
                     "content_types": "application/json"}


CONSOLE_ROUTE_MODULES = ("team", "setup", "inbox", "catalog", "reports", "openapi")


def test_the_console_starts_without_its_route_modules_but_with_the_agent_read_every_request_makes():
    # When the console's module is loaded in a new interpreter
    loaded = load_in_new_process("console", "print(json.dumps(sorted(sys.modules)))")

    # Then none of its route modules is imported: each comes with the first request of its own routes
    assert [m for m in CONSOLE_ROUTE_MODULES if f"switchboard.api.{m}" in loaded] == []
    # And what every request needs before its route is there already: the agents' repository and PynamoDB's
    # DynamoDB connection (botocore), made while the container starts, not in its first request
    assert {"switchboard.store.organizations", "pynamodb.connection.base", "botocore.session"} <= set(loaded)


def test_a_webhook_starts_without_the_consoles_answer_models():
    # When the ingest function's module is loaded in a new interpreter
    loaded = load_in_new_process("ingest", "print(json.dumps(sorted(sys.modules)))")

    # Then its one answer model is there, and not the module of the other forty (api/responses.py)
    assert "switchboard.api.answers" in loaded
    assert "switchboard.api.responses" not in loaded
