"""Every page type at a phone's width (360 px) and a laptop's (1366 px): nothing wider than the
window, measured in Chromium; the nomogram readable in its own scroll box; no text too small."""

import pytest

from ..site_pages import pages

WIDTHS = (360, 1366)


def overflow(page):
    """How many CSS pixels the page is wider than its window (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def widest_elements(page):
    """The elements that reach past the right edge, to say what to fix."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .filter((el) => !el.closest('.nomogram-scroll') || el.classList.contains('nomogram-scroll'))
            .slice(0, 5).map((el) => el.outerHTML.slice(0, 120))"""
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("site_page", pages(), ids=lambda site_page: site_page.id)
def test_no_page_is_wider_than_the_window(site, page, site_page, width):
    page.set_viewport_size({"width": width, "height": 800})
    site(site_page.resolve(), staff=site_page.staff)

    assert overflow(page) <= 0, widest_elements(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_error_pages_fit_the_window_and_carry_the_navigation(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(live_server.url + "/no/such/page")
    assert response.status == 404
    assert page.get_by_role("navigation", name="Site").is_visible()
    assert overflow(page) <= 0, widest_elements(page)


def test_on_a_phone_the_nomogram_keeps_its_size_and_scrolls_in_its_own_box(site, page):
    page.set_viewport_size({"width": 360, "height": 800})
    site("/models/kattan-2002/")
    box = page.locator(".nomogram-scroll").first
    svg = box.locator("svg")
    assert svg.bounding_box()["width"] >= 600  # readable: about 11 px text, not 4
    assert box.evaluate("(el) => el.scrollWidth > el.clientWidth")
    assert box.get_attribute("tabindex") == "0"
    assert overflow(page) <= 0
