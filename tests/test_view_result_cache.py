"""A result sheet kept by its permalink (calculator/result_pages.py): opening it again computes
nothing, yet every request gets its own CSRF token and its own time, from any process."""

import dataclasses
import html
import importlib
import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django_htmx.middleware import HtmxDetails

from calculator import result_pages
from calculator.audit.models import AuditRecord

from .golden import as_text, cases_for

CASE = cases_for("kattan-2002")[0]
INPUTS = as_text(CASE["inputs"])
URL = reverse("result", args=["kattan-2002"])


def results_section(response):
    page = response.content.decode()
    section = page[page.index('aria-labelledby="results-heading"') :]
    return section[: section.index("</section>")]


def csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def computing_refused(*args, **kwargs):
    raise RuntimeError("computed again")


def test_opening_a_result_again_computes_nothing_and_shows_the_same_result(client, monkeypatch):
    first = client.get(URL, INPUTS)
    monkeypatch.setattr("calculator.sheets.predict_validated", computing_refused)
    again = client.get(URL, INPUTS)
    assert again.status_code == 200
    assert "41%" in results_section(again)
    assert results_section(again) == results_section(first)


def test_other_inputs_are_another_page(client):
    client.get(URL, INPUTS)
    other = client.get(URL, dict(INPUTS, grade="low"))
    assert "41%" not in results_section(other)


def test_each_request_shows_its_own_time_of_calculation(client, monkeypatch):
    for moment in (datetime(2026, 11, 26, 9, 30, 5, tzinfo=UTC), datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)):
        monkeypatch.setattr("django.utils.timezone.now", lambda moment=moment: moment)
        page = client.get(URL, INPUTS).content.decode()
        shown = moment.strftime("%Y-%m-%d %H:%M:%S")
        assert f'<time datetime="{moment.isoformat()}">{shown} UTC</time>' in page
        assert "0001-01-01" not in page


@pytest.mark.django_db
def test_a_page_from_the_cache_carries_its_readers_own_token_which_saves():
    first_reader, second_reader = Client(), Client(enforce_csrf_checks=True)
    first_token = csrf_token(first_reader.get(URL, INPUTS))
    page = second_reader.get(URL, INPUTS)
    token = csrf_token(page)
    assert token != first_token
    assert first_token not in page.content.decode()
    assert_saves_from(second_reader, page, token)


def assert_saves_from(reader, page, token):
    # Post the form as a browser would: to its action, with its hidden fields.
    form = page.content.decode()
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)"', form)[1])
    shown_sha256 = re.search(r'name="definition_sha256" value="([0-9a-f]{64})"', form)[1]
    saved = reader.post(action, {"csrfmiddlewaretoken": token, "case_reference": "", "definition_sha256": shown_sha256})
    assert saved.status_code == 303  # on to the saved record's page
    assert AuditRecord.objects.count() == 1


@pytest.mark.django_db
def test_a_page_cached_by_one_process_saves_when_another_process_serves_it():
    Client().get(URL, INPUTS)
    # Another worker: the module loaded afresh, with nothing of the first process's state.
    importlib.reload(result_pages)
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(URL, INPUTS)
    assert_saves_from(reader, page, csrf_token(page))


def test_the_cache_holds_nothing_that_belongs_to_one_request(client, kattan):
    page = client.get(URL, INPUTS)
    cached = "".join(cache.get(result_pages.cache_key(page.wsgi_request, kattan)))
    assert "41%" in cached
    assert csrf_token(page) not in cached
    assert "<time" not in cached


def test_with_the_cache_off_every_request_computes(client, monkeypatch, settings):
    settings.RESULT_PAGE_CACHE_SECONDS = 0
    client.get(URL, INPUTS)
    monkeypatch.setattr("calculator.sheets.predict_validated", computing_refused)
    with pytest.raises(RuntimeError, match="computed again"):
        client.get(URL, INPUTS)


def test_a_changed_definition_never_reads_a_page_of_the_old_one(kattan):
    request = RequestFactory().get(URL, INPUTS)
    request.htmx = HtmxDetails(request)  # as django-htmx's middleware sets it
    changed = dataclasses.replace(kattan, sha256="0" * 64)
    assert result_pages.cache_key(request, changed) != result_pages.cache_key(request, kattan)


def test_the_same_permalink_under_another_prefix_is_another_page(client):
    # Two mounts of the site (say /nomograms/ and the root) may share one cache: each page's links
    # must stay its own.
    set_script_prefix("/nomograms/")  # as Django's WSGI handler does from SCRIPT_NAME; the test client does not
    try:
        under_prefix = client.get(URL, INPUTS).content.decode()
    finally:
        clear_script_prefix()
    at_root = client.get(URL, INPUTS).content.decode()

    compare = reverse("compare", args=["kattan-2002"])
    assert f'href="/nomograms{compare}?' in under_prefix
    assert f'href="{compare}?' in at_root
    assert 'href="/nomograms' not in at_root
