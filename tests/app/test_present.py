"""The present page: the projector at the collaboration night."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from famdata.cli import main
from famdata.store import Store
from tests.app.conftest import open_page, rendered_text
from tests.conftest import ROOT
from ui import state

GRADE4 = "Sample: Grade 4, Room 12"


def chart_json(app: AppTest) -> str:
    return app.get_by_key("present_chart").proto.spec


def shows(app: AppTest, text: str) -> bool:
    """Whether a Markdown element on the page (the headline, the agenda row) holds `text`."""
    return any(text in m.value for m in app.markdown)


def assessed_student(private_database: str, window: str, measure: str) -> int:
    """A student with a score there (numbers are drawn at random on every import)."""
    scores = Store(private_database).scores(GRADE4, window)
    return int(scores[(scores["measure"] == measure) & scores["value"].notna()]["student"].iloc[0])


def test_the_present_page_shows_the_headline_three_figures_and_the_chart(app: AppTest) -> None:
    open_page(app, "present", **{"class": GRADE4, "window": "2026-09"})
    assert not app.exception
    assert shows(app, "fourth graders should read 87 words a minute")
    assert [m.label for m in app.metric] == [
        "Class average",
        "At or above grade level",
        "Students assessed",
    ]
    assert "at benchmark" in chart_json(app)


def test_next_skill_steps_to_the_next_measure_and_back(app: AppTest) -> None:
    open_page(app, "present", **{"class": GRADE4, "window": "2026-09"})
    assert app.query_params["measure"] == "ORF (wcpm)"
    app.button(key=state.PRESENT_NEXT).click().run()
    assert app.query_params["measure"] == "Accuracy (%)"
    assert shows(app, "In accuracy, fourth graders should read 96% of words correctly")
    app.button(key=state.PRESENT_PREVIOUS).click().run()
    assert app.query_params["measure"] == "ORF (wcpm)"
    assert shows(app, "In fluency, fourth graders should read 87 words a minute")


def test_a_highlighted_number_gets_its_call_out(app: AppTest, private_database: str) -> None:
    open_page(app, "present", **{"class": GRADE4, "window": "2026-09"})
    number = assessed_student(private_database, "2026-09", "ORF (wcpm)")
    assert f"Student {number}" not in chart_json(app)
    app.number_input(key=state.PRESENT_HIGHLIGHT).set_value(number).run()
    assert f"Student {number}" in chart_json(app)
    assert app.query_params["student"] == str(number)


def test_a_bookmarked_address_opens_the_chosen_view(app: AppTest, private_database: str) -> None:
    app.run()  # the first start seeds the samples; the bookmark opens a new browser session
    number = assessed_student(private_database, "2026-10", "Accuracy (%)")
    query = {"class": GRADE4, "window": "2026-10", "measure": "Accuracy (%)", "lang": "es"}
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    open_page(app, "present", **query, student=str(number))
    assert not app.exception
    text = chart_json(app)
    assert "2026-10" in text
    assert f"Estudiante {number}" in text
    assert "Promedio de la clase" in text


def test_switching_to_spanish_changes_the_words_on_the_page(app: AppTest) -> None:
    open_page(app, "present", **{"class": GRADE4, "window": "2026-09"})
    spanish = app.button(key=state.PRESENT_LANGUAGE)
    assert spanish.label == "Español"
    spanish.click().run()
    assert shows(app, "se espera que los estudiantes de cuarto grado")
    assert "Promedio de la clase" in [m.label for m in app.metric]


def test_the_agenda_clock_starts_pauses_and_skips(app: AppTest) -> None:
    open_page(app, "present", **{"class": GRADE4})
    assert shows(app, "Welcome")
    clock = app.button(key="present_clock_toggle")
    assert clock.label == "Start"
    clock.click().run()
    assert app.button(key="present_clock_toggle").label == "Pause"
    app.button(key="present_clock_skip").click().run()
    assert shows(app, "Icebreaker")
    assert not shows(app, "Welcome")


def test_the_teacher_is_warned_about_bands_of_one_or_two_students(app: AppTest) -> None:
    open_page(app, "present", **{"class": GRADE4, "window": "2026-09"})
    assert any("Only one or two students" in w.value for w in app.sidebar.warning)


NAMES = ["Xiomara", "Quintanilla", "Bartholomew", "Fairweather", "Ngozi", "Adebayo-Smith"]


def test_no_name_in_the_file_reaches_the_present_page(
    app: AppTest, tmp_path: Path, private_database: str
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Student ID", "Student Name", "WCPM", "Accuracy", "Notes"])
    ws.append(["A1", "Xiomara Quintanilla", 55, 91, "Xiomara reads with Bartholomew at home"])
    ws.append(["A2", "Bartholomew Fairweather", 101, 97, "ask Fairweather family about library"])
    ws.append(["A3", "Ngozi Adebayo-Smith", 77, 94, "Ngozi: great progress"])
    path = tmp_path / "names.xlsx"
    wb.save(path)
    assert (
        main(
            [
                "import",
                str(path),
                "--class",
                "Room 9",
                "--grade",
                "3",
                "--window",
                "Fall",
                "--db",
                private_database,
            ]
        )
        == 0
    )
    for measure in ("WCPM", "Accuracy"):
        open_page(
            app,
            "present",
            **{"class": "Room 9", "window": "Fall", "measure": measure, "student": "2"},
        )
        assert not app.exception
        text = rendered_text(app)
        assert "Room 9" in text
        for name in NAMES:
            assert name not in text, name
        assert json.loads(chart_json(app))
