"""Error pages: styled like the site, with its navigation, and saying what to do next."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

NAVIGATION = ('aria-label="Site"', 'href="/about/models"', 'href="/about/leiomyosarcoma"')


def assert_site_page(response, status, heading):
    page = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert heading in page
    for part in NAVIGATION:
        assert part in page
    assert 'href="/"' in page


def test_a_missing_page_is_a_styled_404(client):
    assert_site_page(client.get("/no/such/page"), 404, "Page not found")


def test_an_unknown_model_is_a_styled_404(client):
    assert_site_page(client.get(reverse("model", args=["nomodel"])), 404, "Page not found")


@pytest.mark.django_db
def test_a_signed_in_non_staff_user_gets_a_styled_403(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("clinician"))
    assert_site_page(client.get(reverse("audit:record_list")), 403, "You may not open this page")


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_gets_a_styled_403():
    response = Client(enforce_csrf_checks=True).post(reverse("audit:save", args=["kattan-2002"]))
    assert_site_page(response, 403, "This form could not be accepted")


def failing(exception):
    def fail(*args, **kwargs):
        raise exception

    return fail


def test_a_server_error_is_a_styled_500(monkeypatch):
    monkeypatch.setattr("calculator.views.all_definitions", failing(RuntimeError("boom")))
    response = Client(raise_request_exception=False).get(reverse("catalogue"))
    assert_site_page(response, 500, "Something went wrong on our side")
    assert "boom" not in response.content.decode()


def test_an_unreachable_database_is_a_styled_503_with_retry_after(monkeypatch):
    monkeypatch.setattr("calculator.views.all_definitions", failing(OperationalError("connection refused")))
    response = Client(raise_request_exception=False).get(reverse("catalogue"))
    assert_site_page(response, 503, "Temporarily unavailable")
    assert response["Retry-After"] == "60"
