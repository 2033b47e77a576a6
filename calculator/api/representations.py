"""What the API says about models and predictions, as plain JSON-ready dicts.

Field by field rather than dumping the dataclasses: the API is a contract with other systems and
must not change shape when the engine's internals do.
"""

from datetime import datetime

from django.urls import reverse

from calculator import __version__
from calculator.icons import icon_array
from nomograms.definition import Definition
from nomograms.prediction import Prediction

from .schema import input_schema, request_schema


def _citation(citation):
    return {
        "text": citation.text,
        "authors": citation.authors,
        "title": citation.title,
        "journal": citation.journal,
        "year": citation.year,
        "volume_pages": citation.volume_pages,
        "doi": citation.doi or None,
        "doi_url": citation.doi_url or None,
        "related": list(citation.related),
    }


def _endpoint(endpoint):
    return {
        "id": endpoint.id,
        "name": endpoint.name,
        "label": endpoint.label,
        "horizon_years": endpoint.horizon_years,
        "kind": endpoint.kind,
        "patients_would": endpoint.outcome_for_patients,
    }


def _bound(bound):
    return None if bound is None else {"value": bound.value, "inclusive": bound.inclusive}


def _input(model_input):
    return {
        "id": model_input.id,
        "label": model_input.label,
        "kind": model_input.kind,
        "unit": model_input.unit or None,
        "help": model_input.help or None,
        "choices": [{"value": choice.value, "label": choice.label} for choice in model_input.choices],
        "minimum": _bound(model_input.minimum),
        "maximum": _bound(model_input.maximum),
        "allowed": model_input.allowed_range(),
        "bounds_reason": model_input.bounds_reason or None,
        "usual_minimum": model_input.soft_minimum,
        "usual_maximum": model_input.soft_maximum,
        "unusual_reason": model_input.soft_reason or None,
        "eligible_if": model_input.eligible_if,
        "ineligible_reason": model_input.ineligible_reason or None,
        "schema": input_schema(model_input),
    }


def _performance(performance):
    return {
        "cohort": performance.cohort,
        "cohort_size": performance.cohort_size,
        "cohort_period": performance.cohort_period or None,
        "c_indices": [
            {"cohort": c_index.cohort, "value": c_index.value, "endpoint": c_index.endpoint or None}
            for c_index in performance.c_indices
        ],
        "notes": list(performance.notes),
    }


def _official_calculator(calculator):
    return None if calculator is None else {"name": calculator.name, "url": calculator.url}


def _links(definition):
    return {
        "self": reverse("api:model", args=[definition.id]),
        "predict": reverse("api:predict", args=[definition.id]),
        "page": reverse("model", args=[definition.id]),
    }


def catalogue_entry(definition: Definition) -> dict:
    return {
        "id": definition.id,
        "version": definition.version,
        "title": definition.title,
        "short_title": definition.short_title,
        "status": definition.status,
        "computable": definition.computable,
        "summary": definition.summary,
        "endpoints": [_endpoint(endpoint) for endpoint in definition.endpoints],
        "citation": _citation(definition.citation),
        "links": _links(definition),
    }


def model_detail(definition: Definition) -> dict:
    return {
        **catalogue_entry(definition),
        "status_note": definition.status_note or None,
        "provenance": definition.provenance,
        "sha256": definition.sha256,
        "population": {
            "description": definition.population.description,
            "use_for": definition.population.use_for,
            "not_for": definition.population.not_for or None,
            "sites": list(definition.population.sites),
            "situations": list(definition.population.situations),
        },
        "official_calculator": _official_calculator(definition.official_calculator),
        "inputs": [_input(model_input) for model_input in definition.inputs],
        "performance": _performance(definition.performance),
        "request_schema": request_schema(definition),
    }


def provenance(definition: Definition, calculated_at: datetime) -> dict:
    return {
        "citation": definition.citation.text,
        "doi": definition.citation.doi or None,
        "doi_url": definition.citation.doi_url or None,
        "status": definition.status,
        "status_note": definition.status_note or None,
        "definition": {"file": definition.filename, "version": definition.version, "sha256": definition.sha256},
        "calculator_version": __version__,
        "calculated_at": calculated_at.isoformat(),
    }


def _result(result):
    return {
        **_endpoint(result.endpoint),
        "probability": result.probability,
        "display": result.shown or None,
        "sentence": icon_array(result).sentence if result.shown else None,
        "not_shown_reason": result.not_shown_reason or None,
    }


def prediction_result(prediction: Prediction, calculated_at: datetime) -> dict:
    """One patient's prediction. `outcomes` holds the endpoints computed for this patient;
    `results` names every endpoint, with the reason when one is not shown."""
    definition = prediction.definition
    return {
        "model": definition.id,
        "version": definition.version,
        "sha256": definition.sha256,
        "status": definition.status,
        "inputs": prediction.values,
        "outcomes": dict(prediction.outcomes),
        "results": [_result(result) for result in prediction.results],
        "warnings": list(prediction.warnings),
        "points": prediction.points_as_json(),
        "provenance": provenance(definition, calculated_at),
    }
