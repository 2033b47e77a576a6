"""Attacks on the audit trail (issue 14): what the database rejects and what `audit verify` detects.

Each test runs on whichever database the suite runs on (SQLite, then PostgreSQL in CI); where the
attack differs between them, the test uses that database's form of it.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from calculator.audit.keys import AuditKey, signing_key
from calculator.audit.models import AuditRecord
from calculator.audit.services import record_hash, save_record

from .audit import audit_command, kattan_prediction, triggers_disabled

pytestmark = pytest.mark.django_db

COLUMNS = [field.column for field in AuditRecord._meta.concrete_fields]


def three_records():
    return [save_record(kattan_prediction(), f"TB slot {number}") for number in (1, 2, 3)]


def insert_copy_of(pk, *, new_id, case_reference, replace=False):
    """INSERT a copy of record `pk` under `new_id`; with `replace`, overwriting the record with
    that id, as SQLite's INSERT OR REPLACE (PostgreSQL: INSERT ... ON CONFLICT DO UPDATE) would."""
    values = ", ".join("%s" if column in ("id", "case_reference", "hash") else column for column in COLUMNS)
    parameters = [
        {"id": new_id, "case_reference": case_reference, "hash": "f" * 64}[column]
        for column in COLUMNS
        if column in ("id", "case_reference", "hash")
    ]
    verb = "INSERT OR REPLACE" if replace and connection.vendor == "sqlite" else "INSERT"
    sql = f"{verb} INTO audit_auditrecord ({', '.join(COLUMNS)}) SELECT {values} FROM audit_auditrecord WHERE id = %s"
    if replace and connection.vendor == "postgresql":
        sql += " ON CONFLICT (id) DO UPDATE SET case_reference = EXCLUDED.case_reference"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [*parameters, pk])


def rewrite_from(pk, sign, **changes):
    """As someone behind the triggers: change record `pk`, then re-hash it and every later record
    with `sign`, so that every link still holds."""
    with triggers_disabled():
        previous_hash = AuditRecord.objects.get(pk=pk).previous_hash
        for record in AuditRecord.objects.filter(pk__gte=pk).order_by("id"):
            if record.pk == pk:
                for name, value in changes.items():
                    setattr(record, name, value)
            record.previous_hash = previous_hash
            record.hash = sign(record)
            record.save()
            previous_hash = record.hash


def checkpoint_file(tmp_path):
    status, line, _err = audit_command("checkpoint")
    assert status == 0
    path = tmp_path / "checkpoints"
    path.write_text(line)
    return path


# The database rejects every write but appending the next record.


def test_insert_or_replace_cannot_rewrite_a_record():
    records = three_records()
    with pytest.raises(DatabaseError, match="append-only"):
        insert_copy_of(records[1].pk, new_id=records[1].pk, case_reference="rewritten", replace=True)
    assert list(AuditRecord.objects.order_by("id").values_list("case_reference", flat=True)) == [
        "TB slot 1",
        "TB slot 2",
        "TB slot 3",
    ]


@pytest.mark.parametrize(("offset", "what"), [(0, "reuses the last id"), (-2, "precedes it"), (2, "skips one")])
def test_an_insert_must_use_the_next_id(offset, what):
    last = three_records()[-1]
    with pytest.raises(DatabaseError, match="append-only: an INSERT must use the next id"):
        insert_copy_of(last.pk, new_id=last.pk + offset, case_reference=what)
    assert AuditRecord.objects.count() == 3


def test_an_insert_that_leaves_the_id_to_the_database_is_rejected():
    record = save_record(kattan_prediction())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditRecord.objects.create(
            **{
                field.name: getattr(record, field.name)
                for field in AuditRecord._meta.concrete_fields
                if field.name != "id"
            }
            | {"hash": "e" * 64}
        )
    assert AuditRecord.objects.count() == 1


def test_emptying_the_table_is_rejected():
    three_records()
    # TRUNCATE on PostgreSQL (a statement trigger); SQLite has none, and empties a table with a
    # DELETE without WHERE, which its per-row trigger rejects.
    statement = "TRUNCATE audit_auditrecord" if connection.vendor == "postgresql" else "DELETE FROM audit_auditrecord"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The records were saved in this test's transaction: PostgreSQL truncates no table with
            # their foreign-key checks still pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(statement)
    assert AuditRecord.objects.count() == 3


def test_saved_ids_are_gap_free_from_1():
    assert [record.pk for record in three_records()] == [1, 2, 3]


# Behind the triggers (SQLite: dropped and recreated; PostgreSQL: ALTER TABLE ... DISABLE TRIGGER).


@pytest.mark.parametrize(
    "sign",
    [
        pytest.param(lambda record: record_hash(record, None), id="plain SHA-256 as before"),
        pytest.param(
            lambda record: record_hash(record, AuditKey("a guess at the key, long enough to use")), id="guess"
        ),
    ],
)
def test_a_rewrite_rehashed_without_the_key_is_detected(sign):
    records = three_records()
    rewrite_from(records[1].pk, sign, case_reference="rewritten")
    status, _out, err = audit_command("verify")
    assert status == 1
    for record in records[1:]:
        assert f"record {record.pk}: its content does not match its hash" in err
    assert f"record {records[0].pk}:" not in err


def unkeyed_hash(record):
    """Passes the record off as one saved before the chain was keyed."""
    record.key_id = ""
    return record_hash(record, None)


def test_a_rewrite_made_unkeyed_from_the_first_record_shows_in_the_notes_and_a_checkpoint_detects_it(tmp_path):
    records = three_records()
    checkpoints = checkpoint_file(tmp_path)
    rewrite_from(records[0].pk, unkeyed_hash, case_reference="rewritten")
    status, out, _err = audit_command("verify")
    assert (status, out.splitlines()[-1]) == (0, "3 records verified")
    assert "records 1 to 3 were saved before the chain was keyed" in out
    status, _out, err = audit_command("verify", "--checkpoints", str(checkpoints))
    assert status == 1
    assert "checkpoint line 1 (" in err
    assert "record 3 now has hash" in err


def test_a_rewrite_by_someone_holding_the_key_is_detected_by_a_checkpoint(tmp_path):
    records = three_records()
    checkpoints = checkpoint_file(tmp_path)
    rewrite_from(records[1].pk, lambda record: record_hash(record, signing_key()), case_reference="rewritten")
    assert audit_command("verify") == (0, "3 records verified\n", "")  # the key signs anything
    status, _out, err = audit_command("verify", "--checkpoints", str(checkpoints))
    assert status == 1
    assert (
        f"checkpoint line 1 ({checkpoints.read_text().split('time=')[1].split()[0]}: 3 records, last record 3)" in err
    )
    assert "record 3 now has hash" in err
    assert "the chain was rewritten up to there" in err


def test_cutting_the_tail_is_detected_by_a_checkpoint(tmp_path):
    records = three_records()
    checkpoints = checkpoint_file(tmp_path)
    with triggers_disabled():
        AuditRecord.objects.filter(pk=records[-1].pk).delete()
    # Without a record of the head, what is left is a valid shorter chain.
    assert audit_command("verify") == (0, "2 records verified\n", "")
    status, _out, err = audit_command("verify", "--checkpoints", str(checkpoints))
    assert status == 1
    assert "checkpoint line 1 (" in err
    assert "the chain no longer holds record 3 (it ends at record 2): records were removed" in err


def test_emptying_the_table_is_detected_by_a_checkpoint(tmp_path):
    three_records()
    checkpoints = checkpoint_file(tmp_path)
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE audit_auditrecord" if connection.vendor == "postgresql" else "DELETE FROM audit_auditrecord"
        )
    assert audit_command("verify") == (0, "0 records verified\n", "")
    status, _out, err = audit_command("verify", "--checkpoints", str(checkpoints))
    assert status == 1
    assert "the chain no longer holds record 3 (it ends at record 0)" in err


def test_verify_reports_a_gap_in_the_ids():
    records = [*three_records(), save_record(kattan_prediction())]
    with triggers_disabled():
        AuditRecord.objects.filter(pk__in=[records[1].pk, records[2].pk]).delete()
    status, _out, err = audit_command("verify")
    assert status == 1
    assert "records 2 to 3 are missing: the ids jump from 1 to 4" in err
    assert "record 4: chain broken" in err


def test_a_record_appended_without_the_key_is_detected():
    records = three_records()
    forged = AuditRecord.objects.get(pk=records[-1].pk)
    forged.pk, forged.previous_hash, forged.case_reference = records[-1].pk + 1, records[-1].hash, "forged"
    forged.hash = record_hash(forged, AuditKey("a guess at the key, long enough to use"))
    forged.save(force_insert=True)  # the next id: the triggers let it in
    status, _out, err = audit_command("verify")
    assert status == 1
    assert f"record {forged.pk}: its content does not match its hash" in err


# Checkpoints.


def test_a_checkpoint_is_one_signed_line_naming_the_head(tmp_path):
    records = three_records()
    status, out, _err = audit_command("checkpoint")
    key = signing_key()
    body, mac = out.strip().rsplit(" mac=", 1)
    assert status == 0
    assert out.count("\n") == 1
    assert body.startswith(f"audit-checkpoint v1 records=3 last_id=3 last_hash={records[-1].hash} time=20")
    assert body.endswith(f"Z key={key.id}")
    assert mac == key.mac(body.encode())
    assert audit_command("verify", "--checkpoints", str(checkpoint_file(tmp_path))) == (
        0,
        "3 records and 1 checkpoints verified\n",
        "",
    )


def test_checkpoint_append_adds_a_line_to_the_checkpoint_file(settings):
    save_record(kattan_prediction())
    _status, first, _err = audit_command("checkpoint", "--append")
    save_record(kattan_prediction())
    _status, second, _err = audit_command("checkpoint", "--append")
    assert settings.AUDIT_CHECKPOINT_FILE.read_text() == first + second
    assert "records=1 last_id=1" in first
    assert "records=2 last_id=2" in second
    status, out, _err = audit_command("verify", "--checkpoints", str(settings.AUDIT_CHECKPOINT_FILE))
    assert (status, out) == (0, "2 records and 2 checkpoints verified\n")


def test_an_empty_chain_has_a_checkpoint_too(tmp_path):
    assert "records=0 last_id=0 last_hash=" + "0" * 64 in checkpoint_file(tmp_path).read_text()


def test_a_changed_checkpoint_line_is_refused_by_its_signature(tmp_path):
    three_records()
    checkpoints = checkpoint_file(tmp_path)
    checkpoints.write_text(
        "\n" + checkpoints.read_text().replace("records=3 last_id=3", "records=2 last_id=2") + "not a checkpoint\n"
    )
    status, _out, err = audit_command("verify", "--checkpoints", str(checkpoints))
    assert status == 1
    assert "checkpoint line 2 (" in err
    assert "2 records, last record 2): its signature does not match" in err
    assert "checkpoint line 3: not a checkpoint" in err
