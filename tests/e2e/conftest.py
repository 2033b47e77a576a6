"""End-to-end tests: Playwright drives Debian's Chromium against pytest-django's live server.

The browser is the system one (`/usr/bin/chromium`, from scripts/system-packages.txt): Playwright
never downloads a browser here.
"""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
# The machine has no network but the package registries: without these switches Chromium keeps
# trying its background services (updates, sync, QUIC probes) and slows every page down.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an asyncio loop in the main thread for the rest of the session, and
# Django then refuses database calls from that thread (the live server's flush, and every later
# test that touches the database). Nothing here is async code, so the check does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-packages (make test does)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def site(live_server, page):
    """A page, with a function that opens a path of the live server in it."""
    page.set_default_timeout(10_000)

    def visit(path):
        response = page.goto(live_server.url + path)
        assert response.ok, f"{path} answered {response.status}"
        return page

    return visit


@pytest.fixture
def console_errors(page):
    """Messages the browser logs as errors (a refused inline style or script, a missing file)."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors
