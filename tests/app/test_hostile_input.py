"""What people type or upload is shown as text, never run: no links, images or formulas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from famdata import stats
from famdata.output import exports
from famdata.store import Store
from tests.app.conftest import open_page
from tests.test_hostile_files import far_cell
from ui import state

HOSTILE = [
    "<script>alert(1)</script>",
    "![x](http://127.0.0.1:9/x)",
    "[link](http://127.0.0.1:9)",
    '=HYPERLINK("http://127.0.0.1:9","x")',
    "مرحبا بالعائلات",
    "Clase 🎉📚",
    "L" * 200,  # the longest class name every database keeps
]
# What a rendered link or image would look like in a Markdown element's source.
LIVE_MARKUP = ("](http", "<script>")


def sheet_with_measure(path: Path, measure: str) -> Path:
    """A CSV export whose score column is named `measure` (a CSV keeps "=..." as text)."""
    frame = pd.DataFrame({"Student ID": [f"S{i}" for i in range(12)], measure: range(40, 52)})
    frame.to_csv(path, index=False)
    return path


def markdown_sources(app: AppTest) -> list[str]:
    return [
        e.value
        for kind in (
            "markdown",
            "caption",
            "title",
            "subheader",
            "success",
            "warning",
            "error",
            "info",
        )
        for e in getattr(app, kind)
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_class_name_and_measure_name_are_shown_as_text(
    app: AppTest, tmp_path: Path, text: str, private_database: str
) -> None:
    upload = sheet_with_measure(tmp_path / "class.csv", text[:200])
    app.switch_page("pages/load.py").run()
    app.file_uploader(key=state.LOAD_UPLOAD).upload("class.csv", upload.read_bytes()).run()
    app.text_input(key=state.LOAD_CLASS_NAME).input(text)
    app.selectbox(key=state.LOAD_GRADE).select("4").run()
    app.button(key=state.LOAD_SAVE).click().run()
    assert not app.exception
    assert [c.name for c in Store(private_database).classes() if not c.is_sample] == [text]
    app.run()  # the sidebar lists the new class from the next run on
    app.sidebar.selectbox(key=state.CLASS).select(text).run()
    for page in ("load", "present", "explore", "settings", "home"):
        open_page(app, page)
        assert not app.exception, page
        assert app.sidebar.selectbox(key=state.CLASS).value == text, page
        assert markdown_sources(app), page
        for source in markdown_sources(app):
            for live in LIVE_MARKUP:
                assert live not in source, (page, source[:120])


def test_a_class_name_longer_than_the_database_keeps_is_refused_in_plain_words(
    app: AppTest, tmp_path: Path, private_database: str
) -> None:
    upload = sheet_with_measure(tmp_path / "class.csv", "WCPM")
    app.switch_page("pages/load.py").run()
    app.file_uploader(key=state.LOAD_UPLOAD).upload("class.csv", upload.read_bytes()).run()
    app.text_input(key=state.LOAD_CLASS_NAME).input("L" * 5000)
    app.selectbox(key=state.LOAD_GRADE).select("4").run()
    app.button(key=state.LOAD_SAVE).click().run()
    assert not app.exception
    assert any("5000 characters long" in e.value for e in app.error)
    assert [c.name for c in Store(private_database).classes() if not c.is_sample] == []


def test_a_hostile_measure_name_is_neutralised_in_the_summary_download(
    tmp_path: Path, private_database: str
) -> None:
    store = Store(private_database)
    from famdata import ingest
    from famdata.store import ClassSpec

    reading = ingest.read(sheet_with_measure(tmp_path / "c.csv", HOSTILE[3]))
    store.save_import(ClassSpec("Room 1", grade=4), reading, "Fall")
    summary = stats.summary_table(stats.summarize(store.scores("Room 1")))
    csv = exports.to_csv_bytes(summary).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv
    assert ",=HYPERLINK" not in csv


def test_hostile_text_in_a_file_name_is_not_rendered(app: AppTest, tmp_path: Path) -> None:
    upload = sheet_with_measure(tmp_path / "c.csv", "WCPM")
    app.switch_page("pages/load.py").run()
    name = "![x](x.png) [a](javascript:x).csv"
    app.file_uploader(key=state.LOAD_UPLOAD).upload(name, upload.read_bytes()).run()
    assert not app.exception
    assert all("](x.png)" not in s for s in markdown_sources(app))
    assert any("\\!\\[x\\]" in s for s in markdown_sources(app))


def test_a_two_kilobyte_workbook_with_a_far_cell_is_refused_on_the_load_page(
    app: AppTest, private_database: str
) -> None:
    """This file used to make the reader allocate 16,384 x 1,048,576 cells and kill the server."""
    app.switch_page("pages/load.py").run()
    upload = far_cell("XFD1048576")
    assert len(upload) < 4096
    app.file_uploader(key=state.LOAD_UPLOAD).upload("far.xlsx", upload).run()
    assert not app.exception
    assert any("16,384 columns wide" in e.value for e in app.error)
    assert [c.name for c in Store(private_database).classes() if not c.is_sample] == []
