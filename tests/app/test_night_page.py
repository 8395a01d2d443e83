"""The Night page: the teacher plans the night, taps who came, and records who practised."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from famdata import nights
from famdata.store import Store
from tests.app.conftest import open_page
from ui import state

KINDER = "Sample: Kindergarten, Room 3"


def night_page(app: AppTest, window: str = "September") -> AppTest:
    return open_page(app, "night", **{"class": KINDER, "window": window})


def test_the_plan_is_saved_with_its_dates_skills_and_strategy(
    app: AppTest, private_database: str
) -> None:
    night_page(app)
    app.date_input(key=state.NIGHT_DATE).set_value(date(2026, 9, 24))
    app.date_input(key=state.NIGHT_NEXT).set_value(date(2026, 10, 22))
    app.multiselect(key=state.NIGHT_SKILLS).set_value(["Letter Names"]).run()
    app.selectbox(key=f"{state.NIGHT_STRATEGY_PREFIX}Letter Names").set_value("letter-cards")
    app.button(key=state.NIGHT_SAVE).click().run()
    assert not app.exception
    assert any("plan is saved" in s.value for s in app.success)
    plan = nights.plan_for(Store(private_database), KINDER, "September")
    assert (plan.date, plan.next_meeting) == (date(2026, 9, 24), date(2026, 10, 22))
    assert [(s.measure, s.strategy) for s in plan.skills] == [("Letter Names", "letter-cards")]


def test_a_next_meeting_before_the_night_is_refused_in_plain_words(app: AppTest) -> None:
    night_page(app)
    app.date_input(key=state.NIGHT_DATE).set_value(date(2026, 9, 24))
    app.date_input(key=state.NIGHT_NEXT).set_value(date(2026, 9, 1))
    app.button(key=state.NIGHT_SAVE).click().run()
    assert any("must come after the night" in e.value for e in app.error)


def test_the_teacher_writes_their_own_activity(app: AppTest, private_database: str) -> None:
    night_page(app)
    app.selectbox(key=f"{state.NIGHT_STRATEGY_PREFIX}Letter Sounds").set_value(
        "(our own activity)"
    ).run()
    app.text_area(key=f"{state.NIGHT_OWN_PREFIX}Letter Sounds").set_value("Sing the sounds")
    app.button(key=state.NIGHT_SAVE).click().run()
    plan = nights.plan_for(Store(private_database), KINDER, "September")
    assert plan.skills[1].own_strategy == "Sing the sounds"


def test_tapping_who_came_records_attendance(app: AppTest, private_database: str) -> None:
    night_page(app)
    app.pills(key=state.NIGHT_PRESENT).set_value([1, 2, 5])
    app.button(key=state.NIGHT_SAVE_ATTENDANCE).click().run()
    assert any("3 families came, 17 did not" in s.value for s in app.success)
    assert Store(private_database).attendance(KINDER, "September") == {1, 2, 5}


def test_practice_is_recorded_for_the_night_before(app: AppTest, private_database: str) -> None:
    night_page(app, window="October")
    assert app.selectbox(key=state.NIGHT_PRACTICE_WINDOW).value == "September"
    app.pills(key=f"{state.NIGHT_PRACTICE_PREFIX}yes").set_value([1, 2])
    app.pills(key=f"{state.NIGHT_PRACTICE_PREFIX}not_yet").set_value([3])
    app.button(key=state.NIGHT_SAVE_PRACTICE).click().run()
    assert Store(private_database).practice(KINDER, "September") == {
        1: "yes",
        2: "yes",
        3: "not_yet",
    }


def test_a_family_under_two_answers_is_refused(app: AppTest) -> None:
    night_page(app, window="October")
    app.pills(key=f"{state.NIGHT_PRACTICE_PREFIX}yes").set_value([4])
    app.pills(key=f"{state.NIGHT_PRACTICE_PREFIX}some").set_value([4])
    app.button(key=state.NIGHT_SAVE_PRACTICE).click().run()
    assert any("Number 4 is under both" in e.value for e in app.error)


def test_review_shows_practice_beside_goals_met(app: AppTest, private_database: str) -> None:
    from famdata import goals, samples

    seeded = Store(private_database)
    samples.seed_if_new(seeded)
    october = seeded.scores(KINDER, "October")
    scored = october[(october["measure"] == "Letter Names") & october["value"].notna()]
    child = int(scored["student"].iloc[0])  # numbers are drawn at random: one with a follow-up
    goals.save(seeded, KINDER, "September", [goals.GoalEntry("Letter Names", 30, student=child)])
    seeded.save_practice(KINDER, "September", {child: "some"})
    open_page(app, "review", **{"class": KINDER, "window": "October"})
    frame = app.get_by_key(state.REVIEW_SKILL_PREFIX + "Letter Names").dataframe[0].value
    row = frame.set_index("Student number").loc[str(child)]
    assert row["Practised"] == "some"
    assert row["Reached?"] in {"yes", "not yet"}
