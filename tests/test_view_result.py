import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

from nomograms.inputs import Input
from nomograms.registry import get_definition

from .audit import database_down, sign_in
from .golden import as_text, cases_for
from .test_view_result_pdf import longest_inputs

CASE = cases_for("kattan-2002")[0]
URL = reverse("result", args=["kattan-2002"])


def test_result_names_the_endpoint_and_shows_the_disclaimer_beside_it(client):
    response = client.get(URL, as_text(CASE["inputs"]))
    page = response.content.decode()
    assert response.status_code == 200
    card = page[page.index('class="result card') :]
    card = card[: card.index("</section>")]
    assert "12-year probability of sarcoma-specific death" in card
    assert "41%" in card
    assert "Not for clinical decision-making:" in card


def test_result_echoes_the_inputs_and_shows_provenance(client, kattan):
    page = html.unescape(client.get(URL, as_text(CASE["inputs"])).content.decode())
    assert "50 years" in page
    assert "7 cm" in page
    assert "Malignant fibrous histiocytoma" in page
    assert "Lower extremity" in page
    assert "doi:10.1200/JCO.2002.20.3.791" in page
    assert kattan.sha256 in page
    assert "Model version</dt>" in page
    assert f"{kattan.version}, fingerprint SHA-256" in page
    assert ".toml" not in page
    assert "exact" in page
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", page)


def test_a_bad_value_rerenders_the_form_with_its_error_and_keeps_everything_typed(client):
    inputs = dict(as_text(CASE["inputs"]), age="95", size_cm="seven")
    response = client.get(URL, inputs)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "<form" in page
    assert "prediction" not in response.context
    assert "95 is outside the allowed range, 16 to 90 years" in page
    assert "seven is not a number" in page
    assert 'name="age" value="95"' in page
    assert 'name="size_cm" value="seven"' in page
    assert re.search(r'value="lower_extremity"[^>]*checked', page)
    assert re.search(r'value="mfh"[^>]*checked', page)
    errors = response.context["form"].errors
    assert set(errors) == {"age", "size_cm"}


def test_awaiting_model_result_sends_the_user_to_its_page(client):
    response = client.get(reverse("result", args=["zivanovic-2012"]), {"age": "50"})
    assert response.status_code == 302
    assert response.url == reverse("model", args=["zivanovic-2012"])


def test_the_result_url_is_a_permalink_without_side_effects(client):
    # No database fixture: pytest-django fails the request if the view touches the database.
    first = client.get(URL, as_text(CASE["inputs"]))
    second = client.get(URL, as_text(CASE["inputs"]))
    assert first.status_code == second.status_code == 200
    assert "41%" in second.content.decode()


def test_the_points_table_says_where_its_points_come_from(client):
    kattan = client.get(URL, as_text(CASE["inputs"])).content.decode()
    assert "Points on the nomogram, derived from the published coefficients" in kattan
    gronchi_case = as_text(cases_for("gronchi-2013")[0]["inputs"])
    gronchi = client.get(reverse("result", args=["gronchi-2013"]), gronchi_case).content.decode()
    assert "Points, as read on the printed nomogram" in gronchi


def test_the_error_summary_links_to_each_refused_field(client):
    inputs = dict(as_text(CASE["inputs"]), age="95")
    del inputs["grade"]
    page = client.get(URL, inputs).content.decode()
    for target in ("id_age", "id_grade_0"):
        assert f'href="#{target}" class="alert-link"' in page
        assert f'id="{target}"' in page


def test_a_result_parses_each_input_once(client, monkeypatch):
    """The form's fields parse the inputs; scoring takes their values as they are."""
    parsed = []
    parse = Input.parse

    def counting_parse(model_input, raw, **kwargs):
        parsed.append(model_input.id)
        return parse(model_input, raw, **kwargs)

    monkeypatch.setattr(Input, "parse", counting_parse)
    assert "41%" in client.get(URL, as_text(CASE["inputs"])).content.decode()
    assert sorted(parsed) == sorted(CASE["inputs"])


@pytest.mark.django_db(transaction=True)
def test_result_pages_work_for_a_signed_in_user_while_the_database_is_down(client, django_user_model):
    sign_in(client, django_user_model.objects.create_user("registrar", password="a long passphrase 1"))
    with database_down():
        computed = client.get(URL, as_text(CASE["inputs"]))
        from_the_cache = client.get(URL, as_text(CASE["inputs"]))
    for response in (computed, from_the_cache):
        assert response.status_code == 200
        assert "41%" in response.content.decode()
    # The session was neither deleted nor overwritten: still signed in once the database is back.
    assert settings.SESSION_COOKIE_NAME in client.cookies
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] != 0
    assert client.get(reverse("audit:record_list")).status_code == 403  # signed in, not staff


def test_each_drawn_nomogram_is_titled_and_one_that_does_not_apply_says_so(client):
    inputs = dict(as_text(cases_for("gronchi-2013")[0]["inputs"]), resection="incomplete")
    page = html.unescape(client.get(reverse("result", args=["gronchi-2013"]), inputs).content.decode())
    assert '<figcaption class="nomogram-title">Nomogram: 7-year overall survival</figcaption>' in page
    assert "Nomogram: 7-year disease-free survival <strong" in page
    assert "Does not apply to this patient: disease-free survival is only defined after" in page
    assert page.count("nomogram-not-applicable") >= 1


def test_points_are_shown_whole_or_to_one_decimal(client):
    inputs = as_text(cases_for("gronchi-2013")[4]["inputs"])  # 102.825 points on the OS nomogram
    page = client.get(reverse("result", args=["gronchi-2013"]), inputs).content.decode()
    assert "<strong>102.8</strong>" in page
    assert "102.825" not in page.replace('data-value="102.825"', "")


def test_each_warning_sits_on_the_card_of_the_number_it_qualifies(client):
    inputs = longest_inputs(get_definition("gronchi-2013"))  # every warning the model gives
    page = " ".join(
        html.unescape(client.get(reverse("result", args=["gronchi-2013"]), inputs).content.decode()).split()
    )
    cards = page.split('class="result card')[1:]
    os_card, dfs_card = cards[0], cards[1][: cards[1].index("</section>")]
    assert "7-year overall survival: a total of" in os_card.split('class="result card')[0]
    assert "7-year disease-free survival: a total of" not in os_card
    assert "7-year disease-free survival: a total of" in dfs_card
    inputs_box = page[page.index('id="warnings-heading"') :]
    inputs_box = inputs_box[: inputs_box.index("</section>")]
    assert "Warnings about the inputs" in inputs_box
    assert "Age at surgery: 16 years is unusual" in inputs_box
    assert "A well-differentiated liposarcoma is low grade by definition" in inputs_box
    assert "points lies beyond the ends" not in inputs_box


def test_the_cohort_figure_stands_beside_the_result_where_the_paper_gives_it(client, kattan):
    page = client.get(URL, as_text(CASE["inputs"])).content.decode()
    card = page[page.index('class="result card') :]
    card = card[: card.index("</section>")]
    assert "For reference: 36% in the development cohort (2,136 patients, MSKCC 1982-2000)." in card
    gronchi = client.get(reverse("result", args=["gronchi-2013"]), as_text(cases_for("gronchi-2013")[0]["inputs"]))
    assert "For reference" not in gronchi.content.decode()  # the spec gives no cohort figure
