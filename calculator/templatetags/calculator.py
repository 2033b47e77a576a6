from django import template

from nomograms.display import format_points

register = template.Library()


@register.filter
def points(value):
    """Nomogram points: 93.5, 102.825, 0."""
    return format_points(value)
