"""@mentions in notes (API.md additions: `@<nickname>` in a note notifies that agent)."""

from datetime import UTC, datetime

from switchboard.conversations.mentions import mentioned_agents
from switchboard.models import Agent

TEAM = [Agent(org_id="o", agent_id=f"ag_{n.lower()}", email=f"{n.lower()}@shop.example", nickname=n,
              created_at=datetime(2026, 1, 1, tzinfo=UTC))
        for n in ("Hoa", "Hoang", "lan.nguyen", "Minh")]


def test_a_nickname_is_matched_whole_and_without_regard_to_case():
    assert mentioned_agents("@hoa please, and @HOANG too", TEAM, "ag_minh") == ["ag_hoa", "ag_hoang"]


def test_punctuation_after_a_name_ends_it_and_dots_inside_belong_to_it():
    assert mentioned_agents("Ask @lan.nguyen. Then @Hoa, ok?", TEAM, "ag_minh") == ["ag_lan.nguyen", "ag_hoa"]


def test_each_is_named_once_in_the_order_written_and_never_the_author():
    assert mentioned_agents("@Minh @Hoa @hoa @Minh", TEAM, "ag_minh") == ["ag_hoa"]


def test_unknown_names_and_email_addresses_are_plain_text():
    assert mentioned_agents("before @3pm, write to shop@hoa or @nobody", TEAM, "ag_minh") == []
    assert mentioned_agents(None, TEAM, "ag_minh") == []
