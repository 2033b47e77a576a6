"""The points form of a model: a printed nomogram, read off the figure.

Each nomogram of the figure gives points per choice, or `(value, points)` ticks joined by straight
lines, for each of its inputs, and one printed probability axis `(total points, probability)` per
endpoint. Under a Cox model `log(-log S)` is a straight line in total points, so the probability
comes from that line, fitted to the printed ticks by least squares when the definition is loaded,
never from joining ticks in probability space. Endpoints drawn on one nomogram share its points,
so their lines share one slope (one linear predictor) and differ only in intercept.

Every function takes arrays, like the coefficient form.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from .inputs import NUMBER, Input, amount_per_choice, format_number
from .layout import InputScale, Panel, ProbabilityScale, Tick, scale_label
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
class ProbabilityAxis:
    """One printed probability axis and the line `log(-log S) = intercept + slope * points`."""

    endpoint_id: str
    kind: str
    ticks: tuple  # (total points, probability), in printed order
    intercept: float
    slope: float

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
    """One printed nomogram: points per input, and a probability axis per endpoint."""

    scorers: tuple
    axes: tuple

    @property
    def endpoint_ids(self):
        return tuple(axis.endpoint_id for axis in self.axes)

    def points(self, values: Mapping[str, np.ndarray]) -> Points:
        return Points.summed({scorer.input: scorer(values) for scorer in self.scorers})


@dataclass(frozen=True)
class PointsModel:
    nomograms: tuple

    form = "points"
    publishes_points = True

    def _axes(self):
        return [(nomogram, axis) for nomogram in self.nomograms for axis in nomogram.axes]

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
        outcomes = {axis.endpoint_id: axis.probability(points[axis.endpoint_id].total) for _, axis in self._axes()}
        bounds = {axis.endpoint_id: axis.bounds(points[axis.endpoint_id].total) for _, axis in self._axes()}
        return Scores(outcomes, points, bounds)

    def axis(self, endpoint_id):
        return next(axis for _, axis in self._axes() if axis.endpoint_id == endpoint_id)

    def layout(self, inputs, endpoints):
        """A panel per printed nomogram, with the printed ticks."""
        names = {endpoint.id: endpoint.name for endpoint in endpoints}
        panels = []
        for nomogram in self.nomograms:
            scales = []
            for scorer in nomogram.scorers:
                model_input = inputs[scorer.input]
                if isinstance(scorer, TickPoints):
                    ticks = [Tick(format_number(v), p) for v, p in zip(scorer.values, scorer.points, strict=True)]
                else:
                    ticks = [Tick(choice.label, scorer.points[choice.value]) for choice in model_input.choices]
                scales.append(InputScale(scorer.input, scale_label(model_input), tuple(ticks)))
            total_max = sum(max(tick.points for tick in scale.ticks) for scale in scales)
            probabilities = tuple(
                ProbabilityScale(axis.endpoint_id, names[axis.endpoint_id], tuple((p, t) for t, p in axis.ticks))
                for axis in nomogram.axes
            )
            panels.append(Panel(nomogram.endpoint_ids, tuple(scales), float(total_max), probabilities))
        return tuple(panels)


def fit_lines(axes_ticks, kinds):
    """Least-squares lines `log(-log S) = intercept_e + slope * points` with one shared slope.

    `axes_ticks` maps endpoint id -> [(points, probability), ...]. Returns (intercepts, slope).
    """
    endpoint_ids = list(axes_ticks)
    rows, targets = [], []
    for column, endpoint_id in enumerate(endpoint_ids):
        for points, probability in axes_ticks[endpoint_id]:
            row = [0.0] * len(endpoint_ids) + [points]
            row[column] = 1.0
            rows.append(row)
            targets.append(_to_line(probability, kinds[endpoint_id]))
    solution, *_ = np.linalg.lstsq(np.asarray(rows), np.asarray(targets), rcond=None)
    return dict(zip(endpoint_ids, solution[:-1].tolist(), strict=True)), float(solution[-1])


def _parse_scorer(table, input_id, model_input):
    if model_input.kind == NUMBER:
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
    per_choice = table.table(input_id)
    points = {choice: per_choice.required(choice, float) for choice in model_input.choice_values}
    per_choice.reject_unknown()
    return ChoicePoints(input_id, points)


def _parse_nomogram(table, inputs, endpoints):
    points_table = table.table("points")
    scorers = []
    for input_id in points_table.all_keys():
        if input_id not in inputs:
            raise points_table.error(input_id, f"unknown input {input_id!r}")
        scorers.append(_parse_scorer(points_table, input_id, inputs[input_id]))

    axes_table = table.table("probability_axes")
    kinds = {endpoint.id: endpoint.kind for endpoint in endpoints}
    axes_ticks = {}
    for endpoint_id in axes_table.all_keys():
        if endpoint_id not in kinds:
            raise axes_table.error(endpoint_id, f"unknown endpoint {endpoint_id!r}")
        ticks = axes_table.required(endpoint_id, list)
        if len(ticks) < 2 or not all(isinstance(tick, list) and len(tick) == 2 for tick in ticks):
            raise axes_table.error(endpoint_id, "must list at least two [total points, probability] ticks")
        if not all(0.0 < probability < 1.0 for _, probability in ticks):
            raise axes_table.error(endpoint_id, "probabilities must lie strictly between 0 and 1")
        axes_ticks[endpoint_id] = [(float(points), float(probability)) for points, probability in ticks]
    if not axes_ticks:
        raise table.error("probability_axes", "a nomogram needs at least one probability axis")

    axes = fitted_axes(axes_ticks, kinds)
    for axis in axes:
        far = ticks_off_the_line(axis)
        if far:
            raise axes_table.error(axis.endpoint_id, "; ".join(far) + ": check the digitisation")
    table.reject_unknown()
    return Nomogram(tuple(scorers), tuple(axes))


def fitted_axes(axes_ticks, kinds):
    """The ProbabilityAxis of each endpoint of one nomogram, their lines fitted with one shared slope."""
    intercepts, slope = fit_lines(axes_ticks, kinds)
    return tuple(
        ProbabilityAxis(endpoint_id, kinds[endpoint_id], tuple(ticks), intercepts[endpoint_id], slope)
        for endpoint_id, ticks in axes_ticks.items()
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
