"""The drawn nomogram: one scale per input plus the points, total and probability scales, with this
patient's marks where the points put them."""

import xml.etree.ElementTree as ET

import pytest

from calculator.drawing import TextToPlace, draw_nomogram, monotonic_runs, place_labels, text_width
from nomograms.layout import Tick
from nomograms.prediction import predict
from nomograms.registry import all_definitions, get_definition

from .golden import as_text, cases_for

SVG = "{http://www.w3.org/2000/svg}"
COMPUTABLE = [definition for definition in all_definitions() if definition.computable]


def svgs(definition, prediction=None):
    return [ET.fromstring(panel.svg) for panel in draw_nomogram(definition, prediction)]


def axes(svg, kind):
    return [group for group in svg.findall(f"{SVG}g") if group.get("data-kind") == kind]


def tick_x(axis, value):
    return next(
        float(t.get("x1")) for t in axis.findall(f"{SVG}line[@class='tick']") if float(t.get("data-value")) == value
    )


def mark(axis):
    found = axis.find(f"{SVG}polygon[@class='patient-mark']")
    return None if found is None else float(found.get("data-x"))


def reading(axis):
    return "".join(axis.find(f"{SVG}text[@class='patient-reading']").itertext())


def first_case(definition):
    return predict(definition, as_text(cases_for(definition.id)[0]["inputs"]))


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda d: d.id)
def test_each_panel_has_the_points_scale_one_scale_per_input_the_total_and_the_probabilities(definition):
    for panel, svg in zip(definition.nomogram_layout, svgs(definition), strict=True):
        drawn = [(group.get("data-kind"), group.get("data-key")) for group in svg.findall(f"{SVG}g")]
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
            assert mark(axis) == pytest.approx(zero + points / 100 * (hundred - zero), abs=0.11)
        total_axis = axes(svg, "total")[0]
        ticks = [float(t.get("data-value")) for t in total_axis.findall(f"{SVG}line[@class='tick']")]
        start, end = tick_x(total_axis, ticks[0]), tick_x(total_axis, ticks[-1])
        total = prediction.points[endpoint_id].total
        expected = start + total / ticks[-1] * (end - start)
        assert mark(total_axis) == pytest.approx(expected, abs=0.11)
        line = svg.find(f"{SVG}line[@class='patient-total-line']")
        assert float(line.get("x1")) == pytest.approx(expected, abs=0.11)
        for axis in axes(svg, "probability"):
            if mark(axis) is not None:
                assert reading(axis) == shown[axis.get("data-key")]


def test_kattan_marks_only_the_scale_of_the_patients_grade():
    kattan = get_definition("kattan-2002")
    prediction = first_case(kattan)  # high grade, 41%
    (svg,) = svgs(kattan, prediction)
    scales = {axis.get("data-stratum"): axis for axis in axes(svg, "probability")}
    assert set(scales) == {"grade=low", "grade=high"}
    assert mark(scales["grade=low"]) is None
    assert "axis-muted" in scales["grade=low"].get("class")
    assert reading(scales["grade=high"]) == "41%"
    # 41% lies between the printed 40% and 50% ticks of the high-grade scale.
    assert tick_x(scales["grade=high"], 0.4) < mark(scales["grade=high"]) < tick_x(scales["grade=high"], 0.5)


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
    assert mark(survival) == pytest.approx(tick_x(survival, 0.01))
    assert reading(survival) == "< 1%"


def test_a_panel_whose_endpoint_is_not_shown_is_drawn_without_marks():
    gronchi = get_definition("gronchi-2013")
    inputs = dict(as_text(cases_for("gronchi-2013")[0]["inputs"]), resection="incomplete")
    _, dfs = draw_nomogram(gronchi, predict(gronchi, inputs))
    assert all(row.mark is None for row in dfs.rows)
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
