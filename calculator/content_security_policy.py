"""The Content-Security-Policy header, as django-csp writes it, built once per policy.

django-csp builds the header from the settings for every response (copying every directive of
its defaults, then joining them): about 0.2 ms, 3% of the CPU of a new patient's result in place
(docs/performance.md). This site's policy comes from the settings alone and its templates use no
nonce, so the header is the same for every response: it is built once per process (and again
when a test changes the settings). A response that asks for more, through django-csp's
decorators or a nonce, is left to django-csp as it is.
"""

import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# A response no view gave a policy of its own and no template gave a nonce.
SETTINGS_ALONE = PolicyParts()
# Each header, whether it is the report-only one, what exempts a response from it, and its setting.
HEADERS = (
    (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
    (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)


@functools.cache
def settings_policy(report_only: bool, setting: str) -> tuple[str, tuple[str, ...]]:
    """The header django-csp builds from the settings, and the path prefixes it leaves out."""
    policy = getattr(settings, setting, None) or {}
    return build_policy(report_only=report_only), tuple(policy.get("EXCLUDE_URL_PREFIXES", None) or ())


@receiver(setting_changed)
def forget_settings_policy(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        settings_policy.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; a response that takes the settings' policy as it is gets the
    header built once, with django-csp's rules: none on a debug 404 or 500, none where exempted or
    excluded, an existing header kept, and the nonce refused once the header is written."""

    def process_response(self, request, response):
        if (
            self.get_policy_parts(request, response) != SETTINGS_ALONE
            or self.get_policy_parts(request, response, report_only=True) != SETTINGS_ALONE
        ):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response
        for header, report_only, exempt, setting in HEADERS:
            policy, excluded_prefixes = settings_policy(report_only, setting)
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(excluded_prefixes)
            ):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
