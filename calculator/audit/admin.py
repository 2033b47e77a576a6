from django.contrib import admin

from .models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """Read-only: records are append-only, and only a save from the result page appends one."""

    list_display = ("id", "created_at", "model_id", "definition_version", "case_reference", "user")
    list_filter = ("model_id", "created_at")
    search_fields = ("case_reference",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
