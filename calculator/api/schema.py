"""The OpenAPI 3.1 document, built from the installed definitions.

Each model gets its own predict operation whose request schema lists the model's inputs with
their types, enums and bounds, so the document can never disagree with what the engine accepts.
"""

from urllib.parse import unquote

from django.urls import reverse

from calculator import __version__

from .problems import PROBLEM_JSON

OPENAPI_VERSION = "3.1.0"
FHIR_JSON = "application/fhir+json"


def _description(model_input):
    parts = [model_input.help, f"Allowed: {model_input.allowed_range()}."]
    if model_input.bounds_reason:
        parts.append(f"Outside the bounds because {model_input.bounds_reason}.")
    if model_input.is_eligibility_question:
        parts.append(f"The model applies only when the answer is {model_input.eligible_if!r}.")
    return " ".join(part for part in parts if part)


def input_schema(model_input):
    """The JSON Schema of one input: a number with its bounds, or a string with its choices."""
    schema = {"title": model_input.label, "description": _description(model_input)}
    if model_input.is_number:
        schema["type"] = "number"
        if model_input.minimum is not None:
            schema["minimum" if model_input.minimum.inclusive else "exclusiveMinimum"] = model_input.minimum.value
        if model_input.maximum is not None:
            schema["maximum" if model_input.maximum.inclusive else "exclusiveMaximum"] = model_input.maximum.value
        if model_input.unit:
            schema["x-unit"] = model_input.unit
    else:
        schema["type"] = "string"
        # A model awaiting parameters may not know its categories yet.
        if model_input.choices:
            schema["enum"] = list(model_input.choice_values)
    return schema


def request_schema(definition):
    """The JSON Schema of a predict request body: one property per input, all required."""
    return {
        "type": "object",
        "title": f"Inputs of {definition.id}",
        "properties": {model_input.id: input_schema(model_input) for model_input in definition.inputs},
        "required": [model_input.id for model_input in definition.inputs],
        "additionalProperties": False,
    }


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _problem_response(description):
    return {"description": description, "content": {PROBLEM_JSON: {"schema": _ref("Problem")}}}


RATE_LIMITED = {
    **_problem_response("Too many requests from this address; the Retry-After header says when to retry."),
    "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
}

COMPONENT_SCHEMAS = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": _ref("FieldError")},
        },
    },
    "FieldError": {
        "type": "object",
        "description": "One refused field: its name, the value sent (null when missing) and why it was refused.",
        "required": ["field", "value", "detail"],
        "properties": {"field": {"type": "string"}, "value": {}, "detail": {"type": "string"}},
    },
    "Endpoint": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string", "description": "Endpoint with its horizon, e.g. '12-year ...'"},
            "label": {"type": "string"},
            "horizon_years": {"type": "integer"},
            "kind": {"type": "string", "enum": ["survival", "event"]},
            "patients_would": {
                "type": "string",
                "description": "What the probability is the share of similar patients doing, in the endpoint's "
                "own words: 'die of sarcoma within 2 years of the recurrence'.",
            },
        },
    },
    "ModelSummary": {
        "type": "object",
        "required": ["id", "version", "title", "status", "computable", "endpoints", "citation"],
        "properties": {
            "id": {"type": "string"},
            "version": {"type": "string"},
            "title": {"type": "string"},
            "short_title": {"type": "string"},
            "status": {"type": "string", "enum": ["exact", "digitised", "awaiting parameters"]},
            "computable": {"type": "boolean"},
            "summary": {"type": "string"},
            "endpoints": {"type": "array", "items": _ref("Endpoint")},
            "citation": {"type": "object"},
            "links": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "ModelDetail": {
        "allOf": [_ref("ModelSummary")],
        "description": "The whole definition as users need it: inputs with kinds, units, choices and bounds "
        "(and each input's JSON Schema), performance, provenance, version and SHA-256.",
        "properties": {
            "sha256": {"type": "string"},
            "provenance": {"type": "string"},
            "population": {
                "type": "object",
                "description": "Whom the model is for; `sites` (or ['any']) and `situations` are the ids the "
                "catalogue's 'Which models fit?' chooser matches a patient against.",
            },
            "official_calculator": {
                "type": ["object", "null"],
                "description": "Where the model's authors or their group offer it (name, url), to use while it "
                "computes nothing here.",
            },
            "inputs": {"type": "array", "items": {"type": "object"}},
            "performance": {"type": "object"},
            "request_schema": {"type": "object"},
        },
    },
    "Prediction": {
        "type": "object",
        "required": ["model", "version", "sha256", "status", "outcomes", "results", "warnings", "provenance"],
        "properties": {
            "model": {"type": "string"},
            "version": {"type": "string"},
            "sha256": {"type": "string"},
            "status": {"type": "string"},
            "inputs": {"type": "object", "description": "The validated inputs."},
            "outcomes": {
                "type": "object",
                "description": "Probability per endpoint id. An endpoint not defined for this patient is absent; "
                "a warning says why.",
                "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
            },
            "results": {
                "type": "array",
                "items": {
                    "allOf": [_ref("Endpoint")],
                    "properties": {
                        "probability": {"type": ["number", "null"]},
                        "display": {
                            "type": ["string", "null"],
                            "description": "As shown to people: '41%', '< 1%'; null when not shown.",
                        },
                        "sentence": {
                            "type": ["string", "null"],
                            "description": "The result in words, as under its icon array: 'About 41 of 100 "
                            "similar patients would ...'; null when not shown.",
                        },
                        "not_shown_reason": {
                            "type": ["string", "null"],
                            "description": "Why this endpoint is not computed for this patient.",
                        },
                    },
                },
            },
            "warnings": {"type": "array", "items": {"type": "string"}},
            "points": {
                "type": "object",
                "description": "Nomogram points per endpoint: per input and 'total'.",
                "additionalProperties": {"type": "object", "additionalProperties": {"type": "number"}},
            },
            "provenance": {"type": "object"},
        },
    },
    "RiskAssessment": {
        "type": "object",
        "description": "A FHIR R4 RiskAssessment (https://hl7.org/fhir/R4/riskassessment.html).",
        "required": ["resourceType", "status", "prediction"],
        "properties": {"resourceType": {"const": "RiskAssessment"}},
    },
}


def _predict_operation(definition):
    request_name = f"{definition.id}-inputs"
    note = "" if definition.computable else f" This model is {definition.status}: it computes nothing and answers 409."
    return request_name, {
        "post": {
            "operationId": f"predict-{definition.id}",
            "tags": ["predict"],
            "summary": f"Score one patient: {definition.title}",
            "description": f"{definition.summary} Ask for FHIR with `Accept: {FHIR_JSON}` or `?format=fhir`.{note}",
            "parameters": [
                {
                    "name": "format",
                    "in": "query",
                    "required": False,
                    "description": "`fhir` answers with a FHIR R4 RiskAssessment; `json` (the default) with a "
                    "Prediction.",
                    "schema": {"type": "string", "enum": ["json", "fhir"]},
                }
            ],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(request_name)}}},
            "responses": {
                "200": {
                    "description": "The prediction, with warnings and provenance.",
                    "content": {
                        "application/json": {"schema": _ref("Prediction")},
                        FHIR_JSON: {"schema": _ref("RiskAssessment")},
                    },
                },
                "400": _problem_response("The body is not a JSON object, or the format is unknown."),
                "409": _problem_response("The model is awaiting parameters and computes nothing."),
                "413": _problem_response("The body is larger than the server accepts."),
                "422": _problem_response("Some inputs were refused: one entry per field in `errors`."),
                "429": RATE_LIMITED,
            },
        }
    }


def openapi_document(definitions):
    schemas = dict(COMPONENT_SCHEMAS)
    paths = {
        reverse("api:models"): {
            "get": {
                "operationId": "list-models",
                "tags": ["models"],
                "summary": "Every installed model: id, title, status, endpoints and citation.",
                "responses": {
                    "200": {
                        "description": "The catalogue.",
                        "content": {"application/json": {"schema": {"type": "array", "items": _ref("ModelSummary")}}},
                    },
                    "429": RATE_LIMITED,
                },
            }
        },
        # reverse() percent-encodes the braces of the path template.
        unquote(reverse("api:model", args=["{model_id}"])): {
            "get": {
                "operationId": "get-model",
                "tags": ["models"],
                "summary": "One model's definition: inputs, endpoints, performance, provenance.",
                "parameters": [
                    {
                        "name": "model_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": [definition.id for definition in definitions]},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The definition.",
                        "content": {"application/json": {"schema": _ref("ModelDetail")}},
                    },
                    "404": _problem_response("No model has this id."),
                    "429": RATE_LIMITED,
                },
            }
        },
    }
    for definition in definitions:
        request_name, operation = _predict_operation(definition)
        schemas[request_name] = request_schema(definition)
        paths[reverse("api:predict", args=[definition.id])] = operation
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Sarcoma prognosis calculator API",
            "version": __version__,
            "description": "Published prognostic nomograms for soft-tissue sarcoma, computed by the same engine and "
            "definitions as the web calculator. Estimates from statistical models of past patients: not for "
            "clinical decision-making. Errors are RFC 9457 problem details. Requests are rate-limited per client "
            "address.",
        },
        "paths": paths,
        "components": {"schemas": schemas},
    }
