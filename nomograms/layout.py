"""What a drawn nomogram shows, derived from the same definition that computes the result.

A nomogram is one or more panels. A panel has the 0-100 points scale on top, one scale per input
(ticks at values, each with its points), a total-points scale, and one probability scale per
endpoint (or per stratum of an endpoint) that reads a total off as a probability. Drawing code
(SVG, PDF) places these; it never computes a model number itself.
"""

import math
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from .inputs import Input, format_number

# The probabilities labelled on a derived probability scale, as printed nomograms usually do. 2%
# and 98% too: a scale whose 1% (or 99%) falls outside the total points is labelled nearer the
# ends, so a model read back off the drawing (the workbench) leaves fewer patients beyond its ticks.
PROBABILITY_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)


@dataclass(frozen=True)
class Tick:
    label: str
    points: float


@dataclass(frozen=True)
class InputScale:
    input_id: str
    label: str
    ticks: tuple  # Tick per labelled value, in the order of the values


@dataclass(frozen=True)
class ProbabilityScale:
    endpoint_id: str
    label: str  # "7-year overall survival", or with the stratum: "..., high grade"
    ticks: tuple  # (probability, total points)
    stratum: tuple | None = None  # (input id, choice value) when the scale is one stratum's


@dataclass(frozen=True)
class Panel:
    endpoint_ids: tuple
    inputs: tuple  # InputScale
    total_points_max: float
    probabilities: tuple  # ProbabilityScale


def nice_step(span: float, target: int, multiples: tuple[float, ...] = (1, 2, 5)) -> float:
    """A round step, one of `multiples` times a power of ten, giving about `target` intervals."""
    raw = span / target
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (*multiples, 10) if m * magnitude >= raw)


def nice_values(low: float, high: float, target: int = 8) -> list[float]:
    """The two ends, and round values between them (steps of 1, 2 or 5 times a power of ten)."""
    step = nice_step(high - low, target)
    inside = [float(value) for value in np.arange(math.ceil(low / step) * step, high, step) if low < value < high]
    return [float(low), *inside, float(high)]


def interval_labels(breaks: tuple[float, ...]) -> list[str]:
    """Labels of right-closed groups split at `breaks`: '≤ 5', '> 5 to 10', '> 10'."""
    edges = [format_number(value) for value in breaks]
    middle = [f"> {low} to {high}" for low, high in pairwise(edges)]
    return [f"≤ {edges[0]}", *middle, f"> {edges[-1]}"]


def scale_label(model_input: Input) -> str:
    return f"{model_input.label} ({model_input.unit})" if model_input.unit else model_input.label


def stratum_label(endpoint_name: str, stratum_input: Input, choice) -> str:
    """The name of one stratum's probability scale: "probability of ... (Grade: High)"."""
    return f"{endpoint_name} ({stratum_input.label}: {choice.label})"
