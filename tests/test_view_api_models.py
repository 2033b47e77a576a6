"""GET /api/v1/models and /api/v1/models/<id>: every model, described from its definition."""

from django.urls import reverse

from nomograms.registry import all_definitions

from .api_client import assert_problem


def test_the_catalogue_lists_every_model_with_status_endpoints_and_citation(client):
    response = client.get(reverse("api:models"))
    assert response.status_code == 200
    catalogue = {entry["id"]: entry for entry in response.json()}
    assert list(catalogue) == [definition.id for definition in all_definitions()]
    kattan = catalogue["kattan-2002"]
    assert kattan["title"] == "MSKCC postoperative nomogram for 12-year sarcoma-specific death"
    assert (kattan["status"], kattan["computable"]) == ("exact", True)
    assert kattan["endpoints"] == [
        {
            "id": "ssd_12y",
            "name": "12-year probability of sarcoma-specific death",
            "label": "probability of sarcoma-specific death",
            "horizon_years": 12,
            "kind": "event",
        }
    ]
    assert kattan["citation"]["doi"] == "10.1200/JCO.2002.20.3.791"
    assert kattan["links"]["predict"] == "/api/v1/models/kattan-2002/predict"
    assert (catalogue["zivanovic-2012"]["status"], catalogue["zivanovic-2012"]["computable"]) == (
        "awaiting parameters",
        False,
    )


def test_a_model_is_described_with_its_inputs_bounds_performance_and_fingerprint(client, kattan):
    model = client.get(reverse("api:model", args=["kattan-2002"])).json()
    assert (model["version"], model["sha256"]) == ("1.1.0", kattan.sha256)
    inputs = {model_input["id"]: model_input for model_input in model["inputs"]}
    assert list(inputs) == ["age", "size_cm", "depth", "site", "histology", "grade"]
    age = inputs["age"]
    assert (age["kind"], age["unit"], age["minimum"], age["maximum"]) == (
        "number",
        "years",
        {"value": 16, "inclusive": True},
        {"value": 90, "inclusive": True},
    )
    assert age["allowed"] == "16 to 90 years"
    assert age["schema"]["minimum"] == 16 and age["schema"]["maximum"] == 90
    assert inputs["size_cm"]["minimum"] == {"value": 0, "inclusive": False}
    assert inputs["size_cm"]["schema"]["exclusiveMinimum"] == 0
    assert inputs["depth"]["choices"] == [
        {"value": "superficial", "label": "Superficial"},
        {"value": "deep", "label": "Deep"},
    ]
    assert model["performance"]["cohort_size"] == 2136
    assert [c_index["value"] for c_index in model["performance"]["c_indices"]] == [0.77, 0.74]
    assert model["request_schema"]["required"] == list(inputs)
    assert "Cleveland Clinic" in model["provenance"]


def test_a_model_awaiting_parameters_is_described_too(client):
    model = client.get(reverse("api:model", args=["callegaro-2016"])).json()
    assert model["computable"] is False
    assert [endpoint["horizon_years"] for endpoint in model["endpoints"]] == [5, 10, 5, 10]


def test_an_unknown_model_is_a_404_problem(client):
    problem = assert_problem(client.get(reverse("api:model", args=["kattan-2003"])), 404)
    assert problem["detail"].startswith("unknown model 'kattan-2003'")


def test_an_unknown_api_path_is_a_404_problem(client):
    assert assert_problem(client.get("/api/v1/modelz"), 404)["detail"] == "/api/v1/modelz is not part of this API."


def test_reading_endpoints_answer_get_only(client):
    response = client.post(reverse("api:models"))
    assert_problem(response, 405)
    assert response["Allow"] == "GET"
