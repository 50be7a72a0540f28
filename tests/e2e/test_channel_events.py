"""Issue 13, point 2, on the local stack over HTTP: the channels' own documented events (tests/fixtures/channels)
applied. An agent's Messenger reply moves to delivered, then read, as Meta's receipts say; Meta's echo of it is
not stored again, while the seller's answer from Meta's own inbox appears in the thread once; a Zalo follower
shows on the contact; an m.me link or a Get Started tap opens a conversation the agent sees."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from tests.e2e.channels import messenger_text, zalo_text
from tests.e2e.team import connect, new_team, token_of
from tests.e2e.test_live_updates import Listener, about

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "channels"
APP_SECRET = "events-app-secret"
ZALO = {"app_id": "app-1", "oa_secret_key": "oa-secret", "access_token": "zalo-token"}


def documented(channel: str, name: str, ids: dict[str, str]) -> dict:
    """A documented event of the corpus, its placeholders filled in."""
    text = json.dumps(json.loads((CORPUS / channel / f"{name}.json").read_text())["body"], ensure_ascii=False)
    for placeholder, value in ids.items():
        text = text.replace(placeholder, value)
    return json.loads(text)


def post_messenger(api, body: dict) -> dict:
    raw = json.dumps(body).encode()
    signature = hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    response = api.post("/webhooks/messenger", data=raw,
                        headers={"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={signature}"})
    assert response.status_code == 200, response.text
    api.post("/_local/drain")
    return response.json()


def post_zalo(api, body: dict) -> dict:
    raw = json.dumps(body).encode()
    mac = hashlib.sha256(ZALO["app_id"].encode() + raw + str(body["timestamp"]).encode()
                         + ZALO["oa_secret_key"].encode()).hexdigest()
    response = api.post("/webhooks/zalo", data=raw, headers={"Content-Type": "application/json",
                                                            "X-ZEvent-Signature": f"mac={mac}"})
    assert response.status_code == 200, response.text
    return response.json()


def millis(at: str, *, plus_seconds: float = 0) -> int:
    moment = datetime.fromisoformat(at.replace("Z", "+00:00")) + timedelta(seconds=plus_seconds)
    return int(moment.timestamp() * 1000)


def outbound(api, token: str, conversation_id: str) -> list[dict]:
    response = api.get(f"/conversations/{conversation_id}/messages", token=token)
    assert response.status_code == 200, response.text
    return [m for m in response.json()["items"] if m["direction"] == "out"]


def test_a_messenger_reply_is_delivered_then_read_and_echoes_appear_once(api):
    # Given a page whose customer wrote, and Dung's answer, sent through the Send API
    team = new_team(api, ["Dung"])
    page_id = f"page-{uuid.uuid4().hex[:8]}"
    connect(api, team, "messenger", page_id, {"app_secret": APP_SECRET, "verify_token": uuid.uuid4().hex,
                                              "page_access_token": "page-token"},
            rule_members=[team.agents["Dung"]["agent_id"]])
    psid = f"psid-{uuid.uuid4().hex[:8]}"
    body, headers = messenger_text(app_secret=APP_SECRET, page_id=page_id, user_id=psid, text="Còn hàng không?")
    conversation_id = api.post("/webhooks/messenger", data=body, headers=headers).json()["conversation_ids"][0]
    api.post("/_local/drain")
    dung = token_of(team, "Dung")
    assert api.post(f"/conversations/{conversation_id}/messages", json={"text": "Dạ còn ạ!"}, token=dung).status_code == 201
    api.post("/_local/drain")
    [reply] = outbound(api, dung, conversation_id)
    assert reply["status"] == "sent" and reply["channel_message_id"]
    ids = {"<PAGE_ID>": page_id, "<PSID>": psid}
    live = Listener(api.get("/config.json").json()["websocket_url"], dung)

    # When Meta says the customer received it (message_deliveries, naming it, with its watermark)
    delivery = documented("messenger", "delivery", ids)
    delivery["entry"][0]["messaging"][0]["delivery"] = {"mids": [reply["channel_message_id"]],
                                                        "watermark": millis(reply["created_at"], plus_seconds=1)}
    assert post_messenger(api, delivery)["applied"] == 1

    # Then the thread shows it delivered, and Dung's console is told at once
    assert [m["status"] for m in outbound(api, dung, conversation_id)] == ["delivered"]
    [(_, update)] = live.wait_for(lambda e: about(conversation_id, "message.updated")(e)
                                  and e["data"]["status"] == "delivered")
    assert update["data"]["message_id"] == reply["message_id"]
    live.close()

    # When Meta says the customer read everything up to a moment after it (message_reads), twice
    read = documented("messenger", "read", ids)
    read["entry"][0]["messaging"][0]["read"] = {"watermark": millis(reply["created_at"], plus_seconds=2)}
    answers = [post_messenger(api, read), post_messenger(api, read)]

    # Then it is read (once: the second receipt finds nothing to move), and a late delivery does not move it back
    assert [a["applied"] for a in answers] == [1, 0]
    assert post_messenger(api, delivery)["applied"] == 0
    assert [m["status"] for m in outbound(api, dung, conversation_id)] == ["read"]

    # When Meta echoes Dung's answer, and twice an answer the seller wrote in Meta's own inbox
    def echo(mid: str, text: str) -> dict:
        body = documented("messenger", "echo", ids)
        body["entry"][0]["messaging"][0]["message"].update(mid=mid, text=text)
        body["entry"][0]["messaging"][0]["timestamp"] = millis(reply["created_at"], plus_seconds=3)
        return post_messenger(api, body)

    ours = echo(reply["channel_message_id"], "Dạ còn ạ!")
    theirs = [echo("m_from_page_inbox", "Chị chờ shop chút nhé"), echo("m_from_page_inbox", "Chị chờ shop chút nhé")]

    # Then Dung's answer is in the thread once, and the seller's answer once, after it, sent by nobody in the team
    assert (ours["stored"], ours["duplicates"]) == (0, 1)
    assert [t["stored"] for t in theirs] == [1, 0]
    thread = [(m["text"], m["author_id"], m["status"]) for m in outbound(api, dung, conversation_id)]
    assert thread == [("Dạ còn ạ!", team.agents["Dung"]["agent_id"], "read"), ("Chị chờ shop chút nhé", None, "sent")]


def test_a_zalo_follower_shows_on_the_contact(api):
    # Given a Zalo OA whose customer wrote
    team = new_team(api, ["An"])
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    connect(api, team, "zalo", oa_id, ZALO, rule_members=[team.agents["An"]["agent_id"]])
    user = f"zu-{uuid.uuid4().hex[:8]}"
    body, headers = zalo_text(app_id=ZALO["app_id"], secret=ZALO["oa_secret_key"], oa_id=oa_id, user_id=user, text="Alo")
    conversation_id = api.post("/webhooks/zalo", data=body, headers=headers).json()["conversation_ids"][0]
    ids = {"<OA_ID>": oa_id, "<USER_ID>": user, "<APP_ID>": ZALO["app_id"]}

    def following():
        return api.get(f"/conversations/{conversation_id}", token=token_of(team, "An")).json()["contact"]["following"]

    # When they follow the OA, then unfollow it (Zalo's documented events) / Then the contact says so each time
    assert following() is None
    assert post_zalo(api, documented("zalo", "follow", ids))["applied"] == 1
    assert following() is True
    assert post_zalo(api, documented("zalo", "unfollow", ids))["applied"] == 1
    assert following() is False


def test_an_m_me_link_or_a_get_started_tap_opens_a_conversation_the_agent_sees(api):
    # Given a page with one agent
    team = new_team(api, ["Em"])
    page_id = f"page-{uuid.uuid4().hex[:8]}"
    connect(api, team, "messenger", page_id, {"app_secret": APP_SECRET, "verify_token": uuid.uuid4().hex,
                                              "page_access_token": "page-token"},
            rule_members=[team.agents["Em"]["agent_id"]])
    em = token_of(team, "Em")

    # When one customer opens the thread from an m.me link, and another taps Get Started (Meta's documented events)
    link = post_messenger(api, documented("messenger", "referral_shortlink", {"<PAGE_ID>": page_id, "<PSID>": "psid-link"}))
    tap = post_messenger(api, documented("messenger", "postback_get_started", {"<PAGE_ID>": page_id, "<PSID>": "psid-tap"}))

    # Then each is a conversation in Em's list, opened by what the customer did
    mine = api.get("/conversations?view=mine", token=em).json()["items"]
    assert {c["conversation_id"] for c in mine} == set(link["conversation_ids"] + tap["conversation_ids"])
    texts = [api.get(f"/conversations/{c}/messages", token=em).json()["items"][0]["text"]
             for c in link["conversation_ids"] + tap["conversation_ids"]]
    assert texts == ["[SHORTLINK] summer-sale", "Get Started"]
