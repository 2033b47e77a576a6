"""POST /api/v1/models/<id>/predict: the engine's numbers, and a problem for every kind of bad request."""

import pytest
from django.urls import reverse

from calculator import __version__
from nomograms.prediction import predict
from nomograms.registry import all_definitions, get_definition

from .api_client import assert_problem, post_json
from .golden import as_text, golden_cases

CASES = golden_cases()
IDS = [case[3] for case in CASES]
KATTAN_CASE = next(case for model_id, case, *_ in CASES if model_id == "kattan-2002")["inputs"]


@pytest.mark.parametrize(("model_id", "case", "tolerance", "_"), CASES, ids=IDS)
def test_golden_cases_give_the_engines_numbers(client, model_id, case, tolerance, _):
    response = post_json(client, model_id, case["inputs"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    engine = predict(get_definition(model_id), as_text(case["inputs"]))
    # The same numbers to the last digit as the engine (and so the web form and the command line).
    assert body["outcomes"] == engine.outcomes
    assert body["points"] == engine.points_as_json()
    assert body["warnings"] == list(engine.warnings)
    assert set(body["outcomes"]) == set(case["outcomes"])
    for endpoint_id, expected in case["outcomes"].items():
        assert body["outcomes"][endpoint_id] == pytest.approx(expected, abs=tolerance)


def test_a_prediction_names_its_endpoints_and_carries_provenance(client, kattan):
    body = post_json(client, "kattan-2002", KATTAN_CASE).json()
    assert body["model"] == "kattan-2002"
    assert (body["version"], body["sha256"], body["status"]) == (kattan.version, kattan.sha256, "exact")
    assert body["results"] == [
        {
            "id": "ssd_12y",
            "name": "12-year probability of sarcoma-specific death",
            "label": "probability of sarcoma-specific death",
            "horizon_years": 12,
            "kind": "event",
            "probability": body["outcomes"]["ssd_12y"],
            "display": "41%",
            "not_shown_reason": None,
        }
    ]
    assert set(body["points"]["ssd_12y"]) == {"age", "size_cm", "depth", "site", "histology", "total"}
    provenance = body["provenance"]
    assert provenance["doi"] == "10.1200/JCO.2002.20.3.791"
    assert provenance["definition"] == {"file": "kattan-2002.toml", "version": "1.1.0", "sha256": kattan.sha256}
    assert provenance["calculator_version"] == __version__
    assert provenance["calculated_at"].endswith("+00:00")


def test_an_endpoint_not_defined_for_the_patient_is_left_out_with_the_reason(client):
    incomplete = next(case for model_id, case, *_ in CASES if model_id == "gronchi-2013" and len(case["outcomes"]) == 1)
    body = post_json(client, "gronchi-2013", incomplete["inputs"]).json()
    assert set(body["outcomes"]) == {"os_7y"}
    dfs = next(result for result in body["results"] if result["id"] == "dfs_7y")
    assert dfs["probability"] is None
    assert dfs["display"] is None
    assert "resection" in dfs["not_shown_reason"]
    assert any("7-year disease-free survival is not shown" in warning for warning in body["warnings"])


def test_warnings_come_with_the_prediction(client):
    body = post_json(client, "kattan-2002", dict(KATTAN_CASE, age=89)).json()
    engine = predict(get_definition("kattan-2002"), as_text(dict(KATTAN_CASE, age=89)))
    assert body["warnings"] == list(engine.warnings)


def test_predict_needs_no_session_or_csrf_token_and_stores_nothing(client):
    client.handler.enforce_csrf_checks = True
    response = post_json(client, "kattan-2002", KATTAN_CASE)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


def test_each_refused_field_is_listed_with_its_value_and_allowed_range(client):
    body = dict(KATTAN_CASE, age=95, site="lower")
    del body["grade"]
    problem = assert_problem(post_json(client, "kattan-2002", body), 422)
    errors = {error["field"]: error for error in problem["errors"]}
    assert list(errors) == ["age", "site", "grade"]
    assert errors["age"]["value"] == 95
    assert "95 is outside the allowed range, 16 to 90 years" in errors["age"]["detail"]
    assert errors["site"]["value"] == "lower"
    assert "'lower' is not allowed. Choose one of upper_extremity" in errors["site"]["detail"]
    assert errors["grade"]["value"] is None
    assert "Grade (grade) is required. Allowed: one of low (Low), high (High)" in errors["grade"]["detail"]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("age", "50", 'Age at surgery (age): "50" is not a JSON number'),
        ("age", True, "Age at surgery (age): true is not a JSON number"),
        ("age", None, "Age at surgery (age): null is not a JSON number"),
        ("size_cm", [7], "(size_cm): [7] is not a JSON number"),
        ("depth", 1, "Depth (depth): 1 is not a JSON string"),
        ("depth", {"value": "deep"}, 'Depth (depth): {"value": "deep"} is not a JSON string'),
    ],
)
def test_a_wrong_json_type_is_refused_for_that_field(client, field, value, expected):
    problem = assert_problem(post_json(client, "kattan-2002", dict(KATTAN_CASE, **{field: value})), 422)
    assert problem["errors"] == [{"field": field, "value": value, "detail": problem["errors"][0]["detail"]}]
    assert expected in problem["errors"][0]["detail"]


def test_unknown_fields_are_refused(client):
    problem = assert_problem(post_json(client, "kattan-2002", dict(KATTAN_CASE, tumour_grade="high")), 422)
    assert problem["errors"] == [
        {
            "field": "tumour_grade",
            "value": "high",
            "detail": "'tumour_grade' is not an input of kattan-2002; "
            "its inputs are: age, size_cm, depth, site, histology, grade.",
        }
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{", "not valid JSON"),
        ("", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('"age"', "must be a JSON object"),
        ('{"age": NaN}', "NaN is not a JSON number"),
        ('{"age": 1e400}', "too large"),
        ('{"age": ' + "9" * 400 + "}", "too large"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_bad_request(client, body, expected):
    problem = assert_problem(post_json(client, "kattan-2002", body), 400)
    assert expected in problem["detail"]


def test_an_unknown_model_is_not_found(client):
    problem = assert_problem(post_json(client, "kattan-2003", KATTAN_CASE), 404)
    assert "unknown model 'kattan-2003'; installed models: " in problem["detail"]


@pytest.mark.parametrize("definition", [d for d in all_definitions() if not d.computable], ids=lambda d: d.id)
def test_a_model_awaiting_parameters_answers_409_with_the_reason(client, definition):
    problem = assert_problem(post_json(client, definition.id, {}), 409)
    assert "awaiting parameters: its parameters are not installed, so it computes nothing" in problem["detail"]


def test_only_post_is_answered(client):
    response = client.get(reverse("api:predict", args=["kattan-2002"]))
    assert assert_problem(response, 405)["detail"].endswith("answers POST only.")
    assert response["Allow"] == "POST"


def test_an_unknown_format_is_a_bad_request(client):
    response = post_json(client, "kattan-2002", KATTAN_CASE, QUERY_STRING="format=xml")
    assert "format must be one of: json, fhir" in assert_problem(response, 400)["detail"]


def test_a_body_too_large_to_read_is_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    problem = assert_problem(post_json(client, "kattan-2002", dict(KATTAN_CASE, note="x" * 200)), 413)
    assert problem["detail"] == "The request body is larger than 100 bytes."
