"""Failed sign-ins lock out one username from one client address (django-axes); the sign-in page says why."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import authenticate, get_user_model
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_hashing_and_a_limit_of_three(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_FAILURE_LIMIT = 3


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("registrar", password=PASSWORD, is_staff=True)


def sign_in(username, password, address="10.0.0.1"):
    return authenticate(RequestFactory().post("/", REMOTE_ADDR=address), username=username, password=password)


def fail(times, username="registrar", address="10.0.0.1"):
    for _ in range(times):
        assert sign_in(username, "wrong", address) is None


def test_the_right_password_is_refused_once_a_username_has_used_up_its_failures_from_that_address(staff):
    fail(2)
    assert sign_in("registrar", PASSWORD) == staff
    fail(3)
    assert sign_in("registrar", PASSWORD) is None


def test_an_attacker_elsewhere_cannot_lock_a_colleague_out(staff):
    fail(10, address="203.0.113.9")
    assert sign_in("registrar", PASSWORD, address="203.0.113.9") is None
    assert sign_in("registrar", PASSWORD, address="10.0.0.1") == staff


def test_signing_in_clears_the_users_failures(client, staff):
    fail(2, address="127.0.0.1")
    client.post(reverse("login"), {"username": "registrar", "password": PASSWORD})
    client.logout()
    fail(2, address="127.0.0.1")
    assert sign_in("registrar", PASSWORD, address="127.0.0.1") == staff


def test_the_pause_ends_15_minutes_after_the_last_counted_failure(staff):
    fail(3)
    fail(5)  # attempts while paused do not extend the pause
    assert sign_in("registrar", PASSWORD) is None
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=15, seconds=1))
    assert sign_in("registrar", PASSWORD) == staff


def test_lockouts_and_failures_are_kept_for_the_administrators(staff):
    fail(3)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("registrar", "10.0.0.1", 3)
    assert AccessFailureLog.objects.filter(username="registrar", locked_out=True).count() == 1


def test_the_sign_in_page_says_why_it_refuses_a_throttled_user(client, staff):
    for _ in range(2):
        response = client.post(reverse("login"), {"username": "registrar", "password": "wrong"})
        assert "Please enter a correct username and password" in response.content.decode()
    # Announced to screen readers, not only shown.
    assert 'class="alert alert-block alert-danger" role="alert"' in response.content.decode()

    # The failure that locks the username out already says so, and so does every attempt after it.
    for password in ("wrong", PASSWORD):
        response = client.post(reverse("login"), {"username": "registrar", "password": password})

        assert response.status_code == 200  # the form again, not the redirect of a signed-in user
        assert "signing in is paused for up to 15 minutes" in response.content.decode()
        assert 'value="registrar"' in response.content.decode()  # what was typed is kept
        assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_is_locked_out_too(client, staff):
    for _ in range(3):
        response = client.post(reverse("admin:login"), {"username": "registrar", "password": "wrong"})
    assert "signing in is paused for up to 15 minutes" in response.content.decode()
    response = client.post(reverse("admin:login"), {"username": "registrar", "password": PASSWORD})
    assert "signing in is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_sign_in_form_is_refused_without_its_csrf_token(staff):
    browser = Client(enforce_csrf_checks=True)
    credentials = {"username": "registrar", "password": PASSWORD}

    assert browser.post(reverse("login"), credentials).status_code == 403

    token = browser.get(reverse("login")).context["csrf_token"]
    response = browser.post(reverse("login"), {**credentials, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
