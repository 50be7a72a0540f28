"""Issue 3: every routing rule, over HTTP on the local stack, as a client that knows only API.md."""

from __future__ import annotations

import pytest

from tests.e2e.shop import Shop
from tests.e2e.team import mail_domain


@pytest.fixture
def shop_of(api):
    return lambda nicknames, **kw: Shop(api, nicknames, **kw)


# ---------------------------------------------------------------- 1. connection modes


def test_an_only_me_connection_sends_everything_to_whoever_connected_it(shop_of):
    # Given an organization with two online agents and an only-me connection made by the owner (offline)
    shop = shop_of(["An", "Binh"])
    conn = shop.connect(mode="only_me")

    # When three customers write
    ids = [shop.write(conn) for _ in range(3)]

    # Then the owner holds all three, whatever their presence
    owner_id = shop.api.get("/me", token=shop.owner).json()["agent_id"]
    assert [shop.conversation(i)["assignee_id"] for i in ids] == [owner_id] * 3


def test_a_connection_can_join_an_existing_rule(shop_of):
    # Given a round-robin rule over An and Binh on one connection
    shop = shop_of(["An", "Binh"])
    first = shop.connect()
    rule = shop.rule([first], ["An", "Binh"])

    # When a second connection is made into the same rule and customers write to it
    second = shop.connect(rule_id=rule["rule_id"])
    ids = [shop.write(second) for _ in range(2)]

    # Then the connection is shared through the rule and the rule's members get its conversations
    assert second["mode"] == "shared"
    rules = shop.api.get("/rules", token=shop.owner).json()["items"]
    assert second["connection_id"] in next(r for r in rules if r["rule_id"] == rule["rule_id"])["sources"]
    assert sorted(shop.assignee(i) for i in ids) == ["An", "Binh"]


# ---------------------------------------------------------------- 2. methods


def test_round_robin_gives_conversations_in_turn(shop_of):
    # Given three online agents sharing a connection by round robin
    shop = shop_of(["An", "Binh", "Chi"])
    conn = shop.shared(["An", "Binh", "Chi"])

    # When six customers write
    assignees = [shop.assignee(shop.write(conn)) for _ in range(6)]

    # Then the agents take turns
    assert assignees == ["An", "Binh", "Chi", "An", "Binh", "Chi"]


def test_self_claim_shows_the_conversation_to_every_member_and_the_first_claim_wins(shop_of):
    # Given a self-claim rule over An and Binh, and Chi outside it
    shop = shop_of(["An", "Binh", "Chi"])
    conn = shop.shared(["An", "Binh"], method="self_claim")

    # When a customer writes
    conversation_id = shop.write(conn)

    # Then nobody holds it and both members see it as unclaimed; Chi does not
    assert shop.conversation(conversation_id)["assignee_id"] is None
    for member in ("An", "Binh"):
        assert [c["conversation_id"] for c in shop.view(member, "unclaimed")] == [conversation_id]
    assert shop.view("Chi", "unclaimed") == []

    # When Binh claims it, then An tries
    won = shop.act("Binh", conversation_id, "claim")
    lost = shop.act("An", conversation_id, "claim")

    # Then Binh owns it, An gets 409, and it left the unclaimed list
    assert won.status_code == 200 and won.json()["assignee_id"] == shop.id("Binh")
    assert lost.status_code == 409, lost.text
    assert shop.view("An", "unclaimed") == []
    assert shop.load("Binh") == 1 and shop.load("An") == 0


def test_weighted_gives_in_proportion_to_weight(shop_of):
    # Given An with weight 3 and Binh with weight 1 sharing a connection by weight
    shop = shop_of(["An", "Binh"])
    shop.change_agent("An", weight=3)
    conn = shop.shared(["An", "Binh"], method="weighted")

    # When eight customers write
    assignees = [shop.assignee(shop.write(conn)) for _ in range(8)]

    # Then An gets three for every one of Binh's, the heavier first
    assert assignees[0] == "An"
    assert assignees.count("An") == 6 and assignees.count("Binh") == 2


# ---------------------------------------------------------------- 3. groups, entry pages, fallback


def test_an_entry_group_goes_to_its_agents_then_to_anyone_online_then_to_the_fallback(shop_of):
    # Given An in pre-sales, Binh in after-sales, and the owner's stand-in Chi (offline) as fallback
    shop = shop_of(["An", "Binh", "Chi"])
    shop.change_agent("An", groups=["pre-sales"])
    shop.change_agent("Binh", groups=["after-sales"])
    shop.presence("Chi", False)
    assert shop.api.patch("/settings", json={"fallback_agent_id": shop.id("Chi")}, token=shop.owner).status_code == 200
    conn = shop.shared(["An", "Binh"])
    pre_sales = {"group": "pre-sales", "page": "home"}

    # When pre-sales customers write while An is online
    # Then they all go to An
    assert [shop.assignee(shop.write(conn, entry=pre_sales)) for _ in range(2)] == ["An", "An"]

    # When An goes offline / Then the next one goes to Binh, who is online
    shop.presence("An", False)
    assert shop.assignee(shop.write(conn, entry=pre_sales)) == "Binh"

    # When Binh goes offline too / Then the fallback agent takes it
    shop.presence("Binh", False)
    assert shop.assignee(shop.write(conn, entry=pre_sales)) == "Chi"


def test_with_nobody_online_and_no_fallback_a_conversation_waits_unassigned(shop_of):
    # Given an offline team and no fallback agent
    shop = shop_of(["An", "Binh"], online=False)
    conn = shop.shared(["An", "Binh"])

    # When a customer writes
    conversation_id = shop.write(conn, entry={"group": "pre-sales"})

    # Then it waits in the unassigned list
    assert shop.conversation(conversation_id)["status"] == "unassigned"
    assert shop.waiting() == [conversation_id]


def test_an_entry_page_bound_to_agents_goes_only_to_them(shop_of):
    # Given Binh bound to the page "promo", An in pre-sales
    shop = shop_of(["An", "Binh"])
    shop.change_agent("An", groups=["pre-sales"])
    shop.change_agent("Binh", bound_pages=["promo"])
    conn = shop.shared(["An", "Binh"])

    # When customers write from the promo page (and the pre-sales group), and from an unbound page
    from_promo = [shop.assignee(shop.write(conn, entry={"group": "pre-sales", "page": "promo"})) for _ in range(2)]
    from_home = shop.assignee(shop.write(conn, entry={"group": "pre-sales", "page": "home"}))

    # Then promo goes only to Binh, and the unbound page follows the group to An
    assert from_promo == ["Binh", "Binh"]
    assert from_home == "An"


# ---------------------------------------------------------------- 4. eligibility


def test_only_accepting_online_agents_under_capacity_receive_conversations(shop_of):
    # Given An (capacity 1), Binh and Chi online in one round-robin rule
    shop = shop_of(["An", "Binh", "Chi"])
    shop.change_agent("An", capacity=1)
    conn = shop.shared(["An", "Binh", "Chi"])
    assert shop.assignee(shop.write(conn)) == "An"  # An is now full

    # When Binh stops accepting and customers write
    shop.accepting("Binh", False)
    assignees = [shop.assignee(shop.write(conn)) for _ in range(2)]

    # Then only Chi receives: An is full, Binh is not accepting
    assert assignees == ["Chi", "Chi"]


def test_an_agent_is_offline_after_120_seconds_without_a_heartbeat_on_the_stacks_clock(shop_of):
    # Given An and Binh online; Binh's console keeps heartbeating, An's does not
    shop = shop_of(["An", "Binh"])
    conn = shop.shared(["An", "Binh"])
    assert shop.api.post("/_local/clock", json={"advance_seconds": 60}).status_code == 200
    shop.presence("Binh", True)
    assert shop.api.post("/_local/clock", json={"advance_seconds": 61}).status_code == 200

    # Then An shows offline and new conversations go to Binh only
    assert shop.api.get(f"/agents/{shop.id('An')}", token=shop.owner).json()["online"] is False
    assert [shop.assignee(shop.write(conn)) for _ in range(2)] == ["Binh", "Binh"]


def test_a_one_person_organization_gets_everything_and_has_no_unassigned_list(shop_of):
    # Given an organization whose only agent is its owner, offline, with a shared connection and no rule
    shop = shop_of([])
    conn = shop.connect()

    # When customers write
    ids = [shop.write(conn) for _ in range(2)]

    # Then the owner holds them all and nothing waits unassigned
    owner_id = shop.api.get("/me", token=shop.owner).json()["agent_id"]
    assert [shop.conversation(i)["assignee_id"] for i in ids] == [owner_id, owner_id]
    assert shop.waiting() == []


# ---------------------------------------------------------------- 5. the unassigned queue


def test_the_queue_drains_oldest_first_whenever_an_agent_becomes_eligible(shop_of):
    # Given An and Binh (capacity 1 each) offline, and four customers waiting in arrival order
    shop = shop_of(["An", "Binh"], online=False)
    shop.change_agent("An", capacity=1)
    shop.change_agent("Binh", capacity=1)
    conn = shop.shared(["An", "Binh"])
    shop.presence("An", True)
    shop.accepting("An", False)
    ids = []
    for _ in range(4):
        ids.append(shop.write(conn))
        shop.api.post("/_local/clock", json={"advance_seconds": 1})
        shop.presence("An", True)
    assert shop.waiting() == ids

    # When An switches accepting on / Then An gets the oldest
    shop.accepting("An", True)
    assert shop.assignee(ids[0]) == "An" and shop.waiting() == ids[1:]

    # When Binh comes online / Then Binh gets the next oldest
    shop.presence("Binh", True)
    assert shop.assignee(ids[1]) == "Binh" and shop.waiting() == ids[2:]

    # When An ends theirs / Then An takes the next one at once
    assert shop.act("An", ids[0], "end").status_code == 200
    assert shop.assignee(ids[2]) == "An" and shop.waiting() == ids[3:]

    # When Binh closes theirs / Then the last one goes to Binh
    assert shop.act("Binh", ids[1], "close", {"reason": "resolved"}).status_code == 200
    assert shop.assignee(ids[3]) == "Binh" and shop.waiting() == []
    assert shop.load("An") == 1 and shop.load("Binh") == 1


def test_transferring_away_frees_capacity_for_the_queue(shop_of):
    # Given An (capacity 1) holds one conversation, another waits, and Chi (not in the rule) can take more
    shop = shop_of(["An", "Chi"])
    shop.change_agent("An", capacity=1)
    conn = shop.shared(["An"])
    held = shop.write(conn)
    queued = shop.write(conn)
    assert shop.assignee(held) == "An" and shop.waiting() == [queued]

    # When An transfers theirs to Chi by nickname
    moved = shop.act("An", held, "transfer", {"nickname": "chi"})

    # Then Chi holds it and An takes the waiting one at once
    assert moved.status_code == 200, moved.text
    assert shop.assignee(held) == "Chi" and shop.assignee(queued) == "An"
    assert shop.load("An") == 1 and shop.load("Chi") == 1


# ---------------------------------------------------------------- 6. manual actions


def test_manual_assignment_claim_transfer_and_end(shop_of):
    # Given three waiting conversations (everyone is away), An and Binh agents, Sup a supervisor
    shop = shop_of(["An", "Binh"], online=False)
    sup = shop.api.post("/agents", json={"email": f"sup@{mail_domain(shop.team.org_id)}", "nickname": "Sup", "role": "supervisor"},
                        token=shop.owner).json()
    sup_token = shop.api.post("/_local/token", json={"agent_id": sup["agent_id"]}).json()["token"]
    conn = shop.shared(["An", "Binh"])
    first, second, third = (shop.write(conn) for _ in range(3))
    shop.accepting("Binh", False)

    # When An assigns one to themself and one to Binh, who is not accepting
    to_self = shop.act("An", first, "assign", {"agent_id": shop.id("An")})
    to_binh = shop.act("An", second, "assign", {"agent_id": shop.id("Binh")})
    # Then both hold theirs
    assert to_self.status_code == 200 and to_self.json()["assignee_id"] == shop.id("An")
    assert to_binh.status_code == 200 and to_binh.json()["assignee_id"] == shop.id("Binh")

    # When An tries to assign or transfer Binh's conversation / Then it is refused
    assert shop.act("An", second, "assign", {"agent_id": shop.id("An")}).status_code == 403
    assert shop.act("An", second, "transfer", {"agent_id": shop.id("An")}).status_code == 403

    # When the supervisor moves Binh's to An, and An claims the third
    moved = shop.api.post(f"/conversations/{second}/transfer", json={"agent_id": shop.id("An")}, token=sup_token)
    claimed = shop.act("An", third, "claim")
    # Then An holds all three
    assert moved.status_code == 200 and claimed.status_code == 200
    assert shop.load("An") == 3 and shop.load("Binh") == 0

    # When An ends one / Then An's load drops and it is closed as ended
    ended = shop.act("An", first, "end")
    assert ended.json()["status"] == "closed" and ended.json()["close_reason"] == "ended"
    assert shop.load("An") == 2

    # And transfers to an unknown nickname or agent are 404
    assert shop.act("An", third, "transfer", {"nickname": "nobody"}).status_code == 404
    assert shop.act("An", third, "transfer", {"agent_id": "ag-unknown"}).status_code == 404


# ---------------------------------------------------------------- 7. existing conversations


@pytest.mark.parametrize("existing,moves", [("none", False), ("available", True), ("all", True)])
def test_removing_an_agent_from_a_rule_redistributes_per_the_rule(shop_of, existing, moves):
    # Given An holds two open conversations and a closed one while Binh was away
    shop = shop_of(["An", "Binh"])
    conn = shop.connect()
    rule = shop.rule([conn], ["An", "Binh"], existing=existing)
    shop.presence("Binh", False)
    open_ids = [shop.write(conn) for _ in range(2)]
    closed_id = shop.write(conn)
    shop.act("An", closed_id, "close", {"reason": "resolved"})
    shop.presence("Binh", True)

    # When An is removed from the rule
    changed = shop.api.patch(f"/rules/{rule['rule_id']}", json={"members": [shop.id("Binh")]}, token=shop.owner)
    assert changed.status_code == 200, changed.text
    shop.drain()

    # Then per the setting: the open ones stay with An, or move to Binh with their load
    expected = "Binh" if moves else "An"
    assert [shop.assignee(i) for i in open_ids] == [expected, expected]
    assert shop.load("An") == (0 if moves else 2) and shop.load("Binh") == (2 if moves else 0)
    # and with "all" the closed one is handed over too
    assert shop.assignee(closed_id) == ("Binh" if existing == "all" else "An")


def test_a_connection_that_already_has_conversations_joining_a_rule_redistributes_them(shop_of):
    # Given the owner's only-me connection with two conversations, and a rule over An and Binh
    shop = shop_of(["An", "Binh"])
    personal = shop.connect(mode="only_me")
    ids = [shop.write(personal) for _ in range(2)]
    team_conn = shop.connect()
    rule = shop.rule([team_conn], ["An", "Binh"], existing="available")

    # When the connection is added to the rule's sources
    sources = [team_conn["connection_id"], personal["connection_id"]]
    assert shop.api.patch(f"/rules/{rule['rule_id']}", json={"sources": sources}, token=shop.owner).status_code == 200
    shop.drain()

    # Then its conversations went to the rule's members, one each by round robin
    assert sorted(shop.assignee(i) for i in ids) == ["An", "Binh"]
    owner_id = shop.api.get("/me", token=shop.owner).json()["agent_id"]
    assert shop.api.get(f"/agents/{owner_id}", token=shop.owner).json()["load"] == 0


# ---------------------------------------------------------------- 8. stickiness


def test_a_contact_writing_again_stays_with_their_agent(shop_of):
    # Given a round-robin rule over An and Binh, and a conversation An holds
    shop = shop_of(["An", "Binh"])
    conn = shop.shared(["An", "Binh"])
    conversation_id = shop.write(conn, contact="returning")
    assert shop.assignee(conversation_id) == "An"

    # When the same contact writes twice more
    again = [shop.write(conn, contact="returning", text=f"and {n}") for n in range(2)]

    # Then it is the same conversation, still An's, and An's load counts it once
    assert again == [conversation_id, conversation_id]
    assert shop.assignee(conversation_id) == "An" and shop.load("An") == 1


def test_a_reopened_conversation_goes_back_to_its_agent_while_eligible_else_through_routing(shop_of):
    # Given Binh handled a conversation that was then closed; An got the one before it
    shop = shop_of(["An", "Binh"])
    conn = shop.shared(["An", "Binh"])
    shop.write(conn)
    conversation_id = shop.write(conn, contact="loyal")
    assert shop.assignee(conversation_id) == "Binh"
    shop.act("Binh", conversation_id, "close", {"reason": "resolved"})

    # When the contact writes again (which reopens it) / Then it goes back to Binh, not to An whose turn it is
    assert shop.write(conn, contact="loyal", text="one more thing") == conversation_id
    assert shop.assignee(conversation_id) == "Binh"

    # When it is closed, Binh goes offline and a supervisor reopens it / Then routing gives it to An
    shop.act("Binh", conversation_id, "close", {"reason": "resolved"})
    shop.presence("Binh", False)
    reopened = shop.act(None, conversation_id, "reopen")
    assert reopened.status_code == 200, reopened.text
    assert shop.assignee(conversation_id) == "An"
    assert shop.load("An") == 2 and shop.load("Binh") == 0


def test_setting_a_fallback_agent_hands_it_what_waits_while_nobody_is_online(shop_of):
    # Given two conversations waiting while the whole team is offline
    shop = shop_of(["An", "Binh"], online=False)
    conn = shop.shared(["An", "Binh"])
    ids = [shop.write(conn) for _ in range(2)]
    assert shop.waiting() == ids

    # When the owner names Binh as the fallback agent
    assert shop.api.patch("/settings", json={"fallback_agent_id": shop.id("Binh")}, token=shop.owner).status_code == 200
    shop.drain()

    # Then Binh holds both and nothing waits
    assert [shop.assignee(i) for i in ids] == ["Binh", "Binh"] and shop.waiting() == []


def test_joining_a_group_picks_up_that_groups_waiting_conversations(shop_of):
    # Given a pre-sales conversation waiting: the only pre-sales agent An is online but full
    shop = shop_of(["An", "Binh"])
    shop.change_agent("An", groups=["pre-sales"], capacity=1)
    conn = shop.shared(["An", "Binh"])
    assert shop.assignee(shop.write(conn, entry={"group": "pre-sales"})) == "An"
    waiting = shop.write(conn, entry={"group": "pre-sales"})
    assert shop.waiting() == [waiting]

    # When Binh joins pre-sales
    shop.change_agent("Binh", groups=["pre-sales"])
    shop.drain()

    # Then Binh takes it at once
    assert shop.assignee(waiting) == "Binh"
