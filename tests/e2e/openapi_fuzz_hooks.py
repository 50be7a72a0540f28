"""Schemathesis hooks for tests/e2e/test_openapi_fuzz.py (loaded through SCHEMATHESIS_HOOKS by the CLI it runs).

Path parameters are either generated or the ids of the fuzzing organization's real records, so that calls reach
real agents, connections, rules, tags, conversations and contacts as well as unknown ones.
"""

from __future__ import annotations

import json
import os

import schemathesis
from hypothesis import strategies as st

REAL_IDS = json.loads(os.environ.get("SWITCHBOARD_FUZZ_IDS", "{}"))


@schemathesis.hook
def flatmap_path_parameters(context, path_parameters):
    if not path_parameters:
        return st.just(path_parameters)
    real = {name: REAL_IDS.get(name, value) for name, value in path_parameters.items()}
    return st.sampled_from([path_parameters, real])
