"""Every response that carries a patient's values says `Cache-Control: private, no-store`."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from calculator.audit.links import saved_sheet_pdf_url
from nomograms.registry import get_definition

from .audit import sign_in
from .site_pages import first_golden_inputs, result_url, save_an_audit_record, with_a_bad_value

KATTAN = get_definition("kattan-2002")
INPUTS = first_golden_inputs(KATTAN)


def assert_not_stored(response, status=200):
    assert response.status_code == status
    directives = {directive.strip() for directive in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_result_page_first_computed_and_then_from_the_server_cache(client, monkeypatch):
    url = result_url(KATTAN, INPUTS)
    assert_not_stored(client.get(url))

    def computing_refused(*args, **kwargs):
        raise RuntimeError("computed again")

    monkeypatch.setattr("calculator.sheets.predict_validated", computing_refused)
    again = client.get(url)  # the server's cache still answers, and the browser is still told not to keep it
    assert_not_stored(again)
    assert "41%" in again.content.decode()


def test_a_refused_form_and_a_change_these_values_link(client):
    assert_not_stored(client.get(result_url(KATTAN, with_a_bad_value(KATTAN, INPUTS))))
    assert_not_stored(client.get(reverse("model", args=[KATTAN.id]), INPUTS))


def test_the_result_pdf(client):
    response = client.get(reverse("result-pdf", args=[KATTAN.id]), INPUTS)
    assert response["Content-Type"] == "application/pdf"
    assert_not_stored(response)


@pytest.mark.parametrize("format_", ["json", "fhir"])
def test_an_api_prediction_and_a_refusal_that_echoes_the_values(client, format_):
    url = reverse("api:predict", args=[KATTAN.id]) + f"?format={format_}"
    values = {key: float(value) if key in ("age", "size_cm") else value for key, value in INPUTS.items()}
    assert_not_stored(client.post(url, json.dumps(values), content_type="application/json"))
    refused = client.post(url, json.dumps(dict(values, age=200)), content_type="application/json")
    assert_not_stored(refused, 422)


def test_the_scored_batch_download(client):
    header = ",".join(INPUTS) + "\n" + ",".join(INPUTS.values()) + "\n"
    upload = SimpleUploadedFile("patients.csv", header.encode(), content_type="text/csv")
    response = client.post(reverse("batch", args=[KATTAN.id]), {"file": upload})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert_not_stored(response)


@pytest.mark.django_db
def test_saving_for_audit_and_the_saved_sheets_pdf(client):
    save_url = f"{reverse('audit:save', args=[KATTAN.id])}?{result_url(KATTAN, INPUTS).split('?')[1]}"
    redirect = client.post(save_url, {"definition_sha256": KATTAN.sha256, "case_reference": "TB 4"})
    assert_not_stored(redirect, 303)
    saved = client.get(redirect["Location"])
    assert "Saved for audit as record" in saved.content.decode()
    assert_not_stored(saved)
    assert_not_stored(client.get(saved_sheet_pdf_url(save_an_audit_record())))


@pytest.mark.django_db
def test_the_staff_audit_pages(client, django_user_model):
    record = save_an_audit_record()
    sign_in(client, django_user_model.objects.create_superuser("admin", password="a long passphrase 2"))
    for url in (
        reverse("audit:record_list"),
        reverse("audit:record_detail", args=[record.pk]),
        reverse("audit:export_csv"),
        reverse("admin:audit_auditrecord_change", args=[record.pk]),
    ):
        assert_not_stored(client.get(url))


def test_pages_without_patient_values_stay_cacheable(client):
    for url in (reverse("catalogue"), reverse("model", args=[KATTAN.id]), reverse("api:models")):
        assert "no-store" not in client.get(url).get("Cache-Control", "")
