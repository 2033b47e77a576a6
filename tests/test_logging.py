"""Every server error is logged, with its traceback and without patient values."""

import io
import logging

import pytest
from django.test import Client
from django.urls import reverse

from nomograms.registry import get_definition

from .site_pages import first_golden_inputs, result_url

KATTAN = get_definition("kattan-2002")
INPUTS = dict(first_golden_inputs(KATTAN), age="57.25")


@pytest.fixture
def log():
    """What the site's configured handler writes, as text."""
    handler = next(handler for handler in logging.getLogger("django").handlers if handler.name == "stderr")
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


def failing_engine(definition, values):
    raise ZeroDivisionError(f"cannot score age {values['age']}")


def test_a_server_error_is_logged_with_its_traceback_but_no_patient_values(log, monkeypatch):
    monkeypatch.setattr("calculator.sheets.predict_validated", failing_engine)
    response = Client(raise_request_exception=False).get(result_url(KATTAN, INPUTS))
    assert response.status_code == 500
    text = log.getvalue()
    assert "ERROR django.request Internal Server Error: /models/kattan-2002/result" in text
    assert 'calculator/sheets.py", line' in text and "in build_result_sheet" in text
    assert "builtins.ZeroDivisionError (message withheld: it may quote patient values)" in text
    assert "57.25" not in text
    assert "age=" not in text


def test_a_server_error_in_the_api_is_logged_without_the_body(log, monkeypatch):
    monkeypatch.setattr("calculator.api.views.predict_from_json", failing_engine)
    url = reverse("api:predict", args=[KATTAN.id])
    response = Client(raise_request_exception=False).post(url, {"age": 57.25}, content_type="application/json")
    assert response.status_code == 500
    text = log.getvalue()
    assert f"Internal Server Error: {url}" in text
    assert "57.25" not in text


def test_request_lines_are_logged_without_their_query_string(log):
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /models/kattan-2002/result?age=57.25&size_cm=7 HTTP/1.1", "200", "1234"
    )
    assert '"GET /models/kattan-2002/result?[query withheld] HTTP/1.1" 200 1234' in log.getvalue()
    assert "57.25" not in log.getvalue()


def test_a_client_error_is_logged_as_a_warning_with_its_path_only(log, client):
    client.get(reverse("result", args=["no-such-model"]), {"age": "57.25"})
    assert "WARNING django.request Not Found: /models/no-such-model/result" in log.getvalue()
    assert "57.25" not in log.getvalue()
