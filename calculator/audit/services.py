"""Saving, chaining, verifying and replaying audit records.

A record's hash is an HMAC-SHA256, under a key kept outside the database (keys.py), of its
canonical JSON content (sorted keys, no whitespace, UTF-8), which includes the previous record's
hash and the key's id: changing or removing any record breaks every hash after it, and someone
with only database access cannot compute a consistent replacement. The first record follows
GENESIS_HASH. Records saved before the chain was keyed have no key id and a plain SHA-256.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from calculator import __version__
from calculator.definitions.services import definition_version, remember_version
from nomograms.definition import Definition
from nomograms.prediction import InvalidInputs, NotComputable, Prediction, predict
from nomograms.scores import Points

from . import checkpoints
from .keys import AuditKey, keyring, signing_key
from .models import AuditRecord, ChainLock

GENESIS_HASH = "0" * 64


def canonical_json(content: object) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def record_content(record: AuditRecord) -> dict:
    """Everything the hash covers: every field except the record's id and its own hash."""
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
    return content


def record_hash(record: AuditRecord, key: AuditKey | None) -> str:
    """The record's HMAC under `key`; a plain SHA-256 for an unkeyed record (key None)."""
    message = canonical_json(record_content(record)).encode("utf-8")
    return key.mac(message) if key else hashlib.sha256(message).hexdigest()


def last_record() -> AuditRecord | None:
    return AuditRecord.objects.order_by("-id").only("id", "hash").first()


def save_record(prediction: Prediction, case_reference: str = "", user: AbstractBaseUser | None = None) -> AuditRecord:
    """Append one record of `prediction` to the chain and return it.

    All or nothing: on a database error nothing is written and the error propagates.
    """
    definition = prediction.definition
    key = signing_key()
    with transaction.atomic():
        # Saves queue here, so each one reads the id and hash of the record saved just before it.
        # (SQLite ignores FOR UPDATE; there every transaction takes the write lock when it begins.)
        ChainLock.objects.select_for_update().get_or_create(pk=1)
        last = last_record()
        remember_version(definition)
        record = AuditRecord(
            # Ids are gap-free: the database refuses any other (migration 0003).
            id=last.pk + 1 if last else 1,
            created_at=timezone.now(),
            model_id=definition.id,
            definition_version=definition.version,
            definition_sha256=definition.sha256,
            inputs=prediction.values,
            outcomes=prediction.outcomes,
            points=prediction.points_as_json(),
            warnings=list(prediction.warnings),
            app_version=__version__,
            user=user if user is not None and user.is_authenticated else None,
            case_reference=case_reference,
            previous_hash=last.hash if last else GENESIS_HASH,
            key_id=key.id,
        )
        record.hash = record_hash(record, key)
        record.save(force_insert=True)
    return record


class NotInstalled(LookupError):
    """The model version a record names cannot be loaded (it was never stored)."""


def installed_definition(record: AuditRecord) -> Definition:
    """The definition version `record` was computed with, current or superseded, or raise NotInstalled."""
    definition = definition_version(model_id=record.model_id, sha256=record.definition_sha256)
    if definition is None or definition.version != record.definition_version:
        raise NotInstalled(
            f"model {record.model_id} is not installed in version {record.definition_version} "
            f"(SHA-256 {record.definition_sha256}), and that version was never stored"
        )
    return definition


def as_recorded(prediction: Prediction, record: AuditRecord) -> Prediction:
    """`prediction` of `record`'s inputs showing what `record` stores: its probabilities, points and
    warnings (which replaying reproduces, as `verify_chain()` checks)."""
    warnings = tuple(record.warnings)
    return replace(
        prediction,
        outcomes=record.outcomes,
        points={endpoint_id: Points.from_json(points) for endpoint_id, points in record.points.items()},
        warnings=warnings,
        endpoint_warnings={
            endpoint_id: tuple(warning for warning in about if warning in warnings)
            for endpoint_id, about in prediction.endpoint_warnings.items()
        },
    )


def replay_problems(record: AuditRecord) -> list[str]:
    """Why `record`'s outputs do not come out again from its inputs and model version, if they don't."""
    try:
        replayed = predict(installed_definition(record), record.inputs)
    except (NotInstalled, InvalidInputs, NotComputable) as error:
        return [f"record {record.pk} cannot be replayed: {error}"]
    comparisons = (
        ("probabilities", record.outcomes, replayed.outcomes),
        ("points", record.points, replayed.points_as_json()),
        ("warnings", record.warnings, list(replayed.warnings)),
    )
    return [
        f"record {record.pk}: its {name} no longer replay with {record.model_id} version "
        f"{record.definition_version}: recorded {canonical_json(recorded)}, now {canonical_json(now)}"
        for name, recorded, now in comparisons
        if recorded != now
    ]


@dataclass(frozen=True)
class Verification:
    count: int
    problems: list
    notes: list = field(default_factory=list)


class ChainWalk:
    """Checks each record against the one before it, in id order: ids, links, keys and hashes."""

    def __init__(self) -> None:
        self.keys = {key.id: (rank, key) for rank, key in enumerate(keyring())}
        self.previous = None
        self.key_rank = -1  # an unkeyed record's: keyed records may follow them, never precede them
        self.last_unkeyed = None
        self.old_gaps = []
        self.rotations = []

    def problems(self, record: AuditRecord) -> list[str]:
        problems = self.id_problems(record) + self.link_problems(record) + self.hash_problems(record)
        self.previous = record
        return problems

    def id_problems(self, record: AuditRecord) -> list[str]:
        expected = self.previous.pk + 1 if self.previous else 1
        if record.pk == expected:
            return []
        missing = f"record {expected} is" if record.pk == expected + 1 else f"records {expected} to {record.pk - 1} are"
        gap = f"{missing} missing: the ids jump from {expected - 1} to {record.pk}"
        if not record.key_id:
            # Before the chain was keyed, ids came from the database's sequence, which skips the
            # ids of saves that failed; a removed record still breaks the link after it.
            self.old_gaps.append(f"{gap} (before the chain was keyed, when ids could skip)")
            return []
        return [gap]

    def link_problems(self, record: AuditRecord) -> list[str]:
        previous_hash = self.previous.hash if self.previous else GENESIS_HASH
        if record.previous_hash == previous_hash:
            return []
        return [
            f"record {record.pk}: chain broken: it follows hash {record.previous_hash}, "
            f"but the record before it has hash {previous_hash}"
        ]

    def hash_problems(self, record: AuditRecord) -> list[str]:
        if not record.key_id:
            key, rank = None, -1
            if self.key_rank >= 0:
                return [f"record {record.pk}: it has a plain SHA-256 after keyed records: the site did not write it"]
            self.last_unkeyed = record.pk
        elif record.key_id in self.keys:
            rank, key = self.keys[record.key_id]
            if rank < self.key_rank:
                return [f"record {record.pk}: signed with key {record.key_id}, retired before an earlier record's key"]
            if rank > self.key_rank >= 0:
                self.rotations.append(f"record {record.pk}: the first signed with key {record.key_id} (key rotated)")
        else:
            return [f"record {record.pk}: signed with key {record.key_id}, which is not in the keyring: not checked"]
        self.key_rank = rank
        if record_hash(record, key) != record.hash:
            return [f"record {record.pk}: its content does not match its hash: it was changed after saving"]
        return []

    @property
    def notes(self) -> list[str]:
        unkeyed = (
            [
                f"records 1 to {self.last_unkeyed} were saved before the chain was keyed: anyone with "
                "database access could recompute their plain SHA-256 hashes (checkpoints still hold them)"
            ]
            if self.last_unkeyed
            else []
        )
        return unkeyed + self.old_gaps + self.rotations


def verify_chain(*, checkpoint_lines: Iterable[str] = ()) -> Verification:
    """Check ids, links and hashes and replay every record, in the order they were saved; then
    check that the chain still holds the head each checkpoint line recorded."""
    walk, problems, count = ChainWalk(), [], 0
    for record in AuditRecord.objects.order_by("id").iterator():
        problems += walk.problems(record)
        problems += replay_problems(record)
        count += 1
    for number, line in enumerate(checkpoint_lines, start=1):
        problems += checkpoints.problems(line, number, walk.keys)
    return Verification(count, problems, walk.notes)


def make_checkpoint() -> str:
    """One signed line naming the chain's head now: record count, last id, last hash, time."""
    key = signing_key()
    with transaction.atomic():
        # Under the chain lock: the count and the head are those of one moment.
        ChainLock.objects.select_for_update().get_or_create(pk=1)
        last = last_record()
        head = checkpoints.Head(
            records=AuditRecord.objects.count(),
            last_id=last.pk if last else 0,
            last_hash=last.hash if last else GENESIS_HASH,
            time=timezone.now().astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            key_id=key.id,
        )
    return head.signed_line(key)
