"""With Redis down, results are computed afresh and rate limits let requests through; each
failure is logged as a warning (calculator/cache.py)."""

import logging
import socket

import pytest
from django.test import override_settings

from nomograms.registry import get_definition

from .api_client import post_json
from .site_pages import first_golden_case, first_golden_inputs, result_url

KATTAN = get_definition("kattan-2002")
INPUTS = first_golden_inputs(KATTAN)
JSON_INPUTS = first_golden_case(KATTAN)[0]["inputs"]


@pytest.fixture
def redis_down():
    """The cache pointed at a local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cache = {
        "BACKEND": "calculator.cache.RedisCacheThatDegrades",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    with override_settings(CACHES={"default": cache}):
        yield


def test_a_result_page_is_computed_and_the_failure_logged(redis_down, client, caplog):
    with caplog.at_level(logging.WARNING, logger="calculator.cache"):
        for _ in range(2):
            response = client.get(result_url(KATTAN, INPUTS))
            assert response.status_code == 200
            assert "41%" in response.content.decode()
    assert "Redis cache unavailable (get): ConnectionError" in caplog.messages
    assert "Redis cache unavailable (set): ConnectionError" in caplog.messages


@override_settings(API_RATE_LIMIT=1)
def test_rate_limits_let_requests_through_when_they_cannot_be_counted(redis_down, client, caplog):
    with caplog.at_level(logging.WARNING, logger="calculator.cache"):
        answers = [post_json(client, KATTAN.id, JSON_INPUTS) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert "Redis cache unavailable (add): ConnectionError" in caplog.messages


@override_settings(API_RATE_LIMIT=1)
def test_with_a_working_cache_the_same_limit_refuses_the_second_request(client):
    answers = [post_json(client, KATTAN.id, JSON_INPUTS) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 429]
