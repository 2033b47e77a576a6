"""What a model form computes: probabilities, nomogram points and printed-axis bounds.

Both forms of model (coefficient and points) return a `Scores`; every value in it is an array as
long as the inputs, so one patient and a cohort of a million go through the same arithmetic.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

# The key of the total in the JSON form of points (API responses, audit records, the command
# line), beside the input ids; so no input may be called this (checked when a definition loads).
TOTAL = "total"


@dataclass(frozen=True)
class Points:
    """Nomogram points of one endpoint: per input that carries points, and their total.

    Arrays in `Scores`; numbers in a `Prediction` of one patient.
    """

    per_input: Mapping[str, float]
    total: float

    @classmethod
    def summed(cls, per_input: Mapping) -> "Points":
        return cls(per_input, sum(per_input.values()))

    def at(self, index: int) -> "Points":
        """One patient's points, as numbers, out of the arrays."""
        return Points(
            {input_id: float(column[index]) for input_id, column in self.per_input.items()}, float(self.total[index])
        )

    def as_json(self) -> dict[str, float]:
        """`{input id: points, ..., "total": points}`, as the API shows and the audit trail stores."""
        return {**self.per_input, TOTAL: self.total}

    @classmethod
    def from_json(cls, data: Mapping[str, float]) -> "Points":
        return cls({key: value for key, value in data.items() if key != TOTAL}, data[TOTAL])


class AxisBounds(NamedTuple):
    direction: np.ndarray  # +1 / -1 where the true value lies above / below the printed bound, else 0
    printed: np.ndarray  # the printed probability at the end of the axis, NaN on the axis


class Scores(NamedTuple):
    """Arrays as long as the inputs, keyed by endpoint id.

    `outcomes`: probabilities (NaN where the endpoint is not defined for the patient); `points`:
    nomogram points; `bounds`: for models with printed probability axes, where a total lies beyond
    the axis.
    """

    outcomes: dict[str, np.ndarray]
    points: dict[str, Points]
    bounds: dict[str, AxisBounds]
