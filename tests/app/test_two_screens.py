"""Two screens, one night: the teacher's controls in one tab, the projector view in another that
follows them and shows nothing the teacher types; the stage survives a reload."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from famdata.store import Store
from tests.app.conftest import open_page, rendered_text
from tests.app.test_present import GRADE4, assessed_student, chart_json
from tests.conftest import ROOT
from ui import state

PLACE = {"class": GRADE4, "window": "2026-09"}


def another_tab() -> AppTest:
    """A second browser tab: a new session of the same app on the same database."""
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)


def test_the_projector_follows_the_skill_chosen_on_the_control_view(app: AppTest) -> None:
    open_page(app, "control", **PLACE)
    assert not app.exception
    app.button(key=state.PRESENT_NEXT).click().run()
    projector = open_page(another_tab(), "projector", **PLACE)
    assert not projector.exception
    assert any("In accuracy" in m.value for m in projector.markdown)


def test_the_projector_shows_the_number_highlighted_on_the_control_view(
    app: AppTest, private_database: str
) -> None:
    open_page(app, "control", **PLACE)
    number = assessed_student(private_database, "2026-09", "ORF (wcpm)")
    app.number_input(key=state.PRESENT_HIGHLIGHT).set_value(number).run()
    projector = open_page(another_tab(), "projector", **PLACE)
    assert f"Student {number}" in chart_json(projector)


def test_the_projector_view_has_no_control_and_shows_nothing_typed(
    app: AppTest, private_database: str
) -> None:
    open_page(app, "control", **PLACE)
    app.text_input(key=state.CONTROL_IDEA_TEXT).input("Read the cereal box at breakfast")
    app.button(key=state.CONTROL_IDEA_ADD).click().run()
    assert Store(private_database).ideas(GRADE4)
    projector = open_page(another_tab(), "projector", **PLACE)
    assert not projector.exception
    assert not projector.number_input
    assert not projector.text_input
    assert not projector.button
    assert "cereal box" not in rendered_text(projector)
    assert "For the teacher" not in rendered_text(projector)


def test_the_projector_shows_the_ideas_only_when_the_teacher_shows_them(app: AppTest) -> None:
    open_page(app, "control", **PLACE)
    app.text_input(key=state.CONTROL_IDEA_TEXT).input("Read the cereal box at breakfast")
    app.button(key=state.CONTROL_IDEA_ADD).click().run()
    app.button_group(key=state.PRESENT_VIEW).set_value("ideas").run()
    projector = open_page(another_tab(), "projector", **PLACE)
    assert any("cereal box" in m.value for m in projector.markdown)


def test_a_reload_of_present_keeps_the_agenda_step_and_the_skill(app: AppTest) -> None:
    open_page(app, "present", **PLACE)
    app.button(key="present_clock_skip").click().run()
    app.button(key=state.PRESENT_NEXT).click().run()
    reloaded = open_page(another_tab(), "present", **PLACE)
    assert any("Icebreaker" in m.value for m in reloaded.markdown)
    assert any("In accuracy" in m.value for m in reloaded.markdown)


def test_the_agenda_steps_back(app: AppTest) -> None:
    open_page(app, "present", **PLACE)
    app.button(key="present_clock_skip").click().run()
    app.button(key=state.PRESENT_CLOCK_BACK).click().run()
    assert any("Welcome" in m.value for m in app.markdown)


def test_a_number_not_in_the_class_is_said_so_in_the_familys_language(app: AppTest) -> None:
    open_page(app, "present", **PLACE)
    app.number_input(key=state.PRESENT_HIGHLIGHT).set_value(999).run()
    assert any("There is no number 999 in this class" in m.value for m in app.markdown)
    app.button(key=state.PRESENT_LANGUAGE).click().run()
    assert any("No hay un número 999 en esta clase" in m.value for m in app.markdown)


def test_an_absent_childs_number_is_said_to_be_absent(app: AppTest, private_database: str) -> None:
    open_page(app, "present", **PLACE)
    scores = Store(private_database).scores(GRADE4, "2026-09")
    orf = scores[scores["measure"] == "ORF (wcpm)"]
    absent = orf[orf["value"].isna()]["student"]
    assert len(absent), "the sample class has an absent child"
    number = int(absent.iloc[0])
    app.number_input(key=state.PRESENT_HIGHLIGHT).set_value(number).run()
    assert any(f"Number {number} was absent for this test" in m.value for m in app.markdown)
