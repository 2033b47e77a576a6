"""Signal receivers: count every failed sign-in, forget a user's failures once they sign in."""

from django.contrib.auth import get_user_model

from . import limiter


def _username(credentials):
    return str(credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or "")


def count_failure(sender, credentials, request=None, **kwargs):
    limiter.record_failure(limiter.client_address(request), _username(credentials))


def forget_failures(sender, request, user, **kwargs):
    limiter.forget_username(user.get_username())
