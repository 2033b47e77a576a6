import re

import pytest
from django.urls import reverse

from nomograms.registry import get_definition


def test_computable_model_page_has_a_form_generated_from_the_definition(client, kattan):
    response = client.get(reverse("model", args=["kattan-2002"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="{reverse("result", args=["kattan-2002"])}"' in page
    assert 'method="get"' in page
    for model_input in kattan.inputs:
        assert f'name="{model_input.id}"' in page
        assert model_input.label in page
    assert "Age at surgery (years)" in page
    assert "Allowed: 16 to 90 years." in page
    # Choices in published order.
    sites = [page.index(f'value="{choice.value}"') for choice in kattan.input("site").choices]
    assert sites == sorted(sites)


def test_previous_values_are_filled_in_from_the_query(client):
    response = client.get(reverse("model", args=["kattan-2002"]), {"age": "61", "grade": "high"})
    page = response.content.decode()
    assert 'name="age" value="61"' in page
    assert re.search(r'value="high"[^>]*checked', page)


@pytest.mark.parametrize("model_id", ["zivanovic-2012", "callegaro-2016"])
def test_awaiting_model_page_explains_and_has_no_form(client, model_id):
    definition = get_definition(model_id)
    response = client.get(reverse("model", args=[model_id]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<form" not in page
    assert "Its parameters are not installed in this calculator" in page
    assert definition.population.description in page
    for model_input in definition.inputs:
        assert model_input.label in page
    for c_index in definition.performance.c_indices:
        assert str(c_index.value) in page
    official = definition.official_calculator
    assert f'<a href="{official.url}" rel="external noopener" class="alert-link">{official.name}</a>' in page


def test_zivanovic_page_states_its_eligibility_question(client):
    page = client.get(reverse("model", args=["zivanovic-2012"])).content.decode()
    assert "Has the patient had surgery (at least hysterectomy) for uterine leiomyosarcoma?" in page
    assert "Eligibility: the model applies only when the answer is" in page


def test_unknown_model_is_404(client):
    assert client.get(reverse("model", args=["no-such-model"])).status_code == 404
