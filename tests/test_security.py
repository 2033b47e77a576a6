"""Security headers, cookies, sessions and the production deploy check."""

import html
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from .site_pages import pages

ROOT = Path(__file__).resolve().parent.parent
PAGES = pytest.mark.parametrize("site_page", pages(), ids=lambda site_page: site_page.id)


@pytest.fixture
def visit(db, django_user_model):
    """A function that gets a site page with a client, signed in as staff when the page needs it."""

    def get(site_page, client):
        if site_page.staff:
            client.force_login(django_user_model.objects.create_user(f"auditor-{secrets.token_hex(4)}", is_staff=True))
        response = client.get(site_page.resolve())
        assert response.status_code == 200, site_page.id
        return response

    return get


def csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_the_content_security_policy_allows_only_the_sites_own_files(client):
    directives = csp_directives(client.get(reverse("catalogue")))
    for name in ("default-src", "script-src", "style-src"):
        assert directives[name] == ["'self'"], name
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


@PAGES
def test_pages_have_no_inline_script_or_style(client, visit, site_page):
    page = visit(site_page, client).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline <script>"
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page), "style attribute"


@PAGES
def test_pages_refuse_framing_and_keep_their_address_to_themselves(client, visit, site_page):
    response = visit(site_page, client)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>.*?</form>", re.IGNORECASE | re.DOTALL)
FORM_ACTION = re.compile(r"<form\b[^>]*\baction=\"([^\"]*)\"", re.IGNORECASE)


def test_every_post_form_carries_a_csrf_token_and_is_refused_without_it(visit):
    browser = Client(enforce_csrf_checks=True)
    forms = []
    for site_page in pages():
        url = site_page.resolve()
        for form in POST_FORM.findall(visit(site_page, browser).content.decode()):
            action = FORM_ACTION.search(form)
            forms.append((site_page.id, html.unescape(action.group(1)) if action and action.group(1) else url, form))
    assert forms, "no POST form found: the walk over the pages is broken"
    for page_id, action, form in forms:
        assert 'name="csrfmiddlewaretoken"' in form, page_id
        assert browser.post(action, {}).status_code == 403, (page_id, action)


@pytest.fixture
def signed_in(client, db):
    client.force_login(get_user_model().objects.create_user("clinician", password=secrets.token_urlsafe()))
    return client


def session_cookie(response):
    return response.cookies["sessionid"]


def test_the_session_cookie_is_http_only_samesite_and_ends_with_the_browser(signed_in):
    cookie = session_cookie(signed_in.get(reverse("catalogue")))
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["expires"] and not cookie["max-age"]
    assert not cookie["secure"]  # development: served over plain HTTP


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_secure_cookies_when_served_over_https(signed_in):
    assert session_cookie(signed_in.get(reverse("catalogue"), secure=True))["secure"]


def test_a_session_ends_after_15_idle_minutes_and_each_request_restarts_the_clock(signed_in):
    session = Session.objects.get()
    session.expire_date = timezone.now() + timedelta(minutes=1)
    session.save()

    signed_in.get(reverse("catalogue"))

    left = Session.objects.get().expire_date - timezone.now()
    assert timedelta(minutes=14) < left <= timedelta(minutes=15)


@override_settings(SECURE_HSTS_SECONDS=3600)
def test_hsts_is_sent_over_https_when_configured(client):
    assert client.get(reverse("catalogue"), secure=True).headers["Strict-Transport-Security"] == "max-age=3600"


def deploy_check(**environment):
    """`manage.py check --deploy` with only the given DJANGO_* variables set."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(50), **environment)
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deploy_check():
    result = deploy_check(DJANGO_DEBUG="false", DJANGO_SECURE="true")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_when_not_served_over_https():
    result = deploy_check(DJANGO_DEBUG="false", DJANGO_SECURE="false")
    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE


def test_development_defaults_use_plain_http(reload_settings):
    loaded = reload_settings()
    assert (loaded.SESSION_COOKIE_SECURE, loaded.CSRF_COOKIE_SECURE, loaded.SECURE_SSL_REDIRECT) == (False,) * 3
    assert loaded.SECURE_HSTS_SECONDS == 0


def test_secure_turns_on_https_cookies_redirect_and_a_year_of_hsts(reload_settings):
    loaded = reload_settings(DJANGO_SECURE="true")
    assert (loaded.SESSION_COOKIE_SECURE, loaded.CSRF_COOKIE_SECURE, loaded.SECURE_SSL_REDIRECT) == (True,) * 3
    assert loaded.SECURE_HSTS_SECONDS == 365 * 24 * 3600


def test_hsts_and_the_redirect_can_be_set_on_their_own(reload_settings):
    loaded = reload_settings(DJANGO_SECURE="true", DJANGO_HSTS_SECONDS="600", DJANGO_SSL_REDIRECT="false")
    assert loaded.SECURE_HSTS_SECONDS == 600
    assert loaded.SECURE_SSL_REDIRECT is False
    with pytest.raises(ValueError, match="DJANGO_HSTS_SECONDS must be a whole number"):
        reload_settings(DJANGO_HSTS_SECONDS="a year")


def test_the_proxys_scheme_header_is_believed_only_when_configured(reload_settings):
    assert not hasattr(reload_settings(DJANGO_SECURE="true"), "SECURE_PROXY_SSL_HEADER")
    loaded = reload_settings(DJANGO_SECURE="true", DJANGO_TRUST_X_FORWARDED_PROTO="true")
    assert loaded.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_a_tls_proxy_https_requests_are_served_and_plain_ones_redirected(client):
    assert client.get(reverse("catalogue"), headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get(reverse("catalogue")).status_code == 301
