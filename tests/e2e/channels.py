"""Webhook bodies signed the way each channel signs them (API.md), for tests and the README tour."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid


def zalo_text(*, app_id: str, secret: str, oa_id: str, user_id: str, text: str, msg_id: str | None = None) -> tuple[bytes, dict]:
    return zalo_signed(app_id=app_id, secret=secret, body={
        "app_id": app_id,
        "user_id_by_app": f"app-{user_id}",
        "event_name": "user_send_text",
        "timestamp": str(int(time.time() * 1000)),
        "sender": {"id": user_id},
        "recipient": {"id": oa_id},
        "message": {"text": text, "msg_id": msg_id or uuid.uuid4().hex},
    })


def zalo_signed(*, app_id: str, secret: str, body: dict) -> tuple[bytes, dict]:
    """Any Zalo OA event `body` (it carries its `timestamp`), signed as Zalo signs."""
    raw = json.dumps(body).encode()
    mac = hashlib.sha256(app_id.encode() + raw + str(body["timestamp"]).encode() + secret.encode()).hexdigest()
    return raw, {"Content-Type": "application/json", "X-ZEvent-Signature": f"mac={mac}"}


def messenger_text(*, app_secret: str, page_id: str, user_id: str, text: str, mid: str | None = None) -> tuple[bytes, dict]:
    now = int(time.time() * 1000)
    return messenger_signed(app_secret=app_secret, page_id=page_id, item={
        "sender": {"id": user_id},
        "recipient": {"id": page_id},
        "timestamp": now,
        "message": {"mid": mid or f"m_{uuid.uuid4().hex}", "text": text},
    })


def messenger_signed(*, app_secret: str, page_id: str, item: dict) -> tuple[bytes, dict]:
    """One Messenger `messaging` item for `page_id` in Meta's envelope, signed with the app's secret."""
    body = json.dumps({"object": "page", "entry": [{"id": page_id, "time": item["timestamp"], "messaging": [item]}]}).encode()
    signature = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={signature}"}


def signed_message(*, secret: str, contact: dict, text: str, event_id: str | None = None, ticket: dict | None = None,
                   timestamp: int | None = None, entry: dict | None = None,
                   work_items: list[dict] | None = None, sent_at: str | None = None) -> tuple[bytes, dict]:
    """A web, partner or marketplace webhook: `ticket` as a marketplace sends it, `work_items` as the partner inbox does."""
    event_id = event_id or uuid.uuid4().hex
    payload = {
        "event_id": event_id,
        "type": "message",
        "contact": contact,
        "message": {"id": f"m-{event_id}", "text": text},
        "sent_at": sent_at or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if ticket:
        payload["ticket"] = ticket
    if entry:
        payload["entry"] = entry
    if work_items is not None:
        payload["work_items"] = work_items
    body = json.dumps(payload).encode()
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/json", "X-Switchboard-Timestamp": ts, "X-Switchboard-Signature": f"sha256={signature}"}


def signed_rating(*, secret: str, contact: dict, rating: int, event_id: str | None = None,
                  timestamp: int | None = None) -> tuple[bytes, dict]:
    """A web, partner or marketplace `rating` webhook (1-5) from `contact`."""
    payload = {
        "event_id": event_id or uuid.uuid4().hex,
        "type": "rating",
        "contact": contact,
        "rating": rating,
        "sent_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    body = json.dumps(payload).encode()
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/json", "X-Switchboard-Timestamp": ts, "X-Switchboard-Signature": f"sha256={signature}"}
