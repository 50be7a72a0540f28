"""What the local stack holds, kept in a folder so that a restart of `make dev` loses nothing.

Opt-in (`python -m local --state DIR`, which `make dev` passes): the tests run a fresh stack.
The folder holds `state.json` and `objects/` (S3 bodies, named by ETag, written once):
- every item of every table of the template (moto's own DynamoDB JSON, binary as base64);
- every user of every user pool with the password moto keeps for it, its sub and status, and the
  pool's refresh and access tokens. Persistent stacks ask moto for ids hashed from the pool's name
  and settings (MOTO_COGNITO_IDP_*_ID_STRATEGY), so the pool and client ids, hence the tokens'
  issuer and audience, stay the same and a signed-in browser stays signed in;
- the objects of every bucket, the secrets' values (CursorKey: saved page cursors keep working),
  the clock's offset, and what /_local/outbox and /_local/emails show.
Queued SQS messages and running executions are not kept: a save happens only when the stack is
quiet (the same test as /_local/drain), and a clean stop drains first.

Saved when something changed, at most every SAVE_INTERVAL_S, and on a clean stop; always written
to a temporary file then renamed, so a crash leaves the previous state whole.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3

from local.aws import ACCOUNT_ID, REGION

if TYPE_CHECKING:
    from local.stack import LocalStack

log = logging.getLogger("local.state")

FORMAT = 1
STATE_FILE = "state.json"
OBJECTS = "objects"
SAVE_INTERVAL_S = 5.0
DRAIN_BEFORE_SAVE_S = 10.0
# Stable user pool and client ids (moto.settings): hashed from the pool's name and settings.
STABLE_COGNITO_IDS = {
    "MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY": "HASH",
    "MOTO_COGNITO_IDP_USER_POOL_CLIENT_ID_STRATEGY": "HASH",
}


def use_stable_ids() -> None:
    """Call before the stack creates its user pool."""
    os.environ.update(STABLE_COGNITO_IDS)


def _user_status(statuses: Any, saved: str) -> Any:
    """moto's enum member for a saved status; one it does not know stays a string (moto compares to strings too)."""
    try:
        return statuses(saved)
    except ValueError:
        return saved


def _of_type(stack: LocalStack, kind: str) -> list[str]:
    return [lid for lid, r in stack.template.get("Resources", {}).items() if r.get("Type") == kind]


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class StateFolder:
    """Saves the stack's state to `path` and restores it from there."""

    def __init__(self, path: str | Path, stack: LocalStack) -> None:
        self.path = Path(path)
        self.stack = stack
        self._last_saved: bytes | None = None
        self._object_meta: dict[tuple[str, str, str], dict] = {}  # (bucket, key, etag) -> what head_object said
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._save_lock = threading.Lock()
        self._clients: dict[str, Any] = {}

    def _client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = boto3.client(service)
        return self._clients[service]

    @property
    def state_file(self) -> Path:
        return self.path / STATE_FILE

    # ---------------------------------------------------------------- restore

    def restore(self) -> bool:
        """Put the saved state into the freshly created resources. False when there is none."""
        if not self.state_file.is_file():
            return False
        raw = self.state_file.read_bytes()
        state = json.loads(raw)
        if state.get("format") != FORMAT:
            raise ValueError(f"{self.state_file} has format {state.get('format')}, not {FORMAT}: run `make reset`")
        self._restore_clock(state.get("clock_offset_s", 0.0))
        self._restore_tables(state.get("tables", {}))
        self._restore_user_pools(state.get("user_pools", {}))
        self._restore_buckets(state.get("buckets", {}))
        self._restore_secrets(state.get("secrets", {}))
        self.stack.sink.restore(state.get("outbox", []))
        self.stack.emails.restore(state.get("emails", []))
        self._last_saved = raw
        log.info("restored the local state from %s", self.path)
        return True

    def _restore_clock(self, offset_s: float) -> None:
        behind = offset_s - self.stack.clock.offset_seconds
        if behind > 0:
            self.stack.clock.advance(behind)

    def _restore_tables(self, tables: dict[str, list[dict]]) -> None:
        from moto.dynamodb.models import dynamodb_backends

        backend = dynamodb_backends[ACCOUNT_ID][REGION]
        assert self.stack.aws is not None
        with self.stack.aws.lock:
            for lid, items in tables.items():
                if lid not in self.stack.resources.refs:
                    log.warning("the saved table %s is no longer in the template; its items are dropped", lid)
                    continue
                name = self.stack.resources.ref(lid)
                for item in items:
                    backend.put_item(name, item)

    def _restore_user_pools(self, pools: dict[str, dict]) -> None:
        from moto.cognitoidp.models import CognitoIdpUser, UserStatus, cognitoidp_backends

        backend = cognitoidp_backends[ACCOUNT_ID][REGION]
        client_ids = {self._client_pool_and_id(lid) for lid in _of_type(self.stack, "AWS::Cognito::UserPoolClient")}
        assert self.stack.aws is not None
        with self.stack.aws.lock:
            for lid, saved in pools.items():
                if lid not in self.stack.resources.refs:
                    continue
                pool = backend.describe_user_pool(self.stack.resources.ref(lid))
                for key, u in saved["users"].items():
                    user = CognitoIdpUser(pool.id, u["username"], u["password"], _user_status(UserStatus, u["status"]),
                                          u["attributes"])
                    user.id = u["sub"]  # the constructor drew a new sub: the tokens' `sub` claim stays the same
                    user.update_attributes([{"Name": "sub", "Value": u["sub"]}])
                    user.enabled = u["enabled"]
                    user.create_date = datetime.fromisoformat(u["create_date"])
                    user.last_modified_date = datetime.fromisoformat(u["last_modified_date"])
                    pool.users[key] = user
                # A token names its client: keep the tokens of clients that still exist (same id).
                live = {client for p, client in client_ids if p == pool.id}
                for token, value in saved.get("refresh_tokens", {}).items():
                    if value is None or value[0] in live:
                        pool.refresh_tokens[token] = tuple(value) if value else None
                for token, value in saved.get("access_tokens", {}).items():
                    if value[0] in live:
                        pool.access_tokens[token] = tuple(value)

    def _client_pool_and_id(self, lid: str) -> tuple[str, str]:
        pool_ref = self.stack.template["Resources"][lid]["Properties"]["UserPoolId"]
        return self.stack.resources.resolver().resolve(pool_ref), self.stack.resources.ref(lid)

    def _restore_buckets(self, buckets: dict[str, list[dict]]) -> None:
        s3 = self._client("s3")
        for lid, objects in buckets.items():
            if lid not in self.stack.resources.refs:
                continue
            for o in objects:
                body = (self.path / OBJECTS / o["blob"]).read_bytes()
                extra = {"ContentType": o["content_type"]} if o.get("content_type") else {}
                s3.put_object(Bucket=self.stack.resources.ref(lid), Key=o["key"], Body=body,
                              Metadata=o.get("metadata") or {}, **extra)

    def _restore_secrets(self, secrets: dict[str, str]) -> None:
        sm = self._client("secretsmanager")
        for lid, value in secrets.items():
            if lid in self.stack.resources.refs:
                sm.put_secret_value(SecretId=self.stack.resources.ref(lid), SecretString=value)

    # ---------------------------------------------------------------- save

    def save(self) -> bool:
        """Write the state if it changed since the last save. True when it wrote."""
        with self._save_lock:
            self.path.mkdir(parents=True, exist_ok=True)
            (self.path / OBJECTS).mkdir(exist_ok=True)
            state = {
                "format": FORMAT,
                "clock_offset_s": self.stack.clock.offset_seconds,
                "tables": self._tables(),
                "user_pools": self._user_pools(),
                "buckets": self._buckets(),
                "secrets": self._secrets(),
                "outbox": self.stack.sink.items(),
                "emails": self.stack.emails.items(),
            }
            data = json.dumps(state, indent=1, sort_keys=True).encode()
            if data == self._last_saved:
                return False
            _write_atomically(self.state_file, data)
            self._last_saved = data
            self._forget_unused_objects(state["buckets"])
            return True

    def _tables(self) -> dict[str, list[dict]]:
        from moto.dynamodb.models import dynamodb_backends

        backend = dynamodb_backends[ACCOUNT_ID][REGION]
        assert self.stack.aws is not None
        with self.stack.aws.lock:
            return {
                lid: [i.to_json()["Attributes"] for i in backend.get_table(self.stack.resources.ref(lid)).all_items()]
                for lid in _of_type(self.stack, "AWS::DynamoDB::Table")
            }

    def _user_pools(self) -> dict[str, dict]:
        from moto.cognitoidp.models import cognitoidp_backends

        backend = cognitoidp_backends[ACCOUNT_ID][REGION]
        saved = {}
        assert self.stack.aws is not None
        with self.stack.aws.lock:
            for lid in _of_type(self.stack, "AWS::Cognito::UserPool"):
                pool = backend.describe_user_pool(self.stack.resources.ref(lid))
                users = {
                    key: {
                        "username": u.username,
                        "sub": u.id,
                        "password": u.password,
                        "status": str(getattr(u.status, "value", u.status)),
                        "enabled": u.enabled,
                        "attributes": u.attributes,
                        "create_date": u.create_date.isoformat(),
                        "last_modified_date": u.last_modified_date.isoformat(),
                    }
                    for key, u in pool.users.items()
                }
                saved[lid] = {
                    "id": pool.id,
                    "users": users,
                    "refresh_tokens": {t: list(v) if v else None for t, v in pool.refresh_tokens.items()},
                    "access_tokens": {t: list(v) for t, v in pool.access_tokens.items()},
                }
        return saved

    def _buckets(self) -> dict[str, list[dict]]:
        s3 = self._client("s3")
        saved: dict[str, list[dict]] = {}
        for lid in _of_type(self.stack, "AWS::S3::Bucket"):
            bucket = self.stack.resources.ref(lid)
            objects = []
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                for listed in page.get("Contents", []):
                    objects.append(self._object(s3, bucket, listed["Key"], listed["ETag"].strip('"')))
            saved[lid] = objects
        return saved

    def _object(self, s3: Any, bucket: str, key: str, etag: str) -> dict:
        """One object, its body kept under objects/ by content hash (read from S3 once per version)."""
        known = self._object_meta.get((bucket, key, etag))
        if known is None or not (self.path / OBJECTS / known["blob"]).is_file():
            got = s3.get_object(Bucket=bucket, Key=key)
            body = got["Body"].read()
            blob = hashlib.sha256(body).hexdigest()
            target = self.path / OBJECTS / blob
            if not target.is_file():
                _write_atomically(target, body)
            known = {"key": key, "blob": blob, "content_type": got.get("ContentType"),
                     "metadata": got.get("Metadata") or {}}
            self._object_meta[(bucket, key, etag)] = known
        return known

    def _secrets(self) -> dict[str, str]:
        sm = self._client("secretsmanager")
        return {
            lid: sm.get_secret_value(SecretId=self.stack.resources.ref(lid))["SecretString"]
            for lid in _of_type(self.stack, "AWS::SecretsManager::Secret")
        }

    def _forget_unused_objects(self, buckets: dict[str, list[dict]]) -> None:
        used = {o["blob"] for objects in buckets.values() for o in objects}
        for blob in (self.path / OBJECTS).iterdir():
            if blob.name not in used and not blob.name.startswith("."):
                blob.unlink(missing_ok=True)

    # ---------------------------------------------------------------- when

    def start_autosave(self, interval_s: float = SAVE_INTERVAL_S) -> None:
        """Save every interval_s while something changed, whenever the stack is quiet."""

        def loop() -> None:
            saved_at = None
            while not self._stop.wait(interval_s):
                # Cheap first: a snapshot costs ~0.3 s at a thousand items, nothing changed costs nothing.
                seen = self._fingerprint()
                if seen == saved_at:
                    continue
                try:
                    if self.stack.quiet():
                        self.save()
                        saved_at = seen
                except Exception:  # the next round tries again; the saved state stays whole
                    log.exception("saving the local state failed")

        self._thread = threading.Thread(target=loop, name="local-state", daemon=True)
        self._thread.start()

    def _fingerprint(self) -> tuple:
        """Changes whenever something saved may have changed: moto's state, the clock, the outbox."""
        assert self.stack.aws is not None
        return self.stack.aws.changes, self.stack.clock.offset_seconds, len(self.stack.sink.items())

    def close(self) -> None:
        """On a clean stop: let queued work finish, then save."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=SAVE_INTERVAL_S)
        try:
            self.stack.drain(timeout_s=DRAIN_BEFORE_SAVE_S)
        except TimeoutError:
            log.warning("work still queued after %.0f s is not saved", DRAIN_BEFORE_SAVE_S)
        self.save()
        log.info("saved the local state to %s", self.path)
