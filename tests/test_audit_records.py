"""Audit records: what a save writes, that nothing can change it, the hash chain, verify and replay."""

import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
from dataclasses import replace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone

from calculator import __version__
from calculator.audit.models import AuditRecord
from calculator.audit.services import GENESIS_HASH, save_record, verify_chain
from nomograms.prediction import predict
from nomograms.registry import get_definition

from .audit import KATTAN_CASE, audit_command, kattan_prediction, triggers_disabled
from .golden import as_text, golden_cases

pytestmark = pytest.mark.django_db


def test_a_save_writes_exactly_one_record_with_the_result_as_shown():
    user = get_user_model().objects.create_user("registrar")
    prediction = kattan_prediction()
    definition = get_definition("kattan-2002")
    before = timezone.now()
    saved = save_record(prediction, "TB slot 4", user)

    record = AuditRecord.objects.get()
    assert record.pk == saved.pk
    assert (record.model_id, record.definition_version, record.definition_sha256) == (
        "kattan-2002",
        definition.version,
        definition.sha256,
    )
    assert record.inputs == {
        "age": 50.0,
        "size_cm": 7.0,
        "depth": "deep",
        "site": "lower_extremity",
        "histology": "mfh",
        "grade": "high",
    }
    assert record.outcomes == prediction.outcomes
    assert record.outcomes["ssd_12y"] == pytest.approx(KATTAN_CASE["outcomes"]["ssd_12y"], abs=0.0005)
    assert record.points == prediction.points_as_json()
    assert record.points["ssd_12y"]["total"] > 0
    assert record.warnings == list(prediction.warnings)
    assert record.app_version == __version__
    assert before <= record.created_at <= timezone.now()
    assert record.user == user
    assert record.case_reference == "TB slot 4"
    assert record.previous_hash == GENESIS_HASH


AUDIT_KEY = "a test key that is long enough to sign the chain"


def test_the_hash_is_the_hmac_of_the_canonical_json_content_under_the_audit_key(settings):
    settings.AUDIT_KEY = AUDIT_KEY
    record = save_record(kattan_prediction(), "TB slot 4")
    record = AuditRecord.objects.get(pk=record.pk)
    key_id = hmac.new(AUDIT_KEY.encode(), b"calculator.audit key id", hashlib.sha256).hexdigest()[:16]
    content = {
        "app_version": __version__,
        "case_reference": "TB slot 4",
        "created_at": record.created_at.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
        "definition_sha256": get_definition("kattan-2002").sha256,
        "definition_version": record.definition_version,
        "inputs": record.inputs,
        "key_id": key_id,
        "model_id": "kattan-2002",
        "outcomes": record.outcomes,
        "points": record.points,
        "previous_hash": "0" * 64,
        "user_id": None,
        "warnings": [],
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")
    assert (record.pk, record.key_id) == (1, key_id)
    assert record.hash == hmac.new(AUDIT_KEY.encode(), canonical, hashlib.sha256).hexdigest()
    assert b" " not in canonical.replace(b"TB slot 4", b"").replace(b"test key", b"")


def test_each_record_chains_to_the_one_before():
    first = save_record(kattan_prediction())
    second = save_record(kattan_prediction(), "TB slot 5")
    assert second.previous_hash == first.hash
    assert first.hash != second.hash


@pytest.mark.parametrize(("model_id", "case"), [(model_id, case) for model_id, case, _, _ in golden_cases()])
def test_every_computable_model_saves_records_that_verify(model_id, case):
    prediction = predict(get_definition(model_id), as_text(case["inputs"]))
    save_record(prediction)
    assert verify_chain().problems == []


def test_raw_sql_update_is_rejected_by_the_database():
    record = save_record(kattan_prediction(), "TB slot 4")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET case_reference = %s WHERE id = %s", ["changed", record.pk])
    assert AuditRecord.objects.get().case_reference == "TB slot 4"


def test_raw_sql_delete_is_rejected_by_the_database():
    record = save_record(kattan_prediction())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE id = %s", [record.pk])
    assert AuditRecord.objects.count() == 1


def test_the_orm_cannot_change_or_delete_a_record_either():
    save_record(kattan_prediction())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditRecord.objects.update(case_reference="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.get().case_reference == ""


def test_a_failure_inside_the_save_leaves_no_record(monkeypatch):
    create = AuditRecord.save

    def insert_then_fail(record, *args, **kwargs):
        create(record, *args, **kwargs)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(AuditRecord, "save", insert_then_fail)
    with pytest.raises(OperationalError):
        save_record(kattan_prediction())
    assert AuditRecord.objects.count() == 0


def test_verify_reports_the_count_when_everything_checks_out():
    for reference in ("TB slot 1", "TB slot 2", "TB slot 3"):
        save_record(kattan_prediction(), reference)
    assert audit_command("verify") == (0, "3 records verified\n", "")


def test_verify_detects_a_record_changed_behind_the_triggers():
    records = [save_record(kattan_prediction(), reference) for reference in ("TB slot 1", "TB slot 2", "TB slot 3")]
    with triggers_disabled():
        AuditRecord.objects.filter(pk=records[1].pk).update(outcomes={"ssd_12y": 0.1})
    status, _out, err = audit_command("verify")
    assert status == 1
    assert f"record {records[1].pk}: its content does not match its hash" in err
    assert f"record {records[1].pk}: its probabilities no longer replay" in err
    assert "problem(s) in 3 records" in err


def test_verify_detects_a_removed_record():
    records = [save_record(kattan_prediction(), reference) for reference in ("TB slot 1", "TB slot 2", "TB slot 3")]
    with triggers_disabled():
        AuditRecord.objects.filter(pk=records[1].pk).delete()
    status, _out, err = audit_command("verify")
    assert status == 1
    assert f"record {records[2].pk}: chain broken" in err


def test_verify_detects_outputs_that_no_longer_replay():
    # As if the engine had computed differently when the record was saved: the chain is intact.
    prediction = kattan_prediction()
    drifted = replace(prediction, outcomes={"ssd_12y": prediction.outcomes["ssd_12y"] + 0.01})
    record = save_record(drifted)
    status, _out, err = audit_command("verify")
    assert status == 1
    assert f"record {record.pk}: its probabilities no longer replay with kattan-2002 version" in err
    assert "does not match its hash" not in err


def test_verify_reports_a_record_whose_model_version_is_not_installed():
    prediction = kattan_prediction()
    retired = replace(prediction, definition=replace(prediction.definition, version="0.9.0", sha256="f" * 64))
    record = save_record(retired)
    save_record(prediction)
    status, _out, err = audit_command("verify")
    assert status == 1
    assert f"record {record.pk} cannot be replayed: model kattan-2002 is not installed in version 0.9.0" in err
    assert "is not installed" in err
    assert "problem(s) in 2 records" in err


def test_fifty_concurrent_saves_form_one_unbroken_chain(committed_records):
    prediction = kattan_prediction()
    start = threading.Barrier(50)
    errors = []

    def save(number):
        try:
            start.wait(timeout=30)
            save_record(prediction, f"TB slot {number}")
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(number,)) for number in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert verify_chain().count == 50
    assert verify_chain().problems == []
    records = list(AuditRecord.objects.order_by("id"))
    assert [record.previous_hash for record in records] == [GENESIS_HASH] + [record.hash for record in records[:-1]]
    assert {record.case_reference for record in records} == {f"TB slot {number}" for number in range(50)}


def database_url(settings_dict):
    """A DATABASE_URL naming the test database this test runs on."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    return (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )


def test_the_command_exits_0_when_the_trail_verifies_and_1_when_it_does_not(committed_records):
    command = [sys.executable, "manage.py", "audit", "verify"]
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "AUDIT_KEY_FILE": str(settings.AUDIT_KEY_FILE),
    }
    prediction = kattan_prediction()
    save_record(prediction)
    verified = subprocess.run(command, cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True)
    assert (verified.returncode, verified.stdout) == (0, "1 records verified\n")

    drifted = save_record(replace(prediction, outcomes={"ssd_12y": 0.5}))
    refused = subprocess.run(command, cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True)
    assert refused.returncode == 1
    assert f"record {drifted.pk}: its probabilities no longer replay" in refused.stderr
