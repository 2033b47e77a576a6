"""The drawn nomogram and the icon arrays, for the model page, the result sheet and its PDF."""

from django import template

from calculator.drawing import draw_nomogram
from calculator.icons import icon_array as build_icon_array

register = template.Library()


@register.inclusion_tag("calculator/_nomogram.html")
def nomogram_figure(definition, prediction=None):
    """The nomogram, with this patient marked when a prediction is given, and the points beside it."""
    return {
        "panels": draw_nomogram(definition, prediction),
        "breakdown": prediction.points_breakdown if prediction is not None else None,
        "marked": prediction is not None,
        "definition": definition,
    }


@register.inclusion_tag("calculator/_icon_array.html")
def icon_array(result):
    return {"array": build_icon_array(result)}
