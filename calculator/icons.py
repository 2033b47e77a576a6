"""Icon arrays: a result as 100 similar patients, with the sentence that says what they show.

Every word of the sentence is here, so the page, the print sheet and the PDF say the same thing.
"""

import functools
import re
from dataclasses import dataclass

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from nomograms.prediction import Result

ICONS = 100
COLUMNS = 10
CELL = 10  # SVG user units per icon
RADIUS = 3.6

# The result as shown ("41%", "< 1%", "> 99%"): the icons say exactly what the number says.
SHOWN = re.compile(r"^(?P<relation>[<>])?\s*(?P<percent>\d+)%$")


@dataclass(frozen=True)
class Icon:
    x: float
    y: float
    filled: bool


@dataclass(frozen=True)
class IconArray:
    dom_id: str
    filled: int
    sentence: str
    filled_means: str
    empty_means: str
    icons: tuple

    @property
    def size(self):
        return COLUMNS * CELL

    @property
    def radius(self):
        return RADIUS

    @property
    def circles(self):
        return _circles(self.filled)


# The icons and their markup depend only on how many are filled: made once for each count.
@functools.lru_cache(maxsize=ICONS + 1)
def _icons(count):
    return tuple(
        Icon(x=(index % COLUMNS + 0.5) * CELL, y=(index // COLUMNS + 0.5) * CELL, filled=index < count)
        for index in range(ICONS)
    )


@functools.lru_cache(maxsize=ICONS + 1)
def _circles(count):
    """The 100 icons as SVG: filled discs, and outlined rings for the rest (joined here, not in a
    template loop, which would cost a result page more than its computation)."""
    return mark_safe(
        "".join(
            f'<circle class="icon-filled" cx="{icon.x}" cy="{icon.y}" r="{RADIUS}" fill="#1f4e79"/>'
            if icon.filled
            else f'<circle class="icon-empty" cx="{icon.x}" cy="{icon.y}" r="{RADIUS}" fill="none" '
            f'stroke="#6c757d" stroke-width="0.9"/>'
            for icon in _icons(count)
        )
    )


def filled_count(shown: str) -> tuple[int, str, int]:
    """Icons to fill for a result as shown, and how the count relates to the truth.

    "41%" fills 41 ("about"). A result beyond what can be shown ("< 1%", "> 95%") fills the
    nearest count that keeps the inequality true: "< 1%" fills none, "> 95%" fills 96, and the
    sentence says "fewer than" or "more than" the number shown.
    """
    match = SHOWN.match(shown)
    if match is None:
        raise ValueError(f"not a shown percentage: {shown!r}")
    percent = int(match["percent"])
    relation = match["relation"] or ""
    count = {"": percent, "<": percent - 1, ">": percent + 1}[relation]
    return min(max(count, 0), ICONS), relation, percent


def _quantity(relation, percent):
    if relation == "<":
        return _("Fewer than %(count)s") % {"count": percent}
    if relation == ">":
        return _("More than %(count)s") % {"count": percent}
    return _("About %(count)s") % {"count": percent}


def _wording(endpoint, quantity):
    """(sentence, what a filled icon means, what an empty one means), in the endpoint's own words."""
    words = {"quantity": quantity, "outcome": endpoint.outcome_for_patients}
    sentence = _("%(quantity)s of 100 similar patients would %(outcome)s.") % words
    # One convention for every model: a filled circle is a patient the number counts.
    return sentence, _("filled: would %(outcome)s") % words, _("empty: would not")


def icon_array(result: Result) -> IconArray:
    """The icon array of one shown result (a `Result` of `nomograms.prediction`)."""
    count, relation, percent = filled_count(result.shown)
    sentence, filled_means, empty_means = _wording(result.endpoint, _quantity(relation, percent))
    return IconArray(f"icons-{result.endpoint.id}", count, sentence, filled_means, empty_means, _icons(count))
