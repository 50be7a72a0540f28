"""Facebook Messenger page: the hub.challenge handshake, signed webhooks, the Send API.

Signature: X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from switchboard.adapters.http import HttpRequest, HttpResponse
from switchboard.channels.base import (
    MAX_ID_CHARS,
    ConnectionLocator,
    OutboundMessage,
    Post,
    WebhookRequest,
    attachment_of,
    field,
    json_body,
    list_field,
    millis_to_datetime,
    required_str,
    same_signature,
    text_field,
)
from switchboard.errors import BadSignature, ChannelRejected, InvalidFields, RecipientUnavailable, TokenExpired, WindowClosed
from switchboard.models import (
    UNNAMED_APP, Attachment, Channel, ChannelEnforcement, Connection, ConnectionSecrets, InboundContact, InboundEvent,
)

SIGNATURE_HEADER = "x-hub-signature-256"
GRAPH_VERSION = "v21.0"


class MessengerAdapter:
    channel = Channel.MESSENGER

    def require_signature(self, request: WebhookRequest) -> None:
        if not request.header(SIGNATURE_HEADER):
            raise BadSignature("X-Hub-Signature-256 is missing", code="missing_signature")

    def locate(self, request: WebhookRequest) -> ConnectionLocator:
        return self.locate_all(request)[0]

    def locate_all(self, request: WebhookRequest) -> list[ConnectionLocator]:
        """Each page the delivery has entries for, once, in order: Meta batches the events of several pages
        of one app into one delivery, signed with the app's secret."""
        body = json_body(request)
        entries = body.get("entry")
        if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
            raise InvalidFields("entry must be a non-empty list of objects")
        pages = dict.fromkeys(required_str(entry, "id") for entry in entries)
        return [ConnectionLocator(self.channel, external_id=page) for page in pages]

    def verify(self, request: WebhookRequest, secrets: ConnectionSecrets, now: datetime) -> None:
        digest = hmac.new(secrets.get("app_secret").encode(), request.body, hashlib.sha256).hexdigest()
        same_signature(digest, (request.header(SIGNATURE_HEADER) or "").removeprefix("sha256="))

    def parse(self, request: WebhookRequest, connection: Connection) -> list[InboundEvent]:
        body = json_body(request)
        events = []
        for entry in list_field(body, "entry", ""):
            if not isinstance(entry, dict) or str(entry.get("id")) != connection.external_id:
                continue  # one delivery may batch several pages; only this connection's are ours
            # standby: the customer wrote while another app owns the thread; the message is theirs all the same.
            items = list_field(entry, "messaging", "entry[].") + list_field(entry, "standby", "entry[].")
            events.extend(event for item in items if isinstance(item, dict) and (event := _event(item, connection)))
        return events

    def outbound(
        self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str
    ) -> HttpRequest:
        """The text of `message` through the Send API (developers.facebook.com/docs/messenger-platform/reference/
        send-api): `messaging_type` RESPONSE inside the 24-hour window, or MESSAGE_TAG with `tag: HUMAN_AGENT`
        (a person's reply within 7 days) when the message carries that tag."""
        return self._send_request(connection, secrets, message, base_url, {"text": message.text or ""})

    def send(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str,
             post: Post) -> str:
        """The text, then each attachment in its own message (the Send API takes one attachment a message): each
        uploaded first with the Attachment Upload API (POST /me/message_attachments from its URL, answered
        `{"attachment_id"}`; developers.facebook.com/docs/messenger-platform/reference/attachment-upload-api) and
        sent by that id. The id is that of the first message sent."""
        ids = []
        if message.text:
            ids.append(self.sent_id(post(self.outbound(connection, secrets, message, base_url))))
        for attachment in (a for a in message.attachments if a.url):
            kind = attachment.type if attachment.type in ("image", "video", "audio") else "file"
            uploaded = post(HttpRequest(
                url=self._url(secrets, base_url, "message_attachments"),
                body={"message": {"attachment": {"type": kind, "payload": {"url": attachment.url, "is_reusable": True}}}},
                headers={"X-Switchboard-Connection-Id": connection.connection_id},
            ))
            _refused(uploaded)
            attachment_id = uploaded.body.get("attachment_id")
            if not attachment_id:
                raise ChannelRejected("Messenger's attachment upload answered no attachment_id", retryable=True)
            content = {"attachment": {"type": kind, "payload": {"attachment_id": str(attachment_id)}}}
            ids.append(self.sent_id(post(self._send_request(connection, secrets, message, base_url, content))))
        return ids[0] if ids else ""

    def _send_request(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage,
                      base_url: str, content: dict) -> HttpRequest:
        # `metadata` (a string of up to 1,000 characters Meta returns in the message's echo, with our app_id):
        # our message's id, so its echo is known as ours even before the mid the Send API answered is stored.
        content = {**content, "metadata": message.message_id}
        body: dict = {"recipient": {"id": message.recipient}, "messaging_type": "RESPONSE", "message": content}
        if message.messaging_tag:
            body.update(messaging_type="MESSAGE_TAG", tag=message.messaging_tag)
        return HttpRequest(url=self._url(secrets, base_url, "messages"), body=body,
                           headers={"X-Switchboard-Connection-Id": connection.connection_id})

    def pass_thread(self, connection: Connection, secrets: ConnectionSecrets, recipient: str, target_app_id: str,
                    base_url: str) -> HttpRequest:
        """Pass the customer's thread to another app of the page (the Handover Protocol API: POST /me/
        pass_thread_control {recipient: {id}, target_app_id, metadata}, answered `{"success": true}`;
        developers.facebook.com/docs/messenger-platform/reference/handover-protocol/pass-thread-control)."""
        return HttpRequest(url=self._url(secrets, base_url, "pass_thread_control"),
                           body={"recipient": {"id": recipient}, "target_app_id": target_app_id,
                                 "metadata": "passed on request by Switchboard"},
                           headers={"X-Switchboard-Connection-Id": connection.connection_id})

    def thread_passed(self, response: HttpResponse) -> None:
        """Raises as a refused send does unless Meta answered that the thread was passed."""
        _refused(response)
        if response.body.get("success") is not True:
            raise ChannelRejected("Messenger did not say the thread was passed", retryable=False)

    @staticmethod
    def _url(secrets: ConnectionSecrets, base_url: str, edge: str) -> str:
        return f"{base_url.rstrip('/')}/{GRAPH_VERSION}/me/{edge}?access_token={secrets.get('page_access_token')}"

    def sent_id(self, response: HttpResponse) -> str:
        _refused(response)
        return str(response.body.get("message_id") or "")


# Send API errors (developers.facebook.com/docs/messenger-platform/error-codes): the answer is
# `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}` with an HTTP 4xx/5xx status.
RETRY_CODES = {
    1200: "temporary send failure", 2: "an unexpected error", 4: "the application's request limit",
    17: "the user's request limit", 32: "the page's request limit", 613: "calls to this API exceeded the rate limit",
}
WINDOW_SUBCODES = {2018278: "the message is sent outside the allowed window",
                   2018065: "the message is sent outside the allowed window"}
RECIPIENT_ERRORS = {(551, None): "this person isn't available right now",
                    (100, 2018001): "no matching user found", (200, 2018028): "the person cannot be messaged"}


def _refused(response: HttpResponse) -> None:
    if response.status < 400 and not isinstance(response.body.get("error"), dict):
        return
    error = response.body.get("error") if isinstance(response.body.get("error"), dict) else {}
    code, subcode, said = error.get("code"), error.get("error_subcode"), error.get("message") or f"HTTP {response.status}"
    where = f"Messenger error {code}" + (f"/{subcode}" if subcode else "")
    if response.status >= 500 or response.status == 429 or code in RETRY_CODES:
        raise ChannelRejected(f"{where}: {RETRY_CODES.get(code, 'the Send API failed')} ({said})", retryable=True)
    if code == 190:
        raise TokenExpired(f"{where}: the page access token is invalid or expired; connect the page again ({said})")
    if code == 10 and subcode in WINDOW_SUBCODES or subcode in WINDOW_SUBCODES:
        raise WindowClosed(f"{where}: {WINDOW_SUBCODES[subcode]} ({said})")
    reason = RECIPIENT_ERRORS.get((code, subcode)) or RECIPIENT_ERRORS.get((code, None))
    if reason:
        raise RecipientUnavailable(f"{where}: {reason} ({said})")
    raise ChannelRejected(f"Messenger refused the message: {where} ({said})", retryable=False)


def _event(item: dict, connection: Connection) -> InboundEvent | None:
    """A customer's message, postback (a button tap, Get Started: its title is what they chose) or referral (an
    m.me link or an ad opened the thread); an echo of the page's own message; a delivery or read receipt; a
    reaction, an interaction that opens the standard messaging window as a message does (Meta's list of the user
    actions that open it: a message, a call-to-action button such as Get Started, an m.me link into an existing
    conversation, a Click-to-Messenger ad, a reaction to a message; developers.facebook.com/docs/messenger-platform/
    send-messages, "standard messaging window"). Postbacks and referrals are stored as the customer's messages,
    so they open it already, as are a cart the customer sends from the page's shop (send_cart) and their answers
    to the page's customer information form (messaging_customer_information). Removing a reaction is
    acknowledged."""
    message, postback, referral = item.get("message"), item.get("postback"), item.get("referral")
    reaction = item.get("reaction")
    if isinstance(reaction, dict) and not isinstance(message, dict):
        if reaction.get("action") != "react":
            return None
        return InboundEvent(
            connection=connection, kind="interaction", event_key=f"reaction:{_sender(item)}:{item.get('timestamp')}",
            sent_at=_event_time(item.get("timestamp")), contact=InboundContact(channel_user_id=_sender(item)),
        )
    if isinstance(message, dict) and message.get("is_echo"):
        # The page sent it (from Meta's inbox, another app, or us): the customer is the recipient.
        # Its metadata and app_id say whether we sent it: ours carries our message's id (`_send_request`).
        key = required_str(message, "mid")
        app_id = message.get("app_id")
        return InboundEvent(
            connection=connection, kind="echo", event_key=key, sent_at=_event_time(item.get("timestamp")),
            contact=InboundContact(channel_user_id=required_str(item, "recipient", "id")),
            text=text_field(message.get("text"), "message.text"),
            attachments=_attachments(list_field(message, "attachments", "message.")), channel_message_id=key,
            echo_metadata=_metadata(message.get("metadata")),
            echo_app_id=str(app_id) if isinstance(app_id, (str, int)) and not isinstance(app_id, bool) else None,
        )
    for name, status in (("delivery", "delivered"), ("read", "read")):
        receipt = item.get(name)
        if isinstance(receipt, dict):
            watermark = receipt.get("watermark")
            return InboundEvent(
                connection=connection, kind="receipt", event_key=f"{name}:{_sender(item)}:{watermark}",
                sent_at=_event_time(item.get("timestamp") or watermark or 0),
                contact=InboundContact(channel_user_id=_sender(item)), receipt=status,
                receipt_ids=[required_str({"mid": m}, "mid") for m in list_field(receipt, "mids", f"{name}.")],
                watermark=None if watermark in (None, "") else millis_to_datetime(watermark, f"{name}.watermark"),
            )
    changed = _account_event(item, connection)
    if changed is not None:
        return changed
    optin = item.get("optin")
    if isinstance(message, dict):
        key = required_str(message, "mid")
        text = text_field(message.get("text"), "message.text")
        attachments = _attachments(list_field(message, "attachments", "message."))
    elif isinstance(optin, dict) and optin.get("ref") not in (None, "") and field(item, "sender", "id") not in (None, ""):
        # The Send to Messenger plugin (its data-ref): the customer asked to talk, as a referral does.
        text = f"[optin] {text_field(optin.get('ref'), 'optin.ref')}"
        key = f"optin:{_sender(item)}:{item.get('timestamp')}"
        attachments = []
    elif isinstance(postback, dict):
        text = text_field(postback.get("title"), "postback.title") or text_field(postback.get("payload"), "postback.payload")
        sender = _sender(item)
        key = required_str(postback, "mid") if postback.get("mid") not in (None, "") else f"postback:{sender}:{item.get('timestamp')}"
        attachments = []
    elif isinstance(item.get("order"), dict):
        text, key, attachments = _cart(item["order"]), f"cart:{_sender(item)}:{item.get('timestamp')}", []
    elif isinstance(item.get("messaging_customer_information"), dict):
        text = _customer_information(item["messaging_customer_information"])
        key, attachments = f"customer_information:{_sender(item)}:{item.get('timestamp')}", []
    elif isinstance(referral, dict):
        # No message: the ad's title, else the link's ref, is what the agent sees of why the customer came.
        ad_title = text_field(field(referral, "ads_context_data", "ad_title"), "referral.ads_context_data.ad_title")
        ref = text_field(referral.get("ref"), "referral.ref")
        source = text_field(referral.get("source"), "referral.source") or "referral"
        text = f"[{source}] {ad_title or ref or ''}".strip()
        key = f"referral:{_sender(item)}:{item.get('timestamp')}"
        attachments = []
    else:
        return None
    return InboundEvent(
        connection=connection,
        kind="message",
        event_key=key,
        sent_at=_event_time(item.get("timestamp")),
        contact=InboundContact(channel_user_id=_sender(item)),
        text=text,
        attachments=attachments,
        channel_message_id=key,
    )


MAX_LISTED = 30  # products of a cart, answers of a form, listed in the message; the rest are counted


def _cart(order: dict) -> str:
    """A cart the customer sent from the page's shop (send_cart: order.products[{name, quantity, unit_price,
    currency, retailer_id, id}], order.note), as the agent reads it: `[cart] 2 × name (22 THB), ...; note: ...`."""
    items, products = [], list_field(order, "products", "order.")
    for product in products[:MAX_LISTED]:
        if not isinstance(product, dict):
            continue
        name = (text_field(product.get("name"), "order.products[].name")
                or text_field(product.get("retailer_id"), "order.products[].retailer_id")
                or text_field(product.get("id"), "order.products[].id") or "?")
        quantity = text_field(product.get("quantity"), "order.products[].quantity") or "1"
        price = text_field(product.get("unit_price"), "order.products[].unit_price")
        currency = text_field(product.get("currency"), "order.products[].currency")
        priced = f" ({price}{f' {currency}' if currency else ''})" if price else ""
        items.append(f"{quantity} × {name}{priced}")
    if len(products) > MAX_LISTED:
        items.append(f"and {len(products) - MAX_LISTED} more")
    note = text_field(order.get("note"), "order.note")
    return "[cart] " + (", ".join(items) or "(empty)") + (f"; note: {note}" if note else "")


def _customer_information(information: dict) -> str:
    """The customer's answers to the page's customer information form (the Structured Information template):
    `screens[].responses[{key, value}]`, as `[customer information] name: ..., phone: ...`."""
    answers = []
    for screen in list_field(information, "screens", "messaging_customer_information."):
        responses = screen.get("responses") if isinstance(screen, dict) else None
        for response in (responses if isinstance(responses, list) else [])[:MAX_LISTED]:
            if not isinstance(response, dict):
                continue
            key = text_field(response.get("key"), "messaging_customer_information.screens[].responses[].key")
            value = text_field(response.get("value"), "messaging_customer_information.screens[].responses[].value")
            if key and value:
                answers.append(f"{key}: {value}")
    return "[customer information] " + (", ".join(answers[:MAX_LISTED]) or "(no answers)")


STOP_NOTIFICATIONS = "STOP NOTIFICATIONS"
MAX_REASON_CHARS = 1000  # Meta's policy reasons are a sentence or two; the connection keeps no more


def _account_event(item: dict, connection: Connection) -> InboundEvent | None:
    """An edit of the customer's message (message_edits); a handover of the thread (messaging_handovers: passed
    to us, or to another app, or taken from us by the page's primary app); the channel's policy action on the page
    (messaging_policy_enforcement, which names no customer); the customer opting in to or out of the page's
    Marketing Messages or a one-time notification (messaging_optins) or linking their account (messaging_account_
    linking); their CSAT score in the customer feedback template (messaging_feedback), counted as their rating.
    Another app's request for the thread (request_thread_control), recorded for a person to decide; the
    customer's thumbs up or down on a message of the page (response_feedback), kept on that message.
    A change of the apps' roles on the page (app_roles), which says whether our replies need the thread passed.
    None for what is acknowledged only: a checkbox-plugin opt-in without a PSID, a plugin opt-in with a ref
    (stored as the customer's message by `_event`)."""
    at = _event_time(item.get("timestamp"))
    edit = item.get("message_edit")
    if isinstance(edit, dict):
        mid = required_str(edit, "mid")
        count = _count(edit.get("num_edit"), "message_edit.num_edit")
        return InboundEvent(connection=connection, kind="edit", event_key=f"edit:{mid}:{count}", sent_at=at,
                            contact=InboundContact(channel_user_id=_sender(item)), channel_message_id=mid,
                            text=text_field(edit.get("text"), "message_edit.text"), edit_count=count)
    for name in ("pass_thread_control", "take_thread_control"):
        control = item.get(name)
        if isinstance(control, dict):
            owner = text_field(control.get("new_owner_app_id"), f"{name}.new_owner_app_id")
            if owner is not None and len(owner) > MAX_ID_CHARS:
                raise InvalidFields(f"{name}.new_owner_app_id is longer than {MAX_ID_CHARS} characters")
            if name == "take_thread_control":
                owner = owner or UNNAMED_APP  # taken from us: someone else holds it, named or not
            # pass_thread_control is sent to the app the thread is passed to: without a new owner, that is us (None).
            return InboundEvent(connection=connection, kind="handover", event_key=f"{name}:{_sender(item)}:{item.get('timestamp')}",
                                sent_at=at, contact=InboundContact(channel_user_id=_sender(item)),
                                thread_owner_app_id=owner, thread_passed=name == "pass_thread_control")
    request = item.get("request_thread_control")
    if isinstance(request, dict):
        # Another app asks us, the thread's owner, for it: recorded on the conversation for a person to decide.
        app = text_field(request.get("requested_owner_app_id"), "request_thread_control.requested_owner_app_id")
        if app is not None and len(app) > MAX_ID_CHARS:
            raise InvalidFields(f"request_thread_control.requested_owner_app_id is longer than {MAX_ID_CHARS} characters")
        return InboundEvent(connection=connection, kind="thread_request",
                            event_key=f"request_thread_control:{_sender(item)}:{item.get('timestamp')}", sent_at=at,
                            contact=InboundContact(channel_user_id=_sender(item)), thread_owner_app_id=app or UNNAMED_APP)
    roles = item.get("app_roles")
    if isinstance(roles, dict):
        # The page's apps and their roles (sent to each app once roles change); no customer: the page stands in.
        page = required_str(item, "recipient", "id")
        return InboundEvent(connection=connection, kind="app_roles", event_key=f"app_roles:{page}:{item.get('timestamp')}",
                            sent_at=at, contact=InboundContact(channel_user_id=page), app_roles=_app_roles(roles))
    enforcement = item.get("policy_enforcement")
    if isinstance(enforcement, dict):
        action = text_field(enforcement.get("action"), "policy_enforcement.action")
        if action not in ("warning", "block", "unblock"):
            raise InvalidFields("policy_enforcement.action must be warning, block or unblock")
        page = required_str(item, "recipient", "id")
        return InboundEvent(connection=connection, kind="enforcement", event_key=f"policy:{page}:{item.get('timestamp')}",
                            sent_at=at, contact=InboundContact(channel_user_id=page), enforcement=ChannelEnforcement(
                                action=action, at=at,
                                reason=(text_field(enforcement.get("reason"), "policy_enforcement.reason") or "")[
                                    :MAX_REASON_CHARS] or None))
    response = item.get("response_feedback")
    if isinstance(response, dict):
        said = FEEDBACK.get(str(response.get("feedback") or "").strip().lower())
        if said is None:
            return None  # a value Meta does not document (it names two): acknowledged, nothing to keep
        mid, sender = required_str(response, "mid"), _sender(item)
        return InboundEvent(connection=connection, kind="feedback", event_key=f"response_feedback:{mid}:{item.get('timestamp')}",
                            sent_at=at, contact=InboundContact(channel_user_id=sender), channel_message_id=mid,
                            feedback=said)
    feedback = item.get("messaging_feedback")
    if isinstance(feedback, dict):
        rating = _csat(feedback)
        if rating is None:
            return None  # NPS, CES or free-form answers only: no rating of ours to count
        sender = _sender(item)
        return InboundEvent(connection=connection, kind="rating", event_key=f"feedback:{sender}:{item.get('timestamp')}",
                            sent_at=at, contact=InboundContact(channel_user_id=sender), rating=rating)
    linking = item.get("account_linking")
    if isinstance(linking, dict):
        status = linking.get("status")
        if status not in ("linked", "unlinked"):
            raise InvalidFields("account_linking.status must be linked or unlinked")
        return _contact_event(item, connection, at, {"linked": status == "linked"})
    optin = item.get("optin")
    if isinstance(optin, dict) and field(item, "sender", "id") not in (None, ""):
        if optin.get("type") == "notification_messages":
            stopped = optin.get("notification_messages_status") == STOP_NOTIFICATIONS
            return _contact_event(item, connection, at, {"notifications": not stopped})
        if optin.get("type") == "one_time_notif_req" or optin.get("one_time_notif_token"):
            return _contact_event(item, connection, at, {"notifications": True})
    return None


MAX_APPS = 20  # a page's messaging apps with a role: one primary receiver, a few secondary ones


def _app_roles(roles: dict) -> dict[str, list[str]]:
    """app_roles: `{app_id: [role, ...]}` (developers.facebook.com/docs/messenger-platform/handover-protocol/
    assign-app-roles), each id and role a short text."""
    if len(roles) > MAX_APPS:
        raise InvalidFields(f"app_roles names more than {MAX_APPS} apps")
    found: dict[str, list[str]] = {}
    for app, listed in roles.items():
        if not isinstance(listed, list) or not app or len(app) > MAX_ID_CHARS:
            raise InvalidFields("app_roles must map app ids to lists of roles")
        found[app] = [role for role in (text_field(r, "app_roles[]") for r in listed[:MAX_APPS])
                      if role and len(role) <= MAX_ID_CHARS]
    return found


CSAT_SCORES = {"1", "2", "3", "4", "5"}
# response_feedback's two values (developers.facebook.com/docs/messenger-platform/reference/webhook-events/
# response_feedback): the thumbs up and down the customer taps on a message of the page.
FEEDBACK = {"good response": "good", "bad response": "bad"}


def _csat(feedback: dict) -> int | None:
    """The customer's CSAT score (1-5) in their answers to the customer feedback template (messaging_feedback:
    feedback_screens[].questions{id: {type, payload}}; developers.facebook.com/docs/messenger-platform/send-messages/
    templates/customer-feedback-template), the first one given; None when they gave none."""
    for screen in list_field(feedback, "feedback_screens", "messaging_feedback."):
        questions = screen.get("questions") if isinstance(screen, dict) else None
        for answer in (questions.values() if isinstance(questions, dict) else ()):
            score = answer.get("payload") if isinstance(answer, dict) and answer.get("type") == "csat" else None
            if isinstance(score, (str, int)) and not isinstance(score, bool) and str(score).strip() in CSAT_SCORES:
                return int(score)
    return None


def _contact_event(item: dict, connection: Connection, at: datetime, flags: dict[str, bool]) -> InboundEvent:
    sender = _sender(item)
    return InboundEvent(connection=connection, kind="contact", event_key=f"contact:{sender}:{item.get('timestamp')}",
                        sent_at=at, contact=InboundContact(channel_user_id=sender), contact_flags=flags)


def _count(value: object, where: str) -> int:
    """A count Meta documents as an integer (its example writes "<INT>"): a whole number, or one written as text."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        raise InvalidFields(f"{where} must be a whole number")
    return int(text)


def _metadata(value: object) -> str | None:
    """An echo's metadata when it could be one of our message ids (a short string); anything else is not ours."""
    return value if isinstance(value, str) and 0 < len(value) <= 100 else None


def _sender(item: dict) -> str:
    """The PSID, or for a person without one (the chat plugin's guests) the user_ref Meta gives instead."""
    if field(item, "sender", "id") in (None, "") and field(item, "sender", "user_ref") not in (None, ""):
        return required_str(item, "sender", "user_ref")
    return required_str(item, "sender", "id")


def _event_time(value: object) -> datetime:
    """Milliseconds as Meta's examples send them; the postback reference says every property is a string,
    and its example is in seconds: a time before 1973 in milliseconds is read as seconds."""
    if isinstance(value, str) and value.strip().isdigit() and int(value) < 100_000_000_000:
        return millis_to_datetime(int(value) * 1000, "timestamp")
    return millis_to_datetime(value, "timestamp")


def _attachments(listed: list) -> list[Attachment]:
    """Each attachment once: a sticker arrives as an image and, since 2026, also as a `sticker` (both carry its
    sticker_id); a shared link arrives as a `fallback` with its url and title."""
    found, stickers = [], set()
    for value in listed:
        if not isinstance(value, dict):
            continue
        sticker = field(value, "payload", "sticker_id")
        if sticker not in (None, ""):
            if str(sticker) in stickers:
                continue
            stickers.add(str(sticker))
        attachment = attachment_of(value, None)
        if attachment.type == "sticker":
            attachment = attachment.model_copy(update={"type": "image"})  # shown as the image it is
        elif attachment.type == "fallback":
            title = text_field(field(value, "payload", "title"), "attachments[].payload.title")
            attachment = attachment.model_copy(update={"type": "link", "name": title})
        found.append(attachment)
    return found
