"""`manage.py nomogram check PATH [--golden PATH]` and `manage.py nomogram export MODEL_ID --to DIR`."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from calculator.definitions.services import install_definition
from nomograms.registry import DEFINITIONS_DIR, get_definition

from .golden import GOLDEN_DIR

GRONCHI = DEFINITIONS_DIR / "gronchi-2013.toml"
GRONCHI_GOLDEN = GOLDEN_DIR / "gronchi-2013.toml"


def run(*args):
    """(exit status, output) of `manage.py nomogram ...`."""
    out = StringIO()
    try:
        call_command("nomogram", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


@pytest.mark.parametrize("model_id", ["gronchi-2013", "kattan-2002"])
def test_a_shipped_definition_and_its_golden_cases_are_clean(model_id):
    status, out = run(
        "check", str(DEFINITIONS_DIR / f"{model_id}.toml"), "--golden", str(GOLDEN_DIR / f"{model_id}.toml")
    )
    assert status == 0
    assert f"{model_id} version {get_definition(model_id).version}" in out and "and its golden cases: clean" in out


def test_an_awaiting_definition_is_clean_on_its_own():
    status, out = run("check", str(DEFINITIONS_DIR / "zivanovic-2012.toml"))
    assert (status, out.split(": ", 1)[1].strip()) == (0, "zivanovic-2012 version 0.2.0 (awaiting parameters): clean")


def test_every_failing_golden_case_is_named(tmp_path):
    golden = (
        GRONCHI_GOLDEN.read_text().replace("os_7y = 0.8897", "os_7y = 0.80").replace("dfs_7y = 0.0608", "dfs_7y = 0.2")
    )
    (tmp_path / "golden.toml").write_text(golden)
    status, out = run("check", str(GRONCHI), "--golden", str(tmp_path / "golden.toml"))
    assert status == 2
    assert "problem: case 1: os_7y is 0.8897, the source gives 0.8 (off by 0.0897" in out
    assert "problem: case 3: dfs_7y is 0.0608, the source gives 0.2" in out
    assert "2 problem(s)" in out


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            ("[68, 0.95]", "[78, 0.95]"),
            "7-year overall survival (os_7y), tick 2 (0.95): 7.",
        ),
        (("[90, 36]]", "[80, 36]]"), "Age at surgery (age), tick 12 (80): out of order: 80 follows 85"),
        (('{ value = "3", label = "3" },', ""), "model.nomograms[0].points.grade.3: unknown field"),
        (('id = "gronchi-2013"', 'id = "gronchi"'), "id: must match the file name 'gronchi-2013'"),
        (("[citation]", "[citation"), "(file): not valid TOML"),
    ],
    ids=["tick-off-the-line", "ticks-out-of-order", "undeclared-choice", "id-not-file-name", "not-toml"],
)
def test_a_broken_definition_is_reported_naming_the_field_or_axis_and_tick_with_exit_status_2(
    tmp_path, change, problem
):
    path = tmp_path / "gronchi-2013.toml"
    path.write_text(GRONCHI.read_text().replace(*change, 1))
    status, out = run("check", str(path))
    assert status == 2
    assert f"problem: gronchi-2013.toml: {problem}" in out


def test_every_tick_problem_of_a_points_file_is_reported_not_only_the_first(tmp_path):
    path = tmp_path / "gronchi-2013.toml"
    broken = GRONCHI.read_text().replace("[90, 36]]", "[80, 36]]").replace("[70, 0.80]", "[95, 0.80]")
    path.write_text(broken.replace("multifocal = { no = 0, yes = 47.5 }", "multifocal = { no = 0 }"))
    status, out = run("check", str(path))
    assert status == 2
    problems = [line for line in out.splitlines() if line.startswith("problem: ")]
    assert problems == [
        "problem: gronchi-2013.toml: Age at surgery (age), tick 12 (80): out of order: 80 follows 85; "
        "type the ticks from the lowest value to the highest",
        "problem: gronchi-2013.toml: Multifocal disease (multifocal): choice 'yes' not placed",
        "problem: gronchi-2013.toml: 7-year disease-free survival (dfs_7y), tick 3 (0.8): out of order: "
        "at 95.0 total points it reads 0.8, but 0.7 at 91.0 points; "
        "a survival probability must fall as the total rises",
    ]


def test_check_refuses_a_file_it_cannot_read(tmp_path):
    status, out = run("check", str(tmp_path / "missing.toml"))
    assert status == 2 and "cannot read the file" in out


@pytest.mark.django_db
def test_export_writes_an_installed_model_as_the_repository_lays_it_out_and_it_checks_clean(tmp_path):
    definition_text = GRONCHI.read_text().replace('id = "gronchi-2013"', 'id = "gronchi-2013-centre"')
    golden_text = GRONCHI_GOLDEN.read_text().replace('model = "gronchi-2013"', 'model = "gronchi-2013-centre"')
    staff = get_user_model().objects.create_user("digitiser", is_staff=True)
    install_definition(definition_text=definition_text, golden_text=golden_text, provenance={}, installed_by=staff)

    status, out = run("export", "gronchi-2013-centre", "--to", str(tmp_path))
    exported = tmp_path / "nomograms" / "definitions" / "gronchi-2013-centre.toml"
    exported_golden = tmp_path / "tests" / "golden" / "gronchi-2013-centre.toml"
    assert status == 0 and f"wrote {exported}" in out
    assert exported.read_text() == definition_text
    assert exported_golden.read_text() == golden_text
    assert run("check", str(exported), "--golden", str(exported_golden))[0] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model_id", "message"),
    [("kattan-2002", "ships with the calculator"), ("no-such-model", "unknown model 'no-such-model'")],
)
def test_export_refuses_a_shipped_or_unknown_model(tmp_path, model_id, message):
    status, out = run("export", model_id, "--to", str(tmp_path))
    assert status == 2 and message in out
    assert not any(tmp_path.iterdir())
