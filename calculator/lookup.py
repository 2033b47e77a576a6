"""How the views of one model open: find its definition, check it computes, check the inputs.

@computable_model                          404 for an unknown model; the model's page for
@valid_inputs(when_invalid=...)            one awaiting parameters; the inputs of the query
def view(request, definition, values):     string checked by the model's form.

@computable_model                          The same for a comparison: scenarios A and B of
@valid_scenarios(when_invalid=...)         the query string, each checked by the model's form.
def view(request, definition, scenarios):
"""

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from nomograms.definition import Definition
from nomograms.registry import UnknownModel, get_definition

from .forms import InputsForm, ScenarioForm, scenario_forms


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


def to_page(url_name: str) -> Callable:
    """Refused inputs, answered by the page named `url_name` (the result page, the comparison),
    which says what is wrong beside each field."""

    def refused(request: HttpRequest, definition: Definition, form: InputsForm | tuple[ScenarioForm, ...]):
        return redirect(f"{reverse(url_name, args=[definition.id])}?{request.GET.urlencode()}")

    return refused


to_result_page = to_page("result")
to_comparison_page = to_page("comparison")


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


def valid_scenarios(when_invalid: Callable = to_comparison_page) -> Callable:
    """Call `view(request, definition, scenarios)` with scenarios A and B of the query string, each
    validated by the model's form, `scenarios` being their values and typed units as the keyword
    arguments of `build_comparison()`; or answer `when_invalid(request, definition, forms)`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def checked(request: HttpRequest, definition: Definition) -> HttpResponse:
            forms = scenario_forms(definition, request.GET, checked=True)
            # Every form checked, not only up to the first refused one: each shows its messages.
            if not all([form.is_valid() for form in forms]):
                return when_invalid(request, definition, forms)
            scenarios = {}
            for form in forms:
                scenarios[f"values_{form.prefix}"] = form.input_values
                scenarios[f"typed_units_{form.prefix}"] = form.typed_units
            return view(request, definition, scenarios)

        return checked

    return decorator
