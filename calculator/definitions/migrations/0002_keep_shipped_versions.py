"""Keep the shipped definition files as they are now, so the audit records saved before this
migration (computed with them) still replay after the files change."""

from django.db import migrations
from django.utils import timezone


def keep(apps, schema_editor):
    from nomograms.registry import DEFINITIONS_DIR, load_directory

    definition_version = apps.get_model("definitions", "DefinitionVersion")
    for definition in load_directory(DEFINITIONS_DIR):
        if not definition_version.objects.filter(sha256=definition.sha256).exists():
            definition_version.objects.create(
                model_id=definition.id,
                version=definition.version,
                sha256=definition.sha256,
                definition=definition.source,
                origin="shipped",
                created_at=timezone.now(),
            )


class Migration(migrations.Migration):
    dependencies = (("definitions", "0001_initial"),)

    operations = (migrations.RunPython(keep, migrations.RunPython.noop),)
