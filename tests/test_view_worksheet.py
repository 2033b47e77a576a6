"""The printable worksheet of every model, awaiting-parameters ones included."""

import html
import subprocess

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from calculator.printing.pdf import render_pdf
from nomograms.registry import all_definitions, get_definition

DEFINITIONS = all_definitions()


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda definition: definition.id)
def test_the_worksheet_lists_every_input_with_its_unit_values_and_meaning(client, definition):
    response = client.get(reverse("worksheet", args=[definition.id]))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for model_input in definition.inputs:
        assert model_input.label in page
        assert model_input.help, f"{definition.id}: {model_input.id} has no one-line definition"
        assert model_input.help in page
        if model_input.unit:
            assert f"({model_input.unit})" in page
        for choice in model_input.choices:
            assert choice.label in page
    rows = page.count('class="worksheet-input"')
    assert rows == sum(not model_input.is_eligibility_question for model_input in definition.inputs)


def test_bounds_are_the_allowed_values_of_a_number():
    page = html.unescape(render_to_string("calculator/worksheet.html", {"definition": get_definition("kattan-2002")}))
    assert "16 to 90 years" in page
    assert "more than 0 and at most 100 cm" in page


def test_the_eligibility_question_comes_first_with_its_answer(client):
    page = html.unescape(client.get(reverse("worksheet", args=["zivanovic-2012"])).content.decode())
    question = get_definition("zivanovic-2012").input("had_surgery")
    assert page.index("First, the eligibility question") < page.index(question.label) < page.index("worksheet-table")
    assert 'The model applies only when the answer is "yes".' in page
    assert question.ineligible_reason in page
    assert "awaiting its parameters" in page


def test_definitions_from_the_specs_explain_the_terms(client):
    gronchi = html.unescape(client.get(reverse("worksheet", args=["gronchi-2013"])).content.decode())
    assert "FNCLCC grade from the pathology report: 1 (low) to 3 (high)." in gronchi
    assert "a sum of 2-3 is grade 1, 4-5 grade 2, 6-8 grade 3" in gronchi
    assert "If the grade is unknown" in gronchi
    zivanovic = html.unescape(client.get(reverse("worksheet", args=["zivanovic-2012"])).content.decode())
    assert "Direct extrauterine spread or locoregional lymph-node involvement." in zivanovic


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda definition: definition.id)
def test_the_worksheet_prints_on_one_page(rf, definition, tmp_path):
    request = rf.get(reverse("worksheet", args=[definition.id]))
    path = tmp_path / "worksheet.pdf"
    path.write_bytes(render_pdf(render_to_string("calculator/worksheet.html", {"definition": definition}, request)))
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info


def test_each_model_page_links_to_its_worksheet(client):
    for definition in DEFINITIONS:
        page = client.get(reverse("model", args=[definition.id])).content.decode()
        assert reverse("worksheet", args=[definition.id]) in page
