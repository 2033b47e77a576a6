"""Two separate app servers (gunicorn, two workers each, different ports) on one PostgreSQL and one
Redis, as in production behind a load balancer: every limit holds at exactly its configured
number across both, concurrent saves through both leave one intact chain, and a result page
cached by one server can be saved from through the other.

Needs PostgreSQL and Redis: it runs in the PostgreSQL run of `make test` (scripts/test-on-postgres)
when TEST_REDIS_URL names a Redis server (.ci/run starts one with scripts/start-test-redis).
"""

import html
import os
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from io import StringIO
from itertools import cycle
from urllib.parse import urlencode

import pytest
import redis
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django_ratelimit.core import get_usage

from calculator.audit.models import AuditRecord

from .app_servers import HOST, gunicorn
from .audit import KATTAN_CASE
from .golden import as_text

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
pytestmark = [
    # Every test here reaches the database through the servers, also those pytest-django cannot see doing it.
    pytest.mark.database,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not REDIS_URL,
        reason="needs PostgreSQL and TEST_REDIS_URL: runs in scripts/test-on-postgres with a Redis server",
    ),
]

LIMITS = {"API_RATE_LIMIT": 8, "PDF_RATE_LIMIT": 2, "BATCH_RATE_LIMIT": 2, "SAVE_RATE_LIMIT": 30}
SIGN_IN_FAILURES = 5  # AXES_FAILURE_LIMIT
INPUTS = as_text(KATTAN_CASE["inputs"])
PASSWORD = "a long passphrase for the registrar"
ANOTHER_ADDRESS = "127.0.0.2"  # loopback too: the servers see it as another client
# The servers sign records with this key, and this test process verifies with it.
AUDIT_KEY = "two-app-servers-test-audit-key-" + "k" * 32


@pytest.fixture(scope="module")
def shared_redis():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"TEST_REDIS_URL is set but Redis does not answer: {error}")
    return client


@pytest.fixture(scope="module")
def servers(django_db_setup, shared_redis):
    """Two gunicorns on the test database and the test Redis: their base URLs."""
    database = settings.DATABASES["default"]
    environment = {
        **os.environ,
        "DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**database),
        "REDIS_URL": REDIS_URL,
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "AUDIT_KEY": AUDIT_KEY,
        # On a busy shared machine a PDF can take longer than gunicorn's 30 s, which would end its worker.
        "GUNICORN_CMD_ARGS": "--timeout 180",
        **{name: str(limit) for name, limit in LIMITS.items()},
    }
    with ExitStack() as stack:
        ports = [stack.enter_context(gunicorn(environment, workers=2))[0] for _ in range(2)]
        yield [f"http://{HOST}:{port}" for port in ports]


@pytest.fixture
def fresh_counts(shared_redis):
    shared_redis.flushdb()


def from_address(address):
    """A requests session whose connections come from `address`."""

    class SourceAddressAdapter(requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, source_address=(address, 0), **kwargs)

    session = requests.Session()
    session.mount("http://", SourceAddressAdapter())
    return session


def with_a_fresh_window(seconds_needed=15):
    """Wait, if need be, until 127.0.0.1's one-minute window (django-ratelimit's, in which each
    address starts its minute at its own second) has `seconds_needed` left, so that a burst of
    requests is counted in one window."""
    usage = get_usage(RequestFactory().get("/", REMOTE_ADDR=HOST), group="probe", key="ip", rate="1/m")
    seconds_left = usage["time_left"] + 1
    if seconds_left < seconds_needed:
        time.sleep(seconds_left + 0.5)


def in_parallel(requests_to_send):
    """Send (method, url, keyword arguments) all at once; the status codes, counted."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = pool.map(lambda request: request[0](request[1], timeout=120, **request[2]), requests_to_send)
        return Counter(response.status_code for response in responses)


def through_both(servers, count, send, path, **keywords):
    """`count` requests of `path`, sent in turn to each server."""
    return [(send, base + path, keywords) for base, _ in zip(cycle(servers), range(count), strict=False)]


def form_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]


@pytest.mark.usefixtures("fresh_counts")
def test_the_api_limit_holds_across_both_servers(servers):
    with_a_fresh_window()
    session = requests.Session()
    counts = in_parallel(through_both(servers, 2 * LIMITS["API_RATE_LIMIT"], session.get, "/api/v1/models"))
    assert counts == {200: LIMITS["API_RATE_LIMIT"], 429: LIMITS["API_RATE_LIMIT"]}


@pytest.mark.usefixtures("fresh_counts")
def test_the_pdf_limit_holds_across_both_servers(servers):
    # Room for every request to be counted in one window, even with each worker busy on a PDF.
    with_a_fresh_window(seconds_needed=40)
    session = requests.Session()
    path = f"{reverse('result-pdf', args=['kattan-2002'])}?{urlencode(INPUTS)}"
    counts = in_parallel(through_both(servers, LIMITS["PDF_RATE_LIMIT"] + 3, session.get, path))
    assert counts == {200: LIMITS["PDF_RATE_LIMIT"], 429: 3}


@pytest.mark.usefixtures("fresh_counts")
def test_the_batch_limit_holds_across_both_servers(servers):
    session = requests.Session()
    path = reverse("batch", args=["kattan-2002"])
    token = form_token(session.get(servers[0] + path))
    csv = ",".join(INPUTS) + "\n" + ",".join(INPUTS.values()) + "\n"
    with_a_fresh_window()
    counts = in_parallel(
        through_both(
            servers,
            LIMITS["BATCH_RATE_LIMIT"] + 2,
            session.post,
            path,
            data={"csrfmiddlewaretoken": token},
            files={"file": ("patients.csv", csv)},
        )
    )
    assert counts == {200: LIMITS["BATCH_RATE_LIMIT"], 429: 2}


def sign_in_form(servers, session, password):
    token = form_token(session.get(servers[0] + reverse("login"), timeout=60))
    return {"csrfmiddlewaretoken": token, "username": "registrar", "password": password}


def sign_in_attempts(servers, session, count, password):
    """`count` sign-ins of the registrar with `password`, through each server in turn."""
    form = sign_in_form(servers, session, password)
    return through_both(servers, count, session.post, reverse("login"), data=form, allow_redirects=False)


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_lockout_holds_at_its_limit_across_both_servers(servers):
    get_user_model().objects.create_user("registrar", password=PASSWORD, is_staff=True)
    session = requests.Session()
    # One failure short of the limit, through both servers at once: the right password still works.
    in_parallel(sign_in_attempts(servers, session, SIGN_IN_FAILURES - 1, "wrong"))
    assert in_parallel(sign_in_attempts(servers[1:], session, 1, PASSWORD)) == {302: 1}
    session.cookies.clear()

    # Signing in cleared the count; now the limit itself: the right password is refused.
    in_parallel(sign_in_attempts(servers, session, SIGN_IN_FAILURES, "wrong"))
    form = sign_in_form(servers, session, PASSWORD)
    refused = session.post(servers[1] + reverse("login"), data=form, allow_redirects=False, timeout=60)
    assert refused.status_code == 200
    assert "signing in is paused" in refused.text

    # Only that username from that address: the registrar signs in from elsewhere.
    elsewhere = from_address(ANOTHER_ADDRESS)
    assert in_parallel(sign_in_attempts(servers, elsewhere, 1, PASSWORD)) == {302: 1}


@pytest.mark.usefixtures("fresh_counts", "committed_records")
def test_concurrent_saves_through_both_servers_leave_one_intact_chain_and_stop_at_the_limit(servers, settings):
    session = requests.Session()
    result = session.get(servers[0] + reverse("result", args=["kattan-2002"]), params=INPUTS)
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)"', result.text)[1])
    form = {
        "csrfmiddlewaretoken": form_token(result),
        "definition_sha256": re.search(r'name="definition_sha256" value="([0-9a-f]{64})"', result.text)[1],
        "case_reference": "",
    }
    with_a_fresh_window()
    counts = in_parallel(through_both(servers, LIMITS["SAVE_RATE_LIMIT"] + 4, session.post, action, data=form))

    assert counts == {200: LIMITS["SAVE_RATE_LIMIT"], 429: 4}
    assert AuditRecord.objects.count() == LIMITS["SAVE_RATE_LIMIT"]
    settings.AUDIT_KEY = AUDIT_KEY
    out = StringIO()
    call_command("audit", "verify", stdout=out)  # raises CommandError, naming each problem, unless intact
    assert out.getvalue().strip() == f"{LIMITS['SAVE_RATE_LIMIT']} records verified"


@pytest.mark.usefixtures("fresh_counts", "committed_records")
def test_a_result_page_cached_by_one_server_is_saved_from_through_the_other(servers, shared_redis):
    first, second = servers
    path = reverse("result", args=["kattan-2002"])
    assert requests.get(first + path, params=INPUTS, timeout=60).status_code == 200
    assert len(shared_redis.keys("*result-page*")) == 1  # the first server kept the page

    reader = requests.Session()
    page = reader.get(second + path, params=INPUTS, timeout=60)
    assert len(shared_redis.keys("*result-page*")) == 1  # the second server read it, kept no other
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)"', page.text)[1])
    form = {
        "csrfmiddlewaretoken": form_token(page),
        "definition_sha256": re.search(r'name="definition_sha256" value="([0-9a-f]{64})"', page.text)[1],
        "case_reference": "TB slot 4",
    }
    saved = reader.post(second + action, data=form, timeout=60)

    assert saved.status_code == 200
    record = AuditRecord.objects.get()
    assert f"Saved for audit as record {record.pk}" in html.unescape(saved.text)
