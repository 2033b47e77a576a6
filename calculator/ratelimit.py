"""Requests per minute per client address, counted by django-ratelimit in Django's default cache.

For what costs the server most or writes for good: the JSON API (API_RATE_LIMIT), PDF result
sheets (PDF_RATE_LIMIT), batch scoring (BATCH_RATE_LIMIT) and saving for audit (SAVE_RATE_LIMIT).
django-ratelimit counts in fixed one-minute windows (each address's window starts at its own
second of the minute), so at worst a client gets twice the limit across a window boundary. The
address is REMOTE_ADDR; behind a reverse proxy the proxy must set it to the real client. Several
app servers count together only through a shared cache (REDIS_URL).
"""

import functools

from django.conf import settings
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import get_usage


def _per_minute(limit_setting):
    """django-ratelimit's rate, read from settings on every request; None (no limit) for 0."""

    def rate(group, request):
        limit = getattr(settings, limit_setting)
        return f"{limit}/m" if limit > 0 else None

    return rate


def rate_limited(limit_setting, refusal, methods=ALL):
    """A view decorator: once a client address has made settings.<limit_setting> requests (of
    `methods`) this minute, answer `refusal(request, limit, seconds)` instead, with Retry-After.
    Views decorated with the same setting share one count."""

    def decorator(view):
        @functools.wraps(view)
        def limited_view(request, *args, **kwargs):
            usage = get_usage(
                request,
                group=limit_setting,
                key="ip",
                rate=_per_minute(limit_setting),
                method=methods,
                increment=True,
            )
            if usage is not None and usage["should_limit"]:
                # time_left is 0 in the window's last second: the next window begins a second later.
                seconds = usage["time_left"] + 1
                response = refusal(request, usage["limit"], seconds)
                response["Retry-After"] = str(seconds)
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
