"""The drawn nomogram and the icon arrays, for the model page, the result sheet and its PDF."""

from django import template

from calculator.drawing import draw_nomogram, drawn_points
from calculator.icons import icon_array as build_icon_array

register = template.Library()


@register.inclusion_tag("calculator/_nomogram.html")
def nomogram_figure(definition, prediction=None):
    """The nomogram, with this patient marked when a prediction is given, and the points beside it."""
    return {
        "panels": draw_nomogram(definition, prediction),
        "breakdown": drawn_points(prediction) if prediction is not None else None,
        "marked": prediction is not None,
    }


@register.inclusion_tag("calculator/_icon_array.html")
def icon_array(result):
    return {"array": build_icon_array(result)}
