"""Printing HTML to PDF with a Chromium-family browser already on the computer.

Family folders are one print-styled HTML document; Chrome, Edge or Chromium turns it into a PDF
whose text stays text. famdata downloads no browser: when none is found, the caller falls back to
the printable HTML and says why.

Starting the browser and compiling plotly.js cost more than printing thirty folders, so one
browser stays open for the life of the process (closed after IDLE_SECONDS unused) and `warm()`
starts it before the teacher asks. It lives on a thread of its own because Playwright's sync API
belongs to the thread that started it, and Streamlit runs every rerun on a new one. Documents
are opened from a temporary folder holding plotly.js (library code only, never class data), so
the browser compiles plotly once and reuses it for every print.

A printed document holds text from files (measure names, windows, goals), so the printing browser
is held to the document itself: every request but the printed page and plotly.js is aborted, the
documents carry a Content-Security-Policy with no network (CSP), and a print that does not finish
within PRINT_TIMEOUT_MS gives up with a FamdataError instead of waiting.
"""

from __future__ import annotations

import atexit
import os
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, TimeoutError
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from plotly.offline import get_plotlyjs

from famdata.errors import FamdataError

Paper = Literal["letter", "a4"]
PAPER_FORMATS = {"letter": "Letter", "a4": "A4"}
# Chromium will not start its sandbox for root, and only then (a container, a CI runner) is it
# worth going without one.
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
FLAGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    *(["--no-sandbox"] if AS_ROOT else []),
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
PRINT_TIMEOUT_MS = 30_000  # each step of a print: loading, drawing the charts, the PDF
ANSWER_SECONDS = 90  # the whole job, waiting for the browser to start included
# What a printed document may use: its own inline script and style, plotly.js beside it, images
# drawn into data: URLs. Nothing from the network.
CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
)


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


PLOTLY_SRC = "plotly.js"  # how a printed document names plotly.js (see `_start_uri`)
PRINT_FOLDER_PREFIX = "famdata-print-"
LEFTOVER_AFTER_SECONDS = 5 * 60
IDLE_SECONDS = 600
T = TypeVar("T")


def print_pdf(html: str, charts: int = 0, paper: Paper = "letter") -> bytes:
    """Print a document whose `charts` plotly charts count themselves in `window.famdataDrawn`.

    The document loads plotly.js as `<script src="plotly.js">` (PLOTLY_SRC). Raises FamdataError
    when there is no browser or it could not print.
    """
    return _printer().run(lambda page: _print_on(page, html, charts, paper))


def warm() -> None:
    """Start the browser and compile plotly.js now, without waiting, so the first folders of a
    session print as fast as the next ones. Does nothing when there is no browser."""
    if find_browser() is not None:
        _printer().warm()


def _print_on(page: Any, html: str, charts: int, paper: Paper) -> bytes:
    page.goto(_start_uri())  # a fresh document: nothing left from the previous print
    page.set_content(html, wait_until="load")
    if charts:
        page.wait_for_function(f"window.famdataDrawn >= {charts}")
    return page.pdf(
        format=PAPER_FORMATS[paper],
        print_background=True,
        margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"},
    )


def _load_plotly(page: Any) -> None:
    page.goto(_start_uri())
    page.set_content(f'<script src="{PLOTLY_SRC}"></script>', wait_until="load")


def _local_only(route: Any) -> None:
    """Let the printed page and plotly.js load; abort every other request (a picture or a link
    that text from a file might still smuggle in)."""
    if route.request.url in _local_uris():
        route.continue_()
    else:
        route.abort()


def _local_uris() -> set[str]:
    start = _start_uri()
    return {start, (_print_folder() / PLOTLY_SRC).as_uri()}


def _start_uri() -> str:
    """The empty page printed documents open from, in a temporary folder beside plotly.js
    (made again if something cleared the temporary folders while the app kept running)."""
    start = _print_folder() / "start.html"
    if not (start.is_file() and (start.parent / PLOTLY_SRC).is_file()):
        _print_folder.cache_clear()
        start = _print_folder() / "start.html"
    return start.as_uri()


@cache
def _print_folder() -> Path:
    _remove_leftover_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"{PRINT_FOLDER_PREFIX}{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / PLOTLY_SRC).write_text(get_plotlyjs(), encoding="utf-8")
    (folder / "start.html").write_text("<!DOCTYPE html><title>famdata</title>", encoding="utf-8")
    return folder


def _remove_leftover_folders() -> None:
    """Remove the printing folders a famdata that crashed left in the temporary folder: older than
    a few minutes, and named after a process that is no longer running (never one in use)."""
    too_old = time.time() - LEFTOVER_AFTER_SECONDS
    for folder in Path(tempfile.gettempdir()).glob(f"{PRINT_FOLDER_PREFIX}*"):
        with suppress(OSError):  # gone meanwhile, or another account's
            if folder.is_dir() and folder.stat().st_mtime < too_old and not _in_use(folder):
                shutil.rmtree(folder, ignore_errors=True)


def _in_use(folder: Path) -> bool:
    """Whether the process named in the folder (famdata-print-PID-xxxx) may still be running."""
    pid = folder.name.removeprefix(PRINT_FOLDER_PREFIX).split("-")[0]
    if not pid.isdigit():  # an older famdata's folder, named without its process
        return False
    if int(pid) == os.getpid() or os.name == "nt":  # on Windows os.kill would end the process
        return True
    try:
        os.kill(int(pid), 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        pass
    return True


@dataclass
class _Session:
    """One running browser and the page every print reuses."""

    executable: Path
    playwright: Any
    browser: Any
    page: Any

    @classmethod
    def open(cls, executable: Path) -> _Session:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(executable_path=str(executable), args=FLAGS)
            page = browser.new_page()
            page.set_default_timeout(PRINT_TIMEOUT_MS)
            page.route("**/*", _local_only)
            return cls(executable, playwright, browser, page)
        except BaseException:
            playwright.stop()
            raise

    def alive(self) -> bool:
        return self.browser.is_connected() and not self.page.is_closed()

    def close(self) -> None:
        with suppress(Exception):
            self.browser.close()
        with suppress(Exception):
            self.playwright.stop()


class _Printer:
    """The thread that owns the browser; jobs are functions of its page, run one at a time."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[Path, Callable[[Any], Any], Future[Any]] | None] = (
            queue.Queue()
        )
        self._session: _Session | None = None
        self._warming: Future[None] | None = None
        self._thread = threading.Thread(target=self._serve, name="famdata-printer", daemon=True)
        self._thread.start()
        atexit.register(self.stop)

    def submit(self, task: Callable[[Any], T]) -> Future[T]:
        executable = find_browser()
        if executable is None:
            raise FamdataError(NO_BROWSER)
        future: Future[T] = Future()
        self._jobs.put((executable, task, future))
        return future

    def warm(self) -> None:
        if self._session is None and (self._warming is None or self._warming.done()):
            self._warming = self.submit(_load_plotly)

    def run(self, task: Callable[[Any], T]) -> T:
        from playwright.sync_api import Error

        future = self.submit(task)
        try:
            return future.result(timeout=ANSWER_SECONDS)
        except TimeoutError as error:
            raise FamdataError(
                f"The browser at {find_browser()} did not print within {ANSWER_SECONDS} seconds."
            ) from error
        except Error as error:
            reason = error.message.splitlines()[0]
            raise FamdataError(
                f"The browser at {find_browser()} could not print ({reason})."
            ) from error

    def stop(self) -> None:
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=10)

    def _serve(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                self._close()
                continue
            if job is None:
                self._close()
                return
            executable, task, future = job
            if future.set_running_or_notify_cancel():
                self._do(executable, task, future)

    def _do(self, executable: Path, task: Callable[[Any], Any], future: Future[Any]) -> None:
        try:
            session = self._session
            if session is None or session.executable != executable or not session.alive():
                self._close()
                self._session = session = _Session.open(executable)
            future.set_result(task(session.page))
        except BaseException as error:  # handed to the caller, on its own thread
            self._close()  # the next print starts from a fresh browser
            future.set_exception(error)

    def _close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


_PRINTER_LOCK = threading.Lock()


def _printer() -> _Printer:
    with _PRINTER_LOCK:  # two sessions asking at once still get one browser
        return _the_printer()


@cache
def _the_printer() -> _Printer:
    return _Printer()
