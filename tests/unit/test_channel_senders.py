"""Contract tests of the Zalo and Messenger senders: the requests they make, in each channel's documented form,
and what each documented answer means (sent, retry, refresh the token, window closed, failed for good).

Sources of the request and answer shapes:
- Zalo OA API v3, customer-service message: developers.zalo.me/docs/official-account/tin-nhan/tin-tu-van/gui-tin-tu-van
  (POST https://openapi.zalo.me/v3.0/oa/message/cs, `access_token` header; answer
  `{"error": 0, "message": "Success", "data": {"message_id", "user_id"}}`); file upload
  .../upload/upload-file (POST /v2.0/oa/upload/file, multipart, answer `data.token`); error codes
  developers.zalo.me/docs/official-account/phu-luc/ma-loi, checked code by code against its reproductions
  (see the table above test_each_documented_zalo_error_means_retry_refresh_window_or_fail).
- Zalo OAuth v4 refresh: developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new
  (POST https://oauth.zaloapp.com/v4/oa/access_token, header secret_key, form refresh_token/app_id/
  grant_type=refresh_token; answer access_token, refresh_token, expires_in "90000").
- Messenger Send API: developers.facebook.com/docs/messenger-platform/reference/send-api and send-messages
  (messaging_type RESPONSE / UPDATE / MESSAGE_TAG + tag HUMAN_AGENT); Attachment Upload API
  .../reference/attachment-upload-api (answer `{"attachment_id"}`); error codes
  developers.facebook.com/docs/messenger-platform/error-codes (10/2018278 outside the allowed window,
  551/1545041 person not available, 613 rate limit, 1200 temporary failure, 190 invalid token).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from switchboard.adapters.http import HttpRequest, HttpResponse
from switchboard.channels.base import OutboundMessage, send_message
from switchboard.channels.messenger import MessengerAdapter
from switchboard.channels.zalo import ZaloAdapter
from switchboard.errors import ChannelRejected, RecipientUnavailable, TokenExpired, WindowClosed
from switchboard.models import Attachment, Channel, ConnectionSecrets

from tests.unit.builders import connection

ZALO, MESSENGER = ZaloAdapter(), MessengerAdapter()
ZALO_CONN = connection(Channel.ZALO, external_id="oa-1", connection_id="cn-z")
FB_CONN = connection(Channel.MESSENGER, external_id="page-1", connection_id="cn-fb")
ZALO_SECRETS = ConnectionSecrets(values={"app_id": "app-1", "oa_secret_key": "oa-secret", "access_token": "zt-1",
                                         "refresh_token": "zr-1", "secret_key": "app-secret"})
FB_SECRETS = ConnectionSecrets(values={"app_secret": "s", "verify_token": "v", "page_access_token": "pat-1"})
NOW = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)

# Answers as the documentation shows them.
ZALO_SENT = HttpResponse(200, {"error": 0, "message": "Success", "data": {"message_id": "zmid-1", "user_id": "zu-42"}})
FB_SENT = HttpResponse(200, {"recipient_id": "psid-7", "message_id": "m_AG5Hz2U"})


class Channel_:
    """A channel's API as a list of answers, recording each request it was sent."""

    def __init__(self, *answers: HttpResponse) -> None:
        self.answers, self.requests = list(answers), []

    def post(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        return self.answers.pop(0)


def fb_error(status: int, code: int, subcode: int | None = None, message: str = "x") -> HttpResponse:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "BLBz/WZt8dN"}
    if subcode:
        error["error_subcode"] = subcode
    return HttpResponse(status, {"error": error})


# ---------------------------------------------------------------- Zalo

def test_a_zalo_reply_names_the_user_and_the_customers_message_it_answers():
    # Given a text reply answering the customer's Zalo message zm-9
    api = Channel_(ZALO_SENT)
    message = OutboundMessage(recipient="zu-42", text="Dạ còn ạ", attachments=[], message_id="ms-1", reply_to="zm-9")
    # When it is sent
    sent = send_message(ZALO, ZALO_CONN, ZALO_SECRETS, message, "https://openapi.zalo.me", api.post)
    # Then one customer-service message went out with the OA's token, naming the user and the message answered
    [request] = api.requests
    assert request.url == "https://openapi.zalo.me/v3.0/oa/message/cs"
    assert request.headers["access_token"] == "zt-1"
    assert request.body == {"recipient": {"user_id": "zu-42", "message_id": "zm-9"}, "message": {"text": "Dạ còn ạ"}}
    assert sent == "zmid-1"


def test_a_zalo_reply_to_an_anonymous_user_names_their_anonymous_id_in_that_zalo_conversation():
    # Given a reply to a user who wrote without following the OA (anonymous_send_text: anonymous id a3f9, Zalo
    # conversation c0de; sources in switchboard/channels/zalo.py, ANONYMOUS_EVENTS)
    api = Channel_(ZALO_SENT)
    message = OutboundMessage(recipient="anonymous:a3f9:c0de", text="Dạ còn ạ", attachments=[], message_id="ms-1",
                              reply_to="zm-9")
    # When it is sent
    send_message(ZALO, ZALO_CONN, ZALO_SECRETS, message, "https://openapi.zalo.me", api.post)
    # Then the customer-service message names the anonymous user in their conversation, as Zalo's anonymous reply does
    [request] = api.requests
    assert request.url == "https://openapi.zalo.me/v3.0/oa/message/cs"
    assert request.body == {"recipient": {"anonymous_id": "a3f9", "conversation_id": "c0de"},
                            "message": {"text": "Dạ còn ạ"}}


def test_a_zalo_file_is_uploaded_first_and_sent_by_its_token():
    # Given a reply with text, two images and a PDF
    api = Channel_(ZALO_SENT, ZALO_SENT, HttpResponse(200, {"error": 0, "message": "Success", "data": {"token": "ftok"}}),
                   ZALO_SENT)
    files = [Attachment(type="image", url="https://s3/a.jpg"), Attachment(type="image", url="https://s3/b.jpg"),
             Attachment(type="file", url="https://s3/bill.pdf", name="bill.pdf", content_type="application/pdf")]
    message = OutboundMessage(recipient="zu-42", text="Hoá đơn", attachments=files, message_id="ms-1")
    # When it is sent
    send_message(ZALO, ZALO_CONN, ZALO_SECRETS, message, "https://openapi.zalo.me", api.post)
    # Then the text travels with the first image, the second image alone, and the PDF is uploaded then sent by token
    text, image, upload, file = api.requests
    assert text.body["message"]["text"] == "Hoá đơn"
    assert text.body["message"]["attachment"]["payload"] == {
        "template_type": "media", "elements": [{"media_type": "image", "url": "https://s3/a.jpg"}]}
    assert image.body["message"]["attachment"]["payload"]["elements"][0]["url"] == "https://s3/b.jpg"
    assert upload.url == "https://openapi.zalo.me/v2.0/oa/upload/file" and upload.headers["access_token"] == "zt-1"
    assert (upload.upload.url, upload.upload.file_name, upload.upload.field) == ("https://s3/bill.pdf", "bill.pdf", "file")
    assert file.body["message"] == {"attachment": {"type": "file", "payload": {"token": "ftok"}}}


def test_a_zalo_reply_of_a_file_alone_is_its_upload_and_its_file_message():
    # Given a reply holding only a PDF
    api = Channel_(HttpResponse(200, {"error": 0, "message": "Success", "data": {"token": "ftok"}}), ZALO_SENT)
    message = OutboundMessage(recipient="zu-42", text=None, message_id="ms-1",
                              attachments=[Attachment(type="file", url="https://s3/bill.pdf", name="bill.pdf")])
    # When it is sent / Then no empty message goes first: the upload, then the file by its token
    assert send_message(ZALO, ZALO_CONN, ZALO_SECRETS, message, "https://openapi.zalo.me", api.post) == "zmid-1"
    upload, file = api.requests
    assert upload.upload is not None and file.body["message"] == {"attachment": {"type": "file", "payload": {"token": "ftok"}}}


# Zalo's OA API error table ("Mã lỗi", developers.zalo.me/docs/official-account/phu-luc/ma-loi), as the English
# and Vietnamese texts are reproduced by integrations that copy it (e.g. hoangnd25/monorepo
# wip/zalo-platform-integration.md "Complete Error Code Reference"; the same codes and words in several
# Vietnamese OA clients' tables): each code, its words, and what a send that meets it must do.
@pytest.mark.parametrize("code,words,error,retryable", [
    (-216, "Access token is invalid", TokenExpired, False),
    (-220, "access_token is expired or removed", TokenExpired, False),
    (-230, "User has not interacted with OA in past 7 days", WindowClosed, False),
    (-232, "User has not interacted, or last interaction expired", WindowClosed, False),
    (-218, "Out of quota receive", WindowClosed, False),  # the sends one user may receive are used up
    (-213, "User has not followed OA", RecipientUnavailable, False),
    (-217, "User has blocked invitation from OA", RecipientUnavailable, False),
    (-227, "User is banned or inactive for more than 45 days", RecipientUnavailable, False),
    (-244, "User has restricted this message type from your OA", RecipientUnavailable, False),
    (-32, "Your application reached limit call api", ChannelRejected, True),
    (-201, "Parameters are invalid", ChannelRejected, False),
    (-320, "App needs Zalo Cloud Account connection", ChannelRejected, False),
    (-321, "Zalo Cloud Account out of money", ChannelRejected, False),
])
def test_each_documented_zalo_error_means_retry_refresh_window_or_fail(code, words, error, retryable):
    # Given a Zalo answer of each kind / When the sender reads it / Then it raises what that answer means
    with pytest.raises(error) as caught:
        ZALO.sent_id(HttpResponse(200, {"error": code, "message": words}))
    assert caught.value.retryable is retryable
    assert type(caught.value) is error
    # And the failed message says the code and what Zalo means by it, in Zalo's words and ours
    assert str(code) in str(caught.value) and words in str(caught.value)


def test_a_zalo_5xx_is_retried():
    with pytest.raises(ChannelRejected) as caught:
        ZALO.sent_id(HttpResponse(503, {}))
    assert caught.value.retryable is True


def test_a_paid_consultation_message_zalo_cannot_bill_says_what_the_seller_must_do():
    with pytest.raises(ChannelRejected) as caught:
        ZALO.sent_id(HttpResponse(200, {"error": -320, "message": "App needs Zalo Cloud Account connection"}))
    assert "Zalo Cloud Account" in str(caught.value) and "consultation" in str(caught.value)


def test_a_window_error_carries_the_code_the_messaging_window_policy_uses():
    with pytest.raises(WindowClosed) as caught:
        ZALO.sent_id(HttpResponse(200, {"error": -230, "message": "no interaction"}))
    assert caught.value.code == "outside_messaging_window" and "-230" in str(caught.value)


def test_the_zalo_token_is_refreshed_as_oauth_v4_documents_and_the_rotated_pair_kept():
    # Given a connection with a refresh token and the app's secret key
    request = ZALO.refresh_request(ZALO_SECRETS, "https://oauth.zaloapp.com")
    # Then the request is OAuth v4's form with the secret_key header
    assert request.url == "https://oauth.zaloapp.com/v4/oa/access_token" and request.form
    assert request.body == {"refresh_token": "zr-1", "app_id": "app-1", "grant_type": "refresh_token"}
    assert request.headers == {"secret_key": "app-secret"}
    # And its answer gives the new access token, the new refresh token and when the access token expires (25 h)
    pair = ZALO.refreshed(HttpResponse(200, {"access_token": "zt-2", "refresh_token": "zr-2", "expires_in": "90000"}), NOW)
    assert pair == {"access_token": "zt-2", "refresh_token": "zr-2", "access_token_expires_at": "2026-12-03T06:00:00+00:00"}


def test_a_refused_refresh_says_to_connect_again():
    # Given Zalo's answer to a used refresh token / When read / Then a permanent token_expired failure
    with pytest.raises(ChannelRejected) as caught:
        ZALO.refreshed(HttpResponse(200, {"error": -14014, "error_name": "Invalid refresh token"}), NOW)
    assert not caught.value.retryable and caught.value.code == "token_expired" and "connect" in str(caught.value)


# ---------------------------------------------------------------- Messenger

def test_a_messenger_reply_inside_the_window_is_a_response():
    api = Channel_(FB_SENT)
    message = OutboundMessage(recipient="psid-7", text="Hello", attachments=[], message_id="ms-1")
    assert send_message(MESSENGER, FB_CONN, FB_SECRETS, message, "https://graph.facebook.com", api.post) == "m_AG5Hz2U"
    [request] = api.requests
    assert request.url == "https://graph.facebook.com/v21.0/me/messages?access_token=pat-1"
    # And the message carries our id as its metadata, which Meta echoes back with our app's id
    assert request.body == {"recipient": {"id": "psid-7"}, "messaging_type": "RESPONSE",
                            "message": {"text": "Hello", "metadata": "ms-1"}}


def test_a_messenger_reply_tagged_human_agent_is_a_message_tag():
    # Given a message the window policy tagged HUMAN_AGENT
    api = Channel_(FB_SENT)
    message = OutboundMessage(recipient="psid-7", text="Xin lỗi vì chậm", attachments=[], message_id="ms-1",
                              messaging_tag="HUMAN_AGENT")
    send_message(MESSENGER, FB_CONN, FB_SECRETS, message, "https://graph.facebook.com", api.post)
    # Then it is sent as MESSAGE_TAG with that tag
    assert api.requests[0].body == {"recipient": {"id": "psid-7"}, "messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT",
                                    "message": {"text": "Xin lỗi vì chậm", "metadata": "ms-1"}}


def test_a_messenger_attachment_is_uploaded_then_sent_by_its_attachment_id():
    # Given a reply with text and a PDF
    api = Channel_(FB_SENT, HttpResponse(200, {"attachment_id": "1857777774821032"}), FB_SENT)
    message = OutboundMessage(recipient="psid-7", text="Hoá đơn", message_id="ms-1",
                              attachments=[Attachment(type="file", url="https://s3/bill.pdf")])
    send_message(MESSENGER, FB_CONN, FB_SECRETS, message, "https://graph.facebook.com", api.post)
    # Then the text goes first, then the file through the Attachment Upload API, then a message naming its id
    text, upload, file = api.requests
    assert text.body["message"] == {"text": "Hoá đơn", "metadata": "ms-1"}
    assert upload.url == "https://graph.facebook.com/v21.0/me/message_attachments?access_token=pat-1"
    assert upload.body == {"message": {"attachment": {"type": "file", "payload": {"url": "https://s3/bill.pdf", "is_reusable": True}}}}
    assert file.body == {"recipient": {"id": "psid-7"}, "messaging_type": "RESPONSE",
                         "message": {"attachment": {"type": "file", "payload": {"attachment_id": "1857777774821032"}},
                                     "metadata": "ms-1"}}


@pytest.mark.parametrize("answer,error,retryable", [
    (fb_error(400, 10, 2018278, "(#10) This message is sent outside of allowed window."), WindowClosed, False),
    (fb_error(400, 551, 1545041, "This person isn't available right now."), RecipientUnavailable, False),
    (fb_error(400, 100, 2018001, "(#100) No matching user found"), RecipientUnavailable, False),
    (fb_error(400, 613, None, "(#613) Calls to this API have exceeded the rate limit."), ChannelRejected, True),
    (fb_error(500, 1200, None, "Temporary send message failure"), ChannelRejected, True),
    (fb_error(400, 190, None, "Invalid OAuth access token."), TokenExpired, False),
    (fb_error(400, 100, None, "(#100) Invalid parameter"), ChannelRejected, False),
])
def test_each_documented_messenger_error_means_retry_window_or_fail(answer, error, retryable):
    with pytest.raises(error) as caught:
        MESSENGER.sent_id(answer)
    assert type(caught.value) is error and caught.value.retryable is retryable
