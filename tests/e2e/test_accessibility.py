"""axe-core on one page of every type (tests/site_pages.py), in the light and the dark colour
scheme: no serious or critical violation, and nothing the Content Security Policy had to refuse."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from ..site_pages import pages

AXE = Axe()
BLOCKING_IMPACTS = ("serious", "critical")


def describe(violations):
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        + f" ({violation['nodes'][0]['failureSummary']})"
        for violation in violations
    )


SCHEMES = pytest.mark.parametrize("scheme", ["light", "dark"])


@SCHEMES
@pytest.mark.parametrize("site_page", pages(), ids=lambda site_page: site_page.id)
def test_page_has_no_serious_accessibility_violation(site, page, console_errors, site_page, scheme):
    page.emulate_media(color_scheme=scheme)
    site(site_page.resolve(), staff=site_page.staff)

    violations = AXE.run(page).response["violations"]

    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)
    assert not console_errors, console_errors


def test_the_too_many_requests_page_has_no_serious_accessibility_violation(live_server, page, settings, console_errors):
    settings.PDF_RATE_LIMIT = 1
    # Refused inputs are sent back to the result page without a PDF, and count towards the limit.
    pdf = f"{live_server.url}{reverse('result-pdf', args=['kattan-2002'])}?age=200"
    assert page.goto(pdf).ok
    assert page.goto(pdf).status == 429

    violations = AXE.run(page).response["violations"]

    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)
    # The browser reports the 429 itself as an error; nothing else may be.
    assert all("status of 429" in error for error in console_errors), console_errors


@SCHEMES
def test_the_not_found_page_has_no_serious_accessibility_violation(live_server, page, console_errors, scheme):
    page.emulate_media(color_scheme=scheme)
    assert page.goto(f"{live_server.url}/no/such/page").status == 404

    violations = AXE.run(page).response["violations"]

    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)
    assert all("status of 404" in error for error in console_errors), console_errors


def test_the_dark_scheme_is_dark(site, page):
    page.emulate_media(color_scheme="dark")
    site(reverse("catalogue"))
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(33, 37, 41)"
