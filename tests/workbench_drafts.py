"""Workbench drafts stored as the web workbench keeps them, for the view tests and the site pages.

The model is gronchi-2013 as if it awaited its parameters, under another id (`gronchi-2013-centre`:
a shipped computable model cannot be installed over), digitised from the simulated tilted scan of
tests/workbench_figure.py."""

import hashlib
import io

from PIL import Image

from calculator.workbench.models import Draft
from nomograms.workbench import to_data

from .workbench_figure import GRONCHI_TEXT, KATTAN_TEXT, gronchi_draft

CENTRE_ID = "gronchi-2013-centre"
BASE_TEXT = (
    GRONCHI_TEXT[: GRONCHI_TEXT.index("[model]")]
    .replace('status = "digitised"', 'status = "awaiting parameters"')
    .replace('id = "gronchi-2013"', f'id = "{CENTRE_ID}"')
)
FIGURE_SHA256 = "c" * 64

# kattan-2002 likewise: drawn as a nomogram (size in groups, an axis per grade), under another id.
KATTAN_CENTRE_ID = "kattan-2002-centre"
KATTAN_BASE_TEXT = (
    KATTAN_TEXT[: KATTAN_TEXT.index("[model]")]
    .replace('status = "exact"', 'status = "awaiting parameters"')
    .replace('id = "kattan-2002"', f'id = "{KATTAN_CENTRE_ID}"')
)


def png(width=40, height=30):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def make_draft(author, core=None, model_id=CENTRE_ID, base=BASE_TEXT, **fields):
    """A stored draft of `core` (by default the whole gronchi digitisation, golden cases included)."""
    figure = png(800, 1900)
    stored = {
        "created_at": "2026-12-03T10:00:00Z",
        "figure_name": "fig2.png",
        "figure": figure,
        "figure_sha256": FIGURE_SHA256,
        "image": figure,
        "image_type": "image/png",
        "image_sha256": hashlib.sha256(figure).hexdigest(),
        "image_width": 800,
        "image_height": 1900,
        **fields,
    }
    draft = Draft.objects.create(
        model_id=model_id, base=base, data=to_data(core or gronchi_draft()), author=author, **stored
    )
    draft.refresh_from_db()  # as stored: JSON lists, dates
    return draft
