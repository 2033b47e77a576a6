"""Definitions are checked when loaded: a broken file names itself and the field at fault."""

import hashlib

import pytest

from nomograms.definition import AWAITING, load_definition
from nomograms.registry import DEFINITIONS_DIR, all_definitions, load_directory
from nomograms.toml_table import DefinitionError

# A small but complete coefficient model; each test breaks one thing in it.
VALID = """
id = "toy"
version = "1.0.0"
title = "Toy model"
short_title = "Toy"
status = "exact"
summary = "A model for tests."
provenance = "Made up for tests."

[citation]
authors = "Doe J"
title = "A toy"
journal = "J Tests"
year = 2020
volume_pages = "1(1):1-2"

[population]
description = "Nobody."
use_for = "Tests."
sites = ["trunk"]
situations = ["after_primary_resection"]

[performance]
cohort = "None"

[[endpoints]]
id = "os_5y"
label = "overall survival"
horizon_years = 5
kind = "survival"
patients_would = "be alive {years} years after surgery"

[[inputs]]
id = "age"
label = "Age"
kind = "number"
unit = "years"
min = 18
max = 90
bounds_reason = "the axis runs from 18 to 90"

[[inputs]]
id = "grade"
label = "Grade"
kind = "choice"
choices = [{ value = "low", label = "Low" }, { value = "high", label = "High" }]

[model]
form = "coefficient"
intercept = 0.0

[[model.terms]]
kind = "linear"
input = "age"
coefficient = 0.01

[[model.terms]]
kind = "levels"
input = "grade"
coefficients = { high = 0.5 }

[model.baseline_survival]
os_5y = 0.8
"""


def test_the_toy_definition_is_valid(write_definition):
    definition = load_definition(write_definition("toy", VALID))
    assert definition.computable
    assert [model_input.id for model_input in definition.inputs] == ["age", "grade"]


UNIT = 'unit = "years"'
MODEL = "[model]\n"


def rule(when):
    """A plausibility rule placed before [model], which replaces it."""
    return f'[[plausibility]]\nwhen = {{ {when} }}\nwarning = "w"\n\n{MODEL}'


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        ('title = "Toy model"\n', "", "title", "missing"),
        ('label = "Age"\n', "", "inputs[0].label", "missing"),
        ('input = "age"', 'input = "weight"', "model.terms[0].input", "unknown input 'weight'"),
        ("os_5y = 0.8", "os_5y = 1.2", "model.baseline_survival.os_5y", "strictly between 0 and 1"),
        ("os_5y = 0.8", "os_5y = 0", "model.baseline_survival.os_5y", "strictly between 0 and 1"),
        ('{ value = "low", label = "Low" }', '{ value = "low" }', "inputs[1].choices[0].label", "missing"),
        (
            "coefficients = { high = 0.5 }",
            "coefficients = { severe = 0.5 }",
            "model.terms[1].coefficients.severe",
            "is not a choice",
        ),
        ('status = "exact"', 'status = "guessed"', "status", "must be one of"),
        ('kind = "survival"', 'kind = "maybe"', "endpoints[0].kind", "must be"),
        ("max = 90", "max = 10", "inputs[0].max", "greater than min"),
        ('bounds_reason = "the axis runs from 18 to 90"\n', "", "inputs[0].bounds_reason", "missing"),
        ('unit = "years"', 'unit = "years"\nlable = "typo"', "inputs[0].lable", "unknown field"),
        ('form = "coefficient"', 'form = "oracle"', "model.form", "must be one of"),
        ("coefficient = 0.01", 'coefficient = "high"', "model.terms[0].coefficient", "must be a number"),
        ('kind = "linear"', 'kind = "levels"', "model.terms[0].input", "cannot use the number input"),
        ('id = "toy"', 'id = "other"', "id", "must match the file name"),
        ('sites = ["trunk"]\n', "", "population.sites", "missing"),
        ('sites = ["trunk"]', 'sites = ["elbow"]', "population.sites", "or 'any' alone, not ['elbow']"),
        ('sites = ["trunk"]', 'sites = ["any", "trunk"]', "population.sites", "not ['any', 'trunk']"),
        ('sites = ["trunk"]', "sites = []", "population.sites", "not []"),
        (
            'situations = ["after_primary_resection"]',
            'situations = ["at_birth"]',
            "population.situations",
            "(after_primary_resection, after_local_recurrence), not ['at_birth']",
        ),
        (
            "[performance]",
            '[official_calculator]\nname = "Elsewhere"\nurl = "http://example.org"\n\n[performance]',
            "official_calculator.url",
            "must be an https:// address",
        ),
        (
            "[model.baseline_survival]",
            "[model.baseline_free_of_event]",
            "model.baseline_free_of_event",
            "'os_5y' must be an event",
        ),
        (
            "[model.baseline_survival]\nos_5y = 0.8",
            "[model.baseline_survival]\nos_5y = 0.8\n\n[model.baseline_free_of_event]\nos_5y = 0.8",
            "model.baseline_survival",
            "exactly one of baseline_survival and baseline_free_of_event",
        ),
        (UNIT, UNIT + "\nother_units = [{ name = 'mo', per_base = 0 }]", "inputs[0].other_units[0].per_base", "must"),
        (UNIT, 'other_units = [{ name = "months", per_base = 12 }]', "inputs[0].other_units", "without a unit"),
        (MODEL, rule('age = ["old"]'), "plausibility[0].when.age", "must be a table"),
        (MODEL, rule("age = { below = 3 }"), "plausibility[0].when.age.above", "missing"),
        (MODEL, rule("grade = { above = 3 }"), "plausibility[0].when.grade", "must be a list"),
    ],
)
def test_a_broken_definition_names_the_file_and_the_field(write_definition, old, new, field, problem):
    assert old in VALID
    path = write_definition("toy", VALID.replace(old, new, 1))
    with pytest.raises(DefinitionError) as raised:
        load_definition(path)
    assert raised.value.field == field
    assert problem in raised.value.problem
    assert str(raised.value).startswith(f"toy.toml: {field}: ")


@pytest.mark.parametrize(
    ("reserved", "why"),
    [
        ("total", "the key of the total in the points"),
        ("warnings", "a column batch scoring adds"),
        ("error", "a column batch scoring adds"),
        ("os_5y", "also an endpoint id"),
    ],
)
def test_an_input_id_that_collides_with_a_reserved_name_is_refused(write_definition, reserved, why):
    """Loaded, a grade called "total" would lose its points beside the total in the API and the
    audit trail; a column called "error" would be overwritten in batch output."""
    toml = VALID.replace('id = "grade"', f'id = "{reserved}"').replace('input = "grade"', f'input = "{reserved}"')
    with pytest.raises(DefinitionError) as raised:
        load_definition(write_definition("toy", toml))
    assert str(raised.value).startswith(f"toy.toml: inputs[1].id: '{reserved}' ")
    assert why in raised.value.problem


def test_invalid_toml_names_the_file(write_definition):
    with pytest.raises(DefinitionError, match=r"^toy\.toml: \(file\): not valid TOML"):
        load_definition(write_definition("toy", VALID + "\n[[["))


def test_an_awaiting_model_must_not_carry_parameters(write_definition):
    path = write_definition("toy", VALID.replace('status = "exact"', f'status = "{AWAITING}"'))
    with pytest.raises(DefinitionError, match="model: a model awaiting parameters has no"):
        load_definition(path)


def test_a_computable_model_needs_parameters(write_definition):
    path = write_definition("toy", VALID[: VALID.index("[model]")])
    with pytest.raises(DefinitionError, match="model: an exact model needs"):
        load_definition(path)


def test_a_broken_file_stops_loading_the_whole_directory(write_definition, tmp_path):
    write_definition("toy", VALID)
    write_definition("broken", VALID.replace('id = "toy"', 'id = "broken"').replace("os_5y = 0.8", "os_5y = 2"))
    with pytest.raises(DefinitionError, match=r"broken\.toml"):
        load_directory(tmp_path)


def test_sha256_is_the_fingerprint_of_the_file():
    for definition in all_definitions():
        content = (DEFINITIONS_DIR / definition.filename).read_bytes()
        assert definition.sha256 == hashlib.sha256(content).hexdigest()


def test_installed_models_and_their_status():
    status = {definition.id: definition.status for definition in all_definitions()}
    assert status["kattan-2002"] == "exact"
    assert status["zivanovic-2012"] == AWAITING
    assert status["callegaro-2016"] == AWAITING


def test_awaiting_models_are_listed_but_not_computable():
    awaiting = [definition for definition in all_definitions() if definition.status == AWAITING]
    assert {definition.id for definition in awaiting} == {"zivanovic-2012", "callegaro-2016"}
    assert all(not definition.computable for definition in awaiting)
    assert all(definition.inputs for definition in awaiting)


def test_a_broken_definition_stops_start_up(write_definition, tmp_path, monkeypatch):
    from django.apps import apps

    from nomograms import registry

    write_definition("toy", VALID.replace("os_5y = 0.8", "os_5y = 1.5"))
    monkeypatch.setattr(registry, "DEFINITIONS_DIR", tmp_path)
    registry.all_definitions.cache_clear()
    try:
        with pytest.raises(DefinitionError, match=r"toy\.toml: model\.baseline_survival\.os_5y"):
            apps.get_app_config("nomograms").ready()
    finally:
        registry.all_definitions.cache_clear()


def test_a_plausibility_rule_may_test_a_number_above_a_limit(write_definition):
    rule = '[[plausibility]]\nwhen = { age = { above = 80 }, grade = ["high"] }\nwarning = "Old and high grade."\n\n'
    definition = load_definition(write_definition("toy", VALID.replace("[model]\n", rule + "[model]\n", 1)))
    (plausibility,) = definition.plausibility
    assert plausibility.when.holds_for_one({"age": 81.0, "grade": "high"})
    assert not plausibility.when.holds_for_one({"age": 80.0, "grade": "high"})
    assert not plausibility.when.holds_for_one({"age": 81.0, "grade": "low"})
