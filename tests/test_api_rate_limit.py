"""The API answers a clear 429 once one client address has used up its requests for the minute."""

import pytest
from django.urls import reverse

from .api_client import assert_problem, post_json

INPUTS = {"age": 50, "size_cm": 7, "depth": "deep", "site": "lower_extremity", "histology": "mfh", "grade": "high"}


@pytest.fixture
def limit_of_three(settings):
    settings.API_RATE_LIMIT = 3


def test_past_the_limit_a_client_gets_429_with_retry_after(client, limit_of_three):
    for _ in range(3):
        assert post_json(client, "kattan-2002", INPUTS).status_code == 200
    response = post_json(client, "kattan-2002", INPUTS)
    problem = assert_problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60
    assert problem["detail"].startswith("Too many requests: this API answers 3 requests a minute from one address.")
    assert_problem(client.get(reverse("api:models")), 429)


def test_each_client_address_has_its_own_count(client, limit_of_three):
    for _ in range(3):
        post_json(client, "kattan-2002", INPUTS, REMOTE_ADDR="192.0.2.1")
    assert post_json(client, "kattan-2002", INPUTS, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert post_json(client, "kattan-2002", INPUTS, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_the_count_starts_again_when_retry_after_has_passed(client, limit_of_three, monkeypatch):
    now = 1_000_000 * 60 + 30.5
    monkeypatch.setattr("django_ratelimit.core.time.time", lambda: now)
    for _ in range(3):
        post_json(client, "kattan-2002", INPUTS)
    response = post_json(client, "kattan-2002", INPUTS)
    assert response.status_code == 429
    now += int(response["Retry-After"]) - 1
    assert post_json(client, "kattan-2002", INPUTS).status_code == 429
    now += 1
    assert post_json(client, "kattan-2002", INPUTS).status_code == 200


def test_a_limit_of_zero_turns_limiting_off(client, settings):
    settings.API_RATE_LIMIT = 0
    assert all(post_json(client, "kattan-2002", INPUTS).status_code == 200 for _ in range(5))
