"""The points form of a model: a printed nomogram, read off the figure.

Each nomogram of the figure gives points per choice, `(value, points)` ticks joined by straight
lines, or points per group of a number (right-closed intervals, as the coefficient form's
`intervals` term), for each of its inputs, and one printed probability axis `(total points,
probability)` per endpoint, or per endpoint and stratum when the nomogram is `stratified_by` a
choice input (one axis per choice: a baseline per stratum, and no points for that input). Under a
Cox model `log(-log S)` is a straight line in total points, so the probability comes from that
line, fitted to the printed ticks by least squares when the definition is loaded, never from
joining ticks in probability space. Endpoints and strata drawn on one nomogram share its points,
so their lines share one slope (one linear predictor) and differ only in intercept.

Every function takes arrays, like the coefficient form.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from .inputs import NUMBER, Input, amount_per_choice, amount_per_interval, format_number
from .layout import InputScale, Panel, ProbabilityScale, Tick, interval_labels, scale_label, stratum_label
from .scores import AxisBounds, Points, Scores
from .toml_table import Table

# The specs' rule: the fitted line must reproduce every printed tick within 2 points.
MAX_TICK_DISTANCE = 2.0


def _to_line(probability, kind):
    """log(-log S), where S is the survival probability (1 - cumulative incidence for an event)."""
    survival = probability if kind == "survival" else 1.0 - probability
    return np.log(-np.log(survival))


def _from_line(y, kind):
    survival = np.exp(-np.exp(y))
    return survival if kind == "survival" else 1.0 - survival


@dataclass(frozen=True)
class ChoicePoints:
    input: str
    points: dict  # choice value -> points

    def __call__(self, values):
        return amount_per_choice(values[self.input], self.points)


@dataclass(frozen=True)
class TickPoints:
    """Points between printed `(value, points)` ticks, joined by straight lines."""

    input: str
    values: tuple
    points: tuple

    def __call__(self, values):
        return np.interp(np.asarray(values[self.input], dtype=float), self.values, self.points)


@dataclass(frozen=True)
class IntervalPoints:
    """Points per group of a number: right-closed intervals split at `breaks`, one amount each."""

    input: str
    breaks: tuple
    points: tuple

    def __call__(self, values):
        return amount_per_interval(values[self.input], self.breaks, self.points)


@dataclass(frozen=True)
class ProbabilityAxis:
    """One printed probability axis and the line `log(-log S) = intercept + slope * points`."""

    endpoint_id: str
    kind: str
    ticks: tuple  # (total points, probability), in printed order
    intercept: float
    slope: float
    stratum: str | None = None  # the choice of the nomogram's `stratified_by` input this axis is for

    @property
    def first_points(self):
        return min(points for points, _ in self.ticks)

    @property
    def last_points(self):
        return max(points for points, _ in self.ticks)

    def probability_at_end(self, points):
        return next(probability for tick_points, probability in self.ticks if tick_points == points)

    def points_for(self, probability):
        """Where the fitted line puts `probability` on the total-points axis."""
        return (_to_line(probability, self.kind) - self.intercept) / self.slope

    def _line(self, total):
        return _from_line(self.intercept + self.slope * total, self.kind)

    def probability(self, total):
        """The line's probability; a total beyond the printed ticks is held at the axis end."""
        return self._line(np.clip(np.asarray(total, dtype=float), self.first_points, self.last_points))

    def bounds(self, total):
        """Where a total lies beyond the printed ticks: the printed probability at that end, and
        +1 / -1 as the true value lies above / below it. Elsewhere (NaN, 0)."""
        total = np.asarray(total, dtype=float)
        below, above = total < self.first_points, total > self.last_points
        printed = np.where(
            below,
            self.probability_at_end(self.first_points),
            np.where(above, self.probability_at_end(self.last_points), np.nan),
        )
        direction = np.sign(self._line(total) - self.probability(total)).astype(int)
        return AxisBounds(np.where(below | above, direction, 0), printed)


@dataclass(frozen=True)
class Nomogram:
    """One printed nomogram: points per input, and a probability axis per endpoint (and stratum)."""

    scorers: tuple
    axes: tuple
    stratified_by: str | None = None  # the choice input whose strata have their own axes

    @property
    def endpoint_ids(self):
        return tuple(dict.fromkeys(axis.endpoint_id for axis in self.axes))

    def points(self, values: Mapping[str, np.ndarray]) -> Points:
        return Points.summed({scorer.input: scorer(values) for scorer in self.scorers})

    def endpoint_axes(self, endpoint_id):
        return [axis for axis in self.axes if axis.endpoint_id == endpoint_id]

    def read(self, endpoint_id, total, values):
        """Probability and axis bounds of `endpoint_id` at `total`: off its axis, or off the axis of
        each patient's stratum (NaN for a value with no axis)."""
        axes = self.endpoint_axes(endpoint_id)
        if axes[0].stratum is None:
            return axes[0].probability(total), axes[0].bounds(total)
        strata = np.asarray(values[self.stratified_by])
        conditions = [strata == axis.stratum for axis in axes]
        bounds = [axis.bounds(total) for axis in axes]
        return (
            np.select(conditions, [axis.probability(total) for axis in axes], np.nan),
            AxisBounds(
                np.select(conditions, [bound.direction for bound in bounds], 0),
                np.select(conditions, [bound.printed for bound in bounds], np.nan),
            ),
        )


@dataclass(frozen=True)
class PointsModel:
    nomograms: tuple

    form = "points"
    publishes_points = True

    def _endpoints(self):
        return [(nomogram, endpoint_id) for nomogram in self.nomograms for endpoint_id in nomogram.endpoint_ids]

    def points(self, values: Mapping[str, np.ndarray]) -> dict[str, Points]:
        """Per endpoint, points for each input of its nomogram and their total."""
        points = {}
        for nomogram in self.nomograms:
            nomogram_points = nomogram.points(values)
            points.update({endpoint_id: nomogram_points for endpoint_id in nomogram.endpoint_ids})
        return points

    def score(self, values: Mapping[str, np.ndarray]) -> Scores:
        """Probabilities, points and axis bounds, the points computed once."""
        points = self.points(values)
        outcomes, bounds = {}, {}
        for nomogram, endpoint_id in self._endpoints():
            outcomes[endpoint_id], bounds[endpoint_id] = nomogram.read(endpoint_id, points[endpoint_id].total, values)
        return Scores(outcomes, points, bounds)

    def axis(self, endpoint_id, stratum=None):
        return next(
            axis
            for nomogram in self.nomograms
            for axis in nomogram.axes
            if (axis.endpoint_id, axis.stratum) == (endpoint_id, stratum)
        )

    def layout(self, inputs, endpoints):
        """A panel per printed nomogram, with the printed ticks: a number used in groups drawn as its
        groups, and a probability scale per endpoint and stratum."""
        names = {endpoint.id: endpoint.name for endpoint in endpoints}
        panels = []
        for nomogram in self.nomograms:
            scales = tuple(
                InputScale(scorer.input, scale_label(inputs[scorer.input]), _ticks(scorer, inputs[scorer.input]))
                for scorer in nomogram.scorers
            )
            total_max = sum(max(tick.points for tick in scale.ticks) for scale in scales)
            probabilities = []
            for axis in nomogram.axes:
                ticks = tuple((probability, total) for total, probability in axis.ticks)
                if axis.stratum is None:
                    probabilities.append(ProbabilityScale(axis.endpoint_id, names[axis.endpoint_id], ticks))
                    continue
                stratum_input = inputs[nomogram.stratified_by]
                choice = next(choice for choice in stratum_input.choices if choice.value == axis.stratum)
                label = stratum_label(names[axis.endpoint_id], stratum_input, choice)
                stratum = (stratum_input.id, axis.stratum)
                probabilities.append(ProbabilityScale(axis.endpoint_id, label, ticks, stratum))
            panels.append(Panel(nomogram.endpoint_ids, scales, float(total_max), tuple(probabilities)))
        return tuple(panels)


def _ticks(scorer, model_input):
    if isinstance(scorer, TickPoints):
        return tuple(Tick(format_number(v), p) for v, p in zip(scorer.values, scorer.points, strict=True))
    if isinstance(scorer, IntervalPoints):
        labels = interval_labels(scorer.breaks)
        return tuple(Tick(label, p) for label, p in zip(labels, scorer.points, strict=True))
    return tuple(Tick(choice.label, scorer.points[choice.value]) for choice in model_input.choices)


def fit_lines(axes_ticks, kinds):
    """Least-squares lines `log(-log S) = intercept_a + slope * points` with one shared slope.

    `axes_ticks` maps an axis key -> [(points, probability), ...], `kinds` each key to its
    endpoint's kind. Returns (intercepts by key, slope).
    """
    keys = list(axes_ticks)
    rows, targets = [], []
    for column, key in enumerate(keys):
        for points, probability in axes_ticks[key]:
            row = [0.0] * len(keys) + [points]
            row[column] = 1.0
            rows.append(row)
            targets.append(_to_line(probability, kinds[key]))
    solution, *_ = np.linalg.lstsq(np.asarray(rows), np.asarray(targets), rcond=None)
    return dict(zip(keys, solution[:-1].tolist(), strict=True)), float(solution[-1])


def _parse_ticks(table, input_id, model_input):
    ticks = table.required(input_id, list)
    if not all(isinstance(tick, list) and len(tick) == 2 for tick in ticks) or len(ticks) < 2:
        raise table.error(input_id, "must list at least two [value, points] ticks")
    values, points = (tuple(float(number) for number in column) for column in zip(*ticks, strict=True))
    if any(later <= earlier for earlier, later in pairwise(values)):
        raise table.error(input_id, "tick values must be strictly increasing")
    low, high = model_input.minimum, model_input.maximum
    if low is None or high is None or values[0] > low.value or values[-1] < high.value:
        raise table.error(
            input_id, "the ticks must cover the input's hard bounds (min and max), so no value scores by accident"
        )
    return TickPoints(input_id, values, points)


def _parse_intervals(table, input_id, model_input):
    """`{ breaks = [5, 10], points = [0, 35, 55] }`: right-closed groups, points per group."""
    groups = table.table(input_id)
    breaks, points = groups.numbers("breaks"), groups.numbers("points")
    groups.reject_unknown()
    if not breaks or any(later <= earlier for earlier, later in pairwise(breaks)):
        raise groups.error("breaks", "must list at least one break, strictly increasing")
    if len(points) != len(breaks) + 1:
        raise groups.error("points", f"needs {len(breaks) + 1} values, one per group ({len(points)} given)")
    low, high = model_input.minimum, model_input.maximum
    for limit, outside in ((low, lambda value: value <= low.value), (high, lambda value: value >= high.value)):
        empty = [format_number(value) for value in breaks if limit is not None and outside(value)]
        if empty:
            raise groups.error(
                "breaks", f"{', '.join(empty)} lies on or beyond the input's bound {format_number(limit.value)}: "
                "a group would be empty"
            )  # fmt: skip
    return IntervalPoints(input_id, tuple(breaks), tuple(points))


def _parse_scorer(table, input_id, model_input):
    if model_input.kind == NUMBER:
        if isinstance(table.data.get(input_id), dict):
            return _parse_intervals(table, input_id, model_input)
        return _parse_ticks(table, input_id, model_input)
    per_choice = table.table(input_id)
    points = {choice: per_choice.required(choice, float) for choice in model_input.choice_values}
    per_choice.reject_unknown()
    return ChoicePoints(input_id, points)


def _axis_ticks(table, key):
    ticks = table.required(key, list)
    if len(ticks) < 2 or not all(isinstance(tick, list) and len(tick) == 2 for tick in ticks):
        raise table.error(key, "must list at least two [total points, probability] ticks")
    if not all(0.0 < probability < 1.0 for _, probability in ticks):
        raise table.error(key, "probabilities must lie strictly between 0 and 1")
    return [(float(points), float(probability)) for points, probability in ticks]


def _stratified_by(table, inputs):
    input_id = table.optional("stratified_by", str)
    if input_id is None:
        return None
    stratum_input = inputs.get(input_id)
    if stratum_input is None:
        raise table.error("stratified_by", f"unknown input {input_id!r}")
    if stratum_input.kind == NUMBER:
        raise table.error("stratified_by", f"must name a choice or yes/no input, not the number {input_id!r}")
    return stratum_input


def _parse_nomogram(table, inputs, endpoints):
    points_table = table.table("points")
    scorers = []
    for input_id in points_table.all_keys():
        if input_id not in inputs:
            raise points_table.error(input_id, f"unknown input {input_id!r}")
        scorers.append(_parse_scorer(points_table, input_id, inputs[input_id]))

    stratum_input = _stratified_by(table, inputs)
    axes_table = table.table("probability_axes")
    kinds = {endpoint.id: endpoint.kind for endpoint in endpoints}
    axes_ticks = []  # (endpoint id, stratum or None, ticks)
    for endpoint_id in axes_table.all_keys():
        if endpoint_id not in kinds:
            raise axes_table.error(endpoint_id, f"unknown endpoint {endpoint_id!r}")
        if not isinstance(axes_table.data[endpoint_id], dict):
            axes_ticks.append((endpoint_id, None, _axis_ticks(axes_table, endpoint_id)))
            continue
        if stratum_input is None:
            raise axes_table.error(
                endpoint_id, "a probability axis per stratum needs the nomogram's stratified_by (a choice input)"
            )
        per_stratum = axes_table.table(endpoint_id)
        for value in stratum_input.choice_values:
            axes_ticks.append((endpoint_id, value, _axis_ticks(per_stratum, value)))
        per_stratum.reject_unknown()
    if not axes_ticks:
        raise table.error("probability_axes", "a nomogram needs at least one probability axis")
    if stratum_input is not None and all(stratum is None for _, stratum, _ in axes_ticks):
        raise table.error("stratified_by", "no probability axis is given per stratum")

    axes = fitted_axes(axes_ticks, kinds)
    for axis in axes:
        far = ticks_off_the_line(axis)
        if far:
            raise axes_table.error(axis_field(axis), "; ".join(far) + ": check the digitisation")
    table.reject_unknown()
    return Nomogram(tuple(scorers), tuple(axes), stratum_input.id if stratum_input else None)


def axis_field(axis):
    """Where an axis sits under `probability_axes`: "os_7y", or "ssd_12y.high" for a stratum's."""
    return axis.endpoint_id if axis.stratum is None else f"{axis.endpoint_id}.{axis.stratum}"


def fitted_axes(axes_ticks, kinds):
    """The ProbabilityAxis of each `(endpoint id, stratum or None, ticks)` of one nomogram, their
    lines fitted with one shared slope: at one horizon, strata differ only in intercept."""
    keyed = {(endpoint_id, stratum): ticks for endpoint_id, stratum, ticks in axes_ticks}
    intercepts, slope = fit_lines(keyed, {key: kinds[key[0]] for key in keyed})
    return tuple(
        ProbabilityAxis(endpoint_id, kinds[endpoint_id], tuple(ticks), intercepts[endpoint_id, stratum], slope, stratum)
        for (endpoint_id, stratum), ticks in keyed.items()
    )


def tick_residuals(axis):
    """How far (in points) the fitted line puts each printed tick from where it is printed."""
    return [float(axis.points_for(probability) - points) for points, probability in axis.ticks]


def ticks_off_the_line(axis):
    """A message for each printed tick further than MAX_TICK_DISTANCE points from the fitted line."""
    return [
        f"the printed tick ({points:g} points, {probability:g}) lies {abs(residual):.2f} points from the "
        f"fitted line, more than {MAX_TICK_DISTANCE:g}"
        for (points, probability), residual in zip(axis.ticks, tick_residuals(axis), strict=True)
        if abs(residual) > MAX_TICK_DISTANCE
    ]


def parse_points_model(table: Table, inputs: Mapping[str, Input], endpoints: tuple) -> PointsModel:
    """The `[model]` table of a definition with `form = "points"`."""
    nomograms = tuple(_parse_nomogram(nomogram, inputs, endpoints) for nomogram in table.tables("nomograms"))
    drawn = [endpoint_id for nomogram in nomograms for endpoint_id in nomogram.endpoint_ids]
    for endpoint in endpoints:
        if drawn.count(endpoint.id) != 1:
            raise table.error("nomograms", f"endpoint {endpoint.id!r} needs exactly one probability axis")
    table.reject_unknown()
    return PointsModel(nomograms)
