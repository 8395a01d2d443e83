"""Backup and restore: the whole database in one file, back on SQLite or PostgreSQL."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from famdata import backup, samples
from famdata.cli import main
from famdata.errors import FamdataError
from famdata.store import Store
from tests.conftest import postgres_database


def full_class(url: str) -> Store:
    """The sample classes, one measure linked to the class's own expectation, an edited table."""
    store = Store(url)
    samples.load_samples(store)
    store.link_measure(
        "Sample: Grade 4, Room 12",
        "ORF (wcpm)",
        benchmark_measure=None,
        benchmark_source=None,
        expectation=105,
        expectation_text="fourth graders read 105 words a minute",
    )
    store.update_class("Sample: Grade 4, Room 12", contact="Ms. Rivera, room 12, 555-0100")
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


def test_after_a_restore_into_postgresql_new_imports_still_get_new_ids(
    tmp_path: Path, postgres_url: str
) -> None:
    file = tmp_path / "b.zip"
    backup.backup(full_class(f"sqlite:///{tmp_path / 'laptop.db'}"), file)
    school = Store(postgres_url)
    backup.restore(school, file)
    samples.load_samples(school)  # re-importing adds nothing, but must not collide
    school.save_benchmark_table(school.benchmark_table())


def test_a_backup_holds_no_name(tmp_path: Path) -> None:
    file = tmp_path / "b.zip"
    backup.backup(full_class(f"sqlite:///{tmp_path / 'a.db'}"), file)
    with zipfile.ZipFile(file) as archive:
        text = " ".join(archive.read(n).decode() for n in archive.namelist())
    for name in ("García", "Nguyen", "Sofía", "Mateo"):
        assert name not in text


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
