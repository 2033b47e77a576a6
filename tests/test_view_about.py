"""The information pages: treatment context with its references, and the facts of every model."""

import html

from django.urls import reverse

from nomograms.registry import all_definitions

from .golden import as_text, cases_for

# Each cited trial's DOI and volume(issue):pages, copied from the publication's record:
# Hensley 2018 from PMC6241678 (pmc.ncbi.nlm.nih.gov), Bonvalot 2020 from PubMed 32941794 and the
# Lancet Oncology article page, Pautier 2022 from PubMed 35835135, Demetri 2016 from PubMed 26371143,
# Le Cesne 2005 from PubMed 15659504. Samuels 2013 and Yovine 2004 are not yet checked, so carry none.
VERIFIED_REFERENCES = (
    ("J Clin Oncol. 2018;36(33):3324-3330.", "10.1200/JCO.18.00454"),
    ("Lancet Oncol. 2020;21(10):1366-1377.", "10.1016/S1470-2045(20)30446-0"),
    ("Lancet Oncol. 2022;23(8):1044-1054.", "10.1016/S1470-2045(22)00380-1"),
    ("J Clin Oncol. 2016;34(8):786-793.", "10.1200/JCO.2015.62.4734"),
    ("J Clin Oncol. 2005;23(3):576-584.", "10.1200/JCO.2005.01.180"),
)


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
    for volume_pages, doi in VERIFIED_REFERENCES:
        assert f'{volume_pages} doi:<a href="https://doi.org/{doi}">{doi}</a></li>' in page
    assert page.count('href="https://doi.org/') == len(VERIFIED_REFERENCES)
    assert 'Last reviewed: <time datetime="2026-12-04">4 December 2026</time>' in page
    for definition in all_definitions():
        assert f'{definition.population.use_for} <a href="{reverse("model", args=[definition.id])}">' in page


def test_every_result_links_to_both_pages(client):
    page = client.get(reverse("result", args=["kattan-2002"]), as_text(cases_for("kattan-2002")[0]["inputs"]))
    text = page.content.decode()
    assert reverse("about-models") in text
    assert reverse("about-leiomyosarcoma") in text
