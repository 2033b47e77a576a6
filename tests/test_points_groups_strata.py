"""The points form's groups and strata: a number scored by right-closed groups, and a probability
axis per stratum of a choice input (a baseline per grade), on a toy model and on kattan-2002 read
back off its own drawn nomogram."""

import math

import numpy as np
import pytest

from nomograms.definition import load_definition, load_definition_text
from nomograms.layout import interval_labels
from nomograms.prediction import predict
from nomograms.toml_table import DefinitionError
from nomograms.workbench import build

from .test_definition_loading import VALID
from .workbench_figure import KATTAN, KATTAN_GOLDEN, kattan_draft

# A toy nomogram: age in three groups, and per grade an axis on the line log(-log S) = a + 0.03 *
# points, a = -5 (low) and -4 (high), its ticks to 4 decimals.
TOY = (
    VALID[: VALID.index("[model]")]
    + """
[model]
form = "points"

[[model.nomograms]]
stratified_by = "grade"

[model.nomograms.points]
age = { breaks = [40, 60], points = [0, 30, 60] }

[model.nomograms.probability_axes.os_5y]
low = [[0, 0.9933], [20, 0.9878], [40, 0.9779], [60, 0.9601]]
high = [[0, 0.9819], [20, 0.9672], [40, 0.941], [60, 0.8951]]
"""
)


def toy(write_definition, text=TOY):
    return load_definition(write_definition("toy", text))


def test_a_number_in_groups_scores_its_right_closed_group(write_definition):
    model = toy(write_definition).model
    ages = np.array([18.0, 40.0, 40.5, 60.0, 61.0, 90.0])
    points = model.points({"age": ages, "grade": np.array(["low"] * 6)})["os_5y"]
    assert points.per_input["age"].tolist() == [0, 0, 30, 30, 60, 60]


def test_strata_share_one_slope_and_each_reads_its_own_axis(write_definition):
    definition = toy(write_definition)
    low, high = (definition.model.axis("os_5y", grade) for grade in ("low", "high"))
    assert low.slope == high.slope == pytest.approx(0.03, abs=0.0005)
    assert (low.intercept, high.intercept) == pytest.approx((-5, -4), abs=0.01)
    for grade, intercept in (("low", -5), ("high", -4)):
        outcome = predict(definition, {"age": "50", "grade": grade}).outcomes["os_5y"]
        assert outcome == pytest.approx(math.exp(-math.exp(intercept + 0.03 * 30)), abs=0.0005)


def test_the_drawing_shows_the_groups_and_an_axis_per_stratum(write_definition):
    (panel,) = toy(write_definition).nomogram_layout
    (age,) = panel.inputs
    assert [(tick.label, tick.points) for tick in age.ticks] == [("≤ 40", 0), ("> 40 to 60", 30), ("> 60", 60)]
    assert [(scale.label, scale.stratum) for scale in panel.probabilities] == [
        ("5-year overall survival (Grade: Low)", ("grade", "low")),
        ("5-year overall survival (Grade: High)", ("grade", "high")),
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("breaks = [40, 60]", "breaks = [60, 40]"), r"points\.age\.breaks: must list at least one break, strictly"),
        (("points = [0, 30, 60]", "points = [0, 30]"), r"points\.age\.points: needs 3 values, one per group \(2 given"),
        (("breaks = [40, 60]", "breaks = [40, 90]"), r"points\.age\.breaks: 90 lies on or beyond the input's bound 90"),
        (("age = { breaks", "age = { step = 1, breaks"), r"points\.age\.step: unknown field"),
        (('stratified_by = "grade"', 'stratified_by = "age"'), r"stratified_by: must name a choice or yes/no input"),
        (('stratified_by = "grade"', 'stratified_by = "stage"'), r"stratified_by: unknown input 'stage'"),
        (('stratified_by = "grade"\n', ""), r"os_5y: a probability axis per stratum needs the nomogram"),
        (("high = [[0, 0.9819]", "medium = [[0, 0.9819]"), r"probability_axes\.os_5y\.high: missing"),
        (("[40, 0.941]", "[40, 0.97]"), r"os_5y\.high: .*the printed tick \(40 points, 0\.97\) lies 17\.69"),
    ],
    ids=[
        "breaks-out-of-order",
        "points-per-group",
        "empty-group",
        "unknown-key",
        "strata-of-a-number",
        "unknown-stratum-input",
        "strata-without-stratified-by",
        "stratum-missing",
        "stratum-tick-off-the-line",
    ],
)
def test_refusals_name_the_field_and_say_why(write_definition, change, problem):
    with pytest.raises(DefinitionError, match=problem):
        toy(write_definition, TOY.replace(*change))


def test_kattan_read_off_its_drawn_nomogram_matches_every_golden_case_within_0_01():
    """The drawing's ticks, read back as a points model: age joined by straight lines between its
    drawn ticks, size as its three groups, a probability axis per grade."""
    built = build(kattan_draft())
    definition = load_definition_text(built.text, "kattan-2002.toml")  # the written TOML loads as it is
    (nomogram,) = definition.model.nomograms
    assert nomogram.stratified_by == "grade"
    size = next(scorer for scorer in nomogram.scorers if scorer.input == "size_cm")
    assert size.breaks == (5, 10)
    # Spec kattan-2002.md: size in groups <= 5, > 5 to 10, > 10 cm; the drawing labels them so.
    assert interval_labels(size.breaks) == ["≤ 5", "> 5 to 10", "> 10"]
    # At one horizon the grades differ only in intercept: log(-log S0) of the spec's baselines
    # (high 0.5875453, low 0.8373887) differ by 1.0975.
    low, high = (definition.model.axis("ssd_12y", grade) for grade in ("low", "high"))
    assert low.slope == high.slope
    assert high.intercept - low.intercept == pytest.approx(
        math.log(-math.log(0.5875453)) - math.log(-math.log(0.8373887)), abs=0.005
    )
    for case in KATTAN_GOLDEN.cases:
        assert predict(definition, case.inputs).outcomes == pytest.approx(case.outcomes, abs=0.01)


def test_kattan_drawn_probability_scales_reach_the_golden_cases_totals():
    """Every golden case's total lies on its grade's drawn scale, so reading it back needs no
    value beyond the printed ticks (the 2% tick of the low grade makes it so)."""
    (panel,) = KATTAN.nomogram_layout
    for case in KATTAN_GOLDEN.cases:
        total = predict(KATTAN, case.inputs).points["ssd_12y"].total
        scale = next(s for s in panel.probabilities if s.stratum == ("grade", case.inputs["grade"]))
        totals = [t for _, t in scale.ticks]
        assert min(totals) <= total <= max(totals)


@pytest.mark.parametrize(("grade", "shown"), [("low", "< 2%"), ("high", "< 5%")])
def test_a_total_before_its_strata_axis_reads_that_axis_bound(grade, shown):
    """The lowest patient (0 points) lies before the first drawn tick of each grade's axis: 2% on the
    low-grade one, 5% on the high-grade one."""
    definition = build(kattan_draft()).definition
    lowest = {"age": "16", "size_cm": "3", "depth": "superficial", "site": "upper_extremity"}
    prediction = predict(definition, {**lowest, "histology": "fibrosarcoma", "grade": grade})
    (result,) = prediction.results
    assert result.shown == shown
    assert prediction.endpoint_warnings["ssd_12y"] == (
        "12-year probability of sarcoma-specific death: a total of 0 points lies beyond the ends of the printed "
        f"probability axis, so the result is the axis bound, {shown}.",
    )
