"""Issue 11, point 4: `make dev` keeps what the stack holds across a restart; `make reset` starts clean.

Each test here runs its own stacks on a state folder of its own, as `make dev` does (`--state`)."""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import boto3
import pytest
import requests

from tests.e2e.conftest import REPO_ROOT, Api, StackUrls, running_stack
from tests.e2e.shop import Shop
from tests.e2e.team import mail_domain

TEMPORARY_PASSWORD = re.compile(r"^Temporary password: (\S+)$", re.MULTILINE)
CHOSEN_PASSWORD = "An-Chosen-Passw0rd!"
PHOTO = b"\x89PNG\r\n\x1a\n" + uuid.uuid4().bytes * 8


def _cognito(urls: StackUrls):
    return boto3.client("cognito-idp", endpoint_url=urls.aws, region_name="us-east-1",
                        aws_access_key_id="unused", aws_secret_access_key="unused")


def _client_id(api: Api) -> str:
    return api.get("/config.json").json()["user_pool_client_id"]


def _sign_in(urls: StackUrls, api: Api, email: str, password: str) -> dict:
    return _cognito(urls).initiate_auth(ClientId=_client_id(api), AuthFlow="USER_PASSWORD_AUTH",
                                        AuthParameters={"USERNAME": email, "PASSWORD": password})


def _id_token(urls: StackUrls, api: Api, email: str, password: str) -> str:
    return _sign_in(urls, api, email, password)["AuthenticationResult"]["IdToken"]


@pytest.fixture
def state_dir(tmp_path):
    return tmp_path / "local-state"


def _an_joins_and_chooses_a_password(urls: StackUrls, api: Api, shop: Shop) -> dict:
    email = f"an@{mail_domain(shop.team.org_id)}"
    agent = api.post("/agents", json={"email": email, "nickname": "An"}, token=shop.owner)
    assert agent.status_code == 201, agent.text
    shop.team.agents["An"] = agent.json()
    [invitation] = [e for e in api.get("/_local/emails").json()["items"] if e["to"] == [email]]
    temporary = TEMPORARY_PASSWORD.search(invitation["body"]).group(1)
    challenge = _sign_in(urls, api, email, temporary)
    answered = _cognito(urls).respond_to_auth_challenge(
        ClientId=_client_id(api), ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": CHOSEN_PASSWORD},
    )
    shop.team.tokens[agent.json()["agent_id"]] = answered["AuthenticationResult"]["IdToken"]
    assert api.post("/me/presence", json={"online": True}, token=shop.token("An")).status_code == 200
    return {"email": email, "refresh_token": answered["AuthenticationResult"]["RefreshToken"],
            "sub": _claims(answered["AuthenticationResult"]["IdToken"])["sub"]}


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_a_restart_keeps_people_conversations_and_uploads_a_crash_the_last_save_and_reset_forgets(tmp_path, state_dir):
    # Given a stack keeping its state in a folder, with an owner, an agent who chose her own password,
    # two conversations, a reply with an uploaded photo and a page cursor
    with running_stack(tmp_path / "first.log", state_dir=state_dir) as urls:
        api = Api(urls.api)
        shop = Shop(api, [])
        owner_email = api.get("/me", token=shop.owner).json()["email"]
        an = _an_joins_and_chooses_a_password(urls, api, shop)
        conn = shop.shared(["An"])
        first, second = shop.write(conn, text="Is size M in stock?"), shop.write(conn, text="And size L?")
        upload = api.post("/uploads", json={"file_name": "chart.png", "content_type": "image/png", "size": len(PHOTO)},
                          token=shop.token("An")).json()
        assert requests.put(upload["upload_url"], data=PHOTO, headers={"Content-Type": "image/png"}, timeout=30).ok
        reply = api.post(f"/conversations/{first}/messages",
                         json={"text": "Here it is", "attachments": [{"object_key": upload["object_key"]}]},
                         token=shop.token("An"))
        assert reply.status_code == 201, reply.text
        shop.drain()
        page = api.get("/conversations", params={"view": "all", "limit": 1}, token=shop.owner).json()
        assert page["next_cursor"]
        old_token = shop.owner

    # When it stops and starts again on the same folder
    with running_stack(tmp_path / "second.log", state_dir=state_dir) as urls:
        api = Api(urls.api)
        # Then the owner signs in with the same password and sees both conversations
        owner = _id_token(urls, api, owner_email, "Local-Stack-Passw0rd!")
        listed = api.get("/conversations", params={"view": "all"}, token=owner)
        assert listed.status_code == 200, listed.text
        assert {c["conversation_id"] for c in listed.json()["items"]} == {first, second}
        # And An signs in with the password she chose, and her session's refresh token still renews it
        an_token = _id_token(urls, api, an["email"], CHOSEN_PASSWORD)
        # And she is the same person to Cognito, not a look-alike: the same sub in her token and her account
        pool_id = api.get("/config.json").json()["user_pool_id"]
        account = _cognito(urls).admin_get_user(UserPoolId=pool_id, Username=an["email"])
        account_sub = {a["Name"]: a["Value"] for a in account["UserAttributes"]}["sub"]
        assert _claims(an_token)["sub"] == an["sub"] == account_sub
        renewed = _cognito(urls).initiate_auth(ClientId=_client_id(api), AuthFlow="REFRESH_TOKEN_AUTH",
                                               AuthParameters={"REFRESH_TOKEN": an["refresh_token"]})
        assert api.get("/me", token=renewed["AuthenticationResult"]["IdToken"]).json()["email"] == an["email"]
        # And a token issued before the restart still opens the API (same user pool, same client)
        assert api.get("/me", token=old_token).status_code == 200
        # And the conversation holds the reply with the very bytes uploaded
        messages = api.get(f"/conversations/{first}/messages", token=an_token).json()["items"]
        assert [m["text"] for m in messages] == ["Is size M in stock?", "Here it is"]
        [attachment] = messages[-1]["attachments"]
        assert requests.get(attachment["url"], timeout=30).content == PHOTO
        # And the page cursor handed out before still reads the next page (the cursor key is the same)
        rest = api.get("/conversations", params={"view": "all", "limit": 1, "cursor": page["next_cursor"]}, token=owner)
        assert rest.status_code == 200, rest.text
        pages = [c["conversation_id"] for c in page["items"] + rest.json()["items"]]
        assert sorted(pages) == sorted([first, second])
        # And An's invitation is still in the captured emails
        assert [e for e in api.get("/_local/emails").json()["items"] if e["to"] == [an["email"]]]

        # When an organization is created after the restart, saved on its own (every few seconds, once
        # the stack is quiet), and the stack is then killed
        late = api.post("/_local/orgs", json={"name": f"Late shop {uuid.uuid4().hex[:6]}"}).json()
        # (the stack saves only when quiet; with both test workers busy that once took over 30 s)
        deadline = time.monotonic() + 90
        while late["org_id"] not in _saved(state_dir) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert late["org_id"] in _saved(state_dir), "the stack never saved the new organization on its own"
        os.kill(urls.pid, signal.SIGKILL)

    # Then the next start has it too: a crash loses at most the last seconds
    with running_stack(tmp_path / "third.log", state_dir=state_dir) as urls:
        api = Api(urls.api)
        token = _id_token(urls, api, late["owner"]["email"], late["owner"]["password"])
        assert api.get("/me", token=token).json()["agent_id"] == late["owner"]["agent_id"]
        assert api.get("/me", token=_id_token(urls, api, an["email"], CHOSEN_PASSWORD)).status_code == 200

    # When `make reset` runs, the folder is gone: the next start restores nothing (as the first one above)
    subprocess.run(["make", "-s", "reset", f"STATE={state_dir}"], cwd=REPO_ROOT, check=True)
    assert not state_dir.exists()


def _saved(state_dir) -> str:
    try:
        return (state_dir / "state.json").read_text()
    except FileNotFoundError:
        return ""


# A stop drains, saves and exits: about a second when idle, a few under load. A stop that hangs never passes.
PROMPT_STOP_S = 20
STOPS = 2
# Between two organizations of a client: the stack saves on its own only once quiet, never under a constant stream.
CLIENT_PAUSE_S = 0.5


def _blocked_signals(pid: int, tid: str) -> set[int]:
    try:
        status = Path(f"/proc/{pid}/task/{tid}/status").read_text()
    except FileNotFoundError:  # a request's thread that ended meanwhile
        return {signal.SIGINT, signal.SIGTERM}
    mask = int(re.search(r"^SigBlk:\s*([0-9a-f]+)$", status, re.MULTILINE).group(1), 16)
    return {number for number in range(1, 65) if mask >> (number - 1) & 1}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads each thread's signal mask from Linux's /proc")
def test_only_the_main_thread_takes_a_stop_signal(local_stack: StackUrls):
    # Given the worker's running stack (its handlers, pollers, servers and request threads all started)
    others = [tid for tid in os.listdir(f"/proc/{local_stack.pid}/task") if tid != str(local_stack.pid)]
    assert len(others) > 5
    # Then every thread but the main one blocks SIGINT and SIGTERM: the kernel hands a process's signal to any
    # thread that does not, and a Python handler so handed never woke the sleeping main thread (the stack then
    # never stopped); so they wait for the main thread's sigwait (which unblocks them for itself while it waits)
    assert [tid for tid in others if not {signal.SIGINT, signal.SIGTERM} <= _blocked_signals(local_stack.pid, tid)] == []


def _create_organizations(api_url: str, answered: list[str], halt: threading.Event) -> None:
    """As a client would, until halted: every organization the stack answered 201 for goes in `answered`."""
    api = Api(api_url)
    while not halt.is_set():
        try:
            created = api.post("/_local/orgs", json={"name": f"Shop {uuid.uuid4().hex[:6]}"})
        except requests.RequestException:  # the stack is stopping: refused, reset or closed
            time.sleep(0.05)
            continue
        if created.status_code == 201:
            answered.append(created.json()["org_id"])
        halt.wait(CLIENT_PAUSE_S)


def test_stops_during_requests_and_saves_are_prompt_and_keep_every_organization_answered(tmp_path, state_dir):
    answered: list[str] = []
    for stop in range(STOPS):
        halt = threading.Event()
        clients: list[threading.Thread] = []
        try:
            # Given a stack keeping its state in a folder, with two clients creating organizations
            with running_stack(tmp_path / f"stop-{stop}.log", state_dir=state_dir, stop_timeout_s=PROMPT_STOP_S) as urls:
                earlier = len(answered)
                clients = [threading.Thread(target=_create_organizations, args=(urls.api, answered, halt)) for _ in range(2)]
                for client in clients:
                    client.start()
                # And it saved on its own meanwhile, an organization of this start among what it saved
                deadline = time.monotonic() + 90
                while not any(org in _saved(state_dir) for org in answered[earlier:]) and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert any(org in _saved(state_dir) for org in answered[earlier:]), "the stack never saved on its own"
            # When it is told to stop while the clients still create organizations (leaving the block sends SIGINT)
            # Then it stopped cleanly within PROMPT_STOP_S (running_stack fails otherwise)
        finally:
            halt.set()
            for client in clients:
                client.join()
        # And every organization it answered for is in the saved state
        saved = _saved(state_dir)
        assert [org for org in answered if org not in saved] == []
    assert len(answered) >= STOPS
