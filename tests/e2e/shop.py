"""An organization driven through the API as a client would: its team, connections and customers."""

from __future__ import annotations

import uuid

from tests.e2e.channels import signed_message
from tests.e2e.team import Team, new_team, token_of

SECRET = "s3cret"


class Shop:
    """One organization driven through the API: its team, connections and customers."""

    def __init__(self, api, nicknames: list[str], *, online: bool = True) -> None:
        self.api = api
        self.team: Team = new_team(api, nicknames, online=online)
        self.owner = self.team.owner_token

    def id(self, nickname: str) -> str:
        return self.team.agents[nickname]["agent_id"]

    def token(self, nickname: str) -> str:
        return token_of(self.team, nickname)

    def connect(self, *, mode: str = "shared", rule_id: str | None = None, channel: str = "web") -> dict:
        body = {"channel": channel, "name": f"{channel} inbox", "external_id": f"{channel}-{uuid.uuid4().hex[:8]}",
                "credentials": {"signing_secret": SECRET}, "mode": mode, "rule_id": rule_id}
        response = self.api.post("/connections", json=body, token=self.owner)
        assert response.status_code == 201, response.text
        return response.json()

    def rule(self, connections: list[dict], members: list[str], *, method: str = "round_robin",
             existing: str = "none") -> dict:
        body = {"name": f"rule {uuid.uuid4().hex[:4]}", "sources": [c["connection_id"] for c in connections],
                "members": [self.id(m) for m in members], "method": method, "existing_conversations": existing}
        response = self.api.post("/rules", json=body, token=self.owner)
        assert response.status_code == 201, response.text
        return response.json()

    def shared(self, members: list[str], **rule) -> dict:
        conn = self.connect()
        self.rule([conn], members, **rule)
        return conn

    def write(self, conn: dict, contact: str | None = None, text: str = "Hello?", entry: dict | None = None,
              language: str | None = None, ticket: dict | None = None, work_items: list[dict] | None = None) -> str:
        """A customer writes (on a marketplace `ticket`, with partner `work_items`); returns the conversation id
        once routing has run."""
        contact = contact or f"c-{uuid.uuid4().hex[:8]}"
        who = {"id": contact, "name": contact, **({"language": language} if language else {})}
        body, headers = signed_message(secret=SECRET, contact=who, text=text, entry=entry, ticket=ticket,
                                       work_items=work_items)
        response = self.api.post(conn["webhook_path"], data=body, headers=headers)
        assert response.status_code == 200, response.text
        self.drain()
        return response.json()["conversation_ids"][0]

    def drain(self) -> None:
        assert self.api.post("/_local/drain").status_code == 200

    def conversation(self, conversation_id: str) -> dict:
        response = self.api.get(f"/conversations/{conversation_id}", token=self.owner)
        assert response.status_code == 200, response.text
        return response.json()

    def assignee(self, conversation_id: str) -> str | None:
        agent_id = self.conversation(conversation_id)["assignee_id"]
        return next((n for n, a in self.team.agents.items() if a["agent_id"] == agent_id), agent_id)

    def view(self, nickname: str | None, view: str) -> list[dict]:
        token = self.token(nickname) if nickname else self.owner
        response = self.api.get(f"/conversations?view={view}&limit=200", token=token)
        assert response.status_code == 200, response.text
        return response.json()["items"]

    def waiting(self) -> list[str]:
        return [c["conversation_id"] for c in self.view(None, "unassigned")]

    def load(self, nickname: str) -> int:
        return self.api.get(f"/agents/{self.id(nickname)}", token=self.owner).json()["load"]

    def presence(self, nickname: str, online: bool) -> None:
        assert self.api.post("/me/presence", json={"online": online}, token=self.token(nickname)).status_code == 200
        self.drain()

    def accepting(self, nickname: str, accepting: bool) -> None:
        assert self.api.put("/me/status", json={"accepting": accepting}, token=self.token(nickname)).status_code == 200
        self.drain()

    def act(self, nickname: str | None, conversation_id: str, action: str, body: dict | None = None):
        token = self.token(nickname) if nickname else self.owner
        response = self.api.post(f"/conversations/{conversation_id}/{action}", json=body or {}, token=token)
        self.drain()
        return response

    def change_agent(self, nickname: str, **fields) -> None:
        response = self.api.patch(f"/agents/{self.id(nickname)}", json=fields, token=self.owner)
        assert response.status_code == 200, response.text
