from django import template

from nomograms.inputs import format_number

register = template.Library()


@register.filter
def points(value):
    """Nomogram points as printed: 93.5, 102.825, 0."""
    return format_number(value)
