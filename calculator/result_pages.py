"""Result pages, kept in the cache by their permalink, with holes for what belongs to the request.

A result page is a pure function of the model definition, its query string, the language and the
calculator's version, apart from two parts that belong to the request: the CSRF token of the "Save
for audit" form and the time of the calculation. So the page is rendered once, cut at those two
places, and its pieces are kept for RESULT_PAGE_CACHE_SECONDS; every request, the first included,
joins them around its own token and time. The cut is marked by a value made for that one
rendering and never kept, so the cache holds nothing local to a process and any worker sharing it
can serve any cached page. Opening a result again (to print it, or at a tumour board) then costs
no form, no scoring and no template rendering. The model page's result in place (LIVE_TEMPLATE,
asked with htmx: the same sheet, without the page around it) is kept the same way. Once the page
shows a sheet of the same definition version (NOMOGRAM_HEADER), the answer is only what differs
from patient to patient (LIVE_PATCH_TEMPLATE: the sheet's parts marked data-sheet-part, each
drawing's patient marks without the unmarked drawing), and static/js/print.js puts each part in
place of its namesake, moving the page's drawing under the new marks.
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.translation import get_language

from calculator import __version__
from calculator.drawing import base_key
from calculator.jinja2 import render_part
from calculator.sheets import TEMPLATE, ResultSheet, sheet_context
from calculator.timestamps import utc_time
from nomograms.definition import Definition

LIVE_TEMPLATE = "calculator/_live_result.html"
LIVE_PATCH_TEMPLATE = "calculator/_live_patch.html"
# Sent by the model page asking in place once it shows a result: the key of that sheet's unmarked
# nomogram, which names its definition version and language.
NOMOGRAM_HEADER = "Nomogram-Base"

# A time no calculation has: its rendering marks the spot for the real one.
CALCULATED_AT_MARKER = datetime(1, 1, 1, tzinfo=UTC)
TIME_MARKER = utc_time(CALCULATED_AT_MARKER)

# The pieces are kept as [text, hole, text, hole, ..., text]: each hole names what fills it.
CSRF_TOKEN = "csrf_token"
CALCULATED_AT = "calculated_at"


def cached(view: Callable) -> Callable:
    """Answer `view(request, definition, ...)` from the cache when its permalink's page is there."""

    @wraps(view)
    def from_cache(request: HttpRequest, definition: Definition, *args, **kwargs) -> HttpResponse:
        pieces = cache.get(cache_key(request, definition))
        if pieces is None:
            return view(request, definition, *args, **kwargs)
        return HttpResponse(filled_in(pieces, request, timezone.now()))

    return from_cache


def render_and_cache(request: HttpRequest, sheet: ResultSheet) -> HttpResponse:
    """Render the sheet's page once with its holes marked, keep its pieces, and answer this request."""
    token_marker = secrets.token_hex(32)
    context = {
        **sheet_context(sheet.calculated(CALCULATED_AT_MARKER), query=request.GET.urlencode()),
        "csrf_token": token_marker,
    }
    template = template_for(request, sheet.definition)
    page = (
        render_to_string(TEMPLATE, context, request=request) if template == TEMPLATE else render_part(template, context)
    )
    pieces = cut(page, {token_marker: CSRF_TOKEN, TIME_MARKER: CALCULATED_AT})
    if settings.RESULT_PAGE_CACHE_SECONDS > 0:
        cache.set(cache_key(request, sheet.definition), pieces, settings.RESULT_PAGE_CACHE_SECONDS)
    return HttpResponse(filled_in(pieces, request, sheet.calculated_at))


def cut(page: str, holes: dict[str, str]) -> list[str]:
    """The page split at each marker, every marker replaced by the name of its hole."""
    # str.find, not a regular expression of the markers: re.split tried the alternation at every
    # character, a tenth of a new patient's page.
    found = sorted((at, marker) for marker in holes for at in occurrences(page, marker))
    pieces, start = [], 0
    for at, marker in found:
        pieces += [page[start:at], holes[marker]]
        start = at + len(marker)
    return [*pieces, page[start:]]


def occurrences(text: str, part: str) -> list[int]:
    at, found = text.find(part), []
    while at != -1:
        found.append(at)
        at = text.find(part, at + len(part))
    return found


def filled_in(pieces: list[str], request: HttpRequest, calculated_at: datetime) -> str:
    fillings = {CSRF_TOKEN: get_token(request), CALCULATED_AT: utc_time(calculated_at)}
    return "".join(fillings[piece] if index % 2 else piece for index, piece in enumerate(pieces))


def template_for(request: HttpRequest, definition: Definition) -> str:
    """The result page; asked in place (htmx), the sheet alone, or only its patient's parts when
    the model page already shows a sheet of this definition version in this language."""
    if not request.htmx:
        return TEMPLATE
    return LIVE_PATCH_TEMPLATE if request.headers.get(NOMOGRAM_HEADER) == base_key(definition) else LIVE_TEMPLATE


def cache_key(request: HttpRequest, definition: Definition) -> str:
    # Hashed: a query string can be longer than some cache backends allow in a key. The script
    # prefix is in it because the page's links are: two mounts of the site may share one cache.
    query = hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()
    template = template_for(request, definition)
    parts = (template, __version__, definition.sha256, get_language(), get_script_prefix(), query)
    return ":".join(("result-page-pieces", *parts))
