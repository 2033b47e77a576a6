"""Staff sign in with the keyboard alone; repeated failures pause signing in, and the page says so."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(settings, django_user_model):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return django_user_model.objects.create_user("registrar", password=PASSWORD, is_staff=True)


def sign_in_with_the_keyboard(page, password):
    page.get_by_label("Username").focus()
    page.keyboard.press("Control+A")  # the page keeps the username typed before
    page.keyboard.type("registrar")
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")


def test_staff_sign_in_with_the_keyboard_and_reach_the_audit_trail(site, staff):
    page = site(f"{reverse('login')}?next={reverse('audit:record_list')}")

    sign_in_with_the_keyboard(page, PASSWORD)

    expect(page).to_have_url(re.compile(re.escape(reverse("audit:record_list")) + "$"))
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out registrar")).to_be_visible()


def test_after_five_failures_even_the_right_password_is_paused_and_the_page_says_why(site, staff):
    page = site(reverse("login"))
    for _ in range(4):
        sign_in_with_the_keyboard(page, "wrong")
        expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()

    # The fifth failure already says why; so does the right password after it.
    for password in ("wrong", PASSWORD):
        sign_in_with_the_keyboard(page, password)

        expect(page.get_by_text("signing in is paused for up to 15 minutes")).to_be_visible()
        assert page.url.endswith(reverse("login"))
