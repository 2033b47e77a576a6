"""Debian's Chromium, as the browser tests and the browser benchmark (bench/browser.py) start it."""

CHROMIUM = "/usr/bin/chromium"
# The machine has no network but the package registries: without these switches Chromium keeps
# trying its background services (updates, sync, QUIC probes) and slows every page down.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
