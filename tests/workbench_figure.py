"""A digitisation of gronchi-2013 as a person would make it, for the workbench tests.

Every tick comes from the shipped gronchi-2013 definition (the spec's digitised values): it is
placed on a simulated scan, tilted by 2 degrees, and "clicked" at whole pixels, then read back by
the workbench. The base is gronchi-2013 as if it were still awaiting its parameters.
"""

import math
from dataclasses import replace

from nomograms.definition import load_definition_text
from nomograms.golden import parse_golden
from nomograms.points import ChoicePoints
from nomograms.registry import DEFINITIONS_DIR
from nomograms.workbench import AxisCalibration, Click, Draft, Mark, NomogramDraft, probability_axis_key

from .golden import GOLDEN_DIR

GRONCHI_TEXT = (DEFINITIONS_DIR / "gronchi-2013.toml").read_text(encoding="utf-8")
GRONCHI = load_definition_text(GRONCHI_TEXT, "gronchi-2013.toml")
GOLDEN = parse_golden((GOLDEN_DIR / "gronchi-2013.toml").read_text(encoding="utf-8"), "gronchi-2013.toml")

TILT = math.radians(2)
PIXELS_PER_POINT = 6.0
TOTAL_AXIS_END = 250.0  # the printed Total Points axis runs 0 to 250 on the simulated scan
ROW = 40.0


def awaiting(text=GRONCHI_TEXT, model_id="gronchi-2013"):
    base = text[: text.index("[model]")]
    for status in ('status = "digitised"', 'status = "exact"'):
        base = base.replace(status, 'status = "awaiting parameters"')
    return load_definition_text(base, f"{model_id}.toml")


class Scan:
    """Where a printed value lands on the tilted scan of nomogram `number`."""

    def __init__(self, number):
        self.origin = (120.0, 90.0 + 900.0 * number)

    def pixel(self, points, row, scale=PIXELS_PER_POINT):
        along, across = points * scale, row * ROW
        x = self.origin[0] + along * math.cos(TILT) - across * math.sin(TILT)
        y = self.origin[1] + along * math.sin(TILT) + across * math.cos(TILT)
        return Click(round(x), round(y))

    def total_pixel(self, total, row):
        return self.pixel(total, row, PIXELS_PER_POINT * 100 / TOTAL_AXIS_END)

    def calibration(self, row, end_value, pixel):
        return AxisCalibration(pixel(0, row), 0.0, pixel(end_value, row), end_value)


def nomogram_draft(number, nomogram):
    scan = Scan(number)
    inputs = {}
    for row, scorer in enumerate(nomogram.scorers, start=1):
        if isinstance(scorer, ChoicePoints):
            ticks = list(scorer.points.items())
        else:
            ticks = [(f"{value:g}", points) for value, points in zip(scorer.values, scorer.points, strict=True)]
        inputs[scorer.input] = tuple(Mark(label, scan.pixel(points, row)) for label, points in ticks)
    total_row = len(nomogram.scorers) + 2
    axes = {
        axis.endpoint_id: tuple(
            Mark(f"{probability:g}", scan.total_pixel(total, total_row + index)) for total, probability in axis.ticks
        )
        for index, axis in enumerate(nomogram.axes)
    }
    return NomogramDraft(
        points_axis=scan.calibration(0, 100.0, scan.pixel),
        total_axis=scan.calibration(total_row, TOTAL_AXIS_END, scan.total_pixel),
        inputs=inputs,
        probability_axes=axes,
    )


def gronchi_draft(tolerance=0.005):
    return Draft(
        base=awaiting(),
        nomograms=tuple(nomogram_draft(number, nomogram) for number, nomogram in enumerate(GRONCHI.model.nomograms)),
        # Typed as the source gives them: the inputs and the probabilities.
        golden=tuple(replace(case, points={}) for case in GOLDEN.cases),
        tolerance=tolerance,
        figure_sha256="b" * 64,
    )


def with_marks(draft, number, kind, axis_id, change):
    """`draft` with the marks of one axis of nomogram `number` replaced by `change(marks)`."""
    nomogram = draft.nomograms[number]
    marks = dict(getattr(nomogram, kind))
    marks[axis_id] = tuple(change(list(marks[axis_id])))
    nomograms = list(draft.nomograms)
    nomograms[number] = replace(nomogram, **{kind: marks})
    return replace(draft, nomograms=tuple(nomograms))


def with_os_tick_6_off_the_line(draft):
    """os_7y's tick 6 (0.6) clicked 12 pixels (5 total points) right of where it is printed."""
    return with_marks(
        draft,
        0,
        "probability_axes",
        "os_7y",
        lambda marks: [*marks[:5], replace(marks[5], click=Click(marks[5].click.x + 12, marks[5].click.y)), *marks[6:]],
    )


def without_choice_ups(draft):
    """The histology choice "ups" not placed."""
    return with_marks(draft, 1, "inputs", "histology", lambda marks: [mark for mark in marks if mark.label != "ups"])


KATTAN_TEXT = (DEFINITIONS_DIR / "kattan-2002.toml").read_text(encoding="utf-8")
KATTAN = load_definition_text(KATTAN_TEXT, "kattan-2002.toml")
KATTAN_GOLDEN = parse_golden((GOLDEN_DIR / "kattan-2002.toml").read_text(encoding="utf-8"), "kattan-2002.toml")


def kattan_draft(tolerance=0.01):
    """kattan-2002 read off its own drawn nomogram (the coefficient definition's layout) on the
    simulated scan: age at its drawn ticks, size as its three printed groups, and one probability
    axis per grade. The base is kattan-2002 as if it awaited its parameters."""
    (panel,) = KATTAN.nomogram_layout
    scan = Scan(0)
    inputs = {}
    for row, scale in enumerate(panel.inputs, start=1):
        values = {choice.label: choice.value for choice in KATTAN.input(scale.input_id).choices or ()}
        inputs[scale.input_id] = tuple(
            Mark(values.get(tick.label, tick.label), scan.pixel(tick.points, row)) for tick in scale.ticks
        )
    total_row = len(panel.inputs) + 2
    axes = {
        probability_axis_key(scale.endpoint_id, scale.stratum): tuple(
            Mark(f"{probability:g}", scan.total_pixel(total, total_row + index)) for probability, total in scale.ticks
        )
        for index, scale in enumerate(panel.probabilities)
    }
    nomogram = NomogramDraft(
        points_axis=scan.calibration(0, 100.0, scan.pixel),
        total_axis=scan.calibration(total_row, TOTAL_AXIS_END, scan.total_pixel),
        inputs=inputs,
        probability_axes=axes,
    )
    return Draft(
        base=awaiting(KATTAN_TEXT, "kattan-2002"),
        nomograms=(nomogram,),
        golden=tuple(replace(case, points={}) for case in KATTAN_GOLDEN.cases),
        tolerance=tolerance,
        figure_sha256="d" * 64,
    )
