"""Scoring patients with a definition: validate what was typed, compute, collect warnings.

The web views, the command line and batch scoring all come through here.
"""

from dataclasses import dataclass

import numpy as np

from .inputs import InvalidValue


class InvalidInputs(ValueError):
    """Some inputs were refused; `errors` maps each offending input id to its message."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors.values()))


class NotComputable(Exception):
    """The model is listed but its parameters are not installed."""

    def __init__(self, definition):
        self.definition = definition
        super().__init__(
            f"{definition.id}: {definition.title} is {definition.status}: "
            "its parameters are not installed, so it computes nothing."
        )


@dataclass(frozen=True)
class Prediction:
    definition: object
    values: dict  # input id -> validated value
    outcomes: dict  # endpoint id -> probability
    warnings: tuple
    points: dict  # endpoint id -> {input id and "total" -> nomogram points}

    @property
    def inputs_shown(self):
        """(input, value as people read it) for every input, in the definition's order."""
        return [
            (model_input, model_input.display(self.values[model_input.id])) for model_input in self.definition.inputs
        ]

    @property
    def results(self):
        """(endpoint, probability) in the definition's order."""
        return [(endpoint, self.outcomes[endpoint.id]) for endpoint in self.definition.endpoints]


def check(definition, raw):
    """Check typed values (input id -> text or number) without raising.

    Returns (values, warnings, errors): validated values, warnings about unusual values, and a
    message per refused input id.
    """
    values, warnings, errors = {}, [], {}
    for model_input in definition.inputs:
        try:
            values[model_input.id] = model_input.parse(raw.get(model_input.id))
        except InvalidValue as invalid:
            errors[model_input.id] = invalid.message
        else:
            warnings.extend(model_input.warnings(values[model_input.id]))
    return values, warnings, errors


def validate(definition, raw):
    """Validated values and warnings from `raw`, or raise InvalidInputs; unknown inputs are refused."""
    values, warnings, errors = check(definition, raw)
    known = [model_input.id for model_input in definition.inputs]
    for input_id in raw:
        if input_id not in known:
            errors[input_id] = f"{input_id!r} is not an input of {definition.id}; its inputs are: {', '.join(known)}."
    if errors:
        raise InvalidInputs(errors)
    return values, warnings


def outcome_warnings(definition, outcomes):
    return [warning for endpoint in definition.endpoints for warning in endpoint.cautions(outcomes[endpoint.id])]


def score(definition, columns):
    """Vectorised scoring of validated values: input id -> array, in and out.

    Returns (outcomes, points): endpoint id -> probabilities, and endpoint id -> {input id and
    "total" -> points}, every array as long as the inputs.
    """
    if not definition.computable:
        raise NotComputable(definition)
    arrays = {input_id: np.asarray(column) for input_id, column in columns.items()}
    return definition.model.outcomes(arrays), definition.model.points(arrays)


def predict(definition, raw):
    """Score one patient from typed values; raises NotComputable or InvalidInputs."""
    if not definition.computable:
        raise NotComputable(definition)
    values, warnings = validate(definition, raw)
    outcomes, points = score(definition, {input_id: [value] for input_id, value in values.items()})
    outcomes = {endpoint_id: float(column[0]) for endpoint_id, column in outcomes.items()}
    points = {
        endpoint_id: {name: float(column[0]) for name, column in endpoint_points.items()}
        for endpoint_id, endpoint_points in points.items()
    }
    return Prediction(
        definition=definition,
        values=values,
        outcomes=outcomes,
        warnings=tuple(warnings + outcome_warnings(definition, outcomes)),
        points=points,
    )
