"""axe-core on one page of every type (tests/site_pages.py): no serious or critical violation,
and nothing the Content Security Policy had to refuse."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from ..site_pages import pages

AXE = Axe()
BLOCKING_IMPACTS = ("serious", "critical")


def describe(violations):
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in violations
    )


@pytest.mark.parametrize("site_page", pages(), ids=lambda site_page: site_page.id)
def test_page_has_no_serious_accessibility_violation(site, console_errors, site_page):
    page = site(site_page.resolve(), staff=site_page.staff)

    violations = AXE.run(page).response["violations"]

    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)
    assert not console_errors, console_errors
