"""How a probability is shown to people (the display rule of the model specifications)."""

import math


def _rounded(probability):
    # Round half up, as a clinician would: 40.5% shows as 41%.
    return math.floor(probability * 100 + 0.5)


def _percent(probability):
    return f"{_rounded(probability)}%"


def shown_range(probability: float, bound: tuple[int, float] | None = None) -> tuple[int, int]:
    """The whole percentages a result shows, as (least, most): (41, 41) for '41%', (0, 1) for
    '< 1%', (95, 100) for '> 95%'; `bound` as for `format_bound`, where the result is an axis bound."""
    if bound is None:
        if probability < 0.01:
            bound = (-1, 0.01)
        elif probability > 0.99:
            bound = (1, 0.99)
        else:
            return (_rounded(probability), _rounded(probability))
    direction, printed = bound
    return (_rounded(printed), 100) if direction > 0 else (0, _rounded(printed))


def format_bound(direction: int, printed: float) -> str:
    """A result beyond the end of a printed probability axis: the axis bound, '> 99%' or '< 1%'."""
    return f"{'>' if direction > 0 else '<'} {_percent(printed)}"


def format_probability(probability: float) -> str:
    """Whole percentages; below 1% shows '< 1%', above 99% shows '> 99%'."""
    if probability < 0.01:
        return "< 1%"
    if probability > 0.99:
        return "> 99%"
    return _percent(probability)


def format_points(points: float) -> str:
    """Nomogram points as a printed nomogram gives them: whole, or to one decimal (half up), so
    102.825 shows as 102.8 and 41.75 as 41.8. The exact points stay in the saved record."""
    return f"{math.floor(points * 10 + 0.5) / 10:g}"
