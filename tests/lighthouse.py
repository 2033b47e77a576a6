"""Lighthouse (npm, tools/lighthouse/) on Debian's Chromium: mobile, its default form factor.

One public page of each kind is audited: the staff pages need a signed-in session, which
Lighthouse's own browser does not have, and axe checks them (tests/e2e/test_accessibility.py).
"""

import json
import subprocess
from pathlib import Path

from .site_pages import pages

AUDIT_SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "lighthouse" / "audit.mjs"

AUDITED = (
    "home",
    "about-models",
    "about-leiomyosarcoma",
    "sign-in",
    "model-kattan-2002",
    "model-zivanovic-2012",
    "result-kattan-2002",
    "result-gronchi-2013",
    "compare-kattan-2002",
    "comparison-gronchi-2013",
    "worksheet-kattan-2002",
    "batch-kattan-2002",
)


def audited_paths() -> dict[str, str]:
    """Each audited page's id and path."""
    listed = {page.id: page for page in pages()}
    return {page_id: listed[page_id].resolve() for page_id in AUDITED}


def lighthouse(categories: list[str], urls: list[str]) -> dict:
    """Per URL: {"scores": {category: 0 to 1}, "lost": [audits that lost points], "runtimeError"}."""
    if not (AUDIT_SCRIPT.parent / "node_modules").exists():
        raise RuntimeError("Lighthouse is not installed: run `make lighthouse` (make test does)")
    command = ["node", str(AUDIT_SCRIPT), ",".join(categories), *urls]
    finished = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60 * len(urls) + 60)
    return json.loads(finished.stdout)
