"""The Folders page on a real server: one click, then every family's folder downloads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from famdata.output import packets
from tests.browser.conftest import NAMES_IN_SAMPLE, Server

pytestmark = pytest.mark.browser


def test_the_folders_page_prints_every_family_and_downloads_the_merged_pdf(
    room_12: Server, chromium, tmp_path: Path
) -> None:
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{room_12.url}/folders?class=Room%2012&window=2026-09")
    page.get_by_role("button", name="Make the folders").click(timeout=60_000)
    page.get_by_text("folders are ready").wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download all folders to print (PDF)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    pdf = saved.read_bytes()
    text = packets.pdf_text(pdf)
    assert saved.name == "room-12-2026-09-en-folders.pdf"
    # Per family: the two skills, the goal sheet, the practice card and the page it prints.
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 26 * 5
    assert "Your child (number 26)" in text
    for name in NAMES_IN_SAMPLE:
        assert name not in text
