"""Every golden case from the specs holds through the engine, the command line and the web page."""

import json
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from nomograms.display import format_points, format_probability
from nomograms.prediction import predict
from nomograms.registry import all_definitions, get_definition

from .golden import as_text, golden_cases, golden_files, load

CASES = golden_cases()
IDS = [case[3] for case in CASES]


def test_every_computable_model_has_golden_cases():
    covered = {load(path)["model"] for path in golden_files()}
    computable = {definition.id for definition in all_definitions() if definition.computable}
    assert computable == covered


@pytest.mark.parametrize(("model_id", "case", "tolerance", "_"), CASES, ids=IDS)
def test_engine(model_id, case, tolerance, _):
    prediction = predict(get_definition(model_id), as_text(case["inputs"]))
    assert set(prediction.outcomes) == set(case["outcomes"])
    for endpoint_id, expected in case["outcomes"].items():
        assert prediction.outcomes[endpoint_id] == pytest.approx(expected, abs=tolerance)


@pytest.mark.parametrize(
    ("model_id", "case", "tolerance", "_"), [case for case in CASES if "linear_predictor" in case[1]]
)
def test_linear_predictor(model_id, case, tolerance, _):
    """The spec prints the linear predictor of coefficient models to 4 decimals."""
    definition = get_definition(model_id)
    values = predict(definition, as_text(case["inputs"])).values
    lp = definition.model.linear_predictor({key: np.asarray([value]) for key, value in values.items()})
    assert lp[0] == pytest.approx(case["linear_predictor"], abs=0.00005)


@pytest.mark.parametrize(("model_id", "case", "tolerance", "_"), [case for case in CASES if "points" in case[1]])
def test_total_points(model_id, case, tolerance, _):
    prediction = predict(get_definition(model_id), as_text(case["inputs"]))
    totals = {endpoint_id: points.total for endpoint_id, points in prediction.points.items()}
    assert totals == pytest.approx(case["points"], abs=1e-9)


@pytest.mark.parametrize(("model_id", "case", "tolerance", "_"), CASES, ids=IDS)
def test_command_line(model_id, case, tolerance, _):
    out = StringIO()
    pairs = [f"{key}={value}" for key, value in case["inputs"].items()]
    call_command("nomogram", "predict", model_id, *pairs, stdout=out)
    result = json.loads(out.getvalue())
    assert result["model"] == model_id
    assert result["version"] == get_definition(model_id).version
    assert set(result["outcomes"]) == set(case["outcomes"])
    for endpoint_id, expected in case["outcomes"].items():
        assert result["outcomes"][endpoint_id] == pytest.approx(expected, abs=tolerance)
    for endpoint_id, expected in case.get("points", {}).items():
        assert result["points"][endpoint_id]["total"] == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("model_id", "case", "tolerance", "_"), CASES, ids=IDS)
def test_web_page(client, model_id, case, tolerance, _):
    response = client.get(reverse("result", args=[model_id]), as_text(case["inputs"]))
    assert response.status_code == 200
    prediction = response.context["sheet"].prediction
    page = response.content.decode()
    assert set(prediction.outcomes) == set(case["outcomes"])
    for endpoint_id, expected in case["outcomes"].items():
        assert prediction.outcomes[endpoint_id] == pytest.approx(expected, abs=tolerance)
        assert escape(format_probability(expected)) in page
    for expected in case.get("points", {}).values():
        assert f"<strong>{format_points(expected)}</strong>" in page
