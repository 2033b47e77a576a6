from django.contrib import admin

from .models import DefinitionVersion, Retirement


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written once, by the services (definition versions, retirements, audit records); the
    admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DefinitionVersion)
class DefinitionVersionAdmin(ReadOnlyAdmin):
    list_display = ("id", "model_id", "version", "origin", "created_at", "created_by")
    list_filter = ("origin", "model_id")


@admin.register(Retirement)
class RetirementAdmin(ReadOnlyAdmin):
    list_display = ("version", "retired_at", "retired_by", "reason")
