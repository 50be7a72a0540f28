"""Adding a member: the sign-in account first, and never an account left without its agent."""

from __future__ import annotations

import pytest

from switchboard.clock import FrozenClock
from switchboard.errors import EmailTaken, Forbidden
from switchboard.onboarding import add_agent
from tests.unit.builders import T0, agent


class FakeUsers:
    def __init__(self, taken: set[str] = frozenset()) -> None:
        self.accounts: dict[str, tuple[str, str]] = {}  # user name -> (agent id, email)
        self.taken = set(taken)

    def invite(self, org_id: str, agent_id: str, email: str) -> str:
        if email in self.taken or any(e == email for _, e in self.accounts.values()):
            raise EmailTaken(email)
        user_name = f"user-{len(self.accounts)}"
        self.accounts[user_name] = (agent_id, email)
        return user_name

    def remove(self, user_name: str) -> None:
        del self.accounts[user_name]


class FakeAgents:
    def __init__(self, fail: Exception | None = None) -> None:
        self.stored: list = []
        self.fail = fail

    def add(self, new_agent, *, by=None) -> None:
        if self.fail:
            raise self.fail
        self.stored.append(new_agent)


OWNER = agent("ag-owner", role="owner")


def _add(fields: dict, *, agents: FakeAgents, users: FakeUsers, actor=OWNER):
    return add_agent(actor, fields, agents=agents, users=users, clock=FrozenClock(T0))


def test_a_member_gets_a_sign_in_account_under_their_email_in_lower_case():
    # When the owner adds Lan with a capitalized address
    users, agents = FakeUsers(), FakeAgents()
    added = _add({"email": "Lan@Shop.example", "nickname": "Lan"}, agents=agents, users=users)
    # Then the agent and the account carry one spelling, and name each other
    assert added.email == "lan@shop.example"
    assert list(users.accounts.values()) == [(added.agent_id, "lan@shop.example")]
    assert agents.stored == [added]


def test_an_email_in_use_stores_nothing():
    users, agents = FakeUsers(taken={"lan@shop.example"}), FakeAgents()
    # When a second person with that email is added
    with pytest.raises(EmailTaken):
        _add({"email": "lan@shop.example", "nickname": "Lan"}, agents=agents, users=users)
    # Then no agent was stored
    assert agents.stored == []


def test_an_agent_that_cannot_be_stored_leaves_no_account_behind():
    users, agents = FakeUsers(), FakeAgents(fail=RuntimeError("DynamoDB is down"))
    # When storing the agent fails after the account was created
    with pytest.raises(RuntimeError):
        _add({"email": "lan@shop.example", "nickname": "Lan"}, agents=agents, users=users)
    # Then the account is removed again: nobody signs in as an agent that does not exist
    assert users.accounts == {}


def test_only_an_owner_adds_an_owner_and_nothing_is_created_otherwise():
    users, agents = FakeUsers(), FakeAgents()
    with pytest.raises(Forbidden):
        _add({"email": "boss@shop.example", "nickname": "Boss", "role": "owner"}, agents=agents, users=users,
             actor=agent("ag-sup", role="supervisor"))
    assert users.accounts == {} and agents.stored == []
