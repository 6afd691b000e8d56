"""Debian's Chromium driven by Playwright, for the browser tests and the reader's benchmark.

No browser is ever downloaded: Playwright drives the `chromium` on PATH (Debian's
package, installed by `.ci/run`). Where it or Playwright is missing, `missing()` says
which, so that tests skip with that message.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def executable() -> str | None:
    """Debian's Chromium, if it is installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401, PLC0415
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    if executable() is None:
        return "Debian's chromium is not installed (apt install chromium; see .ci/run)"
    return None


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium for the duration of the block."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    path = executable()
    assert path is not None, missing()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
