import html
import re
import shutil

import pytest
from django.templatetags.static import static
from django.urls import reverse

from nomograms.population import vocabulary
from nomograms.registry import all_definitions, get_definition

from .test_definition_loading import VALID


@pytest.fixture
def page(client):
    response = client.get(reverse("catalogue"))
    assert response.status_code == 200
    return response.content.decode()


def test_lists_every_model_with_status_population_endpoints_and_use(page):
    for definition in all_definitions():
        assert definition.title in page
        assert reverse("model", args=[definition.id]) in page
        assert definition.population.use_for in page
        for endpoint in definition.endpoints:
            assert endpoint.name in page
    assert "Exact: published coefficients" in page
    assert "Digitised from the published figure" in page
    assert page.count("Awaiting parameters: computes nothing yet") == 2


def test_bootstrap_comes_from_our_own_static_files(page, client):
    assert static("vendor/bootstrap/bootstrap.min.css") in page
    assert "cdn" not in page.lower()
    response = client.get(static("vendor/bootstrap/bootstrap.min.css"))
    assert response.status_code == 200


def chooser_of(client, query):
    response = client.get(reverse("catalogue"), query)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    return page[page.index('id="which-models-fit"') : page.index("All models")]


def words(markup):
    """The text people read, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split()).replace(" .", ".")


def fits_in(chooser):
    return re.findall(r'class="list-group-item chooser-fit" data-model="([^"]+)"', chooser)


def test_the_chooser_is_a_get_form_of_sites_and_situations_from_the_vocabulary(page):
    form = page[page.index('<form method="get" action="/#which-models-fit"') :]
    form = form[: form.index("</form>")]
    for site in vocabulary().sites:
        assert f'<option value="{site.id}">{html.escape(site.label)}</option>' in form
    for situation in vocabulary().situations:
        assert f'name="situation" value="{situation.id}"' in form
        assert html.escape(situation.label) in form
    assert "chooser-fit" not in page


def test_uterus_after_resection_lists_the_uterine_model_first_with_mskcc_meanwhile_then_kattan(client):
    chooser = chooser_of(client, {"site": "uterus", "situation": "after_primary_resection"})
    assert fits_in(chooser) == ["zivanovic-2012", "kattan-2002"]
    assert "Models for this patient: Uterus, after resection of the primary tumour" in chooser
    uterine, general = chooser.split('data-model="')[1:]
    assert "Why: made for this site and situation. Uterine leiomyosarcoma after surgery." in words(uterine)
    assert "Predicts: 5-year overall survival." in words(uterine)
    assert "Computes nothing here yet." in uterine
    assert '<a href="https://www.mskcc.org/nomograms/uterine/post_op" rel="external noopener">' in uterine
    assert f'Computed here for this patient: <a href="{reverse("model", args=["kattan-2002"])}">' in uterine
    assert "covers sarcoma at every site, after resection of the primary tumour" in general
    assert "Predicts: 12-year probability of sarcoma-specific death." in words(general)
    assert "Computes nothing" not in general


def test_extremity_after_resection_points_to_the_sarculator_app_meanwhile(client):
    chooser = chooser_of(client, {"site": "extremity", "situation": "after_primary_resection"})
    assert fits_in(chooser) == ["callegaro-2016", "kattan-2002"]
    assert '<a href="https://www.sarculator.com/" rel="external noopener">Sarculator app' in chooser


def test_after_a_local_recurrence_the_recurrence_model_says_what_it_predicts(client):
    markup = chooser_of(client, {"site": "abdomen", "situation": "after_local_recurrence"})
    assert fits_in(markup) == ["kattan-2003"]
    chooser = words(markup)
    assert "MSKCC nomogram for sarcoma-specific death after local recurrence" in chooser
    kattan_2003 = get_definition("kattan-2003")
    assert "; ".join(endpoint.name for endpoint in kattan_2003.endpoints) in chooser
    assert "covers sarcoma at every site, after a local recurrence" in chooser


@pytest.mark.parametrize(
    ("query", "messages"),
    [
        ({"site": "elbow", "situation": "after_primary_resection"}, ["'elbow' is not one of the choices listed"]),
        ({"site": "uterus"}, ["Choose the situation: after resection of the primary tumour or after a local"]),
        ({"situation": "at_birth"}, ["Choose the primary site.", "'at_birth' is not one of the choices listed"]),
    ],
)
def test_an_incomplete_or_unknown_description_is_explained_and_kept(client, query, messages):
    chooser = chooser_of(client, query)
    assert fits_in(chooser) == []
    for message in messages:
        assert message in chooser
    if query.get("site") == "uterus":
        assert '<option value="uterus" selected>' in chooser


def test_other_query_parameters_leave_the_chooser_unanswered(client):
    chooser = chooser_of(client, {"utm_source": "newsletter"})
    assert "text-danger" not in chooser and fits_in(chooser) == []


def test_a_model_added_later_appears_in_the_chooser_with_no_code_change(client, tmp_path, monkeypatch):
    from nomograms import registry

    for path in registry.DEFINITIONS_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path)
    (tmp_path / "toy.toml").write_text(VALID)  # sites = ["trunk"], after resection of the primary tumour
    monkeypatch.setattr(registry, "DEFINITIONS_DIR", tmp_path)
    registry.all_definitions.cache_clear()
    try:
        chooser = chooser_of(client, {"site": "trunk", "situation": "after_primary_resection"})
    finally:
        registry.all_definitions.cache_clear()
    assert fits_in(chooser) == ["toy", "kattan-2002"]
    assert "Why: made for this site and situation. Tests." in words(chooser)
