"""What the two browser test modules of the editor report share: Chromium, and a page that fails on errors.

Importing this module skips the importing test module when headless Chromium
(Debian's ``chromium``, which ``.ci/run`` installs) or Playwright is missing;
Playwright never downloads a browser here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

if not CHROMIUM.exists():
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """One headless Chromium (a test module holds it for all its tests)."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


@contextlib.contextmanager
def report_page(browser, report: Path, *, ready_state: str = "visible", **context_options) -> Iterator[object]:
    """A fresh page on ``report``, once its script says it is ready; the test fails on any console
    error or uncaught exception the page raised meanwhile."""
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(report.as_uri())
    page.wait_for_selector("html[data-report-ready='1']", state=ready_state)
    yield page
    context.close()
    assert not errors, errors
