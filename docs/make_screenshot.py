"""Take the README's screenshot: the present page on the sample class, at projector size.

    python docs/make_screenshot.py

Starts famdata on a temporary database with the sample classes, opens the present page in
Debian's Chromium (or FAMDATA_TEST_CHROMIUM) and writes docs/screenshot.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from famdata.output.printing import FLAGS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("FAMDATA_TEST_CHROMIUM", "/usr/bin/chromium")

PORT = 8765
ADDRESS = (
    f"http://127.0.0.1:{PORT}/present?class=Sample%3A+Grade+4%2C+Room+12&window=2026-09"
    "&student=12&lang=en"
)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "FAMDATA_DB": f"sqlite:///{folder}/shot.db"}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(PORT),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.5)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                page = browser.new_page(viewport={"width": 1920, "height": 1080})
                page.goto(ADDRESS)
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90_000)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"wrote {ROOT / 'docs' / 'screenshot.png'}")


if __name__ == "__main__":
    main()
