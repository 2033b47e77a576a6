"""Workbench drafts stored as the web workbench keeps them, for the view tests and the site pages.

The model is gronchi-2013 as if it awaited its parameters, under another id (`gronchi-2013-centre`:
a shipped computable model cannot be installed over), digitised from the simulated tilted scan of
tests/workbench_figure.py."""

import io

from PIL import Image

from calculator.workbench.models import Draft
from nomograms.workbench import to_data

from .workbench_figure import GRONCHI_TEXT, gronchi_draft

CENTRE_ID = "gronchi-2013-centre"
BASE_TEXT = (
    GRONCHI_TEXT[: GRONCHI_TEXT.index("[model]")]
    .replace('status = "digitised"', 'status = "awaiting parameters"')
    .replace('id = "gronchi-2013"', f'id = "{CENTRE_ID}"')
)
FIGURE_SHA256 = "c" * 64


def png(width=40, height=30):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def make_draft(author, core=None, **fields):
    """A stored draft of `core` (by default the whole gronchi digitisation, golden cases included)."""
    figure = png(800, 1900)
    stored = {
        "created_at": "2026-12-03T10:00:00Z",
        "figure_name": "fig2.png",
        "figure": figure,
        "figure_sha256": FIGURE_SHA256,
        "image": figure,
        "image_type": "image/png",
        "image_width": 800,
        "image_height": 1900,
        **fields,
    }
    draft = Draft.objects.create(
        model_id=CENTRE_ID, base=BASE_TEXT, data=to_data(core or gronchi_draft()), author=author, **stored
    )
    draft.refresh_from_db()  # as stored: JSON lists, dates
    return draft
