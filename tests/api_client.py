"""Helpers for the JSON API tests."""

import json

from django.urls import reverse


def post_json(client, model_id, body, **extra):
    """POST `body` (encoded to JSON unless it is already text) to a model's predict endpoint."""
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(reverse("api:predict", args=[model_id]), data, content_type="application/json", **extra)


def assert_problem(response, status):
    """The response is an RFC 9457 problem with `status`; returns its body."""
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["type"] == "about:blank"
    assert problem["title"]
    assert problem["detail"]
    return problem
