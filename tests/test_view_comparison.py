"""Compare with…: one model's results for two scenarios side by side, with the difference."""

import html
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.urls import reverse

from nomograms.prediction import predict
from nomograms.registry import get_definition

from . import site_pages
from .golden import as_text, cases_for
from .site_pages import computable_definitions, scenarios
from .test_view_result_pdf import EXPECTED_WARNINGS, longest_inputs, text_of

DEFINITIONS = pytest.mark.parametrize("definition", computable_definitions(), ids=lambda d: d.id)


def comparison_url(model_id, a, b):
    return site_pages.comparison_url(get_definition(model_id), a, b)


def text(response):
    return cell_text(response.content.decode())


def rows(response, table_class):
    """The rows of the page's table `table_class`, each as its cells' text."""
    page = response.content.decode()
    table = page[page.index(table_class) :]
    table = table[: table.index("</table>")]
    body_rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]
    return [[cell_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in body_rows]


def cell_text(cell):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())


KATTAN_HIGH, KATTAN_LOW = (as_text(case["inputs"]) for case in cases_for("kattan-2002")[:2])


def test_what_if_it_were_low_grade_shows_both_results_and_the_difference(client):
    # Golden cases 1 and 2 of kattan-2002 differ in grade alone: 0.4070 (41%) and 0.1600 (16%).
    response = client.get(comparison_url("kattan-2002", KATTAN_HIGH, KATTAN_LOW))

    assert response.status_code == 200
    [endpoint] = rows(response, "comparison-results")
    assert endpoint[0].startswith("12-year probability of sarcoma-specific death")
    assert endpoint[1:] == ["41%", "16%", "\N{MINUS SIGN}25 B is 25 percentage points lower than A."]
    assert "Not for clinical decision-making:" in text(response)


def test_only_the_inputs_that_differ_are_marked(client):
    response = client.get(comparison_url("kattan-2002", KATTAN_HIGH, KATTAN_LOW))

    marked = [row for row in rows(response, "comparison-inputs") if "differs" in row[0]]
    assert marked == [["Grade differs", "High", "Low"]]
    assert response.content.decode().count('class="input-differs"') == 1


@DEFINITIONS
def test_each_scenario_shows_what_the_engine_gives_for_its_golden_case(client, definition):
    a, b = (as_text(case["inputs"]) for case in cases_for(definition.id)[:2])
    response = client.get(comparison_url(definition.id, a, b))

    shown = [row[1:3] for row in rows(response, "comparison-results")]
    expected = zip(predict(definition, a).results, predict(definition, b).results, strict=True)
    for (shown_a, shown_b), (result_a, result_b) in zip(shown, expected, strict=True):
        assert shown_a.startswith(result_a.shown or "Not shown")
        assert shown_b.startswith(result_b.shown or "Not shown")


def test_a_higher_b_is_phrased_as_higher_with_a_plus_sign(client):
    response = client.get(comparison_url("kattan-2002", KATTAN_LOW, KATTAN_HIGH))

    [endpoint] = rows(response, "comparison-results")
    assert endpoint[3] == "+25 B is 25 percentage points higher than A."


def test_the_same_values_make_no_difference(client):
    response = client.get(comparison_url("kattan-2002", KATTAN_HIGH, KATTAN_HIGH))

    [endpoint] = rows(response, "comparison-results")
    assert endpoint[3] == "0 No difference: A and B are the same."
    assert "input-differs" not in response.content.decode()


def test_what_if_the_resection_is_incomplete(client):
    complete = as_text(cases_for("gronchi-2013")[0]["inputs"])
    incomplete = dict(complete, resection="incomplete")
    response = client.get(comparison_url("gronchi-2013", complete, incomplete))

    differences = {row[0]: row[3] for row in rows(response, "comparison-results")}
    disease_free = next(name for name in differences if name.startswith("7-year disease-free"))
    assert differences[disease_free] == "No difference: scenario B has no result for this endpoint."


def test_each_scenario_s_warnings_sit_beside_its_own_number(client):
    definition = get_definition("gronchi-2013")
    worst = longest_inputs(definition)  # every warning the model gives, results beyond both axes
    prediction = predict(definition, worst)
    response = client.get(comparison_url(definition.id, as_text(cases_for(definition.id)[0]["inputs"]), worst))

    results = rows(response, "comparison-results")
    for endpoint_row, result in zip(results, prediction.results, strict=True):
        for warning in prediction.endpoint_warnings[result.endpoint.id]:
            assert " ".join(warning.split()) in endpoint_row[2]
            assert " ".join(warning.split()) not in endpoint_row[1]
    # A: 89% and 68%; B, beyond both printed axes: "< 1%" each, so at least 88 and 67 points lower.
    assert [row[3] for row in results] == [
        "≤ \N{MINUS SIGN}88 B is at least 88 percentage points lower than A.",
        "≤ \N{MINUS SIGN}67 B is at least 67 percentage points lower than A.",
    ]
    page = text(response)
    assert "Warnings about the inputs of scenario B" in page
    assert "Warnings about the inputs of scenario A" not in page
    on_panels = {w for about in prediction.endpoint_warnings.values() for w in about}
    for warning in set(prediction.warnings) - on_panels:
        assert " ".join(warning.split()) in page


def test_both_result_pages_are_linked_and_printed_in_full(client):
    response = client.get(comparison_url("kattan-2002", KATTAN_HIGH, KATTAN_LOW))
    page = html.unescape(response.content.decode())

    permalinks = [urlsplit(url) for url in re.findall(r'<dd class="permalink"><a href="([^"]+)">\1</a>', page)]

    assert len(permalinks) == 2
    for permalink, inputs, shown in zip(permalinks, (KATTAN_HIGH, KATTAN_LOW), ("41%", "16%"), strict=True):
        assert (permalink.scheme, permalink.netloc) == ("http", "testserver")
        assert permalink.path == reverse("result", args=["kattan-2002"])
        assert parse_qs(permalink.query) == parse_qs(urlencode(inputs))
        assert shown in text(client.get(f"{permalink.path}?{permalink.query}"))


def test_a_size_typed_in_millimetres_is_converted_and_said_so(client):
    b = dict(KATTAN_HIGH, size_cm="85", size_cm_unit="mm")
    response = client.get(comparison_url("kattan-2002", KATTAN_HIGH, b))

    expected = predict(get_definition("kattan-2002"), dict(KATTAN_HIGH, size_cm="8.5")).results[0].shown
    assert rows(response, "comparison-results")[0][2] == expected
    assert "Scenario B: Tumour size (largest diameter): 85 mm typed, 8.5 cm used." in text(response)
    assert [row for row in rows(response, "comparison-inputs") if "differs" in row[0]] == [
        ["Tumour size (largest diameter) differs", "7 cm", "8.5 cm"]
    ]


def test_a_refused_value_is_shown_beside_its_field_and_nothing_typed_is_lost(client):
    b = dict(KATTAN_LOW, age="twelve")
    del b["depth"]
    response = client.get(comparison_url("kattan-2002", KATTAN_HIGH, b))
    page = html.unescape(response.content.decode())

    assert response.status_code == 200
    assert "comparison-results" not in page
    assert 'name="b-age" value="twelve"' in page
    assert 'name="a-age" value="50"' in page
    assert re.search(r'name="b-grade" value="low"[^>]*checked', page)
    assert re.search(r'name="a-grade" value="high"[^>]*checked', page)
    assert re.search(r'id="id_b-age_error"[^>]*>\s*<p[^>]*><strong>Age at surgery: twelve is not a number', page)
    assert 'id="id_a-age_error"' in page
    assert "Scenario B: Age at surgery: twelve is not a number" in text(response)
    assert 'href="#id_b-depth_0" class="alert-link"' in page
    assert set(response.context["forms"][1].errors) == {"age", "depth"}
    assert not response.context["forms"][0].errors


def test_compare_with_opens_the_form_with_both_scenarios_filled_in_from_the_result(client):
    result = client.get(reverse("result", args=["kattan-2002"]), KATTAN_HIGH).content.decode()
    [compare] = re.findall(r'href="(/models/kattan-2002/compare\?[^"]*)"', result)

    page = html.unescape(client.get(html.unescape(compare)).content.decode())

    for scenario in "ab":
        assert f'name="{scenario}-age" value="50"' in page
        assert re.search(rf'name="{scenario}-grade" value="high"[^>]*checked', page)
    assert f'action="{reverse("comparison", args=["kattan-2002"])}"' in page


def test_change_these_scenarios_brings_back_each_scenario_as_it_was(client):
    response = client.get(comparison_url("kattan-2002", KATTAN_HIGH, KATTAN_LOW))
    [change] = re.findall(r'href="(/models/kattan-2002/compare\?[^"]*)"', response.content.decode())

    page = html.unescape(client.get(html.unescape(change)).content.decode())

    assert re.search(r'name="a-grade" value="high"[^>]*checked', page)
    assert re.search(r'name="b-grade" value="low"[^>]*checked', page)


def test_a_comparison_is_kept_by_no_cache(client):
    response = client.get(comparison_url("kattan-2002", KATTAN_HIGH, KATTAN_LOW))
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_model_is_not_found_and_one_awaiting_parameters_sends_to_its_page(client):
    assert client.get(reverse("comparison", args=["no-such-model"])).status_code == 404
    assert client.get(reverse("compare", args=["no-such-model"])).status_code == 404
    for name in ("compare", "comparison", "comparison-pdf"):
        response = client.get(reverse(name, args=["zivanovic-2012"]), {"a-age": "50"})
        assert response.status_code == 302
        assert response.url == reverse("model", args=["zivanovic-2012"])


@DEFINITIONS
def test_the_pdf_is_one_page_with_both_results_every_warning_and_both_permalinks(client, definition, tmp_path):
    a, worst = as_text(cases_for(definition.id)[0]["inputs"]), longest_inputs(definition)
    prediction = predict(definition, worst)
    assert len(prediction.warnings) == EXPECTED_WARNINGS[definition.id]

    response = client.get(f"{reverse('comparison-pdf', args=[definition.id])}?{urlencode(scenarios(a, worst))}")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{definition.id}-comparison.pdf"'
    pages, printed = text_of(response.content, tmp_path)
    assert pages == 1
    assert "Not for clinical decision-making:" in printed
    for result in (*predict(definition, a).results, *prediction.results):
        assert result.shown in printed
    for warning in prediction.warnings:
        assert " ".join(warning.split()) in printed
    assert "http://testserver/models/" in printed
    assert definition.sha256 in printed.replace(" ", "")


def test_a_refused_pdf_sends_to_the_comparison_with_the_reasons(client):
    query = urlencode(scenarios(KATTAN_HIGH, dict(KATTAN_LOW, age="twelve")))
    response = client.get(f"{reverse('comparison-pdf', args=['kattan-2002'])}?{query}")
    assert response.status_code == 302
    assert response.url == f"{reverse('comparison', args=['kattan-2002'])}?{query}"
