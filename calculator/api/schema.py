"""The OpenAPI 3.1 document, built from the installed definitions.

Each model gets its own predict operation whose request schema lists the model's inputs with
their types, enums and bounds, so the document can never disagree with what the engine accepts.
"""

from urllib.parse import unquote

from django.urls import reverse

from calculator import __version__
from nomograms.definition import DIGITISED, EXACT, STATUSES
from nomograms.inputs import KINDS

from .fhir import DOI_SYSTEM
from .problems import PROBLEM_JSON

OPENAPI_VERSION = "3.1.0"
FHIR_JSON = "application/fhir+json"
FORMATS = ("json", "fhir")


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


def _object(properties, optional=()):
    """An object schema whose every property is required, except those named in `optional`."""
    return {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


def _problem_response(description):
    return {"description": description, "content": {PROBLEM_JSON: {"schema": _ref("Problem")}}}


RATE_LIMITED = {
    **_problem_response("Too many requests from this address; the Retry-After header says when to retry."),
    "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer", "minimum": 1}}},
}

STRING = {"type": "string"}
OPTIONAL_STRING = {"type": ["string", "null"]}
PROBABILITY = {"type": "number", "minimum": 0, "maximum": 1}
STATUS = {"type": "string", "enum": list(STATUSES)}
BOUND = {
    "oneOf": [{"type": "null"}, _object({"value": {"type": "number"}, "inclusive": {"type": "boolean"}})],
}
# FHIR R4 datatypes, as the site fills them.
UCUM_YEARS = _object(
    {
        "value": {"type": "number"},
        "unit": {"const": "years"},
        "system": {"const": "http://unitsofmeasure.org"},
        "code": {"const": "a"},
    }
)

COMPONENT_SCHEMAS = {
    "Problem": {
        **_object(
            {
                "type": {"const": "about:blank"},
                "title": STRING,
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": STRING,
                "errors": {"type": "array", "items": _ref("FieldError")},
            },
            optional=("errors",),
        ),
        "description": "RFC 9457 problem details.",
    },
    "FieldError": {
        **_object({"field": STRING, "value": {}, "detail": STRING}),
        "description": "One refused field: its name, the value sent (null when missing) and why it was refused.",
    },
    "Endpoint": _object(
        {
            "id": STRING,
            "name": {"type": "string", "description": "Endpoint with its horizon, e.g. '12-year ...'"},
            "label": STRING,
            "horizon_years": {"type": "integer", "minimum": 1},
            "kind": {"type": "string", "enum": ["survival", "event"]},
            "patients_would": {
                "type": "string",
                "description": "What the probability is the share of similar patients doing, in the endpoint's "
                "own words: 'die of sarcoma within 2 years of the recurrence'.",
            },
        }
    ),
    "Citation": _object(
        {
            "text": STRING,
            "authors": STRING,
            "title": STRING,
            "journal": STRING,
            "year": {"type": "integer"},
            "volume_pages": STRING,
            "doi": OPTIONAL_STRING,
            "doi_url": OPTIONAL_STRING,
            "related": {"type": "array", "items": STRING},
        }
    ),
    "ModelSummary": _object(
        {
            "id": STRING,
            "version": STRING,
            "title": STRING,
            "short_title": STRING,
            "status": STATUS,
            "computable": {"type": "boolean", "description": "False while the model awaits its parameters."},
            "summary": STRING,
            "endpoints": {"type": "array", "items": _ref("Endpoint"), "minItems": 1},
            "citation": _ref("Citation"),
            "links": _object({"self": STRING, "predict": STRING, "page": STRING}),
        }
    ),
    "Input": _object(
        {
            "id": STRING,
            "label": STRING,
            "kind": {"type": "string", "enum": list(KINDS)},
            "unit": OPTIONAL_STRING,
            "help": OPTIONAL_STRING,
            "choices": {"type": "array", "items": _object({"value": STRING, "label": STRING})},
            "minimum": BOUND,
            "maximum": BOUND,
            "allowed": {"type": "string", "description": "The allowed values in words."},
            "bounds_reason": OPTIONAL_STRING,
            "usual_minimum": {"type": ["number", "null"]},
            "usual_maximum": {"type": ["number", "null"]},
            "unusual_reason": OPTIONAL_STRING,
            "eligible_if": OPTIONAL_STRING,
            "ineligible_reason": OPTIONAL_STRING,
            "schema": {"type": "object", "description": "The input's JSON Schema in a predict request."},
        }
    ),
    "ModelDetail": {
        "allOf": [
            _ref("ModelSummary"),
            _object(
                {
                    "status_note": OPTIONAL_STRING,
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "provenance": STRING,
                    "population": {
                        **_object(
                            {
                                "description": STRING,
                                "use_for": STRING,
                                "not_for": OPTIONAL_STRING,
                                "sites": {"type": "array", "items": STRING, "minItems": 1},
                                "situations": {"type": "array", "items": STRING, "minItems": 1},
                            }
                        ),
                        "description": "Whom the model is for; `sites` (or ['any']) and `situations` are the ids "
                        "the catalogue's 'Which models fit?' chooser matches a patient against.",
                    },
                    "official_calculator": {
                        "oneOf": [{"type": "null"}, _object({"name": STRING, "url": STRING})],
                        "description": "Where the model's authors or their group offer it, to use while it "
                        "computes nothing here.",
                    },
                    "inputs": {"type": "array", "items": _ref("Input")},
                    "performance": {"type": "object"},
                    "request_schema": {"type": "object"},
                }
            ),
        ],
        "description": "The whole definition as users need it: inputs with kinds, units, choices and bounds "
        "(and each input's JSON Schema), performance, provenance, version and SHA-256.",
    },
    "Provenance": _object(
        {
            "citation": STRING,
            "doi": OPTIONAL_STRING,
            "doi_url": OPTIONAL_STRING,
            "status": STATUS,
            "status_note": OPTIONAL_STRING,
            "definition": _object({"file": STRING, "version": STRING, "sha256": STRING}),
            "calculator_version": STRING,
            "calculated_at": {"type": "string", "format": "date-time"},
        }
    ),
    "Result": {
        "allOf": [
            _ref("Endpoint"),
            _object(
                {
                    "probability": {"oneOf": [{"type": "null"}, PROBABILITY]},
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
                }
            ),
        ]
    },
    "Prediction": _object(
        {
            "model": STRING,
            "version": STRING,
            "sha256": STRING,
            "status": {**STATUS, "enum": [EXACT, DIGITISED]},
            "inputs": {
                "type": "object",
                "description": "The validated inputs.",
                "additionalProperties": {"type": ["number", "string"]},
            },
            "outcomes": {
                "type": "object",
                "description": "Probability per endpoint id. An endpoint not defined for this patient is absent; "
                "a warning says why.",
                "additionalProperties": PROBABILITY,
            },
            "results": {"type": "array", "items": _ref("Result"), "minItems": 1},
            "warnings": {"type": "array", "items": STRING},
            "points": {
                "type": "object",
                "description": "Nomogram points per endpoint: per input and 'total'.",
                "additionalProperties": {"type": "object", "additionalProperties": {"type": "number"}},
            },
            "provenance": _ref("Provenance"),
        }
    ),
    "RiskAssessment": {
        **_object(
            {
                "resourceType": {"const": "RiskAssessment"},
                "status": {"const": "final"},
                "subject": _object({"display": STRING}),
                "occurrenceDateTime": {"type": "string", "format": "date-time"},
                "method": _object(
                    {
                        "text": STRING,
                        "coding": {
                            "type": "array",
                            "items": _object({"system": {"const": DOI_SYSTEM}, "code": STRING, "display": STRING}),
                        },
                    },
                    optional=("coding",),
                ),
                "prediction": {
                    "type": "array",
                    "items": _object(
                        {
                            "outcome": _object({"text": STRING}),
                            "probabilityDecimal": PROBABILITY,
                            "whenRange": _object({"low": UCUM_YEARS, "high": UCUM_YEARS}),
                        }
                    ),
                },
                "note": {
                    "type": "array",
                    "items": _object({"text": STRING, "time": {"type": "string", "format": "date-time"}}),
                },
            }
        ),
        "description": "A FHIR R4 RiskAssessment (https://hl7.org/fhir/R4/riskassessment.html), with the elements "
        "this site fills.",
    },
}

UNSUPPORTED_MEDIA_TYPE = _problem_response("The body was not sent as `application/json`.")


def _computable_responses():
    return {
        "200": {
            "description": "The prediction, with warnings and provenance.",
            "content": {
                "application/json": {"schema": _ref("Prediction")},
                FHIR_JSON: {"schema": _ref("RiskAssessment")},
            },
        },
        "400": _problem_response("The body is not a JSON object, or the format is unknown."),
        "413": _problem_response("The body is larger than the server accepts."),
        "415": UNSUPPORTED_MEDIA_TYPE,
        "422": _problem_response("Some inputs were refused: one entry per field in `errors`."),
        "429": RATE_LIMITED,
    }


def _awaiting_responses():
    return {
        "409": _problem_response("The model is awaiting parameters and computes nothing, whatever the inputs."),
        "415": UNSUPPORTED_MEDIA_TYPE,
        "429": RATE_LIMITED,
    }


def _predict_operation(definition):
    request_name = f"{definition.id}-inputs"
    if definition.computable:
        note, responses = "", _computable_responses()
    else:
        note = (
            f" This model is {definition.status}: it computes nothing and answers 409. Its inputs are listed as far "
            "as they are known; bounds and categories come with its parameters."
        )
        responses = _awaiting_responses()
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
                    "schema": {"type": "string", "enum": list(FORMATS)},
                }
            ],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(request_name)}}},
            "responses": responses,
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
