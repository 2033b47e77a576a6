from django import template

from ..forms import SaveForm

register = template.Library()


@register.inclusion_tag("audit/_save.html", takes_context=True)
def audit_save_panel(context):
    """On a result sheet: the saved record's id, or the "Save for audit" form."""
    return {
        "request": context["request"],
        "definition": context["definition"],
        "audit_record": context.get("audit_record"),
        "form": context.get("save_form") or SaveForm(),
        "csrf_token": context.get("csrf_token"),
    }
