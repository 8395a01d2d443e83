"""The README's screenshots: the projector view of the sample class at 1024x768 and 1920x1080,
in English and Spanish, as a school projector shows it.

    python3 docs/screenshots/make_screenshots.py [--chromium /usr/bin/chromium]

Starts famdata on a throwaway database loaded with the sample classes, sets the stage as a teacher
would (a skill, a highlighted number, the language) and saves one PNG per size and language here.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from famdata.store import Store  # noqa: E402 (the repository's own package, after its path)
from famdata.views import stage as stages  # noqa: E402

CLASS, WINDOW = "Sample: Grade 4, Room 12", "2026-10"
SHOTS = [(1024, 768, "en"), (1920, 1080, "en"), (1024, 768, "es")]


def _serve(database: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "FAMDATA_DB": database}
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"),
            *("--server.port", str(port), "--server.address", "127.0.0.1"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("famdata did not start")


def _set_stage(database: str, lang: str) -> None:
    store = Store(database)
    night = stages.night_of(store, CLASS, WINDOW)
    scores = store.scores(CLASS, WINDOW)
    number = int(scores.dropna(subset=["value"])["student"].min())
    current = stages.load(store, CLASS, WINDOW, night)
    stages.save(store, CLASS, WINDOW, replace(current, highlight=number, lang=lang))
    store.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'shots.db'}"
        subprocess.run(
            [sys.executable, "-m", "famdata", "demo", "--db", database], cwd=ROOT, check=True
        )
        server, url = _serve(database)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium)
                for width, height, lang in SHOTS:
                    _set_stage(database, lang)
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(f"{url}/projector?class={CLASS}&window={WINDOW}")
                    page.wait_for_function(
                        "document.querySelectorAll('.xtick text').length > 10", timeout=60_000
                    )
                    page.wait_for_timeout(1500)  # plotly's last redraw; a picture, not a test
                    shot = HERE / f"projector-{lang}-{width}x{height}.png"
                    page.screenshot(path=str(shot))
                    print(f"wrote {shot.relative_to(ROOT)}", file=sys.stderr)
                    page.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=15)


if __name__ == "__main__":
    main()
