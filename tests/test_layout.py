"""The drawn nomogram's layout comes from the same definition and numbers as the result."""

import pytest

from nomograms.layout import interval_labels, nice_values
from nomograms.prediction import predict
from nomograms.registry import all_definitions, get_definition

from .golden import as_text, cases_for

COMPUTABLE = [definition for definition in all_definitions() if definition.computable]


def test_nice_values_keep_both_ends():
    assert nice_values(16, 90) == [16, 20, 30, 40, 50, 60, 70, 80, 90]
    assert nice_values(0, 80) == [0, 10, 20, 30, 40, 50, 60, 70, 80]


def test_interval_labels():
    assert interval_labels((5, 10)) == ["≤ 5", "> 5 to 10", "> 10"]


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda definition: definition.id)
def test_every_endpoint_has_a_probability_scale_and_every_input_with_points_a_scale(definition):
    panels = definition.nomogram_layout
    assert {endpoint_id for panel in panels for endpoint_id in panel.endpoint_ids} == {
        endpoint.id for endpoint in definition.endpoints
    }
    case = as_text(cases_for(definition.id)[0]["inputs"])
    prediction = predict(definition, case)
    for panel in panels:
        assert {scale.input_id for scale in panel.inputs} == set(prediction.points[panel.endpoint_ids[0]].per_input)
        assert max(tick.points for scale in panel.inputs for tick in scale.ticks) == pytest.approx(100)
        for scale in panel.probabilities:
            totals = [total for _, total in scale.ticks]
            assert all(0 <= total <= panel.total_points_max for total in totals)


def test_kattan_scales_read_off_the_model_probability():
    """A probability tick sits where the model gives that probability."""
    kattan = get_definition("kattan-2002")
    (panel,) = kattan.nomogram_layout
    assert [scale.label for scale in panel.probabilities] == [
        "12-year probability of sarcoma-specific death (Grade: Low)",
        "12-year probability of sarcoma-specific death (Grade: High)",
    ]
    case = cases_for("kattan-2002")[0]  # high grade, 0.4070
    prediction = predict(kattan, as_text(case["inputs"]))
    total = prediction.points["ssd_12y"].total
    high = panel.probabilities[1]
    # 0.4070 lies between the 0.4 and 0.5 ticks, nearer 0.4.
    at_40 = dict(high.ticks)[0.4]
    at_50 = dict(high.ticks)[0.5]
    assert at_40 < total < at_50
    assert total - at_40 < at_50 - total
    size = next(scale for scale in panel.inputs if scale.input_id == "size_cm")
    assert [tick.label for tick in size.ticks] == ["≤ 5", "> 5 to 10", "> 10"]
    assert size.ticks[1].points == pytest.approx(prediction.points["ssd_12y"].per_input["size_cm"])


def test_gronchi_scales_are_the_printed_ticks():
    gronchi = get_definition("gronchi-2013")
    os_panel, dfs_panel = gronchi.nomogram_layout
    age = os_panel.inputs[0]
    assert (age.ticks[0].label, age.ticks[0].points) == ("10", 14)
    assert os_panel.probabilities[0].ticks[0] == (0.99, 19)
    assert dfs_panel.probabilities[0].ticks[-1] == (0.01, 210)
    assert os_panel.total_points_max == pytest.approx(36 + 55 + 100 + 41.75 + 26.75 + 15)
    assert dfs_panel.total_points_max == pytest.approx(50 + 100 + 50 + 47.5)
