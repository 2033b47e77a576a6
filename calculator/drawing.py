"""The drawn nomogram: where every scale, tick, label and patient mark goes, in SVG user units.

The scales come from `nomograms.layout` (the same definition that computes the result); this
module only places them, as printed nomograms are laid out: the 0-100 points scale on top, one
scale per input, the total-points scale, and one probability scale per endpoint (or stratum).

A drawing is two layers. The base, the unmarked nomogram, is laid out once per definition version
(its SHA-256) and language and kept: placing about 150 tick labels was most of a new patient's
drawing. Every scale a patient can be marked on keeps a free line of its own above its tick labels
for the patient's reading, so the patient's layer never moves anything in the base. That layer,
the overlay, is a few dozen elements: a marker on each input scale at the points the value earns,
the total, a vertical line at the total reading off each probability, and a veil over the scales
of the strata this patient is not in. `calculator/svg.py` turns a `PanelDrawing` into markup; the
model page, the result page, the print sheet and the PDF all use it, and the model page's result
in place is sent without the base when the page already holds it.
"""

import functools
import math
import textwrap
from dataclasses import dataclass, replace
from itertools import pairwise

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from calculator import __version__
from nomograms.definition import Definition
from nomograms.display import format_bound, format_points
from nomograms.layout import nice_step
from nomograms.prediction import Prediction

from .per_version import kept_per_version
from .svg import FONT_SIZE, base_svg, panel_svg

VIEW_WIDTH = 900
AXIS_LEFT = 200  # the scales start here; the scale names sit to the left
AXIS_RIGHT = 885
NAME_LEFT = 4
LABEL_OVERHANG = 12  # how far a tick label at the start of a scale may reach into the names' column
LINE = FONT_SIZE + 1  # one line of tick labels
CHARACTER_WIDTH = 0.6 * FONT_SIZE  # a generous average for sans-serif text
LABEL_GAP = 3  # horizontal room kept between two labels
# A scale name wraps where it would meet a tick label reaching into its column.
NAME_CHARACTERS = int((AXIS_LEFT - LABEL_OVERHANG - LABEL_GAP - NAME_LEFT) / CHARACTER_WIDTH)
TICK_CHARACTERS = 30  # a tick label wraps at this many characters
LEADER_GAP = 1.5  # room between a leader line and the label it leads to
LEADER_SIDE = 3  # how far a label beside its leader stands from it
MAX_DEPTH = 12  # lines of labels on one side of a scale, at most
ASCENT = 0.8 * FONT_SIZE  # how far a line of text reaches above its baseline
DESCENT = 0.25 * FONT_SIZE  # and below it
TICK_LENGTH = 4
ROW_PADDING = 1
ROW_GAP = 3  # vertical room between labels of two scales
AXIS_CLEARANCE = 5  # between a label and another scale's line: more than a label's own (3)
AXIS_PITCH = 18  # between two scales' lines with nothing between them
MARK_HALF = 4  # half the width of a patient's marker
POINTS_STEP = 10
LAID_OUT_KEPT = 32  # definition versions and languages whose unmarked drawings are kept


@dataclass(frozen=True)
class Label:
    x: float
    anchor: str  # text-anchor: "start", "middle" or "end"
    lines: tuple  # (y of the baseline, text) per line


@dataclass(frozen=True)
class TickMark:
    x: float
    value: float  # the points, total or probability this tick stands for
    label: Label | None  # minor ticks have none
    top: float
    bottom: float
    # (x1, y1, x2, y2): a line from the tick to its label, where the label is not the nearest one
    # to the scale right over its tick alone.
    leader: tuple | None = None


@dataclass(frozen=True)
class AxisRow:
    kind: str  # "points", "input", "total" or "probability"
    key: str  # the input id or endpoint id; "" for the points and total scales
    name: Label
    y: float
    x1: float
    x2: float
    ticks: tuple
    stratum: str = ""  # "input id=choice" for one stratum's probability scale
    top: float = 0.0  # the band of the drawing the scale and its labels take
    bottom: float = 0.0
    reading_depth: int | None = None  # the line above the tick labels kept for a patient's reading

    @functools.cached_property
    def marker_corners_y(self):
        """The y of a patient's marker's top, middle and bottom corners on this scale, written out:
        the same for every patient, so written once per laid-out drawing (a float written costs
        about a microsecond, and a marker has eight)."""
        y, r = self.y, MARK_HALF
        return f"{y - r - 1}", f"{y}", f"{y + r + 1}"


@dataclass(frozen=True)
class Mark:
    """This patient on one scale: a marker at x, and what it reads."""

    row: AxisRow
    x: float
    label: Label

    @property
    def y(self):
        return self.row.y

    @property
    def diamond(self):
        """The marker's corners, for a <polygon>: a diamond reads in black and white too."""
        x, r = self.x, MARK_HALF
        centre = f"{x}"
        top, middle, bottom = self.row.marker_corners_y
        return f"{centre},{top} {x + r},{middle} {centre},{bottom} {x - r},{middle}"


@dataclass(frozen=True)
class BaseDrawing:
    """One panel's unmarked nomogram, laid out and written once per definition version and language."""

    index: int
    key: str  # names this drawing in the page: definition version, language, calculator version
    title: str
    description: str
    width: int
    height: float
    rows: tuple
    scales: "_Scales"

    @functools.cached_property
    def svg(self):
        return base_svg(self)


@dataclass(frozen=True)
class PatientOverlay:
    """What one patient adds to a base drawing."""

    description: str
    marks: tuple  # Mark per scale the patient is read on
    muted: tuple  # AxisRow per stratum's scale this patient is not in
    total_line: tuple | None  # (x, y from, y to): this patient's total, read down to the probabilities
    # Why this panel carries no marks for the patient (its endpoints do not apply), or "".
    not_applicable: str = ""


@dataclass(frozen=True)
class PanelDrawing:
    base: BaseDrawing
    patient: PatientOverlay | None = None

    index = property(lambda self: self.base.index)
    title = property(lambda self: self.base.title)
    width = property(lambda self: self.base.width)
    height = property(lambda self: self.base.height)
    rows = property(lambda self: self.base.rows)
    marks = property(lambda self: self.patient.marks if self.patient else ())
    muted = property(lambda self: self.patient.muted if self.patient else ())
    total_line = property(lambda self: self.patient.total_line if self.patient else None)
    not_applicable = property(lambda self: self.patient.not_applicable if self.patient else "")

    @property
    def description(self):
        return self.patient.description if self.patient else self.base.description

    @property
    def dom_id(self):
        # Distinct for the marked drawing: the model page can show both, its result in place.
        return f"nomogram-{self.index}" if self.patient is None else f"patient-nomogram-{self.index}"

    @property
    def svg(self):
        return panel_svg(self)

    @property
    def svg_over_page(self):
        """The drawing with its base left out, for a page that already holds it (the model page's
        result in place): static/js/print.js moves the page's base in."""
        return panel_svg(self, base_in_page=True)


@dataclass(frozen=True)
class TextToPlace:
    """A label to place near x, on one side of the scale, as near to it as possible.

    A tick's label (`tied`) must read as that tick's alone: either centred right over it, next to
    the scale and over no other tick, or led to it by a line from the tick.
    """

    x: float
    lines: tuple
    sides: tuple  # "above" / "below", in order of preference
    tied: bool = True


@dataclass(frozen=True)
class Placement:
    side: str
    depth: int  # in lines from the scale
    centre: float
    leader: str  # "" (none), "centred" (to the label's near edge) or "beside" (along its nearest line)


def text_width(text):
    return len(text) * CHARACTER_WIDTH


@functools.lru_cache(maxsize=4096)  # the same scale names and tick labels, on every result page
def wrap(text, characters):
    return tuple(textwrap.wrap(text, characters)) or ("",)


def _clamped_centre(x, width):
    """Keep a centred label inside the drawing (it may reach a little into the names' column)."""
    return min(max(x, AXIS_LEFT - LABEL_OVERHANG + width / 2), VIEW_WIDTH - 2 - width / 2)


def _candidates(text, width, depth, stacked):
    """Where a text may go at one depth: centred on its x, then beside a leader on either side.

    Stacked right on the label of another tick at the same x, centred without a leader, it
    needs none either: both labels stand over that x alone.
    """
    centre = _clamped_centre(text.x, width)
    yield centre, "centred" if depth and text.tied and not stacked else ""
    if not text.tied:
        return
    if text.x + LEADER_SIDE + width <= VIEW_WIDTH - 2:
        yield text.x + LEADER_SIDE + width / 2, "beside"
    if text.x - LEADER_SIDE - width >= AXIS_LEFT - LABEL_OVERHANG:
        yield text.x - LEADER_SIDE - width / 2, "beside"


# What a label gives up, in this order, when nothing else fits (a patient's reading standing over
# its tick, or a wide label at the right end, can leave no other way).
COVERS_NO_TICK_TO_COME = 3  # a label stands over no tick still to label,
COVERS_NO_CORNERED_TICK = 2  # or only over ticks still free on their other side;
LEADER_CROSSES_NOTHING = 1  # its leader crosses no label (and a label without one covers no other tick)


@dataclass(frozen=True)
class _Box:
    side: str
    left: float
    right: float
    first: int  # its first line's depth
    last: int  # its last line's depth + 1
    x: float  # its text's x
    leader: str

    def covers(self, x, gap):
        return self.left - gap < x < self.right + gap


def place_labels(texts):
    """A Placement for each text, so that no two labels overlap and each reads as its tick's.

    Greedy, the untied texts (a patient's reading) first, then the tied ones from right to left:
    each takes the nearest depth on its sides, centred if it can, where it overlaps no label or
    leader placed before it. A label beside its leader reaches right, away from the ticks still
    to come, so close ticks label as a staircase whose leaders cross nothing. When nothing fits,
    the rules above give way one by one; before a leader may cross a label, the text may take the
    other side of the scale.
    """
    order = sorted(range(len(texts)), key=lambda i: (texts[i].tied, -texts[i].x))
    strictest = (COVERS_NO_TICK_TO_COME, COVERS_NO_CORNERED_TICK, LEADER_CROSSES_NOTHING)
    attempts = [*((s, False) for s in strictest), *((s, True) for s in strictest), (0, False)]
    boxes = []
    placements = {}
    for rank, index in enumerate(order):
        text = texts[index]
        to_come = [texts[i] for i in order[rank + 1 :] if texts[i].tied and texts[i].x != text.x]
        placement = next(
            found
            for strictness, either_side in attempts
            if (found := _place(text, texts, to_come, boxes, strictness, either_side))
        )
        half = max(text_width(line) for line in text.lines) / 2
        boxes.append(
            _Box(placement.side, placement.centre - half, placement.centre + half, placement.depth,
                 placement.depth + len(text.lines), text.x, placement.leader)
        )  # fmt: skip
        placements[index] = placement
    return [placements[index] for index in range(len(texts))]


def _place(text, texts, to_come, boxes, strictness, either_side):
    """The nearest placement of `text` that keeps the rules at `strictness`, or None."""
    width = max(text_width(line) for line in text.lines)
    lines = len(text.lines)
    sides = (*text.sides, *(side for side in ("above", "below") if side not in text.sides))
    for depth in range(MAX_DEPTH):
        for side in sides if either_side else text.sides:
            near = [box for box in boxes if box.side == side]
            for centre, leader in _candidates(text, width, depth, _stacked_on(text, depth, near)):
                left, right = centre - width / 2, centre + width / 2
                if any(
                    box.left < right + LABEL_GAP and left < box.right + LABEL_GAP
                    and box.first < depth + lines and depth < box.last
                    for box in near
                ) or any(
                    box.leader and left - LEADER_GAP < box.x < right + LEADER_GAP and depth < _leader_reach(box)
                    for box in near
                ):  # fmt: skip
                    continue  # it overlaps a label or a leader
                reach = depth + (leader == "beside")
                if (
                    strictness >= LEADER_CROSSES_NOTHING
                    and leader
                    and any(box.covers(text.x, LEADER_GAP) and box.first < reach for box in near)
                ):
                    continue  # its leader would cross a label
                if text.tied and any(
                    left - LEADER_GAP < x < right + LEADER_GAP
                    for x in _must_not_cover(text, texts, to_come, leader, side, boxes, strictness, either_side)
                ):
                    continue
                return Placement(side, depth, centre, leader)
    return None


def _leader_reach(box):
    """How many lines from the scale a label's leader runs through."""
    return box.first + (box.leader == "beside")


def _must_not_cover(text, texts, to_come, leader, side, boxes, strictness, either_side):
    """The x of the ticks a tied label may not stand over, at this strictness."""
    if not leader:  # without a leader, a label over another tick reads as either's
        return [t.x for t in texts if t.tied and t.x != text.x] if strictness >= LEADER_CROSSES_NOTHING else []
    if strictness >= COVERS_NO_TICK_TO_COME or (either_side and strictness >= COVERS_NO_CORNERED_TICK):
        return [t.x for t in to_come]
    if strictness >= COVERS_NO_CORNERED_TICK:
        return [t.x for t in to_come if not _free_elsewhere(t, side, boxes)]
    return []


def _stacked_on(text, depth, near):
    """Whether a label of a tick at the same x, centred on it without a leader, ends at `depth`."""
    return any(
        box.last == depth and box.x == text.x and not box.leader and abs((box.left + box.right) / 2 - text.x) < 0.05
        for box in near
    )


def _free_elsewhere(text, side, boxes):
    """Whether a side of the scale other than `side` has nothing yet next to it at the text's x."""
    return any(
        not any(box.side == other and box.first == 0 and box.covers(text.x, LEADER_GAP) for box in boxes)
        for other in text.sides
        if other != side
    )


def _label(placement, x, lines, axis_y):
    """Baselines of a label's lines: above the scale they stack upwards, below it downwards."""
    if placement.side == "above":
        bottom = axis_y - TICK_LENGTH - 3 - placement.depth * LINE
        first = bottom - (len(lines) - 1) * LINE
    else:
        first = axis_y + TICK_LENGTH + FONT_SIZE + placement.depth * LINE
    baselines = tuple((round(first + i * LINE, 1), line) for i, line in enumerate(lines))
    if placement.leader != "beside":
        return Label(round(placement.centre, 1), "middle", baselines)
    # Beside its leader a label starts (or ends) at the line, however much narrower than estimated.
    half = max(text_width(line) for line in lines) / 2
    if placement.centre > x:
        return Label(round(placement.centre - half, 1), "start", baselines)
    return Label(round(placement.centre + half, 1), "end", baselines)


def label_box(label):
    """(left, top, right, bottom) of a label's text, by the same estimate of width that placed it."""
    width = max(text_width(line) for _, line in label.lines)
    left = {"start": label.x, "middle": label.x - width / 2, "end": label.x - width}[label.anchor]
    return left, label.lines[0][0] - ASCENT, left + width, label.lines[-1][0] + DESCENT


def _leader(placement, tick, label):
    """The line from a tick to its label: to the label's near edge, or along its nearest line."""
    _, top, _, bottom = label_box(label)
    above = placement.side == "above"
    if placement.leader == "centred":
        end = bottom + LEADER_GAP if above else top - LEADER_GAP
    else:
        nearest_baseline = label.lines[-1][0] if above else label.lines[0][0]
        end = nearest_baseline - ASCENT / 2
    return (tick.x, tick.top if above else tick.bottom, tick.x, round(end, 1))


def _name_label(name, axis_y):
    lines = wrap(name, NAME_CHARACTERS)
    first = axis_y + 4 - (len(lines) - 1) * LINE / 2
    return Label(NAME_LEFT, "start", tuple((round(first + i * LINE, 1), line) for i, line in enumerate(lines)))


@dataclass(frozen=True)
class _RowSpec:
    """A scale before it is placed vertically: its ticks."""

    kind: str
    key: str
    name: str
    x1: float
    x2: float
    ticks: tuple  # (x, value, label text or None, sides)
    stratum: str = ""
    marks_at_ticks: bool = False  # a choice: a patient's mark falls on one of its ticks

    @property
    def marked(self):
        """Whether a patient can be read on this scale: its reading needs room kept for it."""
        return self.kind != "points"


def _depth_used(placements, texts, side):
    return max(
        (p.depth + len(text.lines) for p, text in zip(placements, texts, strict=True) if p.side == side), default=0
    )


def _place_row(spec, placed):
    """Lay one scale out below the `placed` boxes of the scales above it: its labels packed above
    and below it, a line kept above them for a patient's reading where one can be marked, and the
    scale itself as high as clearing those boxes allows. Returns (row, its boxes)."""
    texts = [TextToPlace(x, wrap(text, TICK_CHARACTERS), sides) for x, _, text, sides in spec.ticks if text is not None]
    placements = place_labels(texts)
    reading_depth = _depth_used(placements, texts, "above") if spec.marked else None
    reading_spans = _reading_spans(spec) if spec.marked else ()
    boxes = _row_boxes(_build_row(spec, texts, placements, 0.0, reading_depth), reading_spans)
    row = _build_row(spec, texts, placements, _axis_y(boxes, placed), reading_depth)
    boxes = _row_boxes(row, reading_spans)
    return replace(row, top=min(box.top for box in boxes), bottom=max(box.bottom for box in boxes)), boxes


def _build_row(spec, texts, placements, axis_y, reading_depth):
    placed = iter([(p, _label(p, text.x, text.lines, axis_y)) for p, text in zip(placements, texts, strict=True)])
    ticks = []
    for x, value, text, _sides in spec.ticks:
        length = TICK_LENGTH if text is not None else TICK_LENGTH / 2
        tick = TickMark(round(x, 1), value, None, axis_y - length, axis_y + length)
        if text is not None:
            placement, label = next(placed)
            leader = _leader(placement, tick, label) if placement.leader else None
            tick = replace(tick, label=label, leader=leader)
        ticks.append(tick)
    return AxisRow(
        spec.kind, spec.key, _name_label(spec.name, axis_y), axis_y, round(spec.x1, 1), round(spec.x2, 1),
        tuple(ticks), spec.stratum, reading_depth=reading_depth,
    )  # fmt: skip


@dataclass(frozen=True)
class _Extent:
    """What a drawn scale occupies: a text, or the scale's line with its ticks and marker."""

    left: float
    top: float
    right: float
    bottom: float
    # A text's least distance from another scale's line; None for a scale's line.
    clearance: float | None = None

    @property
    def middle(self):
        return (self.top + self.bottom) / 2


def _row_boxes(row, reading_spans=()):
    """The _Extents a laid-out scale takes: its name, tick labels, line, and the line kept for a
    patient's reading over each of `reading_spans`, (left, right)."""
    half = max(TICK_LENGTH, MARK_HALF + 1)
    led = AXIS_CLEARANCE + half  # a label its leader ties to its tick
    texts = [(row.name, led), *((tick.label, led if tick.leader else None) for tick in row.ticks if tick.label)]
    boxes = [_text_extent(*label_box(label), row.y, clearance, led) for label, clearance in texts]
    for left, right in reading_spans:
        baseline = row.y - TICK_LENGTH - 3 - row.reading_depth * LINE  # as _label places it
        boxes.append(_text_extent(left, baseline - ASCENT, right, baseline + DESCENT, row.y, led, led))
    return [*boxes, _Extent(row.x1, row.y - half, row.x2, row.y + half)]


def _text_extent(left, top, right, bottom, axis_y, clearance, led):
    # Without a leader a label reads as its nearest scale's: another scale keeps farther off.
    own = top - axis_y if top > axis_y else axis_y - bottom
    return _Extent(left, top, right, bottom, clearance or max(led, own + 1))


def _reading_spans(spec):
    """The (left, right) spans a patient's reading on this scale can take, whatever the patient:
    centred on its mark and kept inside the drawing as any label is (`_clamped_centre`). A choice's
    mark falls on one of its ticks, with that tick's points; any other mark falls between the
    scale's ends, its reading no wider than the widest the scale can give."""
    if spec.marks_at_ticks:
        return tuple(_span(x, x, text_width(_points_reading(spec.kind, value))) for x, value, _, _ in spec.ticks)
    return (_span(spec.x1, spec.x2, text_width(_widest_reading(spec))),)


def _span(x1, x2, width):
    least, most = AXIS_LEFT - LABEL_OVERHANG, VIEW_WIDTH - 2
    return max(least, min(x1 - width / 2, most - width)), min(most, max(x2 + width / 2, least + width))


def _widest_reading(spec):
    """A reading at least as wide as any a patient can have on this scale."""
    if spec.kind == "probability":
        # Shown results are "41%", "< 1%", "> 99%" or an axis bound: "> 100%" is the widest.
        return format_bound(1, 1.0)
    values = [value for _, value, _, _ in spec.ticks]
    # format_points gives a sign, the whole points and at most one decimal.
    whole = int(max(-min(values), max(values))) + 1
    return _points_reading(spec.kind, -whole - 0.5 if min(values) < 0 else whole + 0.5)


def _points_reading(kind, points):
    """A patient's reading on an input scale, or on the total-points scale."""
    if kind == "total":
        return _("total %(points)s pts") % {"points": format_points(points)}
    return _("%(points)s pts") % {"points": format_points(points)}


def _axis_y(boxes, placed):
    """The highest y for a scale whose boxes (laid out at y 0) clear every box placed above it.

    Scales pack like a skyline: a scale's labels may reach down beside the labels of the next one,
    never over them. A label keeps farther from another scale's line than from its own, so it
    reads as its own scale's.
    """
    needed = [ROW_PADDING - min(box.top for box in boxes)]
    for box in boxes:
        for other in placed:
            if box.left < other.right + LABEL_GAP and other.left < box.right + LABEL_GAP:
                if box.clearance is not None and other.clearance is not None:
                    needed.append(other.bottom + ROW_GAP - box.top)
                elif box.clearance is not None:
                    needed.append(other.middle + box.clearance - box.top)
                elif other.clearance is not None:
                    needed.append(other.bottom + other.clearance)
                else:
                    needed.append(other.middle + AXIS_PITCH)
    return round(max(needed), 1)


def _reading(row, x, text):
    """A patient's mark on a laid-out row, its reading on the line kept for it above the tick labels."""
    centre = _clamped_centre(x, text_width(text))
    return Mark(row, round(x, 1), _label(Placement("above", row.reading_depth, centre, ""), x, (text,), row.y))


def format_percent(probability):
    return f"{round(probability * 100, 1):g}%"


def monotonic_runs(ticks):
    """Split ticks where the points turn (an age scale falls, then rises): [[tick, ...], ...].

    A turning tick belongs to the run it ends.
    """
    runs = [[ticks[0]]]
    direction = 0
    for before, after in pairwise(ticks):
        step = (after.points > before.points) - (after.points < before.points)
        if direction and step and step != direction:
            runs.append([])
        direction = step or direction
        runs[-1].append(after)
    return runs


class _Scales:
    """x positions on one panel: the points scale and the total-points scale span the same width."""

    def __init__(self, panel):
        self.points_max = max(100.0, max(tick.points for scale in panel.inputs for tick in scale.ticks))
        # About ten intervals of total points, in steps of 1, 2, 2.5 or 5 times a power of ten.
        self.total_step = nice_step(panel.total_points_max, 10, multiples=(1, 2, 2.5, 5))
        self.total_max = math.ceil(panel.total_points_max / self.total_step - 1e-9) * self.total_step

    def points_x(self, points):
        return AXIS_LEFT + points / self.points_max * (AXIS_RIGHT - AXIS_LEFT)

    def total_x(self, total):
        return AXIS_LEFT + total / self.total_max * (AXIS_RIGHT - AXIS_LEFT)


def _points_row(scales):
    values = [float(value) for value in range(0, int(scales.points_max) + 1, POINTS_STEP // 2)]
    ticks = tuple((scales.points_x(v), v, f"{v:g}" if v % POINTS_STEP == 0 else None, ("above",)) for v in values)
    return _RowSpec("points", "", _("Points"), scales.points_x(0), scales.points_x(scales.points_max), ticks)


def _input_row(scale, model_input, scales):
    if model_input.is_number:
        # Labels of alternate monotonic runs on alternate sides, so the arms of a folded scale
        # do not hide each other.
        sides = [
            ("above",) if index % 2 == 0 else ("below",)
            for index, run in enumerate(monotonic_runs(scale.ticks))
            for _ in run
        ]
    else:
        sides = [("above", "below")] * len(scale.ticks)  # choices have no order to keep
    ticks = tuple(
        (scales.points_x(t.points), t.points, t.label, side) for t, side in zip(scale.ticks, sides, strict=True)
    )
    all_points = [tick.points for tick in scale.ticks]
    return _RowSpec(
        "input", scale.input_id, scale.label, scales.points_x(min(all_points)), scales.points_x(max(all_points)), ticks,
        marks_at_ticks=not model_input.is_number,
    )  # fmt: skip


def _total_row(scales):
    count = round(scales.total_max / scales.total_step)
    values = [index * scales.total_step for index in range(count + 1)]
    ticks = tuple((scales.total_x(v), v, f"{v:g}", ("above",)) for v in values)
    return _RowSpec("total", "", _("Total points"), scales.total_x(0), scales.total_x(scales.total_max), ticks)


def _probability_row(scale, scales):
    totals = [total for _, total in scale.ticks]
    ticks = tuple((scales.total_x(total), p, format_percent(p), ("below",)) for p, total in scale.ticks)
    stratum = f"{scale.stratum[0]}={scale.stratum[1]}" if scale.stratum else ""
    return _RowSpec(
        "probability", scale.endpoint_id, scale.label, scales.total_x(min(totals)), scales.total_x(max(totals)),
        ticks, stratum,
    )  # fmt: skip


@dataclass(frozen=True)
class _Patient:
    values: dict
    points: dict  # input id -> points, for this panel
    totals: dict  # endpoint id -> total, for the endpoints shown
    shown: dict  # endpoint id -> the result as shown


def _patient(prediction, panel):
    if prediction is None:
        return None
    shown = [endpoint_id for endpoint_id in panel.endpoint_ids if endpoint_id in prediction.points]
    return _Patient(
        values=prediction.values,
        points=dict(prediction.points[shown[0]].per_input) if shown else {},
        totals={endpoint_id: prediction.points[endpoint_id].total for endpoint_id in shown},
        shown={result.endpoint.id: result.shown for result in prediction.results if result.probability is not None},
    )


def _description(definition, panel, patient, prediction):
    names = [scale.label for scale in panel.probabilities]
    if patient is None:
        return _(
            "A points scale from 0 to 100; one scale for each input (%(inputs)s); a total-points scale; "
            "and %(probabilities)s read off the total."
        ) % {"inputs": "; ".join(scale.label for scale in panel.inputs), "probabilities": "; ".join(names)}
    if not patient.totals:
        reasons = [r.not_shown_reason for r in prediction.results if r.endpoint.id in panel.endpoint_ids]
        return _("Not marked for this patient: %(reason)s") % {"reason": " ".join(reasons)}
    parts = [
        _("%(input)s %(value)s: %(points)s points")
        % {
            "input": model_input.label,
            "value": model_input.display(patient.values[model_input.id]),
            "points": format_points(patient.points[model_input.id]),
        }
        for model_input in (definition.input(scale.input_id) for scale in panel.inputs)
    ]
    total = next(iter(patient.totals.values()))
    readings = [
        f"{definition.endpoint(endpoint_id).name} {patient.shown[endpoint_id]}" for endpoint_id in patient.totals
    ]
    return _("This patient: %(parts)s; total %(total)s points, which reads %(readings)s.") % {
        "parts": "; ".join(parts),
        "total": format_points(total),
        "readings": "; ".join(readings),
    }


def base_key(definition: Definition) -> str:
    """What names a base drawing in a page: the definition version, the language and the calculator's."""
    return f"{definition.sha256[:16]}-{get_language()}-{__version__}"


def _lay_out(index, definition, panel):
    """One panel's unmarked nomogram."""
    scales = _Scales(panel)
    specs = [
        _points_row(scales),
        *(_input_row(s, definition.input(s.input_id), scales) for s in panel.inputs),
        _total_row(scales),
        *(_probability_row(s, scales) for s in panel.probabilities),
    ]
    rows, placed = [], []
    for spec in specs:
        row, boxes = _place_row(spec, placed)
        rows.append(row)
        placed += boxes
    height = max(box.bottom for box in placed) + ROW_PADDING
    endpoint_names = ", ".join(definition.endpoint(endpoint_id).name for endpoint_id in panel.endpoint_ids)
    return BaseDrawing(
        index=index,
        key=base_key(definition),
        title=_("Nomogram: %(endpoints)s") % {"endpoints": endpoint_names},
        description=_description(definition, panel, None, None),
        width=VIEW_WIDTH,
        height=round(height, 1),
        rows=tuple(rows),
        scales=scales,
    )


@kept_per_version(kept=LAID_OUT_KEPT)
def laid_out(definition: Definition) -> tuple[BaseDrawing, ...]:
    """The unmarked drawing of each panel, laid out once per definition version and language."""
    panels = enumerate(definition.nomogram_layout, start=1)
    return tuple(_lay_out(index, definition, panel) for index, panel in panels)


def _overlay(definition, panel, base, prediction):
    """This patient on one laid-out panel: the marks and readings, the total line, the muted strata."""
    patient = _patient(prediction, panel)
    scales = base.scales
    probability_rows = [row for row in base.rows if row.kind == "probability"]
    muted = tuple(
        row
        for row, scale in zip(probability_rows, panel.probabilities, strict=True)
        if scale.stratum and patient.values.get(scale.stratum[0]) != scale.stratum[1]
    )
    muted_strata = {row.stratum for row in muted}
    marks, total_line, not_applicable = [], None, ""
    if patient.totals:
        total = next(iter(patient.totals.values()))
        for row in base.rows:
            if row.kind == "input" and row.key in patient.points:
                points = patient.points[row.key]
                marks.append(_reading(row, scales.points_x(points), _points_reading("input", points)))
            elif row.kind == "total":
                marks.append(_reading(row, scales.total_x(total), _points_reading("total", total)))
            elif row.kind == "probability" and row.stratum not in muted_strata and row.key in patient.totals:
                # A total beyond the printed ticks reads the axis end, as the result does.
                x = min(max(scales.total_x(patient.totals[row.key]), row.x1), row.x2)
                marks.append(_reading(row, x, patient.shown[row.key]))
        total_row = next(row for row in base.rows if row.kind == "total")
        total_line = (round(scales.total_x(total), 1), total_row.y, base.rows[-1].y)
    else:
        not_applicable = " ".join(
            r.not_shown_reason for r in prediction.results if r.endpoint.id in panel.endpoint_ids
        ).strip()
    description = _description(definition, panel, patient, prediction)
    return PatientOverlay(description, tuple(marks), muted, total_line, not_applicable)


def draw_nomogram(definition: Definition, prediction: Prediction | None = None) -> tuple[PanelDrawing, ...]:
    """A drawing per panel of a computable definition's nomogram, with this patient's marks when a
    prediction is given."""
    bases = laid_out(definition)
    if prediction is None:
        return tuple(PanelDrawing(base) for base in bases)
    return tuple(
        PanelDrawing(base, _overlay(definition, panel, base, prediction))
        for base, panel in zip(bases, definition.nomogram_layout, strict=True)
    )
