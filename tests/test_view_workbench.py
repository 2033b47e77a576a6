"""The model workbench in the browser (staff only): every step typed by keyboard, every refusal
with its message and nothing changed, and a second member of staff approving the install
(of gronchi-2013 under another id: tests/workbench_drafts.py)."""

import hashlib
import html
import io
import struct
import zlib
from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from calculator.definitions.models import DefinitionVersion
from calculator.drawing import draw_nomogram
from calculator.workbench.models import Draft
from calculator.workbench.preview import overlays
from calculator.workbench.services import core_draft
from nomograms.registry import get_definition
from nomograms.workbench import build

from .golden import as_text, cases_for
from .workbench_drafts import (
    BASE_TEXT,
    CENTRE_ID,
    FIGURE_SHA256,
    KATTAN_BASE_TEXT,
    KATTAN_CENTRE_ID,
    make_draft,
    png,
)
from .workbench_figure import gronchi_draft, kattan_draft, with_marks, with_os_tick_6_off_the_line, without_choice_ups

pytestmark = pytest.mark.django_db


def png_bomb(width=30_000, height=30_000):
    """A valid PNG header declaring 900 million pixels, with almost no data behind it."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.fixture
def author():
    return get_user_model().objects.create_user("author", password="x", is_staff=True)


@pytest.fixture
def reviewer():
    return get_user_model().objects.create_user("reviewer", password="x", is_staff=True)


def signed_in(client, user):
    client.force_login(user)
    return client


def step(client, draft, name, data, **files):
    prefixed = {f"{name}-{key}": value for key, value in {**data, **files}.items()}
    return client.post(reverse("workbench:step", args=[draft.pk, name]), prefixed)


def action(client, draft, name, data=None):
    return client.post(reverse("workbench:action", args=[draft.pk, name]), data or {})


def page_text(response):
    return html.unescape(response.content.decode())


# Staff only.


def test_anonymous_visitors_are_sent_to_sign_in(client, author):
    draft = make_draft(author)
    for url in (reverse("workbench:drafts"), reverse("workbench:draft", args=[draft.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_user_who_is_not_staff_is_refused_and_changes_nothing(client, author):
    draft = make_draft(author, gronchi_draft())
    user = get_user_model().objects.create_user("clinician", password="x")
    signed_in(client, user)
    assert client.get(reverse("workbench:drafts")).status_code == 403
    assert client.get(reverse("workbench:draft", args=[draft.pk])).status_code == 403
    assert action(client, draft, "submit").status_code == 403
    response = step(client, draft, "mark", {"number": 1, "axis": "inputs:age", "label": "95", "points": 100})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Draft.EDITING and draft.history == []


# Starting and the figure.


def test_a_draft_starts_from_an_awaiting_model(client, author):
    signed_in(client, author)
    response = client.post(reverse("workbench:drafts"), {"model": "zivanovic-2012"})
    draft = Draft.objects.get()
    assert response.status_code == 302 and response.url == reverse("workbench:draft", args=[draft.pk])
    assert draft.model_id == "zivanovic-2012" and draft.author == author
    page = page_text(client.get(response.url))
    assert "zivanovic-2012: workbench draft" in page
    assert "Age at diagnosis" in page  # an axis to place ticks on


def test_a_draft_starts_from_a_blank_model_given_as_its_definition(client, author):
    signed_in(client, author)
    client.post(reverse("workbench:drafts"), {"base": BASE_TEXT})
    assert Draft.objects.get().model_id == CENTRE_ID


def test_a_png_is_kept_with_its_sha256_and_shown(client, author):
    draft = make_draft(author, figure_sha256="")
    signed_in(client, author)
    data = png()
    response = step(client, draft, "figure", {"page": 1}, file=SimpleUploadedFile("fig.png", data, "image/png"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.figure_sha256 == hashlib.sha256(data).hexdigest() and bytes(draft.figure) == data
    assert (draft.image_width, draft.image_height) == (40, 30)
    # Named by its SHA-256 on the draft page, so the browser keeps it across the page's reloads.
    url = reverse("workbench:figure", args=[draft.pk, hashlib.sha256(data).hexdigest()])
    assert f'src="{url}"' in page_text(client.get(reverse("workbench:draft", args=[draft.pk])))
    image = client.get(url)
    assert image["Content-Type"] == "image/png" and image.content == data
    assert image["Cache-Control"] == "private, max-age=31536000, immutable"

    # Another upload is another URL; the old one no longer answers, so no stale figure is kept.
    step(client, draft, "figure", {"page": 1}, file=SimpleUploadedFile("fig.png", png(41, 30), "image/png"))
    assert client.get(url).status_code == 404


def test_one_page_of_a_pdf_is_rendered_on_the_server(client, author):
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(buffer, "PDF", resolution=100)
    draft = make_draft(author, figure_sha256="")
    signed_in(client, author)
    upload = SimpleUploadedFile("paper.pdf", buffer.getvalue(), "application/pdf")
    assert step(client, draft, "figure", {"page": 1}, file=upload).status_code == 302
    draft.refresh_from_db()
    assert draft.image_type == "image/png" and bytes(draft.image).startswith(b"\x89PNG")
    assert (draft.image_width, draft.image_height) == (300, 150)  # 2 inches by 1 at 150 dpi
    assert bytes(draft.figure) == buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"Age 10 20 30\n", "This file is not a PNG or JPEG image or a PDF."),
        ("huge.png", b"\x89PNG\r\n\x1a\n" + bytes(50 * 1024 * 1024), "The file is 52.4 MB; figures of up to 20 MB"),
        ("bomb.png", png_bomb(), "This image would unpack to more than 40 million pixels"),
        ("broken.pdf", b"%PDF-1.4 not really", "Page 1 of this PDF cannot be rendered"),
    ],
    ids=["not-an-image-or-pdf", "50-mb-upload", "image-bomb", "broken-pdf"],
)
def test_a_figure_that_is_refused_says_why_and_changes_nothing(client, author, name, data, message):
    draft = make_draft(author)
    signed_in(client, author)
    response = step(client, draft, "figure", {"page": 1}, file=SimpleUploadedFile(name, data))
    assert response.status_code == 400
    assert message in page_text(response)
    draft.refresh_from_db()
    assert draft.figure_sha256 == FIGURE_SHA256 and bytes(draft.figure) == png(800, 1900) and draft.history == []


# Calibrating and placing ticks, by keyboard.


def test_calibration_and_ticks_typed_as_numbers_are_read_and_undone(client, author):
    draft = make_draft(author, replace(gronchi_draft(), nomograms=()))
    signed_in(client, author)
    calibration = {"number": 1, "axis": "points_axis", "start_value": 0, "end_value": 100}
    response = step(
        client, draft, "calibrate", {**calibration, "start_x": 100, "start_y": 50, "end_x": 700, "end_y": 50}
    )
    assert response.status_code == 302
    step(client, draft, "mark", {"number": 1, "axis": "inputs:age", "label": "10", "x": 184, "y": 90})
    step(client, draft, "mark", {"number": 1, "axis": "inputs:age", "label": "20", "points": 20})
    page = page_text(client.get(reverse("workbench:draft", args=[draft.pk])))
    assert "Age at surgery (age), tick 1 (10)" not in page
    draft.refresh_from_db()
    ticks = draft.data["nomograms"][0]["inputs"]["age"]
    assert [t["label"] for t in ticks] == ["10", "20"] and ticks[0]["click"] == {"x": 184.0, "y": 90.0}
    assert "<td>14.00</td>" in page  # 84 pixels of 600 along a 100-point axis
    assert action(client, draft, "undo").status_code == 302
    draft.refresh_from_db()
    assert [t["label"] for t in draft.data["nomograms"][0]["inputs"]["age"]] == ["10"]


def test_an_out_of_order_tick_is_refused_naming_axis_and_tick(client, author):
    draft = make_draft(author, with_marks(gronchi_draft(), 0, "inputs", "age", lambda marks: marks[:3]))
    before = draft.data
    signed_in(client, author)
    response = step(client, draft, "mark", {"number": 1, "axis": "inputs:age", "label": "25", "points": 30})
    assert response.status_code == 400
    assert "Age at surgery (age), tick 4 (25): out of order: 25 follows 30" in page_text(response)
    draft.refresh_from_db()
    assert draft.data == before


def test_a_choice_is_placed_by_typing_its_printed_label(client, author):
    draft = make_draft(author, without_choice_ups(gronchi_draft()))
    signed_in(client, author)
    typed = {"number": 2, "axis": "inputs:histology", "label": "undifferentiated pleomorphic sarcoma", "points": 40}
    assert step(client, draft, "mark", typed).status_code == 302
    draft.refresh_from_db()
    assert draft.data["nomograms"][1]["inputs"]["histology"][-1] == {"label": "ups", "click": None, "points": 40.0}
    assert "choice 'ups' not placed" not in page_text(client.get(reverse("workbench:draft", args=[draft.pk])))


def test_a_choice_axis_offers_its_declared_choices_to_pick_and_still_takes_typing(client, author):
    draft = make_draft(author, without_choice_ups(gronchi_draft()))
    signed_in(client, author)
    page = page_text(client.get(reverse("workbench:draft", args=[draft.pk])))
    label_field = page[page.index('id="id_mark-label"') - 200 : page.index('id="id_mark-label"') + 100]
    assert 'list="mark-choices"' in label_field
    picker = page[page.index('<datalist id="mark-choices">') : page.index("</datalist>")]
    assert '<option value="Undifferentiated pleomorphic sarcoma" data-axis="inputs:histology">' in picker
    assert '<option value="3" data-axis="inputs:grade">' in picker
    assert 'data-axis="inputs:age"' not in picker  # a number axis has nothing to pick
    picked = {"number": 2, "axis": "inputs:histology", "label": "Undifferentiated pleomorphic sarcoma", "points": 40}
    assert step(client, draft, "mark", picked).status_code == 302
    draft.refresh_from_db()
    assert draft.data["nomograms"][1]["inputs"]["histology"][-1]["label"] == "ups"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            with_os_tick_6_off_the_line,
            "7-year overall survival (os_7y), tick 6 (0.6): 4.20 points off the straight line of log(-log S)",
        ),
        (
            without_choice_ups,
            "Histological subtype (histology): choice 'ups' not placed",
        ),
    ],
    ids=["tick-5-points-off-the-line", "missing-choice"],
)
def test_a_live_check_is_shown_and_refuses_the_submission(client, author, change, message):
    draft = make_draft(author, change(gronchi_draft()))
    signed_in(client, author)
    assert message in page_text(client.get(reverse("workbench:draft", args=[draft.pk])))
    response = action(client, draft, "submit")
    assert response.status_code == 400 and message in page_text(response)
    draft.refresh_from_db()
    assert draft.status == Draft.EDITING and draft.submitted_at is None


def test_golden_cases_are_typed_and_gate_the_submission(client, author):
    core = gronchi_draft()
    draft = make_draft(author, replace(core, golden=core.golden[:4]))
    signed_in(client, author)
    response = action(client, draft, "submit")
    assert "golden cases: 4 given; at least 5 patients" in page_text(response)
    case = core.golden[4]
    typed = {f"input_{key}": value for key, value in case.inputs.items()}
    typed.update({f"outcome_{key}": f"{value * 100:g}%" for key, value in case.outcomes.items()})
    assert step(client, draft, "golden", {**typed, "tolerance": 0.005}).status_code == 302
    page = page_text(client.get(reverse("workbench:draft", args=[draft.pk])))
    assert "Sample patients" in page and "Before it can be submitted" not in page
    assert action(client, draft, "submit").status_code == 302
    draft.refresh_from_db()
    assert draft.status == Draft.SUBMITTED


# Review.


def test_the_author_cannot_approve_their_own_draft(client, author):
    draft = make_draft(author, status=Draft.SUBMITTED, submitted_at="2026-12-03T11:00:00Z")
    signed_in(client, author)
    response = action(client, draft, "review", {"review-decision": "approve"})
    assert response.status_code == 400
    assert "You digitised this draft, so you cannot review it" in page_text(response)
    draft.refresh_from_db()
    assert draft.status == Draft.SUBMITTED and draft.installed is None
    assert not DefinitionVersion.objects.filter(model_id=CENTRE_ID).exists()


def test_a_reviewer_sends_a_draft_back_with_a_reason(client, author, reviewer):
    draft = make_draft(author, status=Draft.SUBMITTED, submitted_at="2026-12-03T11:00:00Z")
    signed_in(client, reviewer)
    refused = action(client, draft, "review", {"review-decision": "send_back", "review-reason": " "})
    assert "Say what needs changing" in page_text(refused)
    action(client, draft, "review", {"review-decision": "send_back", "review-reason": "Tick 3 of age is blurred."})
    draft.refresh_from_db()
    assert draft.status == Draft.EDITING and draft.sent_back_reason == "Tick 3 of age is blurred."
    signed_in(client, author)
    assert "Tick 3 of age is blurred." in page_text(client.get(reverse("workbench:draft", args=[draft.pk])))


def test_approval_by_a_second_member_of_staff_installs_the_model_with_its_provenance(client, author, reviewer):
    draft = make_draft(author)
    signed_in(client, author)
    assert action(client, draft, "submit").status_code == 302
    signed_in(client, reviewer)
    assert action(client, draft, "review", {"review-decision": "approve"}).status_code == 302
    draft.refresh_from_db()
    version = draft.installed
    assert draft.status == Draft.APPROVED and version.origin == DefinitionVersion.INSTALLED
    assert version.created_by == reviewer
    provenance = version.provenance
    assert provenance["figure_sha256"] == FIGURE_SHA256
    assert (provenance["digitised_by"], provenance["approved_by"]) == ("author", "reviewer")
    assert provenance["approved_at"] and provenance["submitted_at"]
    assert [row["label"] for row in provenance["tick_table"] if row["axis"] == "age"][:2] == ["10", "20"]
    assert all(abs(row["residual"]) <= 2 for row in provenance["residuals"]["os_7y"])
    definition = get_definition(CENTRE_ID)
    assert definition.status == "digitised" and FIGURE_SHA256 in definition.provenance
    for case in cases_for("gronchi-2013"):
        response = client.get(reverse("result", args=[CENTRE_ID]), as_text(case["inputs"]))
        assert response.context["sheet"].prediction.outcomes == pytest.approx(case["outcomes"], abs=0.005)


def test_a_probability_axis_per_grade_and_size_groups_are_typed_and_installed(client, author, reviewer):
    """kattan-2002 drawn as a nomogram: its low-grade axis and its size groups typed by keyboard, then
    approved by a second member of staff; the installed model matches every golden case within 0.01."""
    whole = kattan_draft()
    low_key = "ssd_12y@grade=low"
    (nomogram,) = whole.nomograms
    typed = {
        "size_cm": [(mark.label, nomogram.points_axis.value_at(mark.click)) for mark in nomogram.inputs["size_cm"]],
        low_key: [
            (mark.label, nomogram.total_axis.value_at(mark.click)) for mark in nomogram.probability_axes[low_key]
        ],
    }
    inputs = {key: marks for key, marks in nomogram.inputs.items() if key != "size_cm"}
    axes = {key: marks for key, marks in nomogram.probability_axes.items() if key != low_key}
    core = replace(whole, nomograms=(replace(nomogram, inputs=inputs, probability_axes=axes),))
    draft = make_draft(author, core, model_id=KATTAN_CENTRE_ID, base=KATTAN_BASE_TEXT)
    signed_in(client, author)
    page = page_text(client.get(reverse("workbench:draft", args=[draft.pk])))
    assert "(ssd_12y), Grade: Low: no probability axis placed for it" in page
    assert '<option value="grade=low">Grade: Low</option>' in page
    group = {"number": 1, "axis": "inputs:size_cm", "stratum": "grade=low", "label": "≤ 5", "points": 0}
    assert "Only a probability axis is printed per stratum" in page_text(step(client, draft, "mark", group))
    for label, points in typed["size_cm"]:
        response = step(
            client, draft, "mark", {"number": 1, "axis": "inputs:size_cm", "label": label, "points": points}
        )
        assert response.status_code == 302, page_text(response)
    for label, total in typed[low_key]:
        tick = {
            "number": 1,
            "axis": "probability_axes:ssd_12y",
            "stratum": "grade=low",
            "label": label,
            "points": total,
        }
        assert step(client, draft, "mark", tick).status_code == 302
    draft.refresh_from_db()
    assert [mark["label"] for mark in draft.data["nomograms"][0]["inputs"]["size_cm"]] == ["≤ 5", "> 5 to 10", "> 10"]
    typed_low = [label for label, _ in typed[low_key]]
    assert [mark["label"] for mark in draft.data["nomograms"][0]["probability_axes"][low_key]] == typed_low
    assert action(client, draft, "submit").status_code == 302
    draft.refresh_from_db()
    assert draft.status == Draft.SUBMITTED
    signed_in(client, reviewer)
    assert action(client, draft, "review", {"review-decision": "approve"}).status_code == 302
    draft.refresh_from_db()
    assert all(abs(row["residual"]) <= 2 for row in draft.installed.provenance["residuals"][low_key])
    for case in cases_for("kattan-2002"):
        response = client.get(reverse("result", args=[KATTAN_CENTRE_ID]), as_text(case["inputs"]))
        assert response.context["sheet"].prediction.outcomes == pytest.approx(case["outcomes"], abs=0.01)


GRADE_CHOICES = """choices = [
    { value = "low", label = "Low" },
    { value = "high", label = "High" },
]
"""


def test_a_probability_axis_is_placed_for_a_choice_the_draft_added(client, author):
    """A blank model whose grades are not declared: once typed into the draft as the figure prints
    them, a probability axis is placed for one of them from the web form, as for a declared one."""
    assert GRADE_CHOICES in KATTAN_BASE_TEXT
    signed_in(client, author)
    client.post(reverse("workbench:drafts"), {"base": KATTAN_BASE_TEXT.replace(GRADE_CHOICES, "")})
    draft = Draft.objects.get()
    assert '<option value="grade=high">' not in page_text(client.get(reverse("workbench:draft", args=[draft.pk])))
    for value, label in (("low", "Low"), ("high", "High")):
        assert step(client, draft, "choice", {"input": "grade", "value": value, "label": label}).status_code == 302
    page = page_text(client.get(reverse("workbench:draft", args=[draft.pk])))
    assert '<option value="grade=high">Grade: High</option>' in page
    tick = {"number": 1, "axis": "probability_axes:ssd_12y", "stratum": "grade=high", "label": "0.9", "points": 40}
    assert step(client, draft, "mark", tick).status_code == 302
    draft.refresh_from_db()
    assert draft.data["nomograms"][0]["probability_axes"] == {
        "ssd_12y@grade=high": [{"label": "0.9", "click": None, "points": 40.0}]
    }


def test_the_drawing_is_laid_over_the_figure_by_the_calibrated_axes(client, author):
    """On the simulated tilted scan, each drawn scale's calibrated values land on the calibration
    clicks (within a tenth of a pixel: the drawing rounds its positions to 0.1 unit): the Points
    axis' 0 and 100, the Total Points axis' 0 and 250."""
    draft = make_draft(author)
    core = core_draft(draft)
    drawing = draw_nomogram(build(core).definition)
    placed = overlays(drawing, core)
    assert len(placed) == len(core.nomograms) == 2
    for overlay, nomogram in zip(placed, core.nomograms, strict=True):
        rows = {row.kind: row for row in overlay.panel.rows if row.kind in ("points", "total")}
        assert rows["points"].y < overlay.split < rows["total"].y
        for kind, transform, calibration in (
            ("points", overlay.points_transform, nomogram.points_axis),
            ("total", overlay.total_transform, nomogram.total_axis),
        ):
            a, b, c, d, e, f = (float(number) for number in transform[len("matrix(") : -1].split())
            row = rows[kind]
            for value, click in (
                (calibration.start_value, calibration.start),
                (calibration.end_value, calibration.end),
            ):
                x = next(tick.x for tick in row.ticks if tick.value == value)  # the drawn tick of that value
                assert (a * x + c * row.y + e, b * x + d * row.y + f) == pytest.approx((click.x, click.y), abs=0.1)
    signed_in(client, author)
    page = page_text(client.get(reverse("workbench:draft", args=[draft.pk])))
    assert page.count('data-part="points"') == page.count('data-part="total"') == 2
    assert f'transform="{placed[0].points_transform}"' in page


# The awaiting models' pages.


@pytest.mark.parametrize("model_id", ["zivanovic-2012", "callegaro-2016"])
def test_an_awaiting_model_page_offers_staff_the_workbench(client, author, model_id):
    link = f'href="{reverse("workbench:drafts")}?model={model_id}"'
    public = page_text(client.get(reverse("model", args=[model_id])))
    assert "Meanwhile, its official calculator:" in public
    assert get_definition(model_id).official_calculator.name in public
    assert "Inputs it needs" in public and "workbench" not in public
    signed_in(client, author)
    assert link in client.get(reverse("model", args=[model_id])).content.decode()
    start = client.get(reverse("workbench:drafts"), {"model": model_id}).content.decode()
    assert f'<option value="{model_id}" selected>' in start
