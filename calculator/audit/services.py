"""Saving, verifying and replaying audit records (chain.py appends them to the chain)."""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from calculator.definitions.models import DefinitionVersion
from calculator.definitions.services import definition_version, provenance_sha256, remember_version
from nomograms.definition import Definition
from nomograms.prediction import InvalidInputs, NotComputable, Prediction, predict
from nomograms.scores import Points

from . import checkpoints
from .chain import GENESIS_HASH, append_record, canonical_json, last_record, lock_chain, record_hash
from .keys import keyring, signing_key
from .models import AuditRecord


def save_record(prediction: Prediction, case_reference: str = "", user: AbstractBaseUser | None = None) -> AuditRecord:
    """Append one record of `prediction` to the chain and return it.

    All or nothing: on a database error nothing is written and the error propagates.
    """
    definition = prediction.definition
    with transaction.atomic():
        lock_chain()  # before remembering the version, so two saves never store it twice
        remember_version(definition)
        return append_record(
            model_id=definition.id,
            definition_version=definition.version,
            definition_sha256=definition.sha256,
            inputs=prediction.values,
            outcomes=prediction.outcomes,
            points=prediction.points_as_json(),
            warnings=list(prediction.warnings),
            user=user,
            case_reference=case_reference,
        )


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


EVENTS = dict(AuditRecord.EVENTS)
# Events that name the model version they installed, approved or retired.
VERSION_EVENTS = (AuditRecord.INSTALLED, AuditRecord.APPROVED, AuditRecord.RETIRED)


def event_problems(record: AuditRecord) -> list[str]:
    """What is wrong with an event record, which is checked rather than replayed: a known event,
    done by someone, holding no patient values, and naming a model version that is stored."""
    if record.event not in EVENTS:
        return [f"record {record.pk}: unknown event {record.event!r}"]
    problems = []
    if record.user_id is None:
        problems.append(f"record {record.pk}: the {record.event} event names nobody who did it")
    if record.inputs or record.outcomes or record.points or record.warnings or record.case_reference:
        problems.append(f"record {record.pk}: the {record.event} event holds a calculation's values")
    if record.event in VERSION_EVENTS and not definition_version(
        model_id=record.model_id, sha256=record.definition_sha256
    ):
        problems.append(
            f"record {record.pk}: the {record.event} event names {record.model_id} version "
            f"{record.definition_version} (SHA-256 {record.definition_sha256}), which is not stored"
        )
    elif record.event == AuditRecord.INSTALLED:
        problems += provenance_problems(record)
    return problems


def provenance_problems(record: AuditRecord) -> list[str]:
    """Whether the installed version's stored provenance is still the one its install event vouched for."""
    installed = DefinitionVersion.objects.filter(
        pk=record.details.get("definition_version_id"),
        sha256=record.definition_sha256,
        origin=DefinitionVersion.INSTALLED,
    ).first()
    if installed is None:
        return [f"record {record.pk}: the installed version it names is not stored as installed"]
    if provenance_sha256(installed.provenance) != record.details.get("provenance_sha256"):
        return [
            f"record {record.pk}: the provenance stored with {record.model_id} version "
            f"{record.definition_version} was changed after it was installed"
        ]
    return []


def content_problems(record: AuditRecord) -> list[str]:
    """A calculation is replayed; an event is checked for what it must hold."""
    if record.event:
        return event_problems(record)
    if record.details:
        # The hash covers `details` only for events: on a calculation they are unsigned.
        return [f"record {record.pk}: a calculation with event details, which its hash does not cover"]
    return replay_problems(record)


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
    """Check ids, links and hashes, replay every calculation and check every event, in the order
    they were saved; then check that the chain still holds the head each checkpoint line recorded."""
    walk, problems, count = ChainWalk(), [], 0
    for record in AuditRecord.objects.order_by("id").iterator():
        problems += walk.problems(record)
        problems += content_problems(record)
        count += 1
    for number, line in enumerate(checkpoint_lines, start=1):
        problems += checkpoints.problems(line, number, walk.keys)
    return Verification(count, problems, walk.notes)


def make_checkpoint() -> str:
    """One signed line naming the chain's head now: record count, last id, last hash, time."""
    key = signing_key()
    with transaction.atomic():
        lock_chain()  # the count and the head are those of one moment
        last = last_record()
        head = checkpoints.Head(
            records=AuditRecord.objects.count(),
            last_id=last.pk if last else 0,
            last_hash=last.hash if last else GENESIS_HASH,
            time=timezone.now().astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            key_id=key.id,
        )
    return head.signed_line(key)
