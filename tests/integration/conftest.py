"""Handlers and repositories on in-process moto, with every request serialized.

moto does not make a condition check and its write atomic; the lock around
BotocoreStubber.__call__ does, so concurrency tests here mean something.
"""

from __future__ import annotations

import os
import threading

# Settings and the PynamoDB models read the environment once, at import: set it first.
STACK = "switchboard-test"
os.environ.update(
    AWS_DEFAULT_REGION="us-east-1",
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    TABLE_NAME=f"{STACK}-Table",
)
os.environ.pop("AWS_ENDPOINT_URL", None)

import moto  # noqa: E402  (moto before any boto3 client, or the client escapes the mock)
import moto.core.botocore_stubber as stubber  # noqa: E402
import pytest  # noqa: E402

SERIALIZER = threading.RLock()
_unserialized_call = stubber.BotocoreStubber.__call__


def _serialized_call(self, *args, **kwargs):
    with SERIALIZER:
        return _unserialized_call(self, *args, **kwargs)


stubber.BotocoreStubber.__call__ = _serialized_call


@pytest.fixture(scope="session")
def aws():
    """Every resource of template.yaml, created in moto from the template's own definitions."""
    import boto3
    from cfnlint.decode import decode

    from local.resources import create_resources

    with moto.mock_aws():
        template, problems = decode("template.yaml")
        assert not problems, problems
        resources = create_resources(template, boto3.session.Session(), root=".", stack_name=STACK)
        env = resources.resolver().resolve(template["Globals"]["Function"]["Environment"]["Variables"])
        os.environ.update({k: str(v) for k, v in env.items()})
        _forget_cached_wiring()
        yield resources


def _forget_cached_wiring():
    from switchboard import settings, wiring

    settings.settings.cache_clear()
    for name in dir(wiring):
        factory = getattr(wiring, name)
        if hasattr(factory, "cache_clear"):
            factory.cache_clear()
    from switchboard.adapters import aws as aws_clients

    aws_clients.client.cache_clear()


@pytest.fixture
def clock():
    from switchboard.clock import FrozenClock, SystemClock, use_clock

    frozen = FrozenClock()
    use_clock(frozen)
    yield frozen
    use_clock(SystemClock())
