"""The result sheet as a PDF: one page, with the result, its warnings and the disclaimer."""

import re
import subprocess
from urllib.parse import urlencode

import pytest
from django.templatetags.static import static
from django.urls import reverse
from weasyprint import CSS, HTML

from calculator.printing.pdf import BASE_URL, StaticFilesFetcher
from nomograms.prediction import predict
from nomograms.registry import all_definitions

COMPUTABLE = [definition for definition in all_definitions() if definition.computable]

# Beyond the longest labels, the values that raise every warning a model can give: for
# kattan-2002 a superficial visceral tumour of 100 cm (two plausibility rules); for gronchi-2013
# an adolescent (soft limit), a well-differentiated liposarcoma of grade 3 (plausibility) and
# totals beyond both printed probability axes.
WARNING_VALUES = {
    "kattan-2002": {"age": "90", "size_cm": "100", "site": "visceral", "depth": "superficial"},
    "kattan-2003": {"age": "89.5", "size_cm": "100"},
    "gronchi-2013": {"age": "16", "size_cm": "30", "grade": "3", "histology": "wdlps", "multifocal": "yes"},
}
EXPECTED_WARNINGS = {"kattan-2002": 2, "kattan-2003": 0, "gronchi-2013": 4}


def longest_inputs(definition):
    """The longest label of every choice, with the values that raise the most warnings."""
    inputs = {
        model_input.id: max(model_input.choices, key=lambda choice: len(choice.label)).value
        for model_input in definition.inputs
        if not model_input.is_number
    }
    return {**inputs, **WARNING_VALUES[definition.id]}


def text_of(pdf, tmp_path):
    path = tmp_path / "result.pdf"
    path.write_bytes(pdf)
    pages = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", pages, re.M)[1]), " ".join(text.split())


def test_every_computable_model_has_its_worst_case():
    assert set(WARNING_VALUES) == {definition.id for definition in COMPUTABLE}


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda definition: definition.id)
def test_the_pdf_is_one_page_with_the_results_the_warnings_and_the_disclaimer(client, definition, tmp_path):
    inputs = longest_inputs(definition)
    prediction = predict(definition, inputs)
    assert len(prediction.warnings) == EXPECTED_WARNINGS[definition.id]
    response = client.get(reverse("result-pdf", args=[definition.id]), inputs)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{definition.id}-result.pdf"'
    pages, text = text_of(response.content, tmp_path)
    assert pages == 1
    assert "Not for clinical decision-making:" in text
    assert definition.title in text
    for result in prediction.results:
        assert result.endpoint.name.capitalize() in text
        assert result.shown in text
    for warning in prediction.warnings:
        assert " ".join(warning.split()) in text
    assert "Case reference" in text
    assert "Reviewed by" in text
    assert definition.sha256 in text.replace(" ", "")


@pytest.mark.parametrize("definition", COMPUTABLE, ids=lambda definition: definition.id)
def test_laid_out_on_us_letter_the_sheet_is_one_page_too(client, definition, tmp_path):
    # The PDF is A4 (calculator/printing/pdf.py); the sheet fits the shorter Letter page as well,
    # which WeasyPrint shows when told the paper is Letter. The result page is the PDF's template.
    inputs = longest_inputs(definition)
    html = client.get(reverse("result", args=[definition.id]), inputs).content.decode()
    letter = CSS(string="@page { size: letter !important; }")
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf(stylesheets=[letter])
    pages, text = text_of(pdf, tmp_path)
    assert pages == 1
    assert "Reviewed by" in text
    for warning in predict(definition, inputs).warnings:
        assert " ".join(warning.split()) in text


def test_the_result_page_links_to_its_pdf_with_the_same_inputs(client):
    definition = COMPUTABLE[0]
    inputs = longest_inputs(definition)
    page = client.get(reverse("result", args=[definition.id]), inputs).content.decode()
    pdf_url = f"{reverse('result-pdf', args=[definition.id])}?{urlencode(inputs)}".replace("&", "&amp;")
    assert pdf_url in page
    assert "data-print-button hidden" in page


def test_bad_inputs_go_back_to_the_result_page_which_explains_them(client):
    definition = COMPUTABLE[0]
    inputs = dict(longest_inputs(definition), age="twelve")
    response = client.get(reverse("result-pdf", args=[definition.id]), inputs)
    assert response.status_code == 302
    assert response.url == f"{reverse('result', args=[definition.id])}?{urlencode(inputs)}"


def test_a_model_awaiting_parameters_has_no_pdf(client):
    response = client.get(reverse("result-pdf", args=["zivanovic-2012"]))
    assert response.status_code == 302
    assert response.url == reverse("model", args=["zivanovic-2012"])


def test_the_pdf_reads_static_files_only_and_never_the_network():
    fetcher = StaticFilesFetcher()
    stylesheet = fetcher.fetch("http://calculator.invalid" + static("css/print.css"))
    assert b"@page" in stylesheet.read()
    stylesheet.close()
    with pytest.raises(ValueError, match="not fetched"):
        fetcher.fetch("https://example.org/elsewhere/print.css")


def test_past_its_limit_an_address_is_told_when_to_ask_for_a_pdf_again(client, settings):
    settings.PDF_RATE_LIMIT = 1
    url = reverse("result-pdf", args=["kattan-2002"])
    # Refused inputs are sent back to the result page without a PDF being made, and still count.
    assert client.get(url, {"age": "200"}).status_code == 302
    response = client.get(url, {"age": "200"})
    page = response.content.decode()
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "This site makes at most 1 PDF result sheets a minute for one address." in page
    assert f"Try again in {response['Retry-After']} seconds." in page
    assert client.get(url, {"age": "200"}, REMOTE_ADDR="192.0.2.9").status_code == 302
