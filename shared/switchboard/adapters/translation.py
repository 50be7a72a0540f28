"""Machine translation through Amazon Translate, its failures as domain errors.

Translate's automatic source detection calls Amazon Comprehend on the caller's behalf, so a
function that translates needs `comprehend:DetectDominantLanguage` besides `translate:TranslateText`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from switchboard.adapters.aws import client
from switchboard.errors import InvalidFields, NotImplementedHere, ServiceUnavailable

logger = logging.getLogger(__name__)

# TranslateText takes at most 10,000 bytes of UTF-8 (Amazon Translate quotas).
MAX_TEXT_BYTES = 10_000


@dataclass(frozen=True)
class Translation:
    text: str
    source_language: str


class Translator(Protocol):
    def ensure_available(self) -> None: ...

    def translate(self, text: str, target_language: str) -> Translation: ...


class UntranslatableText(InvalidFields):
    """This text cannot be translated (language not recognised, pair unsupported, too long);
    other texts to the same language may well be."""


class UnsupportedLanguagePair(UntranslatableText):
    code = "unsupported_language_pair"


class LanguageNotDetected(UntranslatableText):
    code = "language_not_detected"


class TextTooLong(UntranslatableText):
    code = "text_too_long"


class InvalidLanguage(InvalidFields):
    code = "invalid_language"


class TranslationBusy(ServiceUnavailable):
    code = "translation_service_unavailable"


_UNTRANSLATABLE = {
    "UnsupportedLanguagePairException": UnsupportedLanguagePair,
    "DetectedLanguageLowConfidenceException": LanguageNotDetected,
    "TextSizeLimitExceededException": TextTooLong,
}
_REFUSED = {"InvalidRequestException", "InvalidParameterValueException", "ValidationException"}


class AmazonTranslator:
    """TranslateText with the source detected by Translate ("auto").

    Few, quick retries: a console request waits for the answer, and a page of messages must
    fit in the function's timeout, so throttling is reported (503) rather than waited out.
    """

    def __init__(self, translate: Any = None) -> None:
        self._given = translate

    @property
    def _translate(self) -> Any:
        return self._given or client("translate", max_attempts=2, connect_timeout=2, read_timeout=5)

    def ensure_available(self) -> None:
        return None

    def translate(self, text: str, target_language: str) -> Translation:
        from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError

        if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
            raise TextTooLong(f"the text is longer than Amazon Translate accepts ({MAX_TEXT_BYTES} bytes of UTF-8)")
        try:
            answer = self._translate.translate_text(
                Text=text, SourceLanguageCode="auto", TargetLanguageCode=target_language
            )
        except ClientError as error:
            raise _domain_error(error, target_language) from error
        except ParamValidationError as error:
            raise InvalidLanguage(f"Amazon Translate refused the request: {error}") from error
        except BotoCoreError as error:  # connection refused, timeouts
            logger.warning("Amazon Translate unreachable: %s", error)
            raise TranslationBusy("the translation service cannot be reached; try again shortly") from error
        return Translation(text=answer["TranslatedText"], source_language=answer["SourceLanguageCode"])


def _domain_error(error: Any, target_language: str) -> Exception:
    details = error.response.get("Error", {})
    code, message = details.get("Code", ""), details.get("Message") or str(error)
    if code in _UNTRANSLATABLE:
        return _UNTRANSLATABLE[code](message)
    if code in _REFUSED:
        return InvalidLanguage(f"Amazon Translate refused the request ({target_language!r}): {message}")
    # Throttling (TooManyRequestsException), ServiceUnavailable, InternalServer, and anything
    # unexpected such as a missing permission: not the caller's fault, worth retrying later.
    logger.warning("Amazon Translate failed: %s %s", code, message)
    return TranslationBusy("the translation service is busy or failing; try again shortly")


class UnavailableTranslator:
    """The local stack has no translation service: say so (501) rather than pretend to translate."""

    def ensure_available(self) -> None:
        raise self._unavailable()

    def translate(self, text: str, target_language: str) -> Translation:
        raise self._unavailable()

    @staticmethod
    def _unavailable() -> NotImplementedHere:
        return NotImplementedHere(
            "the local stack has no translation service; deploy to AWS to use Amazon Translate",
            code="translation_unavailable",
        )
