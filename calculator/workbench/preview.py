"""What the draft page shows besides its forms: the live checks, the ticks read so far, and (once
the draft builds) the site's own drawing of the model and the golden cases as sample patients."""

from calculator.drawing import draw_nomogram
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
        "patients": [],
        "submission_problems": [],
    }
    if not problems:
        definition = workbench.build(core).definition
        preview.update(
            nomogram=draw_nomogram(definition),
            patients=_sample_patients(definition, core),
            submission_problems=[str(problem) for problem in workbench.submission_problems(core)],
        )
    return preview
