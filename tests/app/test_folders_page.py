"""The Folders page: one click makes every family's folder; labels only from the teacher's file."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from famdata.output import packets, printing
from tests.app.conftest import open_page, table
from tests.conftest import SAMPLE_DIR
from ui import state

KINDER = "Sample: Kindergarten, Room 3"


@pytest.fixture(autouse=True)
def chromium_or_skip() -> None:
    if printing.find_browser() is None:
        pytest.skip("no Chromium-family browser on this machine")


def test_making_the_folders_offers_the_merged_pdf_and_the_zip(app: AppTest) -> None:
    open_page(app, "folders", **{"class": KINDER, "window": "September"})
    app.button(key=state.FOLDERS_MAKE).click().run()
    assert not app.exception
    assert any("20 folders are ready" in s.value for s in app.success)
    assert app.download_button(key=state.FOLDERS_PDF).proto.url.endswith(".pdf")
    assert app.download_button(key=state.FOLDERS_ZIP).proto.url.endswith(".zip")


def test_folders_for_the_families_who_missed_the_night(app: AppTest, private_database: str) -> None:
    from famdata import nights, samples
    from famdata.store import Store

    store = Store(private_database)
    samples.seed_if_new(store)
    nights.record_attendance(store, KINDER, "September", range(1, 18))
    open_page(app, "folders", **{"class": KINDER, "window": "September"})
    app.checkbox(key=state.FOLDERS_ABSENT).check()
    app.button(key=state.FOLDERS_MAKE).click().run()
    assert any("3 folders are ready" in s.value for s in app.success)


def test_labels_come_only_from_a_file_the_teacher_uploads(app: AppTest) -> None:
    open_page(app, "folders", **{"class": KINDER, "window": "September"})
    assert not app.dataframe
    roster = SAMPLE_DIR / "kindergarten_letters.xlsx"
    app.file_uploader(key=state.FOLDERS_ROSTER).upload(roster.name, roster.read_bytes()).run()
    labels = table(app, "Name")
    assert list(labels.columns) == ["Number", "Student ID", "Name"]
    assert len(labels) == 20


def test_the_folders_download_under_the_class_the_window_and_the_language(
    app: AppTest, downloads: dict[str, bytes]
) -> None:
    open_page(app, "folders", **{"class": KINDER, "window": "September"})
    app.radio(key=state.FOLDERS_LANG).set_value("es")
    app.button(key=state.FOLDERS_MAKE).click().run()
    stem = "sample-kindergarten-room-3-september-es-folders"
    assert {f"{stem}.pdf", f"{stem}.zip"} <= set(downloads)


def test_one_familys_folder_is_reprinted_from_the_page(
    app: AppTest, downloads: dict[str, bytes]
) -> None:
    open_page(app, "folders", **{"class": KINDER, "window": "September"})
    assert app.button(key=state.FOLDERS_ONE_MAKE).disabled
    app.selectbox(key=state.FOLDERS_ONE_NUMBER).select(7).run()
    app.button(key=state.FOLDERS_ONE_MAKE).click().run()
    assert not app.exception
    assert app.download_button(key=state.FOLDERS_ONE_PDF).proto.label == (
        "Download the folder of number 7 (PDF)"
    )
    pdf = downloads["sample-kindergarten-room-3-september-en-family-07.pdf"]
    assert "(number 7)" in packets.pdf_text(pdf)


def test_the_names_key_is_offered_as_printable_labels_and_as_csv(
    app: AppTest, downloads: dict[str, bytes]
) -> None:
    open_page(app, "folders", **{"class": KINDER, "window": "September"})
    roster = SAMPLE_DIR / "kindergarten_letters.xlsx"
    app.file_uploader(key=state.FOLDERS_ROSTER).upload(roster.name, roster.read_bytes()).run()
    assert not app.exception
    assert app.download_button(key=state.FOLDERS_LABELS_PDF).proto.label == (
        "Download the labels to print (PDF)"
    )
    assert "sample-kindergarten-room-3-folder-labels.csv" in downloads
