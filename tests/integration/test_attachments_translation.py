"""Replies naming uploaded files, and translation, through the reply, console and deliver code on moto.

Translate is not in moto: its client is a real boto3 client under botocore's Stubber, so the
requests are checked against Translate's own API model and any unexpected call fails the test.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import boto3
import botocore.client
import pytest
from botocore.stub import Stubber

from switchboard import wiring
from switchboard.adapters.translation import AmazonTranslator
from switchboard.clock import current_clock
from switchboard.settings import settings
from tests.e2e.channels import zalo_text
from tests.integration.support import claims_for, http_event, invoke, new_org


def _customer_writes(oa_id: str, user: str, text: str) -> str:
    # The message arrives when Zalo says it was sent (real time), so the agent's answer a minute later is
    # within Zalo's reply window.
    clock = current_clock()
    clock.advance(max((datetime.now(UTC) - clock.now()).total_seconds(), 0))
    body, headers = zalo_text(app_id="app", secret="secret", oa_id=oa_id, user_id=user, text=text)
    response = invoke("ingest", http_event("POST", "/webhooks/zalo", body=body, headers=headers))
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])["conversation_ids"][0]


def _reply(agent, conversation_id: str, body: dict) -> dict:
    path = f"/conversations/{conversation_id}/messages"
    return invoke("reply", http_event("POST", path, route="/conversations/{conversation_id}/messages", body=body,
                                      claims=claims_for(agent), path_params={"conversation_id": conversation_id}))


def _messages(agent, conversation_id: str, query: str = "") -> dict:
    path = f"/conversations/{conversation_id}/messages"
    event = http_event("GET", path, route="/conversations/{conversation_id}/messages", claims=claims_for(agent),
                       path_params={"conversation_id": conversation_id})
    event["rawQueryString"] = query
    event["queryStringParameters"] = {k: v[0] for k, v in parse_qs(query).items()} or None
    return invoke("console", event)


def _after_the_customer(clock) -> None:
    """Inbound messages sort by the channel's own (real) send time; the agent answers a minute later."""
    clock.advance((datetime.now(UTC) - clock.now()).total_seconds() + 60)


def _error(response: dict) -> tuple[int, str]:
    return response["statusCode"], json.loads(response["body"])["error"]["code"]


@pytest.fixture
def translate(monkeypatch):
    """Translate as the handlers see it: a real client whose answers the test queues."""
    client = boto3.session.Session().client(
        "translate", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    monkeypatch.setattr(wiring, "translator", lambda: AmazonTranslator(client))
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


# ------------------------------------------------------------------ translation


def test_a_draft_is_translated_into_the_contacts_language(aws, clock, translate):
    # Given an agent's English draft, and Translate answering in Vietnamese
    owner, _, _, _ = new_org(1)
    translate.add_response(
        "translate_text",
        {"TranslatedText": "Dạ còn ạ!", "SourceLanguageCode": "en", "TargetLanguageCode": "vi"},
        {"Text": "Yes, still in stock!", "SourceLanguageCode": "auto", "TargetLanguageCode": "vi"},
    )

    # When the console asks for the draft in Vietnamese
    response = invoke("reply", http_event("POST", "/translate", claims=claims_for(owner),
                                          body={"text": "Yes, still in stock!", "target_language": "vi"}))

    # Then the translation and the draft's detected language come back
    assert response["statusCode"] == 200, response
    assert json.loads(response["body"]) == {"text": "Dạ còn ạ!", "source_language": "en"}


@pytest.mark.parametrize(
    ("service_code", "http_status", "expected"),
    [
        ("UnsupportedLanguagePairException", 400, (422, "unsupported_language_pair")),
        ("TextSizeLimitExceededException", 400, (422, "text_too_long")),
        ("TooManyRequestsException", 429, (503, "translation_service_unavailable")),
    ],
)
def test_translate_refusals_and_throttling_answer_with_the_api_error_body(aws, clock, translate, service_code,
                                                                           http_status, expected):
    # Given Translate refuses or throttles the call
    owner, _, _, _ = new_org(1)
    translate.add_client_error("translate_text", service_error_code=service_code, http_status_code=http_status,
                               service_message="stubbed")

    # When a draft is translated
    response = invoke("reply", http_event("POST", "/translate", claims=claims_for(owner),
                                          body={"text": "hello", "target_language": "vi"}))

    # Then the status and code say whose fault it is, in the API's error body
    assert _error(response) == expected
    assert set(json.loads(response["body"])["error"]) == {"code", "message"}


@pytest.mark.parametrize("language", ["english", "e", "zh_TW", "12"])
def test_malformed_language_codes_are_refused_at_the_edge(aws, clock, translate, language):
    # Given a conversation with a customer message
    owner, _, _, oa_id = new_org(1)
    conversation_id = _customer_writes(oa_id, "u-lang", "Xin chào")

    # When a draft or the messages are asked for in a malformed language code
    draft = invoke("reply", http_event("POST", "/translate", claims=claims_for(owner),
                                       body={"text": "hello", "target_language": language}))
    page = _messages(owner, conversation_id, f"translate_to={language}")

    # Then both are 422 and Translate is never called (the stub has nothing queued)
    assert _error(draft) == (422, "validation_error")
    assert _error(page) == (422, "validation_error")


def test_translate_to_translates_each_customer_text_once_and_leaves_the_agents_messages(aws, clock, translate):
    # Given a conversation: a Vietnamese customer message, then the agent's reply
    owner, _, _, oa_id = new_org(1)
    conversation_id = _customer_writes(oa_id, "u-tr", "Còn size M không?")
    _after_the_customer(clock)
    assert _reply(owner, conversation_id, {"text": "Dạ còn ạ!"})["statusCode"] == 201
    # Exactly one call is queued: a second one would fail the request and the test
    translate.add_response(
        "translate_text",
        {"TranslatedText": "Is size M still available?", "SourceLanguageCode": "vi", "TargetLanguageCode": "zh-TW"},
        {"Text": "Còn size M không?", "SourceLanguageCode": "auto", "TargetLanguageCode": "zh-TW"},
    )

    # When the agent reads the messages with translate_to
    response = _messages(owner, conversation_id, "translate_to=zh-TW")

    # Then the customer's message carries the translation, the agent's own carries none
    assert response["statusCode"] == 200, response
    items = json.loads(response["body"])["items"]
    assert [(m["direction"], m["translation"]) for m in items] == [
        ("in", {"language": "zh-TW", "text": "Is size M still available?", "source_language": "vi"}),
        ("out", None),
    ]


def test_without_translate_to_no_translation_is_asked_for(aws, clock, translate):
    # Given a conversation with a customer message (and nothing queued at Translate)
    owner, _, _, oa_id = new_org(1)
    conversation_id = _customer_writes(oa_id, "u-none", "Xin chào")

    # When the messages are read without translate_to / Then no translation, and no call
    items = json.loads(_messages(owner, conversation_id)["body"])["items"]
    assert [m["translation"] for m in items] == [None]


# ------------------------------------------------------------------ attachments


def _upload(agent, file_name: str, content_type: str, size: int) -> dict:
    response = invoke("reply", http_event("POST", "/uploads", claims=claims_for(agent),
                                          body={"file_name": file_name, "content_type": content_type, "size": size}))
    assert response["statusCode"] == 201, response
    return json.loads(response["body"])


def test_a_reply_references_the_uploaded_file_and_channels_get_a_link_to_it(aws, clock):
    # Given an uploaded photo
    owner, _, _, oa_id = new_org(1)
    conversation_id = _customer_writes(oa_id, "u-att", "Ảnh sản phẩm?")
    _after_the_customer(clock)
    upload = _upload(owner, "red shoes.jpg", "image/jpeg", 5)
    assert upload["object_key"].startswith(f"{owner.org_id}/")
    boto3.client("s3").put_object(Bucket=settings().attachments_bucket, Key=upload["object_key"], Body=b"\xff\xd8jpg",
                                  ContentType="image/jpeg")

    # When the agent replies naming it
    response = _reply(owner, conversation_id, {"text": "Đây ạ", "attachments": [{"object_key": upload["object_key"]}]})

    # Then the message records what the bucket holds and shows a pre-signed download URL
    assert response["statusCode"] == 201, response
    [shown] = json.loads(response["body"])["attachments"]
    assert {k: shown[k] for k in ("type", "name", "object_key", "content_type", "size")} == {
        "type": "image", "name": "red shoes.jpg", "object_key": upload["object_key"], "content_type": "image/jpeg", "size": 5,
    }
    assert "X-Amz-Signature" in shown["url"] and urlparse(shown["url"]).path.endswith("/red%20shoes.jpg")
    [listed] = json.loads(_messages(owner, conversation_id)["body"])["items"][-1]["attachments"]
    assert listed["object_key"] == upload["object_key"] and "X-Amz-Signature" in listed["url"]

    # And delivery sends Zalo a link it can fetch, not the bucket key
    from switchboard.delivery.deliver import DeliverDeps, deliver
    from switchboard.models import Channel

    class Recorder:
        def __init__(self):
            self.requests = []

        def post(self, request):
            from switchboard.adapters.http import HttpResponse

            self.requests.append(request)
            return HttpResponse(200, {"error": 0, "data": {"message_id": "z-1"}})

    sender = Recorder()
    sort_key = wiring.conversations().messages(conversation_id, limit=10, cursor=None)[0][-1].sort_key
    outcome = deliver(conversation_id, sort_key, attempt=1, max_attempts=5, deps=DeliverDeps(
        conversations=wiring.conversations(), connections=wiring.connections(), secrets=wiring.secret_store(),
        sender=sender, base_urls={Channel.ZALO: "https://zalo.example"}, attachments=wiring.attachment_store()))
    assert outcome == "sent"
    [element] = sender.requests[0].body["message"]["attachment"]["payload"]["elements"]
    assert element["media_type"] == "image" and "X-Amz-Signature" in element["url"]
    assert upload["object_key"].split("/")[1] in element["url"]


def test_a_reply_naming_a_file_not_uploaded_or_of_another_organization_is_refused(aws, clock):
    # Given an upload URL that was never used, and a file another organization uploaded
    owner, _, _, oa_id = new_org(1)
    other, _, _, _ = new_org(1)
    conversation_id = _customer_writes(oa_id, "u-ref", "hello")
    never_used = _upload(owner, "a.pdf", "application/pdf", 3)["object_key"]
    theirs = _upload(other, "b.pdf", "application/pdf", 3)["object_key"]
    boto3.client("s3").put_object(Bucket=settings().attachments_bucket, Key=theirs, Body=b"pdf")

    # When the agent replies naming either
    not_uploaded = _reply(owner, conversation_id, {"attachments": [{"object_key": never_used}]})
    foreign = _reply(owner, conversation_id, {"attachments": [{"object_key": theirs}]})

    # Then 422 and 404, and no message was stored
    assert _error(not_uploaded) == (422, "attachment_not_uploaded")
    assert _error(foreign) == (404, "attachment_not_found")
    assert [m.direction for m in wiring.conversations().messages(conversation_id, limit=10, cursor=None)[0]] == ["in"]


def test_a_reply_without_uploaded_files_makes_no_request_to_s3(aws, clock, monkeypatch):
    # Given a conversation, and every AWS call counted by service
    owner, _, _, oa_id = new_org(1)
    conversation_id = _customer_writes(oa_id, "u-hot", "hello")
    services: list[str] = []
    real_call = botocore.client.BaseClient._make_api_call

    def counting(self, operation, params):
        services.append(self.meta.service_model.service_name)
        return real_call(self, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", counting)

    # When the agent replies with text and a link attachment
    response = _reply(owner, conversation_id, {"text": "hi", "attachments": [{"type": "image", "url": "https://cdn.example/x.png"}]})

    # Then the reply is stored without asking S3 anything
    assert response["statusCode"] == 201, response
    assert "s3" not in services and "dynamodb" in services
