"""The README's five-minute tour, as a newcomer runs it: `PORT=<n> make dev`, then the tour's sh block, on a
port that is not 3000 (issue 10, point 11: the tour used to fail silently on any other port)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import REPO_ROOT, Api, running_stack

TOUR = re.compile(r"^## A five-minute tour$.*?^```sh\n(.*?)^```$", re.MULTILINE | re.DOTALL)
TOUR_TIMEOUT_S = 240


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def tour_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str]]:
    """A stack of its own, as `PORT=<n> make dev` starts it: the tour connects the sample OA and moves the clock."""
    port = free_port()
    with running_stack(tmp_path_factory.mktemp("tour-stack") / "stderr.log", port) as urls:
        yield port, urls.api


def test_the_readme_tour_works_on_a_port_other_than_3000(tour_stack):
    # Given a stack started with PORT=<a free port>, and the tour exactly as README.md writes it
    port, url = tour_stack
    assert port != 3000 and url.endswith(f":{port}")
    tour = TOUR.search((REPO_ROOT / "README.md").read_text()).group(1)

    # When a newcomer runs it in another shell where PORT is exported, stopping at the first failing command
    script = f"set -eo pipefail\n{tour}\nprintf '\\nTOUR %s %s\\n' \"$CONV\" \"$TOKEN\"\n"
    run = subprocess.run(["bash", "-c", script], cwd=REPO_ROOT, env={**os.environ, "PORT": str(port)},
                         capture_output=True, text=True, timeout=TOUR_TIMEOUT_S)

    # Then every step worked: the agent answered on Zalo, and after 21 hours their waiting customer is expiring
    assert run.returncode == 0, f"stdout:\n{run.stdout[-3000:]}\nstderr:\n{run.stderr[-3000:]}"
    _, conversation_id, token = run.stdout.strip().splitlines()[-1].split()
    api = Api(url)
    expiring = api.get("/conversations?view=mine&filter=expiring", token=token).json()["items"]
    assert [c["conversation_id"] for c in expiring] == [conversation_id]
    assert "Dạ còn ạ!" in [item["text"] for item in api.get("/_local/outbox").json()["items"]]
    emails = api.get("/_local/emails").json()["items"]
    assert any("an@lan.example" in str(e["to"]) and e["subject"].startswith("Expiring") for e in emails), emails
