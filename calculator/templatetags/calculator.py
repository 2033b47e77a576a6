from django import template

from calculator.jinja2 import render_part
from calculator.timestamps import utc_time

register = template.Library()
register.filter("utc_time", utc_time)


@register.simple_tag(takes_context=True)
def sheet_part(context, template_name, **values):
    """A part of the result sheet, a Jinja2 template (templates/jinja2/), laid out on a Django template's page
    with that page's context and `values`."""
    return render_part(template_name, {**context.flatten(), **values})
