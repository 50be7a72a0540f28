"""Zalo Official Account: webhook events and the customer-service message API.

Signature: X-ZEvent-Signature: mac=<hex sha256(app_id + raw body + timestamp + OA secret key)>.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from switchboard.adapters.http import HttpRequest, HttpResponse, Upload
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
from switchboard.errors import (
    BadSignature,
    ChannelRejected,
    InvalidFields,
    RecipientUnavailable,
    TokenExpired,
    WindowClosed,
)
from switchboard.models import (
    Attachment, Card, Channel, ChannelEnforcement, Connection, ConnectionSecrets, InboundContact, InboundEvent,
)

SIGNATURE_HEADER = "x-zevent-signature"
# Events that carry a customer's message, and the attachment type each one is stored as.
MESSAGE_EVENTS = {
    "user_send_text": None,
    "user_send_image": "image",
    "user_send_gif": "image",
    "user_send_sticker": "image",
    "user_send_file": "file",
    "user_send_audio": "file",
    "user_send_video": "video",
    "user_send_link": "link",
    "user_send_business_card": "link",
    "user_send_location": "location",
}
# A user who writes to the OA without following it (anonymously, e.g. from the OA's chat widget): the body of
# user_send_* with the sender's anonymous id (hex, not a follower's number) and the Zalo conversation
# (message.conversation_id), which a reply must name beside that id (recipient {anonymous_id, conversation_id}).
# Sources: the webhook event list (developers.zalo.me/docs/official-account/webhook/, "người dùng ẩn danh"); erxes/erxes
# packages/plugin-zalo-api (src/server/controllers/conversations.ts reads them so; src/server/brokers/
# conversationMessages.ts replies so, on the OA message API that v3 names /message/cs).
ANONYMOUS_EVENTS = {
    "anonymous_send_text": None,
    "anonymous_send_image": "image",
    "anonymous_send_file": "file",
    "anonymous_send_sticker": "image",
}
# The OA's echo of its message to an anonymous user: oa_send_anonymous_<kind>.
ANONYMOUS_ECHO_PREFIX = "oa_send_anonymous_"
# An anonymous contact's channel id carries both ids a reply needs: "anonymous:<anonymous_id>:<conversation_id>".
ANONYMOUS_CONTACT_PREFIX = "anonymous:"
ANONYMOUS_CONTACT_NAME = "Anonymous Zalo user"
# A user asks about a product of the OA's shop: `product: {title, description (the user's words), url, thumbnail}`
# beside the usual sender, recipient and message (whose text is the product's title). Stored as the customer's
# message, the product as a link. Source: the webhook event list (developers.zalo.me/docs/official-account/webhook/),
# its example body as integrations quote it.
ASKING_PRODUCT_EVENT = "user_asking_product"
# Events where the OA is the sender (sender.id is the OA, recipient.id the user): receipts for the OA's
# messages, and every oa_send_* / oa_reacted_* echo of what the OA did.
OA_SENDER_EVENTS = ("user_received_message", "user_seen_message")
# Receipts for the OA's messages, and the status each moves them to.
RECEIPT_EVENTS = {"user_received_message": "delivered", "user_seen_message": "read"}
# What the user does besides writing that Zalo counts as an interaction with the OA (its consultation messages are
# allowed while the last one is under 7 days old, error -230 after; -232 "the user has not interacted, or the last
# interaction expired"): reacting to a message, sharing their details through the OA's form; a follow counts too
# (applied with the follow). Sources: Zalo's consultation-message rules as the OA SDKs document them ("tương tác
# bao gồm: gửi tin nhắn, nhấn button/quick reply, gọi điện, truy cập website từ OA", @warriorteam/redai-zalo-sdk
# docs/CONSULTATION_SERVICE.md) and the webhook event list (developers.zalo.me/docs/official-account/webhook/).
# Button taps (oa.query.show) arrive as the user's text message. `user_seen_message` is not counted: no Zalo
# source found says a read is an interaction, and counting it would queue replies Zalo refuses with -230.
INTERACTION_EVENTS = ("user_reacted_message", "user_submit_info")
# The user tapped the OA's "Nhắn tin" (chat now) button: an interaction, whose body names the user at its top
# level (`user_id`, beside `oa_id`), not as a sender.
CHAT_NOW_EVENT = "user_click_chatnow"
# The buyer placed an order in the OA's shop (Zalo Shop): `customer.id` is the buyer, `oa_id` the OA. Recorded on the
# buyer's conversation (`order`: its id and time) and shown in the thread as a system message with the order's card
# (inbound/applied.py apply_order). Sources: the webhook event list (developers.zalo.me/docs/official-account/webhook/,
# "shop_has_order"); @warriorteam/redai-zalo-sdk's webhook types (WebhookCustomer "for shop events"); the event names
# public OA integrations subscribe to. No source found reproduces an order id in the body: Zalo's `order_id` is read
# when the body carries one, else the order is known by the event's time.
SHOP_ORDER_EVENT = "shop_has_order"
# Zalo Group Message Framework (GMF): a Zalo group chat the OA belongs to (a paid package). Its events name the group as
# the recipient (user_send_group_*) or the sender's target (oa_send_group_*), and group changes (created, joined, left).
# Switchboard's conversations are one customer's, answered through the customer-service message API, and a group is no
# customer: group events are acknowledged (200, nothing stored). Sources: the GMF event names as public OA integrations
# list and read them (recipient.id = the group, sender.id = the member, top-level oa_id).
# Zalo Notification Service (ZNS), the OA's template quota and its message templates: Switchboard sends no ZNS
# templates, so these change nothing here and are acknowledged. A ZNS rating (user_feedback) names the OA but no user
# of it (its `message` holds the rating, `rate` 1-5, for a ZNS message Switchboard did not send), so it has no
# conversation to count in. Sources: public OA integrations' webhook routers (change_template_status reads
# template_id, status.prev_status / new_status, reason; user_feedback message {rate, submit_time, msg_id,
# tracking_id}; the ZNS event names they subscribe to).
ZNS_EVENTS = ("change_template_status", "change_template_quality", "change_oa_daily_quota", "change_oa_template_tags",
              "user_feedback", "event_journey_acknowledged", "event_journey_time_out", "user_click_response_button")
# The OA lost the app's permission (the OA's admin revoked it, or the app was removed): every further API call fails
# until the OA is connected again. Applied as the channel blocking the account (replies 409 account_blocked_by_channel,
# GET /connections shows why), as Messenger's policy block is. Source: the webhook event list as public OA integrations
# subscribe to it ("permission_revoked", naming the OA as oa_id).
PERMISSION_REVOKED_EVENT = "permission_revoked"
REVOKED_REASON = "the OA revoked this app's permissions on Zalo: connect the OA again"
# The user shared their details through the OA's form (user_submit_info: `info` {name, phone, address, ward, district,
# city}): the contact's name and phone. Sources: @warriorteam/redai-zalo-sdk's UserSubmittedInfo type; public OA
# integrations reading `info` beside sender (the user) and recipient (the OA).
SUBMIT_INFO_EVENT = "user_submit_info"
# A call between the OA and a user ended (Zalo Cloud Connect, the OA's call center): `user_call_oa` (the user called)
# or `oa_call_user` (the OA's agent called), naming the user at the top level (`user_id`, beside `oa_id`) with
# `call_id`, `call_type` (AUDIO | VIDEO), `call_duration` and `talk_time` (ms), `waiting_time` (s), `status_code`.
# Shown in the user's thread as a system message; a call from the user is also an interaction (Zalo counts calling
# the OA as one: "gọi điện", @warriorteam/redai-zalo-sdk docs/CONSULTATION_SERVICE.md). Sources: integration notes
# reproducing Zalo's webhook page (07-webhooks.md, 04-calling-zcc.md); a public OA inbox's Hook_Call_Field type,
# which shows each ended call in the user's chat, missed when it lasted nothing. status_code's values are in no
# source found and not read.
CALL_EVENTS = {"user_call_oa": "user", "oa_call_user": "oa"}
# Events with nothing of a customer's conversation in them, acknowledged (200, nothing stored; README, Zalo):
# - the OA's request for consent to call a phone number, and the answer (oa_send_consent, user_reply_consent): they
#   name the phone the OA asked (`phone`), not a Zalo user, and a conversation is found by its user (a phone would
#   need a scan or an index of its own). Sources: docs.etelecom.vn's copy of oa_send_consent's body; an Odoo
#   connector reading user_reply_consent's phone, user_consent (ALLOW | USER_BLOCKED), confirmed_time, expired_time.
# - the OA's labels on its followers (add_user_to_tag, remove_user_from_tag, remove_tag: `tag {name, user_ids}`),
#   set in Zalo's OA manager: Switchboard's tags are the organization's own, on conversations, made by its members.
# - update_user_info: says that the user's information changed (`data.method`), not what it is now.
# - the website widget's failure to link the site's own user id, and the OA's purchase of a ZOA extension.
ACKNOWLEDGED_EVENTS = ("oa_send_consent", "user_reply_consent", "add_user_to_tag", "remove_user_from_tag", "remove_tag",
                       "update_user_info", "widget_failed_to_sync_user_external_id")
# The user exercised a data-subject right (withdraw consent, delete, restrict or object to processing), and Zalo asks
# the OA's partners to delete the matching data (user_withdraw: `user_id` at the top level). Shown in the user's
# thread, so the team learns of it; Switchboard has no deletion of a contact's data yet (README, not handled).
# Source: integration notes reproducing Zalo's webhook page (07-webhooks.md).
WITHDRAW_EVENT = "user_withdraw"
WITHDRAW_TEXT = ("The customer asked, through Zalo, that their data no longer be processed or be deleted "
                 "(user_withdraw): nothing has been deleted here")
# The user agreed, through the OA's website widget, to let the OA interact with them (widget_interaction_accepted:
# `data {user_id, user_external_id, url}`): an interaction, as tapping the OA's chat button is (user_click_chatnow).
WIDGET_ACCEPTED_EVENT = "widget_interaction_accepted"
# The attachment type an echo (oa_send_<kind>) of each kind is stored as; text has none, any other is a file.
ECHO_ATTACHMENTS = {"text": None, "image": "image", "gif": "image", "sticker": "image", "video": "video",
                    "audio": "file", "file": "file", "link": "link", "location": "location"}


class ZaloAdapter:
    channel = Channel.ZALO

    def require_signature(self, request: WebhookRequest) -> None:
        if not request.header(SIGNATURE_HEADER):
            raise BadSignature("X-ZEvent-Signature is missing", code="missing_signature")

    def locate(self, request: WebhookRequest) -> ConnectionLocator:
        """The OA the event is for: `oa_id` where the event names it (follow, unfollow), the sender where the OA
        sent or its message was received or seen, else the recipient (the customer wrote to the OA)."""
        body = json_body(request)
        name = str(body.get("event_name", ""))
        if body.get("oa_id") not in (None, ""):
            path: tuple[str, ...] = ("oa_id",)
        elif name.startswith("oa_") or name in OA_SENDER_EVENTS:
            path = ("sender", "id")
        else:
            path = ("recipient", "id")
        return ConnectionLocator(self.channel, external_id=required_str(body, *path))

    def locate_all(self, request: WebhookRequest) -> list[ConnectionLocator]:
        return [self.locate(request)]

    def verify(self, request: WebhookRequest, secrets: ConnectionSecrets, now: datetime) -> None:
        body = json_body(request)
        sent = body.get("timestamp")
        # Zalo sends the timestamp as text; anything unlike one cannot match a signature (401, not 422).
        timestamp = str(sent) if isinstance(sent, (str, int)) and not isinstance(sent, bool) else ""
        digest = hashlib.sha256(
            secrets.get("app_id").encode() + request.body + timestamp.encode() + secrets.get("oa_secret_key").encode()
        ).hexdigest()
        given = request.header(SIGNATURE_HEADER) or ""
        same_signature(digest, given.removeprefix("mac="))

    def parse(self, request: WebhookRequest, connection: Connection) -> list[InboundEvent]:
        body = json_body(request)
        name = str(body.get("event_name", ""))
        sent_at = millis_to_datetime(body.get("timestamp"), "timestamp")
        if name in RECEIPT_EVENTS:
            # The OA's messages the user received or saw, by the ids the send API answered.
            message = body.get("message") if isinstance(body.get("message"), dict) else {}
            ids = [required_str({"id": i}, "id") for i in list_field(message, "msg_ids", "message.")]
            return [InboundEvent(
                connection=connection, kind="receipt", event_key=f"{name}:{body.get('timestamp')}", sent_at=sent_at,
                contact=InboundContact(channel_user_id=required_str(body, "recipient", "id")),
                receipt=RECEIPT_EVENTS[name], receipt_ids=ids,
            )]
        if name in ("follow", "unfollow"):
            return [InboundEvent(
                connection=connection, kind=name, event_key=f"{name}:{body.get('timestamp')}", sent_at=sent_at,
                contact=InboundContact(channel_user_id=required_str(body, "follower", "id")),
            )]
        if "group" in name.split("_") or name in ZNS_EVENTS or name in ACKNOWLEDGED_EVENTS \
                or name.startswith("extension_"):
            return []  # a Zalo group chat, the OA's ZNS templates, consents, labels: nothing of a customer's (above)
        if name in CALL_EVENTS:
            return _call(body, connection, sent_at, name)
        if name == WITHDRAW_EVENT:
            if field(body, "user_id") in (None, ""):
                return []  # reconstructed shape: a body naming no user is acknowledged, never refused
            return [InboundEvent(
                connection=connection, kind="data_request", event_key=f"{name}:{body.get('timestamp')}",
                sent_at=sent_at, contact=InboundContact(channel_user_id=required_str(body, "user_id")),
                text=WITHDRAW_TEXT,
            )]
        if name == PERMISSION_REVOKED_EVENT:
            return [InboundEvent(
                connection=connection, kind="enforcement", event_key=f"{name}:{body.get('timestamp')}", sent_at=sent_at,
                contact=InboundContact(channel_user_id=connection.external_id),
                enforcement=ChannelEnforcement(action="block", reason=REVOKED_REASON, at=sent_at),
            )]
        if name == SHOP_ORDER_EVENT:
            return _shop_order(body, connection, sent_at)
        if name in INTERACTION_EVENTS or name in (CHAT_NOW_EVENT, WIDGET_ACCEPTED_EVENT):
            # Nothing an agent answers, but it keeps the consultation window open; shared details are the contact's.
            if name == WIDGET_ACCEPTED_EVENT:
                if field(body, "data", "user_id") in (None, ""):
                    return []  # reconstructed shape: a body naming no user is acknowledged, never refused
                user = required_str(body, "data", "user_id")
            else:
                user = required_str(body, "user_id") if name == CHAT_NOW_EVENT else required_str(body, "sender", "id")
            name_given, phone = _submitted(body) if name == SUBMIT_INFO_EVENT else (None, None)
            return [InboundEvent(
                connection=connection, kind="interaction", event_key=f"{name}:{body.get('timestamp')}", sent_at=sent_at,
                contact=InboundContact(channel_user_id=user, name=name_given, phone=phone),
            )]
        echo = name.startswith("oa_send_")
        anonymous = name in ANONYMOUS_EVENTS or name.startswith(ANONYMOUS_ECHO_PREFIX)
        if name == ASKING_PRODUCT_EVENT:
            return [self._asking_product(body, connection, sent_at)]
        if name not in MESSAGE_EVENTS and name not in ANONYMOUS_EVENTS and not echo:
            return []  # the OA's own reactions, tags, widgets and other events: acknowledged
        message = body.get("message") if isinstance(body.get("message"), dict) else {}
        if echo:
            kind = ECHO_ATTACHMENTS.get(name.removeprefix(ANONYMOUS_ECHO_PREFIX).removeprefix("oa_send_"), "file")
        else:
            kind = ANONYMOUS_EVENTS[name] if anonymous else MESSAGE_EVENTS[name]
        attachments = [
            _attachment(a, kind) for a in list_field(message, "attachments", "message.") if isinstance(a, dict)
        ]
        # An echo is the OA's own message (sent from Zalo's OA tools or by us): the user is the recipient.
        user = required_str(body, "recipient" if echo else "sender", "id")
        if anonymous:
            user = anonymous_contact(user, required_str(body, "message", "conversation_id"))
        return [
            InboundEvent(
                connection=connection,
                kind="echo" if echo else "message",
                event_key=required_str(body, "message", "msg_id"),
                sent_at=sent_at,
                # Zalo names no anonymous user; without a name the console would show the composite id.
                contact=InboundContact(channel_user_id=user, name=ANONYMOUS_CONTACT_NAME if anonymous else None),
                text=text_field(message.get("text"), "message.text"),
                attachments=attachments,
                channel_message_id=required_str(body, "message", "msg_id"),
            )
        ]

    def _asking_product(self, body: dict, connection: Connection, sent_at: datetime) -> InboundEvent:
        """The user's question (the product's description, else the message's text) with the product as a link."""
        message = body.get("message") if isinstance(body.get("message"), dict) else {}
        product = body.get("product") if isinstance(body.get("product"), dict) else {}
        url = text_field(product.get("url"), "product.url")
        question = text_field(product.get("description"), "product.description")
        return InboundEvent(
            connection=connection, kind="message", event_key=required_str(body, "message", "msg_id"),
            sent_at=sent_at, contact=InboundContact(channel_user_id=required_str(body, "sender", "id")),
            text=question or text_field(message.get("text"), "message.text"),
            attachments=[Attachment(type="link", url=url, name=text_field(product.get("title"), "product.title"))]
            if url else [],
            channel_message_id=required_str(body, "message", "msg_id"),
        )

    def outbound(
        self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str
    ) -> HttpRequest:
        """The first request of `message`: its text, with its first image (a media template) when it has one."""
        images = [a for a in message.attachments if a.url and a.type == "image"]
        return self._cs_message(connection, secrets, message, base_url, text=message.text, image=images[0] if images else None)

    def send(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str,
             post: Post) -> str:
        """The customer-service message API (POST /v3.0/oa/message/cs, `access_token` header): the text with the
        first image, then each further image, then each other file uploaded first (POST /v2.0/oa/upload/file,
        multipart, answers `data.token`) and sent as a `file` attachment naming that token. Sources:
        developers.zalo.me/docs/official-account/tin-nhan/tin-tu-van/gui-tin-tu-van (text, image by media
        template, file by token) and .../upload/upload-file. The id is that of the first request."""
        images = [a for a in message.attachments if a.url and a.type == "image"]
        files = [a for a in message.attachments if a.url and a.type != "image"]
        ids = []
        if message.text or images:
            ids.append(self.sent_id(post(self.outbound(connection, secrets, message, base_url))))
        for image in images[1:]:
            ids.append(self.sent_id(post(self._cs_message(connection, secrets, message, base_url, text=None, image=image))))
        for attachment in files:
            token = self._uploaded(post(HttpRequest(
                url=f"{base_url.rstrip('/')}/v2.0/oa/upload/file", body={},
                headers=self._headers(connection, secrets),
                upload=Upload(url=attachment.url or "", file_name=attachment.name or "file",
                              content_type=attachment.content_type or "application/octet-stream"),
            )))
            ids.append(self.sent_id(post(self._cs_message(connection, secrets, message, base_url, text=None,
                                                          file_token=token))))
        return ids[0] if ids else ""

    def _cs_message(self, connection: Connection, secrets: ConnectionSecrets, message: OutboundMessage, base_url: str, *,
                    text: str | None, image: Attachment | None = None, file_token: str | None = None) -> HttpRequest:
        # The reply names the customer's message it answers (recipient.message_id) beside the user: the form
        # of Zalo's reply to a user's message, which its free replies (8 within 48 h of that message) count on.
        recipient: dict[str, str] = {"user_id": message.recipient}
        if message.reply_to:
            recipient["message_id"] = message.reply_to
        anonymous = anonymous_recipient(message.recipient)
        if anonymous is not None:
            # An anonymous user is reached by their anonymous id in that Zalo conversation (see ANONYMOUS_EVENTS).
            recipient = anonymous
        body: dict = {"recipient": recipient, "message": {}}
        if text:
            body["message"]["text"] = text
        if image is not None:
            body["message"]["attachment"] = {
                "type": "template",
                "payload": {"template_type": "media", "elements": [{"media_type": "image", "url": image.url}]},
            }
        if file_token is not None:
            body["message"]["attachment"] = {"type": "file", "payload": {"token": file_token}}
        return HttpRequest(url=f"{base_url.rstrip('/')}/v3.0/oa/message/cs", body=body,
                           headers=self._headers(connection, secrets))

    @staticmethod
    def _headers(connection: Connection, secrets: ConnectionSecrets) -> dict[str, str]:
        return {"access_token": secrets.get("access_token"), "X-Switchboard-Connection-Id": connection.connection_id}

    def sent_id(self, response: HttpResponse) -> str:
        _refused(response)
        return str(field(response.body, "data", "message_id") or "")

    def _uploaded(self, response: HttpResponse) -> str:
        _refused(response)
        token = field(response.body, "data", "token")
        if not token:
            raise ChannelRejected("Zalo's upload answered no file token", retryable=True)
        return str(token)

    # ------------------------------------------------------------ OAuth v4: the OA's access token

    def can_refresh(self, secrets: ConnectionSecrets) -> bool:
        return bool(secrets.get("refresh_token") and secrets.get("secret_key") and secrets.get("app_id"))

    def refresh_request(self, secrets: ConnectionSecrets, oauth_base_url: str) -> HttpRequest:
        """POST https://oauth.zaloapp.com/v4/oa/access_token, the app's `secret_key` header, a urlencoded form of
        refresh_token, app_id, grant_type=refresh_token (developers.zalo.me/docs/official-account/bat-dau/
        xac-thuc-va-uy-quyen-cho-ung-dung-new, "Lấy access token từ refresh token")."""
        return HttpRequest(
            url=f"{oauth_base_url.rstrip('/')}/v4/oa/access_token",
            body={"refresh_token": secrets.get("refresh_token"), "app_id": secrets.get("app_id"),
                  "grant_type": "refresh_token"},
            headers={"secret_key": secrets.get("secret_key")},
            form=True,
        )

    def refreshed(self, response: HttpResponse, now: datetime) -> dict[str, str]:
        """The new pair from the OAuth answer `{"access_token", "refresh_token", "expires_in": "90000"}` (seconds, as
        text: 25 hours); the refresh token is used once and replaced by this one. An error answers
        `{"error": <negative code>, "error_name", "error_description"}`."""
        body = response.body
        access, refresh = body.get("access_token"), body.get("refresh_token")
        if response.status >= 500 or response.status == 429:
            raise ChannelRejected(f"Zalo's OAuth answered {response.status}", retryable=True)
        if response.status >= 400 or not access or not refresh:
            why = body.get("error_description") or body.get("error_name") or body.get("error") or response.status
            raise ChannelRejected(f"Zalo refused to refresh the access token ({why}): connect the OA again",
                                  retryable=False, code="token_expired")
        try:
            seconds = int(str(body.get("expires_in", EXPIRES_IN_SECONDS)))
        except ValueError:
            seconds = EXPIRES_IN_SECONDS
        return {"access_token": str(access), "refresh_token": str(refresh),
                "access_token_expires_at": (now + timedelta(seconds=seconds)).isoformat()}


# OA API error codes: Zalo's table "Mã lỗi" (developers.zalo.me/docs/official-account/phu-luc/ma-loi; the page
# itself is not in our searchable corpus, so checked against the table as integrations reproduce it word for word,
# e.g. hoangnd25/monorepo wip/zalo-platform-integration.md "Complete Error Code Reference", and the same codes and
# Vietnamese texts in several OA clients' tables). Zalo answers HTTP 200 with `{"error": <code>, "message": ...}`;
# 0 is success. -124 is not in the OA table (kept: an expired token some clients report; a refresh is harmless).
TOKEN_ERRORS = {-216: "the access token is invalid", -220: "the access token has expired or was removed",
                -124: "the access token has expired"}
WINDOW_ERRORS = {
    -230: "the user has not interacted with the OA in the past 7 days",
    -232: "the user has not interacted with the OA, or the last interaction has expired",
    -218: "the messages this user may receive from the OA are used up",
}
RECIPIENT_ERRORS = {
    -213: "the user has not followed the OA",
    -217: "the user has blocked the OA's invitations",
    -227: "the user is banned or has been inactive for more than 45 days",
    -244: "the user has restricted this type of message from the OA",
}
RETRY_ERRORS = {-32: "the app reached Zalo's API call limit"}
# Refused for good, with what the seller must do about it.
FAILED_ERRORS = {
    -201: "a parameter is invalid",
    -211: "the OA's quota for this feature is used up",
    -233: "this message type is not supported",
    -320: "a paid consultation message (after the 48-hour free replies) needs the app linked to a Zalo Cloud Account",
    -321: "a paid consultation message could not be billed: the linked Zalo Cloud Account is out of money",
}
EXPIRES_IN_SECONDS = 90000  # 25 hours, what Zalo's OAuth answers today


def anonymous_contact(anonymous_id: str, conversation_id: str) -> str:
    """The channel id of an anonymous user in one Zalo conversation: both ids a reply must name."""
    if ":" in anonymous_id:
        raise InvalidFields("sender.id of an anonymous user must not contain ':'")  # it separates the two ids
    return f"{ANONYMOUS_CONTACT_PREFIX}{anonymous_id}:{conversation_id}"


def anonymous_recipient(channel_user_id: str) -> dict[str, str] | None:
    """The send API's recipient for an anonymous contact, `{anonymous_id, conversation_id}`; None for a follower."""
    if not channel_user_id.startswith(ANONYMOUS_CONTACT_PREFIX):
        return None
    anonymous_id, _, conversation_id = channel_user_id.removeprefix(ANONYMOUS_CONTACT_PREFIX).partition(":")
    return {"anonymous_id": anonymous_id, "conversation_id": conversation_id}


def _refused(response: HttpResponse) -> None:
    """Raise what a failed Zalo answer means: retry (5xx, 429, rate limit), refresh the token, the window closed,
    the user cannot be reached, or refused for good."""
    if response.status >= 500 or response.status == 429:
        raise ChannelRejected(f"Zalo answered {response.status}", retryable=True)
    error = response.body.get("error")
    if response.status < 400 and error in (0, "0"):
        return
    try:
        code = int(error)
    except (TypeError, ValueError):
        code = None
    said = response.body.get("message") or f"HTTP {response.status}"
    if code in TOKEN_ERRORS:
        raise TokenExpired(f"Zalo error {code}: {TOKEN_ERRORS[code]} ({said})")
    if code in WINDOW_ERRORS:
        raise WindowClosed(f"Zalo error {code}: {WINDOW_ERRORS[code]} ({said})")
    if code in RECIPIENT_ERRORS:
        raise RecipientUnavailable(f"Zalo error {code}: {RECIPIENT_ERRORS[code]} ({said})")
    if code in RETRY_ERRORS:
        raise ChannelRejected(f"Zalo error {code}: {RETRY_ERRORS[code]} ({said})", retryable=True)
    if code in FAILED_ERRORS:
        raise ChannelRejected(f"Zalo error {code}: {FAILED_ERRORS[code]} ({said})", retryable=False)
    raise ChannelRejected(f"Zalo refused the message: error {error} ({said})", retryable=False)


def _attachment(value: dict, kind: str | None) -> Attachment:
    """A Zalo attachment kept whole: a file's name and size, a location's coordinates (as a geo: URI, RFC 5870)."""
    found = attachment_of(value, kind)
    payload = value.get("payload") if isinstance(value.get("payload"), dict) else {}
    if found.type == "location":
        point = _coordinates(payload.get("coordinates"))
        return found.model_copy(update={"url": f"geo:{point}", "name": point}) if point else found
    if found.type == "file":
        size = payload.get("size")
        return found.model_copy(update={
            "name": text_field(payload.get("name"), "attachments[].payload.name"),
            "size": _size(size),
        })
    return found


def _shop_order(body: dict, connection: Connection, sent_at: datetime) -> list[InboundEvent]:
    """The buyer's order in the OA's shop: its id (Zalo's `order_id` when the body names one, else the event's
    time, which the thread's card shows) and its time, for the buyer's conversation (see SHOP_ORDER_EVENT). A body
    naming no buyer is acknowledged: its shape is reconstructed, and Zalo disables a webhook that refuses."""
    if field(body, "customer", "id") in (None, ""):
        return []
    buyer = required_str(body, "customer", "id")
    order_id = _short_id(body.get("order_id", field(body, "order", "id"))) or f"zalo-{body.get('timestamp')}"
    return [InboundEvent(
        connection=connection, kind="order", event_key=f"{SHOP_ORDER_EVENT}:{buyer}:{body.get('timestamp')}",
        sent_at=sent_at, contact=InboundContact(channel_user_id=buyer), card=Card(kind="order", id=order_id),
        order={"id": order_id, "created_at": sent_at.isoformat()},
    )]


def _call(body: dict, connection: Connection, sent_at: datetime, name: str) -> list[InboundEvent]:
    """An ended call between the OA and the user (see CALL_EVENTS), as the sentence the thread shows: who called,
    audio or video, and how long they talked (`talk_time`, else `call_duration`, in ms), or that nobody answered.
    A body naming no user is acknowledged: its shape is reconstructed, and Zalo disables a webhook that refuses."""
    if field(body, "user_id") in (None, ""):
        return []
    user = required_str(body, "user_id")
    kind = "video call" if str(body.get("call_type", "")).upper() == "VIDEO" else "audio call"
    talked = _millis(body.get("talk_time", body.get("call_duration")))
    by_user = CALL_EVENTS[name] == "user"
    if talked:
        who = "The customer called the OA" if by_user else "The OA called the customer"
        text = f"{who} ({kind}, {_duration(talked)})"
    else:
        text = f"Missed {kind} from the customer" if by_user else f"The OA's {kind} to the customer was not answered"
    key = _short_id(body.get("call_id")) or str(body.get("timestamp"))
    return [InboundEvent(
        connection=connection, kind="call", event_key=f"{name}:{key}", sent_at=sent_at,
        contact=InboundContact(channel_user_id=user), text=text, interaction=by_user,
    )]


def _short_id(value: object) -> str | None:
    """An id the body may carry (text or a number) as text, or None when it carries none fit to key on."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not 0 < len(str(value)) <= MAX_ID_CHARS:
        return None
    return str(value)


def _millis(value: object) -> int:
    """A duration Zalo writes in ms (as text or a number): 0 when it is none or no count of ms, at most a day."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).isdigit() or len(str(value)) > 9:
        return 0
    return min(int(value), 86_400_000)


def _duration(millis: int) -> str:
    """"2 min 5 s", "45 s", "1 h 3 min": a call's length as the thread shows it."""
    seconds = max(1, round(millis / 1000))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


MAX_NAME_CHARS = 200  # a name the user typed in the OA's form
MAX_PHONE_CHARS = 32


def _submitted(body: dict) -> tuple[str | None, str | None]:
    """The name and phone the user shared (user_submit_info `info`), each kept only as a short text: a form's
    fields are the user's own typing, and anything else is not kept (never refused: Zalo would retry)."""
    info = body.get("info") if isinstance(body.get("info"), dict) else {}

    def kept(value: object, limit: int) -> str | None:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        return text[:limit] or None

    return kept(info.get("name"), MAX_NAME_CHARS), kept(info.get("phone"), MAX_PHONE_CHARS)


def _coordinates(value: object) -> str | None:
    """"latitude,longitude" from Zalo's {latitude, longitude} (numbers written as text), or None if they are not numbers."""
    if not isinstance(value, dict):
        return None
    latitude, longitude = value.get("latitude", value.get("lat")), value.get("longitude", value.get("long"))
    try:
        if isinstance(latitude, bool) or isinstance(longitude, bool):
            return None
        if not (-90 <= float(latitude) <= 90 and -180 <= float(longitude) <= 180):
            return None
    except (TypeError, ValueError):
        return None
    # Written back from the numbers: the same text for what Zalo sends, bounded whatever a body holds.
    return f"{float(latitude)},{float(longitude)}"


def _size(value: object) -> int | None:
    """A file's size in bytes (Zalo writes it as text); anything else, or beyond any real file, is not kept."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).isdigit() or len(str(value)) > 15:
        return None
    return int(value)
