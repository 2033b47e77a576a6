"""What the draft page shows besides its forms: the live checks, the ticks read so far, and (once
the draft builds) the site's own drawing of the model, laid over the figure where its axes were
calibrated, and the golden cases as sample patients."""

from dataclasses import dataclass

from calculator.drawing import AxisRow, PanelDrawing, draw_nomogram
from nomograms import workbench
from nomograms.inputs import format_number
from nomograms.prediction import InvalidInputs, predict

from .models import Draft
from .services import INPUTS, core_draft


def _sample_patients(definition, core):
    """A row per golden case: the inputs, and per endpoint the total points, the model's
    probability and the source's."""
    rows = []
    for number, case in enumerate(core.golden, start=1):
        try:
            prediction = predict(definition, case.inputs)
        except InvalidInputs as error:
            rows.append({"number": number, "inputs": case.inputs, "refused": str(error), "endpoints": []})
            continue
        endpoints = [
            {
                "endpoint": endpoint.name,
                "points": format_number(round(prediction.points[endpoint.id].total, 2))
                if endpoint.id in prediction.points
                else "",
                "probability": f"{prediction.outcomes[endpoint.id]:.4f}" if endpoint.id in prediction.outcomes else "",
                "source": f"{case.outcomes[endpoint.id]:g}" if endpoint.id in case.outcomes else "",
            }
            for endpoint in definition.endpoints
        ]
        rows.append({"number": number, "inputs": case.inputs, "refused": "", "endpoints": endpoints})
    return rows


def choice_options(core: workbench.Draft) -> list[dict]:
    """The choices a tick of each choice axis can be, to pick from: a declared choice by its label
    (the mark form reads it back as its value), one the draft added by its value."""
    options = []
    for model_input in core.base.inputs:
        axis = f"{INPUTS}:{model_input.id}"
        declared = [(choice.label, choice.label) for choice in model_input.choices or ()]
        added = [(value, label) for value, label in core.choices.get(model_input.id, ())]
        options += [{"axis": axis, "typed": typed, "shown": shown} for typed, shown in declared or added]
    return options


@dataclass(frozen=True)
class Overlay:
    """One drawn panel laid over the figure in two parts, each placed by its own calibration: the
    Points scale and the input scales above `split` (SVG user units) by the Points axis, the Total
    Points and probability scales below it by the Total Points axis. Each transform (an SVG
    `matrix()`) turns, shifts and scales the drawing so the two calibrated values of its axis fall
    on the two clicks, so a tick read in the wrong place stands apart from the drawn one."""

    panel: PanelDrawing
    split: float
    below: float  # the height of the lower part
    points_transform: str
    total_transform: str


def _x_at(row: AxisRow, value: float) -> float:
    """Where `value` lies on a drawn scale, from its first and last ticks."""
    first, last = row.ticks[0], row.ticks[-1]
    return first.x + (value - first.value) * (last.x - first.x) / (last.value - first.value)


def _placing(row: AxisRow, calibration: workbench.AxisCalibration) -> str:
    """The similarity (turn, uniform scale, shift) taking the drawn scale's calibration values to
    the calibration clicks, as an SVG matrix(); in complex numbers, click = a * drawn + b."""
    drawn_start = complex(_x_at(row, calibration.start_value), row.y)
    drawn_end = complex(_x_at(row, calibration.end_value), row.y)
    clicked_start = complex(calibration.start.x, calibration.start.y)
    clicked_end = complex(calibration.end.x, calibration.end.y)
    a = (clicked_end - clicked_start) / (drawn_end - drawn_start)
    b = clicked_start - a * drawn_start
    numbers = " ".join(f"{number:.10g}" for number in (a.real, a.imag, -a.imag, a.real, b.real, b.imag))
    return f"matrix({numbers})"


def overlays(drawing: tuple, core: workbench.Draft) -> list[Overlay]:
    """The drawn panels of the nomograms whose Points and Total Points axes were calibrated."""
    placed = []
    for panel, nomogram in zip(drawing, core.nomograms, strict=False):
        if nomogram.points_axis is None or nomogram.total_axis is None:
            continue  # its ticks were typed as points: nothing ties it to the figure
        rows = {row.kind: row for row in panel.rows if row.kind in ("points", "total")}
        above_total = max(row.y for row in panel.rows if row.y < rows["total"].y)
        split = round((above_total + rows["total"].y) / 2, 1)
        placed.append(
            Overlay(
                panel,
                split,
                round(panel.height - split, 1),
                _placing(rows["points"], nomogram.points_axis),
                _placing(rows["total"], nomogram.total_axis),
            )
        )
    return placed


def draft_preview(draft: Draft) -> dict:
    core = core_draft(draft)
    problems = workbench.draft_problems(core)
    preview = {
        "problems": [str(problem) for problem in problems],
        "ticks": workbench.tick_table(core),
        "golden": core.golden,
        "tolerance": core.tolerance,
        "choices": core.choices,
        "choice_options": choice_options(core),
        "calibrations": [
            {"number": number, "points": nomogram.points_axis, "total": nomogram.total_axis}
            for number, nomogram in enumerate(core.nomograms, start=1)
        ],
        "nomogram": None,
        "overlays": [],
        "patients": [],
        "submission_problems": [],
    }
    if not problems:
        built = workbench.build(core)
        drawing = draw_nomogram(built.definition)
        preview.update(
            nomogram=drawing,
            overlays=overlays(drawing, core),
            patients=_sample_patients(built.definition, core),
            submission_problems=[str(problem) for problem in workbench.submission_problems(core, built)],
        )
    return preview
