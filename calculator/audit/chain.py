"""Appending to the audit chain: one chain for the calculations saved for audit and the model
events (a definition installed, a draft approved or sent back, a model retired).

A record's hash is an HMAC-SHA256, under a key kept outside the database (keys.py), of its
canonical JSON content (sorted keys, no whitespace, UTF-8), which includes the previous record's
hash and the key's id: changing or removing any record breaks every hash after it, and someone
with only database access cannot compute a consistent replacement. The first record follows
GENESIS_HASH. Records saved before the chain was keyed have no key id and a plain SHA-256.

Nothing here imports the definitions app, so its services can record their events here.
"""

import hashlib
import json
from datetime import UTC

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from calculator import __version__

from .keys import AuditKey, signing_key
from .models import AuditRecord, ChainLock

GENESIS_HASH = "0" * 64


def canonical_json(content: object) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def record_content(record: AuditRecord) -> dict:
    """Everything the hash covers: every field except the record's id and its own hash.

    `key_id`, `event` and `details` are left out while empty, so records saved before those
    fields existed keep the hashes they were saved with."""
    content = {
        "created_at": record.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "model_id": record.model_id,
        "definition_version": record.definition_version,
        "definition_sha256": record.definition_sha256,
        "inputs": record.inputs,
        "outcomes": record.outcomes,
        "points": record.points,
        "warnings": record.warnings,
        "app_version": record.app_version,
        "user_id": record.user_id,
        "case_reference": record.case_reference,
        "previous_hash": record.previous_hash,
    }
    if record.key_id:
        content["key_id"] = record.key_id
    if record.event:
        content["event"] = record.event
        content["details"] = record.details
    return content


def record_hash(record: AuditRecord, key: AuditKey | None) -> str:
    """The record's HMAC under `key`; a plain SHA-256 for an unkeyed record (key None)."""
    message = canonical_json(record_content(record)).encode("utf-8")
    return key.mac(message) if key else hashlib.sha256(message).hexdigest()


def last_record() -> AuditRecord | None:
    return AuditRecord.objects.order_by("-id").only("id", "hash").first()


def lock_chain() -> None:
    """Queue for the chain inside the current transaction, so whatever it appends or reads next
    follows the record saved just before. (SQLite ignores FOR UPDATE; there every transaction
    takes the write lock when it begins.)"""
    ChainLock.objects.select_for_update().get_or_create(pk=1)


def append_record(*, user: AbstractBaseUser | None, **content) -> AuditRecord:
    """Append one record of `content` (its fields but the chain's own) signed by the current key.

    All or nothing: on a database error nothing is written and the error propagates. Inside a
    caller's transaction the record is written, or not, with the rest of it.
    """
    key = signing_key()
    with transaction.atomic():
        lock_chain()
        last = last_record()
        record = AuditRecord(
            # Ids are gap-free: the database refuses any other (migration 0003).
            id=last.pk + 1 if last else 1,
            created_at=timezone.now(),
            app_version=__version__,
            user=user if user is not None and user.is_authenticated else None,
            previous_hash=last.hash if last else GENESIS_HASH,
            key_id=key.id,
            **content,
        )
        record.hash = record_hash(record, key)
        record.save(force_insert=True)
    return record


def record_event(
    *,
    event: str,
    model_id: str,
    definition_version: str = "",
    definition_sha256: str = "",
    by: AbstractBaseUser,
    details: dict,
) -> AuditRecord:
    """Append a model event (one of AuditRecord.EVENTS) done by `by`, with what it concerned.

    An event holds no patient values: its inputs, outputs and warnings are empty."""
    return append_record(
        event=event,
        details=details,
        model_id=model_id,
        definition_version=definition_version,
        definition_sha256=definition_sha256,
        inputs={},
        outcomes={},
        points={},
        warnings=[],
        user=by,
    )
