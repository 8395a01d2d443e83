"""Growth between windows, and the coach's table across classes."""

from __future__ import annotations

import pandas as pd
import pytest

from famdata import goals, growth, samples
from famdata.cli import main
from famdata.output import exports
from famdata.store import ClassSpec, Store
from famdata.views import projector
from tests.test_store import tidy


def two_windows(store: Store, name: str, size: int, gain: float, school: str = "North") -> None:
    spec = ClassSpec(name, grade=4, school=school)
    store.save_import(
        spec, tidy("2026-09", {f"id:{i}": {"ORF (wcpm)": 60.0 + i} for i in range(size)})
    )
    store.save_import(
        spec, tidy("2026-10", {f"id:{i}": {"ORF (wcpm)": 60.0 + i + gain} for i in range(size)})
    )


def test_growth_per_student_and_band_movement(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    two_windows(store, "Room 1", 12, 20)
    table = growth.growth_by_student(store)
    assert (table["growth"] == 20).all()
    assert len(table) == 12
    counts = growth.movement_counts(table)
    assert counts["down"] == 0
    assert counts["up"] > 0  # 60-71 is below 87 at DIBELS grade 4 fall; +20 crosses for some


def test_the_coach_table_has_a_row_per_class_with_growth_and_band_moves(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    two_windows(store, "Room 1", 12, 20)
    two_windows(store, "Room 2", 15, 5, school="South")
    table = growth.coach_table(store).set_index("Class")
    assert table.loc["Room 1", "Mean growth"] == 20
    assert table.loc["Room 2", "Median growth"] == 5
    assert table.loc["Room 2", "Students in both windows"] == 15


def test_groups_under_ten_students_are_suppressed(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    two_windows(store, "Tiny", 6, 10)
    [row] = growth.growth_json(growth.coach_table(store))
    assert row["suppressed"] is True
    assert row["mean_growth"] is None
    assert "median_growth" not in row or row["median_growth"] is None


def test_filters_keep_one_school(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    two_windows(store, "Room 1", 12, 20)
    two_windows(store, "Room 2", 12, 5, school="South")
    table = growth.coach_table(store, growth.Filters(school="South"))
    assert table["Class"].tolist() == ["Room 2"]


def test_goal_attainment_shows_in_the_coach_table(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    two_windows(store, "Room 1", 12, 4)
    numbers = store.numbers_for("Room 1", ["id:0", "id:1"])
    goals.save(
        store,
        "Room 1",
        "2026-09",
        [
            goals.GoalEntry("ORF (wcpm)", 63, student=numbers["id:0"]),  # 60 -> 64: met
            goals.GoalEntry("ORF (wcpm)", 70, student=numbers["id:1"]),  # 61 -> 65: not yet
            goals.GoalEntry("ORF (wcpm)", 68, metric="mean"),  # 65.5 -> 69.5: met
        ],
    )
    row = growth.coach_table(store).iloc[0]
    assert row["% individual goals met"] == 50.0
    assert row["Class goal met"] == "yes"


def test_the_growth_command_prints_the_table_as_json(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    two_windows(Store(url), "Room 1", 12, 20)
    assert main(["growth", "--from", "2026-09", "--to", "2026-10", "--json", "--db", url]) == 0
    out = capsys.readouterr().out
    assert '"mean_growth": 20.0' in out
    assert '"class": "Room 1"' in out


def test_the_coach_download_neutralises_formulas(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    two_windows(store, '=HYPERLINK("http://127.0.0.1:9")', 12, 20)
    csv = exports.to_csv_bytes(growth.coach_table(store)).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv


# -- growth since the last window: what Review and Present both count ----------------------------

GRADE4 = "Sample: Grade 4, Room 12"
ORF = "ORF (wcpm)"


@pytest.fixture
def samples_store(tmp_path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'samples.db'}")
    samples.load_samples(store)
    return store


def fluency_then_now(store: Store) -> pd.DataFrame:
    """Each child's fluency in September and October, where they have both."""
    orf = store.scores(GRADE4).query("measure == @ORF")
    return orf.pivot(index="student", columns="window", values="value").dropna()


def test_growth_counts_every_child_with_a_score_in_both_windows(samples_store: Store) -> None:
    since = growth.since_last(samples_store, GRADE4, ORF, "2026-10")
    both = fluency_then_now(samples_store)
    assert (since.start, since.end) == ("2026-09", "2026-10")
    assert since.compared == len(both) == 21
    assert since.grew == int((both["2026-10"] > both["2026-09"]).sum()) == 15
    assert projector.review_sentence(since) == "15 of 21 children grew."


def test_the_first_window_has_no_growth_to_show(samples_store: Store) -> None:
    assert growth.since_last(samples_store, GRADE4, ORF, "2026-09") is None
    assert not projector.has_earlier_window(samples_store, GRADE4, "2026-09")
    assert projector.has_earlier_window(samples_store, GRADE4, "2026-10")
    slide = projector.review_slide(samples_store, GRADE4, ORF, window="2026-09")
    assert slide.figure is None
    assert slide.summary == (
        "2026-09 is the class's first assessment: growth shows here after the next one."
    )


def test_goals_set_in_september_are_reviewed_in_october(samples_store: Store) -> None:
    both = fluency_then_now(samples_store)
    grew = both[both["2026-10"] > both["2026-09"]].index
    shrank = both[both["2026-10"] < both["2026-09"]].index
    reached, missed = int(grew[0]), int(shrank[0])
    goals.save(
        samples_store,
        GRADE4,
        "2026-09",
        [
            goals.GoalEntry(ORF, both.loc[reached, "2026-10"], student=reached),
            goals.GoalEntry(ORF, both.loc[missed, "2026-09"] + 5, student=missed),
            goals.GoalEntry(ORF, 1.0, metric="mean"),
        ],
    )
    since = growth.since_last(samples_store, GRADE4, ORF, "2026-10")
    assert (since.reviewed, since.met, since.class_goal_met) == (2, 1, True)
    assert projector.review_sentence(since) == (
        "15 of 21 children grew; 1 of 2 reached their goal; the class reached its goal."
    )
    assert projector.review_sentence(since, "es") == (
        "15 de 21 niños avanzaron; 1 de 2 alcanzaron su meta; la clase alcanzó su meta."
    )


def test_the_growth_view_draws_the_class_average_then_and_now_and_the_goal(
    samples_store: Store,
) -> None:
    goals.save(samples_store, GRADE4, "2026-09", [goals.GoalEntry(ORF, 200.0, metric="mean")])
    both = fluency_then_now(samples_store)
    child = int(both.index[0])  # numbers are a random permutation: one with both scores
    slide = projector.review_slide(samples_store, GRADE4, ORF, window="2026-10", highlight=child)
    then, now = slide.since.averages
    text = " ".join(a.text or "" for a in slide.figure.layout.annotations)
    assert f"Class average, then: {then:g}" in text
    assert f"Class average, now: {now:g}" in text
    assert "Class goal: a class average of 200 words a minute" in text
    assert slide.summary.endswith("the class goal: not yet, and every step counts.")
    before, after = both.loc[child, "2026-09"], both.loc[child, "2026-10"]
    assert f"Student {child}</b> — {before:g} → {after:g} words a minute" in text
