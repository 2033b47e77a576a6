"""Requests per minute per client address, counted in Django's default cache.

For what costs the server most: the JSON API (API_RATE_LIMIT), PDF result sheets
(PDF_RATE_LIMIT) and batch scoring (BATCH_RATE_LIMIT). A fixed one-minute window: simple, and at
worst a client gets twice the limit across a window boundary. The address is REMOTE_ADDR; behind
a reverse proxy the proxy must set it to the real client. Django's default cache lives in one
process: with several app servers, configure a shared cache (settings.CACHES) so that they count
together.
"""

import functools
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

WINDOW_SECONDS = 60


def _count_request(scope, address, now):
    """This request's number within the current window for `address` in `scope`."""
    window = int(now // WINDOW_SECONDS)
    key = f"rate:{scope}:{address}:{window}"
    # add() is a no-op when the key exists, so concurrent first requests do not reset the count.
    cache.add(key, 0, timeout=WINDOW_SECONDS + 1)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, timeout=WINDOW_SECONDS + 1)
        return 1


def rate_limited(limit_setting, refusal, methods=None):
    """A view decorator: once a client address has made settings.<limit_setting> requests (of
    `methods`, or of any method) this minute, answer `refusal(request, limit, seconds)` instead,
    with Retry-After. A limit of 0 turns the limit off."""

    def decorator(view):
        @functools.wraps(view)
        def limited_view(request, *args, **kwargs):
            limit = getattr(settings, limit_setting)
            if limit > 0 and (methods is None or request.method in methods):
                now = time.time()
                if _count_request(limit_setting, request.META.get("REMOTE_ADDR", ""), now) > limit:
                    retry_after = math.ceil(WINDOW_SECONDS - now % WINDOW_SECONDS)
                    response = refusal(request, limit, retry_after)
                    response["Retry-After"] = str(retry_after)
                    return response
            return view(request, *args, **kwargs)

        return limited_view

    return decorator


def refusal_page(message):
    """A refusal for rate_limited() on the site's pages: a 429 page saying `message`, which is
    given the limit and the seconds to wait."""

    def refusal(request, limit, seconds):
        context = {"message": message % {"limit": limit, "seconds": seconds}}
        return render(request, "too_many_requests.html", context, status=429)

    return refusal
