"""The Folders page: one click makes every family's folder; labels only from the teacher's file."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from famdata.output import printing
from tests.app.conftest import open_page
from tests.conftest import SAMPLE_DIR

KINDER = "Sample: Kindergarten, Room 3"


@pytest.fixture(autouse=True)
def chromium_or_skip() -> None:
    if printing.find_browser() is None:
        pytest.skip("no Chromium-family browser on this machine")


def test_making_the_folders_offers_the_merged_pdf_and_the_zip(app: AppTest) -> None:
    open_page(app, "folders", **{"class": KINDER, "window": "September"})
    next(b for b in app.button if b.label == "Make the folders").click().run()
    assert not app.exception
    assert "20 folders are ready" in app.success[0].value
    urls = [d.proto.url for d in app.get("download_button")]
    assert [u.rsplit(".", 1)[1] for u in urls] == ["pdf", "zip"]


def test_labels_come_only_from_a_file_the_teacher_uploads(app: AppTest) -> None:
    open_page(app, "folders", **{"class": KINDER, "window": "September"})
    assert not app.dataframe
    roster = SAMPLE_DIR / "kindergarten_letters.xlsx"
    app.file_uploader(key="folders_roster").upload(roster.name, roster.read_bytes()).run()
    table = app.dataframe[0].value
    assert list(table.columns) == ["Number", "Student ID", "Name"]
    assert len(table) == 20
