"""Scoring patients with a definition: validate what was typed, compute, collect warnings.

The web views, the command line and batch scoring all come through here.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .display import format_bound, format_probability
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
class Result:
    """One endpoint of one patient: its probability as shown, or why it is not shown."""

    endpoint: object
    probability: float | None
    shown: str
    not_shown_reason: str = ""


@dataclass(frozen=True)
class Prediction:
    definition: object
    values: dict  # input id -> validated value
    outcomes: dict  # endpoint id -> probability, for the endpoints shown
    warnings: tuple
    points: dict  # endpoint id -> {input id and "total" -> nomogram points}, for the endpoints shown
    # endpoint id -> (direction, printed bound) where the total lies beyond a printed probability
    # axis: the result is shown as that bound, "> 99%" (direction +1) or "< 1%" (direction -1)
    bounds: dict

    @property
    def inputs_shown(self):
        """(input, value as people read it) for every input, in the definition's order."""
        return [
            (model_input, model_input.display(self.values[model_input.id])) for model_input in self.definition.inputs
        ]

    @property
    def points_breakdown(self):
        return points_breakdown(self)

    @property
    def results(self):
        """A Result per endpoint, in the definition's order, including those not shown."""
        results = []
        for endpoint in self.definition.endpoints:
            if endpoint.id in self.outcomes:
                probability = self.outcomes[endpoint.id]
                results.append(
                    Result(endpoint, probability, shown_probability(probability, self.bounds.get(endpoint.id)))
                )
            else:
                results.append(Result(endpoint, None, "", endpoint.not_shown_reason))
        return results


@dataclass(frozen=True)
class PointsBreakdown:
    """Points per input and total per endpoint, to lay beside the drawn or printed figure."""

    endpoints: tuple  # the endpoints shown, one column each
    rows: tuple  # (input, (points or None per endpoint)) for inputs that carry points
    totals: tuple  # total points per endpoint


def points_breakdown(prediction):
    """One column per endpoint shown, one row per input that carries points."""
    endpoints = tuple(e for e in prediction.definition.endpoints if e.id in prediction.points)
    rows = []
    for model_input in prediction.definition.inputs:
        cells = tuple(prediction.points[endpoint.id].get(model_input.id) for endpoint in endpoints)
        if any(cell is not None for cell in cells):
            rows.append((model_input, cells))
    totals = tuple(prediction.points[endpoint.id]["total"] for endpoint in endpoints)
    return PointsBreakdown(endpoints, tuple(rows), totals)


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
    if not errors:
        warnings.extend(rule.warning for rule in definition.plausibility if rule.when.holds_for_one(values))
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


def shown_probability(probability, bound=None):
    return format_bound(*bound) if bound else format_probability(probability)


class Scores(NamedTuple):
    outcomes: dict
    points: dict
    bounds: dict


def score(definition, columns):
    """Vectorised scoring of validated values: input id -> array, in and out.

    Returns Scores(outcomes, points, bounds): endpoint id -> probabilities (NaN where the endpoint
    is not defined for the patient), endpoint id -> {input id and "total" -> points}, and, for
    models with printed probability axes, endpoint id -> AxisBounds(direction, printed) saying
    where a total lies beyond the axis. Every array is as long as the inputs.
    """
    if not definition.computable:
        raise NotComputable(definition)
    arrays = {input_id: np.asarray(column) for input_id, column in columns.items()}
    outcomes, points, bounds = definition.model.score(arrays)
    for endpoint in definition.endpoints:
        if endpoint.only_when.values:
            outcomes[endpoint.id] = np.where(endpoint.only_when.holds(arrays), outcomes[endpoint.id], np.nan)
    return Scores(outcomes, points, bounds)


def result_warnings(definition, outcomes, totals, bounds):
    """Warnings about one patient's results: endpoints not shown, axis bounds, cautions."""
    warnings = []
    for endpoint in definition.endpoints:
        probability = outcomes.get(endpoint.id)
        if probability is None:
            warnings.append(f"{endpoint.name} is not shown: {endpoint.not_shown_reason}")
            continue
        if endpoint.id in bounds:
            shown = format_bound(*bounds[endpoint.id])
            warnings.append(
                f"{endpoint.name}: a total of {totals[endpoint.id]:g} points lies beyond the ends of the printed "
                f"probability axis, so the result is the axis bound, {shown}."
            )
        warnings.extend(endpoint.cautions(probability))
    return warnings


def row(scores, index):
    """One patient's (outcomes, totals, bounds) out of `score()`'s arrays.

    Endpoints not defined for the patient are dropped; bounds only where the total lies beyond a
    printed axis, as (direction, printed probability).
    """
    outcomes, points, bounds = scores
    shown = {
        endpoint_id: float(column[index]) for endpoint_id, column in outcomes.items() if not np.isnan(column[index])
    }
    totals = {endpoint_id: float(points[endpoint_id]["total"][index]) for endpoint_id in shown}
    row_bounds = {
        endpoint_id: (int(bounds[endpoint_id].direction[index]), float(bounds[endpoint_id].printed[index]))
        for endpoint_id in shown
        if endpoint_id in bounds and bounds[endpoint_id].direction[index]
    }
    return shown, totals, row_bounds


def predict(definition, raw):
    """Score one patient from typed values; raises NotComputable or InvalidInputs."""
    if not definition.computable:
        raise NotComputable(definition)
    values, warnings = validate(definition, raw)
    scores = score(definition, {input_id: [value] for input_id, value in values.items()})
    outcomes, totals, bounds = row(scores, 0)
    points = {
        endpoint_id: {name: float(column[0]) for name, column in scores.points[endpoint_id].items()}
        for endpoint_id in outcomes
    }
    return Prediction(
        definition=definition,
        values=values,
        outcomes=outcomes,
        warnings=tuple(warnings + result_warnings(definition, outcomes, totals, bounds)),
        points=points,
        bounds=bounds,
    )
