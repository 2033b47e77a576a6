"""Which models fit a patient: read from each definition's [population], best fit first."""

import shutil

import pytest

from nomograms.chooser import models_for
from nomograms.definition import AWAITING
from nomograms.population import vocabulary
from nomograms.registry import DEFINITIONS_DIR, all_definitions, load_directory

from .test_definition_loading import VALID

AFTER_RESECTION = "after_primary_resection"
AFTER_RECURRENCE = "after_local_recurrence"


def chosen_ids(site, situation, **kwargs):
    return [fit.definition.id for fit in models_for(site=site, situation=situation, **kwargs).fits]


@pytest.mark.parametrize(
    ("site", "expected"),
    [
        ("uterus", ["zivanovic-2012", "kattan-2002"]),
        ("extremity", ["callegaro-2016", "kattan-2002"]),
        ("retroperitoneum", ["gronchi-2013", "kattan-2002"]),
        ("trunk", ["kattan-2002"]),
        ("abdomen", ["kattan-2002"]),
        ("head_neck", ["kattan-2002"]),
        ("other", ["kattan-2002"]),
    ],
)
def test_after_resection_the_model_made_for_the_site_comes_before_the_one_for_every_site(site, expected):
    assert chosen_ids(site, AFTER_RESECTION) == expected


@pytest.mark.parametrize("site", [site.id for site in vocabulary().sites])
def test_after_a_local_recurrence_every_site_gets_the_recurrence_model(site):
    assert chosen_ids(site, AFTER_RECURRENCE) == ["kattan-2003"]


def test_a_model_awaiting_parameters_names_its_official_calculator_and_the_computable_model_instead():
    chosen = models_for(site="uterus", situation=AFTER_RESECTION)
    uterine, general = chosen.fits
    assert (chosen.site.label, chosen.situation.label) == ("Uterus", "After resection of the primary tumour")
    assert uterine.made_for_site and not general.made_for_site
    assert uterine.definition.official_calculator.url == "https://www.mskcc.org/nomograms/uterine/post_op"
    assert [definition.id for definition in uterine.computable_instead] == ["kattan-2002"]
    assert general.computable_instead == ()
    (extremity, _) = models_for(site="extremity", situation=AFTER_RESECTION).fits
    assert extremity.definition.official_calculator.name.startswith("Sarculator app")


def test_every_model_awaiting_parameters_says_where_to_compute_it_meanwhile():
    awaiting = [definition for definition in all_definitions() if definition.status == AWAITING]
    assert awaiting
    for definition in awaiting:
        assert definition.official_calculator is not None, definition.id
        assert definition.official_calculator.url.startswith("https://")


def test_every_model_covers_at_least_one_patient_the_chooser_can_describe():
    sites = [site.id for site in vocabulary().sites]
    situations = [situation.id for situation in vocabulary().situations]
    for definition in all_definitions():
        assert any(
            definition.population.covers(site=site, situation=situation) for site in sites for situation in situations
        ), definition.id


def test_a_model_added_later_is_chosen_with_no_code_change(tmp_path):
    for path in DEFINITIONS_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path)
    (tmp_path / "toy.toml").write_text(VALID)  # sites = ["trunk"], after resection of the primary tumour
    definitions = load_directory(tmp_path)
    assert chosen_ids("trunk", AFTER_RESECTION, definitions=definitions) == ["toy", "kattan-2002"]
    assert chosen_ids("uterus", AFTER_RESECTION, definitions=definitions) == ["zivanovic-2012", "kattan-2002"]
