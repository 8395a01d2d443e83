"""Explore (the teacher's desk) and Settings (benchmarks and class details)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from famdata import backup, ingest
from famdata.store import ClassSpec, Store
from tests.app.conftest import open_page
from tests.conftest import SAMPLE_DIR

GRADE4 = "Sample: Grade 4, Room 12"


def test_explore_shows_the_class_figures_and_every_student_with_band_words(app: AppTest) -> None:
    open_page(app, "explore", **{"class": GRADE4, "window": "2026-09"})
    assert not app.exception
    table = app.dataframe[1].value
    assert "ORF (wcpm): band" in table.columns
    assert set(table["ORF (wcpm): band"].dropna()) <= {
        "well below benchmark",
        "below benchmark",
        "at benchmark",
        "above benchmark",
    }


def test_explore_filters_students_by_band(app: AppTest) -> None:
    open_page(app, "explore", **{"class": GRADE4, "window": "2026-09"})
    app.multiselect(key="explore_bands").select("above benchmark").run()
    table = app.dataframe[1].value
    assert len(table) > 0
    assert (table.filter(like=": band") == "above benchmark").any(axis=1).all()


def test_explore_offers_the_summary_as_csv_and_excel(app: AppTest) -> None:
    open_page(app, "explore", **{"class": GRADE4, "window": "2026-09"})
    downloads = app.get("download_button")
    assert [d.proto.url.rsplit(".", 1)[1] for d in downloads] == ["csv", "xlsx"]


def test_names_show_on_explore_only_after_the_teacher_uploads_the_roster(app: AppTest) -> None:
    open_page(app, "explore", **{"class": GRADE4, "window": "2026-09"})
    assert "Name" not in app.dataframe[1].value.columns
    roster = SAMPLE_DIR / "grade4_fluency.xlsx"
    app.file_uploader(key="explore_roster").upload(roster.name, roster.read_bytes()).run()
    app.toggle(key="explore_show_names").set_value(True).run()
    table = app.dataframe[1].value
    assert table["Name"].notna().all()


def test_a_student_profile_lists_every_window(app: AppTest) -> None:
    open_page(app, "explore", **{"class": GRADE4, "window": "2026-09"})
    profile = app.dataframe[2].value
    assert set(profile["Window"]) == {"2026-09", "2026-10"}


def test_the_classs_own_expectation_changes_the_headline(app: AppTest) -> None:
    open_page(app, "settings", **{"class": GRADE4})
    app.number_input(key="settings_goal_ORF (wcpm)").set_value(105.0)
    app.button[1].click().run()  # the links form's submit button
    assert not app.exception
    app.switch_page("pages/present.py").run()
    assert "read 105 words a minute" in app.markdown[2].value


def test_settings_shows_the_benchmark_table_with_every_source(app: AppTest) -> None:
    open_page(app, "settings", **{"class": GRADE4})
    assert not app.exception
    [editor] = [d for d in app.dataframe if "source" in d.value.columns]
    assert editor.value["source"].str.contains("DIBELS 8th Edition").any()
    assert editor.value["source"].str.contains("Hasbrouck").any()


def test_settings_prepares_a_backup_to_download(app: AppTest) -> None:
    open_page(app, "settings", **{"class": GRADE4})
    next(b for b in app.button if b.label == "Prepare a backup").click().run()
    assert [d.proto.label for d in app.get("download_button")] == ["Download the backup"]


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
    next(b for b in app.button if b.label == "Remove the sample classes first").click().run()
    app.file_uploader(key="settings_restore").upload("b.zip", file.read_bytes()).run()
    next(b for b in app.button if b.label == "Restore this backup").click().run()
    assert not app.exception
    assert "Restored 1 classes" in app.success[0].value
    assert [c.name for c in Store(private_database).classes()] == ["Room 7"]
