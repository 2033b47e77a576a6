from django import template

from .. import links
from ..forms import SaveForm
from ..services import canonical_json

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
        "app_version": context.get("app_version"),
    }


@register.simple_tag
def saved_sheet_pdf_url(record):
    """A link, valid for an hour, to the PDF of a just-saved record's sheet."""
    return links.saved_sheet_pdf_url(record)


@register.filter
def as_json(value):
    """Stored JSON as the hash sees it."""
    return canonical_json(value)
