"""End-to-end tests: Playwright drives Debian's Chromium against pytest-django's live server.

The browser is the system one (`/usr/bin/chromium`, from scripts/system-packages.txt): Playwright
never downloads a browser here.
"""

import os

import pytest
from django.conf import settings
from django.test import Client
from pytest_django.live_server_helper import LiveServer

from calculator.audit.models import AuditRecord

from ..audit import triggers_disabled
from .chromium import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an asyncio loop in the main thread for the rest of the session, and
# Django then refuses database calls from that thread (the live server's flush, and every later
# test that touches the database). Nothing here is async code, so the check does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def live_server(collected_static_files):
    """pytest-django's live server, with static files served as in production: by WhiteNoise from
    the collected, content-hashed files, not by Django's test handler from the source folders."""
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-packages (make test does)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def sign_in_as_staff(page, base_url, user_model, username="auditor"):
    """Give the browser the session of a new staff user, as if they had signed in."""
    client = Client()
    client.force_login(user_model.objects.create_user(username, is_staff=True))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


@pytest.fixture
def site(live_server, page, django_user_model):
    """A page, with a function that opens a path of the live server in it (signed in as staff first
    when `staff` is true)."""
    page.set_default_timeout(10_000)

    def visit(path, staff=False):
        if staff:
            sign_in_as_staff(page, live_server.url, django_user_model)
        response = page.goto(live_server.url + path)
        assert response.ok, f"{path} answered {response.status}"
        assert page.url == live_server.url + path, f"{path} was sent on to {page.url}"
        return page

    yield visit
    # Audit records are append-only, so the database flush after the test could not remove them.
    if AuditRecord.objects.exists():
        with triggers_disabled():
            AuditRecord.objects.all().delete()


@pytest.fixture
def console_errors(page):
    """Messages the browser logs as errors (a refused inline style or script, a missing file)."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors
