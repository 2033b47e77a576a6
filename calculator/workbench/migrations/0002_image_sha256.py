import hashlib

from django.db import migrations, models


def name_shown_images(apps, schema_editor):
    """Drafts uploaded before: the SHA-256 of the image they show, which names its URL."""
    drafts = apps.get_model("workbench", "Draft").objects.exclude(image_type="")
    for draft in drafts.only("image"):
        draft.image_sha256 = hashlib.sha256(bytes(draft.image)).hexdigest()
        draft.save(update_fields=["image_sha256"])


class Migration(migrations.Migration):
    dependencies = (("workbench", "0001_initial"),)

    operations = (
        migrations.AddField(
            model_name="draft",
            name="image_sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="SHA-256 of the image shown"),
        ),
        migrations.RunPython(name_shown_images, migrations.RunPython.noop),
    )
