"""Views: find the definition, let the form check the inputs, build the sheet, render it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nomograms.definition import Definition
from nomograms.registry import all_definitions

from . import result_pages
from .drawing import draw_nomogram
from .forms import InputsForm, typed_units
from .lookup import computable_model, definition_or_404, valid_inputs
from .sheets import build_result_sheet


def catalogue(request: HttpRequest) -> HttpResponse:
    return render(request, "calculator/catalogue.html", {"definitions": all_definitions()})


def model_page(request: HttpRequest, model_id: str) -> HttpResponse:
    definition = definition_or_404(model_id)
    if not definition.computable:
        return render(request, "calculator/model.html", {"definition": definition, "form": None})
    # A "change these values" link carries the previous inputs in the query string.
    form = InputsForm(definition, initial=request.GET.dict())
    return show_model_page(request, definition, form)


def show_model_page(request: HttpRequest, definition: Definition, form: InputsForm) -> HttpResponse:
    """The model's page with its form: blank, filled in, or as typed with the reason beside each refused field."""
    context = {"definition": definition, "form": form, "nomogram": draw_nomogram(definition)}
    return render(request, "calculator/model.html", context)


@computable_model
@result_pages.cached
@valid_inputs(when_invalid=show_model_page)
def result(request: HttpRequest, definition: Definition, values: dict) -> HttpResponse:
    """Compute from the query string without side effects, so the URL is a permalink."""
    sheet = build_result_sheet(
        definition=definition,
        values=values,
        calculated_at=timezone.now(),
        typed_units=typed_units(definition, request.GET),
    )
    return result_pages.render_and_cache(request, sheet)
