"""The workbench core on a nomogram drawn like kattan-2002's: a number printed as groups, and a
probability axis per grade; the live checks name axis and tick, and a file with such ticks gets
the same named checks from `nomogram check`."""

from dataclasses import replace

import pytest

from nomograms.check import check_definition
from nomograms.prediction import predict
from nomograms.workbench import (
    build,
    draft_problems,
    from_data,
    parse_group,
    probability_axis_key,
    residuals,
    split_axis_key,
    submission_problems,
    to_data,
)

from .workbench_figure import KATTAN_GOLDEN, kattan_draft, with_marks

DRAFT = kattan_draft()
LOW, HIGH = probability_axis_key("ssd_12y", ("grade", "low")), probability_axis_key("ssd_12y", ("grade", "high"))
SIZE = "Tumour size (largest diameter) (size_cm)"
HIGH_AXIS = "12-year probability of sarcoma-specific death (ssd_12y), Grade: High"


def messages(draft):
    return [str(problem) for problem in draft_problems(draft)]


@pytest.mark.parametrize(
    ("typed", "group"),
    [("≤ 5", (None, 5)), ("<=5", (None, 5)), ("> 5 to 10", (5, 10)), (">5-10", (5, 10)), ("> 10", (10, None))],
)
def test_groups_are_typed_as_printed(typed, group):
    assert parse_group(typed) == group


@pytest.mark.parametrize("typed", ["5", "< 5", "5 to 10", "> x"])
def test_other_text_is_not_a_group(typed):
    assert parse_group(typed) is None


def test_a_probability_axis_key_names_its_endpoint_and_stratum():
    assert HIGH == "ssd_12y@grade=high"
    assert split_axis_key(HIGH) == ("ssd_12y", ("grade", "high"))
    assert split_axis_key("os_7y") == ("os_7y", None)


def test_the_kattan_draft_is_clean_and_its_golden_cases_match_within_0_01():
    assert draft_problems(DRAFT) == []  # grade is placed by its strata' axes, not an input axis
    assert submission_problems(DRAFT) == []
    built = build(DRAFT)
    assert "[model.nomograms.probability_axes.ssd_12y]\nlow = [[" in built.text
    assert "[model.nomograms.points.size_cm]\nbreaks = [5.0, 10.0]\n" in built.text
    for case in KATTAN_GOLDEN.cases:
        assert predict(built.definition, case.inputs).outcomes == pytest.approx(case.outcomes, abs=0.01)
    assert set(residuals(built.definition)) == {LOW, HIGH}
    assert from_data(DRAFT.base, to_data(DRAFT)) == DRAFT


def with_axes(draft, axes):
    """`draft` with its nomogram's probability axes replaced by `axes` (key -> marks, or a key of
    the draft's own axes to copy)."""
    own = draft.nomograms[0].probability_axes
    chosen = {key: own[value] if isinstance(value, str) else value for key, value in axes.items()}
    return replace(draft, nomograms=(replace(draft.nomograms[0], probability_axes=chosen),))


def swap(marks, first, second):
    marks = list(marks)
    marks[first], marks[second] = marks[second], marks[first]
    return marks


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda d: with_marks(d, 0, "inputs", "size_cm", lambda m: swap(m, 1, 2)),
            f"{SIZE}, tick 2 (> 10): out of order: > 10 follows ≤ 5; the next group starts at > 5",
        ),
        (
            lambda d: with_marks(d, 0, "inputs", "size_cm", lambda m: [replace(m[0], label="5"), *m[1:]]),
            f"{SIZE}, tick 1 (5): the axis is read as groups: type this tick as its group is printed",
        ),
        (
            lambda d: with_marks(d, 0, "inputs", "size_cm", lambda m: m[:2]),
            f"{SIZE}: the last group must be open (> 10), so every value scores",
        ),
        (
            lambda d: with_marks(d, 0, "inputs", "size_cm", lambda m: [replace(m[0], label="≤ 0"), *m[1:]]),
            f"{SIZE}, tick 2 (> 5 to 10): out of order",
        ),
        (
            lambda d: with_axes(d, {HIGH: HIGH}),
            "12-year probability of sarcoma-specific death (ssd_12y), Grade: Low: no probability axis placed for it",
        ),
        (
            lambda d: with_marks(d, 0, "probability_axes", HIGH, lambda m: [m[0], replace(m[1], label="0.02"), *m[2:]]),
            f"{HIGH_AXIS}, tick 2 (0.02): out of order",
        ),
        (
            lambda d: with_marks(
                d,
                0,
                "probability_axes",
                HIGH,
                lambda m: [*m[:5], replace(m[5], click=replace(m[5].click, x=m[5].click.x + 12)), *m[6:]],
            ),
            f"{HIGH_AXIS}, tick 6 (0.5): 4.63 points off the straight line",
        ),
        (
            lambda d: with_axes(d, {LOW: LOW, HIGH: HIGH, "ssd_12y@grade=medium": HIGH}),
            "12-year probability of sarcoma-specific death (ssd_12y): 'medium' is not a choice of 'grade'",
        ),
        (
            lambda d: with_axes(d, {LOW: LOW, "ssd_12y@depth=deep": HIGH}),
            "nomogram 1: its probability axes are per stratum of 'depth' and of 'grade'",
        ),
        (
            lambda d: with_axes(d, {LOW: LOW, HIGH: HIGH, "ssd_12y": HIGH}),
            "12-year probability of sarcoma-specific death (ssd_12y): has an axis for every patient and axes per Grade",
        ),
        (
            lambda d: with_axes(d, {"ssd_12y": HIGH}),
            "Grade (grade): not placed on any nomogram",
        ),
    ],
    ids=[
        "groups-out-of-order",
        "group-typed-as-number",
        "last-group-closed",
        "group-edge-on-the-bound",
        "stratum-without-axis",
        "stratum-probability-out-of-order",
        "stratum-tick-5-points-off-the-line",
        "unknown-stratum",
        "strata-of-two-inputs",
        "axis-for-all-and-per-stratum",
        "stratum-input-not-placed",
    ],
)
def test_each_problem_names_its_axis_and_tick(change, problem):
    found = messages(change(DRAFT))
    assert any(message.startswith(problem) for message in found), found


def test_check_names_the_tick_problems_of_a_file_with_groups_and_strata():
    text = build(DRAFT).text
    high_ticks = text[text.index("high = [[") :].split("\n", 1)[0]
    first_total = high_ticks.split("[[", 1)[1].split(",", 1)[0]
    off_the_line = text.replace(f"high = [[{first_total},", f"high = [[{float(first_total) + 20},", 1)
    problems = check_definition(off_the_line, "kattan-2002.toml").problems
    # Every tick the moved one pulls off the shared line is named, the moved one the furthest.
    assert all(" points off the straight line of log(-log S)" in problem for problem in problems)
    furthest = max(problems, key=lambda problem: float(problem.split("): ")[1].split(" points")[0]))
    assert furthest.startswith(f"kattan-2002.toml: {HIGH_AXIS}, tick 1 (0.05): "), problems
    empty_group = text.replace("breaks = [5.0, 10.0]", "breaks = [5.0, 100.0]", 1)
    assert check_definition(empty_group, "kattan-2002.toml").problems == (
        f"kattan-2002.toml: {SIZE}: the group edge 100 lies on or beyond the declared bounds (0 to 100): "
        "a group would be empty",
    )


def test_check_reports_the_loading_error_of_axes_per_stratum_without_stratified_by():
    text = build(DRAFT).text.replace('stratified_by = "grade"\n', "")
    assert check_definition(text, "kattan-2002.toml").problems == (
        "kattan-2002.toml: model.nomograms[0].probability_axes.ssd_12y: a probability axis per stratum needs "
        "the nomogram's stratified_by (a choice input)",
    )
