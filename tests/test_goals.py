"""Goals: suggested targets, saving safely with two browsers, the review a month later."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import Workbook

from famdata import goals
from famdata.cli import main
from famdata.goals import GoalConflict, GoalEntry
from famdata.measures import of_skill
from famdata.store import ClassSpec, Store
from tests.test_store import tidy

SEPT = {f"id:{i}": {"ORF (wcpm)": 50.0 + 2 * i} for i in range(12)}
OCT = {f"id:{i}": {"ORF (wcpm)": 54.0 + 2 * i + (i % 3)} for i in range(12)}


def room(url: str) -> tuple[Store, dict[str, int]]:
    store = Store(url)
    store.save_import(ClassSpec("Room 12", grade=4), tidy("2026-09", SEPT))
    return store, {k: v for k, v in store.numbers_for("Room 12", list(SEPT)).items() if v}


def test_a_suggested_orf_target_adds_four_weeks_of_typical_growth() -> None:
    assert goals.suggest_target(62, of_skill("ORF-WC"), 4, weeks=4) == round(62 + 4 * 1.22)


def test_other_measures_use_the_growth_per_week_the_teacher_sets() -> None:
    assert goals.suggest_target(20, of_skill("LNF"), 0, weeks=4, per_week=1.5) == 26
    assert goals.suggest_target(20, of_skill(None), 0, weeks=4) is None


def test_a_target_below_todays_score_is_flagged() -> None:
    [warning] = goals.check_target(50, 62)
    assert "below today's score 62" in warning


def test_a_target_beyond_typical_growth_is_flagged() -> None:
    assert any("far beyond" in w for w in goals.check_target(100, 62, typical_gain=5))


def test_individual_goals_keep_the_baseline_of_the_night(db_url: str) -> None:
    store, numbers = room(db_url)
    n = numbers["id:3"]
    [goal] = goals.save(
        store, "Room 12", "2026-09", [GoalEntry("ORF (wcpm)", 62, student=n, strategy="read aloud")]
    )
    assert (goal.student, goal.baseline, goal.target, goal.version) == (n, 56.0, 62.0, 1)


def test_two_browsers_saving_different_students_both_persist(db_url: str) -> None:
    store, numbers = room(db_url)
    first, second = Store(db_url), Store(db_url)
    errors: list[Exception] = []

    def save(s: Store, student: int) -> None:
        try:
            goals.save(s, "Room 12", "2026-09", [GoalEntry("ORF (wcpm)", 70, student=student)])
        except Exception as error:  # collected for the assertion below
            errors.append(error)

    threads = [
        threading.Thread(target=save, args=(s, numbers[k]))
        for s, k in ((first, "id:1"), (second, "id:2"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert {g.student for g in store.goals("Room 12")} == {
        numbers["id:1"],
        numbers["id:2"],
    }


def test_two_browsers_saving_the_same_goal_get_changed_meanwhile(db_url: str) -> None:
    store, numbers = room(db_url)
    n = numbers["id:4"]
    [goal] = goals.save(store, "Room 12", "2026-09", [GoalEntry("ORF (wcpm)", 65, student=n)])
    goals.save(
        Store(db_url),
        "Room 12",
        "2026-09",
        [GoalEntry("ORF (wcpm)", 66, student=n, seen_version=goal.version)],
    )
    with pytest.raises(GoalConflict, match="changed meanwhile"):
        goals.save(
            store,
            "Room 12",
            "2026-09",
            [GoalEntry("ORF (wcpm)", 70, student=n, seen_version=goal.version)],
        )
    assert store.goals("Room 12")[0].target == 66


def test_two_browsers_creating_the_same_goal_do_not_both_win(db_url: str) -> None:
    store, numbers = room(db_url)
    n = numbers["id:5"]
    goals.save(store, "Room 12", "2026-09", [GoalEntry("ORF (wcpm)", 65, student=n)])
    with pytest.raises(GoalConflict):
        goals.save(Store(db_url), "Room 12", "2026-09", [GoalEntry("ORF (wcpm)", 80, student=n)])
    assert [g.target for g in store.goals("Room 12")] == [65]


def test_the_month_import_set_goals_follow_up_review_and_next_goal(db_url: str) -> None:
    store, numbers = room(db_url)
    a, b = numbers["id:0"], numbers["id:6"]
    goals.save(
        store,
        "Room 12",
        "2026-09",
        [
            GoalEntry("ORF (wcpm)", 53, student=a),  # 50 now
            GoalEntry("ORF (wcpm)", 70, student=b),  # 62 now
            GoalEntry("ORF (wcpm)", 63, metric="mean", text_en="Our class reads 63 words a minute"),
        ],
    )
    store.save_import(ClassSpec("Room 12"), tidy("2026-10", OCT))
    reviews = {r.goal.student: r for r in goals.review(store, "Room 12")}
    assert (reviews[a].actual, reviews[a].growth, reviews[a].met) == (54.0, 4.0, True)
    assert (reviews[b].actual, reviews[b].growth, reviews[b].met) == (66.0, 4.0, False)
    assert reviews[None].goal.baseline == 61.0  # the class mean on the night
    assert reviews[None].actual == 66.0
    assert reviews[None].met is True
    assert reviews[None].as_json()["metric"] == "mean"
    nexts = goals.next_entries(reviews.values(), 4, store.profiles("Room 12"))
    goals.save(store, "Room 12", "2026-10", nexts)
    october = store.goals("Room 12", "2026-10")
    assert {g.previous_id for g in october} == {r.goal.id for r in reviews.values()}
    assert len(store.goals("Room 12")) == 6  # the first goals are still there


def test_goals_typed_from_paper_sheets_are_imported_from_the_command_line(
    tmp_path: Path, private_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store, numbers = room(private_database)
    wb = Workbook()
    wb.active.append(["Student number", "Measure", "Target", "Strategy", "Language"])
    wb.active.append([numbers["id:1"], "ORF (wcpm)", 60, "read to a sibling", "es"])
    wb.save(tmp_path / "goals.xlsx")
    args = [
        "goals",
        "import",
        str(tmp_path / "goals.xlsx"),
        "--class",
        "Room 12",
        "--window",
        "2026-09",
    ]
    assert main(args) == 0
    assert main(["goals", "--class", "Room 12", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"target": 60.0' in out
    assert '"actual": null' in out
    [goal] = store.goals("Room 12")
    assert (goal.strategy, goal.language) == ("read to a sibling", "es")


def goal_sheet(path: Path, *rows: list[object]) -> Path:
    wb = Workbook()
    wb.active.append(["Student number", "Measure", "Target", "Strategy"])
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def import_args(sheet: Path, database: str) -> list[str]:
    where = ["--class", "Room 12", "--window", "2026-09", "--db", database]
    return ["goals", "import", str(sheet), *where]


def test_importing_a_goal_sheet_again_updates_the_goals_it_holds(
    tmp_path: Path, private_database: str
) -> None:
    store, numbers = room(private_database)
    n = numbers["id:1"]
    first = goal_sheet(tmp_path / "first.xlsx", [n, "ORF (wcpm)", 60, "read to a sibling"])
    second = goal_sheet(tmp_path / "second.xlsx", [n, "ORF (wcpm)", 64, "read at bedtime"])
    assert main(import_args(first, private_database)) == 0
    assert main(import_args(first, private_database)) == 0
    assert main(import_args(second, private_database)) == 0
    [goal] = store.goals("Room 12")
    assert (goal.target, goal.strategy, goal.version) == (64.0, "read at bedtime", 3)


@pytest.mark.parametrize("target", ["nan", "inf", -5])
def test_a_goal_sheet_with_an_impossible_target_is_refused_naming_its_row(
    tmp_path: Path, private_database: str, capsys: pytest.CaptureFixture[str], target: object
) -> None:
    store, numbers = room(private_database)
    sheet = goal_sheet(
        tmp_path / "goals.xlsx",
        [numbers["id:1"], "ORF (wcpm)", 60, ""],
        [numbers["id:2"], "ORF (wcpm)", target, ""],
    )
    assert main(import_args(sheet, private_database)) == 2
    assert "row 3" in capsys.readouterr().err.lower()
    assert store.goals("Room 12") == []


def test_a_goal_for_a_number_not_in_the_class_is_refused_naming_its_row(
    tmp_path: Path, private_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store, _ = room(private_database)
    sheet = goal_sheet(tmp_path / "goals.xlsx", [99, "ORF (wcpm)", 60, ""])
    assert main(import_args(sheet, private_database)) == 2
    assert "Row 2: there is no student number 99 in this class." in capsys.readouterr().err
    assert store.goals("Room 12") == []


def test_a_conflict_shows_what_the_other_browser_saved_beside_what_was_typed(
    db_url: str,
) -> None:
    store, numbers = room(db_url)
    n = numbers["id:4"]
    [theirs] = goals.save(store, "Room 12", "2026-09", [GoalEntry("ORF (wcpm)", 70, student=n)])
    mine = GoalEntry("ORF (wcpm)", 66, student=n, strategy="read aloud", seen_version=None)
    with pytest.raises(GoalConflict):
        goals.save(store, "Room 12", "2026-09", [mine])
    assert goals.differences(theirs, mine) == [
        ("Target", 70.0, 66),
        ("At-home strategy", None, "read aloud"),
    ]
    assert [g.target for g in store.goals("Room 12")] == [70.0]


def test_ideas_are_kept_by_step_without_names(db_url: str) -> None:
    store, _ = room(db_url)
    store.add_idea("Room 12", "icebreaker", "We read at bedtime")
    store.add_idea("Room 12", "brainstorm", "Library card for every family?")
    assert [i.text for i in store.ideas("Room 12", "icebreaker")] == ["We read at bedtime"]
    with pytest.raises(Exception, match="icebreaker or the brainstorm"):
        store.add_idea("Room 12", "lunch", "x")


def test_the_growth_the_teacher_states_is_the_growth_the_suggestion_adds() -> None:
    orf = of_skill("ORF-WC")
    assert goals.typical_growth(orf, 4) == 1.22
    assert "1.22 a week" in goals.growth_note(orf, 4)
    assert goals.suggest_target(62, orf, 4, weeks=4, per_week=2.0) == 70
    assert goals.typical_growth(of_skill("LNF"), 0) is None
    assert "type the growth you expect" in goals.growth_note(of_skill("LNF"), 0)
