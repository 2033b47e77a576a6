"""The model page as a workspace in Chromium: the result appears beside the form as soon as every
value can be used and follows every change, without leaving the page; the address bar holds the
model page with those values, which opens the same again; a value that cannot be used is marked
beside its field and the result shown is marked as not current. Without JavaScript the form still
opens the result page."""

import re
from urllib.parse import urlencode

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from calculator.audit.models import AuditRecord
from nomograms.inputs import InvalidValue

from ..site_pages import NOT_A_NUMBER, first_golden_case, first_golden_inputs, first_number_input
from .test_accessibility import BLOCKING_IMPACTS, describe
from .test_calculator_flow import DEFINITIONS, assert_shows_golden_results, fill_form, printed_pages

AXE = Axe()


def open_model_page(site, definition):
    page = site(reverse("model", args=[definition.id]))
    # Gone if the browser ever loads another page: proof the result came without leaving this one.
    page.evaluate("window.sameDocument = true")
    return page


def live_result(page):
    return page.locator("#live-result-sheet")


def assert_still_the_same_document(page):
    assert page.evaluate("window.sameDocument === true"), "the browser left the model page"


def assert_address_is(page, definition, inputs):
    """The model page with these values (and each number's unit), in whatever order: opened again, it
    shows the same form and result."""
    each_value = "".join(rf"(?=(?:.*&)?{re.escape(urlencode({name: value}))}(?:&|$))" for name, value in inputs.items())
    expect(page).to_have_url(re.compile(re.escape(reverse("model", args=[definition.id])) + r"\?" + each_value))


def another_number(definition, inputs):
    """The first number input moved by one, staying inside its allowed values."""
    model_input = first_number_input(definition)
    value = float(inputs[model_input.id])
    try:
        model_input.parse(f"{value + 1:g}")
        moved = value + 1
    except InvalidValue:
        moved = value - 1
    return dict(inputs, **{model_input.id: f"{moved:g}"})


def axe_blocking(page):
    return [v for v in AXE.run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS]


@DEFINITIONS
def test_the_result_appears_beside_the_form_once_every_value_is_filled(site, console_errors, definition):
    case, tolerance = first_golden_case(definition)
    inputs = first_golden_inputs(definition)
    page = open_model_page(site, definition)
    expect(page.locator("#live-result-status")).to_have_text(re.compile("as soon as every value is filled in"))

    fill_form(page, definition, inputs)

    expect(live_result(page).locator(".result")).to_have_count(len(case["outcomes"]))
    assert_shows_golden_results(page, definition, case, tolerance)
    assert_address_is(page, definition, inputs)
    assert_still_the_same_document(page)
    expect(page.get_by_role("button", name="Calculate")).to_be_visible()
    assert not console_errors, console_errors


@DEFINITIONS
def test_a_change_updates_the_result_and_the_address_and_focus_stays(site, console_errors, definition):
    inputs = first_golden_inputs(definition)
    changed = another_number(definition, inputs)
    name = first_number_input(definition).id
    page = open_model_page(site, definition)
    fill_form(page, definition, inputs)
    assert_address_is(page, definition, inputs)
    inputs_table = live_result(page).locator("section[aria-labelledby='inputs-heading']")

    field = page.locator(f"input[name='{name}']")
    field.fill(changed[name])
    field.dispatch_event("change")

    assert_address_is(page, definition, changed)
    expect(inputs_table).to_contain_text(changed[name])
    expect(field).to_be_focused()
    assert_still_the_same_document(page)
    assert not console_errors, console_errors


@DEFINITIONS
def test_a_change_replaces_only_the_patients_parts_and_moves_only_the_marks(site, console_errors, definition):
    inputs = first_golden_inputs(definition)
    changed = another_number(definition, inputs)
    name = first_number_input(definition).id
    page = open_model_page(site, definition)
    fill_form(page, definition, inputs)
    bases = live_result(page).locator("g.nomogram-base")
    expect(bases).to_have_count(len(definition.nomogram_layout))
    # Marks each drawing node, and the parts the same for every patient: a node built again from the
    # answer would not carry the mark.
    kept_nodes = "#live-result-sheet :is(g.nomogram-base, .provenance, .sheet-signoff, #patient-nomogram-heading)"
    page.evaluate(f"document.querySelectorAll('{kept_nodes}').forEach((node) => {{ node.kept = true; }})")
    marks_before = live_result(page).locator(".patient-mark").evaluate_all("(ms) => ms.map((m) => m.dataset.x)")
    asked = []
    result_url = reverse("result", args=[definition.id])
    page.on("request", lambda request: result_url in request.url and asked.append(request.headers.get("nomogram-base")))

    field = page.locator(f"input[name='{name}']")
    field.fill(changed[name])
    field.dispatch_event("change")

    assert_address_is(page, definition, changed)
    expect(live_result(page).locator("section[aria-labelledby='inputs-heading']")).to_contain_text(changed[name])
    assert asked == [bases.first.get_attribute("data-nomogram-base")]
    assert page.evaluate(f"[...document.querySelectorAll('{kept_nodes}')].every((node) => node.kept)")
    assert page.evaluate(f"document.querySelectorAll('{kept_nodes}').length") == len(definition.nomogram_layout) + 3
    expect(bases.first.locator("g.axis").first).to_be_attached()
    expect(bases).to_have_count(len(definition.nomogram_layout))
    marks_after = live_result(page).locator(".patient-mark").evaluate_all("(ms) => ms.map((m) => m.dataset.x)")
    assert marks_after != marks_before
    assert not console_errors, console_errors


@DEFINITIONS
def test_a_value_that_cannot_be_used_is_marked_and_the_result_is_not_current(site, console_errors, definition):
    inputs = first_golden_inputs(definition)
    name = first_number_input(definition).id
    page = open_model_page(site, definition)
    fill_form(page, definition, inputs)
    expect(live_result(page).locator(".result").first).to_be_visible()
    stale_notice = page.locator(".live-result-stale")
    expect(stale_notice).to_be_hidden()

    field = page.locator(f"input[name='{name}']")
    field.fill(NOT_A_NUMBER)

    expect(field).to_have_accessible_description(re.compile(f"{NOT_A_NUMBER} is not a number"))
    expect(stale_notice).to_be_visible()
    expect(stale_notice).to_contain_text("Not current")
    expect(page.locator("#live-result-status")).to_contain_text("cannot be used")
    expect(live_result(page).get_by_role("button", name="Save for audit")).to_be_hidden()
    expect(live_result(page).get_by_role("link", name="Download PDF")).to_be_hidden()
    expect(field).to_be_focused()
    assert not axe_blocking(page), describe(axe_blocking(page))

    field.fill(inputs[name])

    expect(stale_notice).to_be_hidden()
    expect(page.locator(f"#id_{name}_error")).to_be_empty()
    expect(live_result(page).get_by_role("button", name="Save for audit")).to_be_visible()
    assert_still_the_same_document(page)
    assert not console_errors, console_errors


@DEFINITIONS
def test_fields_not_yet_reached_show_no_message(site, definition):
    page = open_model_page(site, definition)
    first = first_number_input(definition)

    page.locator(f"input[name='{first.id}']").fill("50")

    expect(page.locator("#live-result-status")).to_contain_text("as soon as every value is filled in")
    expect(page.locator(".field-error:not(:empty)")).to_have_count(0)
    expect(live_result(page)).to_be_empty()


@DEFINITIONS
def test_the_result_region_is_announced_politely_and_passes_axe_in_both_colour_schemes(site, definition):
    page = open_model_page(site, definition)
    expect(page.locator("#live-result-status")).to_have_attribute("role", "status")
    fill_form(page, definition, first_golden_inputs(definition))
    expect(live_result(page).locator(".result").first).to_be_visible()

    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert not axe_blocking(page), f"{scheme}: {describe(axe_blocking(page))}"


@DEFINITIONS
def test_print_pdf_and_save_work_from_the_result_in_place(site, console_errors, definition):
    inputs = first_golden_inputs(definition)
    page = open_model_page(site, definition)
    fill_form(page, definition, inputs)
    sheet = live_result(page)
    expect(sheet.get_by_role("button", name="Print")).to_be_visible()
    expect(sheet.get_by_role("link", name="Download PDF")).to_have_attribute(
        "href", re.compile(re.escape(reverse("result-pdf", args=[definition.id]) + "?"))
    )

    printed = printed_pages(page)
    assert len(printed) == 1
    assert "Not for clinical decision-making" in printed[0]
    assert "Patient values" not in printed[0]

    page.emulate_media(media="screen")
    sheet.get_by_role("button", name="Save for audit").click()
    expect(page.get_by_role("status").filter(has_text=re.compile("Saved for audit as record"))).to_be_visible()
    record = AuditRecord.objects.get()
    assert record.model_id == definition.id
    assert not console_errors, console_errors


@DEFINITIONS
def test_without_javascript_the_form_opens_the_result_page(browser, live_server, definition):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    inputs = first_golden_inputs(definition)
    page.goto(live_server.url + reverse("model", args=[definition.id]))
    expect(page.locator(".live-result")).to_be_hidden()

    fill_form(page, definition, inputs)
    page.get_by_role("button", name="Calculate").click()

    page.wait_for_url(re.compile(r"/result\?"))
    case, tolerance = first_golden_case(definition)
    assert_shows_golden_results(page, definition, case, tolerance)
    context.close()
