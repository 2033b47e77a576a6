from datetime import UTC

from django import template
from django.utils.html import format_html

from nomograms.display import format_points

register = template.Library()


@register.filter
def points(value):
    """Nomogram points: 93.5, 102.8, 0."""
    return format_points(value)


@register.filter
def utc_time(moment):
    """A <time> element: the moment in UTC to the second, as printed on result sheets and audit records."""
    moment = moment.astimezone(UTC)
    return format_html('<time datetime="{}">{} UTC</time>', moment.isoformat(), moment.strftime("%Y-%m-%d %H:%M:%S"))
