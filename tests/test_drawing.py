"""The drawn nomogram: one scale per input plus the points, total and probability scales, with this
patient's marks where the points put them."""

import xml.etree.ElementTree as ET

import pytest

from calculator.drawing import TICK_LENGTH, TextToPlace, draw_nomogram, monotonic_runs, place_labels, text_width
from calculator.svg import FONT_SIZE
from nomograms.layout import Tick
from nomograms.prediction import predict
from nomograms.registry import all_definitions, get_definition

from .golden import as_text, cases_for

SVG = "{http://www.w3.org/2000/svg}"
COMPUTABLE = [definition for definition in all_definitions() if definition.computable]


def svgs(definition, prediction=None):
    return [ET.fromstring(panel.svg) for panel in draw_nomogram(definition, prediction)]


def base(svg):
    return svg.find(f"{SVG}g[@class='nomogram-base']")


def axes(svg, kind):
    return [group for group in base(svg).findall(f"{SVG}g") if group.get("data-kind") == kind]


def tick_x(axis, value):
    return next(
        float(t.get("x1")) for t in axis.findall(f"{SVG}line[@class='tick']") if float(t.get("data-value")) == value
    )


def overlay(svg):
    return svg.find(f"{SVG}g[@class='nomogram-patient']")


def marked(svg, axis):
    """The patient's marker and reading on a scale of the base drawing, from the overlay, or None."""
    same_scale = ("data-kind", "data-key", "data-stratum")
    return next(
        (
            group
            for group in overlay(svg).findall(f"{SVG}g[@class='patient-axis']")
            if all(group.get(name) == axis.get(name) for name in same_scale)
        ),
        None,
    )


def mark(svg, axis):
    found = marked(svg, axis)
    return None if found is None else float(found.find(f"{SVG}polygon[@class='patient-mark']").get("data-x"))


def reading(svg, axis):
    return "".join(marked(svg, axis).find(f"{SVG}text[@class='patient-reading']").itertext())


def first_case(definition):
    return predict(definition, as_text(cases_for(definition.id)[0]["inputs"]))


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda d: d.id)
def test_each_panel_has_the_points_scale_one_scale_per_input_the_total_and_the_probabilities(definition):
    for panel, svg in zip(definition.nomogram_layout, svgs(definition), strict=True):
        drawn = [(group.get("data-kind"), group.get("data-key")) for group in base(svg).findall(f"{SVG}g")]
        assert drawn == [
            ("points", None),
            *[("input", scale.input_id) for scale in panel.inputs],
            ("total", None),
            *[("probability", scale.endpoint_id) for scale in panel.probabilities],
        ]
        assert svg.find(f"{SVG}title").text.startswith("Nomogram: ")
        assert svg.find(f"{SVG}desc").text
        assert svg.get("role") == "img"
        # Unmarked on the model page.
        assert svg.find(f".//{SVG}polygon") is None
        assert overlay(svg) is None


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda d: d.id)
def test_the_patients_marks_sit_where_the_points_put_them(definition):
    prediction = first_case(definition)
    shown = {result.endpoint.id: result.shown for result in prediction.results}
    for panel, svg in zip(definition.nomogram_layout, svgs(definition, prediction), strict=True):
        points_axis = axes(svg, "points")[0]
        zero, hundred = tick_x(points_axis, 0), tick_x(points_axis, 100)
        endpoint_id = panel.endpoint_ids[0]
        for axis in axes(svg, "input"):
            points = prediction.points[endpoint_id].per_input[axis.get("data-key")]
            assert mark(svg, axis) == pytest.approx(zero + points / 100 * (hundred - zero), abs=0.11)
        total_axis = axes(svg, "total")[0]
        ticks = [float(t.get("data-value")) for t in total_axis.findall(f"{SVG}line[@class='tick']")]
        start, end = tick_x(total_axis, ticks[0]), tick_x(total_axis, ticks[-1])
        total = prediction.points[endpoint_id].total
        expected = start + total / ticks[-1] * (end - start)
        assert mark(svg, total_axis) == pytest.approx(expected, abs=0.11)
        line = overlay(svg).find(f"{SVG}line[@class='patient-total-line']")
        assert float(line.get("x1")) == pytest.approx(expected, abs=0.11)
        for axis in axes(svg, "probability"):
            if mark(svg, axis) is not None:
                assert reading(svg, axis) == shown[axis.get("data-key")]


def test_kattan_marks_only_the_scale_of_the_patients_grade():
    kattan = get_definition("kattan-2002")
    prediction = first_case(kattan)  # high grade, 41%
    (svg,) = svgs(kattan, prediction)
    scales = {axis.get("data-stratum"): axis for axis in axes(svg, "probability")}
    assert set(scales) == {"grade=low", "grade=high"}
    assert mark(svg, scales["grade=low"]) is None
    (veil,) = overlay(svg).findall(f"{SVG}rect[@class='axis-muted']")
    assert veil.get("data-stratum") == "grade=low"
    assert reading(svg, scales["grade=high"]) == "41%"
    # 41% lies between the printed 40% and 50% ticks of the high-grade scale.
    high = scales["grade=high"]
    assert tick_x(high, 0.4) < mark(svg, high) < tick_x(high, 0.5)


def test_a_total_beyond_the_printed_axis_is_marked_at_its_end_with_the_bound():
    gronchi = get_definition("gronchi-2013")
    prediction = predict(
        gronchi,
        {
            "age": "16",
            "size_cm": "30",
            "grade": "3",
            "histology": "wdlps",
            "multifocal": "yes",
            "resection": "complete",
        },
    )
    os_svg, _ = svgs(gronchi, prediction)
    (survival,) = axes(os_svg, "probability")
    assert mark(os_svg, survival) == pytest.approx(tick_x(survival, 0.01))
    assert reading(os_svg, survival) == "< 1%"


def test_a_panel_whose_endpoint_is_not_shown_is_drawn_without_marks():
    gronchi = get_definition("gronchi-2013")
    inputs = dict(as_text(cases_for("gronchi-2013")[0]["inputs"]), resection="incomplete")
    _, dfs = draw_nomogram(gronchi, predict(gronchi, inputs))
    assert dfs.marks == ()
    assert dfs.total_line is None
    assert "Not marked for this patient: disease-free survival is only defined" in dfs.description


def test_the_two_arms_of_a_folded_age_scale_label_on_opposite_sides():
    (os_panel, _) = draw_nomogram(get_definition("gronchi-2013"))
    age = next(row for row in os_panel.rows if row.key == "age")
    side = {tick.label.lines[0][1]: tick.label.lines[0][0] < age.y for tick in age.ticks}
    assert side["40"] and side["10"]  # falling arm, above
    assert not side["60"] and not side["90"]  # rising arm, below


def test_monotonic_runs_split_where_the_points_turn():
    ticks = [Tick(str(v), p) for v, p in [(10, 14), (50, 0), (60, 2.5), (90, 36)]]
    assert [[t.label for t in run] for run in monotonic_runs(ticks)] == [["10", "50"], ["60", "90"]]


def test_placed_labels_never_overlap():
    texts = [TextToPlace(300 + 5 * i, (f"label {i}",), ("above", "below")) for i in range(8)]
    positions = place_labels(texts)
    boxes = [
        (side, depth, centre - text_width(text.lines[0]) / 2, centre + text_width(text.lines[0]) / 2)
        for (side, depth, centre), text in zip(positions, texts, strict=True)
    ]
    for index, (side, depth, left, right) in enumerate(boxes):
        for other_side, other_depth, other_left, other_right in boxes[index + 1 :]:
            if side == other_side and depth == other_depth:
                assert right <= other_left or other_right <= left


def test_the_svg_is_safe_inline_under_a_strict_content_security_policy():
    kattan = get_definition("kattan-2002")
    markup = "".join(panel.svg for panel in draw_nomogram(kattan, first_case(kattan)))
    assert "style=" not in markup
    assert "<script" not in markup
    assert "<style" not in markup


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda d: d.id)
def test_the_base_drawing_is_the_same_for_every_patient_and_unmarked(definition):
    cases = [predict(definition, as_text(case["inputs"])) for case in cases_for(definition.id)[:2]]
    unmarked = [ET.tostring(base(svg)) for svg in svgs(definition)]
    for prediction in cases:
        assert [ET.tostring(base(svg)) for svg in svgs(definition, prediction)] == unmarked
    first, second = (svgs(definition, prediction) for prediction in cases)
    assert [ET.tostring(overlay(svg)) for svg in first] != [ET.tostring(overlay(svg)) for svg in second]


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda d: d.id)
def test_each_reading_sits_on_the_line_kept_for_it_above_the_tick_labels(definition):
    for case in cases_for(definition.id):
        for panel in draw_nomogram(definition, predict(definition, as_text(case["inputs"]))):
            for mark in panel.marks:
                ((reading_y, _),) = mark.label.lines
                label_lines = [y for tick in mark.row.ticks if tick.label for y, _ in tick.label.lines]
                assert mark.row.top < reading_y - FONT_SIZE
                assert all(reading_y < y for y in label_lines)  # above every tick label of its scale
                assert reading_y < mark.row.y - TICK_LENGTH


def test_the_veil_over_a_stratum_the_patient_is_not_in_covers_its_scale_and_no_other():
    kattan = get_definition("kattan-2002")
    (panel,) = draw_nomogram(kattan, first_case(kattan))  # high grade
    (low,) = panel.muted
    assert low.stratum == "grade=low"
    others = [row for row in panel.rows if row is not low]
    assert all(row.bottom <= low.top or low.bottom <= row.top for row in others)
    assert low.top < min(y for tick in low.ticks if tick.label for y, _ in tick.label.lines) - FONT_SIZE
    assert low.bottom > max(y for tick in low.ticks if tick.label for y, _ in tick.label.lines)


def test_a_drawing_sent_to_a_page_that_holds_its_base_names_that_base_and_carries_only_the_marks():
    kattan = get_definition("kattan-2002")
    (panel,) = draw_nomogram(kattan, first_case(kattan))
    over_page = ET.fromstring(panel.svg_over_page)
    slot = base(over_page)
    assert slot.get("data-nomogram-base") == panel.base.key == base(ET.fromstring(panel.svg)).get("data-nomogram-base")
    assert slot.get("data-in-page") == "true"
    assert list(slot) == []
    assert ET.tostring(overlay(over_page)) == ET.tostring(overlay(ET.fromstring(panel.svg)))
