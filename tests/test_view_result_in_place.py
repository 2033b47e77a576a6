"""The result URL asked by the model page with htmx (HX-Request): the result sheet alone, from the
same include as the result page, or each typed value's message for its slot beside the field."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

from django.urls import clear_script_prefix, reverse, set_script_prefix

from calculator.forms import definition_fields
from nomograms.registry import get_definition

from .golden import as_text, cases_for

CASE = cases_for("kattan-2002")[0]
URL = reverse("result", args=["kattan-2002"])
HTMX = {"HTTP_HX_REQUEST": "true"}


def per_request_parts_blanked(page):
    """The page without what differs between two requests: the CSRF token and the time."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    return re.sub(r"<time [^>]*>[^<]*</time>", "", page)


def slot(page, name):
    """The contents of a field's message slot, as sent out of band."""
    match = re.search(rf'<div id="id_{name}_error" class="[^"]*" hx-swap-oob="true">(.*?)</div>', page)
    assert match, f"no out-of-band slot for {name}"
    return html.unescape(match.group(1))


def test_in_place_the_result_is_the_sheet_of_the_result_page_without_the_page(client):
    inputs = as_text(CASE["inputs"])
    fragment = per_request_parts_blanked(client.get(URL, inputs, **HTMX).content.decode())
    page = per_request_parts_blanked(client.get(URL, inputs).content.decode())

    assert "<html" not in fragment
    assert "<html" in page
    sheet = fragment[fragment.index('<div class="result-sheet">') : fragment.index('<p id="live-result-status"')]
    assert sheet.strip() in page
    assert "41%" in sheet
    assert 'id="live-result-state" data-current="true"' in fragment
    assert '<div hx-swap-oob="innerHTML:.workspace-form .field-error"></div>' in fragment  # every message cleared


def test_in_place_every_answer_names_the_model_page_with_its_values_for_the_address_bar(client):
    model_page = reverse("model", args=["kattan-2002"])
    for inputs in (as_text(CASE["inputs"]), dict(as_text(CASE["inputs"]), size_cm="seven"), {"age": "50"}):
        response = client.get(URL, inputs, **HTMX)
        assert response["Workspace-Address"] == f"{model_page}?{urlencode(inputs)}"
        assert "HX-Replace-Url" not in response  # htmx would update the history before the swap, twice
    assert "Workspace-Address" not in client.get(URL, as_text(CASE["inputs"]))


def test_the_sheet_in_place_carries_nothing_for_htmx_to_set_up(client):
    # static/js/print.js's replace-sheet swap does not hand the new sheet to htmx to process, so an
    # htmx attribute in it would silently do nothing.
    fragment = client.get(URL, as_text(CASE["inputs"]), **HTMX).content.decode()
    out_of_band = fragment.index('<p id="live-result-status"')
    sheet = fragment[fragment.index('<div class="result-sheet">') : out_of_band]
    htmx_attribute = re.compile(r"\s(data-)?hx-[\w:.-]*[\s=>]")

    assert 'class="result-value' in sheet
    assert not htmx_attribute.search(sheet)
    assert htmx_attribute.search(fragment[out_of_band:])  # the pattern does find the status line's


def test_the_result_url_varies_on_the_htmx_header_for_caches(client):
    inputs = as_text(CASE["inputs"])

    assert "HX-Request" in client.get(URL, inputs)["Vary"]
    assert "HX-Request" in client.get(URL, inputs, **HTMX)["Vary"]
    assert "HX-Request" in client.get(URL, inputs, **HTMX)["Vary"]  # answered from the cache


def test_in_place_a_refused_value_gets_its_message_and_nothing_else_is_swapped(client):
    inputs = dict(as_text(CASE["inputs"]), size_cm="seven")
    response = client.get(URL, inputs, **HTMX)
    page = response.content.decode()

    assert response["HX-Reswap"] == "none"
    assert "seven is not a number" in slot(page, "size_cm")
    assert slot(page, "age") == ""
    assert 'id="live-result-state" data-current="false"' in page
    assert "cannot be used" in page
    assert 'class="result-sheet"' not in page


def test_in_place_fields_not_yet_filled_get_no_message(client):
    response = client.get(URL, {"age": "50"}, **HTMX)
    page = response.content.decode()

    assert all(slot(page, model_input) == "" for model_input in CASE["inputs"])
    assert "as soon as every value is filled in" in page
    assert 'id="live-result-state" data-current="false"' in page


def test_without_htmx_a_refused_value_still_rerenders_the_whole_form(client):
    inputs = dict(as_text(CASE["inputs"]), size_cm="seven")
    page = html.unescape(client.get(URL, inputs).content.decode())

    assert "<html" in page
    assert re.search(r'<div id="id_size_cm_error"[^>]*><p class="mb-0"><strong>[^<]*seven is not a number', page)
    assert 'aria-describedby="id_size_cm_helptext id_size_cm_error"' in page


def nomogram_base_keys(page):
    """The key of each unmarked nomogram a page holds, and of each it was told to take from the page."""
    drawn = re.findall(r'data-nomogram-base="([^"]+)" data-panel="\d+">', page)
    from_page = re.findall(r'data-nomogram-base="([^"]+)" data-panel="\d+" data-in-page="true">', page)
    return drawn, from_page


def test_in_place_the_unmarked_nomogram_is_left_out_when_the_page_says_it_holds_it(client):
    inputs = as_text(CASE["inputs"])
    first = client.get(URL, inputs, **HTMX).content.decode()
    (key,), () = nomogram_base_keys(first)
    (panel,) = get_definition("kattan-2002").nomogram_layout
    # The points scale, the inputs', the total's, and one probability scale per grade.
    assert first.count('class="axis axis-') == 1 + len(panel.inputs) + 1 + len(panel.probabilities)
    other_patient = dict(inputs, age=str(int(inputs["age"]) + 1))

    response = client.get(URL, other_patient, HTTP_NOMOGRAM_BASE=key, **HTMX)
    page = response.content.decode()

    assert nomogram_base_keys(page) == ([], [key])
    assert 'class="axis ' not in page
    assert 'class="tick"' not in page
    assert page.count('class="patient-mark"') == len(panel.inputs) + 2  # the inputs, the total, the patient's grade
    assert "41%" in page
    assert "Nomogram-Base" in response["Vary"]


class SheetParts(HTMLParser):
    """Each element of a page marked data-sheet-part: {name: its markup, start tag to end tag}."""

    VOID = frozenset({"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self, page):
        super().__init__(convert_charrefs=False)
        self.page, self.parts, self.open = page, {}, []
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", page))]
        self.feed(page)

    def at(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs).get("data-sheet-part"), self.at()))

    def handle_endtag(self, tag):
        _, part, start = self.open.pop()
        if part:
            self.parts[part] = self.page[start : self.page.index(">", self.at()) + 1]


def test_over_a_sheet_of_the_same_version_only_the_patients_parts_are_sent_as_its_result_page_has_them(client):
    inputs = as_text(CASE["inputs"])
    (key,), () = nomogram_base_keys(client.get(URL, inputs, **HTMX).content.decode())
    other_patient = dict(inputs, age=str(int(inputs["age"]) + 1), size_cm="40")

    patch = per_request_parts_blanked(client.get(URL, other_patient, HTTP_NOMOGRAM_BASE=key, **HTMX).content.decode())
    result_page = per_request_parts_blanked(client.get(URL, other_patient).content.decode())
    full_sheet = per_request_parts_blanked(client.get(URL, other_patient, **HTMX).content.decode())

    parts = SheetParts(patch).parts
    assert "data-sheet-patch" in patch and "data-sheet-patch" not in full_sheet
    assert parts.keys() == SheetParts(result_page).parts.keys()
    patients_parts = {"actions", "results", "input-warnings", "nomogram-1", "points", "inputs", "save", "calculated"}
    assert set(parts) == patients_parts
    for name, markup in parts.items():
        if name != "nomogram-1":  # its unmarked drawing is the page's
            assert markup in result_page, name
    # What is the same for every patient stays on the page: headings, notices, provenance, sign-off.
    for same_for_everyone in ("Provenance", "Reviewed by", "The nomogram, with this patient marked"):
        assert same_for_everyone in full_sheet
        assert same_for_everyone not in patch
    assert patch.count("Not for clinical decision-making") == full_sheet.count("Not for clinical decision-making") - 1


def test_in_place_the_unmarked_nomogram_is_sent_to_a_page_without_it_or_with_another_version(client):
    inputs = as_text(CASE["inputs"])
    for headers in ({}, {"HTTP_NOMOGRAM_BASE": "0123456789abcdef-en-gb-0.0.0"}):
        page = client.get(URL, inputs, **headers, **HTMX).content.decode()
        drawn, from_page = nomogram_base_keys(page)
        assert len(drawn) == 1
        assert from_page == []
        assert 'class="tick"' in page


def test_the_result_page_always_carries_its_unmarked_nomogram(client):
    inputs = as_text(CASE["inputs"])
    (key,), () = nomogram_base_keys(client.get(URL, inputs, **HTMX).content.decode())
    page = client.get(URL, inputs, HTTP_NOMOGRAM_BASE=key).content.decode()
    assert nomogram_base_keys(page) == ([key], [])


def test_the_sheets_links_follow_the_prefix_the_site_is_served_under(client):
    # The sheet's templates keep each URL they reverse (calculator/jinja2.py); a site mounted under a
    # prefix must still get its own.
    inputs = as_text(CASE["inputs"])
    other_patient = dict(inputs, age=str(int(inputs["age"]) + 1))
    set_script_prefix("/nomograms/")  # as Django's WSGI handler does from SCRIPT_NAME; the test client does not
    try:
        under_prefix = client.get(URL, inputs, **HTMX).content.decode()
    finally:
        clear_script_prefix()
    at_root = client.get(URL, other_patient, **HTMX).content.decode()

    compare = reverse("compare", args=["kattan-2002"])
    assert f'href="/nomograms{compare}?' in under_prefix
    assert f'href="{compare}?' in at_root
    assert 'href="/nomograms' not in at_root


def test_forms_checked_or_shown_change_only_their_own_copies_of_the_kept_fields(client):
    kept = definition_fields(get_definition("kattan-2002"))

    def state():
        return {name: (field.widget, dict(field.widget.attrs), vars(field).get("unit")) for name, field in kept.items()}

    as_built = state()
    refused_in_mm = dict(as_text(CASE["inputs"]), size_cm="seven", size_cm_unit="mm")

    client.get(URL, refused_in_mm, **HTMX)  # checked: its messages go out of band
    shown = [per_request_parts_blanked(client.get(URL, refused_in_mm).content.decode()) for _ in range(2)]
    client.get(URL, as_text(CASE["inputs"]))  # the result page, its form shown
    client.get(reverse("compare", args=["kattan-2002"]), as_text(CASE["inputs"]))  # two scenario forms

    assert state() == as_built
    # crispy-forms' classes and each form's aria-describedby are written once, into that form's copies
    assert shown[0] == shown[1]
    assert shown[0].count('aria-describedby="id_size_cm_helptext id_size_cm_error"') == 1
