"""Goals and Review pages on the sample class."""

from __future__ import annotations

import json
from datetime import date

from streamlit.testing.v1 import AppTest

from famdata import goals
from famdata.store import Store
from famdata.views import projector
from tests.app.conftest import open_page, table
from ui import state

GRADE4 = "Sample: Grade 4, Room 12"
ORF = "ORF (wcpm)"  # the first skill, so the one the goals page opens on


def class_goal_field(field: str, window: str = "2026-09", measure: str = ORF) -> str:
    return f"{state.GOALS_CLASS_PREFIX}{window}_{measure}_{field}"


def test_the_class_goal_is_saved_from_the_goals_page(app: AppTest, private_database: str) -> None:
    open_page(app, "goals", **{"class": GRADE4, "window": "2026-09"})
    app.number_input(key=class_goal_field("target")).set_value(90.0)
    app.text_input(key=class_goal_field("text_en")).input("Our class reads 90 words a minute")
    app.button(key=state.GOALS_SAVE_CLASS).click().run()
    assert not app.exception
    [goal] = Store(private_database).goals(GRADE4)
    assert (goal.student, goal.measure, goal.metric, goal.target) == (None, ORF, "mean", 90.0)
    assert goal.text_en == "Our class reads 90 words a minute"


def test_the_next_meeting_date_typed_on_the_class_goal_is_stored(
    app: AppTest, private_database: str
) -> None:
    open_page(app, "goals", **{"class": GRADE4, "window": "2026-09"})
    app.number_input(key=class_goal_field("target")).set_value(90.0)
    app.date_input(key=class_goal_field("review_date")).set_value(date(2026, 10, 15))
    app.button(key=state.GOALS_SAVE_CLASS).click().run()
    [goal] = Store(private_database).goals(GRADE4)
    assert goal.review_date == date(2026, 10, 15)


def save_90_after_another_browser_saved_95(app: AppTest, database: str) -> None:
    """This browser draws the class goal form; another saves 95; this one then saves 90."""
    open_page(app, "goals", **{"class": GRADE4, "window": "2026-09"})
    goals.save(Store(database), GRADE4, "2026-09", [goals.GoalEntry(ORF, 95.0)])
    app.number_input(key=class_goal_field("target")).set_value(90.0)
    app.button(key=state.GOALS_SAVE_CLASS).click().run()


def test_a_class_goal_saved_meanwhile_elsewhere_is_shown_beside_mine_and_kept(
    app: AppTest, private_database: str
) -> None:
    save_90_after_another_browser_saved_95(app, private_database)
    assert not any("Saved the class goal" in s.value for s in app.success)
    assert any("another browser" in w.value for w in app.warning)
    [both] = [t.value for t in app.table]
    assert both.loc["Target"].tolist() == ["95", "90"]
    assert [g.target for g in Store(private_database).goals(GRADE4)] == [95.0]
    app.button(key=class_goal_field("keep_mine")).click().run()
    assert [g.target for g in Store(private_database).goals(GRADE4)] == [90.0]


def test_keeping_the_other_browsers_class_goal_shows_it_in_the_form(
    app: AppTest, private_database: str
) -> None:
    save_90_after_another_browser_saved_95(app, private_database)
    app.button(key=class_goal_field("keep_theirs")).click().run()
    assert app.number_input(key=class_goal_field("target")).value == 95.0
    assert not app.warning
    assert [g.target for g in Store(private_database).goals(GRADE4)] == [95.0]


def test_one_familys_goal_is_saved_in_the_familys_language(
    app: AppTest, private_database: str
) -> None:
    open_page(app, "goals", **{"class": GRADE4, "window": "2026-09"})
    app.selectbox(key=state.GOALS_FAMILY_NUMBER).select(7).run()
    prefix = f"{state.GOALS_FAMILY_PREFIX}2026-09_{ORF}_7_"
    app.number_input(key=prefix + "target").set_value(80.0)
    app.text_input(key=prefix + "strategy").input("Read a page aloud each night")
    app.radio(key=prefix + "language").set_value("es")
    app.button(key=state.GOALS_SAVE_FAMILY).click().run()
    [goal] = Store(private_database).goals(GRADE4)
    assert (goal.student, goal.target, goal.strategy, goal.language) == (
        7,
        80.0,
        "Read a page aloud each night",
        "es",
    )


def test_the_goal_grid_lists_every_number_with_a_suggestion(app: AppTest) -> None:
    open_page(app, "goals", **{"class": GRADE4, "window": "2026-09"})
    grid = app.dataframe(key=state.GOALS_GRID).value
    assert len(grid) == 26
    assert grid["Suggested"].notna().sum() == 25


def test_an_idea_typed_on_the_night_is_listed(app: AppTest, private_database: str) -> None:
    open_page(app, "goals", **{"class": GRADE4, "window": "2026-09"})
    app.text_input(key=state.GOALS_IDEA_PREFIX + "icebreaker").input("We read at bedtime")
    app.button(key=state.GOALS_ADD_IDEA_PREFIX + "icebreaker").click().run()
    [idea] = Store(private_database).ideas(GRADE4)
    assert (idea.step, idea.text) == ("icebreaker", "We read at bedtime")


def test_the_review_shows_who_reached_the_goal_and_celebrates_the_class(
    app: AppTest, private_database: str
) -> None:
    app.run()
    store = Store(private_database)
    goals.save(store, GRADE4, "2026-09", [goals.GoalEntry("ORF (wcpm)", 80, metric="mean")])
    open_page(app, "review", **{"class": GRADE4})
    assert not app.exception
    assert any("reached its goal" in s.value for s in app.success)


def fluency_goals_for_two_children(database: str) -> tuple[int, int]:
    """Goals set in September for one child who grew past it and one who has no October score."""
    store = Store(database)
    orf = store.scores(GRADE4).query("measure == @ORF")
    by_window = orf.pivot(index="student", columns="window", values="value")
    both = by_window.dropna()
    grew = int(both[both["2026-10"] > both["2026-09"]].index[0])
    absent = int(by_window[by_window["2026-10"].isna()].index[0])
    goals.save(
        store,
        GRADE4,
        "2026-09",
        [
            goals.GoalEntry(ORF, both.loc[grew, "2026-09"] + 1, student=grew),
            goals.GoalEntry(ORF, 90, student=absent),
        ],
    )
    return grew, absent


def test_the_review_counts_growth_as_present_does(app: AppTest, private_database: str) -> None:
    app.run()
    fluency_goals_for_two_children(private_database)
    open_page(app, "review", **{"class": GRADE4, "window": "2026-10"})
    assert not app.exception
    said = "\n".join(m.value for m in app.markdown).replace("\\", "")  # Markdown escapes
    assert "15 of 21 children grew; 1 of 1 reached their goal." in said
    present = projector.review_slide(Store(private_database), GRADE4, ORF, window="2026-10")
    assert present.summary in said
    assert app.get_by_key(state.REVIEW_CHART_PREFIX + ORF)


def test_the_review_table_reads_in_plain_words_with_blanks(
    app: AppTest, private_database: str
) -> None:
    app.run()
    grew, absent = fluency_goals_for_two_children(private_database)
    open_page(app, "review", **{"class": GRADE4, "window": "2026-10"})
    frame = app.get_by_key(state.REVIEW_SKILL_PREFIX + ORF).dataframe[0].value
    assert list(frame.columns) == [
        "Student number",
        "Then",
        "Now",
        "Growth",
        "Goal",
        "Reached?",
        "Practised",
    ]
    rows = frame.set_index("Student number")
    assert rows.loc[str(grew), "Reached?"] == "yes"
    assert rows.loc[str(grew), "Growth"].startswith("+")
    assert rows.loc[str(absent), ["Now", "Growth", "Reached?"]].tolist() == [
        "",
        "",
        "not reviewed yet",
    ]
    assert set(rows["Reached?"]) == {"yes", "not reviewed yet", ""}
    assert not frame.isin(["None", "nan"]).any().any()
    assert not frame.isna().any().any()


def test_the_review_in_the_first_window_says_there_is_nothing_to_compare_yet(
    app: AppTest,
) -> None:
    open_page(app, "review", **{"class": GRADE4, "window": "2026-09"})
    assert not app.exception
    assert any("first assessment window" in i.value for i in app.info)
    assert not app.get("plotly_chart")


def test_the_coach_page_compares_the_sample_classes(app: AppTest) -> None:
    open_page(app, "coach")
    assert not app.exception
    growth = table(app, "Mean growth")
    assert set(growth["Class"]) == {"Sample: Grade 4, Room 12", "Sample: Kindergarten, Room 3"}
    assert app.get("plotly_chart")


def test_the_present_page_reviews_the_goals_next_month(app: AppTest, private_database: str) -> None:
    app.run()
    store = Store(private_database)
    orf = store.scores(GRADE4).query("measure == 'ORF (wcpm)'")
    both = orf.pivot(index="student", columns="window", values="value").dropna()
    first = int(both.index[0])  # a student with a fluency score in both windows
    goals.save(
        store,
        GRADE4,
        "2026-09",
        [
            goals.GoalEntry("ORF (wcpm)", 1, student=first),
            goals.GoalEntry("ORF (wcpm)", 80, metric="mean"),
        ],
    )
    open_page(app, "present", **{"class": GRADE4, "window": "2026-10"})
    app.button_group(key=state.PRESENT_VIEW).set_value("review").run()
    assert not app.exception
    headlines = [m.value for m in app.markdown]
    reviewed = [(r.goal.student, r.actual) for r in goals.review(store, GRADE4)]
    assert any(
        "1 of 1 reached their goal" in h and "the class reached its goal" in h for h in headlines
    ), (headlines, first, reviewed, both.head(3))
    spec = app.get_by_key(state.PRESENT_REVIEW_CHART).proto.spec
    assert "Class goal: a class average of 80 words a minute" in spec
    assert "Class average, then" in spec


def test_the_present_page_shows_the_families_ideas_as_text(
    app: AppTest, private_database: str
) -> None:
    app.run()
    Store(private_database).add_idea(
        GRADE4,
        "icebreaker",
        "We read at bedtime ![x](http://127.0.0.1:9/x)",
    )
    open_page(app, "present", **{"class": GRADE4, "window": "2026-10"})
    app.button_group(key=state.PRESENT_VIEW).set_value("ideas").run()
    assert not app.exception
    texts = [m.value for m in app.markdown]
    assert any("We read at bedtime" in t and "](http" not in t for t in texts)


def test_the_suggested_targets_add_the_weekly_growth_the_page_states(app: AppTest) -> None:
    open_page(app, "goals", **{"class": GRADE4, "window": "2026-09"})
    per_week = app.number_input(key=state.GOALS_PER_WEEK_PREFIX + ORF)
    assert per_week.value == 1.22  # Hasbrouck & Tindal, grade 4
    assert any("1.22 a week" in c.value for c in app.caption)
    grid = app.dataframe(key=state.GOALS_GRID).value.dropna(subset=["Score now"])
    assert (grid["Suggested"] == (grid["Score now"] + 4 * 1.22).round()).all()
    per_week.set_value(2.0).run()
    grid = app.dataframe(key=state.GOALS_GRID).value.dropna(subset=["Score now"])
    assert (grid["Suggested"] == grid["Score now"] + 8).all()
    assert any("adds 2 a week for 4 weeks" in c.value for c in app.caption)


def test_the_goal_grid_leaves_empty_cells_blank_and_names_the_languages(app: AppTest) -> None:
    open_page(app, "goals", **{"class": GRADE4, "window": "2026-09"})
    grid = app.dataframe(key=state.GOALS_GRID)
    assert grid.proto.placeholder == ""
    language = json.loads(grid.proto.columns)["Language"]["type_config"]
    assert language["options"] == [
        {"value": "en", "label": "English"},
        {"value": "es", "label": "Español"},
    ]
