"""Staff pages of the audit trail: the filtered list, a record as its result sheet, CSV export."""

import csv
import html
import io
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from calculator.audit.models import AuditRecord
from calculator.audit.services import save_record

from .audit import kattan_prediction, sign_in, triggers_disabled

pytestmark = pytest.mark.django_db

LIST_URL = reverse("audit:record_list")
EXPORT_URL = reverse("audit:export_csv")


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_user("auditor", is_staff=True)
    sign_in(client, user)
    return user


@pytest.fixture
def records():
    """Three kattan-2002 records saved on 1, 2 and 3 March 2026, and one of a retired version."""
    saved = [save_record(kattan_prediction(), f"TB slot {day}") for day in (1, 2, 3)]
    prediction = kattan_prediction()
    retired = replace(prediction, definition=replace(prediction.definition, id="old-model", version="0.9.0"))
    saved.append(save_record(retired, "TB slot 9"))
    # The save time is the database's own; set the dates the filters are tested against.
    with triggers_disabled():
        for record, day in zip(saved, (1, 2, 3, 3), strict=True):
            AuditRecord.objects.filter(pk=record.pk).update(created_at=datetime(2026, 3, day, 12, tzinfo=UTC))
    return saved


def page_of(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    "url",
    [LIST_URL, EXPORT_URL, reverse("audit:record_detail", args=[1]), reverse("admin:audit_auditrecord_changelist")],
)
def test_signed_out_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(("/accounts/login/?next=", "/admin/login/?next="))


@pytest.mark.parametrize("url", [LIST_URL, EXPORT_URL, reverse("audit:record_detail", args=[1])])
def test_signed_in_users_who_are_not_staff_are_refused(client, django_user_model, url):
    sign_in(client, django_user_model.objects.create_user("registrar"))
    assert client.get(url).status_code == 403


def test_the_sign_in_page_is_the_standard_login_view(client):
    response = client.get(reverse("login"), {"next": LIST_URL})
    page = page_of(response)
    assert response.status_code == 200
    assert 'name="username"' in page
    assert 'name="password"' in page
    assert f'name="next" value="{LIST_URL}"' in page


def test_staff_see_every_record_newest_first(client, staff, records):
    page = page_of(client.get(LIST_URL))
    positions = [page.index(f"TB slot {day}") for day in (9, 3, 2, 1)]
    assert positions == sorted(positions)
    assert f'href="{reverse("audit:record_detail", args=[records[0].pk])}"' in page


def test_the_list_filters_by_model_and_date_range(client, staff, records):
    response = client.get(LIST_URL, {"model": "kattan-2002", "saved_from": "2026-03-02", "saved_to": "2026-03-03"})
    shown = [record.case_reference for record in response.context["page"]]
    assert shown == ["TB slot 3", "TB slot 2"]
    page = page_of(response)
    assert f"{EXPORT_URL}?model=kattan-2002&saved_from=2026-03-02&saved_to=2026-03-03" in page
    assert 'type="date" name="saved_from" value="2026-03-02"' in page


def test_an_invalid_filter_shows_its_error_and_no_records(client, staff, records):
    response = client.get(LIST_URL, {"saved_from": "yesterday"})
    assert list(response.context["page"]) == []
    assert "Enter a valid date." in page_of(response)


def test_the_csv_export_holds_the_filtered_records_in_full(client, staff, records):
    response = client.get(EXPORT_URL, {"model": "kattan-2002", "saved_to": "2026-03-02"})
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["case_reference"] for row in rows] == ["TB slot 1", "TB slot 2"]
    first = AuditRecord.objects.get(pk=records[0].pk)
    assert rows[0]["id"] == str(first.pk)
    assert rows[0]["saved_at_utc"] == "2026-03-01T12:00:00+00:00"
    assert rows[0]["model"] == "kattan-2002"
    assert rows[0]["definition_sha256"] == first.definition_sha256
    assert json.loads(rows[0]["inputs"]) == first.inputs
    assert json.loads(rows[0]["probabilities"]) == first.outcomes
    assert json.loads(rows[0]["points"]) == first.points
    assert rows[0]["hash"] == first.hash
    assert rows[1]["previous_hash"] == first.hash


def test_a_record_shows_as_its_result_sheet_with_its_stored_outputs(client, staff, records):
    record = AuditRecord.objects.get(pk=records[1].pk)
    response = client.get(reverse("audit:record_detail", args=[record.pk]))
    page = page_of(response)
    assert response.status_code == 200
    assert response.context["sheet"].prediction.outcomes == record.outcomes
    assert "12-year probability of sarcoma-specific death" in page
    assert "41%" in page
    assert "50 years" in page
    assert f"Saved for audit as record {record.pk}" in page
    assert "2026-03-02 12:00:00 UTC" in page
    assert "TB slot 2" in page
    assert record.definition_sha256 in page
    assert 'name="case_reference"' not in page


def test_a_record_of_a_model_no_longer_installed_shows_its_stored_content(client, staff, records):
    response = client.get(reverse("audit:record_detail", args=[records[3].pk]))
    page = page_of(response)
    assert response.status_code == 200
    assert "model old-model is not installed" in page
    assert "0.9.0" in page
    assert '"depth":"deep"' in page
    assert '{"ssd_12y":0.407' in page
    assert "TB slot 9" in page


def test_the_admin_shows_records_read_only(client, django_user_model, records):
    admin = django_user_model.objects.create_superuser("admin", password="a long passphrase 2")
    sign_in(client, admin)
    record = records[0]
    assert client.get(reverse("admin:audit_auditrecord_changelist")).status_code == 200
    change_page = page_of(client.get(reverse("admin:audit_auditrecord_change", args=[record.pk])))
    assert record.hash in change_page
    assert 'name="_save"' not in change_page
    assert client.get(reverse("admin:audit_auditrecord_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditrecord_delete", args=[record.pk])).status_code == 403
    client.post(reverse("admin:audit_auditrecord_change", args=[record.pk]), {"case_reference": "changed"})
    assert AuditRecord.objects.get(pk=record.pk).case_reference == "TB slot 1"


def test_staff_can_sign_out_from_the_list(client, staff):
    page = page_of(client.get(LIST_URL))
    assert f'action="{reverse("logout")}"' in page
    response = client.post(reverse("logout"), {"next": "/"})
    assert response.status_code == 302
    assert client.get(LIST_URL).status_code == 302
