"""API views: read the request, let the engine compute, answer JSON, FHIR or a problem."""

import functools

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from nomograms.prediction import InvalidInputs, NotComputable
from nomograms.registry import UnknownModel, all_definitions, get_definition

from ..no_store import carries_patient_values
from ..ratelimit import rate_limited
from .fhir import risk_assessment
from .payload import MalformedBody, parse_body, predict_from_json
from .problems import field_errors, problem
from .representations import catalogue_entry, model_detail, prediction_result
from .schema import FHIR_JSON, FORMATS, openapi_document


def _too_many_requests(request, limit, seconds):
    detail = _(
        "Too many requests: this API answers %(limit)d requests a minute from one address. "
        "Try again in %(seconds)d seconds."
    ) % {"limit": limit, "seconds": seconds}
    return problem(429, detail)


api_rate_limited = rate_limited("API_RATE_LIMIT", _too_many_requests)


def allow(*methods):
    """Answer any other method with a 405 problem, as every API error is one. A GET view also
    answers HEAD: the same status and headers, without the body."""
    allowed = (*methods, "HEAD") if "GET" in methods else methods

    def decorator(view):
        # The API keeps no session: a method it does not answer gets its 405, not Django's CSRF page.
        @csrf_exempt
        @functools.wraps(view)
        def checked_view(request, *args, **kwargs):
            if request.method not in allowed:
                detail = _("%(path)s answers %(methods)s only.") % {
                    "path": request.path,
                    "methods": " and ".join(allowed),
                }
                return problem(405, detail, headers={"Allow": ", ".join(allowed)})
            response = view(request, *args, **kwargs)
            if request.method == "HEAD":
                response["Content-Length"] = str(len(response.content))
                response.content = b""
            return response

        return checked_view

    return decorator


def require_json_body(view):
    """Answer a body sent as anything but JSON (text, a form) with a 415 problem."""

    @functools.wraps(view)
    def checked_view(request, *args, **kwargs):
        if request.content_type != "application/json":
            detail = _("Send the inputs as a JSON object with Content-Type: application/json (this request: %(type)s).")
            detail %= {"type": request.content_type or _("no Content-Type")}
            return problem(415, detail, headers={"Accept-Post": "application/json"})
        return view(request, *args, **kwargs)

    return checked_view


def with_definition(view):
    """Call the view with the definition named by the URL's model id, or answer a 404 problem."""

    @functools.wraps(view)
    def resolved_view(request, model_id):
        try:
            definition = get_definition(model_id)
        except UnknownModel as unknown:
            return problem(404, str(unknown))
        return view(request, definition)

    return resolved_view


def _wants_fhir(request):
    """?format=fhir, or an Accept header preferring FHIR JSON to plain JSON."""
    if "format" in request.GET:
        return request.GET["format"] == "fhir"
    return request.get_preferred_type(["application/json", FHIR_JSON]) == FHIR_JSON


@api_rate_limited
@allow("GET")
def models(request):
    return JsonResponse([catalogue_entry(definition) for definition in all_definitions()], safe=False)


@api_rate_limited
@allow("GET")
@with_definition
def model(request, definition):
    return JsonResponse(model_detail(definition))


# Predicting stores nothing and needs no session, so API clients send no CSRF token (allow()).
@carries_patient_values
@api_rate_limited
@allow("POST")
@with_definition
@require_json_body
def predict(request, definition):
    if not definition.computable:
        return problem(409, str(NotComputable(definition)))
    if request.GET.get("format", "json") not in FORMATS:
        return problem(400, _("format must be one of: %(formats)s.") % {"formats": ", ".join(FORMATS)})
    try:
        data = parse_body(request.body)
    except RequestDataTooBig:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return problem(413, _("The request body is larger than %(limit)d bytes.") % {"limit": limit})
    except MalformedBody as malformed:
        return problem(400, str(malformed))
    try:
        prediction = predict_from_json(definition, data)
    except InvalidInputs as invalid:
        detail = _("Some inputs were refused; each is listed in errors with the reason.")
        return problem(422, detail, errors=field_errors(definition, data, invalid.errors))
    calculated_at = timezone.now()
    if _wants_fhir(request):
        return JsonResponse(risk_assessment(prediction, calculated_at), content_type=FHIR_JSON)
    return JsonResponse(prediction_result(prediction, calculated_at))


@api_rate_limited
@allow("GET")
def openapi(request):
    return JsonResponse(openapi_document(all_definitions()))


@allow("GET")
def docs(request):
    return render(request, "calculator/api_docs.html")


@csrf_exempt
def not_found(request, path):
    return problem(404, _("%(path)s is not part of this API.") % {"path": request.path})
