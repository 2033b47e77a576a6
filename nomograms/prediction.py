"""Scoring patients with a definition: validate what was typed, compute, collect warnings.

The web views, the API, the command line and batch scoring all come through here.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .definition import Definition, Endpoint
from .display import format_bound, format_probability
from .inputs import Input, InvalidValue
from .scores import Points, Scores

# A validated value: a number for a number input, a choice's value otherwise.
Value = float | str


class InvalidInputs(ValueError):
    """Some inputs were refused; `errors` maps each offending input id to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("\n".join(errors.values()))


class NotComputable(Exception):
    """The model is listed but its parameters are not installed."""

    def __init__(self, definition: Definition):
        self.definition = definition
        super().__init__(
            f"{definition.id}: {definition.title} is {definition.status}: "
            "its parameters are not installed, so it computes nothing."
        )


@dataclass(frozen=True)
class Result:
    """One endpoint of one patient: its probability as shown, or why it is not shown."""

    endpoint: Endpoint
    probability: float | None
    shown: str
    not_shown_reason: str = ""


@dataclass(frozen=True)
class PointsBreakdown:
    """Points per input and total per endpoint, to lay beside the drawn or printed figure."""

    endpoints: tuple[Endpoint, ...]  # the endpoints shown, one column each
    rows: tuple[tuple[Input, tuple[float | None, ...]], ...]  # per input that carries points
    totals: tuple[float, ...]  # total points per endpoint


@dataclass(frozen=True)
class Prediction:
    """One patient's results. Derived views (results, breakdown) are computed once, when first read."""

    definition: Definition
    values: dict[str, Value]  # input id -> validated value
    outcomes: dict[str, float]  # endpoint id -> probability, for the endpoints shown
    warnings: tuple[str, ...]  # every warning, in the order they are printed and saved
    points: dict[str, Points]  # endpoint id -> nomogram points, for the endpoints shown
    # endpoint id -> (direction, printed bound) where the total lies beyond a printed probability
    # axis: the result is shown as that bound, "> 99%" (direction +1) or "< 1%" (direction -1)
    bounds: dict[str, tuple[int, float]]
    # endpoint id -> the warnings (of `warnings`) about that endpoint's result
    endpoint_warnings: dict[str, tuple[str, ...]]

    @cached_property
    def inputs_shown(self) -> list[tuple[Input, str]]:
        """(input, value as people read it) for every input, in the definition's order."""
        return [
            (model_input, model_input.display(self.values[model_input.id])) for model_input in self.definition.inputs
        ]

    @cached_property
    def points_breakdown(self) -> PointsBreakdown:
        """One column per endpoint shown, one row per input that carries points."""
        endpoints = tuple(e for e in self.definition.endpoints if e.id in self.points)
        rows = []
        for model_input in self.definition.inputs:
            cells = tuple(self.points[endpoint.id].per_input.get(model_input.id) for endpoint in endpoints)
            if any(cell is not None for cell in cells):
                rows.append((model_input, cells))
        totals = tuple(self.points[endpoint.id].total for endpoint in endpoints)
        return PointsBreakdown(endpoints, tuple(rows), totals)

    @cached_property
    def results(self) -> tuple[Result, ...]:
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
        return tuple(results)

    def points_as_json(self) -> dict[str, dict[str, float]]:
        """Endpoint id -> {input id: points, ..., "total": points}: the API's and the audit trail's form."""
        return {endpoint_id: points.as_json() for endpoint_id, points in self.points.items()}


def check(definition: Definition, raw: Mapping) -> tuple[dict[str, Value], list[str], dict[str, str]]:
    """Check typed values (input id -> text or number) without raising.

    Returns (values, warnings, errors): validated values, warnings about unusual values, and a
    message per refused input id.
    """
    values, errors = {}, {}
    for model_input in definition.inputs:
        try:
            values[model_input.id] = model_input.parse(raw.get(model_input.id))
        except InvalidValue as invalid:
            errors[model_input.id] = invalid.message
    return values, input_warnings(definition, values), errors


def input_warnings(definition: Definition, values: Mapping[str, Value]) -> list[str]:
    """Warnings about validated values: each unusual value, then, once every input is valid,
    each combination that is allowed but probably mistyped."""
    warnings = [
        warning
        for model_input in definition.inputs
        if model_input.id in values
        for warning in model_input.warnings(values[model_input.id])
    ]
    if all(model_input.id in values for model_input in definition.inputs):
        warnings.extend(rule.warning for rule in definition.plausibility if rule.when.holds_for_one(values))
    return warnings


def validate(definition: Definition, raw: Mapping) -> tuple[dict[str, Value], list[str]]:
    """Validated values and warnings from `raw`, or raise InvalidInputs; unknown inputs are refused."""
    values, warnings, errors = check(definition, raw)
    known = [model_input.id for model_input in definition.inputs]
    for input_id in raw:
        if input_id not in known:
            errors[input_id] = f"{input_id!r} is not an input of {definition.id}; its inputs are: {', '.join(known)}."
    if errors:
        raise InvalidInputs(errors)
    return values, warnings


def shown_probability(probability: float, bound: tuple[int, float] | None = None) -> str:
    return format_bound(*bound) if bound else format_probability(probability)


def score(definition: Definition, columns: Mapping) -> Scores:
    """Vectorised scoring of validated values: input id -> array, in and out.

    Probabilities are NaN where an endpoint is not defined for the patient. Every array is as
    long as the inputs. Raises NotComputable for a model awaiting its parameters.
    """
    if not definition.computable:
        raise NotComputable(definition)
    arrays = {input_id: np.asarray(column) for input_id, column in columns.items()}
    scores = definition.model.score(arrays)
    for endpoint in definition.endpoints:
        if endpoint.only_when.values:
            scores.outcomes[endpoint.id] = np.where(
                endpoint.only_when.holds(arrays), scores.outcomes[endpoint.id], np.nan
            )
    return scores


def endpoint_warnings(
    definition: Definition, outcomes: Mapping[str, float], totals: Mapping[str, float], bounds: Mapping
) -> dict[str, list[str]]:
    """Per endpoint, warnings about one patient's result: not shown, an axis bound, cautions."""
    warnings = {}
    for endpoint in definition.endpoints:
        probability = outcomes.get(endpoint.id)
        if probability is None:
            warnings[endpoint.id] = [f"{endpoint.name} is not shown: {endpoint.not_shown_reason}"]
            continue
        warnings[endpoint.id] = []
        if endpoint.id in bounds:
            shown = format_bound(*bounds[endpoint.id])
            warnings[endpoint.id].append(
                f"{endpoint.name}: a total of {totals[endpoint.id]:g} points lies beyond the ends of the printed "
                f"probability axis, so the result is the axis bound, {shown}."
            )
        warnings[endpoint.id].extend(endpoint.cautions(probability))
    return warnings


def result_warnings(
    definition: Definition, outcomes: Mapping[str, float], totals: Mapping[str, float], bounds: Mapping
) -> list[str]:
    """Warnings about one patient's results, endpoint after endpoint."""
    return [
        warning
        for about_one in endpoint_warnings(definition, outcomes, totals, bounds).values()
        for warning in about_one
    ]


def row(scores: Scores, index: int) -> tuple[dict[str, float], dict[str, float], dict[str, tuple[int, float]]]:
    """One patient's (outcomes, totals, bounds) out of `score()`'s arrays.

    Endpoints not defined for the patient are dropped; bounds only where the total lies beyond a
    printed axis, as (direction, printed probability).
    """
    outcomes, points, bounds = scores
    shown = {
        endpoint_id: float(column[index]) for endpoint_id, column in outcomes.items() if not np.isnan(column[index])
    }
    totals = {endpoint_id: float(points[endpoint_id].total[index]) for endpoint_id in shown}
    row_bounds = {
        endpoint_id: (int(bounds[endpoint_id].direction[index]), float(bounds[endpoint_id].printed[index]))
        for endpoint_id in shown
        if endpoint_id in bounds and bounds[endpoint_id].direction[index]
    }
    return shown, totals, row_bounds


def predict(definition: Definition, raw: Mapping) -> Prediction:
    """Score one patient from typed values; raises NotComputable or InvalidInputs."""
    # Before validating: a model awaiting parameters may not even know its choices.
    if not definition.computable:
        raise NotComputable(definition)
    values, warnings = validate(definition, raw)
    return _prediction(definition, values, warnings)


def predict_validated(definition: Definition, values: Mapping[str, Value]) -> Prediction:
    """Score one patient from values already validated, one per input (a web form's cleaned
    data: each field parsed its value with its input's `parse()`); raises NotComputable."""
    return _prediction(definition, values, input_warnings(definition, values))


def _prediction(definition: Definition, values: Mapping[str, Value], warnings: list[str]) -> Prediction:
    scores = score(definition, {input_id: [value] for input_id, value in values.items()})
    outcomes, totals, bounds = row(scores, 0)
    about_endpoints = endpoint_warnings(definition, outcomes, totals, bounds)
    return Prediction(
        definition=definition,
        values=dict(values),
        outcomes=outcomes,
        warnings=tuple(warnings + [warning for about in about_endpoints.values() for warning in about]),
        points={endpoint_id: scores.points[endpoint_id].at(0) for endpoint_id in outcomes},
        bounds=bounds,
        endpoint_warnings={endpoint_id: tuple(about) for endpoint_id, about in about_endpoints.items()},
    )
