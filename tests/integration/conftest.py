"""Handlers and repositories on in-process moto, with every request serialized (tests/moto_env.py)."""

from __future__ import annotations

from tests.moto_env import serialized_moto

STACK = "switchboard-test"
serialized_moto(STACK)  # before switchboard is imported anywhere

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def aws():
    """Every resource of template.yaml, created in moto from the template's own definitions (once per process)."""
    from tests.moto_env import stack_in_process

    _, resources, _ = stack_in_process(STACK)
    return resources


@pytest.fixture(scope="module", autouse=True)
def empty_tables_for_each_file(aws):
    """Each file's tests see only their own data (tests/moto_env.empty_tables says why); the queues, secrets and
    buckets stay, as do the tables."""
    from tests.moto_env import empty_tables

    empty_tables()


@pytest.fixture
def clock():
    from switchboard.clock import FrozenClock, SystemClock, use_clock

    frozen = FrozenClock()
    use_clock(frozen)
    yield frozen
    use_clock(SystemClock())
