"""Icon arrays: the filled share is the result as shown, and the sentence says so in words."""

import re

import pytest
from django.urls import reverse

from calculator.icons import filled_count, icon_array
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
    assert sum(icon.filled for icon in array.icons) == 41
    assert len(array.icons) == 100
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
            assert discs(figure, "icon-filled") == percent
            assert discs(figure, "icon-empty") == 100 - percent
            assert f"About {percent} of 100 similar patients" in figure


def discs(figure, css_class):
    """How many circles the path of this class draws (each starts with a move), 0 without the path."""
    path = re.search(rf'<path class="{css_class}" d="([^"]*)"', figure)
    return path[1].count("M") if path else 0
