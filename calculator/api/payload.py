"""A predict request body: JSON in, validated values out, or the reasons per field.

Number inputs take JSON numbers and choice inputs take JSON strings, as the OpenAPI document
says; anything else (a string for a number, true for a choice, an object, null) is refused for
that field. Bounds, choices, missing and unknown fields are the engine's to check, with the same
words as the web form and the command line.
"""

import json
import math

from django.utils.translation import gettext as _

from nomograms.definition import Definition
from nomograms.inputs import quote_typed
from nomograms.prediction import InvalidInputs, Prediction, predict


class MalformedBody(Exception):
    """The body is not a JSON object."""


def _finite_number(parse):
    """A number parser for json.loads that refuses what no input can use and JSON cannot echo back."""

    def parse_number(text):
        number = parse(text)
        try:
            finite = math.isfinite(number)
        except OverflowError:  # an integer too large for a float
            finite = False
        if not finite:
            raise MalformedBody(
                _("The request body has a number too large to use: %(number)s.") % {"number": quote_typed(text)}
            )
        return number

    return parse_number


def _refuse_constant(name):
    raise MalformedBody(_("The request body is not valid JSON: %(name)s is not a JSON number.") % {"name": name})


# The inputs are a flat object of numbers and strings. Python's JSON reader and writer recurse once
# per level of nesting, so a body nested about a thousand deep would exhaust the stack while being
# read, or while a refused value is echoed back: deeper nesting than this is refused as malformed.
MAX_NESTING = 32


def _nested_deeper_than(data: object, limit: int) -> bool:
    """Whether arrays and objects in `data` nest more than `limit` deep (level by level, no recursion)."""
    level = [data]
    for _level in range(limit):
        level = [
            child
            for value in level
            if isinstance(value, dict | list)
            for child in (value.values() if isinstance(value, dict) else value)
        ]
        if not level:
            return False
    return any(isinstance(value, dict | list) for value in level)


def parse_body(body: bytes) -> dict:
    too_deep = _(
        "The request body nests arrays or objects more than %(limit)d deep; send a flat JSON object of inputs."
    )
    try:
        data = json.loads(
            body,
            parse_float=_finite_number(float),
            parse_int=_finite_number(int),
            parse_constant=_refuse_constant,
        )
    except RecursionError as error:
        raise MalformedBody(too_deep % {"limit": MAX_NESTING}) from error
    except ValueError as error:  # also undecodable bytes and integers too long to read
        raise MalformedBody(_("The request body is not valid JSON: %(error)s.") % {"error": error}) from error
    if _nested_deeper_than(data, MAX_NESTING):
        raise MalformedBody(too_deep % {"limit": MAX_NESTING})
    if not isinstance(data, dict):
        raise MalformedBody(_('The request body must be a JSON object of inputs, such as {"age": 50, ...}.'))
    return data


def _has_json_type(model_input, value):
    if model_input.is_number:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _type_errors(definition, data):
    errors = {}
    for model_input in definition.inputs:
        if model_input.id in data and not _has_json_type(model_input, data[model_input.id]):
            message = (
                _("%(input)s: %(value)s is not a JSON number. Allowed: %(allowed)s.")
                if model_input.is_number
                else _("%(input)s: %(value)s is not a JSON string. Allowed: %(allowed)s.")
            )
            errors[model_input.id] = message % {
                "input": model_input.name,
                "value": quote_typed(json.dumps(data[model_input.id])),
                "allowed": model_input.allowed_range(),
            }
    return errors


def predict_from_json(definition: Definition, data: dict) -> Prediction:
    """The engine's Prediction for a parsed body; raises InvalidInputs naming every refused field."""
    wrong_type = _type_errors(definition, data)
    well_typed = {field: value for field, value in data.items() if field not in wrong_type}
    try:
        return predict(definition, well_typed)
    except InvalidInputs as invalid:
        # The engine reports a wrongly typed field as missing (it was left out): say what was wrong.
        raise InvalidInputs({**invalid.errors, **wrong_type}) from invalid
