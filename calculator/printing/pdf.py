"""HTML to PDF with WeasyPrint, reading the sheet's stylesheets from the collected static files."""

import logging
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from calculator.sheets import TEMPLATE, ResultSheet, sheet_context

# WeasyPrint warns about every screen-only rule of Bootstrap it skips; only its errors matter here.
logging.getLogger("weasyprint").setLevel(logging.ERROR)

# Relative URLs in the page resolve against this; nothing is ever fetched from it.
BASE_URL = "http://calculator.invalid/"


class StaticFilesFetcher(URLFetcher):
    """Serves `STATIC_URL` paths (content-hashed names) from STATIC_ROOT and refuses everything
    else, so rendering a PDF never touches the network."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = urlsplit(url).path
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        name = path.removeprefix(prefix)
        if not path.startswith(prefix) or not staticfiles_storage.exists(name):
            raise ValueError(f"not a static file, not fetched for a PDF: {url}")
        return super().fetch(Path(staticfiles_storage.path(name)).as_uri(), headers)


# The PDF's paper. print.css names none, so that a browser prints on the paper chosen in its print
# dialogue (Chromium scales a page of another named size down to fit it, text and all).
PDF_PAPER = CSS(string="@page { size: A4; }")


def render_pdf(html: str) -> bytes:
    """PDF bytes of an HTML page, laid out with its print stylesheet on A4."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf(stylesheets=[PDF_PAPER])


def sheet_pdf_response(request: HttpRequest, sheet: ResultSheet, *, filename: str) -> HttpResponse:
    """The sheet as a PDF download: the result page's own template, laid out for print."""
    return pdf_response(request, TEMPLATE, sheet_context(sheet, query=request.GET.urlencode()), filename=filename)


def pdf_response(request: HttpRequest, template: str, context: dict, *, filename: str) -> HttpResponse:
    """A page's template as a PDF download, laid out for print."""
    html = render_to_string(template, context, request=request)
    return HttpResponse(
        render_pdf(html),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
