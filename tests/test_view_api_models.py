"""GET /api/v1/models and /api/v1/models/<id>: every model, described from its definition."""

import pytest
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
            "patients_would": "die of sarcoma (or its treatment) within 12 years of surgery",
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
    assert (model["version"], model["sha256"]) == (kattan.version, kattan.sha256)
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
    problem = assert_problem(client.get(reverse("api:model", args=["kattan-1999"])), 404)
    assert problem["detail"].startswith("unknown model 'kattan-1999'")


def test_an_unknown_api_path_is_a_404_problem(client):
    assert assert_problem(client.get("/api/v1/modelz"), 404)["detail"] == "/api/v1/modelz is not part of this API."


READING_URLS = [
    reverse("api:models"),
    reverse("api:model", args=["kattan-2002"]),
    reverse("api:openapi"),
    reverse("api:docs"),
]


@pytest.mark.parametrize("url", READING_URLS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
def test_reading_endpoints_answer_other_methods_with_a_405_problem_not_the_csrf_page(client, url, method):
    client.handler.enforce_csrf_checks = True  # as a browser or another system meets the site
    response = getattr(client, method)(url)
    problem = assert_problem(response, 405)
    assert response["Allow"] == "GET, HEAD"
    assert problem["detail"] == f"{url} answers GET and HEAD only."


@pytest.mark.parametrize("url", READING_URLS)
def test_head_answers_as_get_without_the_body(client, url):
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert int(head["Content-Length"]) == len(get.content)


def test_head_of_an_unknown_model_is_a_404_without_the_body(client):
    head = client.head(reverse("api:model", args=["kattan-1999"]))
    assert (head.status_code, head["Content-Type"], head.content) == (404, "application/problem+json", b"")


def test_an_unknown_api_path_is_a_404_problem_whatever_the_method(client):
    client.handler.enforce_csrf_checks = True
    assert_problem(client.delete("/api/v1/modelz"), 404)


def test_a_model_says_whom_it_covers_and_where_to_compute_it_meanwhile(client):
    uterine = client.get(reverse("api:model", args=["zivanovic-2012"])).json()
    assert (uterine["population"]["sites"], uterine["population"]["situations"]) == (
        ["uterus"],
        ["after_primary_resection"],
    )
    assert uterine["official_calculator"] == {
        "name": "MSK uterine leiomyosarcoma nomogram (Memorial Sloan Kettering)",
        "url": "https://www.mskcc.org/nomograms/uterine/post_op",
    }
    recurrence = client.get(reverse("api:model", args=["kattan-2003"])).json()
    assert (recurrence["population"]["sites"], recurrence["population"]["situations"]) == (
        ["any"],
        ["after_local_recurrence"],
    )
    assert recurrence["official_calculator"] is None
