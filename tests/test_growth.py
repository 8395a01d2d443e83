"""Growth between windows, and the coach's table across classes."""

from __future__ import annotations

import pytest

from famdata import goals, growth
from famdata.cli import main
from famdata.output import exports
from famdata.store import ClassSpec, Store
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
