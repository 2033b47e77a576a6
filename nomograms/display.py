"""How a probability is shown to people (the display rule of the model specifications)."""

import math


def _percent(probability):
    # Round half up, as a clinician would: 40.5% shows as 41%.
    return f"{math.floor(probability * 100 + 0.5)}%"


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
    """Nomogram points to 3 decimals at most: digitised points such as 102.825 stay exact."""
    return f"{round(points, 3):g}"
