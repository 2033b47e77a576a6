"""Failed sign-ins are limited per username and per client address (login_throttle)."""

import time

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

PASSWORD = "correct horse battery staple"
LIMITS = override_settings(
    LOGIN_FAILURES_PER_USERNAME=3, LOGIN_FAILURES_PER_ADDRESS=5, LOGIN_FAILURE_WINDOW_SECONDS=900
)


@pytest.fixture(autouse=True)
def empty_cache_and_quick_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("registrar", password=PASSWORD, is_staff=True)


def sign_in(username, password, address="10.0.0.1"):
    return authenticate(RequestFactory().post("/", REMOTE_ADDR=address), username=username, password=password)


def fail(times, username="registrar", address="10.0.0.1"):
    for _ in range(times):
        assert sign_in(username, "wrong", address) is None


@LIMITS
def test_the_right_password_is_refused_once_a_username_has_used_up_its_failures(staff):
    fail(2)
    assert sign_in("registrar", PASSWORD) == staff
    fail(3)
    assert sign_in("registrar", PASSWORD) is None
    assert sign_in("registrar", PASSWORD, address="10.0.0.2") is None  # from anywhere
    assert sign_in("Registrar", PASSWORD) is None  # however it is capitalised


@LIMITS
def test_signing_in_clears_the_users_failures(client, staff):
    fail(2, address="127.0.0.1")
    client.post(reverse("login"), {"username": "registrar", "password": PASSWORD})
    client.logout()
    fail(2, address="127.0.0.1")
    assert sign_in("registrar", PASSWORD, address="127.0.0.1") == staff


@LIMITS
def test_an_address_trying_many_usernames_is_stopped_and_others_are_not(staff):
    for number in range(5):
        fail(1, username=f"guess{number}")
    assert sign_in("registrar", PASSWORD) is None
    assert sign_in("registrar", PASSWORD, address="10.0.0.2") == staff


@LIMITS
def test_the_pause_ends_when_the_window_does(staff, monkeypatch):
    fail(3)
    assert sign_in("registrar", PASSWORD) is None
    later = time.time() + 901
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later)
    assert sign_in("registrar", PASSWORD) == staff


@LIMITS
def test_the_sign_in_page_says_why_it_refuses_a_throttled_user(client, staff):
    for _ in range(3):
        response = client.post(reverse("login"), {"username": "registrar", "password": "wrong"})
        assert "Please enter a correct username and password" in response.content.decode()
    # Announced to screen readers, not only shown.
    assert 'class="alert alert-block alert-danger" role="alert"' in response.content.decode()

    response = client.post(reverse("login"), {"username": "registrar", "password": PASSWORD})

    assert response.status_code == 200  # the form again, not the redirect of a signed-in user
    assert "signing in is paused for up to 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_sign_in_form_is_refused_without_its_csrf_token(staff):
    browser = Client(enforce_csrf_checks=True)
    credentials = {"username": "registrar", "password": PASSWORD}

    assert browser.post(reverse("login"), credentials).status_code == 403

    token = browser.get(reverse("login")).context["csrf_token"]
    response = browser.post(reverse("login"), {**credentials, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
