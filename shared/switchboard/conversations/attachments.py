"""Files an agent uploaded (POST /uploads) and then names in a reply by `object_key`.

The reply stores what S3 holds (content type, size, name), never a URL: URLs are pre-signed
when the message is shown (short-lived, for the console) or sent (for the channel to fetch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from switchboard.adapters.storage import StoredObject
from switchboard.ids import new_id
from switchboard.errors import InvalidFields, NotFound, PayloadTooLarge
from switchboard.models import Attachment

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
# A console shows a message; a link that outlives the page is not needed.
CONSOLE_LINK_SECONDS = 900
# The channel fetches the file while it takes the message (Messenger, Zalo) or soon after (own
# widget, partners); each delivery attempt signs a fresh link.
CHANNEL_LINK_SECONDS = 3600
UPLOAD_LINK_SECONDS = 900


class AttachmentStore(Protocol):
    def head(self, key: str) -> StoredObject | None: ...

    def download_url(self, key: str, expires_in: int) -> str: ...


@dataclass(frozen=True)
class Upload:
    url: str
    object_key: str
    expires_at: datetime


def new_upload(org_id: str, file_name: str, content_type: str, store, now: datetime) -> Upload:
    """A pre-signed PUT for one file, under its organization's prefix, so a reply can tell whose file a key names."""
    key = f"{org_id}/{new_id('up')}/{file_name.replace('/', '_')}"
    return Upload(url=store.upload_url(key, content_type, UPLOAD_LINK_SECONDS), object_key=key,
                  expires_at=now + timedelta(seconds=UPLOAD_LINK_SECONDS))


def stored_attachments(org_id: str, attachments: list[Attachment], store: AttachmentStore | None) -> list[Attachment]:
    """The reply's attachments with each uploaded file checked and described as S3 holds it.

    Attachments without `object_key` pass unchanged, and a reply naming no uploaded file makes
    no request to S3.
    """
    if not any(a.object_key for a in attachments):
        return attachments
    seen: dict[str, StoredObject] = {}
    checked = []
    for attachment in attachments:
        if not attachment.object_key:
            checked.append(attachment)
            continue
        key = attachment.object_key
        if key not in seen:
            seen[key] = _uploaded(org_id, key, store)
        checked.append(_described(attachment, seen[key]))
    return checked


def _uploaded(org_id: str, key: str, store: AttachmentStore | None) -> StoredObject:
    # Another organization's key is answered like an unknown one (API.md: 404), and S3 is never
    # asked about it, so a reply cannot probe which files other organizations have.
    if not key.startswith(f"{org_id}/"):
        raise NotFound(f"attachment {key} not found", code="attachment_not_found")
    found = store.head(key)
    if found is None:
        raise InvalidFields(
            f"attachment {key} was not uploaded: PUT the file to the upload_url from POST /uploads first",
            code="attachment_not_uploaded",
        )
    # The pre-signed PUT cannot bound the size; the reply does.
    if found.size > MAX_ATTACHMENT_BYTES:
        raise PayloadTooLarge(
            f"attachment {key} is larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB", code="attachment_too_large"
        )
    return found


def _described(attachment: Attachment, found: StoredObject) -> Attachment:
    content_type = found.content_type or "application/octet-stream"
    return Attachment(
        # "file" is also the default: let the uploaded content pick image / video / audio.
        type=attachment.type if attachment.type != "file" else kind_of(content_type),
        name=attachment.name or found.key.rsplit("/", 1)[-1],
        object_key=found.key,
        content_type=content_type,
        size=found.size,
    )


def kind_of(content_type: str) -> str:
    major = content_type.split("/", 1)[0].lower()
    return major if major in ("image", "video", "audio") else "file"


def linked(attachments: list[Attachment], store: AttachmentStore | None, expires_in: int) -> list[Attachment]:
    """The attachments with a fresh pre-signed GET URL for each uploaded file (signed locally, no request)."""
    if not any(a.object_key for a in attachments):
        return attachments
    return [
        a.model_copy(update={"url": store.download_url(a.object_key, expires_in)}) if a.object_key else a
        for a in attachments
    ]


def for_channel(attachments: list[Attachment], store: AttachmentStore | None) -> list[Attachment]:
    """What a channel is sent: a URL it can fetch, not our bucket's key."""
    return [
        a.model_copy(update={"object_key": None}) if a.object_key else a
        for a in linked(attachments, store, CHANNEL_LINK_SECONDS)
    ]
