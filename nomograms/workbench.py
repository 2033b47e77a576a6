"""The model workbench's core: a points-form definition from a printed nomogram figure.

A person calibrates each printed nomogram by two clicks on its Points axis and two on its Total
Points axis (with the printed values), then clicks every tick of every input axis and probability
axis and types what is printed there. A click is read off an axis by projecting it on the line
through that axis' two calibration clicks, so a tilted scan reads true. Where a click is not
possible (reading a table, or the keyboard alone), the points are typed instead.

A number printed as groups has its ticks typed as the groups are printed (`≤ 5`, `> 5 to 10`,
`> 10`: right-closed groups); a nomogram that prints a probability axis per choice of an input
(a baseline per grade) has each such axis keyed by `probability_axis_key()`, endpoint and stratum.

`draft_problems()` are the live checks, each naming the axis and the tick; `build()` writes the
definition (TOML text) and checks it with the engine's own loading rules, and `submission_problems()`
adds the golden cases that gate a submission. No Django here: the web workbench stores a Draft as
JSON (`to_data()` / `from_data()`) and calls these.
"""

import math
import re
import tomllib
from dataclasses import asdict, dataclass, field
from itertools import pairwise

from .definition import DIGITISED, SURVIVAL, Definition, load_definition_text
from .golden import Golden, GoldenCase, golden_problems
from .inputs import NUMBER, format_number
from .layout import interval_labels
from .points import MAX_TICK_DISTANCE, fitted_axes, tick_residuals
from .toml_table import DefinitionError
from .toml_writer import dumps

MIN_GOLDEN_CASES = 5
DEFAULT_TOLERANCE = 0.01
STATUS_NOTE = "Point values read from the published nomogram figure; not verified against the authors' equations."


@dataclass(frozen=True)
class Click:
    """A position on the uploaded figure, in pixels of the image as stored."""

    x: float
    y: float


@dataclass(frozen=True)
class AxisCalibration:
    """Two clicks on a printed axis and the values printed there (0 and 100 on a Points axis)."""

    start: Click
    start_value: float
    end: Click
    end_value: float

    def problem(self) -> str:
        if (self.start.x, self.start.y) == (self.end.x, self.end.y):
            return "its two calibration clicks are the same point"
        if self.start_value == self.end_value:
            return "its two calibration values are the same"
        return ""

    def value_at(self, click: Click) -> float:
        """The axis value at `click`, projected on the axis (perpendicular to it)."""
        dx, dy = self.end.x - self.start.x, self.end.y - self.start.y
        along = ((click.x - self.start.x) * dx + (click.y - self.start.y) * dy) / (dx * dx + dy * dy)
        return self.start_value + along * (self.end_value - self.start_value)


@dataclass(frozen=True)
class Mark:
    """One tick: what is printed there (`label`: a number, a choice value or a probability), and
    where it is: a click, or typed points when there is no click."""

    label: str
    click: Click | None = None
    points: float | None = None


@dataclass(frozen=True)
class NomogramDraft:
    """One printed nomogram of the figure."""

    points_axis: AxisCalibration | None = None
    total_axis: AxisCalibration | None = None
    inputs: dict = field(default_factory=dict)  # input id -> tuple of Mark, in printed order
    # probability_axis_key() (an endpoint, or an endpoint and a stratum) -> tuple of Mark
    probability_axes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Draft:
    base: Definition  # the awaiting model (inputs, endpoints, bounds declared) or a blank one
    nomograms: tuple = ()
    choices: dict = field(default_factory=dict)  # input id -> ((value, label), ...) the figure prints
    golden: tuple = ()  # GoldenCase
    tolerance: float = DEFAULT_TOLERANCE
    version: str = "1.0.0"
    figure_sha256: str = ""


@dataclass(frozen=True)
class Problem:
    axis: str  # "Age at surgery (age)", "7-year overall survival (os_7y)", "golden case 2", ...
    tick: str  # "tick 3 (30)", or "" for the whole axis
    message: str

    def __str__(self):
        where = f"{self.axis}, {self.tick}" if self.tick else self.axis
        return f"{where}: {self.message}"


def _number(text):
    try:
        number = float(str(text).strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_probability(text: str) -> float | None:
    """'0.95' or '95%' -> 0.95; None if it is not a probability strictly between 0 and 1."""
    text = str(text).strip()
    number = _number(text[:-1]) / 100 if text.endswith("%") and _number(text[:-1]) is not None else _number(text)
    return number if number is not None and 0 < number < 1 else None


# A number printed as right-closed groups: "≤ 5" (or "<= 5"), "> 5 to 10", "> 10".
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_GROUP = re.compile(
    rf"^(?:(?:≤|<=)\s*(?P<first>{_NUMBER})|>\s*(?P<low>{_NUMBER})(?:\s*(?:to|\u2013|-)\s*(?P<high>{_NUMBER}))?)$"
)


def parse_group(text: str) -> tuple | None:
    """'≤ 5' -> (None, 5.0); '> 5 to 10' -> (5.0, 10.0); '> 10' -> (10.0, None); None if not a group."""
    match = _GROUP.match(str(text).strip())
    if match is None:
        return None
    if match["first"] is not None:
        return None, float(match["first"])
    return float(match["low"]), float(match["high"]) if match["high"] is not None else None


STRATUM_SEPARATOR = "@"


def probability_axis_key(endpoint_id: str, stratum: tuple | None = None) -> str:
    """The key of a probability axis in a draft: "os_7y", or "ssd_12y@grade=high" for the axis of
    one stratum (input id, choice value)."""
    return endpoint_id if stratum is None else f"{endpoint_id}{STRATUM_SEPARATOR}{stratum[0]}={stratum[1]}"


def split_axis_key(key: str) -> tuple:
    """(endpoint id, (input id, choice value) or None) of a probability axis key."""
    endpoint_id, _, stratum = key.partition(STRATUM_SEPARATOR)
    if not stratum:
        return endpoint_id, None
    input_id, _, value = stratum.partition("=")
    return endpoint_id, (input_id, value)


def _tick_name(index, mark):
    return f"tick {index + 1} ({mark.label})"


def _mark_points(mark, axis):
    """The points (or total points) of `mark`: typed, or its click read off `axis`; None if neither."""
    if mark.points is not None:
        return mark.points
    if mark.click is not None and axis is not None and not axis.problem():
        return axis.value_at(mark.click)
    return None


UNREADABLE = "the typed value is not one this axis can print"


class _Checker:
    """Collects the problems of one draft, and what could be read from it."""

    def __init__(self, draft):
        self.draft = draft
        self.inputs = {model_input.id: model_input for model_input in draft.base.inputs}
        self.endpoints = {endpoint.id: endpoint for endpoint in draft.base.endpoints}
        self.problems = []

    def add(self, axis, tick, message):
        self.problems.append(Problem(axis, tick, message))

    def choices(self, input_id):
        declared = self.inputs[input_id].choices
        if declared:
            return [(choice.value, choice.label) for choice in declared]
        return [tuple(choice) for choice in self.draft.choices.get(input_id, ())]

    def calibration(self, number, nomogram):
        """Each axis that ticks are clicked on needs its calibration (typed points need none)."""
        for name, axis, marks_by_axis in (
            ("Points", nomogram.points_axis, nomogram.inputs),
            ("Total Points", nomogram.total_axis, nomogram.probability_axes),
        ):
            where = f"nomogram {number}, {name} axis"
            clicked = any(mark.points is None for marks in marks_by_axis.values() for mark in marks)
            if axis is None and clicked:
                self.add(where, "", "not calibrated: click its two ends and type the values printed there")
            elif axis is not None and axis.problem():
                self.add(where, "", axis.problem())

    def marks(self, axis_name, marks, axis, read, at_least=1, unreadable=UNREADABLE):
        """(label value, points) per mark, or None for the whole axis when a mark is unusable."""
        if len(marks) < at_least:
            self.add(axis_name, "", f"needs at least {at_least} ticks")
            return None
        rows = []
        for index, mark in enumerate(marks):
            value, points = read(mark.label), _mark_points(mark, axis)
            if value is None:
                self.add(axis_name, _tick_name(index, mark), unreadable)
            if points is None:
                self.add(axis_name, _tick_name(index, mark), "not placed: click it or type its points")
            rows.append((value, points))
        return None if any(value is None or points is None for value, points in rows) else rows

    def number_input(self, model_input, marks, axis):
        if any(parse_group(mark.label) is not None for mark in marks):
            return self.group_input(model_input, marks, axis)
        name = model_input.name
        rows = self.marks(name, marks, axis, _number, at_least=2)
        if rows is None:
            return None
        for index, ((earlier, _), (later, _)) in enumerate(pairwise(rows), start=1):
            if later <= earlier:
                self.add(
                    name,
                    _tick_name(index, marks[index]),
                    f"out of order: {format_number(later)} follows {format_number(earlier)}; "
                    "type the ticks from the lowest value to the highest",
                )
                return None
        low, high = model_input.minimum, model_input.maximum
        if low is not None and rows[0][0] > low.value:
            self.add(
                name,
                "",
                f"the ticks start at {format_number(rows[0][0])}, above the lower bound {format_number(low.value)}",
            )
        if high is not None and rows[-1][0] < high.value:
            self.add(
                name,
                "",
                f"the ticks end at {format_number(rows[-1][0])}, below the upper bound {format_number(high.value)}",
            )
        return [[value, points] for value, points in rows]

    def group_input(self, model_input, marks, axis):
        """A number printed as right-closed groups: `{breaks, points}`, each group joining the last."""
        name = model_input.name
        unreadable = "the axis is read as groups: type this tick as its group is printed (≤ 5, > 5 to 10, > 10)"
        rows = self.marks(name, marks, axis, parse_group, at_least=2, unreadable=unreadable)
        if rows is None:
            return None
        breaks = []
        for index, ((low, high), _) in enumerate(rows):
            tick = _tick_name(index, marks[index])
            if index == 0 and low is not None:
                first = f"'≤ {format_number(low)}'"
                self.add(name, tick, f"out of order: the first group is the lowest, printed as {first}")
                return None
            if index > 0 and (not breaks or low != breaks[-1] or (high is not None and high <= low)):
                after = f"> {format_number(breaks[-1])}" if breaks else "nothing: the group before it is open"
                self.add(
                    name,
                    tick,
                    f"out of order: {marks[index].label} follows {marks[index - 1].label}; the next group starts "
                    f"at {after}; type the groups from the lowest to the highest",
                )
                return None
            if high is not None:
                breaks.append(high)
        if rows[-1][0][1] is not None:
            self.add(name, "", f"the last group must be open (> {format_number(breaks[-1])}), so every value scores")
            return None
        low, high = model_input.minimum, model_input.maximum
        for value in breaks:
            if (low is not None and value <= low.value) or (high is not None and value >= high.value):
                self.add(
                    name,
                    "",
                    f"the group edge {format_number(value)} lies on or beyond the declared bounds "
                    f"({format_number(low.value) if low else '-'} to {format_number(high.value) if high else '-'}): "
                    "a group would be empty",
                )
        return {"breaks": breaks, "points": [points for _, points in rows]}

    def choice_input(self, model_input, marks, axis):
        name = model_input.name
        choices = self.choices(model_input.id)
        if not choices:
            self.add(name, "", "its choices are not declared: type each choice's value and label")
            return None
        values = [value for value, _ in choices]
        rows = self.marks(name, marks, axis, lambda label: label if label in values else None)
        if rows is None:
            return None
        placed = [value for value, _ in rows]
        for value in sorted(set(placed)):
            if placed.count(value) > 1:
                self.add(name, "", f"the choice {value!r} is placed more than once")
        missing = [f"{value!r}" for value in values if value not in placed]
        if missing:
            self.add(name, "", f"choice {', '.join(missing)} not placed")
            return None
        return {value: points for value, points in rows}

    def axis_name(self, endpoint, stratum):
        name = f"{endpoint.name} ({endpoint.id})"
        if stratum is None:
            return name
        labels = dict(self.choices(stratum[0]))
        return f"{name}, {self.inputs[stratum[0]].label}: {labels.get(stratum[1], stratum[1])}"

    def stratum_problem(self, stratum):
        """Why `stratum` (input id, choice value) cannot key a probability axis, or ""."""
        input_id, value = stratum
        model_input = self.inputs.get(input_id)
        if model_input is None or model_input.kind == NUMBER:
            return f"{input_id!r} is not a choice input of {self.draft.base.id}: it cannot have strata"
        if value not in [choice for choice, _ in self.choices(input_id)]:
            return f"{value!r} is not a choice of {input_id!r}"
        return ""

    def probability_axis(self, endpoint, stratum, marks, axis):
        name = self.axis_name(endpoint, stratum)
        rows = self.marks(name, marks, axis, parse_probability, at_least=2)
        if rows is None:
            return None
        ordered = sorted(range(len(rows)), key=lambda index: rows[index][1])
        # Along rising total points a survival probability falls and an event probability rises.
        survival = endpoint.kind == SURVIVAL
        sign = -1 if survival else 1
        for earlier, later in pairwise(ordered):
            if (rows[later][0] - rows[earlier][0]) * sign <= 0:
                self.add(
                    name,
                    _tick_name(later, marks[later]),
                    f"out of order: at {rows[later][1]:.1f} total points it reads {marks[later].label}, "
                    f"but {marks[earlier].label} at {rows[earlier][1]:.1f} points; "
                    f"a {'survival' if survival else 'risk'} probability must "
                    f"{'fall' if survival else 'rise'} as the total rises",
                )
                return None
        return [[points, value] for value, points in rows]

    def nomogram(self, number, nomogram):
        """The `[[model.nomograms]]` table of one printed nomogram, or None if it has problems."""
        before = len(self.problems)
        self.calibration(number, nomogram)
        points = {}
        for input_id, marks in nomogram.inputs.items():
            model_input = self.inputs.get(input_id)
            if model_input is None:
                self.add(f"nomogram {number}", "", f"{input_id!r} is not an input of {self.draft.base.id}")
                continue
            read = self.number_input if model_input.kind == NUMBER else self.choice_input
            points[input_id] = read(model_input, marks, nomogram.points_axis)
        axes = {}  # (endpoint id, stratum or None) -> ticks
        for key, marks in nomogram.probability_axes.items():
            endpoint_id, stratum = split_axis_key(key)
            endpoint = self.endpoints.get(endpoint_id)
            if endpoint is None:
                self.add(f"nomogram {number}", "", f"{endpoint_id!r} is not an endpoint of {self.draft.base.id}")
                continue
            if stratum is not None and self.stratum_problem(stratum):
                self.add(self.axis_name(endpoint, None), "", self.stratum_problem(stratum))
                continue
            axes[endpoint_id, stratum] = self.probability_axis(endpoint, stratum, marks, nomogram.total_axis)
        if not axes:
            self.add(f"nomogram {number}", "", "has no probability axis")
        stratified_by = self.strata(number, axes)
        if len(self.problems) > before:
            return None
        self.fit(axes)
        if len(self.problems) > before:
            return None
        table = {"points": points, "probability_axes": {}}
        if stratified_by is not None:
            table["stratified_by"] = stratified_by
        for (endpoint_id, stratum), ticks in axes.items():
            if stratum is None:
                table["probability_axes"][endpoint_id] = ticks
            else:
                table["probability_axes"].setdefault(endpoint_id, {})[stratum[1]] = ticks
        return table

    def strata(self, number, axes):
        """The one input whose strata have their own probability axes on nomogram `number` (or None);
        an endpoint drawn per stratum needs an axis for every choice, and no axis for all strata."""
        inputs = sorted({stratum[0] for _, stratum in axes if stratum is not None})
        if len(inputs) > 1:
            self.add(
                f"nomogram {number}",
                "",
                f"its probability axes are per stratum of {' and of '.join(map(repr, inputs))}: "
                "one nomogram can have strata of one input only",
            )
            return None
        if not inputs:
            return None
        (input_id,) = inputs
        for endpoint_id in dict.fromkeys(endpoint_id for endpoint_id, _ in axes):
            strata = [stratum for key, stratum in axes if key == endpoint_id]
            endpoint = self.endpoints[endpoint_id]
            if None in strata:
                self.add(
                    self.axis_name(endpoint, None),
                    "",
                    f"has an axis for every patient and axes per {self.inputs[input_id].label}: keep one or the other",
                )
                continue
            for value, _ in self.choices(input_id):
                if (input_id, value) not in strata:
                    self.add(self.axis_name(endpoint, (input_id, value)), "", "no probability axis placed for it")
        return input_id

    def fit(self, axes):
        """The engine's fit and its 2-point rule, each far tick named."""
        kinds = {endpoint_id: self.endpoints[endpoint_id].kind for endpoint_id, _ in axes}
        fitted = fitted_axes(
            [
                (endpoint_id, stratum and stratum[1], [tuple(tick) for tick in ticks])
                for (endpoint_id, stratum), ticks in axes.items()
            ],
            kinds,
        )
        strata = dict(axes)  # for the name of each fitted axis
        for axis, (endpoint_id, stratum) in zip(fitted, strata, strict=True):
            endpoint = self.endpoints[endpoint_id]
            for index, residual in enumerate(tick_residuals(axis)):
                if abs(residual) > MAX_TICK_DISTANCE:
                    self.add(
                        self.axis_name(endpoint, stratum),
                        f"tick {index + 1} ({format_number(axis.ticks[index][1])})",
                        f"{abs(residual):.2f} points off the straight line of log(-log S) fitted to the axis "
                        f"(at most {MAX_TICK_DISTANCE:g}): check where it was read",
                    )

    def coverage(self, nomograms):
        placed = {input_id for nomogram in nomograms for input_id in nomogram.inputs}
        keys = [split_axis_key(key) for nomogram in nomograms for key in nomogram.probability_axes]
        placed |= {stratum[0] for _, stratum in keys if stratum is not None}  # its strata have their axes
        for model_input in self.draft.base.inputs:
            if not model_input.is_eligibility_question and model_input.id not in placed:
                self.add(model_input.name, "", "not placed on any nomogram")
        drawn = [
            endpoint_id
            for nomogram in nomograms
            for endpoint_id in dict.fromkeys(split_axis_key(key)[0] for key in nomogram.probability_axes)
        ]
        for endpoint in self.draft.base.endpoints:
            if drawn.count(endpoint.id) != 1:
                self.add(f"{endpoint.name} ({endpoint.id})", "", "needs exactly one probability axis")


def _check(draft):
    checker = _Checker(draft)
    if not draft.nomograms:
        checker.add("figure", "", "no nomogram calibrated yet")
    tables = [checker.nomogram(number, nomogram) for number, nomogram in enumerate(draft.nomograms, start=1)]
    checker.coverage(draft.nomograms)
    return checker, tables


def draft_problems(draft: Draft) -> list[Problem]:
    """The live checks: every problem of the draft as it stands, each naming its axis and tick."""
    return _check(draft)[0].problems


def _definition_data(draft, tables):
    data = tomllib.loads(draft.base.source)
    data.update(status=DIGITISED, version=draft.version, status_note=data.get("status_note", STATUS_NOTE))
    figure = f" (figure SHA-256 {draft.figure_sha256})" if draft.figure_sha256 else ""
    data["provenance"] = (
        f"Points and probability axes read off the published nomogram figure{figure} with the calculator's "
        "model workbench. Probabilities come from the least-squares line of log(-log S) against total points "
        "fitted to the printed probability ticks; every printed tick lies within 2 points of its line."
    )
    ticks = {input_id: ticks for table in tables for input_id, ticks in table["points"].items()}
    for input_data in data["inputs"]:
        input_id = input_data["id"]
        if input_data["kind"] == "choice" and not input_data.get("choices"):
            input_data["choices"] = [{"value": value, "label": label} for value, label in draft.choices[input_id]]
        printed_range = input_id in ticks and isinstance(ticks[input_id], list)
        if input_data["kind"] == NUMBER and printed_range and "min" not in input_data and "max" not in input_data:
            # The printed axis is the range the model was drawn for: its ends become the hard bounds.
            low, high = ticks[input_id][0][0], ticks[input_id][-1][0]
            input_data.update(
                min=low,
                max=high,
                bounds_reason=f"the printed axis runs from {format_number(low)} to {format_number(high)}",
            )
    data["model"] = {"form": "points", "nomograms": tables}
    return data


@dataclass(frozen=True)
class Build:
    text: str  # the definition's TOML
    definition: Definition
    golden_text: str


def golden_data(draft: Draft) -> dict:
    return {
        "model": draft.base.id,
        "tolerance": draft.tolerance,
        "cases": [{"inputs": case.inputs, "outcomes": case.outcomes} for case in draft.golden],
    }


def build(draft: Draft) -> Build:
    """The definition the draft makes, checked by the engine's loading rules; raises DraftProblems."""
    checker, tables = _check(draft)
    if checker.problems:
        raise DraftProblems(checker.problems)
    header = f"{draft.base.title} ({draft.base.id}), digitised with the calculator's model workbench."
    text = dumps(_definition_data(draft, tables), header)
    try:
        definition = load_definition_text(text, f"{draft.base.id}.toml")
    except DefinitionError as error:
        raise DraftProblems([Problem("definition", "", error.problem + f" ({error.field})")]) from error
    return Build(text, definition, dumps(golden_data(draft), f"Golden cases for {draft.base.id}."))


class DraftProblems(ValueError):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def submission_problems(draft: Draft, built: Build | None = None) -> list[Problem]:
    """What stops the draft from being submitted for review: its live checks, then its golden cases.
    `built`: the draft's build(), if the caller has it already (it is not made twice)."""
    if built is None:
        try:
            built = build(draft)
        except DraftProblems as problems:
            return problems.problems
    problems = []
    if len(draft.golden) < MIN_GOLDEN_CASES:
        problems.append(
            Problem(
                "golden cases",
                "",
                f"{len(draft.golden)} given; at least {MIN_GOLDEN_CASES} patients with the probability the "
                "source gives for them are needed",
            )
        )
    golden = Golden(draft.base.id, draft.tolerance, tuple(draft.golden))
    problems += [Problem("golden cases", "", message) for message in golden_problems(built.definition, golden)]
    return problems


def residuals(definition: Definition) -> dict[str, list[dict]]:
    """Per probability axis (`probability_axis_key()`), how far (in points) the fitted line lies from
    each printed tick, for provenance."""
    return {
        probability_axis_key(axis.endpoint_id, axis.stratum and (nomogram.stratified_by, axis.stratum)): [
            {"points": points, "probability": probability, "residual": round(residual, 4)}
            for (points, probability), residual in zip(axis.ticks, tick_residuals(axis), strict=True)
        ]
        for nomogram in definition.model.nomograms
        for axis in nomogram.axes
    }


def tick_table(draft: Draft) -> list[dict]:
    """Every mark of the draft as a row: nomogram, axis, label, click (pixels) and points read."""
    rows = []
    for number, nomogram in enumerate(draft.nomograms, start=1):
        for kind, axis, marks_by_axis in (
            ("input", nomogram.points_axis, nomogram.inputs),
            ("probability", nomogram.total_axis, nomogram.probability_axes),
        ):
            for axis_id, marks in marks_by_axis.items():
                for mark in marks:
                    rows.append(
                        {
                            "nomogram": number,
                            "kind": kind,
                            "axis": axis_id,
                            "label": mark.label,
                            "click": [mark.click.x, mark.click.y] if mark.click else None,
                            "points": _mark_points(mark, axis),
                        }
                    )
    return rows


def typed_draft(base: Definition, model: dict) -> Draft:
    """A draft whose marks are typed points: the `[model]` table (form "points") of a definition file,
    so a file gets the same named checks as a figure being digitised."""
    numbers = {model_input.id for model_input in base.inputs if model_input.kind == NUMBER}

    def input_marks(input_id, ticks):
        if isinstance(ticks, list):
            return tuple(Mark(format_number(value), points=points) for value, points in ticks)
        if input_id in numbers:  # { breaks, points }: the groups as printed
            labels = interval_labels(tuple(ticks["breaks"]))
            return tuple(Mark(label, points=points) for label, points in zip(labels, ticks["points"], strict=True))
        return tuple(Mark(value, points=points) for value, points in ticks.items())

    def axis_marks(ticks):
        return tuple(Mark(repr(probability), points=total) for total, probability in ticks)

    nomograms = []
    for nomogram in model.get("nomograms", ()):
        inputs = {input_id: input_marks(input_id, ticks) for input_id, ticks in nomogram.get("points", {}).items()}
        axes = {}
        for endpoint_id, ticks in nomogram.get("probability_axes", {}).items():
            if isinstance(ticks, list):
                axes[endpoint_id] = axis_marks(ticks)
                continue
            if "stratified_by" not in nomogram:
                raise ValueError("axes per stratum without stratified_by")  # the loading error says so
            for value, stratum_ticks in ticks.items():
                key = probability_axis_key(endpoint_id, (nomogram["stratified_by"], value))
                axes[key] = axis_marks(stratum_ticks)
        nomograms.append(NomogramDraft(inputs=inputs, probability_axes=axes))
    return Draft(base=base, nomograms=tuple(nomograms))


# JSON, for drafts kept by the web layer.


def to_data(draft: Draft) -> dict:
    """The draft without its base definition (kept apart by whoever stores it), as JSON-ready data."""
    data = asdict(draft)
    del data["base"]
    data["golden"] = [asdict(case) for case in draft.golden]
    return data


def _calibration(data):
    if data is None:
        return None
    return AxisCalibration(Click(**data["start"]), data["start_value"], Click(**data["end"]), data["end_value"])


def _marks(marks):
    return tuple(
        Mark(mark["label"], Click(**mark["click"]) if mark.get("click") else None, mark.get("points")) for mark in marks
    )


def from_data(base: Definition, data: dict) -> Draft:
    nomograms = tuple(
        NomogramDraft(
            _calibration(nomogram.get("points_axis")),
            _calibration(nomogram.get("total_axis")),
            {key: _marks(marks) for key, marks in nomogram.get("inputs", {}).items()},
            {key: _marks(marks) for key, marks in nomogram.get("probability_axes", {}).items()},
        )
        for nomogram in data.get("nomograms", ())
    )
    return Draft(
        base=base,
        nomograms=nomograms,
        choices={key: tuple(tuple(choice) for choice in choices) for key, choices in data.get("choices", {}).items()},
        golden=tuple(
            GoldenCase(case["inputs"], case["outcomes"], case.get("points", {})) for case in data.get("golden", ())
        ),
        tolerance=data.get("tolerance", DEFAULT_TOLERANCE),
        version=data.get("version", "1.0.0"),
        figure_sha256=data.get("figure_sha256", ""),
    )
