"""The catalogue's "Which models fit?" chooser in Chromium, with and without JavaScript."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from nomograms.registry import get_definition

UTERINE = get_definition("zivanovic-2012")
ANY_SITE = get_definition("kattan-2002")
RECURRENCE = get_definition("kattan-2003")


def choose(page, site, situation):
    page.get_by_label("Primary site").select_option(label=site)
    page.get_by_label(situation).check()
    page.get_by_role("button", name="Show models").click()
    page.wait_for_url(re.compile(r"\?site="))


def fits(page):
    return page.locator(".chooser-fit")


def assert_uterine_patient_gets_the_msk_model_then_kattan(page):
    heading = "Models for this patient: Uterus, after resection of the primary tumour"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(fits(page)).to_have_count(2)
    uterine, general = fits(page).nth(0), fits(page).nth(1)
    expect(uterine.get_by_role("link", name=UTERINE.title)).to_be_visible()
    expect(uterine).to_contain_text("Computes nothing here yet.")
    official = uterine.get_by_role("link", name=UTERINE.official_calculator.name)
    expect(official).to_have_attribute("href", UTERINE.official_calculator.url)
    expect(general.get_by_role("link", name=ANY_SITE.title)).to_be_visible()
    expect(general).to_contain_text("covers sarcoma at every site")
    # The awaiting model points to the computable one, which opens its form.
    uterine.get_by_role("link", name=ANY_SITE.title).click()
    page.wait_for_url(re.compile(re.escape(reverse("model", args=[ANY_SITE.id])) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ANY_SITE.title)


def test_a_uterine_patient_after_resection(site):
    page = site(reverse("catalogue"))
    choose(page, "Uterus", "After resection of the primary tumour")
    assert "site=uterus" in page.url and "situation=after_primary_resection" in page.url
    assert_uterine_patient_gets_the_msk_model_then_kattan(page)


def test_a_local_recurrence_gets_the_recurrence_model_and_its_three_horizons(site):
    page = site(reverse("catalogue"))
    choose(page, "Arm or leg (extremity)", "After a local recurrence")
    expect(fits(page)).to_have_count(1)
    expect(fits(page).first.get_by_role("link", name=RECURRENCE.title)).to_be_visible()
    for endpoint in RECURRENCE.endpoints:
        expect(fits(page).first).to_contain_text(endpoint.name)


def test_a_missing_situation_is_explained_and_the_site_kept(site):
    page = site(f"{reverse('catalogue')}?site=uterus")
    expect(page.get_by_text("Choose the situation: after resection of the primary tumour")).to_be_visible()
    expect(page.get_by_label("Primary site")).to_have_value("uterus")
    expect(fits(page)).to_have_count(0)


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_chooser_works_without_javascript(page_without_javascript):
    page = page_without_javascript
    assert page.goto(reverse("catalogue")).ok
    choose(page, "Uterus", "After resection of the primary tumour")
    assert_uterine_patient_gets_the_msk_model_then_kattan(page)
