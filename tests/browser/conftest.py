"""A real famdata server and a real Chromium for the browser tests (marker `browser`).

The server is `streamlit run app.py` on 127.0.0.1 and a free port, with a temporary database
loaded by the CLI; Chromium is Debian's (`/usr/bin/chromium`), driven by Playwright, with every
background-network feature off so nothing leaves the machine. In CI both must be there: a missing
browser fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from famdata.output.printing import FLAGS
from tests.conftest import ROOT, SAMPLE_DIR

CHROMIUM = os.environ.get("FAMDATA_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [*FLAGS, "--disable-quic"]
SERVER_START_SECONDS = 90
NAMES_IN_SAMPLE = ["Sofía", "Mateo", "García", "Nguyen"]  # some invented names in grade4_fluency


@dataclass(frozen=True)
class Server:
    url: str
    database: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer at {url} within {SERVER_START_SECONDS} s")


def serve(cli_commands: list[list[str]], folder: Path) -> tuple[Server, subprocess.Popen[bytes]]:
    """famdata on a database in `folder` prepared by the given CLI commands (`--db` is added)."""
    database = f"sqlite:///{folder / 'browser.db'}"
    env = {**os.environ, "FAMDATA_DB": database}
    for command in cli_commands:
        subprocess.run(
            [sys.executable, "-m", "famdata", *command, "--db", database],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (folder / "streamlit.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_healthy(url, process)
    except Exception:
        stop(process)
        raise
    return Server(url=url, database=database), process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@pytest.fixture
def famdata_server(tmp_path: Path) -> Iterator[Callable[[list[list[str]]], Server]]:
    """Start famdata on a database prepared by the given CLI commands (`--db` is added)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(cli_commands: list[list[str]]) -> Server:
        server, process = serve(cli_commands, tmp_path)
        started.append(process)
        return server

    yield start
    for process in started:
        stop(process)


@pytest.fixture
def chromium() -> Iterator[object]:
    """A headless Chromium browser (Playwright's sync API)."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def room_12(famdata_server: Callable[[list[list[str]]], Server]) -> Server:
    """famdata serving the grade-4 sample, imported as class "Room 12"."""
    sample = str(SAMPLE_DIR / "grade4_fluency.xlsx")
    return famdata_server([["import", sample, "--class", "Room 12", "--grade", "4"]])
