"""A workbench draft: a model being digitised from its figure, then reviewed by a second person.

The draft's marks live in `data` (the JSON form of nomograms.workbench.Draft, without its base);
`history` keeps the earlier states, newest last, so any change can be undone.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from calculator.definitions.models import DefinitionVersion


class Draft(models.Model):
    EDITING = "editing"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    STATUSES = ((EDITING, _("being digitised")), (SUBMITTED, _("awaiting review")), (APPROVED, _("approved")))

    model_id = models.CharField(_("model"), max_length=64)
    base = models.TextField(_("base definition (TOML, inputs and endpoints, no parameters)"))
    data = models.JSONField(_("marks, choices and golden cases"), default=dict)
    history = models.JSONField(_("earlier states, for undo"), default=list)
    status = models.CharField(_("status"), max_length=16, choices=STATUSES, default=EDITING)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("digitised by"), related_name="+", on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("started at (UTC)"))
    figure_name = models.CharField(_("figure file name"), max_length=255, blank=True)
    figure = models.BinaryField(_("figure as uploaded"), default=bytes)
    figure_sha256 = models.CharField(_("SHA-256 of the figure"), max_length=64, blank=True)
    image = models.BinaryField(_("image shown (the figure, or its rendered PDF page)"), default=bytes)
    image_type = models.CharField(_("image type"), max_length=32, blank=True)
    image_sha256 = models.CharField(_("SHA-256 of the image shown"), max_length=64, blank=True)
    image_width = models.PositiveIntegerField(_("image width (pixels)"), default=0)
    image_height = models.PositiveIntegerField(_("image height (pixels)"), default=0)
    submitted_at = models.DateTimeField(_("submitted at (UTC)"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    reviewed_at = models.DateTimeField(_("reviewed at (UTC)"), null=True, blank=True)
    sent_back_reason = models.TextField(_("reason it was sent back"), blank=True)
    installed = models.OneToOneField(
        DefinitionVersion, verbose_name=_("installed version"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ("-id",)
        verbose_name = _("workbench draft")

    def __str__(self):
        return f"{self.model_id} draft {self.pk} ({self.status})"
