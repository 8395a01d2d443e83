"""The present page in a real Chromium: the chart arrives, the headline reads, no name shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import Server
from tests.conftest import SAMPLE_DIR

pytestmark = pytest.mark.browser

NAMES_IN_FILE = ["Sofía", "Mateo", "García", "Nguyen"]  # some of the invented names in the samples


def test_the_present_page_shows_the_chart_and_headline_without_names(
    famdata_server, chromium, tmp_path: Path
) -> None:
    server: Server = famdata_server(
        [["import", str(SAMPLE_DIR / "grade4_fluency.xlsx"), "--class", "Room 12", "--grade", "4"]]
    )
    page = chromium.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.url}/present?class=Room%2012&window=2026-09&student=12&lang=en")
    # plotly draws its SVG seconds after Streamlit reports the run finished: wait for the SVG.
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_timeout(1500)
    shot = tmp_path / "present-1920x1080.png"
    page.screenshot(path=str(shot))
    text = page.inner_text("body")
    assert "fourth graders should read" in text
    assert "Student 12" in page.inner_html(".js-plotly-plot")
    for name in NAMES_IN_FILE:
        assert name not in text
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
