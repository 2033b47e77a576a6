from django import template

from nomograms.display import format_probability

register = template.Library()


@register.filter
def percent(probability):
    return format_probability(probability)
