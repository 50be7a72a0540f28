"""A shop's worth of demo data on a running local stack, for `make screenshots` and the console's bench figures.

Lan Shop: an owner, a supervisor and two agents, a Zalo OA and a web chat shared through a round-robin
rule, tags, a template in three languages, and `conversations` customers (every third answered, some
rated), written through the channels' signed webhooks as real traffic would be.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests
from playwright.sync_api import Page, expect

from tests.e2e.channels import signed_message, signed_rating, zalo_text

SECRET = "demo-web-secret"
ZALO_APP, ZALO_SECRET = "demo-app", "demo-oa-secret"
NAMES = ["Lan Nguyen", "Minh Tran", "Hoa Pham", "Wei Zhang", "Thu Le", "Anh Vo", "Li Na", "Quang Do", "Mai Hoang",
         "Bao Dang", "Chen Jie", "Linh Bui", "Tuan Ngo", "Yen Ly", "Khanh Duong", "Xiao Wang", "Phuong Ha", "Duc Vu",
         "Trang Mai", "Hieu Lam", "Ngoc Trinh", "Son Cao", "Vy Ton", "Long Kieu"]
QUESTIONS = ["Is size M in stock?", "Where is my order #{n}?", "Can I change the colour to blue?",
             "Còn hàng size L không shop?", "Do you ship to Da Nang?", "Shop ơi, khi nào đơn của em tới ạ?",
             "The zip is broken, can I get a refund?", "Giao hàng mất mấy ngày ạ?"]

Call = Callable[..., requests.Response]  # call(method, path, token=None, **requests kwargs)


@dataclass
class Demo:
    email: str
    password: str
    token: str
    conversation_ids: list[str] = field(default_factory=list)
    answered_ids: list[str] = field(default_factory=list)


def sign_in(page: Page, url: str, demo: Demo, path: str = "/inbox/all") -> None:
    """The owner signs in on the console's own form; the session stays in the browser's storage."""
    page.goto(f"{url}{path}")
    page.get_by_role("textbox", name="Email").fill(demo.email)
    page.get_by_label("Password", exact=True).fill(demo.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status").filter(has_text="Online")).to_be_visible(timeout=60_000)


def _ok(response: requests.Response, status: int = 200) -> dict:
    if response.status_code != status:
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.status_code} {response.text}")
    return response.json()


def seed(call: Call, conversations: int = 24) -> Demo:
    org = _ok(call("POST", "/_local/orgs", json={"name": "Lan Shop"}), 201)
    owner = org["owner"]
    token = owner["token"]
    team = [_ok(call("POST", "/agents", token, json={"email": f"{nick.lower()}-{uuid.uuid4().hex[:4]}@lan-shop.example",
                                                      "nickname": nick, "role": role, "capacity": 150}), 201)
            for nick, role in [("An", "agent"), ("Binh", "supervisor"), ("Chi", "agent")]]
    for member in team:  # their consoles are open: online, so the rule hands them customers
        member_token = _ok(call("POST", "/_local/token", json={"agent_id": member["agent_id"]}))["token"]
        _ok(call("POST", "/me/presence", member_token, json={"online": True}))
    _ok(call("PATCH", f"/agents/{owner['agent_id']}", token, json={"capacity": 150}))
    web = _ok(call("POST", "/connections", token, json={
        "channel": "web", "name": "Lan Shop web chat", "external_id": f"lan-shop-{uuid.uuid4().hex[:6]}",
        "credentials": {"signing_secret": SECRET}, "mode": "shared"}), 201)
    oa_id = f"oa-{uuid.uuid4().hex[:8]}"
    zalo = _ok(call("POST", "/connections", token, json={
        "channel": "zalo", "name": "Lan Shop OA", "external_id": oa_id, "mode": "shared",
        "credentials": {"app_id": ZALO_APP, "oa_secret_key": ZALO_SECRET, "access_token": "demo-token"}}), 201)
    _ok(call("POST", "/rules", token, json={
        "name": "Sales", "sources": [web["connection_id"], zalo["connection_id"]],
        "members": [m["agent_id"] for m in team if m["role"] == "agent"] + [owner["agent_id"]], "method": "round_robin"}), 201)
    tags = [_ok(call("POST", "/tags", token, json={"name": name}), 201) for name in ["VIP", "Refund", "Shipping"]]
    _ok(call("POST", "/templates", token, json={"name": "Greeting", "texts": {
        "en": "Hello! Thanks for writing to Lan Shop.", "vi": "Xin chào! Cảm ơn bạn đã nhắn cho Lan Shop.",
        "zh": "您好！感谢您联系 Lan Shop。"}}), 201)
    _ok(call("PUT", "/me/status", token, json={"accepting": True}))
    _ok(call("POST", "/me/presence", token, json={"online": True}))

    contacts = [{"id": f"c-{i}-{uuid.uuid4().hex[:6]}", "name": f"{NAMES[i % len(NAMES)]}" + (f" {i // len(NAMES) + 1}" if i >= len(NAMES) else ""),
                 "store_name": "Lan Shop", "language": ["vi", "en", "zh"][i % 3]} for i in range(conversations)]

    def write(i: int) -> None:
        text = QUESTIONS[i % len(QUESTIONS)].format(n=1000 + i)
        if i % 4 == 3:  # a Zalo customer
            body, headers = zalo_text(app_id=ZALO_APP, secret=ZALO_SECRET, oa_id=oa_id, user_id=contacts[i]["id"], text=text)
            _ok(call("POST", "/webhooks/zalo", data=body, headers=headers))
        else:
            body, headers = signed_message(secret=SECRET, contact=contacts[i], text=text)
            _ok(call("POST", web["webhook_path"], data=body, headers=headers))

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(conversations)))
    _ok(call("POST", "/_local/drain"))

    items, cursor = [], None
    while True:
        page = _ok(call("GET", "/conversations", token, params={"view": "all", "limit": 200, **({"cursor": cursor} if cursor else {})}))
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    for n, conv in enumerate(items):
        if n % 3 == 0:
            _ok(call("POST", f"/conversations/{conv['conversation_id']}/messages", token,
                     json={"text": "Thanks for writing! Let me check that for you."}), 201)
        if n % 5 == 0:
            _ok(call("PUT", f"/conversations/{conv['conversation_id']}/tags/{tags[n % len(tags)]['tag_id']}", token))
        if n % 7 == 0:
            _ok(call("PUT", f"/conversations/{conv['conversation_id']}/flag", token))
    for i in range(0, conversations, 3):
        if i % 4 != 3:  # web customers rate (Zalo has no rating)
            body, headers = signed_rating(secret=SECRET, contact={"id": contacts[i]["id"]}, rating=3 if i % 5 == 0 else 5)
            _ok(call("POST", web["webhook_path"], data=body, headers=headers))
    _ok(call("POST", "/_local/drain"))
    ids = [c["conversation_id"] for c in items]
    return Demo(owner["email"], owner["password"], token, ids, ids[::3])
