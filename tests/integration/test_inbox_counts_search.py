"""Inbox counters stay exact under concurrent writes; search finds by every key, through the repository, on moto."""

from __future__ import annotations

import importlib.util
import random
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from switchboard import wiring
from switchboard.api.assignment import routing_deps
from switchboard.api.closing import close_deps
from switchboard.conversations.closing import close_conversation
from switchboard.conversations.marks import mark
from switchboard.errors import Conflict
from switchboard.ids import contact_id_for, conversation_id_for
from switchboard.inbox.counters import facets
from switchboard.models import CloseReason
from switchboard.routing.assign import drain_queue
from tests.integration.support import new_org
from tests.e2e.channels import zalo_text
from tests.integration.support import Context, http_event
from tests.integration.test_routing import TickingClock, arrive
from switchboard.clock import use_clock


_containers = threading.local()


def arrive_in_own_container(oa_id: str, user: str, text: str) -> None:
    """A webhook through the ingest handler loaded once per thread: like Lambda, one event at a time per
    container (a Powertools app shared by threads would read another thread's event)."""
    if not hasattr(_containers, "ingest"):
        spec = importlib.util.spec_from_file_location(f"ingest_{uuid.uuid4().hex}", Path("functions/ingest/app.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _containers.ingest = module
    body, headers = zalo_text(app_id="app", secret="secret", oa_id=oa_id, user_id=user, text=text)
    response = _containers.ingest.lambda_handler(http_event("POST", "/webhooks/zalo", body=body, headers=headers), Context())
    assert response["statusCode"] == 200, response


def recount(org_id: str, conversation_ids: set[str]) -> dict[str, int]:
    """What the counters should say, counted the slow way from every conversation."""
    totals: Counter = Counter()
    for cid in conversation_ids:
        totals.update(facets(wiring.conversations().get(org_id, cid)))
    return {name: n for name, n in totals.items() if n}


def test_counters_equal_a_recount_after_concurrent_arrivals_assignments_reads_and_closes(aws):
    # Given 4 agents of capacity 3 and 30 customers, 10 of whom write twice
    use_clock(TickingClock())
    owner, team, conn, oa_id = new_org(4, capacity=3)
    users = [f"u{i}" for i in range(30)] + [f"u{i}" for i in range(10)]
    random.Random(7).shuffle(users)
    ids = {conversation_id_for(contact_id_for(conn.connection_id, user)) for user in users}

    # When, from 8 threads at once, they arrive while the queue drains, agents read and close
    def work(i: int) -> None:
        arrive_in_own_container(oa_id, users[i], text=f"message {i}")
        if i % 5 == 0:
            drain_queue(owner.org_id, routing_deps())
        if i % 3 == 0:
            for conv in wiring.conversations().whole_list(owner.org_id, f"A#{team[i % 4].agent_id}"):
                mark(team[i % 4], conv.conversation_id, wiring.conversations(), unread=False)
        if i % 7 == 0:
            for conv in wiring.conversations().whole_list(owner.org_id, f"A#{team[i % 4].agent_id}")[:1]:
                try:
                    close_conversation(team[i % 4], conv.conversation_id, CloseReason.RESOLVED, close_deps())
                except Conflict:
                    pass  # closed by another thread first

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(work, range(len(users))))

    # Then the stored counters equal a recount of every conversation, and something moved each kind
    stored = {k: v for k, v in wiring.conversations().counter_totals(owner.org_id).items() if v}
    assert stored == recount(owner.org_id, ids)
    assert stored.get(f"queued#{conn.connection_id}", 0) > 0
    assert stored.get(f"unread#{conn.connection_id}", 0) > 0
    assert len(ids) == 30


def test_search_finds_by_contact_name_without_accents_and_follows_a_renamed_contact(aws, clock):
    # Given a Zalo customer who first wrote as "Nguyễn Văn Lan" and then under a new name
    owner, team, conn, oa_id = new_org(1)
    cid = arrive(oa_id, "buyer-1")
    conv = wiring.conversations().get(owner.org_id, cid)
    wiring.conversations().save(
        conv.model_copy(update={"contact": conv.contact.model_copy(update={"name": "Nguyễn Văn Lan"})}),
        expected_version=conv.version, found_as=conv,
    )
    # When searched without accents / Then it is found
    found, _ = wiring.conversations().search(owner.org_id, "nguy", limit=10, cursor=None)
    assert [c.conversation_id for c in found] == [cid]
    # When the name changes again / Then the old name no longer finds it and the new one does
    conv = wiring.conversations().get(owner.org_id, cid)
    wiring.conversations().save(
        conv.model_copy(update={"contact": conv.contact.model_copy(update={"name": "Trần Mai"})}),
        expected_version=conv.version, found_as=conv,
    )
    assert wiring.conversations().search(owner.org_id, "nguy", limit=10, cursor=None)[0] == []
    assert [c.conversation_id for c in wiring.conversations().search(owner.org_id, "tran", limit=10, cursor=None)[0]] == [cid]
    # And another organization's search never sees it
    other, *_ = new_org(1)
    assert wiring.conversations().search(other.org_id, "tran", limit=10, cursor=None)[0] == []
