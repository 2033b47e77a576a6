"""Error responses as RFC 9457 problem details (`application/problem+json`).

Every problem has type "about:blank": its meaning is its HTTP status, its `title` the status
phrase, its `detail` the explanation for this request. Refused inputs are listed one per field in
the `errors` extension member.
"""

from http import HTTPStatus

from django.http import JsonResponse

PROBLEM_JSON = "application/problem+json"


def problem(status, detail, errors=None, headers=None):
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type=PROBLEM_JSON, headers=headers)


def field_errors(definition, raw, errors):
    """One entry per refused field, the model's inputs first in their order, then unknown fields."""
    order = [model_input.id for model_input in definition.inputs]
    fields = sorted(errors, key=lambda field: order.index(field) if field in order else len(order))
    return [{"field": field, "value": raw.get(field), "detail": errors[field]} for field in fields]
