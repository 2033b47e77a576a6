"""Keyed hashes (a key id on each record) and triggers that leave only one way to write a record:
an INSERT with the next id. UPDATE, DELETE and (PostgreSQL) TRUNCATE are rejected, and so is an
INSERT that reuses, precedes or skips an id, which also stops SQLite's INSERT OR REPLACE and
PostgreSQL's INSERT ... ON CONFLICT from replacing a record.

Adding the column makes Django rebuild the table on SQLite, which drops its triggers, so all of
them are installed here. A later migration that alters AuditRecord must install them again (copy
them); tests/test_audit_records.py and tests/test_audit_tamper_evidence.py fail if it does not.
"""

from django.db import migrations, models

TABLE = "audit_auditrecord"
APPEND_ONLY = "audit records are append-only"

SQLITE_UPDATE_DELETE = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_record_no_{operation.lower()} BEFORE {operation} ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}: {operation} is not allowed'); END"""
    for operation in ("UPDATE", "DELETE")
]

INSTALL = {
    "sqlite": [
        *SQLITE_UPDATE_DELETE,
        # In a BEFORE INSERT trigger NEW.id is -1 when the statement leaves the id to SQLite.
        f"""CREATE TRIGGER audit_record_next_id_only BEFORE INSERT ON {TABLE}
        WHEN NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM {TABLE})
        BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}: an INSERT must use the next id'); END""",
    ],
    # audit_record_append_only (0002) still rejects UPDATE and DELETE on each row.
    "postgresql": [
        f"""CREATE FUNCTION audit_record_next_id_only() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE next_id bigint;
        BEGIN
            SELECT coalesce(max(id), 0) + 1 INTO next_id FROM {TABLE};
            IF NEW.id IS DISTINCT FROM next_id THEN
                RAISE EXCEPTION USING MESSAGE = '{APPEND_ONLY}: an INSERT must use the next id, '
                    || next_id || ', not ' || coalesce(NEW.id::text, 'none');
            END IF;
            RETURN NEW;
        END $$""",
        f"""CREATE TRIGGER audit_record_next_id_only BEFORE INSERT ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_record_next_id_only()""",
        # Emptying an empty table removes nothing (and is how Django's test runner resets a database).
        f"""CREATE FUNCTION audit_record_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM {TABLE}) THEN
                RAISE EXCEPTION USING MESSAGE = '{APPEND_ONLY}: TRUNCATE is not allowed';
            END IF;
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_record_no_truncate()""",
    ],
}

REMOVE = {
    "sqlite": ["DROP TRIGGER audit_record_next_id_only"],
    "postgresql": [
        f"DROP TRIGGER audit_record_next_id_only ON {TABLE}",
        "DROP FUNCTION audit_record_next_id_only()",
        f"DROP TRIGGER audit_record_no_truncate ON {TABLE}",
        "DROP FUNCTION audit_record_no_truncate()",
    ],
}


def run(by_vendor):
    def execute(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in by_vendor:
            # Refuse rather than leave the audit table changeable.
            raise NotImplementedError(f"no append-only triggers for {vendor}: use SQLite or PostgreSQL")
        for sql in by_vendor[vendor]:
            schema_editor.execute(sql)

    return execute


class Migration(migrations.Migration):
    dependencies = (("audit", "0002_append_only_triggers"),)

    operations = (
        # Undoing the column rebuilds the SQLite table again: put 0002's triggers back after it.
        migrations.RunPython(migrations.RunPython.noop, run({"sqlite": SQLITE_UPDATE_DELETE, "postgresql": []})),
        migrations.AddField(
            model_name="auditrecord",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16, verbose_name="signing key"),
        ),
        migrations.AlterField(
            model_name="auditrecord",
            name="hash",
            field=models.CharField(max_length=64, unique=True, verbose_name="HMAC-SHA256 of this record"),
        ),
        migrations.RunPython(run(INSTALL), run(REMOVE)),
    )
