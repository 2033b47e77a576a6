"""Views: find the definition, let the form check the inputs, build the sheet, render it."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap

from nomograms.chooser import models_for
from nomograms.definition import Definition
from nomograms.registry import all_definitions

from . import result_pages
from .comparisons import COMPARISON_TEMPLATE, build_comparison
from .drawing import draw_nomogram
from .forms import ChooserForm, InputsForm, ScenarioForm, scenario_forms, typed_units
from .lookup import computable_model, definition_or_404, valid_inputs, valid_scenarios
from .no_store import carries_patient_values, keep_out_of_caches
from .sheets import build_result_sheet


def catalogue(request: HttpRequest) -> HttpResponse:
    """Every model, and the "Which models fit?" chooser with the models for the patient described."""
    chooser = ChooserForm.from_query(request.GET)
    chosen = models_for(**chooser.cleaned_data) if chooser.is_valid() else None
    return render(
        request, "calculator/catalogue.html", {"definitions": all_definitions(), "chooser": chooser, "chosen": chosen}
    )


def model_page(request: HttpRequest, model_id: str) -> HttpResponse:
    definition = definition_or_404(model_id)
    if not definition.computable:
        return render(request, "calculator/model.html", {"definition": definition, "form": None})
    # A "change these values" link carries the previous inputs in the query string.
    form = InputsForm(definition, initial=request.GET.dict())
    response = show_model_page(request, definition, form)
    return keep_out_of_caches(response) if request.GET else response


def show_model_page(request: HttpRequest, definition: Definition, form: InputsForm) -> HttpResponse:
    """The model's page with its form: blank, filled in, or as typed with the reason beside each refused field."""
    context = {"definition": definition, "form": form, "nomogram": draw_nomogram(definition)}
    return render(request, "calculator/model.html", context)


def show_refused_inputs(request: HttpRequest, definition: Definition, form: InputsForm) -> HttpResponse:
    """The model page with the reasons; asked in place (htmx), only each typed value's message for
    its slot beside the field, and the result shown there, if any, marked as not current."""
    if not request.htmx:
        return show_model_page(request, definition, form)
    refused = form.typed_value_errors()
    context = {"field_errors": refused, "any_refused": any(errors for _, errors in refused)}
    return reswap(render(request, "calculator/_live_inputs_refused.html", context), "none")


# Read by static/js/print.js, which puts the address in the bar once the answer is painted. Not
# htmx's HX-Replace-Url: htmx acts on that before the swap, stating the address twice, and that
# took longer than the swap itself (docs/performance.md).
WORKSPACE_ADDRESS_HEADER = "Workspace-Address"


def workspace_in_the_address_bar(view: Callable) -> Callable:
    """Asked in place, the answer puts the model page with these values in the address bar: reloaded,
    shared, or come back to from the result page, it shows the form as typed with the result beside it."""

    @wraps(view)
    def with_address(request: HttpRequest, model_id: str) -> HttpResponse:
        response = view(request, model_id)
        if request.htmx:
            address = f"{reverse('model', args=[model_id])}?{request.META.get('QUERY_STRING', '')}"
            response[WORKSPACE_ADDRESS_HEADER] = address
        return response

    return with_address


# The model page asks the same URL with htmx (HX-Request) for the sheet alone, without the unmarked
# nomogram when it says it holds it (result_pages.NOMOGRAM_HEADER).
@workspace_in_the_address_bar
@carries_patient_values
@vary_on_headers("HX-Request", result_pages.NOMOGRAM_HEADER)
@computable_model
@result_pages.cached
@valid_inputs(when_invalid=show_refused_inputs)
def result(request: HttpRequest, definition: Definition, values: dict) -> HttpResponse:
    """Compute from the query string without side effects, so the URL is a permalink."""
    sheet = build_result_sheet(
        definition=definition,
        values=values,
        calculated_at=timezone.now(),
        typed_units=typed_units(definition, request.GET),
    )
    return result_pages.render_and_cache(request, sheet)


@computable_model
def compare(request: HttpRequest, definition: Definition) -> HttpResponse:
    """The form of a comparison, both scenarios filled in with the values of the query string: a
    result's ("Compare with…") or a comparison's ("Change these scenarios")."""
    response = show_comparison_form(request, definition, scenario_forms(definition, request.GET, checked=False))
    return keep_out_of_caches(response) if request.GET else response


def show_comparison_form(request: HttpRequest, definition: Definition, forms: tuple[ScenarioForm, ...]) -> HttpResponse:
    return render(request, "calculator/compare.html", {"definition": definition, "forms": forms})


@carries_patient_values
@computable_model
@valid_scenarios(when_invalid=show_comparison_form)
def comparison(request: HttpRequest, definition: Definition, scenarios: dict) -> HttpResponse:
    """Scenarios A and B side by side, from the query string, so the URL is a permalink."""
    compared = build_comparison(
        definition=definition, calculated_at=timezone.now(), absolute_url=request.build_absolute_uri, **scenarios
    )
    return render(request, COMPARISON_TEMPLATE, {"definition": definition, "comparison": compared})
