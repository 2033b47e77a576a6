"""Model events (installed, approved, sent back, retired) in the audit chain: an `event` and its
`details` on AuditRecord.

Adding the columns makes Django rebuild the table on SQLite, which drops its triggers: 0003's are
installed again after it (and after undoing it, which rebuilds the table too). PostgreSQL keeps
its triggers when a column is added.
"""

from importlib import import_module

from django.db import migrations, models

keyed_chain = import_module("calculator.audit.migrations.0003_keyed_chain_and_insert_triggers")

SQLITE_TRIGGERS = {"sqlite": keyed_chain.INSTALL["sqlite"], "postgresql": []}


class Migration(migrations.Migration):
    dependencies = (("audit", "0003_keyed_chain_and_insert_triggers"),)

    operations = (
        migrations.RunPython(migrations.RunPython.noop, keyed_chain.run(SQLITE_TRIGGERS)),
        migrations.AddField(
            model_name="auditrecord",
            name="details",
            field=models.JSONField(blank=True, default=dict, verbose_name="event details"),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="event",
            field=models.CharField(
                blank=True,
                choices=[
                    ("installed", "definition installed"),
                    ("approved", "workbench draft approved"),
                    ("sent_back", "workbench draft sent back"),
                    ("retired", "model retired"),
                ],
                db_index=True,
                default="",
                max_length=16,
                verbose_name="event",
            ),
        ),
        migrations.RunPython(keyed_chain.run(SQLITE_TRIGGERS), migrations.RunPython.noop),
    )
