"""Explore (the teacher's desk) and Settings (benchmarks and class details)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from famdata import ingest
from famdata.store import ClassSpec, Store, backup
from tests.app.conftest import open_page, table
from tests.conftest import SAMPLE_DIR
from ui import state

GRADE4 = "Sample: Grade 4, Room 12"
BANDS = {"well below benchmark", "below benchmark", "at benchmark", "above benchmark"}


def test_explore_shows_the_class_figures_and_every_student_with_band_words(app: AppTest) -> None:
    open_page(app, "explore", **{"class": GRADE4, "window": "2026-09"})
    assert not app.exception
    assert set(table(app, "Benchmark source")["Window"]) == {"2026-09"}
    bands = table(app, "Student")["ORF (wcpm): band"].dropna()
    assert len(bands) > 0
    assert set(bands) <= BANDS


def test_explore_filters_students_by_band(app: AppTest) -> None:
    open_page(app, "explore", **{"class": GRADE4, "window": "2026-09"})
    everyone = len(table(app, "Student"))
    app.multiselect(key=state.EXPLORE_BANDS).select("above benchmark").run()
    students = table(app, "Student")
    assert 0 < len(students) < everyone
    assert (students.filter(like=": band") == "above benchmark").any(axis=1).all()


def test_explore_offers_the_summary_as_csv_and_excel(app: AppTest) -> None:
    open_page(app, "explore", **{"class": GRADE4, "window": "2026-09"})
    assert app.download_button(key=state.EXPLORE_CSV).proto.url.endswith(".csv")
    assert app.download_button(key=state.EXPLORE_XLSX).proto.url.endswith(".xlsx")


def test_names_show_on_explore_only_after_the_teacher_uploads_the_roster(app: AppTest) -> None:
    open_page(app, "explore", **{"class": GRADE4, "window": "2026-09"})
    assert "Name" not in table(app, "Student").columns
    roster = SAMPLE_DIR / "grade4_fluency.xlsx"
    app.file_uploader(key=state.EXPLORE_ROSTER).upload(roster.name, roster.read_bytes()).run()
    app.toggle(key=state.EXPLORE_SHOW_NAMES).set_value(True).run()
    students = table(app, "Student")
    assert len(students) > 0
    assert students["Name"].notna().all()


def test_a_student_profile_lists_every_window(app: AppTest) -> None:
    open_page(app, "explore", **{"class": GRADE4, "window": "2026-09"})
    assert set(table(app, "Missing because")["Window"]) == {"2026-09", "2026-10"}


def test_the_classs_own_expectation_changes_the_headline(app: AppTest) -> None:
    open_page(app, "settings", **{"class": GRADE4})
    app.number_input(key=f"{state.SETTINGS_PREFIX}goal_ORF (wcpm)").set_value(105.0)
    app.button(key=state.SETTINGS_SAVE_LINKS).click().run()
    assert not app.exception
    app.switch_page("pages/present.py").run()
    assert any("read 105 words a minute" in m.value for m in app.markdown)


def test_settings_shows_the_benchmark_table_with_every_source(app: AppTest) -> None:
    open_page(app, "settings", **{"class": GRADE4})
    assert not app.exception
    sources = app.dataframe(key="settings_table").value["source"]
    assert sources.str.contains("DIBELS 8th Edition").any()
    assert sources.str.contains("Hasbrouck").any()


def test_settings_prepares_a_backup_to_download(app: AppTest) -> None:
    open_page(app, "settings", **{"class": GRADE4})
    assert not any(b.key == state.SETTINGS_DOWNLOAD_BACKUP for b in app.download_button)
    app.button(key=state.SETTINGS_PREPARE_BACKUP).click().run()
    assert app.download_button(key=state.SETTINGS_DOWNLOAD_BACKUP).label == "Download the backup"


def test_settings_restores_a_backup_into_a_fresh_install(
    app: AppTest, tmp_path, private_database: str
) -> None:
    laptop = Store(f"sqlite:///{tmp_path / 'laptop.db'}")
    laptop.save_import(
        ClassSpec("Room 7", grade=3), ingest.read(SAMPLE_DIR / "messy_teacher_workbook.xlsx")
    )
    file = tmp_path / "b.zip"
    backup.backup(laptop, file)
    open_page(app, "settings")
    app.button(key=state.SETTINGS_REMOVE_SAMPLES).click().run()
    app.file_uploader(key=state.SETTINGS_RESTORE).upload("b.zip", file.read_bytes()).run()
    app.button(key=state.SETTINGS_RESTORE_BACKUP).click().run()
    assert not app.exception
    assert any("Restored 1 classes" in s.value for s in app.success)
    assert [c.name for c in Store(private_database).classes()] == ["Room 7"]
