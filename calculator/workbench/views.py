"""The model workbench (staff only): a view per step finds the draft, checks the form, calls one
service and shows the draft again, or the same page with the reason beside what was typed."""

import json
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from calculator.audit.views import staff_required
from calculator.definitions.services import InstallRefused
from nomograms.registry import get_definition

from . import services
from .figures import FigureRefused
from .forms import CalibrationForm, ChoiceForm, FigureForm, GoldenCaseForm, MarkForm, ReviewForm, StartForm
from .models import Draft
from .preview import draft_preview

REFUSALS = (services.WorkbenchRefused, FigureRefused, InstallRefused)
STEP_FORMS = {
    "figure": FigureForm,
    "calibrate": CalibrationForm,
    "mark": MarkForm,
    "choice": ChoiceForm,
    "golden": GoldenCaseForm,
}
ACTIONS = ("undo", "submit", "review")
FIGURE_MAX_AGE = 365 * 24 * 60 * 60
# The uploaded files and the undo history are not needed to show or change a draft: not read on
# every tick (history is read when a change is kept or undone).
DRAFTS = Draft.objects.defer("figure", "image", "history")


@staff_required
def draft_list(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST or None, initial={"model": request.GET.get("model", "")})
    if form.is_valid():
        model_id = form.cleaned_data["model"]
        base = get_definition(model_id).source if model_id else form.cleaned_data["base"]
        try:
            draft = services.start_draft(base_text=base, author=request.user)
        except services.WorkbenchRefused as refused:
            for problem in refused.problems:
                form.add_error("base", problem)
        else:
            return redirect("workbench:draft", draft.pk)
    drafts = Draft.objects.select_related("author")
    context = {
        "form": form,
        "editing": drafts.filter(status=Draft.EDITING),
        "to_review": drafts.filter(status=Draft.SUBMITTED).filter(~Q(author=request.user)),
        "submitted_by_me": drafts.filter(status=Draft.SUBMITTED, author=request.user),
        "approved": drafts.filter(status=Draft.APPROVED)[:20],
    }
    return render(request, "workbench/draft_list.html", context, status=400 if form.errors else 200)


def step_form(name, draft, *args):
    """Step `name`'s form for `draft`, bound to `args` (data, files) if given. A probability axis
    may be printed for a choice the draft added, so the mark form is given those choices too."""
    added = {"added_choices": services.core_draft(draft).choices} if name == "mark" else {}
    return STEP_FORMS[name](*args, base=services.base_definition(draft), prefix=name, **added)


@lru_cache(maxsize=64)
def _blank_fields(name, draft_key, language):
    """The fields of a blank step form, rendered once per base (and added choices) and language:
    they are the same on every showing of the draft page, which comes back after every tick."""
    return render_to_string("workbench/_fields.html", {"form": step_form(name, draft_key.draft)})


@dataclass(frozen=True)
class _DraftKey:
    """What a draft's blank forms depend on (its base and added choices), as a cache key."""

    base: str
    model_id: str
    choices: str  # as stored (JSON)
    draft: Draft = field(compare=False, hash=False)


def show_draft(request, draft, bound=None, problems=(), status=200):
    """The draft page: every step's form (`bound`, if given, in place of its blank one)."""
    key = _DraftKey(draft.base, draft.model_id, json.dumps(draft.data.get("choices", {}), sort_keys=True), draft)
    forms = {name: step_form(name, draft) for name in STEP_FORMS}
    fields = {name: _blank_fields(name, key, get_language()) for name in STEP_FORMS}
    forms["review"] = ReviewForm(prefix="review")
    if bound is not None:
        forms[bound.prefix] = bound
        fields.pop(bound.prefix, None)
    context = {"draft": draft, "forms": forms, "fields": fields, "refused": problems, **draft_preview(draft)}
    return render(request, "workbench/draft.html", context, status=status)


@staff_required
def draft_page(request: HttpRequest, pk: int) -> HttpResponse:
    return show_draft(request, get_object_or_404(DRAFTS, pk=pk))


@staff_required
@cache_control(private=True, max_age=FIGURE_MAX_AGE, immutable=True)
def figure_image(request: HttpRequest, pk: int, image_sha256: str) -> HttpResponse:
    """The figure shown, at a URL naming its SHA-256: the browser keeps it, instead of fetching and
    decoding it again each time the draft page is shown (after every tick). A new upload is a new
    URL; an old one answers 404 rather than another image."""
    shown = Draft.objects.only("image", "image_type").exclude(image_type="")
    draft = get_object_or_404(shown, pk=pk, image_sha256=image_sha256)
    return HttpResponse(bytes(draft.image), content_type=draft.image_type)


def _apply(request, draft, name, form):
    """Call the service of step `name` with the valid `form`."""
    if name == "figure":
        upload = form.cleaned_data["file"]
        services.attach_figure(draft=draft, name=upload.name, data=upload.read(), page=form.cleaned_data["page"])
    elif name == "calibrate":
        data = form.cleaned_data
        services.calibrate(draft=draft, number=data["number"], axis=data["axis"], calibration=form.calibration())
    elif name == "mark":
        kind, axis_id = form.kind_and_axis()
        services.add_mark(draft=draft, number=form.cleaned_data["number"], kind=kind, axis_id=axis_id, mark=form.mark())
    elif name == "choice":
        data = form.cleaned_data
        services.add_choice(draft=draft, input_id=data["input"], value=data["value"], label=data["label"])
    elif name == "golden":
        inputs, outcomes, tolerance = form.case()
        services.add_golden_case(draft=draft, inputs=inputs, outcomes=outcomes, tolerance=tolerance)


@require_POST
@staff_required
def draft_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_FORMS:
        raise Http404
    draft = get_object_or_404(DRAFTS, pk=pk)
    form = step_form(step, draft, request.POST, request.FILES)
    if form.is_valid():
        try:
            _apply(request, draft, step, form)
        except REFUSALS as refused:
            return show_refused(request, draft, form, refused)
        return redirect(reverse("workbench:draft", args=[draft.pk]) + f"#{step}")
    return show_draft(request, draft, form, status=400)


def show_refused(request, draft, form, refused):
    """The draft as it was before the refused step, with the reasons."""
    draft.refresh_from_db()
    problems = list(getattr(refused, "problems", None) or [str(refused)])
    return show_draft(request, draft, form, problems, status=400)


@require_POST
@staff_required
def draft_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Undo, submit for review, or review (approve or send back)."""
    if action not in ACTIONS:
        raise Http404
    draft = get_object_or_404(DRAFTS, pk=pk)
    form = ReviewForm(request.POST, prefix="review") if action == "review" else None
    try:
        if action == "undo":
            services.undo(draft=draft)
        elif action == "submit":
            services.submit(draft=draft)
        elif not form.is_valid():
            return show_draft(request, draft, form, status=400)
        elif form.cleaned_data["decision"] == ReviewForm.APPROVE:
            services.approve(draft=draft, reviewer=request.user)
        else:
            services.send_back(draft=draft, reviewer=request.user, reason=form.cleaned_data["reason"])
    except REFUSALS as refused:
        return show_refused(request, draft, form, refused)
    return redirect("workbench:draft", draft.pk)
