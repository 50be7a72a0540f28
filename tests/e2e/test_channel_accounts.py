"""Issue 10, point 3: a channel account belongs to one organization; connections are reconnected, changed
and disconnected over HTTP, and the channels' own signed webhooks follow (API.md, "Second release:
additions / Channel connections")."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.channels import messenger_text, signed_message, zalo_text
from tests.e2e.shop import SECRET, Shop


def _zalo_credentials(tag: str) -> dict:
    return {"app_id": f"app-{tag}", "oa_secret_key": f"oa-secret-{tag}", "access_token": f"token-{tag}"}


def _messenger_credentials(tag: str) -> dict:
    return {"app_secret": f"app-secret-{tag}", "verify_token": f"verify-{tag}-{uuid.uuid4().hex[:6]}",
            "page_access_token": f"page-token-{tag}"}


def _connect(api, token: str, channel: str, external_id: str, credentials: dict, **extra):
    return api.post("/connections", json={"channel": channel, "name": f"{channel} {external_id}",
                                          "external_id": external_id, "credentials": credentials, **extra},
                    token=token)


def _zalo_webhook(api, oa_id: str, credentials: dict, user: str = "u-1", text: str = "Xin chào"):
    body, headers = zalo_text(app_id=credentials["app_id"], secret=credentials["oa_secret_key"], oa_id=oa_id,
                              user_id=user, text=text)
    return api.post("/webhooks/zalo", data=body, headers=headers)


def _messenger_webhook(api, page_id: str, credentials: dict, user: str = "psid-1"):
    body, headers = messenger_text(app_secret=credentials["app_secret"], page_id=page_id, user_id=user, text="Hi")
    return api.post("/webhooks/messenger", data=body, headers=headers)


def _handshake(api, verify_token: str):
    return api.get("/webhooks/messenger", params={"hub.mode": "subscribe", "hub.verify_token": verify_token,
                                                 "hub.challenge": "1158201444"})


def _stored_in(api, shop: Shop, response) -> str:
    """The conversation a webhook stored its message in, read back by the shop that should own it."""
    assert response.status_code == 200, response.text
    assert response.json()["stored"] == 1, response.text
    conversation_id = response.json()["conversation_ids"][0]
    assert api.get(f"/conversations/{conversation_id}", token=shop.owner).status_code == 200
    return conversation_id


def _messages(api, shop: Shop, conversation_id: str) -> list[dict]:
    response = api.get(f"/conversations/{conversation_id}/messages", token=shop.owner)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_another_organization_cannot_take_a_zalo_oa_and_its_owner_keeps_receiving(api):
    # Given a Zalo OA connected by shop A
    a, b = Shop(api, []), Shop(api, [])
    oa_id, a_credentials = f"oa-{uuid.uuid4().hex[:8]}", _zalo_credentials("a")
    assert _connect(api, a.owner, "zalo", oa_id, a_credentials).status_code == 201

    # When shop B connects the same OA with its own credentials
    taken = _connect(api, b.owner, "zalo", oa_id, _zalo_credentials("b"))

    # Then B gets 409 account_connected_elsewhere and holds no connection
    assert taken.status_code == 409, taken.text
    assert taken.json()["error"]["code"] == "account_connected_elsewhere"
    assert api.get("/connections", token=b.owner).json()["items"] == []

    # And A's correctly signed webhook is still accepted and stored in A's conversation
    _stored_in(api, a, _zalo_webhook(api, oa_id, a_credentials))
    # while a webhook signed with B's credentials is refused
    assert _zalo_webhook(api, oa_id, _zalo_credentials("b")).status_code == 401


def test_another_organization_cannot_take_a_messenger_page_nor_its_verify_token(api):
    # Given a Messenger page connected by shop A
    a, b = Shop(api, []), Shop(api, [])
    page_id, a_credentials = f"page-{uuid.uuid4().hex[:8]}", _messenger_credentials("a")
    assert _connect(api, a.owner, "messenger", page_id, a_credentials).status_code == 201

    # When shop B connects the same page
    taken = _connect(api, b.owner, "messenger", page_id, _messenger_credentials("b"))

    # Then 409, and A's signed webhook and subscription handshake still work
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "account_connected_elsewhere", taken.text
    _stored_in(api, a, _messenger_webhook(api, page_id, a_credentials))
    assert _handshake(api, a_credentials["verify_token"]).text == "1158201444"

    # When B connects a page of its own with A's verify token
    b_credentials = {**_messenger_credentials("b"), "verify_token": a_credentials["verify_token"]}
    borrowed = _connect(api, b.owner, "messenger", f"page-{uuid.uuid4().hex[:8]}", b_credentials)

    # Then that is refused too (the token names A's pages in Meta's handshake), and B holds nothing
    assert borrowed.status_code == 409 and borrowed.json()["error"]["code"] == "verify_token_taken", borrowed.text
    assert api.get("/connections", token=b.owner).json()["items"] == []
    assert _handshake(api, a_credentials["verify_token"]).status_code == 200


def test_connecting_an_account_again_reconnects_the_same_connection_with_new_credentials(api):
    # Given a Zalo OA connected by A's owner, with one conversation
    a = Shop(api, [])
    supervisor = _supervisor(api, a)
    oa_id, old = f"oa-{uuid.uuid4().hex[:8]}", _zalo_credentials("old")
    first = _connect(api, a.owner, "zalo", oa_id, old).json()
    conversation_id = _stored_in(api, a, _zalo_webhook(api, oa_id, old))
    api.post("/_local/clock", json={"advance_seconds": 60})

    # When a supervisor connects the same OA again with new credentials
    new = _zalo_credentials("new")
    again = _connect(api, supervisor, "zalo", oa_id, new)

    # Then it is the same connection, connected again now by the supervisor; only the new credentials verify
    assert again.status_code == 201, again.text
    assert again.json()["connection_id"] == first["connection_id"]
    _assert_reconnected(api, a, again.json(), supervisor, since=first, oa_id=oa_id, new=new, old=old)
    assert [c["connection_id"] for c in api.get("/connections", token=a.owner).json()["items"]] == [first["connection_id"]]

    # And the new credentials' webhooks reach the same conversation as before
    assert _stored_in(api, a, _zalo_webhook(api, oa_id, new)) == conversation_id


def test_patch_renames_without_reconnecting_and_new_credentials_reconnect(api):
    # Given a Zalo OA connected by the owner
    a = Shop(api, [])
    supervisor = _supervisor(api, a)
    oa_id, old = f"oa-{uuid.uuid4().hex[:8]}", _zalo_credentials("old")
    conn = _connect(api, a.owner, "zalo", oa_id, old).json()
    path = f"/connections/{conn['connection_id']}"
    api.post("/_local/clock", json={"advance_seconds": 60})

    # When the supervisor renames it / Then only the name changes
    renamed = api.patch(path, json={"name": "Lan OA (main)"}, token=supervisor)
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "Lan OA (main)"
    assert {k: renamed.json()[k] for k in ("connected_at", "connected_by", "status")} == \
        {k: conn[k] for k in ("connected_at", "connected_by", "status")}
    assert api.get(path, token=a.owner).json()["name"] == "Lan OA (main)"

    # When credentials are incomplete for Zalo / Then 422 and nothing changes
    incomplete = api.patch(path, json={"credentials": {"app_id": "x"}}, token=supervisor)
    assert incomplete.status_code == 422, incomplete.text
    _stored_in(api, a, _zalo_webhook(api, oa_id, old))

    # When the supervisor gives new credentials
    new = _zalo_credentials("new")
    reconnected = api.patch(path, json={"credentials": new}, token=supervisor)

    # Then it is connected again now, by the supervisor, and only the new credentials verify
    assert reconnected.status_code == 200, reconnected.text
    _assert_reconnected(api, a, reconnected.json(), supervisor, since=conn, oa_id=oa_id, new=new, old=old)


def test_a_disconnected_connection_receives_nothing_and_its_conversations_stay_readable(api):
    # Given a Zalo OA and a web inbox of shop A, each with a conversation
    a = Shop(api, [])
    supervisor = _supervisor(api, a)
    oa_id, credentials = f"oa-{uuid.uuid4().hex[:8]}", _zalo_credentials("a")
    zalo = _connect(api, a.owner, "zalo", oa_id, credentials).json()
    web = a.connect()
    zalo_conversation = _stored_in(api, a, _zalo_webhook(api, oa_id, credentials))
    web_conversation = a.write(web)
    before = len(_messages(api, a, zalo_conversation))

    # When the supervisor disconnects both
    for conn in (zalo, web):
        gone = api.delete(f"/connections/{conn['connection_id']}", token=supervisor)
        assert gone.status_code == 200, gone.text
        assert gone.json()["status"] == "disconnected" and gone.json()["connection_id"] == conn["connection_id"]

    # Then their correctly signed webhooks answer 404 unknown_connection and store nothing
    refused = _zalo_webhook(api, oa_id, credentials, text="anyone?")
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "unknown_connection", refused.text
    body, headers = signed_message(secret=SECRET, contact={"id": "c-late", "name": "Late"}, text="hello?")
    refused = api.post(web["webhook_path"], data=body, headers=headers)
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "unknown_connection", refused.text
    assert len(_messages(api, a, zalo_conversation)) == before

    # And the conversations stay readable, the connections show disconnected
    assert api.get(f"/conversations/{zalo_conversation}", token=a.owner).status_code == 200
    assert api.get(f"/conversations/{web_conversation}", token=a.owner).status_code == 200
    assert api.get(f"/connections/{zalo['connection_id']}", token=a.owner).json()["status"] == "disconnected"

    # And once disconnected, the OA may be connected by another organization (a shop changed hands)
    b = Shop(api, [])
    b_credentials = _zalo_credentials("b")
    assert _connect(api, b.owner, "zalo", oa_id, b_credentials).status_code == 201
    _stored_in(api, b, _zalo_webhook(api, oa_id, b_credentials))
    assert _zalo_webhook(api, oa_id, credentials).status_code == 401


def test_a_disconnected_messenger_page_fails_its_handshake(api):
    # Given a connected Messenger page
    a = Shop(api, [])
    page_id, credentials = f"page-{uuid.uuid4().hex[:8]}", _messenger_credentials("a")
    conn = _connect(api, a.owner, "messenger", page_id, credentials).json()
    assert _handshake(api, credentials["verify_token"]).status_code == 200

    # When it is disconnected / Then its handshake and webhooks are refused
    assert api.delete(f"/connections/{conn['connection_id']}", token=a.owner).status_code == 200
    assert _handshake(api, credentials["verify_token"]).status_code == 403
    refused = _messenger_webhook(api, page_id, credentials)
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "unknown_connection"

    # When the owner gives it credentials again / Then it is connected and receives again
    again = api.patch(f"/connections/{conn['connection_id']}", json={"credentials": credentials}, token=a.owner)
    assert again.status_code == 200 and again.json()["status"] == "connected", again.text
    assert _handshake(api, credentials["verify_token"]).status_code == 200
    _stored_in(api, a, _messenger_webhook(api, page_id, credentials))


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_only_managers_of_the_organization_change_or_disconnect_a_connection(api, method):
    # Given a connection of shop A, with an agent An; and shop B
    a, b = Shop(api, ["An"]), Shop(api, [])
    conn = a.connect()
    path = f"/connections/{conn['connection_id']}"
    body = {"name": "renamed"} if method == "PATCH" else None

    # When An (an agent) or B's owner tries / Then 403 and 404, and the connection is unchanged
    refused = api.request(method, path, json=body, token=a.token("An"))
    assert refused.status_code == 403 and refused.json()["error"]["code"], refused.text
    unknown = api.request(method, path, json=body, token=b.owner)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"], unknown.text
    assert api.get(path, token=a.owner).json() == conn


def _assert_reconnected(api, shop: Shop, conn: dict, token: str, *, since: dict, oa_id: str, new: dict, old: dict):
    """`conn` is connected again after `since` by the holder of `token`; only the `new` credentials verify."""
    assert conn["status"] == "connected"
    assert conn["connected_by"] == _me(api, token)
    assert conn["connected_at"] > since["connected_at"]
    _stored_in(api, shop, _zalo_webhook(api, oa_id, new))
    assert _zalo_webhook(api, oa_id, old).status_code == 401


def _supervisor(api, shop: Shop) -> str:
    created = api.post("/agents", json={"email": f"sup-{uuid.uuid4().hex[:6]}@example.com", "nickname": "Sup",
                                        "role": "supervisor"}, token=shop.owner)
    assert created.status_code == 201, created.text
    token = api.post("/_local/token", json={"agent_id": created.json()["agent_id"]})
    assert token.status_code == 200, token.text
    return token.json()["token"]


def _me(api, token: str) -> str:
    return api.get("/me", token=token).json()["agent_id"]
