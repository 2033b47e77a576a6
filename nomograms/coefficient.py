"""The coefficient form of a model: a linear predictor and a baseline per endpoint.

A Cox model gives a baseline survival S0 (`[model.baseline_survival]`):

    S = S0 ** exp(lp)            probability of survival at the endpoint's horizon
    P = 1 - S                    probability of the event

A competing-risks (subdistribution, Fine-Gray) model gives the baseline cumulative incidence F0 of
the event of interest, stored as 1 - F0 (`[model.baseline_free_of_event]`), the probability of not
having had that event by the horizon, other events (such as deaths from other causes) included:

    P = 1 - (1 - F0) ** exp(lp)  cumulative incidence of the event at the endpoint's horizon

The arithmetic is the same; what differs is the meaning. 1 - P is not a survival probability
there, so such a model has only event endpoints and never speaks of surviving.

Every function takes arrays: one patient is an array of length one, a cohort is a long array.
No Django here, so batch scoring and the command line use exactly the same arithmetic.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .inputs import NUMBER, Input, amount_per_choice, amount_per_interval, format_number
from .layout import (
    PROBABILITY_TICKS,
    InputScale,
    Panel,
    ProbabilityScale,
    Tick,
    interval_labels,
    nice_values,
    scale_label,
    stratum_label,
)
from .scores import Points, Scores
from .toml_table import Table

# How finely a continuous input's axis is sampled to find its widest range of contributions.
_AXIS_SAMPLES = 2001


def _transform(name, x):
    return np.log(x) if name == "log" else x


@dataclass(frozen=True)
class LevelTerm:
    """A coefficient per level of a choice; levels not listed are the reference (0)."""

    input: str
    coefficients: dict

    def contribution(self, values):
        return amount_per_choice(values[self.input], self.coefficients)


@dataclass(frozen=True)
class LinearTerm:
    """coefficient * x, or coefficient * log(x)."""

    input: str
    coefficient: float
    transform: str = "identity"

    def contribution(self, values):
        x = _transform(self.transform, np.asarray(values[self.input], dtype=float))
        return self.coefficient * x


@dataclass(frozen=True)
class IntervalTerm:
    """A continuous input used in groups: right-closed intervals split at `breaks`.

    With breaks [5, 10]: x <= 5, 5 < x <= 10, x > 10, one coefficient each.
    """

    input: str
    breaks: tuple
    coefficients: tuple

    def contribution(self, values):
        return amount_per_interval(values[self.input], self.breaks, self.coefficients)


@dataclass(frozen=True)
class SplineTerm:
    """A restricted cubic spline in truncated-power form, optionally on log(x):

    linear * x + sum_k coefficients[k] * max(x - knots[k], 0) ** 3
    """

    input: str
    linear: float
    knots: tuple
    coefficients: tuple
    transform: str = "identity"

    def contribution(self, values):
        x = _transform(self.transform, np.asarray(values[self.input], dtype=float))
        total = self.linear * x
        for knot, coefficient in zip(self.knots, self.coefficients, strict=True):
            total = total + coefficient * np.maximum(x - knot, 0.0) ** 3
        return total


# The two kinds of baseline a coefficient model can give, by the name of their table.
BASELINE_SURVIVAL = "baseline_survival"
BASELINE_FREE_OF_EVENT = "baseline_free_of_event"


@dataclass(frozen=True)
class CoefficientModel:
    intercept: float
    terms: tuple
    # endpoint id -> {stratum: baseline} when stratified, endpoint id -> baseline otherwise; the
    # baseline is S0 (Cox) or 1 - F0 (competing risks): either way, P(no event) = baseline ** exp(lp)
    baselines: dict
    stratified_by: str | None
    endpoint_kinds: dict
    axes: dict  # input id -> the values its nomogram axis spans (choices, or samples of the range)

    form = "coefficient"
    # Points are derived here for drawing the nomogram; they are not published numbers.
    publishes_points = False

    def _contributions(self, values: Mapping[str, np.ndarray]) -> tuple:
        """Each term's contribution, in the order of `terms`."""
        return tuple(term.contribution(values) for term in self.terms)

    def linear_predictor(self, values: Mapping[str, np.ndarray], contributions: tuple | None = None) -> np.ndarray:
        if contributions is None:
            contributions = self._contributions(values)
        lp = np.full(np.shape(next(iter(values.values()))), self.intercept, dtype=float)
        for contribution in contributions:
            lp = lp + contribution
        return lp

    def _baseline(self, endpoint_id, values):
        baseline = self.baselines[endpoint_id]
        if self.stratified_by is None:
            return baseline
        strata = np.asarray(values[self.stratified_by])
        return np.select([strata == stratum for stratum in baseline], list(baseline.values()), np.nan)

    def outcomes(self, values: Mapping[str, np.ndarray], contributions: tuple | None = None) -> dict[str, np.ndarray]:
        """Probability per endpoint id, each an array like the inputs."""
        risk = np.exp(self.linear_predictor(values, contributions))
        outcomes = {}
        for endpoint_id, kind in self.endpoint_kinds.items():
            survival = self._baseline(endpoint_id, values) ** risk
            outcomes[endpoint_id] = survival if kind == "survival" else 1.0 - survival
        return outcomes

    def score(self, values: Mapping[str, np.ndarray]) -> Scores:
        """Probabilities and points; a coefficient model has no printed axis to run off. Each term's
        contribution is computed once, for both."""
        contributions = self._contributions(values)
        return Scores(self.outcomes(values, contributions), self.points(values, contributions), {})

    # Nomogram points, as published nomograms are drawn: the input whose contributions span the
    # widest range gets 0-100 points, every other input is scaled alike, and each axis starts at 0.

    def _input_contribution(self, input_id, values):
        """One input's contribution, from `values` that may hold that input alone (an axis)."""
        only_its_terms = (term.contribution(values) if term.input == input_id else None for term in self.terms)
        return self._summed_for_input(input_id, only_its_terms)

    def _summed_for_input(self, input_id, contributions):
        """The sum of the contributions (one per term, in order) of `input_id`'s terms."""
        return sum(
            contribution for term, contribution in zip(self.terms, contributions, strict=True) if term.input == input_id
        )

    def _axis_contributions(self, input_id):
        axis = np.asarray(self.axes[input_id])
        return self._input_contribution(input_id, {input_id: axis})

    @cached_property
    def points_inputs(self):
        """Inputs that carry points, in the order their terms appear."""
        return tuple(dict.fromkeys(term.input for term in self.terms))

    @cached_property
    def lowest_contributions(self):
        """Each input's lowest contribution over its axis: where its points start at 0."""
        return {input_id: self._axis_contributions(input_id).min() for input_id in self.points_inputs}

    @cached_property
    def points_per_unit(self):
        widest = max(np.ptp(self._axis_contributions(input_id)) for input_id in self.points_inputs)
        return 100.0 / widest

    def points(self, values: Mapping[str, np.ndarray], contributions: tuple | None = None) -> dict[str, Points]:
        """Per endpoint, points for each input and their total, each an array like the inputs.

        All endpoints of a coefficient model share one linear predictor, so they share points.
        """
        if contributions is None:
            contributions = self._contributions(values)
        scale = self.points_per_unit
        points = Points.summed(
            {
                input_id: (self._summed_for_input(input_id, contributions) - lowest) * scale
                for input_id, lowest in self.lowest_contributions.items()
            }
        )
        return dict.fromkeys(self.endpoint_kinds, points)

    def _input_scale(self, model_input, lowest, scale):
        input_id = model_input.id
        if model_input.kind != NUMBER:
            contributions = self._axis_contributions(input_id)
            labels = [choice.label for choice in model_input.choices]
        else:
            terms = [term for term in self.terms if term.input == input_id]
            if len(terms) == 1 and isinstance(terms[0], IntervalTerm):
                # A number used in groups is drawn as its groups, not as a continuous axis.
                contributions = np.asarray(terms[0].coefficients)
                labels = interval_labels(terms[0].breaks)
            else:
                values = nice_values(model_input.minimum.value, model_input.maximum.value)
                contributions = self._input_contribution(input_id, {input_id: np.asarray(values)})
                labels = [format_number(value) for value in values]
        ticks = tuple(Tick(label, float((c - lowest) * scale)) for label, c in zip(labels, contributions, strict=True))
        return InputScale(input_id, scale_label(model_input), ticks)

    def _probability_ticks(self, kind, baseline, offset, scale, total_max):
        ticks = []
        for probability in PROBABILITY_TICKS:
            survival = probability if kind == "survival" else 1.0 - probability
            total = (np.log(np.log(survival) / np.log(baseline)) - offset) * scale
            if 0.0 <= total <= total_max:
                ticks.append((probability, float(total)))
        return tuple(ticks)

    def layout(self, inputs, endpoints):
        """One panel: every input's scale, and a probability scale per endpoint and stratum."""
        scale = self.points_per_unit
        lowest = self.lowest_contributions
        widest = {input_id: np.ptp(self._axis_contributions(input_id)) * scale for input_id in self.points_inputs}
        offset = self.intercept + sum(lowest.values())  # the linear predictor at 0 points
        total_max = float(sum(widest.values()))
        scales = tuple(self._input_scale(inputs[input_id], lowest[input_id], scale) for input_id in self.points_inputs)
        probabilities = []
        for endpoint in endpoints:
            baseline = self.baselines[endpoint.id]
            if self.stratified_by is None:
                ticks = self._probability_ticks(endpoint.kind, baseline, offset, scale, total_max)
                probabilities.append(ProbabilityScale(endpoint.id, endpoint.name, ticks))
                continue
            stratum_input = inputs[self.stratified_by]
            for choice in stratum_input.choices:
                ticks = self._probability_ticks(endpoint.kind, baseline[choice.value], offset, scale, total_max)
                label = stratum_label(endpoint.name, stratum_input, choice)
                probabilities.append(ProbabilityScale(endpoint.id, label, ticks, (stratum_input.id, choice.value)))
        endpoint_ids = tuple(endpoint.id for endpoint in endpoints)
        return (Panel(endpoint_ids, scales, total_max, tuple(probabilities)),)


def _parse_term(table, inputs):
    kind = table.required("kind", str)
    input_id = table.required("input", str)
    model_input = inputs.get(input_id)
    if model_input is None:
        raise table.error("input", f"unknown input {input_id!r}")
    wants_number = kind in ("linear", "intervals", "spline")
    if kind not in ("levels", "linear", "intervals", "spline"):
        raise table.error("kind", f"must be levels, linear, intervals or spline, not {kind!r}")
    if wants_number != (model_input.kind == NUMBER):
        raise table.error("input", f"a {kind} term cannot use the {model_input.kind} input {input_id!r}")
    transform = table.optional("transform", str, "identity") if kind in ("linear", "spline") else None
    if transform not in (None, "identity", "log"):
        raise table.error("transform", f"must be 'identity' or 'log', not {transform!r}")
    if transform == "log" and (model_input.minimum is None or model_input.minimum.value <= 0):
        raise table.error("transform", f"log needs {input_id!r} to have a lower bound above 0")

    if kind == "levels":
        coefficients = table.table("coefficients")
        for level in coefficients.all_keys():
            if level not in model_input.choice_values:
                raise coefficients.error(level, f"{level!r} is not a choice of {input_id!r}")
        term = LevelTerm(input_id, {level: coefficients.required(level, float) for level in coefficients.all_keys()})
    elif kind == "linear":
        term = LinearTerm(input_id, table.required("coefficient", float), transform)
    elif kind == "intervals":
        breaks = table.numbers("breaks")
        coefficients = table.numbers("coefficients")
        if breaks != sorted(breaks) or len(set(breaks)) != len(breaks):
            raise table.error("breaks", "must be strictly increasing")
        if len(coefficients) != len(breaks) + 1:
            raise table.error("coefficients", f"needs {len(breaks) + 1} values, one per interval")
        term = IntervalTerm(input_id, tuple(breaks), tuple(coefficients))
    else:
        knots = table.numbers("knots")
        coefficients = table.numbers("coefficients")
        if len(coefficients) != len(knots):
            raise table.error("coefficients", "needs one value per knot")
        term = SplineTerm(input_id, table.required("linear", float), tuple(knots), tuple(coefficients), transform)
    table.reject_unknown()
    return term


def _axis(model_input):
    """The values a nomogram axis spans: each choice, or samples across the bounds of a number."""
    if model_input.kind != NUMBER:
        return model_input.choice_values
    return np.linspace(model_input.minimum.value, model_input.maximum.value, _AXIS_SAMPLES)


def _baseline_key(table: Table, endpoints: tuple) -> str:
    """Which baseline table the model gives: exactly one of the two, and a competing-risks baseline
    only for event endpoints (its complement is not a probability of surviving)."""
    given = [key for key in (BASELINE_SURVIVAL, BASELINE_FREE_OF_EVENT) if table.has(key)]
    if len(given) != 1:
        raise table.error(BASELINE_SURVIVAL, f"give exactly one of {BASELINE_SURVIVAL} and {BASELINE_FREE_OF_EVENT}")
    (key,) = given
    if key == BASELINE_FREE_OF_EVENT:
        for endpoint in endpoints:
            if endpoint.kind != "event":
                problem = f"a competing-risks model has event endpoints only: {endpoint.id!r} must be an event"
                raise table.error(key, problem)
    return key


def parse_coefficient_model(table: Table, inputs: Mapping[str, Input], endpoints: tuple) -> CoefficientModel:
    """The `[model]` table of a definition with `form = "coefficient"`."""
    terms = tuple(_parse_term(term, inputs) for term in table.tables("terms"))
    stratified_by = table.optional("stratified_by", str)
    if stratified_by is not None:
        stratum_input = inputs.get(stratified_by)
        if stratum_input is None:
            raise table.error("stratified_by", f"unknown input {stratified_by!r}")
        if stratum_input.kind == NUMBER:
            raise table.error("stratified_by", "must name a choice or yes/no input")

    baseline_key = _baseline_key(table, endpoints)
    baselines = table.table(baseline_key)
    baseline_of_endpoint = {}
    for endpoint in endpoints:
        if stratified_by is None:
            strata = {None: baselines.required(endpoint.id, float)}
        else:
            per_stratum = baselines.table(endpoint.id)
            strata = {value: per_stratum.required(value, float) for value in inputs[stratified_by].choice_values}
            per_stratum.reject_unknown()
        for stratum, baseline in strata.items():
            if not 0.0 < baseline < 1.0:
                where = endpoint.id if stratum is None else f"{endpoint.id}.{stratum}"
                raise baselines.error(where, f"a baseline must lie strictly between 0 and 1, not {baseline}")
        baseline_of_endpoint[endpoint.id] = strata[None] if stratified_by is None else strata
    baselines.reject_unknown()

    for model_input in inputs.values():
        used = any(term.input == model_input.id for term in terms)
        if used and model_input.kind == NUMBER and (model_input.minimum is None or model_input.maximum is None):
            raise table.error("terms", f"input {model_input.id!r} needs min and max to be drawn on a nomogram axis")
    axes = {term.input: _axis(inputs[term.input]) for term in terms}
    intercept = table.required("intercept", float)
    table.reject_unknown()
    return CoefficientModel(
        intercept=intercept,
        terms=terms,
        baselines=baseline_of_endpoint,
        stratified_by=stratified_by,
        endpoint_kinds={endpoint.id: endpoint.kind for endpoint in endpoints},
        axes=axes,
    )
