"""The "Save for audit" form on the result page and the view it posts to."""

import html
import re
import subprocess
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.sessions.backends import db as db_sessions
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from calculator.audit import links
from calculator.audit import views as audit_views
from calculator.audit.models import AuditRecord
from nomograms.registry import get_definition

from .audit import KATTAN_CASE, chain_locked_elsewhere, database_down, short_lock_wait, sign_in
from .golden import as_text

INPUTS = as_text(KATTAN_CASE["inputs"])
RESULT_URL = reverse("result", args=["kattan-2002"])
SAVE_URL = reverse("audit:save", args=["kattan-2002"])
KATTAN = get_definition("kattan-2002")


def save(client, case_reference="", inputs=INPUTS, shown_sha256=KATTAN.sha256, follow=True, **request):
    """Post the form; by default follow the redirect to the saved record's page, as a browser does."""
    query = "&".join(f"{key}={value}" for key, value in inputs.items())
    data = {"case_reference": case_reference, "definition_sha256": shown_sha256}
    return client.post(f"{SAVE_URL}?{query}", data, follow=follow, **request)


def page_of(response):
    return html.unescape(response.content.decode())


def test_the_result_page_offers_to_save_with_the_inputs_in_the_form_action(client):
    page = page_of(client.get(RESULT_URL, INPUTS))
    form = page[page.index('<section aria-labelledby="save-heading"') :]
    form = form[: form.index("</section>")]
    assert 'method="post"' in form
    assert f'action="{SAVE_URL}?age=50&size_cm=7&depth=deep' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="case_reference"' in form
    assert f'name="definition_sha256" value="{KATTAN.sha256}"' in form
    assert 'maxlength="64"' in form
    assert "Do not enter names, dates of birth or record numbers." in form


@pytest.mark.django_db
def test_saving_redirects_to_the_record_page_and_reloading_it_saves_nothing(client):
    response = save(client, "TB slot 4", follow=False)
    record = AuditRecord.objects.get()
    assert response.status_code == 303
    assert response["Location"].startswith("/audit/saved/")
    reloaded = client.get(response["Location"])
    again = client.get(response["Location"])
    assert reloaded.status_code == again.status_code == 200
    assert AuditRecord.objects.count() == 1
    page = page_of(again)
    # The confirmation is the first thing on the page, and takes focus.
    assert page.index("saved-confirmation") < page.index("<h1")
    assert f"Saved for audit as record {record.pk}." in page
    assert re.search(r'class="alert alert-success saved-confirmation" role="status" tabindex="-1" autofocus', page)
    assert 'href="/models/kattan-2002/?age=50&size_cm=7&depth=deep' in page  # "Change these values"


@pytest.mark.django_db
def test_a_saved_sheet_shows_its_case_reference_once(client):
    page = page_of(save(client, "TB slot 4"))
    assert page.count("TB slot 4") == 1
    assert page.count("Case reference") == 1  # the record's, not the blank line to fill in by hand


@pytest.mark.django_db
def test_saving_shows_the_same_result_with_the_record_id(client):
    response = save(client, "TB slot 4")
    page = page_of(response)
    record = AuditRecord.objects.get()
    assert response.status_code == 200
    assert f"Saved for audit as record {record.pk}" in page
    assert re.search(rf'class="col-sm-9 audit-record-id">{record.pk}<', page)
    assert "TB slot 4" in page
    assert record.hash in page
    assert "41%" in page
    assert 'name="case_reference"' not in page
    # The id is not screen-only: it prints on the sheet.
    panel = page[page.index('<section aria-labelledby="audit-heading"') :]
    assert "screen-only" not in panel[: panel.index(">")]
    assert record.case_reference == "TB slot 4"
    assert record.outcomes == response.context["sheet"].prediction.outcomes


@pytest.mark.django_db
def test_saving_without_a_case_reference_is_allowed(client):
    response = save(client)
    assert response.status_code == 200
    assert AuditRecord.objects.get().case_reference == ""


@pytest.mark.django_db
def test_a_signed_in_user_is_recorded(client, django_user_model):
    user = django_user_model.objects.create_user("registrar", password="a long passphrase 1")
    sign_in(client, user)
    save(client)
    assert AuditRecord.objects.get().user == user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        ("2024-03-01", "looks like a date"),
        ("TB 01/03/2024", "looks like a date"),
        ("1.3.24 slot", "looks like a date"),
        ("born 1 Mar 2024", "looks like a date"),
        ("March 1, 1961", "looks like a date"),
        ("MRN 1234567", "contains a run of 7 digits, like a record number"),
        ("123456", "contains a run of 6 digits, like a record number"),
    ],
)
def test_identifier_looking_case_references_are_refused_with_the_reason(client, reference, reason):
    response = save(client, reference)
    page = page_of(response)
    assert AuditRecord.objects.count() == 0
    assert f"“{reference}” {reason}." in page
    assert "must not identify the patient: no names, dates of birth or record numbers." in page
    assert f'value="{reference}"' in page
    assert "41%" in page


@pytest.mark.django_db
@pytest.mark.parametrize("reference", ["TB slot 4", "MDT-2024-17", "ward 7 / case 12", "Sarcoma#3"])
def test_pseudonymous_case_references_are_accepted(client, reference):
    save(client, reference)
    assert AuditRecord.objects.get().case_reference == reference


@pytest.mark.django_db
@pytest.mark.parametrize("reference", ["x" * 65, "=HYPERLINK(1)", "-2+3"])
def test_overlong_or_formula_like_case_references_are_refused(client, reference):
    response = save(client, reference)
    assert AuditRecord.objects.count() == 0
    assert response.context["save_form"].errors["case_reference"]


def assert_not_saved_with_the_result_kept(response):
    """The documented 503 page: the reason, the result, the case reference as typed; nothing saved."""
    page = page_of(response)
    assert response.status_code == 503
    assert "Not saved: the database is unavailable or busy. Your result is unchanged: try again." in page
    assert "41%" in page
    assert 'value="TB slot 4"' in page
    assert AuditRecord.objects.count() == 0


@pytest.mark.django_db
def test_a_database_failure_keeps_the_result_and_what_was_typed_and_saves_nothing(client, monkeypatch):
    def unavailable(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(audit_views, "save_record", unavailable)
    response = save(client, "TB slot 4")
    assert_not_saved_with_the_result_kept(response)
    assert f'action="{SAVE_URL}?age=50' in page_of(response)


@pytest.mark.django_db
def test_a_failure_after_the_insert_leaves_no_half_written_record(client, monkeypatch):
    insert = AuditRecord.save

    def insert_then_lose_the_connection(record, *args, **kwargs):
        insert(record, *args, **kwargs)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(AuditRecord, "save", insert_then_lose_the_connection)
    response = save(client, "TB slot 4")
    assert response.status_code == 503
    assert AuditRecord.objects.count() == 0
    monkeypatch.undo()
    retried = save(client, "TB slot 4")
    assert retried.status_code == 200
    assert AuditRecord.objects.get().case_reference == "TB slot 4"


@pytest.mark.django_db(transaction=True)
def test_a_save_that_cannot_get_the_chain_lock_keeps_the_result_and_saves_nothing(client):
    with chain_locked_elsewhere(), short_lock_wait():
        response = save(client, "TB slot 4")
    assert_not_saved_with_the_result_kept(response)


@pytest.mark.usefixtures("committed_records")
@pytest.mark.parametrize("signed_in", [False, True])
def test_with_the_database_down_every_user_gets_the_503_page_with_the_result(client, django_user_model, signed_in):
    if signed_in:
        user = django_user_model.objects.create_user("registrar", password="a long passphrase 1")
        sign_in(client, user)
    with database_down():
        response = save(client, "TB slot 4")
    assert_not_saved_with_the_result_kept(response)
    if signed_in:
        # The session was left as it was: once the database is back, the save is the user's.
        assert save(client, "TB slot 4").status_code == 200
        assert AuditRecord.objects.get().user == user


@pytest.mark.django_db
def test_a_save_is_never_recorded_as_anonymous_when_the_session_could_not_be_read(client, django_user_model):
    sign_in(client, django_user_model.objects.create_user("registrar", password="a long passphrase 1"))
    # Reading the session fails (the database blinked); the save after it would succeed.
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(db_sessions.SessionStore, "load", side_effect=lost):
        response = save(client, "TB slot 4")
    assert response.status_code == 503
    assert AuditRecord.objects.count() == 0


@pytest.mark.django_db
def test_a_result_shown_from_another_model_version_is_not_saved(client):
    response = save(client, "TB slot 4", shown_sha256="0" * 64)
    page = page_of(response)
    assert response.status_code == 409
    assert "The model has been updated since this result was shown. Check the result below and save again." in page
    assert f'name="definition_sha256" value="{KATTAN.sha256}"' in page
    assert 'value="TB slot 4"' in page
    assert AuditRecord.objects.count() == 0


def test_invalid_inputs_send_the_user_back_to_the_result_page_which_says_why(client):
    response = save(client, inputs=dict(INPUTS, age="95"), follow=False)
    assert response.status_code == 302
    assert response.url.startswith(f"{RESULT_URL}?age=95")


def test_saving_needs_a_post(client):
    assert client.get(SAVE_URL, INPUTS).status_code == 405


def test_saving_needs_the_csrf_token():
    assert save(Client(enforce_csrf_checks=True), "TB slot 4").status_code == 403


def pdf_text(pdf, tmp_path):
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.django_db
def test_the_pdf_offered_after_saving_is_the_sheet_with_the_record_id(client, tmp_path):
    page = page_of(save(client, "TB slot 4"))
    record = AuditRecord.objects.get()
    pdf_url = re.search(r'href="(/audit/saved/[^"]+\.pdf)"', page).group(1)
    assert reverse("result-pdf", args=["kattan-2002"]) not in page
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="audit-record-{record.pk}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert f"Saved for audit as record {record.pk}" in text
    assert "TB slot 4" in text
    assert "41%" in text


@pytest.mark.django_db
def test_a_tampered_or_expired_pdf_link_is_refused(client, monkeypatch):
    page = page_of(save(client, "TB slot 4"))
    pdf_url = re.search(r'href="(/audit/saved/[^"]+\.pdf)"', page).group(1)
    record = AuditRecord.objects.get()
    other_record = pdf_url.replace(f"/audit/saved/{record.pk}:", f"/audit/saved/{record.pk + 1}:")
    assert other_record != pdf_url
    assert client.get(other_record).status_code == 404
    monkeypatch.setattr(links, "MAX_AGE", timedelta(seconds=-1))
    assert client.get(pdf_url).status_code == 404


@pytest.mark.django_db
def test_past_its_limit_an_address_saves_nothing_and_is_told_when_to_try_again(client, settings, monkeypatch):
    settings.SAVE_RATE_LIMIT = 2
    monkeypatch.setattr("django_ratelimit.core.time.time", lambda: 1_000_000 * 60)
    assert [save(client).status_code for _ in range(2)] == [200, 200]

    response = save(client, "TB slot 4")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert f"Nothing was saved: try again in {response['Retry-After']} seconds." in page_of(response)
    assert AuditRecord.objects.count() == 2
    assert save(client, REMOTE_ADDR="192.0.2.7").status_code == 200


@pytest.mark.django_db
def test_saved_sheet_pdfs_count_against_the_pdf_limit_with_result_sheets(client, settings, monkeypatch):
    settings.PDF_RATE_LIMIT = 1
    # One minute, however long a busy machine takes to make the first PDF.
    monkeypatch.setattr("django_ratelimit.core.time.time", lambda: 1_000_000 * 60)
    pdf_url = re.search(r'href="(/audit/saved/[^"]+\.pdf)"', page_of(save(client))).group(1)
    assert client.get(pdf_url).status_code == 200

    response = client.get(pdf_url)

    assert response.status_code == 429
    assert "at most 1 PDF result sheets a minute" in page_of(response)
    assert client.get(reverse("result-pdf", args=["kattan-2002"]), INPUTS).status_code == 429
