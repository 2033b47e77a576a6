"""Icon arrays: a result as 100 similar patients, with the sentence that says what they show.

Every word of the sentence is here, so the page, the print sheet and the PDF say the same thing.
"""

import functools
import re
from dataclasses import dataclass, field

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
    # Made from `filled`, so left out of comparing and hashing: an array is hashed to find its
    # figure kept (the sheet's templates), and hashing 100 icons each time would cost more.
    icons: tuple = field(compare=False)

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


_HALF_CIRCLE = f"a{RADIUS} {RADIUS} 0 1 0"  # an SVG arc to a point given after it


def _discs(icons):
    """Circles as one path's data: each a move to its left edge and two half-circle arcs."""
    return " ".join(
        f"M{icon.x - RADIUS:g} {icon.y:g}{_HALF_CIRCLE} {2 * RADIUS} 0{_HALF_CIRCLE} {-2 * RADIUS} 0z" for icon in icons
    )


@functools.lru_cache(maxsize=ICONS + 1)
def _circles(count):
    """The 100 icons as SVG: one path of filled discs and one of outlined rings for the rest.

    Two elements rather than a hundred circles: the model page's result in place replaces the
    sheet on every change, and the browser's cost of that (htmx visits every element it removes
    and adds) grows with the number of elements, of which the icon arrays were a third.
    """
    icons = _icons(count)
    filled = [icon for icon in icons if icon.filled]
    empty = [icon for icon in icons if not icon.filled]
    paths = []
    if filled:
        paths.append(f'<path class="icon-filled" d="{_discs(filled)}" fill="#1f4e79"/>')
    if empty:
        paths.append(f'<path class="icon-empty" d="{_discs(empty)}" fill="none" stroke="#6c757d" stroke-width="0.9"/>')
    return mark_safe("".join(paths))


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
