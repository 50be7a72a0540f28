"""Adversarial suites run against the local stack, as the e2e tests do: the same fixtures."""

from tests.e2e.conftest import api, fresh_tables, local_stack, stack_url  # noqa: F401  (pytest fixtures)
