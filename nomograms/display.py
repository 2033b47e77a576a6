"""How a probability is shown to people (the display rule of the model specifications)."""

import math


def format_probability(probability, limit=0):
    """Whole percentages; below 1% shows '< 1%', above 99% shows '> 99%'.

    `limit` is +1 or -1 when the probability is the bound of a printed axis that the patient lies
    beyond: the true value is above (+1) or below (-1) the bound shown.
    """
    if limit:
        return f"{'>' if limit > 0 else '<'} {math.floor(probability * 100 + 0.5)}%"
    if probability < 0.01:
        return "< 1%"
    if probability > 0.99:
        return "> 99%"
    # Round half up, as a clinician would: 40.5% shows as 41%.
    return f"{math.floor(probability * 100 + 0.5)}%"
