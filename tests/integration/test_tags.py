"""Tags on moto: unique names under concurrency, renames and deletes through the name items."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from switchboard import wiring
from switchboard.conversations.tagging import create_tag, delete_tag, rename_tag
from switchboard.errors import Conflict
from tests.integration.support import new_org


def test_ten_people_creating_the_same_tag_at_once_make_one_tag(aws, clock):
    # Given an organization
    owner, _, _, _ = new_org(1)

    # When ten requests create "VIP" (in various cases) at once
    def attempt(i):
        try:
            create_tag(owner, "VIP" if i % 2 else "vip", tags=wiring.tags(), clock=clock)
            return "created"
        except Conflict:
            return "refused"

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(attempt, range(10)))

    # Then exactly one tag exists
    assert outcomes.count("created") == 1
    assert len(wiring.tags().list(owner.org_id)) == 1


def test_a_renamed_tag_frees_its_old_name_and_a_deleted_one_frees_its_name(aws, clock):
    # Given tags "VIP" and "Late"
    owner, _, _, _ = new_org(1)
    vip = create_tag(owner, "VIP", tags=wiring.tags(), clock=clock)
    late = create_tag(owner, "Late", tags=wiring.tags(), clock=clock)

    # When VIP becomes Gold, its spelling changes to GOLD, and Late is deleted
    rename_tag(owner, vip.tag_id, "Gold", tags=wiring.tags())
    rename_tag(owner, vip.tag_id, "GOLD", tags=wiring.tags())
    delete_tag(owner, late.tag_id, tags=wiring.tags())

    # Then "VIP" and "Late" can be created again, "gold" cannot
    create_tag(owner, "VIP", tags=wiring.tags(), clock=clock)
    create_tag(owner, "Late", tags=wiring.tags(), clock=clock)
    try:
        create_tag(owner, "gold", tags=wiring.tags(), clock=clock)
        raise AssertionError("a second gold tag was created")
    except Conflict:
        pass
    assert sorted(t.name for t in wiring.tags().list(owner.org_id)) == ["GOLD", "Late", "VIP"]
