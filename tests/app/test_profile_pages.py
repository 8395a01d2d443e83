"""Each measure's profile on the pages: shown on Load to confirm, the fractions question asked
there, changed in Settings; and a class deleted from Settings only after saying yes."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from famdata.store import Store
from tests.app.conftest import open_page
from tests.test_measures import ACCURACY, fraction_csv, percent_workbook
from ui import state

GRADE4 = "Sample: Grade 4, Room 12"


def _upload(app: AppTest, path: Path) -> AppTest:
    app.switch_page("pages/load.py").run()
    app.file_uploader(key=state.LOAD_UPLOAD).upload(path.name, path.read_bytes()).run()
    return app


def _save_as_new_class(app: AppTest, name: str) -> None:
    app.text_input(key=state.LOAD_CLASS_NAME).input(name)
    app.selectbox(key=state.LOAD_GRADE).select("4").run()
    app.button(key=state.LOAD_SAVE).click().run()
    assert not app.exception


def test_the_load_page_shows_each_measures_skill_unit_and_direction(
    app: AppTest, tmp_path: Path
) -> None:
    _upload(app, percent_workbook(tmp_path / "class.xlsx", ACCURACY))
    [profiles] = [f.value for f in app.dataframe if "Better is" in f.value.columns]
    shown = profiles.set_index("Measure").to_dict("index")
    assert shown["Accuracy"] == {"Skill": "ORF-ACC", "Unit": "percent", "Better is": "higher"}
    assert shown["ORF Errors"] == {"Skill": "ORF-ERR", "Unit": "count", "Better is": "lower"}


def test_the_load_page_asks_about_fractions_and_saves_the_answer(
    app: AppTest, tmp_path: Path, private_database: str
) -> None:
    _upload(app, fraction_csv(tmp_path / "class.csv", ACCURACY))
    question = app.checkbox(key=state.LOAD_PERCENT_PREFIX + "ORF Accuracy")
    assert "read them as percents?" in question.label
    question.check().run()
    app.text_input(key=state.LOAD_WINDOW).input("2026-09")
    _save_as_new_class(app, "Room 7")
    store = Store(private_database)
    scores = store.scores("Room 7")
    assert scores[scores["measure"] == "ORF Accuracy"]["value"].max() == 100.0
    assert store.profiles("Room 7")["ORF Accuracy"].from_fractions


def test_settings_changes_a_measures_direction(app: AppTest, private_database: str) -> None:
    open_page(app, "settings", **{"class": GRADE4})
    app.radio(key=f"{state.SETTINGS_PREFIX}way_ORF (wcpm)").set_value(
        "Lower is better (errors, seconds)"
    )
    app.button(key=state.SETTINGS_SAVE_LINKS).click().run()
    assert not app.exception
    assert not Store(private_database).profiles(GRADE4)["ORF (wcpm)"].higher_is_better


def test_settings_deletes_a_class_only_after_the_teacher_says_yes(
    app: AppTest, private_database: str
) -> None:
    open_page(app, "settings", **{"class": GRADE4})
    assert app.button(key=state.SETTINGS_DELETE).disabled
    app.checkbox(key=state.SETTINGS_DELETE_SURE).check().run()
    app.button(key=state.SETTINGS_DELETE).click().run()
    assert not app.exception
    assert GRADE4 not in [c.name for c in Store(private_database).classes()]
