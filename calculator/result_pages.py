"""Result pages, kept whole in the cache by their permalink.

A result page is a pure function of the model definition, its query string and the calculator's
version, apart from two parts that belong to the request: the CSRF token of the "Save for audit"
form and the time of the calculation. So the page is rendered once with a marker in each of those
two places and kept for RESULT_PAGE_CACHE_SECONDS; every request, the first included, gets a copy
with its own token and time filled in. Opening a result again (to print it, or at a tumour board)
then costs no form, no scoring and no template rendering.
"""

import hashlib
import secrets
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from calculator import __version__
from calculator.templatetags.calculator import utc_time

TEMPLATE = "calculator/result.html"

# Random for each process, so nothing a user types can be mistaken for it.
CSRF_TOKEN_MARKER = secrets.token_hex(32)
# A time no calculation has: its rendering marks the spot for the real one.
CALCULATED_AT_MARKER = datetime(1, 1, 1, tzinfo=UTC)
TIME_MARKER = utc_time(CALCULATED_AT_MARKER)


def cached_response(request, definition):
    """The cached page for this request's permalink, filled in for this request; None if not cached."""
    page = cache.get(cache_key(request, definition))
    return None if page is None else HttpResponse(filled_in(page, request, timezone.now()))


def render_and_cache(request, definition, context):
    """Render the result page once with markers, keep it, and answer this request from it."""
    calculated_at = context["calculated_at"]
    page = render_to_string(
        TEMPLATE,
        {**context, "calculated_at": CALCULATED_AT_MARKER, "csrf_token": CSRF_TOKEN_MARKER},
        request=request,
    )
    if settings.RESULT_PAGE_CACHE_SECONDS > 0:
        cache.set(cache_key(request, definition), page, settings.RESULT_PAGE_CACHE_SECONDS)
    return HttpResponse(filled_in(page, request, calculated_at))


def filled_in(page, request, calculated_at):
    return page.replace(CSRF_TOKEN_MARKER, get_token(request)).replace(TIME_MARKER, utc_time(calculated_at))


def cache_key(request, definition):
    # Hashed: a query string can be longer than some cache backends allow in a key.
    query = hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()
    return f"result-page:{__version__}:{definition.sha256}:{get_language()}:{query}"
