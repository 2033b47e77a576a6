"""Saving, chaining, verifying and replaying audit records.

A record's hash is the SHA-256 of its canonical JSON content (sorted keys, no whitespace, UTF-8),
which includes the previous record's hash, so changing or removing any record breaks every hash
after it. The first record follows GENESIS_HASH.
"""

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import UTC

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from calculator import __version__
from calculator.definitions.services import definition_version, remember_version
from nomograms.definition import Definition
from nomograms.prediction import InvalidInputs, NotComputable, Prediction, predict
from nomograms.scores import Points

from .models import AuditRecord, ChainLock

GENESIS_HASH = "0" * 64


def canonical_json(content: object) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def record_content(record: AuditRecord) -> dict:
    """Everything the hash covers: every field except the record's id and its own hash."""
    return {
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


def content_hash(record: AuditRecord) -> str:
    return hashlib.sha256(canonical_json(record_content(record)).encode("utf-8")).hexdigest()


def save_record(prediction: Prediction, case_reference: str = "", user: AbstractBaseUser | None = None) -> AuditRecord:
    """Append one record of `prediction` to the chain and return it.

    All or nothing: on a database error nothing is written and the error propagates.
    """
    definition = prediction.definition
    with transaction.atomic():
        # Saves queue here, so each one reads the hash of the record saved just before it.
        # (SQLite ignores FOR UPDATE; there every transaction takes the write lock when it begins.)
        ChainLock.objects.select_for_update().get_or_create(pk=1)
        last = AuditRecord.objects.order_by("-id").only("hash").first()
        remember_version(definition)
        record = AuditRecord(
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
        )
        record.hash = content_hash(record)
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


def chain_problems(record: AuditRecord, previous_hash: str) -> list[str]:
    problems = []
    if record.previous_hash != previous_hash:
        problems.append(
            f"record {record.pk}: chain broken: it follows hash {record.previous_hash}, "
            f"but the record before it has hash {previous_hash}"
        )
    if content_hash(record) != record.hash:
        problems.append(f"record {record.pk}: its content does not match its hash: it was changed after saving")
    return problems


@dataclass(frozen=True)
class Verification:
    count: int
    problems: list


def verify_chain() -> Verification:
    """Recompute every hash and replay every record, in the order they were saved."""
    problems, count, previous_hash = [], 0, GENESIS_HASH
    for record in AuditRecord.objects.order_by("id").iterator():
        problems += chain_problems(record, previous_hash)
        problems += replay_problems(record)
        previous_hash = record.hash
        count += 1
    return Verification(count, problems)
