"""The present page in a real Chromium: the chart arrives, the headline reads, no name shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import NAMES_IN_SAMPLE, Server

pytestmark = pytest.mark.browser


def test_the_present_page_shows_the_chart_and_headline_without_names(
    room_12: Server, chromium, tmp_path: Path
) -> None:
    page = chromium.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{room_12.url}/present?class=Room%2012&window=2026-09&student=12&lang=en")
    # plotly draws seconds after Streamlit reports the run finished, and draws again when the
    # page settles its URL: wait for the highlighted student's call-out itself.
    chart = page.locator(".js-plotly-plot", has_text="Student 12")
    chart.wait_for(timeout=60_000)
    shot = tmp_path / "present-1920x1080.png"
    page.screenshot(path=str(shot))
    text = page.inner_text("body")
    assert "fourth graders should read" in text
    assert chart.locator(".main-svg").count() > 0
    for name in NAMES_IN_SAMPLE:
        assert name not in text
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
