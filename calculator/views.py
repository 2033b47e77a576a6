"""Views: find the definition, let the form check the inputs, let the engine compute."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from nomograms.prediction import predict_validated
from nomograms.registry import UnknownModel, all_definitions, get_definition

from . import result_pages
from .forms import InputsForm


def definition_or_404(model_id):
    try:
        return get_definition(model_id)
    except UnknownModel as unknown:
        raise Http404(str(unknown)) from unknown


def catalogue(request):
    return render(request, "calculator/catalogue.html", {"definitions": all_definitions()})


def model_page(request, model_id):
    definition = definition_or_404(model_id)
    # A "change these values" link carries the previous inputs in the query string.
    form = InputsForm(definition, initial=request.GET.dict()) if definition.computable else None
    return render(request, "calculator/model.html", {"definition": definition, "form": form})


def result(request, model_id):
    """Compute from the query string without side effects, so the URL is a permalink."""
    definition = definition_or_404(model_id)
    if not definition.computable:
        return redirect("model", model_id=definition.id)
    if cached := result_pages.cached_response(request, definition):
        return cached
    form = InputsForm(definition, data=request.GET)
    if not form.is_valid():
        return render(request, "calculator/model.html", {"definition": definition, "form": form})
    return result_pages.render_and_cache(request, definition, result_context(definition, form))


def result_context(definition, form):
    """What a result sheet shows, on the page and in its PDF, from a valid form."""
    return {
        "definition": definition,
        "prediction": predict_validated(definition, form.cleaned_data),
        "calculated_at": timezone.now(),
    }
