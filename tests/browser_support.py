"""Shared by the browser tests: Debian's headless Chromium driven by Playwright, and the app on a free port.

No browser is downloaded: Playwright drives /usr/bin/chromium (``.ci/install-browser``
installs it). A missing browser fails the tests with what to run, unless
ANSVAR_SKIP_BROWSER=1 says to skip them on purpose.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.chromium import CHROMIUM, launch

ARTIFACTS = Path(os.environ.get("ANSVAR_TEST_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))


def require_browser():
    """The Playwright module, or a failure (a skip only when ANSVAR_SKIP_BROWSER=1)."""
    problem = None
    try:
        from playwright import sync_api
    except ImportError:
        sync_api, problem = None, "the playwright package is not installed (pip install -e '.[test]')"
    if problem is None and not Path(CHROMIUM).exists():
        problem = f"no Chromium at {CHROMIUM} (run .ci/install-browser, or set ANSVAR_CHROMIUM)"
    if problem:
        if os.environ.get("ANSVAR_SKIP_BROWSER") == "1":
            pytest.skip(problem)
        pytest.fail(problem + "; set ANSVAR_SKIP_BROWSER=1 to skip the browser tests", pytrace=False)
    return sync_api


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Debian Chromium (Playwright Browser)."""
    sync_api = require_browser()
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread on a free loopback port; yield its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
