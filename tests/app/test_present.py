"""The present page: the projector at the collaboration night."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from famdata.cli import main
from famdata.store import Store
from tests.app.conftest import open_page, rendered_text

GRADE4 = "Sample: Grade 4, Room 12"


def chart_json(app: AppTest) -> str:
    return app.get("plotly_chart")[0].proto.spec


def assessed_student(private_database: str, window: str, measure: str) -> int:
    """A student with a score there (numbers are drawn at random on every import)."""
    scores = Store(private_database).scores(GRADE4, window)
    return int(scores[(scores["measure"] == measure) & scores["value"].notna()]["student"].iloc[0])


def test_the_present_page_shows_the_headline_three_figures_and_the_chart(app: AppTest) -> None:
    open_page(app, "present", **{"class": GRADE4, "window": "2026-09"})
    assert not app.exception
    assert "fourth graders should read 87 words a minute" in app.markdown[2].value
    assert [m.label for m in app.metric] == [
        "Class average",
        "At or above grade level",
        "Students assessed",
    ]
    assert "at benchmark" in chart_json(app)


def test_next_skill_steps_to_the_next_measure_and_back(app: AppTest) -> None:
    open_page(app, "present", **{"class": GRADE4, "window": "2026-09"})
    app.button[
        2
    ].click().run()  # previous, next ... in order: clock start, clock skip, previous, next
    assert "accuracy" in app.markdown[2].value.lower() or "Accuracy" in chart_json(app)


def test_a_highlighted_number_gets_its_call_out(app: AppTest, private_database: str) -> None:
    open_page(app, "present", **{"class": GRADE4, "window": "2026-09"})
    number = assessed_student(private_database, "2026-09", "ORF (wcpm)")
    app.number_input(key="present_highlight").set_value(number).run()
    assert f"Student {number}" in chart_json(app)
    assert str(number) in app.query_params["student"]


def test_a_bookmarked_address_opens_the_chosen_view(app: AppTest, private_database: str) -> None:
    app.run()  # the first start seeds the samples; the bookmark opens a new browser session
    number = assessed_student(private_database, "2026-10", "Accuracy (%)")
    query = {"class": GRADE4, "window": "2026-10", "measure": "Accuracy (%)", "lang": "es"}
    app = AppTest.from_file(app._script_path, default_timeout=90)
    open_page(app, "present", **query, student=str(number))
    assert not app.exception
    text = chart_json(app)
    assert "2026-10" in text
    assert f"Estudiante {number}" in text
    assert "Promedio de la clase" in text


def test_switching_to_spanish_changes_the_words_on_the_page(app: AppTest) -> None:
    open_page(app, "present", **{"class": GRADE4, "window": "2026-09"})
    spanish = next(b for b in app.button if b.label == "Español")
    spanish.click().run()
    assert "se espera que los estudiantes de cuarto grado" in app.markdown[2].value
    assert app.metric[0].label == "Promedio de la clase"


def test_the_agenda_clock_starts_pauses_and_skips(app: AppTest) -> None:
    open_page(app, "present", **{"class": GRADE4})
    assert "Welcome" in app.markdown[0].value
    next(b for b in app.button if b.label == "Start").click().run()
    assert any(b.label == "Pause" for b in app.button)
    next(b for b in app.button if b.label == "Next step").click().run()
    assert "Icebreaker" in app.markdown[0].value


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
