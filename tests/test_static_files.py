"""Static files as production serves them: collected under content-hashed names (the session's
collectstatic, tests/conftest.py), compressed, and cached by browsers for a year."""

import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.urls import reverse

from calculator.jinja2 import static as sheet_static

ONE_YEAR = 365 * 24 * 60 * 60
HASHED_NAME = re.compile(r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css")


def test_pages_name_static_files_by_their_content_hash(client):
    page = client.get(reverse("model", args=["kattan-2002"])).content.decode()

    assert HASHED_NAME.search(page)
    assert "bootstrap.min.css" not in page


@pytest.mark.parametrize(("accepted", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_a_hashed_file_is_served_compressed_and_immutable_for_a_year(client, accepted, encoding):
    response = client.get(static("vendor/bootstrap/bootstrap.min.css"), HTTP_ACCEPT_ENCODING=accepted)
    body = b"".join(response.streaming_content)
    original = staticfiles_storage.open(staticfiles_storage.stored_name("vendor/bootstrap/bootstrap.min.css")).read()

    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    assert response["Cache-Control"] == f"max-age={ONE_YEAR}, public, immutable"
    assert len(body) < len(original) / 5


def test_a_file_is_served_whole_to_a_client_that_accepts_no_compression(client):
    response = client.get(static("css/site.css"))

    assert "Content-Encoding" not in response
    assert b".result-value" in b"".join(response.streaming_content)


def test_the_unhashed_name_is_not_served(client):
    assert client.get("/static/vendor/bootstrap/bootstrap.min.css").status_code == 404


def test_the_sheets_templates_name_a_static_file_as_the_settings_say_after_a_change(settings):
    """The result sheet's templates keep a static file's URL (calculator/jinja2.py): a changed
    setting is not answered with the URL kept from before."""
    assert sheet_static("js/print.js") == static("js/print.js")
    settings.STATIC_URL = "/assets/"

    assert re.fullmatch(r"/assets/js/print\.[0-9a-f]{12}\.js", sheet_static("js/print.js"))
