"""Translation: Amazon Translate's answers and errors through the adapter (botocore Stubber on a real
client), and the console's use cases (draft, a page of messages) with a fake translator."""

from __future__ import annotations

import threading
from datetime import timedelta

import boto3
import pytest
from botocore.stub import Stubber

from switchboard.adapters.translation import (
    AmazonTranslator,
    LanguageNotDetected,
    Translation,
    UnavailableTranslator,
    UnsupportedLanguagePair,
)
from switchboard.conversations.translation import translate_draft, translate_page
from switchboard.errors import SwitchboardError
from switchboard.models import Message
from tests.unit.builders import T0


@pytest.fixture
def stubbed():
    """A real boto3 Translate client whose answers the test queues; any other call fails the test."""
    client = boto3.session.Session().client(
        "translate", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    with Stubber(client) as stubber:
        yield AmazonTranslator(client), stubber
        stubber.assert_no_pending_responses()


def _expected(text: str, target: str) -> dict:
    return {"Text": text, "SourceLanguageCode": "auto", "TargetLanguageCode": target}


def _error_of(call) -> SwitchboardError:
    with pytest.raises(SwitchboardError) as raised:
        call()
    return raised.value


def test_a_translation_carries_the_text_and_the_detected_source_language(stubbed):
    # Given Translate answers a Vietnamese text in English
    translator, stubber = stubbed
    stubber.add_response(
        "translate_text",
        {"TranslatedText": "Where is my order?", "SourceLanguageCode": "vi", "TargetLanguageCode": "en"},
        _expected("Đơn hàng của tôi đâu?", "en"),
    )

    # When the text is translated into English (source detected: "auto")
    result = translator.translate("Đơn hàng của tôi đâu?", "en")

    # Then the translation and the detected language come back
    assert result == Translation(text="Where is my order?", source_language="vi")


@pytest.mark.parametrize(
    ("service_code", "status", "code"),
    [
        ("UnsupportedLanguagePairException", 422, "unsupported_language_pair"),
        ("DetectedLanguageLowConfidenceException", 422, "language_not_detected"),
        ("TextSizeLimitExceededException", 422, "text_too_long"),
        ("InvalidRequestException", 422, "invalid_language"),
        ("TooManyRequestsException", 503, "translation_service_unavailable"),
        ("ServiceUnavailableException", 503, "translation_service_unavailable"),
        ("InternalServerException", 503, "translation_service_unavailable"),
    ],
)
def test_translate_errors_become_clear_domain_errors(stubbed, service_code, status, code):
    # Given Translate refuses or fails the call
    translator, stubber = stubbed
    http_status = {"TooManyRequestsException": 429, "ServiceUnavailableException": 503, "InternalServerException": 500}
    stubber.add_client_error(
        "translate_text", service_error_code=service_code, service_message="refused by the stub",
        http_status_code=http_status.get(service_code, 400), expected_params=_expected("bonjour", "xx"),
    )

    # When a text is translated
    error = _error_of(lambda: translator.translate("bonjour", "xx"))

    # Then the caller gets the API's status and a code to act on: the request's fault (422) or "retry later" (503)
    assert (error.status, error.code) == (status, code)


def test_a_text_over_translates_size_limit_is_refused_without_a_call(stubbed):
    # Given a text of 10,001 bytes of UTF-8 (3,334 Vietnamese letters of 3 bytes each)
    translator, _ = stubbed
    text = "ữ" * 3334

    # When it is translated / Then 422 text_too_long, and the stub saw no call (it would fail the test)
    error = _error_of(lambda: translator.translate(text, "en"))
    assert (error.status, error.code) == (422, "text_too_long")


def test_the_local_stack_says_translation_is_unavailable_rather_than_faking_it():
    # Given the translator the local stack is wired with
    translator = UnavailableTranslator()

    # When a draft is translated / Then 501 translation_unavailable
    error = _error_of(lambda: translate_draft("hello", "vi", translator))
    assert (error.status, error.code) == (501, "translation_unavailable")


# ------------------------------------------------------------------ a page of messages


class FakeTranslator:
    """Answers from a table by text; records every call."""

    def __init__(self, answers: dict[str, Translation | Exception]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def ensure_available(self) -> None:
        return None

    def translate(self, text: str, target_language: str) -> Translation:
        with self._lock:
            self.calls.append((text, target_language))
        answer = self.answers[text]
        if isinstance(answer, Exception):
            raise answer
        return answer


def _message(i: int, direction: str, text: str | None) -> Message:
    return Message(conversation_id="cv-1", message_id=f"ms-{i}", sort_key=f"MSG#{i:03d}", direction=direction,
                   text=text, created_at=T0 + timedelta(minutes=i))


def test_only_the_contacts_messages_with_text_are_translated_one_call_each():
    # Given a page: two customer texts, a customer photo without text, the agent's reply, a note
    page = [
        _message(1, "in", "Xin chào"),
        _message(2, "out", "Hello! How can I help?"),
        _message(3, "in", None),
        _message(4, "note", "VIP customer"),
        _message(5, "in", "Đơn hàng của tôi đâu?"),
    ]
    translator = FakeTranslator({
        "Xin chào": Translation("Hello", "vi"),
        "Đơn hàng của tôi đâu?": Translation("Where is my order?", "vi"),
    })

    # When the page is translated into English
    translated = translate_page(page, "en", translator)

    # Then each customer text was translated once, nothing else was sent to Translate
    assert sorted(translator.calls) == sorted([("Xin chào", "en"), ("Đơn hàng của tôi đâu?", "en")])
    assert {k: (v.language, v.text, v.source_language) for k, v in translated.items()} == {
        "ms-1": ("en", "Hello", "vi"),
        "ms-5": ("en", "Where is my order?", "vi"),
    }


def test_a_message_already_in_the_target_language_or_unreadable_gets_no_translation():
    # Given a page with a Vietnamese text, an English text, and an emoji Translate cannot place
    page = [_message(1, "in", "Cảm ơn"), _message(2, "in", "Thanks a lot"), _message(3, "in", "👍")]
    translator = FakeTranslator({
        "Cảm ơn": Translation("Thank you", "vi"),
        "Thanks a lot": Translation("Thanks a lot", "EN"),
        "👍": LanguageNotDetected("low confidence"),
    })

    # When it is translated into English
    translated = translate_page(page, "en", translator)

    # Then only the Vietnamese one carries a translation; the page is still answered
    assert list(translated) == ["ms-1"]
    assert len(translator.calls) == 3


def test_a_target_no_message_can_be_translated_into_is_refused():
    # Given Translate supports no pair into the asked language
    page = [_message(1, "in", "Xin chào"), _message(2, "in", "Cảm ơn")]
    translator = FakeTranslator({t: UnsupportedLanguagePair("vi to xx") for t in ("Xin chào", "Cảm ơn")})

    # When the page is translated into it / Then 422 unsupported_language_pair
    error = _error_of(lambda: translate_page(page, "xx", translator))
    assert (error.status, error.code) == (422, "unsupported_language_pair")


def test_a_translate_outage_fails_the_page_with_503():
    # Given Translate throttles one of the calls
    from switchboard.adapters.translation import TranslationBusy

    page = [_message(1, "in", "Xin chào"), _message(2, "in", "Cảm ơn")]
    translator = FakeTranslator({"Xin chào": Translation("Hello", "vi"), "Cảm ơn": TranslationBusy("throttled")})

    # When the page is translated / Then 503, so the console retries rather than show a silent gap
    error = _error_of(lambda: translate_page(page, "en", translator))
    assert (error.status, error.code) == (503, "translation_service_unavailable")


def test_without_a_translation_service_any_page_is_501_even_one_with_nothing_to_translate():
    # Given the local stack's translator and a page holding only the agent's reply
    page = [_message(1, "out", "Hello")]

    # When it is translated / Then 501, the same answer as for any other page
    error = _error_of(lambda: translate_page(page, "en", UnavailableTranslator()))
    assert (error.status, error.code) == (501, "translation_unavailable")
