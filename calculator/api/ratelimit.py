"""Requests per minute per client address, counted in Django's default cache.

A fixed one-minute window: simple, and at worst a client gets twice the limit across a window
boundary. The address is REMOTE_ADDR; behind a reverse proxy the proxy must set it to the real
client. Django's default cache lives in one process: with several app servers, configure a shared
cache (settings.CACHES) so that they count together.
"""

import functools
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from .problems import problem

WINDOW_SECONDS = 60


def _count_request(address, now):
    """This request's number within the current window for `address`."""
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{address}:{window}"
    # add() is a no-op when the key exists, so concurrent first requests do not reset the count.
    cache.add(key, 0, timeout=WINDOW_SECONDS + 1)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, timeout=WINDOW_SECONDS + 1)
        return 1


def rate_limited(view):
    """Answer 429 with Retry-After once a client address exceeds settings.API_RATE_LIMIT a minute."""

    @functools.wraps(view)
    def limited_view(request, *args, **kwargs):
        limit = settings.API_RATE_LIMIT
        if limit > 0:
            now = time.time()
            if _count_request(request.META.get("REMOTE_ADDR", ""), now) > limit:
                retry_after = math.ceil(WINDOW_SECONDS - now % WINDOW_SECONDS)
                detail = _(
                    "Too many requests: this API answers %(limit)d requests a minute from one address. "
                    "Try again in %(seconds)d seconds."
                ) % {"limit": limit, "seconds": retry_after}
                return problem(429, detail, headers={"Retry-After": str(retry_after)})
        return view(request, *args, **kwargs)

    return limited_view
