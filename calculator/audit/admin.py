from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import DataError

from calculator.definitions.admin import ReadOnlyAdmin

from .models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    """Read-only: records are append-only, and only a save from the result page or a model event
    (calculator/audit/chain.py) appends one."""

    list_display = ("id", "created_at", "model_id", "definition_version", "event", "case_reference", "user")
    list_filter = ("event", "model_id", "created_at")
    search_fields = ("case_reference",)

    def get_changelist_instance(self, request):
        """The list, or Django's "invalid filter" answer (a redirect to ?e=1) for a filter value the
        database cannot compare: a NUL character (PostgreSQL text cannot hold one), a year past 9999."""
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            raise IncorrectLookupParameters("a filter value holds a NUL character")
        try:
            return super().get_changelist_instance(request)
        except (DataError, ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error
