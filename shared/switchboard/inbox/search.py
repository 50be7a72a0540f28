"""Search keys: the words a conversation is found by, and how a query matches them.

A conversation is found by a case- and accent-insensitive prefix of any word of its
contact's name, store name and store URL, its order id and its ticket id. Vietnamese
names are typed without marks as often as with them, so "nguyen" finds "Nguyễn". A query is
folded as the terms were: a store URL pasted whole finds its store whatever its scheme, `www.`,
case, trailing slash or marks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from switchboard.errors import InvalidFields
from switchboard.models import Conversation

MIN_PREFIX = 2
MAX_QUERY_WORDS = 5
MAX_TERM = 60
# A query needs one word of at least MIN_PREFIX characters, as typed (words are split by spaces and by
# `#`, which keys use): the OpenAPI document states the same pattern.
QUERY_PATTERN = r"[^\s#]{2}"
# Terms are written in the conversation's own transaction (and replaced, old and new, on a rename),
# which DynamoDB caps at 100 items: 2 x 32 leaves room for the rest of the write. Ids, the host and
# the first words of each field come first; a contact name of 90 words is still stored, found by
# its first words.
MAX_TERMS = 32
_WORD = re.compile(r"\w+")
_URL_NOISE = re.compile(r"^(https?://)?(www\.)?")
_HOST_DOT = re.compile(r"\w\.\w")
_NOISE_WORDS = frozenset({"http", "https", "www"})


def normalize(text: str) -> str:
    """Lower case, no accents (đ too, which Unicode does not decompose), no separators a key uses."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold().replace("#", " ")


def _words(text: str | None, *, whole_tokens: bool) -> list[str]:
    """The terms of one field, in the order they appear."""
    if not text:
        return []
    norm = normalize(text)
    words = [w for w in _WORD.findall(norm) if w not in _NOISE_WORDS]
    if whole_tokens:
        # Ids and hosts are typed whole ("o-77", "lan.example") as well as by their parts.
        words = [t for t in norm.split() if len(t) > 1] + words
    return [w[:MAX_TERM] for w in words if len(w) >= MIN_PREFIX]


def _url_words(url: str | None) -> list[str]:
    """A URL's host whole (without scheme or www), then its words (path and query string included)."""
    if not url:
        return []
    host = _URL_NOISE.sub("", normalize(url)).split("/")[0]
    return _words(host, whole_tokens=True) + _words(url, whole_tokens=False)


def _looks_like_url(token: str) -> bool:
    """A path, or a dot between word characters ("lan.example"): a store URL or host, typed or pasted."""
    return "/" in token or _HOST_DOT.search(token) is not None


def search_terms(conv: Conversation) -> frozenset[str]:
    c = conv.contact
    order_id = str(conv.order.get("id")) if conv.order and conv.order.get("id") is not None else None
    fields = [
        _words(order_id, whole_tokens=True), _words(conv.ticket_id, whole_tokens=True), _url_words(c.store_url),
        _words(c.name, whole_tokens=False), _words(c.store_name, whole_tokens=False),
    ]
    # Round robin over the fields, so that a long one cannot crowd the others out.
    terms: dict[str, None] = {}
    for rank in range(max(map(len, fields))):
        for words in fields:
            if rank < len(words):
                terms.setdefault(words[rank])
                if len(terms) == MAX_TERMS:
                    return frozenset(terms)
    return frozenset(terms)


@dataclass(frozen=True)
class SearchQuery:
    """The words of `q`: the longest one is looked up, every one must match."""

    words: tuple[str, ...]

    @classmethod
    def parse(cls, q: str) -> SearchQuery:
        if not re.search(QUERY_PATTERN, q):
            raise InvalidFields(f"search for a word of at least {MIN_PREFIX} characters", code="bad_search")
        tokens = normalize(q).split()
        if len(tokens) > MAX_QUERY_WORDS:
            raise InvalidFields(f"q may have at most {MAX_QUERY_WORDS} words", code="bad_search")
        return cls(tuple(dict.fromkeys(w for token in tokens for w in sorted(cls._fold(token)))))

    @property
    def finds_nothing(self) -> bool:
        """Typed words that normalize to less than a term (combining marks alone) can match no term."""
        return not self.words or len(self.lookup) < MIN_PREFIX

    @staticmethod
    def _fold(token: str) -> list[str]:
        """A typed word, folded as the terms were: a pasted URL or host into the words its store URL was
        stored under and its host whole; anything else into its words, or whole when it has no word of
        two letters ("t-9"). An id or host indexed whole is indexed by its words too, so this finds it."""
        if _looks_like_url(token):
            return _url_words(token)
        return _words(token, whole_tokens=False) or _words(token, whole_tokens=True)

    @property
    def lookup(self) -> str:
        return max(self.words, key=len)

    def matches(self, conv: Conversation) -> bool:
        terms = search_terms(conv)
        return all(any(t.startswith(w) for t in terms) for w in self.words)
