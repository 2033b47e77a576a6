"""The points form, on gronchi-2013: printed points, the fitted probability line and its bounds."""

import json
import math
import re
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from nomograms.definition import load_definition
from nomograms.points import fit_lines
from nomograms.prediction import InvalidInputs, predict
from nomograms.registry import get_definition
from nomograms.toml_table import DefinitionError

from .golden import as_text, cases_for
from .test_definition_loading import VALID

GRONCHI = get_definition("gronchi-2013")
CASE = as_text(cases_for("gronchi-2013")[0]["inputs"])
# Spec gronchi-2013.md: "the fits are about a = -5.2123, b = 0.032792 (OS) and a = -3.0059,
# b = 0.021580 (DFS); every printed tick lies within 2 points of its line."
REFERENCE_FITS = {"os_7y": (-5.2123, 0.032792), "dfs_7y": (-3.0059, 0.021580)}

LOWEST = dict(CASE, age="50", size_cm="0.1", grade="1", histology="sft", multifocal="no", resection="complete")
HIGHEST = dict(CASE, age="90", size_cm="30", grade="3", histology="wdlps", multifocal="yes", resection="complete")


@pytest.mark.parametrize("endpoint_id", ["os_7y", "dfs_7y"])
def test_fitted_lines_match_the_spec_and_every_printed_tick(endpoint_id):
    axis = GRONCHI.model.axis(endpoint_id)
    intercept, slope = REFERENCE_FITS[endpoint_id]
    assert axis.intercept == pytest.approx(intercept, abs=0.0001)
    assert axis.slope == pytest.approx(slope, abs=0.000001)
    for points, probability in axis.ticks:
        assert abs(axis.points_for(probability) - points) <= 2.0


def test_probabilities_come_from_the_line_not_from_joining_ticks():
    # Halfway between the printed ticks (148, 0.50) and (158, 0.40), joining ticks would give 0.45.
    axis = GRONCHI.model.axis("os_7y")
    on_line = math.exp(-math.exp(axis.intercept + axis.slope * 153))
    assert axis.probability(153) == pytest.approx(on_line)
    assert abs(on_line - 0.45) > 0.001


def test_loading_fails_when_a_printed_tick_is_off_the_line(write_definition):
    points_model = (
        VALID[: VALID.index("[model]")]
        + """
[model]
form = "points"

[[model.nomograms]]
[model.nomograms.points]
age = [[18, 0], [90, 50]]
grade = { low = 0, high = 100 }

[model.nomograms.probability_axes]
# On the line log(-log S) = -5 + 0.03 * points, to 4 decimals.
os_5y = [[20, 0.9878], [60, 0.9601], [100, 0.8734], [140, 0.6381]]
"""
    )
    assert load_definition(write_definition("toy", points_model)).computable
    misprinted = points_model.replace("[100, 0.8734]", "[112, 0.8734]")
    with pytest.raises(DefinitionError, match=r"probability_axes\.os_5y: the printed tick \(.+\) lies .+ more than 2"):
        load_definition(write_definition("toy", misprinted))
    uncovered = points_model.replace("age = [[18, 0], [90, 50]]", "age = [[20, 0], [90, 50]]")
    with pytest.raises(DefinitionError, match="must cover the input's hard bounds"):
        load_definition(write_definition("toy", uncovered))


def test_endpoints_on_one_nomogram_share_one_slope():
    """Callegaro-style 5- and 10-year axes of one nomogram: one linear predictor, two intercepts."""
    kinds = {"os_5y": "survival", "os_10y": "survival"}
    slope, five, ten = 0.03, -5.0, -4.2
    ticks = {
        "os_5y": [(points, math.exp(-math.exp(five + slope * points))) for points in (20, 80, 140)],
        "os_10y": [(points, math.exp(-math.exp(ten + slope * points))) for points in (10, 70, 130)],
    }
    intercepts, fitted_slope = fit_lines(ticks, kinds)
    assert fitted_slope == pytest.approx(slope)
    assert intercepts == pytest.approx({"os_5y": five, "os_10y": ten})


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("age", "9", "Age at surgery (age): 9 is outside the allowed range, 10 to 90 years: the printed age axis"),
        ("age", "91", "91 is outside the allowed range, 10 to 90 years"),
        ("size_cm", "81", "81 is outside the allowed range, more than 0 and at most 80 cm: a tumour has a size"),
        ("size_cm", "0", "0 is outside the allowed range"),
    ],
)
def test_values_beyond_the_printed_axes_are_refused_not_scored_zero(field, value, expected):
    with pytest.raises(InvalidInputs) as raised:
        predict(GRONCHI, dict(CASE, **{field: value}))
    assert expected in raised.value.errors[field]


def test_a_total_below_the_first_tick_shows_the_upper_bound_with_a_warning():
    prediction = predict(GRONCHI, LOWEST)
    shown = {result.endpoint.id: result.shown for result in prediction.results}
    assert shown == {"os_7y": "> 99%", "dfs_7y": "> 95%"}
    # The number itself is the line at the end of the axis, so risk never jumps at the bound.
    for endpoint_id, first_tick in (("os_7y", 19), ("dfs_7y", 2)):
        assert prediction.outcomes[endpoint_id] == pytest.approx(
            GRONCHI.model.axis(endpoint_id).probability(first_tick)
        )
        assert prediction.bounds[endpoint_id][0] == 1
    assert len([w for w in prediction.warnings if "beyond the ends of the printed probability axis" in w]) == 2


def test_a_total_beyond_the_last_tick_shows_the_lower_bound_with_a_warning():
    prediction = predict(GRONCHI, HIGHEST)
    shown = {result.endpoint.id: result.shown for result in prediction.results}
    assert shown == {"os_7y": "< 1%", "dfs_7y": "< 1%"}
    assert prediction.points["os_7y"].total > 206
    assert prediction.points["dfs_7y"].total > 210
    assert any("7-year overall survival: a total of 259.5 points lies beyond" in w for w in prediction.warnings)
    assert prediction.bounds == {"os_7y": (-1, 0.01), "dfs_7y": (-1, 0.01)}


def test_an_adult_cohort_warns_below_18():
    prediction = predict(GRONCHI, dict(CASE, age="16"))
    assert any(
        "16 years is unusual for this model: the model was developed on adults" in w for w in prediction.warnings
    )


def test_a_well_differentiated_liposarcoma_of_grade_2_or_3_is_questioned():
    for grade in ("2", "3"):
        prediction = predict(GRONCHI, dict(CASE, histology="wdlps", grade=grade))
        assert any("low grade by definition" in warning for warning in prediction.warnings)
    assert not any("low grade by definition" in w for w in predict(GRONCHI, dict(CASE, grade="1")).warnings)


def test_no_dfs_after_an_incomplete_resection_and_the_reason_is_given():
    prediction = predict(GRONCHI, dict(CASE, resection="incomplete"))
    assert set(prediction.outcomes) == {"os_7y"}
    assert set(prediction.points) == {"os_7y"}
    assert any(w.startswith("7-year disease-free survival is not shown: ") for w in prediction.warnings)


def test_the_command_line_omits_dfs_with_a_warning_and_adds_points():
    out = StringIO()
    pairs = [f"{key}={value}" for key, value in dict(CASE, resection="incomplete").items()]
    call_command("nomogram", "predict", "gronchi-2013", *pairs, stdout=out)
    result = json.loads(out.getvalue())
    assert set(result["outcomes"]) == {"os_7y"}
    assert "7-year disease-free survival is not shown" in result["warnings"][0]
    assert result["points"]["os_7y"] == {
        "age": 1.25,
        "size_cm": 50.5,
        "grade": 0.0,
        "histology": 41.75,
        "multifocal": 0.0,
        "resection": 15.0,
        "total": 108.5,
    }


def test_the_result_page_shows_the_note_the_breakdown_and_why_dfs_is_missing(client):
    response = client.get(reverse("result", args=["gronchi-2013"]), dict(CASE, resection="incomplete"))
    page = response.content.decode()
    assert "Point values read from the published nomogram figure; not verified against the authors&#x27;" in page
    assert "Not shown: disease-free survival is only defined after a macroscopically complete resection" in page
    breakdown = page[page.index('class="table table-sm points-breakdown"') :]
    breakdown = breakdown[: breakdown.index("</table>")]
    assert re.search(r"Age at surgery</th><td>1.3</td>", breakdown)  # 1.25 points, to one decimal
    assert "<strong>108.5</strong>" in breakdown


def test_the_result_page_shows_axis_bounds(client):
    page = client.get(reverse("result", args=["gronchi-2013"]), HIGHEST).content.decode()
    assert page.count("&lt; 1%") >= 2


patients = st.fixed_dictionaries(
    {
        "age": st.floats(min_value=10, max_value=90),
        "size_cm": st.floats(min_value=0, max_value=80, exclude_min=True),
        "grade": st.sampled_from(["1", "2", "3"]),
        "histology": st.sampled_from([choice.value for choice in GRONCHI.input("histology").choices]),
        "multifocal": st.sampled_from(["yes", "no"]),
        "resection": st.sampled_from(["complete", "incomplete"]),
    }
)


@given(patients)
def test_overall_survival_never_rises_with_grade(patient):
    survival = [predict(GRONCHI, dict(patient, grade=grade)).outcomes["os_7y"] for grade in ("1", "2", "3")]
    assert survival == sorted(survival, reverse=True)


@given(patients)
def test_dfs_never_rises_when_multifocal(patient):
    patient = dict(patient, resection="complete")
    single = predict(GRONCHI, dict(patient, multifocal="no")).outcomes["dfs_7y"]
    multifocal = predict(GRONCHI, dict(patient, multifocal="yes")).outcomes["dfs_7y"]
    assert multifocal <= single


def test_batch_scoring_leaves_dfs_empty_after_incomplete_resection():
    from nomograms.batch import score_rows

    rows = [CASE, dict(CASE, resection="incomplete")]
    scored = score_rows(GRONCHI, list(CASE), rows)
    assert float(scored[0]["dfs_7y"]) == pytest.approx(0.6779, abs=0.001)
    assert "dfs_7y" not in scored[1]
    assert "disease-free survival is not shown" in scored[1]["warnings"]


def test_no_engine_or_web_code_knows_a_model_by_name():
    ids = ["kattan", "gronchi", "zivanovic", "callegaro"]
    root = Path(__file__).resolve().parent.parent
    for path in [*(root / "nomograms").glob("*.py"), *(root / "calculator").rglob("*.py")]:
        text = path.read_text().lower()
        assert not any(model_id in text for model_id in ids), path


def test_vectorised_points_scoring_matches_single_predictions():
    from nomograms.prediction import score

    cases = [case["inputs"] for case in cases_for("gronchi-2013")]
    columns = {key: np.asarray([case[key] for case in cases]) for key in cases[0]}
    outcomes = score(GRONCHI, columns).outcomes
    for index, case in enumerate(cases):
        single = predict(GRONCHI, as_text(case))
        for endpoint_id, probability in single.outcomes.items():
            assert outcomes[endpoint_id][index] == probability


def test_risk_never_jumps_back_at_the_end_of_the_axis():
    """Found by hypothesis: the printed 1% tick lies off the line, so holding a total beyond it at
    the printed value would make grade 3 look better than grade 2."""
    patient = dict(age="70", size_cm="66", histology="wdlps", multifocal="yes", resection="complete")
    survival = [predict(GRONCHI, dict(patient, grade=grade)).outcomes["os_7y"] for grade in ("1", "2", "3")]
    assert survival == sorted(survival, reverse=True)
