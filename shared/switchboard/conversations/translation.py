"""Translation in the console: the agent's draft into the contact's language, and the contact's
messages into the agent's (PRODUCT.md, conversation lifecycle).

Cost: one TranslateText call per inbound message with text on the page asked for, none for the
agent's own messages, notes or system lines, and none at all without `translate_to`. Nothing is
stored: the page is translated each time it is asked for in another language.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from switchboard.adapters.translation import Translation, Translator, UnsupportedLanguagePair, UntranslatableText
from switchboard.models import Message

# Amazon Translate's codes: two or three letters, optionally a region or script ("zh-TW", "fr-CA").
LANGUAGE_CODE = r"^[A-Za-z]{2,3}(-[A-Za-z]{2,3})?$"
LANGUAGE_MIN, LANGUAGE_MAX = 2, 5
# A page holds up to 200 messages; calls in parallel keep it within the function's timeout.
PARALLEL_CALLS = 8


@dataclass(frozen=True)
class MessageTranslation:
    language: str
    text: str
    source_language: str


def translate_draft(text: str, target_language: str, translator: Translator) -> Translation:
    translator.ensure_available()
    return translator.translate(text, target_language)


def translate_page(messages: list[Message], target_language: str, translator: Translator) -> dict[str, MessageTranslation]:
    """Translations of the contact's messages, by message id.

    A message already in the target language gets none, and so does one Translate cannot read
    (language not recognised, too long): the rest of the page is still worth showing. When no
    message could be translated because the pair is unsupported, the target is the problem (422).
    A service failure fails the request (503): the console can retry or ask without `translate_to`.
    """
    translator.ensure_available()
    wanted = [m for m in messages if m.direction == "in" and m.text and m.text.strip()]
    if not wanted:
        return {}

    def attempt(message: Message) -> Translation | UntranslatableText:
        try:
            return translator.translate(message.text, target_language)
        except UntranslatableText as unreadable:
            return unreadable

    if len(wanted) == 1:
        outcomes = [attempt(wanted[0])]
    else:
        with ThreadPoolExecutor(max_workers=min(PARALLEL_CALLS, len(wanted))) as pool:
            outcomes = list(pool.map(attempt, wanted))

    translated = [o for o in outcomes if isinstance(o, Translation)]
    unsupported = next((o for o in outcomes if isinstance(o, UnsupportedLanguagePair)), None)
    if not translated and unsupported is not None:
        raise unsupported
    return {
        message.message_id: MessageTranslation(target_language, outcome.text, outcome.source_language)
        for message, outcome in zip(wanted, outcomes)
        if isinstance(outcome, Translation) and not same_language(outcome.source_language, target_language)
    }


def same_language(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()
