"""The sign-in page, saying plainly when django-axes has paused signing in, instead of 'wrong password'.

The refusal itself is django-axes' (its authentication backend, first in AUTHENTICATION_BACKENDS),
so every way of signing in is throttled; this module only explains it.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

PAUSED = _(
    "Too many failed sign-in attempts: signing in is paused for up to %(minutes)d minutes. "
    "Ask an administrator if you cannot wait."
)


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username")
        if username and not AxesProxyHandler.is_allowed(self.request, get_credentials(username)):
            minutes = int(settings.AXES_COOLOFF_TIME.total_seconds()) // 60
            raise ValidationError(PAUSED, code="throttled", params={"minutes": minutes})
        return super().clean()


def paused_sign_in_page(request, original_response, credentials):
    """AXES_LOCKOUT_CALLABLE: the sign-in page, for the attempt that locked its username and address out
    (from this page or the admin's), saying why."""
    form = ThrottledAuthenticationForm(request, data=request.POST)
    form.is_valid()  # refused before any password is checked: the form now says why
    return render(request, "registration/login.html", {"form": form})
