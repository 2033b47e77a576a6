"""The Content-Security-Policy header built once per policy: the same header django-csp builds,
and django-csp's own rules for what asks for more (calculator/content_security_policy.py)."""

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.exceptions import CSPNonceError
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from calculator.content_security_policy import ContentSecurityPolicyMiddleware


def respond(response=None, path="/", touch_nonce=False):
    """The middleware's answer to a request of `path`, the view having answered `response`."""
    request = RequestFactory().get(path)
    middleware = ContentSecurityPolicyMiddleware(lambda request: response)
    middleware.process_request(request)
    if touch_nonce:
        str(request.csp_nonce)
    return request, middleware.process_response(request, response or HttpResponse())


def test_every_page_gets_the_header_django_csp_builds_from_the_settings(client):
    assert client.get(reverse("catalogue"))[HEADER] == build_policy()
    assert client.get(reverse("about-models"))[HEADER] == build_policy()


def test_a_changed_setting_changes_the_header():
    respond()
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": [SELF], "img-src": ["data:"]}}):
        _, response = respond()
        assert response[HEADER] == build_policy()
        assert "img-src data:" in response[HEADER]
    assert "img-src 'self' data:" in respond()[1][HEADER]


def test_a_report_only_policy_and_excluded_prefixes_are_honoured():
    report_only = {"DIRECTIVES": {"default-src": [SELF]}, "EXCLUDE_URL_PREFIXES": ["/admin"]}
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only):
        assert respond()[1][HEADER_REPORT_ONLY] == "default-src 'self'"
        assert HEADER_REPORT_ONLY not in respond(path="/admin/")[1]
        assert HEADER in respond(path="/admin/")[1]


def test_an_exempted_response_and_a_header_set_by_the_view_are_left_alone():
    exempted = HttpResponse()
    exempted._csp_exempt = True
    assert HEADER not in respond(exempted)[1]

    own = HttpResponse(headers={HEADER: "default-src 'none'"})
    assert respond(own)[1][HEADER] == "default-src 'none'"


def test_a_policy_updated_by_a_view_goes_through_django_csp():
    updated = HttpResponse()
    updated._csp_update = {"img-src": ["https://example.org"]}
    assert "https://example.org" in respond(updated)[1][HEADER]


def test_a_nonce_used_by_a_template_is_in_the_header_and_refused_afterwards():
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": [SELF, NONCE]}}):
        request, response = respond(touch_nonce=True)
        assert f"'nonce-{request.csp_nonce}'" in response[HEADER]

        request, response = respond()
        assert response[HEADER] == build_policy()
        assert "script-src 'self'" in response[HEADER] and "nonce" not in response[HEADER]
        with pytest.raises(CSPNonceError):
            str(request.csp_nonce)
