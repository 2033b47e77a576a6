"""Definitions installed in the database: offered everywhere a shipped one is, kept immutable, and
every version an audit record used loadable again, so `audit verify` replays after a change.

The installed definition in these tests is gronchi-2013's own file under another id
(`gronchi-2013-centre`), so every number and golden case is the spec's."""

import csv
import hashlib
import html
import io
import json
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from calculator.audit.services import installed_definition, save_record, verify_chain
from calculator.definitions import middleware
from calculator.definitions.models import DefinitionVersion, Retirement
from calculator.definitions.services import InstallRefused, install_definition, retire_model
from nomograms import registry
from nomograms.prediction import predict
from nomograms.registry import DEFINITIONS_DIR, get_definition

from .api_client import post_json
from .audit import KATTAN_CASE, database_down, kattan_prediction
from .golden import GOLDEN_DIR, as_text, cases_for

pytestmark = pytest.mark.django_db

CENTRE_ID = "gronchi-2013-centre"
GRONCHI_TEXT = (DEFINITIONS_DIR / "gronchi-2013.toml").read_text(encoding="utf-8")
GRONCHI_GOLDEN = (GOLDEN_DIR / "gronchi-2013.toml").read_text(encoding="utf-8")
CASES = cases_for("gronchi-2013")
GRONCHI_VERSION = get_definition("gronchi-2013").version
KATTAN_VERSION = get_definition("kattan-2002").version


def as_model(model_id, text=GRONCHI_TEXT, golden=GRONCHI_GOLDEN):
    """gronchi-2013's definition and golden cases under another id."""
    return (
        text.replace('id = "gronchi-2013"', f'id = "{model_id}"'),
        golden.replace('model = "gronchi-2013"', f'model = "{model_id}"'),
    )


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("digitiser", is_staff=True)


@pytest.fixture
def installed(staff):
    definition_text, golden_text = as_model(CENTRE_ID)
    return install_definition(
        definition_text=definition_text,
        golden_text=golden_text,
        provenance={"figure_sha256": "a" * 64, "digitised_by": "digitiser"},
        installed_by=staff,
    )


def test_an_installed_definition_is_stored_whole_with_its_fingerprint(installed):
    definition = get_definition(CENTRE_ID)
    assert installed.sha256 == definition.sha256
    assert installed.definition == definition.source
    assert installed.origin == DefinitionVersion.INSTALLED
    assert installed.provenance["figure_sha256"] == "a" * 64
    assert definition.status == "digitised"


@pytest.mark.parametrize(("case"), CASES, ids=range(1, len(CASES) + 1))
def test_an_installed_model_computes_its_golden_cases_on_the_result_page_and_the_api(client, installed, case):
    response = client.get(reverse("result", args=[CENTRE_ID]), as_text(case["inputs"]))
    assert response.status_code == 200
    assert response.context["sheet"].prediction.outcomes == pytest.approx(case["outcomes"], abs=0.001)
    api = post_json(client, CENTRE_ID, case["inputs"]).json()
    assert api["outcomes"] == pytest.approx(case["outcomes"], abs=0.001)


def test_an_installed_model_is_in_the_catalogue_the_api_list_and_the_worksheet(client, installed):
    assert f'href="/models/{CENTRE_ID}/"' in client.get(reverse("catalogue")).content.decode()
    assert CENTRE_ID in [model["id"] for model in client.get(reverse("api:models")).json()]
    page = html.unescape(client.get(reverse("model", args=[CENTRE_ID])).content.decode())
    assert "Tumour size (largest diameter)" in page and "<svg" in page
    worksheet = html.unescape(client.get(reverse("worksheet", args=[CENTRE_ID])).content.decode())
    assert f"Model version {get_definition(CENTRE_ID).version}." in worksheet


def test_an_installed_model_scores_a_batch_and_prints_a_pdf(client, installed):
    case = CASES[0]
    header = ",".join(case["inputs"])
    row = ",".join(str(value) for value in case["inputs"].values())
    upload = SimpleUploadedFile("patients.csv", f"{header}\n{row}\n".encode(), content_type="text/csv")
    response = client.post(reverse("batch", args=[CENTRE_ID]), {"file": upload})
    (scored,) = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert float(scored["os_7y"]) == pytest.approx(case["outcomes"]["os_7y"], abs=0.001)
    pdf = client.get(reverse("result-pdf", args=[CENTRE_ID]), as_text(case["inputs"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_record_of_an_installed_model_verifies_and_shows(installed):
    record = save_record(predict(get_definition(CENTRE_ID), as_text(CASES[0]["inputs"])))
    assert verify_chain().problems == []
    assert installed_definition(record).sha256 == installed.sha256


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda text, golden: (text, golden.replace("os_7y = 0.8897", "os_7y = 0.95")), "case 1: os_7y is 0.889"),
        (
            lambda text, golden: (text.replace("[19, 0.99]", "[30, 0.99]"), golden),
            "7-year overall survival (os_7y), tick 1 (0.99): 6.22 points off the straight line",
        ),
        (lambda text, golden: (text, golden.replace('model = "gronchi-2013-centre"', 'model = "x"')), "are for 'x'"),
        (
            lambda text, golden: (
                text[: text.index("[model]")].replace('"digitised"', '"awaiting parameters"'),
                golden,
            ),
            "gronchi-2013-centre is awaiting parameters: it has no parameters to check",
        ),
    ],
    ids=["golden-case-off", "tick-off-the-line", "golden-for-another-model", "no-parameters"],
)
def test_a_definition_that_fails_its_checks_is_not_installed(staff, change, problem):
    definition_text, golden_text = change(*as_model(CENTRE_ID))
    with pytest.raises(InstallRefused) as refused:
        install_definition(definition_text=definition_text, golden_text=golden_text, provenance={}, installed_by=staff)
    assert problem in str(refused.value)
    assert not DefinitionVersion.objects.filter(origin=DefinitionVersion.INSTALLED).exists()
    assert CENTRE_ID not in [definition.id for definition in registry.all_definitions()]


def test_a_shipped_computable_model_cannot_be_replaced_by_an_install(staff):
    changed = GRONCHI_TEXT.replace(f'version = "{GRONCHI_VERSION}"', 'version = "9.0.0"')
    with pytest.raises(InstallRefused, match="ships with the calculator; change its definition file instead"):
        install_definition(definition_text=changed, golden_text=GRONCHI_GOLDEN, provenance={}, installed_by=staff)


def test_the_same_definition_is_not_stored_twice(staff, installed):
    definition_text, golden_text = as_model(CENTRE_ID)
    with pytest.raises(InstallRefused, match="is stored already"):
        install_definition(definition_text=definition_text, golden_text=golden_text, provenance={}, installed_by=staff)


@pytest.fixture
def shipped_awaiting(tmp_path, monkeypatch):
    """A shipped folder where gronchi-2013 still awaits its parameters."""
    awaiting = GRONCHI_TEXT[: GRONCHI_TEXT.index("[model]")].replace(
        'status = "digitised"', 'status = "awaiting parameters"'
    )
    (tmp_path / "gronchi-2013.toml").write_text(awaiting, encoding="utf-8")
    monkeypatch.setattr(registry, "DEFINITIONS_DIR", tmp_path)
    registry.all_definitions.cache_clear()
    yield
    monkeypatch.undo()
    registry.all_definitions.cache_clear()


def test_installing_an_awaiting_model_replaces_it_and_retiring_brings_it_back(client, staff, shipped_awaiting):
    assert not get_definition("gronchi-2013").computable
    version = install_definition(
        definition_text=GRONCHI_TEXT, golden_text=GRONCHI_GOLDEN, provenance={}, installed_by=staff
    )
    assert get_definition("gronchi-2013").sha256 == version.sha256
    assert client.get(reverse("result", args=["gronchi-2013"]), as_text(CASES[0]["inputs"])).status_code == 200

    retire_model(model_id="gronchi-2013", retired_by=staff, reason="figure misread")
    assert not get_definition("gronchi-2013").computable
    assert Retirement.objects.get().version == version
    # Retired, not gone: the version stays loadable for the records computed with it.
    assert DefinitionVersion.objects.get(pk=version.pk).definition == GRONCHI_TEXT


def test_retiring_needs_a_reason_and_an_installed_version(staff, installed):
    with pytest.raises(InstallRefused, match="Say why"):
        retire_model(model_id=CENTRE_ID, retired_by=staff, reason=" ")
    with pytest.raises(InstallRefused, match="no installed version to retire"):
        retire_model(model_id="kattan-2002", retired_by=staff, reason="superseded")


@pytest.fixture
def clock(monkeypatch):
    """The installed_definitions middleware's clock, moved by hand (`clock.now`, in seconds)."""
    clock = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(middleware, "monotonic", lambda: clock.now)
    return clock


def install_elsewhere(model_id):
    """A version written straight to the database, as another app server's install would be."""
    definition_text, golden_text = as_model(model_id)
    return DefinitionVersion.objects.create(
        model_id=model_id,
        version="1.0.0",
        sha256=hashlib.sha256(definition_text.encode()).hexdigest(),
        definition=definition_text,
        golden=golden_text,
        origin=DefinitionVersion.INSTALLED,
        created_at="2026-01-01T00:00:00Z",
    )


def test_another_server_s_install_and_retirement_are_served_once_the_check_interval_has_passed(
    client, settings, clock, staff
):
    settings.INSTALLED_DEFINITIONS_CHECK_SECONDS = 5
    model_page = reverse("model", args=[CENTRE_ID])
    assert client.get(model_page).status_code == 404  # the database was asked now
    version = install_elsewhere(CENTRE_ID)
    clock.now += 4.9
    assert client.get(model_page).status_code == 404  # and not again within the interval
    clock.now += 0.1
    assert client.get(model_page).status_code == 200

    Retirement.objects.create(version=version, retired_at="2026-01-02T00:00:00Z", retired_by=staff, reason="misread")
    clock.now += 4.9
    assert client.get(model_page).status_code == 200
    clock.now += 0.1
    assert client.get(model_page).status_code == 404


def test_with_a_check_interval_of_0_every_request_asks_the_database(client, settings, clock):
    settings.INSTALLED_DEFINITIONS_CHECK_SECONDS = 0
    model_page = reverse("model", args=[CENTRE_ID])
    assert client.get(model_page).status_code == 404
    install_elsewhere(CENTRE_ID)
    assert client.get(model_page).status_code == 200  # the clock has not moved


def test_this_process_s_install_and_retirement_are_served_at_once(client, settings, clock, staff):
    settings.INSTALLED_DEFINITIONS_CHECK_SECONDS = 5
    model_page = reverse("model", args=[CENTRE_ID])
    assert client.get(model_page).status_code == 404
    definition_text, golden_text = as_model(CENTRE_ID)
    install_definition(definition_text=definition_text, golden_text=golden_text, provenance={}, installed_by=staff)
    assert client.get(model_page).status_code == 200  # the clock has not moved
    retire_model(model_id=CENTRE_ID, retired_by=staff, reason="figure misread")
    assert client.get(model_page).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_database_that_does_not_answer_is_asked_once_an_interval_and_results_are_still_served(
    client, settings, clock, caplog
):
    settings.INSTALLED_DEFINITIONS_CHECK_SECONDS = 5
    result = reverse("result", args=["kattan-2002"])
    with database_down():
        for _ in range(3):
            assert client.get(result, as_text(KATTAN_CASE["inputs"])).status_code == 200
        clock.now += 5
        assert client.get(result, as_text(KATTAN_CASE["inputs"])).status_code == 200
    not_refreshed = [record for record in caplog.records if record.name == middleware.__name__]
    assert [record.getMessage() for record in not_refreshed] == [
        "Installed definitions not refreshed: the database did not answer"
    ] * 2


def test_records_computed_with_a_superseded_shipped_version_still_replay(tmp_path, monkeypatch):
    record = save_record(kattan_prediction())
    changed = (DEFINITIONS_DIR / "kattan-2002.toml").read_text(encoding="utf-8")
    changed = changed.replace(f'version = "{KATTAN_VERSION}"', 'version = "9.0.0"')
    for path in DEFINITIONS_DIR.glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "kattan-2002.toml").write_text(changed, encoding="utf-8")
    monkeypatch.setattr(registry, "DEFINITIONS_DIR", tmp_path)
    registry.all_definitions.cache_clear()
    try:
        assert get_definition("kattan-2002").version == "9.0.0"
        assert verify_chain().problems == []
        assert installed_definition(record).version == KATTAN_VERSION
    finally:
        monkeypatch.undo()
        registry.all_definitions.cache_clear()


def test_the_command_line_lists_and_scores_an_installed_model(installed):
    out = StringIO()
    call_command("nomogram", "list", stdout=out)
    rows = {line.split("\t")[0]: line.split("\t") for line in out.getvalue().splitlines()}
    assert rows[CENTRE_ID][2] == "digitised"
    out = StringIO()
    call_command("nomogram", "predict", CENTRE_ID, *[f"{k}={v}" for k, v in CASES[0]["inputs"].items()], stdout=out)
    assert json.loads(out.getvalue())["outcomes"] == pytest.approx(CASES[0]["outcomes"], abs=0.001)
