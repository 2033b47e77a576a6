"""The model workbench in Chromium: a model digitised by clicking on a picture of the site's own
drawn nomogram, approved by a second member of staff, and the installed model matching every
golden case: gronchi-2013 (a points model) within 0.005, and kattan-2002 (a coefficient model
drawn as a nomogram: size in three groups, a probability axis per grade) within 0.01.

The picture is a screenshot of the model's drawn nomogram (its model page); the tick positions
are read from that drawing, and what a person would type at each tick from its layout. The draft
is for the model's inputs and endpoints under another id (tests/workbench_drafts.py): a shipped
computable model cannot be installed over."""

import pytest
from django.urls import reverse

from calculator.audit.models import AuditRecord
from calculator.audit.services import verify_chain
from calculator.workbench.models import Draft
from nomograms.prediction import predict
from nomograms.registry import get_definition, refresh_installed

from ..golden import cases_for
from ..workbench_drafts import BASE_TEXT, CENTRE_ID, KATTAN_BASE_TEXT, KATTAN_CENTRE_ID
from .conftest import sign_in_as_staff

# Every tick of the drawing: its axis, its value, and its centre in pixels of the picture.
TICKS_SCRIPT = """(panels) => {
  const origin = panels.getBoundingClientRect();
  return [...panels.querySelectorAll("svg.nomogram-svg")].map((svg) =>
    [...svg.querySelectorAll("g.axis")].map((axis) => ({
      kind: axis.dataset.kind,
      key: axis.dataset.key || "",
      stratum: axis.dataset.stratum || "",
      ticks: [...axis.querySelectorAll("line.tick")].map((line) => {
        const box = line.getBoundingClientRect();
        return {value: line.dataset.value, x: box.left + box.width / 2 - origin.left, y: box.top - origin.top};
      }),
    }))
  );
}"""


def typed_labels(definition, panel, key):
    """What a person types at each tick of input `key`: the number printed, or the choice's value."""
    model_input = definition.input(key)
    scale = next(scale for scale in panel.inputs if scale.input_id == key)
    values = {choice.label: choice.value for choice in model_input.choices or ()}
    return [values.get(tick.label, tick.label) for tick in scale.ticks]


def drawn_figure(page, live_server, model_id):
    """The PNG of the model's drawn nomogram, and its axes with their ticks in its pixels."""
    page.goto(live_server.url + reverse("model", args=[model_id]))
    panels = page.locator(".nomogram-panels")
    return panels.screenshot(), panels.evaluate(TICKS_SCRIPT)


def click_on_figure(page, target, x, y):
    if target != "mark":  # what a click fills; each load of the page starts at the tick's x and y
        page.select_option("#click-target", target)
    image = page.locator("#figure-image")
    box = image.bounding_box()
    scale = box["width"] / float(image.get_attribute("data-width"))
    image.click(position={"x": x * scale, "y": y * scale})


def calibrate(page, number, axis, row):
    first, last = row["ticks"][0], row["ticks"][-1]
    click_on_figure(page, "calibrate-start", first["x"], first["y"])
    page.fill("#id_calibrate-start_value", first["value"])
    click_on_figure(page, "calibrate-end", last["x"], last["y"])
    page.fill("#id_calibrate-end_value", last["value"])
    page.fill("#id_calibrate-number", str(number))
    page.select_option("#id_calibrate-axis", axis)
    page.click("#calibrate-form button[type=submit]")


def place_tick(page, number, axis, label, tick, stratum=""):
    click_on_figure(page, "mark", tick["x"], tick["y"])
    page.fill("#id_mark-number", str(number))
    page.select_option("#id_mark-axis", axis)
    if stratum:  # each load of the page starts at "every patient"
        page.select_option("#id_mark-stratum", stratum)
    page.fill("#id_mark-label", label)
    page.press("#id_mark-label", "Enter")
    page.wait_for_load_state()
    assert not page.locator("#refused").count(), page.locator("#refused").inner_text()


# Where the drawing laid over the figure puts each panel's Points axis ends, in pixels of the figure.
OVERLAY_POINTS_ENDS_SCRIPT = """(image) => {
  const box = image.getBoundingClientRect();
  const scale = box.width / Number(image.dataset.width);
  return [...document.querySelectorAll('#figure-drawing g[data-part="points"] g.axis[data-kind="points"]')].map(
    (axis) => [...axis.querySelectorAll("line.tick")]
      .filter((line, index, all) => index === 0 || index === all.length - 1)
      .map((line) => {
        const tick = line.getBoundingClientRect();
        return {x: (tick.left + tick.width / 2 - box.left) / scale, y: (tick.top + tick.height / 2 - box.top) / scale};
      })
  );
}"""


def assert_drawing_laid_on_the_calibration(page, drawn):
    """The site's drawing over the figure puts its Points axis' 0 and 100 on the calibration clicks."""
    ends = page.locator("#figure-image").evaluate(OVERLAY_POINTS_ENDS_SCRIPT)
    calibrated = [
        [axes_row["ticks"][0], axes_row["ticks"][-1]]
        for axes in drawn
        for axes_row in axes
        if axes_row["kind"] == "points"
    ]
    assert len(ends) == len(calibrated)
    for laid, clicked in zip(ends, calibrated, strict=True):
        for at, click in zip(laid, clicked, strict=True):
            assert (at["x"], at["y"]) == pytest.approx((click["x"], click["y"]), abs=1.5)


def type_golden_case(page, case, tolerance):
    for key, value in case["inputs"].items():
        page.fill(f"#id_golden-input_{key}", str(value))
    for key, value in case["outcomes"].items():
        page.fill(f"#id_golden-outcome_{key}", str(value))
    page.fill("#id_golden-tolerance", str(tolerance))
    page.click("#golden-form button[type=submit]")


def start_draft(page, live_server, django_user_model, base_text, picture):
    sign_in_as_staff(page, live_server.url, django_user_model, "digitiser")
    page.goto(live_server.url + reverse("workbench:drafts"))
    page.fill("#id_base", base_text)
    page.click("form button[type=submit]")
    page.set_input_files("#id_figure-file", {"name": "figure.png", "mimeType": "image/png", "buffer": picture})
    page.click("#figure-form button[type=submit]")


def place_every_tick(page, definition, drawn):
    """Calibrate each drawn nomogram and click every tick of its input and probability axes."""
    for number, (panel, axes) in enumerate(zip(definition.nomogram_layout, drawn, strict=True), start=1):
        rows = {(axis["kind"], axis["key"], axis["stratum"]): axis for axis in axes}
        calibrate(page, number, "points_axis", rows["points", "", ""])
        calibrate(page, number, "total_axis", rows["total", "", ""])
        for scale in panel.inputs:
            row = rows["input", scale.input_id, ""]
            labels = typed_labels(definition, panel, scale.input_id)
            for label, tick in zip(labels, row["ticks"], strict=True):
                place_tick(page, number, f"inputs:{scale.input_id}", label, tick)
        for scale in panel.probabilities:
            stratum = "=".join(scale.stratum) if scale.stratum else ""
            for tick in rows["probability", scale.endpoint_id, stratum]["ticks"]:
                place_tick(page, number, f"probability_axes:{scale.endpoint_id}", tick["value"], tick, stratum)


def submit_approve_and_check(page, live_server, django_user_model, model_id, installed_id, tolerance):
    """Submit the draft, approve it as a second member of staff, and check the installed model
    against every golden case of `model_id`."""
    page.click("#submit button[type=submit]")
    assert Draft.objects.get().status == Draft.SUBMITTED, page.locator("#submit").inner_text()

    page.context.clear_cookies()
    sign_in_as_staff(page, live_server.url, django_user_model, "reviewer")
    page.reload()
    page.check("#id_review-decision_0")
    page.click("#submit button[type=submit]")
    assert "installed as version 1.0.0" in page.content()

    assert [record.event for record in AuditRecord.objects.order_by("id")] == ["approved", "installed"]
    assert verify_chain().problems == []

    refresh_installed()
    installed = get_definition(installed_id)
    assert installed.status == "digitised"
    for case in cases_for(model_id):
        outcomes = predict(installed, {key: str(value) for key, value in case["inputs"].items()}).outcomes
        assert outcomes == pytest.approx(case["outcomes"], abs=tolerance)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_records")  # the approval and the install are audit records
def test_gronchi_digitised_by_clicks_on_its_drawn_nomogram_matches_every_golden_case(
    live_server, page, django_user_model
):
    page.set_default_timeout(20_000)
    page.set_viewport_size({"width": 1500, "height": 2400})
    picture, drawn = drawn_figure(page, live_server, "gronchi-2013")
    definition = get_definition("gronchi-2013")
    start_draft(page, live_server, django_user_model, BASE_TEXT, picture)

    # A choice axis offers its choices to pick, and only its own.
    page.select_option("#id_mark-axis", "inputs:histology")
    offered = page.locator("#mark-choices option").evaluate_all("(options) => options.map((option) => option.value)")
    assert offered == [choice.label for choice in definition.input("histology").choices]
    # "Probability axis printed for" is offered for a probability axis only.
    assert not page.locator("#id_mark-stratum").is_visible()
    page.select_option("#id_mark-axis", "probability_axes:os_7y")
    assert page.locator("#id_mark-stratum").is_visible()

    place_every_tick(page, definition, drawn)
    for case in cases_for("gronchi-2013"):
        type_golden_case(page, case, 0.005)
    assert_drawing_laid_on_the_calibration(page, drawn)
    submit_approve_and_check(page, live_server, django_user_model, "gronchi-2013", CENTRE_ID, 0.005)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_records")  # the approval and the install are audit records
def test_kattan_digitised_by_clicks_on_its_drawn_nomogram_matches_every_golden_case(
    live_server, page, django_user_model
):
    """Its size is drawn as three groups, typed as printed; its grade as a probability axis per grade."""
    page.set_default_timeout(20_000)
    page.set_viewport_size({"width": 1500, "height": 2400})
    picture, drawn = drawn_figure(page, live_server, "kattan-2002")
    definition = get_definition("kattan-2002")
    start_draft(page, live_server, django_user_model, KATTAN_BASE_TEXT, picture)
    place_every_tick(page, definition, drawn)
    for case in cases_for("kattan-2002"):
        type_golden_case(page, case, 0.01)
    assert_drawing_laid_on_the_calibration(page, drawn)
    submit_approve_and_check(page, live_server, django_user_model, "kattan-2002", KATTAN_CENTRE_ID, 0.01)
