"""Definition versions kept in the database: written once, never changed (no code path updates or
deletes one; the admin shows them read-only), so every app server sees the same models and every
version an audit record used can be loaded again. A new version is a new row; retiring one adds a
Retirement beside it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DefinitionVersion(models.Model):
    # Installed through the workbench (`services.install_definition()`): offered in the catalogue.
    INSTALLED = "installed"
    # A shipped file's text, kept because an audit record used it: loadable, never offered.
    SHIPPED = "shipped"
    ORIGINS = ((INSTALLED, _("installed")), (SHIPPED, _("shipped file, kept for the audit trail")))

    model_id = models.CharField(_("model"), max_length=64, db_index=True)
    version = models.CharField(_("version"), max_length=32)
    sha256 = models.CharField(_("SHA-256 of the definition"), max_length=64, db_index=True)
    definition = models.TextField(_("definition (TOML)"))
    golden = models.TextField(_("golden cases (TOML)"), blank=True)
    origin = models.CharField(_("origin"), max_length=16, choices=ORIGINS)
    # Installed versions: the figure's SHA-256, who digitised and approved it and when, the tick
    # table, the fit residuals.
    provenance = models.JSONField(_("provenance"), default=dict, blank=True)
    created_at = models.DateTimeField(_("stored at (UTC)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("installed by"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ("-id",)
        verbose_name = _("definition version")
        # A text is installed once; the same text may also be kept as a shipped file's.
        constraints = (models.UniqueConstraint(fields=("origin", "sha256"), name="one_version_per_text_and_origin"),)

    def __str__(self):
        return f"{self.model_id} {self.version} ({self.origin})"


class Retirement(models.Model):
    """An installed version withdrawn from the catalogue; it stays loadable for the audit trail."""

    version = models.OneToOneField(
        DefinitionVersion, verbose_name=_("version"), related_name="retirement", on_delete=models.PROTECT
    )
    retired_at = models.DateTimeField(_("retired at (UTC)"))
    retired_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("retired by"), on_delete=models.PROTECT)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("retirement")

    def __str__(self):
        return f"{self.version} retired {self.retired_at:%Y-%m-%d}"
