"""The shipped gunicorn.conf.py: gunicorn believes X-Forwarded-Proto only when
DJANGO_TRUST_X_FORWARDED_PROTO says so (by default it believes it from 127.0.0.1)."""

import os

import pytest
import requests

from .app_servers import HOST, gunicorn

# A page that needs no database: the server below has none.
PAGE = "/about/models"


def served_over_https_behind_a_proxy(trust, tmp_path):
    """gunicorn serving the site as in production (DJANGO_SECURE: plain HTTP is redirected to HTTPS)."""
    environment = {
        **os.environ,
        "DJANGO_SECURE": "true",
        "DJANGO_TRUST_X_FORWARDED_PROTO": trust,
        "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3",
    }
    return gunicorn(environment, workers=1)


def get(port, **headers):
    return requests.get(f"http://{HOST}:{port}{PAGE}", headers=headers, allow_redirects=False, timeout=30)


@pytest.mark.parametrize("trust", ["false", ""])
def test_a_forwarded_proto_is_ignored_unless_trusted(trust, tmp_path):
    with served_over_https_behind_a_proxy(trust, tmp_path) as (port, _):
        response = get(port, **{"X-Forwarded-Proto": "https", "X-Forwarded-SSL": "on"})
    # Django saw plain HTTP, as the connection was: it redirects to HTTPS.
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://{HOST}:{port}{PAGE}"


def test_a_trusted_forwarded_proto_is_believed_from_the_proxy(tmp_path):
    with served_over_https_behind_a_proxy("true", tmp_path) as (port, _):
        assert get(port, **{"X-Forwarded-Proto": "https"}).status_code == 200
        assert get(port).status_code == 301
