"""Attachment files in S3: pre-signed uploads and downloads, and what was actually uploaded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from switchboard.adapters.aws import client
from switchboard.errors import ServiceUnavailable


@dataclass(frozen=True)
class StoredObject:
    key: str
    content_type: str | None
    size: int


class AttachmentStore:
    """One bucket; keys are `<org_id>/<upload id>/<file name>`.

    Pre-signed URLs are signed locally (no request to S3) with Signature Version 4, which S3
    requires for new buckets and for KMS-encrypted objects; they carry the signer's permissions,
    so every function that signs a download needs `s3:GetObject` on the bucket.
    """

    def __init__(self, bucket: str, s3: Any = None) -> None:
        self._bucket = bucket
        self._given = s3

    @property
    def _s3(self) -> Any:
        return self._given or client("s3", signature_version="s3v4")

    def upload_url(self, key: str, content_type: str, expires_in: int) -> str:
        return self._s3.generate_presigned_url(
            "put_object",
            Params={"Bucket": self._bucket, "Key": key, "ContentType": content_type},
            ExpiresIn=expires_in,
        )

    def download_url(self, key: str, expires_in: int) -> str:
        return self._s3.generate_presigned_url(
            "get_object", Params={"Bucket": self._bucket, "Key": key}, ExpiresIn=expires_in
        )

    def head(self, key: str) -> StoredObject | None:
        """The object as S3 holds it, or None when nothing was uploaded under `key`."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            found = self._s3.head_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            # HEAD answers carry no body: a missing key is the bare status code "404".
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise ServiceUnavailable(
                "the attachment store could not be read; try again", code="storage_unavailable"
            ) from error
        except BotoCoreError as error:
            raise ServiceUnavailable(
                "the attachment store could not be reached; try again", code="storage_unavailable"
            ) from error
        return StoredObject(key=key, content_type=found.get("ContentType"), size=int(found.get("ContentLength", 0)))
