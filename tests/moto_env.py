"""In-process moto for integration tests and the bench: environment, serialization, resources.

`serialized_moto(stack)` must run before anything imports switchboard or creates a boto3 client:
settings and the PynamoDB models read the environment once, and a client made before moto is
imported escapes the mock.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERIALIZER = threading.RLock()


def base_environment(stack: str) -> dict[str, str]:
    return {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "TABLE_NAME": f"{stack}-Table",
    }


def serialized_moto(stack: str) -> None:
    """Point the process at moto, and make every moto request atomic.

    moto does not make a condition check and its write atomic; one lock around
    BotocoreStubber.__call__ does, so concurrency tests mean something.
    """
    os.environ.update(base_environment(stack))
    os.environ.pop("AWS_ENDPOINT_URL", None)
    import moto  # noqa: F401  (imported before any boto3 client exists)
    import moto.core.botocore_stubber as stubber

    from local import moto_dynamodb

    moto_dynamodb.install()

    if getattr(stubber.BotocoreStubber.__call__, "serialized", False):
        return
    unserialized = stubber.BotocoreStubber.__call__

    def serialized_call(self, *args, **kwargs):
        with SERIALIZER:
            return unserialized(self, *args, **kwargs)

    serialized_call.serialized = True
    stubber.BotocoreStubber.__call__ = serialized_call


def create_stack(stack: str, overrides: dict[str, str] | None = None):
    """Every resource of template.yaml, created in moto from the template's own definitions,
    with the functions' environment exported. Call inside `moto.mock_aws()`."""
    import boto3
    from cfnlint.decode import decode

    from local.resources import create_resources

    template, problems = decode(str(ROOT / "template.yaml"))
    if problems:
        raise RuntimeError(problems)
    resources = create_resources(template, boto3.session.Session(), root=str(ROOT), stack_name=stack)
    env = resources.resolver().resolve(template["Globals"]["Function"]["Environment"]["Variables"])
    env = {**base_environment(stack), **{k: str(v) for k, v in env.items()}, **(overrides or {})}
    os.environ.update(env)
    forget_cached_wiring()
    _table(env["TABLE_NAME"]).stream_shard = None  # see stream_records
    return template, resources, env


def _table(name: str):
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends["123456789012"]["us-east-1"].get_table(name)


@contextmanager
def stream_records(table_name: str) -> Iterator[Callable[[], list[dict]]]:
    """The table's stream while the block runs: a function answering the records written so far, as Lambda
    hands them to a function. In-process suites keep no stream otherwise: moto would keep every write's
    images in memory for the life of the process (the bench writes 100,000 items)."""
    from moto.dynamodb.models.table import StreamShard

    from local.streams import lambda_record

    table = _table(table_name)
    table.stream_shard = StreamShard("123456789012", table)
    arn = f"{table.table_arn}/stream/{table.latest_stream_label}"
    try:
        yield lambda: [lambda_record(item.to_json(), arn) for item in table.stream_shard.items]
    finally:
        table.stream_shard = None


def empty_tables() -> None:
    """Every item of every table gone, the tables themselves kept. moto reads an index by walking the whole
    table, so a suite that keeps one table for the whole process gets slower with every file before it (the
    SLA ladder ran 439 s late in a run, 40 s at its start): each test file starts on empty tables instead."""
    from local import moto_dynamodb

    with SERIALIZER:
        moto_dynamodb.empty_tables("123456789012", "us-east-1")


_STACKS: dict[str, tuple] = {}


def stack_in_process(stack: str):
    """The template's resources in in-process moto, created once per process and kept to its end: suites that
    need them share them (pytest-xdist runs files of several suites in one process, and moto's state is global)."""
    if stack not in _STACKS:
        import moto

        moto.mock_aws().start()
        _STACKS[stack] = create_stack(stack)
    return _STACKS[stack]


def forget_cached_wiring() -> None:
    """Settings and clients are cached per container; after the environment changes, start afresh."""
    from switchboard import settings, wiring
    from switchboard.adapters import aws as aws_clients

    settings.settings.cache_clear()
    for name in dir(wiring):
        factory = getattr(wiring, name)
        if hasattr(factory, "cache_clear"):
            factory.cache_clear()
    aws_clients.client.cache_clear()
    aws_clients.session.cache_clear()
