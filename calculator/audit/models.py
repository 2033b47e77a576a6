"""An audit record is written once and never changed: no code path updates or deletes one, and
database triggers (migrations 0003 and 0004) reject UPDATE, DELETE, TRUNCATE and any INSERT but the
next id. A record is a calculation saved for audit or, with `event` set, a model event."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CASE_REFERENCE_MAX_LENGTH = 64


class AuditRecord(models.Model):
    # Model events, in the same chain as the calculations (calculator/audit/chain.py).
    INSTALLED = "installed"
    APPROVED = "approved"
    SENT_BACK = "sent_back"
    RETIRED = "retired"
    EVENTS = (
        (INSTALLED, _("definition installed")),
        (APPROVED, _("workbench draft approved")),
        (SENT_BACK, _("workbench draft sent back")),
        (RETIRED, _("model retired")),
    )

    created_at = models.DateTimeField(_("saved at (UTC)"), db_index=True)
    model_id = models.CharField(_("model"), max_length=64, db_index=True)
    definition_version = models.CharField(_("definition version"), max_length=32)
    definition_sha256 = models.CharField(_("definition SHA-256"), max_length=64)
    inputs = models.JSONField(_("inputs as validated"))
    outcomes = models.JSONField(_("probabilities"))
    points = models.JSONField(_("nomogram points"))
    warnings = models.JSONField(_("warnings shown"))
    app_version = models.CharField(_("calculator version"), max_length=32)
    # PROTECT: a user who saved records is deactivated, never deleted (deleting would rewrite them).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.PROTECT
    )
    case_reference = models.CharField(_("case reference"), max_length=CASE_REFERENCE_MAX_LENGTH, blank=True)
    previous_hash = models.CharField(_("previous record's hash"), max_length=64)
    # Empty for records saved before the chain was keyed: their hash is a plain SHA-256.
    key_id = models.CharField(_("signing key"), max_length=16, blank=True, default="")
    hash = models.CharField(_("HMAC-SHA256 of this record"), max_length=64, unique=True)
    # Empty for a calculation. An event names its model version above, its user (who did it), and
    # in `details` what it concerned; its inputs, outputs and warnings are empty.
    event = models.CharField(_("event"), max_length=16, choices=EVENTS, blank=True, default="", db_index=True)
    details = models.JSONField(_("event details"), default=dict, blank=True)

    class Meta:
        ordering = ("-id",)
        verbose_name = _("audit record")

    def __str__(self):
        what = f"{self.model_id} {self.get_event_display()}" if self.event else self.model_id
        return f"{self.pk} {what} {self.created_at:%Y-%m-%d %H:%M:%S} UTC"


class ChainLock(models.Model):
    """One row that a save locks, so saves append to the chain one at a time on every database."""

    def __str__(self):
        return "audit chain lock"
