from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import limiter

THROTTLED = _(
    "Too many failed sign-in attempts: signing in is paused for up to %(minutes)d minutes. "
    "Ask an administrator if you cannot wait."
)


class ThrottledAuthenticationForm(AuthenticationForm):
    """The sign-in form, saying plainly when attempts are paused instead of 'wrong password'.

    The refusal itself is the authentication backend's, so every way of signing in is throttled;
    this form only explains it.
    """

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and limiter.is_throttled(limiter.client_address(self.request), username):
            minutes = settings.LOGIN_FAILURE_WINDOW_SECONDS // 60
            raise ValidationError(THROTTLED, code="throttled", params={"minutes": minutes})
        return super().clean()
