"""Counting failed sign-ins per username and per client address in Django's cache.

A fixed window: the first failure starts it, and it ends LOGIN_FAILURE_WINDOW_SECONDS later
whatever happens in between, so a locked-out user knows when they may try again.
"""

from django.conf import settings
from django.core.cache import cache


def _username_key(username):
    return f"login-failures:username:{username.casefold()}"


def _address_key(address):
    return f"login-failures:address:{address}"


def _limits(address, username):
    return [
        (_username_key(username), settings.LOGIN_FAILURES_PER_USERNAME),
        (_address_key(address), settings.LOGIN_FAILURES_PER_ADDRESS),
    ]


def is_throttled(address, username):
    """True when the username or the address has used up its failed attempts for this window."""
    counts = cache.get_many([key for key, _ in _limits(address, username)])
    return any(counts.get(key, 0) >= limit for key, limit in _limits(address, username))


def record_failure(address, username):
    for key, _ in _limits(address, username):
        # add() starts the window only once; incr() keeps the window's end where it is.
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def forget_username(username):
    """A successful sign-in clears the user's count; the address keeps its own."""
    cache.delete(_username_key(username))


def client_address(request):
    """The address the request came from. Behind a proxy this is the proxy's: the per-address
    limit then covers everyone, which is why it is higher than the per-username one."""
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""
