"""The headless Chromium the map benchmark and the browser tests both drive.

Debian's /usr/bin/chromium (``.ci/install-browser`` installs it; ``ANSVAR_CHROMIUM`` points
elsewhere), started with one set of flags so that a benchmark figure and a test run measure
the same browser.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("ANSVAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def launch(playwright):
    """A headless Chromium Browser from a started Playwright (``sync_playwright()``)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
