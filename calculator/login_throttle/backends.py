"""An authentication backend, listed first, that refuses every attempt while throttled.

Refusing in a backend throttles every way of signing in (the login page, the admin, any API
authentication) without each view having to remember to check.
"""

from django.core.exceptions import PermissionDenied

from . import limiter


class RefuseWhileThrottled:
    def authenticate(self, request, username=None, **credentials):
        if limiter.is_throttled(limiter.client_address(request), str(username or "")):
            # Stops authenticate() at once: later backends never see the password.
            raise PermissionDenied
        return None

    # No get_user(): this backend never signs anyone in, so no session names it, and
    # Client.force_login() passes over it to the backend that does.
