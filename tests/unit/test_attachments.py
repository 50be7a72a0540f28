"""Uploaded files named in a reply: checked against the organization and the bucket, described as
stored, and linked with pre-signed URLs when shown or sent (fake store, no AWS)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from switchboard.adapters.storage import StoredObject
from switchboard.conversations.attachments import (
    CHANNEL_LINK_SECONDS,
    MAX_ATTACHMENT_BYTES,
    for_channel,
    UPLOAD_LINK_SECONDS,
    new_upload,
    stored_attachments,
)
from switchboard.errors import SwitchboardError
from switchboard.models import Attachment


class FakeStore:
    def __init__(self, objects: dict[str, StoredObject] | None = None) -> None:
        self.objects = objects or {}
        self.heads: list[str] = []

    def head(self, key: str) -> StoredObject | None:
        self.heads.append(key)
        return self.objects.get(key)

    def download_url(self, key: str, expires_in: int) -> str:
        return f"https://bucket.example/{key}?expires={expires_in}"

    def upload_url(self, key: str, content_type: str, expires_in: int) -> str:
        return f"https://bucket.example/{key}?put={content_type}&expires={expires_in}"


def _error_of(call) -> SwitchboardError:
    with pytest.raises(SwitchboardError) as raised:
        call()
    return raised.value


def test_an_uploaded_file_is_described_as_the_bucket_holds_it():
    # Given a photo uploaded under the organization's prefix, through a pre-signed PUT
    now = datetime(2026, 11, 23, tzinfo=UTC)
    upload = new_upload("org-1", "shoes/red.jpg", "image/jpeg", FakeStore(), now)
    key = upload.object_key
    assert upload.url.startswith(f"https://bucket.example/{key}?put=image/jpeg")
    assert upload.expires_at == now + timedelta(seconds=UPLOAD_LINK_SECONDS)
    store = FakeStore({key: StoredObject(key, "image/jpeg", 2048)})

    # When a reply names it by key (type left to its default)
    [attachment] = stored_attachments("org-1", [Attachment(object_key=key)], store)

    # Then it is recorded with S3's content type and size, its file name, and the kind the content says
    assert re.fullmatch(r"org-1/up_[0-9a-f]{16}/shoes_red\.jpg", key)
    assert attachment == Attachment(type="image", name="shoes_red.jpg", object_key=key, content_type="image/jpeg",
                                    size=2048)


def test_a_reply_without_uploaded_files_asks_nothing_of_the_bucket():
    # Given a reply with a link attachment only
    store = FakeStore()
    link = Attachment(type="image", url="https://cdn.example/a.png")

    # When its attachments are checked / Then they pass unchanged and S3 is not asked
    assert stored_attachments("org-1", [link], store) == [link]
    assert stored_attachments("org-1", [], store) == []
    assert store.heads == []


def test_another_organizations_file_is_not_found_and_the_bucket_is_not_asked():
    # Given a file another organization uploaded
    key = "org-2/up-1/invoice.pdf"
    store = FakeStore({key: StoredObject(key, "application/pdf", 10)})

    # When org-1 names it in a reply / Then 404, as for anything of another organization, without a lookup
    error = _error_of(lambda: stored_attachments("org-1", [Attachment(object_key=key)], store))
    assert (error.status, error.code) == (404, "attachment_not_found")
    assert store.heads == []


def test_a_key_that_was_never_uploaded_is_refused():
    # Given an upload URL that was issued but never used
    store = FakeStore()

    # When a reply names its key / Then 422 attachment_not_uploaded
    error = _error_of(lambda: stored_attachments("org-1", [Attachment(object_key="org-1/up-9/a.pdf")], store))
    assert (error.status, error.code) == (422, "attachment_not_uploaded")


def test_a_file_over_the_upload_limit_is_refused():
    # Given an object larger than the limit POST /uploads promised (a pre-signed PUT cannot bound it)
    key = "org-1/up-1/film.mp4"
    store = FakeStore({key: StoredObject(key, "video/mp4", MAX_ATTACHMENT_BYTES + 1)})

    # When a reply names it / Then 413 attachment_too_large
    error = _error_of(lambda: stored_attachments("org-1", [Attachment(object_key=key)], store))
    assert (error.status, error.code) == (413, "attachment_too_large")


def test_a_channel_is_sent_a_fetchable_link_and_not_the_bucket_key():
    # Given a stored message with an uploaded PDF and a plain link
    pdf = Attachment(type="file", name="a.pdf", object_key="org-1/up-1/a.pdf", content_type="application/pdf", size=3)
    link = Attachment(type="image", url="https://cdn.example/a.png")

    # When it is prepared for a channel
    sent = for_channel([pdf, link], FakeStore())

    # Then the PDF carries a pre-signed URL valid for the channel's fetch, the link is untouched
    assert sent[0].url == f"https://bucket.example/org-1/up-1/a.pdf?expires={CHANNEL_LINK_SECONDS}"
    assert sent[0].object_key is None and sent[0].content_type == "application/pdf"
    assert sent[1] == link
