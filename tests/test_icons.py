"""Icon arrays: the filled share is the result as shown, and the sentence says so in words."""

import re

import pytest
from django.urls import reverse

from calculator.icons import ICONS, blocks, filled_count, icon_array
from nomograms.prediction import predict
from nomograms.registry import get_definition

from .golden import as_text, cases_for


@pytest.mark.parametrize(
    ("shown", "filled"),
    [("41%", 41), ("1%", 1), ("99%", 99), ("< 1%", 0), ("> 99%", 100), ("> 95%", 96), ("< 5%", 4)],
)
def test_the_filled_count_keeps_what_the_result_shows_true(shown, filled):
    assert filled_count(shown)[0] == filled


def test_an_event_reads_in_the_endpoints_own_words():
    kattan = get_definition("kattan-2002")
    (result,) = predict(kattan, as_text(cases_for("kattan-2002")[0]["inputs"])).results  # 0.4070
    array = icon_array(result)
    assert array.filled == 41
    assert array.sentence == (
        "About 41 of 100 similar patients would die of sarcoma (or its treatment) within 12 years of surgery."
    )


def test_survival_reads_in_the_endpoints_own_words_and_a_bound_says_fewer_than():
    gronchi = get_definition("gronchi-2013")
    highest = {"age": "16", "size_cm": "30", "grade": "3", "histology": "wdlps", "multifocal": "yes"}
    overall, _ = predict(gronchi, dict(highest, resection="complete")).results
    array = icon_array(overall)
    assert overall.shown == "< 1%"
    assert array.filled == 0
    assert array.sentence == ("Fewer than 1 of 100 similar patients would be alive 7 years after surgery.")


@pytest.mark.parametrize("model_id", ["kattan-2002", "gronchi-2013"])
def test_the_result_page_fills_as_many_icons_as_the_rounded_percentage(client, model_id):
    definition = get_definition(model_id)
    for case in cases_for(model_id):
        inputs = as_text(case["inputs"])
        page = client.get(reverse("result", args=[model_id]), inputs).content.decode()
        figures = re.findall(r'<figure class="icon-array[^"]*" data-filled="(\d+)">(.*?)</figure>', page, re.S)
        shown = [result for result in predict(definition, inputs).results if result.probability is not None]
        assert len(figures) == len(shown)
        for (filled, figure), result in zip(figures, shown, strict=True):
            percent = int(result.shown.rstrip("%"))
            assert int(filled) == percent
            filled_centres, empty_centres = drawn_centres(figure, "filled"), drawn_centres(figure, "empty")
            assert filled_centres == READING_ORDER[:percent]
            assert empty_centres == READING_ORDER[percent:]
            assert f"About {percent} of 100 similar patients" in figure


# The centres of the 10 x 10 icons of a 100-unit drawing, left to right and top to bottom.
READING_ORDER = [(column * 10 + 5, row * 10 + 5) for row in range(10) for column in range(10)]


@pytest.mark.parametrize("count", range(ICONS + 1))
def test_the_blocks_hold_the_first_icons_in_reading_order_filled_and_the_rest_empty(count):
    filled, empty = blocks(count)
    assert len(filled) <= 2 and len(empty) <= 2
    assert cells(filled) == READING_ORDER[:count]
    assert cells(empty) == READING_ORDER[count:]


def cells(blocks_):
    """The centres of a block's icons, block by block and row by row, as the drawing's path visits them."""
    return [
        (column * 10 + 5, row * 10 + 5)
        for block in blocks_
        for row in range(block.row, block.row + block.rows)
        for column in range(block.column, block.column + block.columns)
    ]


def drawn_centres(figure, kind):
    """Where the icon array in this markup draws its filled or empty icons: the vertices of the path
    whose markers are the array's `kind` icon, checked to be that icon: the filled disc or the ring."""
    marker = re.search(rf'<marker id="(icons-[\w-]+-{kind})"[^>]*>(.*?)</marker>', figure)
    css_class, fill = {"filled": ("icon-filled", 'fill="#1f4e79"'), "empty": ("icon-empty", 'fill="none"')}[kind]
    assert re.fullmatch(rf'<circle class="{css_class}" cx="5" cy="5" r="3.6" {fill}[^>]*/>', marker[2])
    assert 'refX="5" refY="5"' in marker[0] and 'markerUnits="userSpaceOnUse"' in marker[0]
    path = re.search(rf'<path d="([^"]*)" fill="none" marker-start="url\(#{marker[1]}\)"[^>]*>', figure)
    if path is None:
        return []
    assert all(f'marker-{at}="url(#{marker[1]})"' in path[0] for at in ("mid", "end"))
    centres = []
    for command, numbers in re.findall(r"([MLh])([^MLh]*)", path[1]):
        if command == "h":
            x, y = centres[-1]
            centres.append((x + int(numbers), y))
        else:
            x, y = numbers.split()
            centres.append((int(x), int(y)))
    return centres
