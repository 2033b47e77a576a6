import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = (migrations.swappable_dependency(settings.AUTH_USER_MODEL),)

    operations = (
        migrations.CreateModel(
            name="ChainLock",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
        ),
        migrations.CreateModel(
            name="AuditRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(db_index=True, verbose_name="saved at (UTC)")),
                ("model_id", models.CharField(db_index=True, max_length=64, verbose_name="model")),
                ("definition_version", models.CharField(max_length=32, verbose_name="definition version")),
                ("definition_sha256", models.CharField(max_length=64, verbose_name="definition SHA-256")),
                ("inputs", models.JSONField(verbose_name="inputs as validated")),
                ("outcomes", models.JSONField(verbose_name="probabilities")),
                ("points", models.JSONField(verbose_name="nomogram points")),
                ("warnings", models.JSONField(verbose_name="warnings shown")),
                ("app_version", models.CharField(max_length=32, verbose_name="calculator version")),
                ("case_reference", models.CharField(blank=True, max_length=64, verbose_name="case reference")),
                ("previous_hash", models.CharField(max_length=64, verbose_name="previous record's hash")),
                ("hash", models.CharField(max_length=64, unique=True, verbose_name="SHA-256 of this record")),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit record",
                "ordering": ("-id",),
            },
        ),
    )
