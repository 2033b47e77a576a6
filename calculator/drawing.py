"""The drawn nomogram: where every scale, tick, label and patient mark goes, in SVG user units.

The scales come from `nomograms.layout` (the same definition that computes the result); this
module only places them, as printed nomograms are laid out: the 0-100 points scale on top, one
scale per input, the total-points scale, and one probability scale per endpoint (or stratum).
Given a prediction, it also places this patient's marks: a marker on each input scale at the
points the value earns, and a vertical line at the total reading off each probability.
`calculator/svg.py` turns a `PanelDrawing` into markup; the model page, the result page, the
print sheet and the PDF all use it.
"""

import functools
import math
import textwrap
from dataclasses import dataclass, replace
from itertools import pairwise

from django.utils.translation import gettext as _

from nomograms.definition import Definition
from nomograms.display import format_points
from nomograms.layout import Panel, nice_step
from nomograms.prediction import Prediction

from .svg import FONT_SIZE, panel_svg

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
class Mark:
    """This patient on one scale: a marker at x, and what it reads."""

    x: float
    label: Label
    y: float

    @property
    def diamond(self):
        """The marker's corners, for a <polygon>: a diamond reads in black and white too."""
        x, y, r = self.x, self.y, MARK_HALF
        return f"{x},{y - r - 1} {x + r},{y} {x},{y + r + 1} {x - r},{y}"


@dataclass(frozen=True)
class AxisRow:
    kind: str  # "points", "input", "total" or "probability"
    key: str  # the input id or endpoint id; "" for the points and total scales
    name: Label
    y: float
    x1: float
    x2: float
    ticks: tuple
    mark: Mark | None = None
    stratum: str = ""  # "input id=choice" for one stratum's probability scale
    muted: bool = False  # the scale of a stratum this patient is not in


@dataclass(frozen=True)
class PanelDrawing:
    index: int
    title: str
    description: str
    width: int
    height: float
    rows: tuple
    total_line: tuple | None  # (x, y from, y to): this patient's total, read down to the probabilities
    # Why this panel carries no marks for the patient (its endpoints do not apply), or "".
    not_applicable: str = ""

    @property
    def dom_id(self):
        # Distinct for the marked drawing: the model page can show both, its result in place.
        return f"nomogram-{self.index}" if self.total_line is None else f"patient-nomogram-{self.index}"

    @property
    def svg(self):
        return panel_svg(self)


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
    """A scale before it is placed vertically: its ticks and this patient's mark."""

    kind: str
    key: str
    name: str
    x1: float
    x2: float
    ticks: tuple  # (x, value, label text or None, sides)
    mark: tuple | None = None  # (x, text)
    stratum: str = ""
    muted: bool = False


def _place_row(spec, placed):
    """Lay one scale out below the `placed` boxes of the scales above it: its labels packed above
    and below it, the scale itself as high as clearing those boxes allows."""
    texts = []
    if spec.mark is not None:
        # The patient's reading goes first, so it sits right beside its marker.
        texts.append(TextToPlace(spec.mark[0], (spec.mark[1],), ("above", "below"), tied=False))
    texts += [
        TextToPlace(x, wrap(text, TICK_CHARACTERS), sides) for x, _, text, sides in spec.ticks if text is not None
    ]
    placements = place_labels(texts)
    axis_y = _axis_y(_row_boxes(_build_row(spec, texts, placements, 0.0)), placed)
    return _build_row(spec, texts, placements, axis_y)


def _build_row(spec, texts, placements, axis_y):
    placed = iter([(p, _label(p, text.x, text.lines, axis_y)) for p, text in zip(placements, texts, strict=True)])
    mark = Mark(round(spec.mark[0], 1), next(placed)[1], axis_y) if spec.mark is not None else None
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
        tuple(ticks), mark, spec.stratum, spec.muted,
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


def _row_boxes(row):
    half = max(TICK_LENGTH, MARK_HALF + 1)
    led = AXIS_CLEARANCE + half  # a label its leader ties to its tick
    texts = [(row.name, led), *((tick.label, led if tick.leader else None) for tick in row.ticks if tick.label)]
    if row.mark:
        texts.append((row.mark.label, None))
    boxes = []
    for label, clearance in texts:
        left, top, right, bottom = label_box(label)
        # Without a leader a label reads as its nearest scale's: another scale keeps farther off.
        own = top - row.y if top > row.y else row.y - bottom
        boxes.append(_Extent(left, top, right, bottom, clearance or max(led, own + 1)))
    return [*boxes, _Extent(row.x1, row.y - half, row.x2, row.y + half)]


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


def _input_row(scale, model_input, scales, patient_points):
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
    mark = None
    if patient_points is not None:
        mark = (scales.points_x(patient_points), _("%(points)s pts") % {"points": format_points(patient_points)})
    return _RowSpec(
        "input", scale.input_id, scale.label, scales.points_x(min(all_points)), scales.points_x(max(all_points)),
        ticks, mark,
    )  # fmt: skip


def _total_row(scales, total):
    count = round(scales.total_max / scales.total_step)
    values = [index * scales.total_step for index in range(count + 1)]
    ticks = tuple((scales.total_x(v), v, f"{v:g}", ("above",)) for v in values)
    mark = None
    if total is not None:
        mark = (scales.total_x(total), _("total %(points)s pts") % {"points": format_points(total)})
    return _RowSpec("total", "", _("Total points"), scales.total_x(0), scales.total_x(scales.total_max), ticks, mark)


def _probability_row(scale, scales, patient):
    totals = [total for _, total in scale.ticks]
    ticks = tuple((scales.total_x(total), p, format_percent(p), ("below",)) for p, total in scale.ticks)
    stratum = f"{scale.stratum[0]}={scale.stratum[1]}" if scale.stratum else ""
    muted = bool(patient and scale.stratum and patient.values.get(scale.stratum[0]) != scale.stratum[1])
    mark = None
    if patient and not muted and scale.endpoint_id in patient.totals:
        # A total beyond the printed ticks reads the axis end, as the result does.
        x = min(max(patient.totals[scale.endpoint_id], min(totals)), max(totals))
        mark = (scales.total_x(x), patient.shown[scale.endpoint_id])
    return _RowSpec(
        "probability", scale.endpoint_id, scale.label, scales.total_x(min(totals)), scales.total_x(max(totals)),
        ticks, mark, stratum, muted,
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
            "input": definition.input(scale.input_id).label,
            "value": definition.input(scale.input_id).display(patient.values[scale.input_id]),
            "points": format_points(patient.points[scale.input_id]),
        }
        for scale in panel.inputs
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


def draw_panel(index: int, definition: Definition, panel: Panel, prediction: Prediction | None = None) -> PanelDrawing:
    """One printed nomogram, with this patient's marks when a prediction is given."""
    patient = _patient(prediction, panel)
    scales = _Scales(panel)
    marked = patient is not None and bool(patient.totals)
    specs = [_points_row(scales)]
    specs += [
        _input_row(s, definition.input(s.input_id), scales, patient.points.get(s.input_id) if marked else None)
        for s in panel.inputs
    ]
    total = next(iter(patient.totals.values())) if marked else None
    specs.append(_total_row(scales, total))
    specs += [_probability_row(s, scales, patient) for s in panel.probabilities]
    rows, placed = [], []
    for spec in specs:
        rows.append(_place_row(spec, placed))
        placed += _row_boxes(rows[-1])
    height = max(box.bottom for box in placed) + ROW_PADDING
    total_line = None
    if marked:
        total_row = next(row for row in rows if row.kind == "total")
        total_line = (round(scales.total_x(total), 1), total_row.y, rows[-1].y)
    endpoint_names = ", ".join(definition.endpoint(endpoint_id).name for endpoint_id in panel.endpoint_ids)
    title = _("Nomogram: %(endpoints)s") % {"endpoints": endpoint_names}
    description = _description(definition, panel, patient, prediction)
    not_applicable = ""
    if patient is not None and not marked:
        not_applicable = " ".join(
            r.not_shown_reason for r in prediction.results if r.endpoint.id in panel.endpoint_ids
        ).strip()
    return PanelDrawing(
        index, title, description, VIEW_WIDTH, round(height, 1), tuple(rows), total_line, not_applicable
    )


def draw_nomogram(definition: Definition, prediction: Prediction | None = None) -> tuple[PanelDrawing, ...]:
    """A drawing per panel of a computable definition's nomogram."""
    panels = definition.nomogram_layout
    return tuple(draw_panel(index, definition, panel, prediction) for index, panel in enumerate(panels, start=1))
