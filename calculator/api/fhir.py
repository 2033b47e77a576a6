"""A prediction as a FHIR R4 RiskAssessment (https://hl7.org/fhir/R4/riskassessment.html)."""

from django.utils.translation import gettext as _

from calculator import __version__
from calculator.icons import icon_array

UCUM = "http://unitsofmeasure.org"
DOI_SYSTEM = "https://doi.org"


def _years(value):
    return {"value": value, "unit": "years", "system": UCUM, "code": "a"}


def _method(definition):
    """The model, by name, id and version, and its publication by DOI."""
    method = {"text": f"{definition.title} ({definition.id} version {definition.version}, {definition.status})"}
    if definition.citation.doi:
        citation = definition.citation
        method["coding"] = [{"system": DOI_SYSTEM, "code": citation.doi, "display": citation.text}]
    return method


def _prediction(result):
    """One endpoint: what is predicted, its probability, within which time (from the event the model
    counts from: surgery, or a local recurrence), and the result in words."""
    endpoint = result.endpoint
    return {
        "outcome": {"text": endpoint.name},
        "probabilityDecimal": result.probability,
        "whenRange": {"low": _years(0), "high": _years(endpoint.horizon_years)},
        "rationale": icon_array(result).sentence,
    }


def _notes(prediction, calculated_at):
    inputs = "; ".join(f"{model_input.name} = {shown}" for model_input, shown in prediction.inputs_shown)
    definition = prediction.definition
    notes = [
        _("Inputs: %(inputs)s.") % {"inputs": inputs},
        *prediction.warnings,
        _("Definition %(file)s version %(version)s, SHA-256 %(sha256)s; calculator version %(app)s.")
        % {"file": definition.filename, "version": definition.version, "sha256": definition.sha256, "app": __version__},
        _("Estimates from published statistical models of past patients. Not for clinical decision-making."),
    ]
    return [{"text": text, "time": calculated_at.isoformat()} for text in notes]


def risk_assessment(prediction, calculated_at):
    """A final RiskAssessment with one prediction per endpoint shown for this patient.

    The calculator stores nothing and knows no patient, so the subject is a description only; the
    receiving system links the resource to its own patient.
    """
    definition = prediction.definition
    return {
        "resourceType": "RiskAssessment",
        "status": "final",
        "subject": {"display": _("The patient whose values are listed in the notes")},
        "occurrenceDateTime": calculated_at.isoformat(),
        "method": _method(definition),
        "prediction": [_prediction(result) for result in prediction.results if result.probability is not None],
        "note": _notes(prediction, calculated_at),
    }
