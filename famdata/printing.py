"""Printing HTML to PDF with a Chromium-family browser already on the computer.

Family folders are one print-styled HTML document; Chrome, Edge or Chromium turns it into a PDF
whose text stays text. famdata downloads no browser: when none is found, the caller falls back to
the printable HTML and says why.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from famdata.errors import FamdataError

Paper = Literal["letter", "a4"]
PAPER_FORMATS = {"letter": "Letter", "a4": "A4"}
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/usr/bin/microsoft-edge",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
)
NO_BROWSER = (
    "No Chrome, Edge or Chromium was found on this computer, so famdata could not make PDFs. "
    "Open the printable HTML file in any browser and print it (or save it as PDF) instead."
)
DRAW_TIMEOUT_MS = 120_000


def find_browser() -> Path | None:
    """FAMDATA_BROWSER when set (even when it names nothing: then there is no browser), else the
    usual places Chrome, Edge and Chromium are installed."""
    chosen = os.environ.get("FAMDATA_BROWSER")
    if chosen is not None:
        path = Path(chosen)
        return path if path.is_file() else None
    for candidate in CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    found = shutil.which("chromium") or shutil.which("google-chrome") or shutil.which("msedge")
    return Path(found) if found else None


@contextmanager
def browser_page() -> Iterator[Any]:
    """A headless page of the local browser (raises FamdataError when there is none)."""
    executable = find_browser()
    if executable is None:
        raise FamdataError(NO_BROWSER)
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(executable), args=FLAGS)
            try:
                yield browser.new_page()
            finally:
                browser.close()
    except Error as error:
        reason = error.message.splitlines()[0]
        raise FamdataError(f"The browser at {executable} could not print ({reason}).") from error


def html_to_pdf(page: Any, html: str, charts: int, paper: Paper = "letter") -> bytes:
    """Print a document whose `charts` plotly charts count themselves in `window.famdataDrawn`."""
    page.set_content(html, wait_until="load")
    if charts:
        page.wait_for_function(f"window.famdataDrawn >= {charts}", timeout=DRAW_TIMEOUT_MS)
    return page.pdf(
        format=PAPER_FORMATS[paper],
        print_background=True,
        margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"},
    )
