"""A clinician's path through each computable model in Chromium: fill, submit, read, print.

Driven by each definition's inputs and its first golden case, so a new model is covered by its
definition file and its golden cases alone.
"""

import io
import re
import unicodedata

import pytest
from django.urls import reverse
from django.utils.text import capfirst
from playwright.sync_api import expect
from pypdf import PdfReader

from nomograms.prediction import predict
from nomograms.registry import all_definitions, get_definition

from ..golden import as_text, golden_cases
from ..site_pages import (
    NOT_A_NUMBER,
    computable_definitions,
    first_golden_case,
    first_golden_inputs,
    first_number_input,
    result_url,
    with_a_bad_value,
)
from ..test_view_result_pdf import EXPECTED_WARNINGS, longest_inputs

DEFINITIONS = pytest.mark.parametrize("definition", computable_definitions(), ids=lambda d: d.id)
DISCLAIMER = "Not for clinical decision-making"


def focused(page, prop):
    return page.evaluate(f"document.activeElement.{prop}")


def assert_focus_is_visible(page):
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", f"no visible focus on {focused(page, 'outerHTML')[:120]}"


def tab_to_field(page, name, limit=30):
    """Press Tab from wherever focus is until the field `name` has it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert_focus_is_visible(page)
        if focused(page, "name") == name:
            return
    pytest.fail(f"Tab never reached the field {name!r}")


def type_value(page, model_input, value):
    """Enter one value into the focused field with the keyboard, as a keyboard user would."""
    if model_input.is_number:
        page.keyboard.type(value)
        return
    # Space checks the first radio of a group; each arrow moves the choice down by one.
    page.keyboard.press("Space")
    for _ in range(model_input.choice_values.index(value)):
        page.keyboard.press("ArrowDown")


def shown_percentage_matches(shown, expected, tolerance):
    """`shown` is how the page writes a probability: '41%', '< 1%', '> 99%'."""
    match = re.fullmatch(r"\s*([<>≤≥]?)\s*(\d+)\s*%\s*", shown)
    assert match, f"not a percentage: {shown!r}"
    sign, number = match.group(1), int(match.group(2)) / 100
    slack = 0.005 + tolerance  # whole percentages, and the golden tolerance
    if sign in ("<", "≤"):
        return expected <= number + slack
    if sign in (">", "≥"):
        return expected >= number - slack
    return abs(number - expected) <= slack


def assert_shows_golden_results(page, definition, case, tolerance):
    endpoints = {endpoint.id: endpoint for endpoint in definition.endpoints}
    for endpoint_id, expected in case["outcomes"].items():
        heading = page.get_by_role("heading", name=capfirst(endpoints[endpoint_id].name))
        card = page.locator(".result").filter(has=heading)
        expect(card).to_contain_text(DISCLAIMER)
        shown = card.locator(".result-value").inner_text()
        assert shown_percentage_matches(shown, expected, tolerance), (endpoint_id, shown, expected)


@DEFINITIONS
def test_the_whole_flow_works_with_the_keyboard_alone(site, definition):
    case, tolerance = first_golden_case(definition)
    inputs = first_golden_inputs(definition)
    page = site(reverse("model", args=[definition.id]))

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_visible()
    tab_to_field(page, definition.inputs[0].id)
    for model_input in definition.inputs:
        assert focused(page, "name") == model_input.id
        type_value(page, model_input, inputs[model_input.id])
        page.keyboard.press("Tab")
        assert_focus_is_visible(page)
        if model_input.other_units:
            # Its unit comes next, already on the model's own unit (cm).
            assert focused(page, "name") == f"{model_input.id}_unit"
            assert focused(page, "value") == model_input.unit
            page.keyboard.press("Tab")
            assert_focus_is_visible(page)
    assert focused(page, "type") == "submit"
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/result\?"))
    assert_shows_golden_results(page, definition, case, tolerance)


def fill_form(page, definition, inputs, *, prefix=""):
    """Enter `inputs` in the model's form; `prefix` names a comparison's scenario ("b-")."""
    for model_input in definition.inputs:
        value, name = inputs[model_input.id], f"{prefix}{model_input.id}"
        if model_input.is_number:
            page.locator(f"input[name='{name}']").fill(value)
        else:
            page.locator(f"input[name='{name}'][value='{value}']").check()


def assert_form_holds(page, definition, inputs):
    for model_input in definition.inputs:
        value = inputs[model_input.id]
        if model_input.is_number:
            expect(page.locator(f"input[name='{model_input.id}']")).to_have_value(value)
        else:
            expect(page.locator(f"input[name='{model_input.id}'][value='{value}']")).to_be_checked()


@DEFINITIONS
def test_a_bad_value_shows_its_error_beside_the_field_and_keeps_every_value(site, definition):
    inputs = with_a_bad_value(definition, first_golden_inputs(definition))
    bad = first_number_input(definition)
    page = site(reverse("model", args=[definition.id]))

    fill_form(page, definition, inputs)
    page.get_by_role("button", name="Calculate").click()

    page.wait_for_url(re.compile(r"/result\?"))
    field = page.locator(f"input[name='{bad.id}']")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(f"{NOT_A_NUMBER} is not a number"))
    expect(page.get_by_role("alert")).to_contain_text(f"{NOT_A_NUMBER} is not a number")
    expect(page.locator(".result")).to_have_count(0)
    assert_form_holds(page, definition, inputs)


@DEFINITIONS
def test_change_these_values_brings_back_the_filled_form(site, definition):
    inputs = first_golden_inputs(definition)
    page = site(result_url(definition, inputs))

    page.get_by_role("link", name="Change these values").click()

    expect(page.get_by_role("button", name="Calculate")).to_be_visible()
    assert_form_holds(page, definition, inputs)


@pytest.mark.parametrize(
    ("model_id", "case"), [case[:2] for case in golden_cases()], ids=[case[3] for case in golden_cases()]
)
def test_the_printed_result_fits_on_one_a4_page(site, model_id, case):
    page = site(result_url(get_definition(model_id), as_text(case["inputs"])))

    printed = printed_pages(page)

    assert len(printed) == 1
    assert DISCLAIMER in printed[0]
    assert "Change these values" not in printed[0]


@pytest.mark.parametrize("definition", all_definitions(), ids=lambda d: d.id)
def test_the_printed_worksheet_fits_on_one_a4_page(site, definition):
    printed = printed_pages(site(reverse("worksheet", args=[definition.id])))

    assert len(printed) == 1
    assert definition.inputs[-1].label in printed[0]


def printed_pages(page):
    """The text of each A4 page Chromium prints of `page`, lines joined."""
    page.emulate_media(media="print")
    return [" ".join(printed.extract_text().split()) for printed in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]


@DEFINITIONS
def test_back_from_a_result_returns_to_the_form_with_every_typed_value(site, definition):
    inputs = first_golden_inputs(definition)
    page = site(reverse("model", args=[definition.id]))
    fill_form(page, definition, inputs)
    page.get_by_role("button", name="Calculate").click()
    page.wait_for_url(re.compile(r"/result\?"))

    page.go_back()

    expect(page.get_by_role("button", name="Calculate")).to_be_visible()
    assert_form_holds(page, definition, inputs)


@DEFINITIONS
def test_after_a_refused_value_focus_is_on_the_error_summary(site, definition):
    page = site(result_url(definition, with_a_bad_value(definition, first_golden_inputs(definition))))

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(f"{NOT_A_NUMBER} is not a number")
    expect(summary).not_to_contain_text(f"({first_number_input(definition).id})")


# Every element that prints text outside the drawing, with its printed size in points.
PRINTED_TEXT_SIZES = """() => [...document.querySelectorAll('main *')]
    .filter((el) => !el.closest('svg') && el.offsetParent !== null)
    .filter((el) => [...el.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim()))
    .map((el) => [parseFloat(getComputedStyle(el).fontSize) * 0.75, el.textContent.trim().slice(0, 40)])"""
# Every drawn nomogram's tick labels, with their printed size in points: the drawing scales its
# user units to its printed width.
PRINTED_LABEL_SIZES = """() => [...document.querySelectorAll('.nomogram-svg')].map((svg) =>
    parseFloat(getComputedStyle(svg.querySelector('.tick-label')).fontSize) * 0.75
    * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width)"""
# The width a page lays its content out in (print.css: 9 mm side margins), in CSS pixels.
CONTENT_WIDTH = {"A4": round((210 - 18) / 25.4 * 96), "Letter": round((215.9 - 18) / 25.4 * 96)}


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@DEFINITIONS
def test_the_worst_case_sheet_prints_on_one_page_with_every_warning(site, page, definition, paper):
    inputs = longest_inputs(definition)
    prediction = predict(definition, inputs)
    site(result_url(definition, inputs))
    page.emulate_media(media="print")

    pdf = PdfReader(io.BytesIO(page.pdf(format=paper)))
    # NFKC: the PDF writes "fi" and "ff" as ligatures.
    printed = [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in pdf.pages]

    assert len(printed) == 1
    assert len(prediction.warnings) == EXPECTED_WARNINGS[definition.id]
    for warning in prediction.warnings:
        assert " ".join(warning.split())[:60] in printed[0]
    # Sizes as laid out on this paper: the page's content width.
    page.set_viewport_size({"width": CONTENT_WIDTH[paper], "height": 1000})
    sizes = page.evaluate(PRINTED_TEXT_SIZES)
    too_small = [(size, text) for size, text in sizes if size < 9 - 0.01]
    assert not too_small, too_small[:5]
    labels = page.evaluate(PRINTED_LABEL_SIZES)
    assert len(labels) == len(definition.nomogram_layout)
    assert min(labels) >= 6, labels
