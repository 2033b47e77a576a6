"""Database triggers that reject UPDATE and DELETE on audit records, whoever connects.

Django rebuilds a SQLite table (dropping its triggers) for some schema changes: a later migration
that alters AuditRecord must install these again. tests/test_audit_records.py fails if it doesn't.
"""

from django.db import migrations

TABLE = "audit_auditrecord"

TRIGGERS = {
    "sqlite": [
        f"""CREATE TRIGGER audit_record_no_{operation.lower()} BEFORE {operation} ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only: {operation} is not allowed'); END"""
        for operation in ("UPDATE", "DELETE")
    ],
    "postgresql": [
        """CREATE FUNCTION audit_record_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION USING MESSAGE = 'audit records are append-only: ' || TG_OP || ' is not allowed';
        END $$""",
        f"""CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_record_reject_change()""",
    ],
}

DROP = {
    "sqlite": ["DROP TRIGGER audit_record_no_update", "DROP TRIGGER audit_record_no_delete"],
    "postgresql": [
        f"DROP TRIGGER audit_record_append_only ON {TABLE}",
        "DROP FUNCTION audit_record_reject_change()",
    ],
}


def statements(schema_editor, by_vendor):
    vendor = schema_editor.connection.vendor
    if vendor not in by_vendor:
        # Refuse rather than leave the audit table changeable.
        raise NotImplementedError(f"no append-only triggers for {vendor}: use SQLite or PostgreSQL")
    return by_vendor[vendor]


def install(apps, schema_editor):
    for sql in statements(schema_editor, TRIGGERS):
        schema_editor.execute(sql)


def remove(apps, schema_editor):
    for sql in statements(schema_editor, DROP):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = (("audit", "0001_initial"),)

    operations = (migrations.RunPython(install, remove),)
