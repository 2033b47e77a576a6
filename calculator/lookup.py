"""How the views of one model open: find its definition, check it computes, check the inputs.

@computable_model                          404 for an unknown model; the model's page for
@valid_inputs(when_invalid=...)            one awaiting parameters; the inputs of the query
def view(request, definition, values):     string checked by the model's form.
"""

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from nomograms.definition import Definition
from nomograms.registry import UnknownModel, get_definition

from .forms import InputsForm


def definition_or_404(model_id: str) -> Definition:
    try:
        return get_definition(model_id)
    except UnknownModel as unknown:
        raise Http404(str(unknown)) from unknown


def computable_model(view: Callable) -> Callable:
    """Call `view(request, definition, ...)` for the URL's model id: a 404 for an unknown model,
    and the model's page, which says why, for a model that computes nothing yet."""

    @wraps(view)
    def opened(request: HttpRequest, model_id: str, *args, **kwargs) -> HttpResponse:
        definition = definition_or_404(model_id)
        if not definition.computable:
            return redirect("model", model_id=definition.id)
        return view(request, definition, *args, **kwargs)

    return opened


def to_result_page(request: HttpRequest, definition: Definition, form: InputsForm) -> HttpResponse:
    """Refused inputs, answered by the result page, which says what is wrong beside each field."""
    return redirect(f"{reverse('result', args=[definition.id])}?{request.GET.urlencode()}")


def valid_inputs(when_invalid: Callable = to_result_page) -> Callable:
    """Call `view(request, definition, values)` with the query string's inputs, validated by the
    model's form, or answer `when_invalid(request, definition, form)`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def checked(request: HttpRequest, definition: Definition, *args, **kwargs) -> HttpResponse:
            form = InputsForm(definition, data=request.GET)
            if not form.is_valid():
                return when_invalid(request, definition, form)
            return view(request, definition, form.input_values, *args, **kwargs)

        return checked

    return decorator
