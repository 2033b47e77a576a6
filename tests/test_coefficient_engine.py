"""The coefficient engine: arrays in, arrays out, and nomogram points as published nomograms draw them."""

import numpy as np
import pytest

from nomograms.prediction import NotComputable, predict, score
from nomograms.registry import get_definition

from .golden import as_text, cases_for

KATTAN_CASES = cases_for("kattan-2002")


def columns_of_inputs(patients):
    return {key: [patient[key] for patient in patients] for key in patients[0]}


def columns_of(cases):
    return columns_of_inputs([case["inputs"] for case in cases])


def test_one_call_scores_many_patients_exactly_like_one_at_a_time(kattan):
    outcomes, points, _ = score(kattan, columns_of(KATTAN_CASES))
    for index, case in enumerate(KATTAN_CASES):
        single = predict(kattan, as_text(case["inputs"]))
        assert outcomes["ssd_12y"][index] == single.outcomes["ssd_12y"]
        assert points["ssd_12y"].total[index] == single.points["ssd_12y"].total


def test_a_million_patients_in_one_call(kattan):
    n = 1_000_000
    repeated = columns_of(KATTAN_CASES * (n // len(KATTAN_CASES) + 1))
    outcomes = score(kattan, {key: np.asarray(column[:n]) for key, column in repeated.items()}).outcomes
    assert outcomes["ssd_12y"].shape == (n,)
    assert outcomes["ssd_12y"][0] == pytest.approx(KATTAN_CASES[0]["outcomes"]["ssd_12y"], abs=0.0005)


def test_grade_changes_the_baseline_not_the_linear_predictor(kattan):
    low = dict(KATTAN_CASES[0]["inputs"], grade="low")
    high = dict(KATTAN_CASES[0]["inputs"], grade="high")
    model = kattan.model
    lp_low = model.linear_predictor({key: np.asarray([value]) for key, value in low.items()})
    lp_high = model.linear_predictor({key: np.asarray([value]) for key, value in high.items()})
    assert lp_low == lp_high
    # The spec's baselines: S0(12 y) = 0.5875453 (high grade), 0.8373887 (low grade).
    lp = lp_low[0]
    assert predict(kattan, as_text(high)).outcomes["ssd_12y"] == pytest.approx(1 - 0.5875453 ** np.exp(lp))
    assert predict(kattan, as_text(low)).outcomes["ssd_12y"] == pytest.approx(1 - 0.8373887 ** np.exp(lp))


def test_size_groups_are_right_closed(kattan):
    """Spec: <= 5; > 5 and <= 10; > 10."""
    base = dict(KATTAN_CASES[0]["inputs"])
    lp = {}
    for size in (5, 5.01, 10, 10.01):
        values = {key: np.asarray([value]) for key, value in dict(base, size_cm=size).items()}
        lp[size] = kattan.model.linear_predictor(values)[0]
    assert lp[5.01] - lp[5] == pytest.approx(0.73661411)
    assert lp[10] == lp[5.01]
    assert lp[10.01] - lp[10] == pytest.approx(0.43366449)


def test_points_scale_like_the_printed_nomogram(kattan):
    """Spec: histology spans 100 points, about 60.05 points per unit of the linear predictor."""
    assert kattan.model.points_per_unit == pytest.approx(60.05, abs=0.005)
    histology = [choice.value for choice in kattan.input("histology").choices]
    patients = [dict(KATTAN_CASES[0]["inputs"], histology=value) for value in histology]
    points = kattan.model.points({key: np.asarray(column) for key, column in columns_of_inputs(patients).items()})
    points = points["ssd_12y"].per_input["histology"]
    assert points.min() == pytest.approx(0)
    assert points.max() == pytest.approx(100)


def test_points_total_is_the_linear_predictor_rescaled(kattan):
    points = score(kattan, columns_of(KATTAN_CASES)).points["ssd_12y"]
    lp = np.asarray([case["linear_predictor"] for case in KATTAN_CASES])
    totals = points.total
    # Differences in total points are differences in lp times the scale.
    assert np.diff(totals) == pytest.approx(np.diff(lp) * kattan.model.points_per_unit, abs=0.01)
    assert all((column >= 0).all() and (column <= 100 + 1e-9).all() for column in points.per_input.values())


def test_a_model_awaiting_parameters_computes_nothing():
    definition = get_definition("zivanovic-2012")
    with pytest.raises(NotComputable, match="awaiting parameters"):
        predict(definition, {})
    with pytest.raises(NotComputable):
        score(definition, {})
