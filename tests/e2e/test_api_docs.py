"""The interactive API docs run in Chromium under the site's Content Security Policy."""

import json

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from nomograms.registry import all_definitions

from ..golden import golden_cases

SERIOUS = ("serious", "critical")


def test_swagger_ui_shows_every_operation_without_a_console_error(site, console_errors):
    page = site(reverse("api:docs"))
    operations = page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible()
    paths = set(operations.all_text_contents())
    for definition in all_definitions():
        assert any(f"/api/v1/models/{definition.id}/predict" in path.replace("\u200b", "") for path in paths)
    page.screenshot(path="/tmp/api-docs.png", full_page=False)
    assert console_errors == []


def test_the_docs_have_no_serious_accessibility_violation(site):
    page = site(reverse("api:docs"))
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    # Swagger UI nests its copy-path button inside the button that opens an operation: its markup,
    # not ours to change. Everything else, colours included (static/css/api-docs.css), must pass.
    options = {"resultTypes": ["violations"], "rules": {"nested-interactive": {"enabled": False}}}
    violations = Axe().run(page, options=options).response["violations"]
    blocking = [(v["id"], [node["target"] for node in v["nodes"]]) for v in violations if v["impact"] in SERIOUS]
    assert blocking == []


def test_a_prediction_can_be_tried_from_the_docs(site):
    case = next(case for model_id, case, *_ in golden_cases() if model_id == "kattan-2002")
    page = site(reverse("api:docs"))
    operation = page.locator("#operations-predict-predict-kattan-2002")
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("textarea.body-param__text").fill(json.dumps(case["inputs"]))
    operation.get_by_role("button", name="Execute").click()
    response = operation.locator(".live-responses-table tbody .response-col_status").first
    expect(response).to_have_text("200")
    body = operation.locator(".live-responses-table .response-col_description pre").first
    expect(body).to_contain_text('"ssd_12y"')
    page.screenshot(path="/tmp/api-docs-try.png", full_page=False)
