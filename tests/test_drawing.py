"""The drawn nomogram: one scale per input plus the points, total and probability scales, with this
patient's marks where the points put them."""

import xml.etree.ElementTree as ET

import pytest

from calculator.drawing import (
    ASCENT,
    DESCENT,
    LEADER_GAP,
    LEADER_SIDE,
    LINE,
    TICK_LENGTH,
    TextToPlace,
    _reading,
    draw_nomogram,
    label_box,
    monotonic_runs,
    place_labels,
    text_width,
)
from calculator.svg import FONT_SIZE
from nomograms.display import format_points
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
    if overlay(svg) is None:
        return None
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
    placements = place_labels(texts)
    boxes = [
        (p.side, p.depth, p.centre - text_width(text.lines[0]) / 2, p.centre + text_width(text.lines[0]) / 2)
        for p, text in zip(placements, texts, strict=True)
    ]
    for index, (side, depth, left, right) in enumerate(boxes):
        for other_side, other_depth, other_left, other_right in boxes[index + 1 :]:
            if side == other_side and depth == other_depth:
                assert right <= other_left or other_right <= left


def text_box(text):
    """(left, top, right, bottom) of a <text>, by the drawing's own estimate of text width."""
    spans = text.findall(f"{SVG}tspan") or [text]
    x = float(spans[0].get("x"))
    width = max(text_width(span.text) for span in spans)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor")]
    return left, float(spans[0].get("y")) - ASCENT, left + width, float(spans[-1].get("y")) + DESCENT


def overlap(box, other):
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


def tick_labels(axis):
    """(tick, its leader or None, its label) for every labelled tick of a scale, in drawing order."""
    found, tick, leader = [], None, None
    for element in axis:
        kind = element.get("class")
        if kind == "tick":
            tick, leader = element, None
        elif kind == "leader":
            leader = element
        elif kind == "tick-label":
            found.append((tick, leader, element))
    return found


def worst_cases(definition):
    """The definition unmarked, and marked for each golden case: the reading takes its room first."""
    yield None
    for case in cases_for(definition.id):
        yield predict(definition, as_text(case["inputs"]))


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda d: d.id)
def test_every_tick_label_reads_as_its_ticks_alone(definition):
    for prediction in worst_cases(definition):
        for svg in svgs(definition, prediction):
            every_label = [text_box(text) for text in svg.iter(f"{SVG}text")]
            for axis in base(svg).findall(f"{SVG}g"):
                axis_y = float(axis.find(f"{SVG}line[@class='axis-line']").get("y1"))
                labelled = tick_labels(axis)
                for tick, leader, text in labelled:
                    x = float(tick.get("x1"))
                    box = text_box(text)
                    if leader is None:
                        # Right over its tick, over no other tick, and the nearest label to the
                        # scale but for labels of ticks at the same x (two values, the same points).
                        assert box[0] <= x <= box[2]
                        others = [float(t.get("x1")) for t, _, _ in labelled if t is not tick]
                        assert not [o for o in others if box[0] < o < box[2] and o != x], text_box(text)
                        same_x = [text_box(t) for tk, _, t in labelled if float(tk.get("x1")) == x and t is not text]
                        if mark(svg, axis) == x:  # the patient's value is this tick's: its reading stands over it too
                            same_x.append(text_box(marked(svg, axis).find(f"{SVG}text[@class='patient-reading']")))
                        low, high = sorted((axis_y, box[1] if box[1] > axis_y else box[3]))
                        between = [b for b in every_label if b[0] < x < b[2] and b[1] < high and low < b[3]]
                        assert all(b in same_x for b in between), (text.text, between)
                        stacked_lines = sum(round((b[3] - b[1] + LINE - ASCENT - DESCENT) / LINE) for b in between)
                        assert high - low < TICK_LENGTH + 3 + stacked_lines * LINE
                        continue
                    # A leader rises straight from the end of its tick to its label ...
                    x1, y1, x2, y2 = (float(leader.get(a)) for a in ("x1", "y1", "x2", "y2"))
                    assert x1 == x2 == x
                    assert y1 in (float(tick.get("y1")), float(tick.get("y2")))
                    beside = not box[0] <= x <= box[2]
                    if beside:  # ... and runs along its nearest line,
                        assert min(abs(box[0] - x), abs(box[2] - x)) <= LEADER_SIDE + 0.1
                        assert box[1] < y2 < box[3]
                    else:  # ... or ends just short of it,
                        assert min(abs(box[1] - y2), abs(box[3] - y2)) <= LEADER_GAP + 0.1
                    # ... crossing no label.
                    low, high = sorted((y1, y2))
                    crossed = [b for b in every_label if b[0] < x < b[2] and b[1] < high and low < b[3]]
                    assert not crossed, (text.text, crossed)


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda d: d.id)
def test_no_label_overlaps_another_or_a_scale_name(definition):
    for prediction in worst_cases(definition):
        for svg in svgs(definition, prediction):
            names = [text_box(text) for text in svg.iter(f"{SVG}text") if text.get("class") == "axis-name"]
            labels = [text_box(text) for text in svg.iter(f"{SVG}text") if text.get("class") != "axis-name"]
            for name in names:
                assert not [label for label in labels if overlap(name, label)], name
            for index, label in enumerate(labels):
                assert not [other for other in labels[index + 1 :] if overlap(label, other)], label


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda d: d.id)
def test_scales_packed_close_keep_each_label_on_its_own_scale(definition):
    def distance(box, y):
        return 0 if box[1] <= y <= box[3] else min(abs(box[1] - y), abs(box[3] - y))

    for prediction in worst_cases(definition):
        for svg in svgs(definition, prediction):
            lines = [
                (axis, *(float(axis.find(f"{SVG}line[@class='axis-line']").get(a)) for a in ("x1", "x2", "y1")))
                for axis in base(svg).findall(f"{SVG}g")
            ]
            for axis, _, _, own_y in lines:
                for _, leader, text in tick_labels(axis):
                    box = text_box(text)
                    under = [y for other, x1, x2, y in lines if other is not axis and x1 < box[2] and box[0] < x2]
                    # No other scale between a label and its own ...
                    assert not [y for y in under if min(box[1], own_y) < y < max(box[3], own_y)], text.text
                    # ... and, but where a leader ties it, none nearer.
                    if leader is None:
                        assert not [y for y in under if distance(box, y) <= distance(box, own_y)], text.text


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
                assert mark.row.top <= reading_y - ASCENT  # the band its scale takes holds its reading
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


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda d: d.id)
def test_a_reading_anywhere_along_its_scale_meets_no_label_of_the_base(definition):
    # The base is laid out once for every patient: the line kept for a reading must stay clear
    # wherever along its scale a patient's mark falls, not only at the golden cases' marks.
    for panel in draw_nomogram(definition, first_case(definition)):
        texts = [label_box(row.name) for row in panel.rows]
        texts += [label_box(tick.label) for row in panel.rows for tick in row.ticks if tick.label]
        for mark in panel.marks:
            ((_, text),) = mark.label.lines
            row = mark.row
            if row.kind == "input" and not definition.input(row.key).is_number:
                # A choice's mark falls on one of its ticks, with that tick's reading.
                texts_at = [_reading(row, tick.x, f"{format_points(tick.value)} pts") for tick in row.ticks]
            else:
                texts_at = [_reading(row, row.x1 + (row.x2 - row.x1) * step / 60, text) for step in range(61)]
            for step, placed in enumerate(texts_at):
                box = label_box(placed.label)
                assert not [other for other in texts if overlap(box, other)], (row.key, text, step)
                assert row.top <= box[1] and box[3] <= row.bottom
