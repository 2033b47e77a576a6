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
ROWS = ICONS // COLUMNS
CELL = 10  # SVG user units per icon
RADIUS = 3.6

# The result as shown ("41%", "< 1%", "> 99%"): the icons say exactly what the number says.
SHOWN = re.compile(r"^(?P<relation>[<>])?\s*(?P<percent>\d+)%$")


@dataclass(frozen=True)
class Block:
    """Whole icons in a rectangle, in icons: the top left one's column and row, and how many across and down."""

    column: int
    row: int
    columns: int
    rows: int

    @property
    def icons(self):
        return self.columns * self.rows


@dataclass(frozen=True)
class IconArray:
    dom_id: str
    filled: int
    sentence: str
    filled_means: str
    empty_means: str

    @property
    def size(self):
        return COLUMNS * CELL

    @property
    def radius(self):
        return RADIUS

    @property
    def drawing(self):
        return _drawing(self.dom_id, self.filled)


def blocks(count: int) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """The filled icons and the empty ones as at most two blocks each, read row by row.

    The first `count` icons, left to right and top to bottom, are filled: the full rows, then the
    start of the next row; the empty ones are the rest of that row, then the rows under it.
    """
    full_rows, partial = divmod(count, COLUMNS)
    started_rows = full_rows + (1 if partial else 0)  # the rows with a filled icon
    filled = (Block(0, 0, COLUMNS, full_rows), Block(0, full_rows, partial, 1))
    empty = (
        Block(partial, full_rows, COLUMNS - partial, started_rows - full_rows),
        Block(0, started_rows, COLUMNS, ROWS - started_rows),
    )
    return tuple(block for block in filled if block.icons), tuple(block for block in empty if block.icons)


def _marker(marker_id, circle):
    """One icon as an SVG marker, drawn centred on each vertex of a path that names it."""
    centre = f"{CELL / 2:g}"
    return (
        f'<marker id="{marker_id}" markerUnits="userSpaceOnUse" markerWidth="{CELL}" markerHeight="{CELL}" '
        f'refX="{centre}" refY="{centre}">{circle}</marker>'
    )


def _centres(blocks_):
    """The blocks' icon centres as the vertices of one path, in reading order: a step of one cell to
    the next icon in a row, a line to the first of the next row. Neither filled nor stroked, the
    path draws nothing but its markers."""
    rows = [(block.column, row, block.columns) for block in blocks_ for row in range(block.row, block.row + block.rows)]
    return "".join(
        f"{'L' if index else 'M'}{(column + 0.5) * CELL:g} {(row + 0.5) * CELL:g}" + f"h{CELL}" * (columns - 1)
        for index, (column, row, columns) in enumerate(rows)
    )


def _icons(blocks_, marker_id):
    if not blocks_:
        return ""
    marker = f"url(#{marker_id})"
    return (
        f'<path d="{_centres(blocks_)}" fill="none" marker-start="{marker}" marker-mid="{marker}" '
        f'marker-end="{marker}"/>'
    )


# The markup depends only on the array's id and how many icons are filled: made once for each.
@functools.lru_cache(maxsize=1024)
def _drawing(dom_id, count):
    """The 100 icons as SVG: a filled disc and an outlined ring, each drawn once as a marker, and a
    path for each with a vertex at every icon's centre.

    Six elements and about 1 KB rather than a path of a hundred circles for each kind: the model
    page's result in place sends and replaces the icon arrays on every change, and their circles
    were half of the bytes sent. Markers rather than a tiled pattern: Chromium prints a pattern's
    tile as a coarse bitmap, and markers stay shapes everywhere (page, print, WeasyPrint's PDF). The
    markers' ids are the array's own, so the arrays of a page do not depend on each other.
    """
    centre = f"{CELL / 2:g}"
    filled_id, empty_id = f"{dom_id}-filled", f"{dom_id}-empty"
    filled, empty = blocks(count)
    disc = f'<circle class="icon-filled" cx="{centre}" cy="{centre}" r="{RADIUS}" fill="#1f4e79"/>'
    ring = (
        f'<circle class="icon-empty" cx="{centre}" cy="{centre}" r="{RADIUS}" fill="none" stroke="#6c757d" '
        'stroke-width="0.9"/>'
    )
    return mark_safe(
        f"<defs>{_marker(filled_id, disc)}{_marker(empty_id, ring)}</defs>"
        + _icons(filled, filled_id)
        + _icons(empty, empty_id)
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
    return IconArray(f"icons-{result.endpoint.id}", count, sentence, filled_means, empty_means)
