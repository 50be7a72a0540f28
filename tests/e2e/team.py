"""Setting up an organization over the API, as a newcomer would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field


@dataclass
class Team:
    org_id: str
    owner_token: str
    agents: dict[str, dict] = field(default_factory=dict)  # nickname -> agent
    tokens: dict[str, str] = field(default_factory=dict)  # agent_id -> token


def mail_domain(org_id: str) -> str:
    """A mail domain of the organization's own: emails are unique across organizations, and ids hold
    an underscore, which host names (and browsers' email fields) refuse."""
    return f"{org_id.replace('_', '-')}.example"


def new_team(api, nicknames: list[str], *, online: bool = True) -> Team:
    created = api.post("/_local/orgs", json={"name": f"Shop {uuid.uuid4().hex[:6]}"})
    assert created.status_code == 201, created.text
    team = Team(org_id=created.json()["org_id"], owner_token=created.json()["owner"]["token"])
    for nickname in nicknames:
        agent = api.post("/agents", json={"email": f"{nickname.lower()}@{mail_domain(team.org_id)}", "nickname": nickname},
                         token=team.owner_token)
        assert agent.status_code == 201, agent.text
        team.agents[nickname] = agent.json()
        token = api.post("/_local/token", json={"agent_id": agent.json()["agent_id"]})
        assert token.status_code == 200, token.text
        team.tokens[agent.json()["agent_id"]] = token.json()["token"]
        if online:
            assert api.post("/me/presence", json={"online": True}, token=team.tokens[agent.json()["agent_id"]]).status_code == 200
    return team


def connect(api, team: Team, channel: str, external_id: str, credentials: dict, *, rule_members: list[str] | None = None,
            method: str = "round_robin") -> dict:
    conn = api.post("/connections", json={"channel": channel, "name": f"{channel} {external_id}", "external_id": external_id,
                                         "credentials": credentials, "mode": "shared"}, token=team.owner_token)
    assert conn.status_code == 201, conn.text
    if rule_members is not None:
        rule = api.post("/rules", json={"name": f"{channel} team", "sources": [conn.json()["connection_id"]],
                                       "members": rule_members, "method": method}, token=team.owner_token)
        assert rule.status_code == 201, rule.text
    return conn.json()


def token_of(team: Team, nickname: str) -> str:
    return team.tokens[team.agents[nickname]["agent_id"]]
