"""Predictions as FHIR R4 RiskAssessment resources, validated by the fhir.resources R4 models."""

import fhir.resources
import pytest
from fhir.resources.riskassessment import RiskAssessment

from nomograms.prediction import predict
from nomograms.registry import get_definition

from .api_client import post_json
from .golden import as_text, golden_cases

CASES = golden_cases()
IDS = [case[3] for case in CASES]
FHIR_JSON = "application/fhir+json"


def test_the_validating_models_are_fhir_r4():
    assert fhir.resources.__fhir_version__ == "4.0.1"


@pytest.mark.parametrize(("model_id", "case", "tolerance", "_"), CASES, ids=IDS)
def test_every_golden_case_gives_a_valid_risk_assessment_with_the_engines_numbers(client, model_id, case, tolerance, _):
    response = post_json(client, model_id, case["inputs"], QUERY_STRING="format=fhir")
    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON
    resource = response.json()
    RiskAssessment.parse_obj(resource)  # raises on anything FHIR R4 does not allow
    definition = get_definition(model_id)
    engine = predict(definition, as_text(case["inputs"]))
    assert resource["status"] == "final"
    assert definition.citation.doi in {coding["code"] for coding in resource["method"]["coding"]}
    assert definition.id in resource["method"]["text"]
    predicted = {entry["outcome"]["text"]: entry for entry in resource["prediction"]}
    assert list(predicted) == [definition.endpoint(endpoint_id).name for endpoint_id in engine.outcomes]
    for endpoint_id, probability in engine.outcomes.items():
        endpoint = definition.endpoint(endpoint_id)
        entry = predicted[endpoint.name]
        assert entry["probabilityDecimal"] == probability
        assert entry["whenRange"]["low"]["value"] == 0
        assert entry["whenRange"]["high"] == {
            "value": endpoint.horizon_years,
            "unit": "years",
            "system": "http://unitsofmeasure.org",
            "code": "a",
        }


def test_the_accept_header_asks_for_fhir(client, kattan):
    inputs = next(case for model_id, case, *_ in CASES if model_id == "kattan-2002")["inputs"]
    response = post_json(client, "kattan-2002", inputs, HTTP_ACCEPT=FHIR_JSON)
    assert response["Content-Type"] == FHIR_JSON
    resource = RiskAssessment.parse_obj(response.json())
    notes = [note.text for note in resource.note]
    assert notes[0] == (
        "Inputs: Age at surgery (age) = 50 years; Tumour size (largest diameter) (size_cm) = 7 cm; Depth (depth) = "
        "Deep; Site (site) = Lower extremity; Histology (histology) = Malignant fibrous histiocytoma (today: "
        "undifferentiated pleomorphic sarcoma); Grade (grade) = High."
    )
    assert any(kattan.sha256 in note for note in notes)
    assert any("Not for clinical decision-making" in note for note in notes)
    plain = post_json(client, "kattan-2002", inputs, HTTP_ACCEPT="application/json, */*")
    assert plain["Content-Type"] == "application/json"


def test_warnings_and_results_not_shown_are_noted(client):
    incomplete = next(case for model_id, case, *_ in CASES if model_id == "gronchi-2013" and len(case["outcomes"]) == 1)
    resource = post_json(client, "gronchi-2013", incomplete["inputs"], HTTP_ACCEPT=FHIR_JSON).json()
    RiskAssessment.parse_obj(resource)
    assert [entry["outcome"]["text"] for entry in resource["prediction"]] == ["7-year overall survival"]
    assert any("7-year disease-free survival is not shown" in note["text"] for note in resource["note"])
