"""Each store's badges (unread and queued per marketplace store, seed 002's entry) stay exact under concurrent
arrivals, assignments, reads and closes in two stores at once: they are their connections' counters."""

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
from switchboard.api.views import marketplace_of
from switchboard.clock import current_clock, use_clock
from switchboard.conversations.closing import close_conversation
from switchboard.conversations.marks import mark
from switchboard.errors import Conflict
from switchboard.inbox.badges import counts_for
from switchboard.models import Channel, CloseReason, Status
from switchboard.routing.assign import drain_queue
from tests.e2e.channels import signed_message
from tests.integration.support import Context, channel_connection, http_event, new_org
from tests.integration.test_routing import TickingClock

SECRET = "store-secret"
_containers = threading.local()


def buyer_writes(store, buyer: str, text: str) -> None:
    """A signed marketplace webhook through the ingest handler loaded once per thread (one event at a time per
    container, as Lambda runs it)."""
    if not hasattr(_containers, "ingest"):
        spec = importlib.util.spec_from_file_location(f"ingest_{uuid.uuid4().hex}", Path("functions/ingest/app.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _containers.ingest = module
    body, headers = signed_message(secret=SECRET, contact={"id": buyer, "name": buyer}, text=text)
    path = f"/webhooks/marketplace/{store.connection_id}"
    event = http_event("POST", path, route="/webhooks/{channel}/{connection_id}", body=body, headers=headers,
                       path_params={"channel": "marketplace", "connection_id": store.connection_id})
    response = _containers.ingest.lambda_handler(event, Context())
    assert response["statusCode"] == 200, response


def test_store_badges_equal_a_recount_per_store_after_concurrent_work_in_two_stores(aws):
    # Given a team of 3 (capacity 2) working store A through a rule, and store B that no rule routes (its queue)
    use_clock(TickingClock())
    owner, team, zalo, _ = new_org(3, capacity=2)
    store_a = channel_connection(owner, Channel.MARKETPLACE, {"signing_secret": SECRET})
    store_b = channel_connection(owner, Channel.MARKETPLACE, {"signing_secret": SECRET})
    rule = wiring.rules().get(owner.org_id, zalo.rule_id)
    wiring.rules().save(rule.model_copy(update={"sources": [*rule.sources, store_a.connection_id]}))
    wiring.directory().forget()
    arrivals = [(store_a, f"a{i}") for i in range(16)] + [(store_b, f"b{i}") for i in range(12)]
    arrivals += arrivals[:8]  # some buyers write twice
    random.Random(11).shuffle(arrivals)

    # When, from 8 threads at once, buyers write to both stores while the queue drains and agents read and close
    def work(i: int) -> None:
        store, buyer = arrivals[i]
        buyer_writes(store, buyer, f"message {i}")
        agent = team[i % 3]
        if i % 4 == 0:
            drain_queue(owner.org_id, routing_deps())
        if i % 3 == 0:
            for conv in wiring.conversations().whole_list(owner.org_id, f"A#{agent.agent_id}"):
                mark(agent, conv.conversation_id, wiring.conversations(), unread=False)
        if i % 5 == 0:
            for conv in wiring.conversations().whole_list(owner.org_id, f"A#{agent.agent_id}")[:1]:
                try:
                    close_conversation(agent, conv.conversation_id, CloseReason.RESOLVED, close_deps())
                except Conflict:
                    pass  # closed by another thread first

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(work, range(len(arrivals))))

    # Then each store's badges equal a recount of its conversations, and both kinds moved in each store
    recount: Counter = Counter()
    for conv in _every_conversation(owner.org_id):
        recount[("unread", conv.connection_id)] += conv.unread
        recount[("queued", conv.connection_id)] += conv.status == Status.UNASSIGNED
    stores = {s["connection_id"]: s for s in counts_for(owner, conversations=wiring.conversations(),
                                                           connections=wiring.connections(), now=current_clock().now(),
                                                           marketplace_of=marketplace_of)["stores"]}
    assert set(stores) == {store_a.connection_id, store_b.connection_id}  # the Zalo OA is no store
    for store in (store_a, store_b):
        badge = stores[store.connection_id]
        assert (badge["unread"], badge["queued"]) == (recount[("unread", store.connection_id)],
                                                      recount[("queued", store.connection_id)])
        assert badge["unread"] > 0 and badge["queued"] > 0


def _every_conversation(org_id: str) -> list:
    """Every conversation of the organization, the slow way: the open ones and the history, each read whole."""
    found, repository = {}, wiring.conversations()
    for read in (lambda cursor: repository.open_list(org_id, limit=200, cursor=cursor, newest_first=True),
                 lambda cursor: repository.inbox(org_id, "H", limit=200, cursor=cursor, newest_first=True, view="history")):
        cursor = None
        while True:
            page, cursor = read(cursor)
            found.update((c.conversation_id, c) for c in page)
            if cursor is None:
                break
    return list(found.values())
