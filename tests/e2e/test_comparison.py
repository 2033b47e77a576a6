"""Compare with… in Chromium: from a result (its page or the result in place) to the form of two
scenarios, change one value, read both results with the difference, print it on one page."""

import io
import re
import unicodedata
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from nomograms.prediction import predict

from ..golden import as_text, cases_for
from ..site_pages import comparison_url, computable_definitions, first_golden_inputs, result_url
from ..test_view_result_pdf import EXPECTED_WARNINGS, longest_inputs
from .test_calculator_flow import PRINTED_TEXT_SIZES, fill_form

DEFINITIONS = pytest.mark.parametrize("definition", computable_definitions(), ids=lambda d: d.id)


def assert_compares(page, definition, a, b):
    """The comparison shows the engine's results for `a` and `b`, endpoint by endpoint."""
    rows = page.locator(".comparison-results tbody tr")
    results = zip(predict(definition, a).results, predict(definition, b).results, strict=True)
    for index, (result_a, result_b) in enumerate(results):
        cells = rows.nth(index).locator("td")
        expect(cells.nth(0)).to_contain_text(result_a.shown or "Not shown")
        expect(cells.nth(1)).to_contain_text(result_b.shown or "Not shown")


@DEFINITIONS
def test_from_a_result_compare_with_a_changed_value(site, console_errors, definition):
    a = first_golden_inputs(definition)
    b = as_text(cases_for(definition.id)[1]["inputs"])
    page = site(result_url(definition, a))

    page.get_by_role("link", name="Compare with…").click()
    fill_form(page, definition, b, prefix="b-")
    page.get_by_role("button", name="Compare").click()

    page.wait_for_url(re.compile(r"/comparison\?"))
    assert_compares(page, definition, a, b)
    expect(page.locator(".input-differs")).to_have_count(sum(a[name] != b[name] for name in a))
    assert not console_errors, console_errors


def test_the_result_in_place_offers_compare_with_too(site):
    definition = computable_definitions()[0]
    a = first_golden_inputs(definition)
    page = site(reverse("model", args=[definition.id]))
    fill_form(page, definition, a)

    page.locator("#live-result-sheet").get_by_role("link", name="Compare with…").click()

    expect(page.get_by_role("button", name="Compare")).to_be_visible()
    for scenario in ("a", "b"):
        expect(page.locator(f"input[name='{scenario}-{definition.inputs[0].id}']")).to_have_value(
            a[definition.inputs[0].id]
        )


def test_a_refused_value_moves_focus_to_the_summary_and_keeps_what_was_typed(site):
    definition = computable_definitions()[0]
    a = first_golden_inputs(definition)
    number = next(model_input for model_input in definition.inputs if model_input.is_number)
    page = site(f"{reverse('compare', args=[definition.id])}?{urlencode(a)}")

    page.locator(f"input[name='b-{number.id}']").fill("twelve")
    page.get_by_role("button", name="Compare").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Scenario B:")
    field = page.locator(f"input[name='b-{number.id}']")
    expect(field).to_have_value("twelve")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("twelve is not a number"))
    expect(page.locator(f"input[name='a-{number.id}']")).to_have_value(a[number.id])


def test_the_comparison_works_without_javascript(browser, live_server):
    definition = computable_definitions()[0]
    a = first_golden_inputs(definition)
    b = as_text(cases_for(definition.id)[1]["inputs"])
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto(result_url(definition, a))

    page.get_by_role("link", name="Compare with…").click()
    fill_form(page, definition, b, prefix="b-")
    page.get_by_role("button", name="Compare").click()

    page.wait_for_url(re.compile(r"/comparison\?"))
    assert_compares(page, definition, a, b)
    context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@DEFINITIONS
def test_the_worst_case_comparison_prints_on_one_page_with_both_permalinks(site, page, definition, paper):
    a, worst = first_golden_inputs(definition), longest_inputs(definition)
    prediction = predict(definition, worst)
    site(comparison_url(definition, a, worst))
    permalinks = page.locator(".permalink").all_inner_texts()
    page.emulate_media(media="print")

    pdf = PdfReader(io.BytesIO(page.pdf(format=paper)))
    # NFKC: the PDF writes "fi" and "ff" as ligatures. Long addresses break across lines.
    printed = [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in pdf.pages]

    assert len(printed) == 1
    assert "Not for clinical decision-making" in printed[0]
    assert "Change these scenarios" not in printed[0]
    assert len(prediction.warnings) == EXPECTED_WARNINGS[definition.id]
    for warning in prediction.warnings:
        assert " ".join(warning.split())[:60] in printed[0]
    assert len(permalinks) == 2
    for permalink in permalinks:
        assert permalink.replace(" ", "") in printed[0].replace(" ", "")
    sizes = page.evaluate(PRINTED_TEXT_SIZES)
    too_small = [(size, text) for size, text in sizes if size < 9 - 0.01]
    assert not too_small, too_small[:5]
