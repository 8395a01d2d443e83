"""Home and Load pages: a teacher's first ten minutes."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from famdata.store import Store
from tests.app.conftest import table
from tests.conftest import SAMPLE_DIR
from ui import state


def test_a_new_install_opens_on_the_sample_classes(app: AppTest) -> None:
    app.run()
    assert not app.exception
    classes = table(app, "Class")
    assert set(classes["Class"]) == {"Sample: Grade 4, Room 12", "Sample: Kindergarten, Room 3"}
    assert any("sample classes" in info.value for info in app.info)


def test_the_sidebar_offers_the_class_window_and_language(app: AppTest) -> None:
    app.run()
    assert app.sidebar.selectbox(key=state.CLASS).value == "Sample: Grade 4, Room 12"
    assert app.sidebar.selectbox(key=state.WINDOW).value == "2026-10"
    assert app.sidebar.radio(key=state.LANG).value == "en"


def _upload(app: AppTest, path: Path) -> AppTest:
    app.switch_page("pages/load.py").run()
    app.file_uploader(key=state.LOAD_UPLOAD).upload(path.name, path.read_bytes()).run()
    return app


def _upload_text(app: AppTest, folder: Path, text: str) -> AppTest:
    """A CSV file of `text` uploaded on the Load page."""
    path = folder / "room7.csv"
    path.write_text(text, encoding="utf-8")
    return _upload(app, path)


def test_the_load_page_previews_before_saving_anything(app: AppTest, private_database: str) -> None:
    _upload(app, SAMPLE_DIR / "messy_teacher_workbook.xlsx")
    assert not app.exception
    assert set(table(app, "Window")["Window"]) == {"Sept", "Oct"}
    assert len(Store(private_database).classes()) == 2  # the samples only


def test_the_load_page_saves_a_new_class_when_confirmed(
    app: AppTest, private_database: str
) -> None:
    _upload(app, SAMPLE_DIR / "messy_teacher_workbook.xlsx")
    app.text_input(key=state.LOAD_CLASS_NAME).input("Room 7")
    app.selectbox(key=state.LOAD_GRADE).select("3").run()
    app.button(key=state.LOAD_SAVE).click().run()
    assert not app.exception
    assert any("Saved Room 7" in s.value for s in app.success)
    assert [w.label for w in Store(private_database).windows("Room 7")] == ["Sept", "Oct"]


def test_a_file_that_is_not_a_spreadsheet_gets_a_plain_error(app: AppTest, tmp_path: Path) -> None:
    fake = tmp_path / "scores.xlsx"
    fake.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n")
    _upload(app, fake)
    assert not app.exception
    assert app.error


def test_the_load_page_offers_one_class_out_of_a_school_export(
    app: AppTest, tmp_path: Path
) -> None:
    from tests.test_vendors import export, grouped

    path = tmp_path / "school.csv"
    path.write_bytes(export("acadience_adm_k6_long", grouped))
    _upload(app, path)
    chooser = app.selectbox(key=state.LOAD_GROUP)
    assert "Class Name: Homeroom - Ray Lee (7 students)" in chooser.options
    chooser.select("Class Name: Homeroom - Ray Lee (7 students)").run()
    assert set(table(app, "Window")["Students"]) == {7}
    assert any("Acadience Data Management" in i.value for i in app.info)


def test_the_column_roles_can_be_saved_for_next_month(app: AppTest, private_database: str) -> None:
    _upload(app, SAMPLE_DIR / "messy_teacher_workbook.xlsx")
    app.text_input(key=state.LOAD_CLASS_NAME).input("Room 7")
    app.selectbox(key=state.LOAD_GRADE).select("3").run()
    app.button(key=state.LOAD_SAVE).click().run()
    app.text_input(key=state.LOAD_MAPPING_NAME).input("Room 7 sheet").run()
    app.button(key=state.LOAD_SAVE_ROLES).click().run()
    assert not app.exception
    assert Store(private_database).mappings() == {"Room 7 sheet": {"name": "Student"}}


def test_the_load_page_reports_where_the_vendors_band_differs(app: AppTest, tmp_path: Path) -> None:
    from tests.test_vendors import dibels, export

    path = tmp_path / "dibels.csv"
    path.write_bytes(export("dibels8_dds_datafarming_1st_min", dibels))
    _upload(app, path)
    app.selectbox(key=state.LOAD_GRADE).select("1").run()
    assert any("the export's own band differs" in w.value for w in app.warning)


def test_the_load_page_names_the_platform_an_export_came_from(app: AppTest, tmp_path: Path) -> None:
    from tests.test_vendors import dibels, export

    path = tmp_path / "dibels.csv"
    path.write_bytes(export("dibels8_dds_datafarming_1st_min", dibels))
    _upload(app, path)
    assert [i.value for i in app.info if "export" in i.value] == [
        "This looks like an export from DIBELS 8 Data Farming."
    ]


def test_one_cell_that_could_not_be_used_is_listed_under_plain_headers(
    app: AppTest, tmp_path: Path
) -> None:
    _upload_text(app, tmp_path, "Student ID,WCPM\n1,60\n2,see me\n3,61\n4,62\n")
    assert [w.value for w in app.warning] == [
        "1 cell could not be used. It is not saved as a score; fix it in the spreadsheet and "
        "upload it again, or save the rest now."
    ]
    problems = table(app, "What to do")
    assert list(problems.columns) == ["Sheet", "Row", "Column", "Value", "What to do"]
    assert problems.values.tolist() == [
        [
            "room7",
            3,
            "WCPM",
            "see me",
            "'see me' is not a score, so famdata left it out. Type a number, or an absence "
            "marker such as abs.",
        ]
    ]


def test_why_a_save_failed_is_shown_in_plain_view_under_the_save_button(
    app: AppTest, tmp_path: Path, private_database: str
) -> None:
    _upload_text(app, tmp_path, "Student ID,WCPM\n101,62\n102,88\n")
    app.text_input(key=state.LOAD_CLASS_NAME).input("Room 7")
    app.selectbox(key=state.LOAD_GRADE).select("3")
    app.text_input(key=state.LOAD_WINDOW).input("Fall " * 30).run()
    app.button(key=state.LOAD_SAVE).click().run()
    assert not app.exception
    [error] = app.error
    assert error.value.startswith("Nothing was saved.")
    assert "window's label" in error.value
    folded = [*app.expander, *app.status]  # nothing folds the reason away
    assert not any(block.error for block in folded)
    assert "Room 7" not in {c.name for c in Store(private_database).classes()}


def test_the_saved_class_becomes_the_class_chosen_in_the_sidebar(
    app: AppTest, private_database: str
) -> None:
    _upload(app, SAMPLE_DIR / "messy_teacher_workbook.xlsx")
    app.text_input(key=state.LOAD_CLASS_NAME).input("Room 7")
    app.selectbox(key=state.LOAD_GRADE).select("3").run()
    app.button(key=state.LOAD_SAVE).click().run()
    assert not app.exception
    assert app.sidebar.selectbox(key=state.CLASS).value == "Room 7"
    assert app.sidebar.selectbox(key=state.WINDOW).value == "Oct"
    assert app.query_params[state.Q_CLASS] == "Room 7"
    assert any("Saved Room 7" in s.value for s in app.success)


def _why_not(app: AppTest) -> list[str]:
    return [c.value for c in app.caption if c.value in {"Type a class name", "Choose the grade"}]


def test_a_disabled_save_button_says_why(app: AppTest) -> None:
    _upload(app, SAMPLE_DIR / "messy_teacher_workbook.xlsx")
    assert app.button(key=state.LOAD_SAVE).disabled
    assert _why_not(app) == ["Type a class name"]
    app.text_input(key=state.LOAD_CLASS_NAME).input("Room 7").run()
    assert app.button(key=state.LOAD_SAVE).disabled
    assert _why_not(app) == ["Choose the grade"]
    app.selectbox(key=state.LOAD_GRADE).select("3").run()
    assert not app.button(key=state.LOAD_SAVE).disabled
    assert _why_not(app) == []


def test_the_example_class_name_reads_as_an_example(app: AppTest) -> None:
    _upload(app, SAMPLE_DIR / "messy_teacher_workbook.xlsx")
    name = app.text_input(key=state.LOAD_CLASS_NAME)
    assert name.value == ""
    assert name.proto.placeholder.startswith("e.g. ")


def test_next_months_file_of_a_saved_class_is_saved_into_it_by_default(
    app: AppTest, private_database: str
) -> None:
    from famdata import ingest, samples
    from famdata.store import ClassSpec

    store = Store(private_database)
    samples.seed_if_new(store)
    path = SAMPLE_DIR / "messy_teacher_workbook.xlsx"
    reading = ingest.read(path.read_bytes(), filename=path.name)
    store.save_import(ClassSpec("Room 7", grade=3), reading)
    _upload(app, path)
    assert app.selectbox(key=state.LOAD_TARGET).value == "Room 7"


def test_a_file_that_names_a_saved_class_is_saved_into_it_by_default(
    app: AppTest, private_database: str, tmp_path: Path
) -> None:
    from famdata import ingest, samples
    from famdata.store import ClassSpec

    store = Store(private_database)
    samples.seed_if_new(store)
    first = tmp_path / "first.csv"
    first.write_text("Student ID,WCPM\n101,62\n102,88\n", encoding="utf-8")
    reading = ingest.read(first.read_bytes(), filename=first.name)
    store.save_import(ClassSpec("Room 12", grade=4), reading, "Fall")
    new_year = tmp_path / "room12.csv"
    new_year.write_text("Student ID,Class,WCPM\n201,Room 12,70\n202,Room 12,75\n", encoding="utf-8")
    _upload(app, new_year)
    assert app.selectbox(key=state.LOAD_TARGET).value == "Room 12"


def test_a_file_of_new_students_is_saved_into_a_new_class_by_default(
    app: AppTest, tmp_path: Path
) -> None:
    _upload_text(app, tmp_path, "Student ID,WCPM\n101,62\n102,88\n")
    assert app.selectbox(key=state.LOAD_TARGET).value == "A new class"


def test_a_file_with_more_problems_than_are_listed_gives_their_whole_count(
    app: AppTest, tmp_path: Path
) -> None:
    path = tmp_path / "again.csv"
    path.write_bytes(b"Student ID,WCPM\n" + b"7,40\n" * 12_001)
    _upload(app, path)
    assert any(w.value.startswith("12,000 cells could not be used.") for w in app.warning)
    assert [c.value for c in app.caption if c.value.startswith("The first")] == [
        "The first 10,000 are listed."
    ]
