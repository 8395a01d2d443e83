"""Backup and restore: the whole database in one file, back on SQLite or PostgreSQL."""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from famdata import goals, ingest, samples
from famdata.cli import main
from famdata.errors import FamdataError
from famdata.store import ClassSpec, Store, backup
from tests.conftest import SAMPLE_DIR, postgres_database

GRADE4 = "Sample: Grade 4, Room 12"
BENCHMARK_KEY = ["source_id", "measure", "grade", "season"]


def full_class(url: str) -> Store:
    """The sample classes with a goal and an idea, one measure linked to the class's own
    expectation, and an edited benchmark table: a row in every table that has ids."""
    store = Store(url)
    samples.load_samples(store)
    store.link_measure(
        GRADE4,
        "ORF (wcpm)",
        benchmark_measure=None,
        benchmark_source=None,
        expectation=105,
        expectation_text="fourth graders read 105 words a minute",
    )
    store.update_class(GRADE4, contact="Ms. Rivera, room 12, 555-0100")
    goals.save(store, GRADE4, "2026-09", [goals.GoalEntry("ORF (wcpm)", 95, metric="mean")])
    store.add_idea(GRADE4, "icebreaker", "We read at bedtime", "2026-09")
    table = store.benchmark_table()
    table.loc[table["measure"] == table["measure"].iloc[0], "goal"] += 1
    store.save_benchmark_table(table)
    store.save_mapping("Room 12 sheet", {"name": "Student Name"})
    return store


def snapshot(store: Store) -> dict[str, object]:
    return {
        "classes": store.classes(),
        "scores": {c.name: _plain(store.scores(c.name)) for c in store.classes()},
        "measures": {c.name: store.measures(c.name) for c in store.classes()},
        "windows": {c.name: store.windows(c.name) for c in store.classes()},
        "numbers": {
            c.name: store.numbers_for(c.name, ["id:397618", "name:maria garcia"])
            for c in store.classes()
        },
        "goals": {c.name: store.goals(c.name) for c in store.classes()},
        "ideas": {c.name: store.ideas(c.name) for c in store.classes()},
        "benchmarks": _plain(store.benchmark_table().sort_values(BENCHMARK_KEY, ignore_index=True)),
        "mappings": store.mappings(),
    }


def _plain(frame: pd.DataFrame) -> dict[str, list[object]]:
    """A frame as comparable lists (NaN != NaN, None == None)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("list")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from postgres_database()


def test_a_full_class_comes_back_exactly_from_a_backup(db_url: str, tmp_path: Path) -> None:
    original = full_class(db_url)
    file = tmp_path / "famdata-backup.zip"
    summary = backup.backup(original, file)
    assert summary.rows["scores"] == 184
    empty = Store(f"sqlite:///{tmp_path / 'restored.db'}")
    backup.restore(empty, file)
    assert snapshot(empty) == snapshot(original)


def test_a_sqlite_backup_restores_into_postgresql(tmp_path: Path, postgres_url: str) -> None:
    original = full_class(f"sqlite:///{tmp_path / 'laptop.db'}")
    file = tmp_path / "famdata-backup.zip"
    backup.backup(original, file)
    school = Store(postgres_url)
    backup.restore(school, file)
    assert snapshot(school) == snapshot(original)


def restored(db_url: str, tmp_path: Path) -> Store:
    """A database that holds nothing but a restored backup of the full class."""
    file = tmp_path / "b.zip"
    backup.backup(full_class(f"sqlite:///{tmp_path / 'laptop.db'}"), file)
    store = Store(db_url)
    backup.restore(store, file)
    return store


def test_after_a_restore_a_new_class_its_goal_and_an_idea_are_saved(
    db_url: str, tmp_path: Path
) -> None:
    # New rows get ids after the restored ones (on PostgreSQL the restore moves the sequences).
    school = restored(db_url, tmp_path)
    reading = ingest.read(SAMPLE_DIR / "messy_teacher_workbook.xlsx")
    school.save_import(ClassSpec("Room 7", grade=3), reading)
    goals.save(school, "Room 7", "Sept", [goals.GoalEntry("Words per minute", 80, metric="mean")])
    school.add_idea("Room 7", "brainstorm", "A library trip together", "Sept")
    assert [w.label for w in school.windows("Room 7")] == ["Sept", "Oct"]
    assert len(school.scores("Room 7")) == len(reading.scores)
    [goal] = school.goals("Room 7")
    assert (goal.measure, goal.target) == ("Words per minute", 80)
    assert school.ideas("Room 7") == [goals.Idea("brainstorm", "A library trip together", "Sept")]
    assert len(school.goals(GRADE4)) == 1  # the restored goal is still there


def test_after_a_restore_new_column_roles_are_saved(db_url: str, tmp_path: Path) -> None:
    school = restored(db_url, tmp_path)
    school.save_mapping("Room 7 sheet", {"name": "Student"})
    assert school.mappings() == {
        "Room 12 sheet": {"name": "Student Name"},
        "Room 7 sheet": {"name": "Student"},
    }


def sample_names() -> set[str]:
    """Every student's full name in the sample spreadsheets the full class is loaded from."""
    names: set[str] = set()
    for file in ("grade4_fluency.xlsx", "kindergarten_letters.xlsx"):
        for sheet in pd.read_excel(SAMPLE_DIR / file, sheet_name=None, engine="openpyxl").values():
            if "Student Name" in sheet:
                names.update(sheet["Student Name"].dropna())
            else:
                names.update(sheet["First Name"] + " " + sheet["Last Name"])
    return names


def folded(text: str) -> str:
    """Lower case without accents, as a name may be kept once it is normalised for matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def backup_text(file: Path) -> str:
    """Every value in a backup as it reads back (JSON writes "García" as "Garc\\u00eda")."""
    with zipfile.ZipFile(file) as archive:
        parsed = [
            json.loads(line)
            for n in archive.namelist()
            for line in archive.read(n).decode().splitlines()
            if n.endswith(".jsonl") and line.strip()
        ]
        parsed.append(json.loads(archive.read("manifest.json")))
    return json.dumps(parsed, ensure_ascii=False)


def test_a_backup_holds_no_name(tmp_path: Path) -> None:
    file = tmp_path / "b.zip"
    backup.backup(full_class(f"sqlite:///{tmp_path / 'a.db'}"), file)
    text = backup_text(file)
    names = sample_names()
    assert "Sofía García" in names
    for name in names:
        assert folded(name) not in folded(text), name


def test_restore_refuses_a_database_that_already_holds_classes(tmp_path: Path) -> None:
    file = tmp_path / "b.zip"
    store = full_class(f"sqlite:///{tmp_path / 'a.db'}")
    backup.backup(store, file)
    with pytest.raises(FamdataError, match="only into an empty database"):
        backup.restore(store, file)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(FamdataError, match="not a famdata backup"):
        backup.restore(Store(f"sqlite:///{tmp_path / 'a.db'}"), b"just some bytes")


def test_restore_refuses_a_backup_from_a_newer_famdata(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "manifest.json", json.dumps({"format": "famdata-backup", "schema_version": 999})
        )
    with pytest.raises(FamdataError, match="newer famdata"):
        backup.restore(Store(f"sqlite:///{tmp_path / 'a.db'}"), buffer.getvalue())


def test_the_command_line_backs_up_and_restores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, spare = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    full_class(laptop)
    assert main(["backup", "--out", str(tmp_path / "b.zip"), "--db", laptop]) == 0
    assert main(["restore", str(tmp_path / "b.zip"), "--db", spare]) == 0
    out = capsys.readouterr().out
    assert "Restored 2 classes and 184 scores." in out
    pd.testing.assert_frame_equal(
        Store(spare).scores("Sample: Grade 4, Room 12"),
        Store(laptop).scores("Sample: Grade 4, Room 12"),
    )
