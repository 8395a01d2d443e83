"""Goals and Review pages on the sample class."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from famdata import goals
from famdata.store import Store
from tests.app.conftest import open_page

GRADE4 = "Sample: Grade 4, Room 12"


def test_the_class_goal_is_saved_from_the_goals_page(app: AppTest, private_database: str) -> None:
    open_page(app, "goals", **{"class": GRADE4, "window": "2026-09"})
    next(n for n in app.number_input if n.label == "Target").set_value(90.0)
    app.text_input[0].input("Our class reads 90 words a minute")
    next(b for b in app.button if b.label == "Save the class goal").click().run()
    assert not app.exception
    [goal] = goals.goals_of(Store(private_database), GRADE4)
    assert (goal.student, goal.metric, goal.target) == (None, "mean", 90.0)


def test_the_goal_grid_lists_every_number_with_a_suggestion(app: AppTest) -> None:
    open_page(app, "goals", **{"class": GRADE4, "window": "2026-09"})
    grid = app.dataframe[0].value
    assert len(grid) == 26
    assert grid["Suggested"].notna().sum() == 25


def test_an_idea_typed_on_the_night_is_listed(app: AppTest, private_database: str) -> None:
    open_page(app, "goals", **{"class": GRADE4, "window": "2026-09"})
    app.text_input[4].input("We read at bedtime")
    next(b for b in app.button if b.label == "Add").click().run()
    assert [i.text for i in goals.ideas_of(Store(private_database), GRADE4)] == [
        "We read at bedtime"
    ]


def test_the_review_shows_who_reached_the_goal_and_celebrates_the_class(
    app: AppTest, private_database: str
) -> None:
    app.run()
    store = Store(private_database)
    goals.save(store, GRADE4, "2026-09", [goals.GoalEntry("ORF (wcpm)", 80, metric="mean")])
    open_page(app, "review", **{"class": GRADE4})
    assert not app.exception
    assert "reached its goal" in app.success[0].value


def test_the_coach_page_compares_the_sample_classes(app: AppTest) -> None:
    open_page(app, "coach")
    assert not app.exception
    table = app.dataframe[0].value
    assert set(table["Class"]) == {"Sample: Grade 4, Room 12", "Sample: Kindergarten, Room 3"}
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
    app.get("button_group")[0].set_value("review").run()
    assert not app.exception
    headline = app.markdown[2].value
    reviewed = [(r.goal.student, r.actual) for r in goals.review(store, GRADE4)]
    assert "1 of 1 children reached their goal" in headline, (first, reviewed, both.head(3))
    assert "We reached our class goal" in headline
    assert "Class goal" in app.get("plotly_chart")[0].proto.spec


def test_the_present_page_shows_the_families_ideas_as_text(
    app: AppTest, private_database: str
) -> None:
    app.run()
    goals.add_idea(
        Store(private_database),
        GRADE4,
        "icebreaker",
        "We read at bedtime ![x](http://127.0.0.1:9/x)",
    )
    open_page(app, "present", **{"class": GRADE4, "window": "2026-10"})
    app.get("button_group")[0].set_value("ideas").run()
    assert not app.exception
    texts = [m.value for m in app.markdown]
    assert any("We read at bedtime" in t and "](http" not in t for t in texts)
