from django import template

from ..services import canonical_json

register = template.Library()


@register.filter
def as_json(value):
    """Stored JSON as the hash sees it."""
    return canonical_json(value)
