"""The information pages: treatment context with its references, and the facts of every model."""

import html

from django.urls import reverse

from nomograms.registry import all_definitions

from .golden import as_text, cases_for


def test_about_these_models_reads_every_fact_from_the_definitions(client):
    response = client.get(reverse("about-models"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for definition in all_definitions():
        assert definition.title in page
        assert definition.summary in page
        assert definition.population.description in page
        assert definition.provenance in page
        assert definition.citation.text in page
        for c_index in definition.performance.c_indices:
            assert f"{c_index.cohort}: C-index {c_index.value}" in page
        assert reverse("worksheet", args=[definition.id]) in page
    assert "Awaiting parameters: computes nothing yet" in page


def test_treatment_context_cites_its_references_and_points_to_each_calculator(client):
    response = client.get(reverse("about-leiomyosarcoma"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Leiomyosarcoma: treatment context" in page
    assert "median overall survival is 14 to 16 months" in page
    assert "as of October 2016" in page
    assert "Last reviewed:" in page
    for heading in ("Uterine leiomyosarcoma", "Leiomyosarcoma outside the uterus",
                    "Metastatic or unresectable disease (uterine and non-uterine)"):  # fmt: skip
        assert f">{heading}</h2>" in page
    assert "Doxorubicin with trabectedin, followed by trabectedin alone, is now a first-line option" in page
    # Every reference with its title.
    for reference in (
        "Pautier P, et al. Doxorubicin alone versus doxorubicin with trabectedin followed by trabectedin alone",
        "(LMS-04)",
        "Demetri GD, et al. Efficacy and safety of trabectedin or dacarbazine",
        "Le Cesne A, et al. Phase II study of ET-743 in advanced soft tissue sarcomas",
        "Samuels BL, et al. Clinical outcomes and safety with trabectedin therapy",
        "Yovine A, et al. Phase II study of ecteinascidin-743",
        "Hensley ML, et al. Adjuvant gemcitabine plus docetaxel followed by doxorubicin",
        "Bonvalot S, et al. Preoperative radiotherapy plus surgery versus surgery alone",
    ):
        assert reference in page
    for definition in all_definitions():
        assert f'{definition.population.use_for} <a href="{reverse("model", args=[definition.id])}">' in page


def test_every_result_links_to_both_pages(client):
    page = client.get(reverse("result", args=["kattan-2002"]), as_text(cases_for("kattan-2002")[0]["inputs"]))
    text = page.content.decode()
    assert reverse("about-models") in text
    assert reverse("about-leiomyosarcoma") in text
