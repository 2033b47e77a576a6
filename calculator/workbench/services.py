"""The workbench's steps, each a plain function on a stored Draft: start, upload the figure,
calibrate, place ticks, declare choices, enter golden cases, undo, submit, approve or send back.

The checks are nomograms.workbench's; approving installs through calculator.definitions.services.
Approving and sending back are recorded in the audit trail (installing too, by the install).
"""

import tomllib
from dataclasses import replace
from functools import lru_cache

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calculator.audit.chain import record_event
from calculator.audit.models import AuditRecord
from calculator.definitions.services import install_definition
from nomograms import workbench
from nomograms.definition import Definition, load_definition_text
from nomograms.golden import GoldenCase
from nomograms.toml_table import DefinitionError

from .figures import read_figure
from .models import Draft

UNDO_STEPS = 200
INPUTS, PROBABILITY_AXES = "inputs", "probability_axes"
POINTS_AXIS, TOTAL_AXIS = "points_axis", "total_axis"


class WorkbenchRefused(ValueError):
    """A step refused; `problems` says why (each naming axis and tick where there is one)."""

    def __init__(self, problems):
        self.problems = [str(problem) for problem in problems]
        super().__init__("\n".join(self.problems))


def base_definition(draft: Draft) -> Definition:
    return _loaded_base(draft.base, draft.model_id)


# A draft's base never changes, and every request of the draft page needs it (its forms, its
# checks): it is loaded once per process, not parsed again on each tick. Definitions are immutable.
@lru_cache(maxsize=32)
def _loaded_base(text: str, model_id: str) -> Definition:
    return load_definition_text(text, f"{model_id}.toml")


def core_draft(draft: Draft) -> workbench.Draft:
    # The figure is the row's, whatever was undone since it was uploaded.
    return replace(workbench.from_data(base_definition(draft), draft.data), figure_sha256=draft.figure_sha256)


def start_draft(*, base_text: str, author: AbstractBaseUser) -> Draft:
    """A draft for the model `base_text` declares (inputs, endpoints, bounds; no parameters)."""
    try:
        model_id = tomllib.loads(base_text).get("id")
        base = load_definition_text(base_text, f"{model_id}.toml")
    except tomllib.TOMLDecodeError as error:
        raise WorkbenchRefused([_("This is not a TOML definition: %(error)s") % {"error": error}]) from error
    except DefinitionError as error:
        raise WorkbenchRefused([str(error)]) from error
    if base.computable:
        raise WorkbenchRefused([_("%(model)s has its parameters already.") % {"model": base.id}])
    return Draft.objects.create(model_id=base.id, base=base_text, author=author, created_at=timezone.now())


def _editable(draft):
    if draft.status != Draft.EDITING:
        raise WorkbenchRefused([_("This draft is submitted for review: it can no longer be changed.")])


def _save(draft, changed):
    """Keep `changed` (a nomograms.workbench.Draft) as the draft's state, the old one for undo."""
    draft.history = [*draft.history, draft.data][-UNDO_STEPS:]
    draft.data = workbench.to_data(changed)
    draft.save(update_fields=["data", "history"])


def attach_figure(*, draft: Draft, name: str, data: bytes, page: int = 1) -> Draft:
    """Keep the uploaded figure (and its SHA-256) with the draft; refused figures change nothing."""
    _editable(draft)
    figure = read_figure(data=data, page=page)
    draft.figure_name, draft.figure, draft.figure_sha256 = name[:255], figure.original, figure.sha256
    draft.image, draft.image_type, draft.image_sha256 = figure.image, figure.content_type, figure.image_sha256
    draft.image_width, draft.image_height = figure.width, figure.height
    draft.save()
    return draft


def _nomogram(core, number):
    """The nomograms of `core`, with room for nomogram `number` (1-based), and its index."""
    nomograms = list(core.nomograms)
    while len(nomograms) < number:
        nomograms.append(workbench.NomogramDraft())
    return nomograms, number - 1


def calibrate(*, draft: Draft, number: int, axis: str, calibration: workbench.AxisCalibration) -> Draft:
    """Calibrate the Points axis (`POINTS_AXIS`) or Total Points axis (`TOTAL_AXIS`) of nomogram `number`."""
    _editable(draft)
    if calibration.problem():
        raise WorkbenchRefused([calibration.problem()])
    core = core_draft(draft)
    nomograms, index = _nomogram(core, number)
    nomograms[index] = replace(nomograms[index], **{axis: calibration})
    _save(draft, replace(core, nomograms=tuple(nomograms)))
    return draft


def add_mark(*, draft: Draft, number: int, kind: str, axis_id: str, mark: workbench.Mark) -> Draft:
    """Add a tick after the others of one axis: an input (`INPUTS`) or a probability axis."""
    _editable(draft)
    core = core_draft(draft)
    nomograms, index = _nomogram(core, number)
    marks = dict(getattr(nomograms[index], kind))
    marks[axis_id] = (*marks.get(axis_id, ()), mark)
    nomograms[index] = replace(nomograms[index], **{kind: marks})
    changed = replace(core, nomograms=tuple(nomograms))
    # A tick out of order is a slip caught at once; the fit and the coverage need the whole axis.
    before = workbench.draft_problems(core)
    disorder = [
        problem
        for problem in workbench.draft_problems(changed)
        if problem not in before and "out of order" in problem.message
    ]
    if disorder:
        raise WorkbenchRefused(disorder)
    _save(draft, changed)
    return draft


def add_choice(*, draft: Draft, input_id: str, value: str, label: str) -> Draft:
    """Declare a choice the figure prints for an input whose base does not list its choices."""
    _editable(draft)
    core = core_draft(draft)
    choices = dict(core.choices)
    choices[input_id] = (*choices.get(input_id, ()), (value, label))
    _save(draft, replace(core, choices=choices))
    return draft


def add_golden_case(*, draft: Draft, inputs: dict, outcomes: dict, tolerance: float) -> Draft:
    _editable(draft)
    core = core_draft(draft)
    _save(draft, replace(core, golden=(*core.golden, GoldenCase(inputs, outcomes, {})), tolerance=tolerance))
    return draft


def undo(*, draft: Draft) -> Draft:
    _editable(draft)
    if not draft.history:
        raise WorkbenchRefused([_("Nothing to undo.")])
    draft.data, draft.history = draft.history[-1], draft.history[:-1]
    draft.save(update_fields=["data", "history"])
    return draft


def submit(*, draft: Draft) -> Draft:
    """Send the draft for review; refused while a live check or a golden case fails."""
    _editable(draft)
    if not draft.figure_sha256:
        raise WorkbenchRefused([_("Upload the figure first: the installed model names it by its SHA-256.")])
    problems = workbench.submission_problems(core_draft(draft))
    if problems:
        raise WorkbenchRefused(problems)
    draft.status, draft.submitted_at, draft.sent_back_reason = Draft.SUBMITTED, timezone.now(), ""
    draft.save(update_fields=["status", "submitted_at", "sent_back_reason"])
    return draft


def _reviewable(draft, reviewer):
    if draft.status != Draft.SUBMITTED:
        raise WorkbenchRefused([_("Only a draft submitted for review can be approved or sent back.")])
    if reviewer.pk == draft.author_id:
        raise WorkbenchRefused(
            [_("You digitised this draft, so you cannot review it: a second member of staff must check it.")]
        )


def send_back(*, draft: Draft, reviewer: AbstractBaseUser, reason: str) -> Draft:
    _reviewable(draft, reviewer)
    if not reason.strip():
        raise WorkbenchRefused([_("Say what needs changing, so the author can fix it.")])
    with transaction.atomic():
        draft.status, draft.sent_back_reason = Draft.EDITING, reason.strip()
        draft.reviewed_by, draft.reviewed_at = reviewer, timezone.now()
        draft.save(update_fields=["status", "sent_back_reason", "reviewed_by", "reviewed_at"])
        record_event(
            event=AuditRecord.SENT_BACK,
            model_id=draft.model_id,
            by=reviewer,
            details={**_review_details(draft), "reason": draft.sent_back_reason},
        )
    return draft


def _review_details(draft):
    """What an approval or a sending back concerned: the draft, its figure and its author."""
    return {
        "workbench_draft": draft.pk,
        "figure_sha256": draft.figure_sha256,
        "digitised_by": draft.author.get_username(),
    }


def provenance(draft: Draft, definition: Definition, approved_at) -> dict:
    core = core_draft(draft)
    return {
        "figure_name": draft.figure_name,
        "figure_sha256": draft.figure_sha256,
        "digitised_by": draft.author.get_username(),
        "digitised_from": draft.created_at.isoformat(),
        "submitted_at": draft.submitted_at.isoformat(),
        "approved_by": draft.reviewed_by.get_username(),
        "approved_at": approved_at.isoformat(),
        "workbench_draft": draft.pk,
        "tick_table": workbench.tick_table(core),
        "residuals": workbench.residuals(definition),
    }


def approve(*, draft: Draft, reviewer: AbstractBaseUser) -> Draft:
    """Install the draft's definition (status "digitised") with its provenance; raises
    WorkbenchRefused for the author, or InstallRefused from the install's own checks."""
    _reviewable(draft, reviewer)
    built = workbench.build(core_draft(draft))
    with transaction.atomic():
        draft.status, draft.reviewed_by, draft.reviewed_at = Draft.APPROVED, reviewer, timezone.now()
        # The approval, then the install it makes: both in the chain, or neither if the install refuses.
        record_event(
            event=AuditRecord.APPROVED,
            model_id=draft.model_id,
            definition_version=built.definition.version,
            definition_sha256=built.definition.sha256,
            by=reviewer,
            details=_review_details(draft),
        )
        draft.installed = install_definition(
            definition_text=built.text,
            golden_text=built.golden_text,
            provenance=provenance(draft, built.definition, draft.reviewed_at),
            installed_by=reviewer,
        )
        draft.save(update_fields=["status", "reviewed_by", "reviewed_at", "installed"])
    return draft
