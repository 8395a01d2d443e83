"""Backup and restore: the whole database in one file, back on SQLite or PostgreSQL."""

from __future__ import annotations

import io
import json
import math
import stat
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from famdata import goals, ingest, nights, samples
from famdata.cli import main
from famdata.errors import FamdataError
from famdata.store import ClassSpec, Store, backup, schema
from famdata.store.keys import key_file, read_keys
from tests.conftest import SAMPLE_DIR, postgres_database

GRADE4 = "Sample: Grade 4, Room 12"
BENCHMARK_KEY = ["source_id", "measure", "grade", "season"]


def full_class(url: str) -> Store:
    """The sample classes with a goal and an idea, one measure linked to the class's own
    expectation, and an edited benchmark table: a row in every table that has ids."""
    store = Store(url)
    samples.load_samples(store)
    store.save_profile(
        GRADE4,
        "ORF (wcpm)",
        replace(
            store.profiles(GRADE4)["ORF (wcpm)"],
            expectation=105,
            expectation_text="fourth graders read 105 words a minute",
        ),
    )
    store.update_class(GRADE4, contact="Ms. Rivera, room 12, 555-0100")
    goals.save(store, GRADE4, "2026-09", [goals.GoalEntry("ORF (wcpm)", 95, metric="mean")])
    store.add_idea(GRADE4, "icebreaker", "We read at bedtime", "2026-09")
    table = store.benchmark_table()
    table.loc[table["measure"] == table["measure"].iloc[0], "goal"] += 1
    store.save_benchmark_table(table)
    store.save_mapping("Room 12 sheet", {"name": "Student Name"})
    plan = nights.plan_for(store, GRADE4, "2026-09")
    agenda = [*plan.agenda[:3], nights.AgendaStep({"en": "Raffle", "es": "Rifa"}, 3)]
    nights.save_plan(
        store,
        nights.planned(
            plan,
            store.profiles(GRADE4),
            day=date(2026, 9, 24),
            own={"Accuracy (%)": "Read the menu aloud at dinner"},
            next_meeting=date(2026, 10, 22),
            agenda=agenda,
        ),
    )
    nights.record_attendance(store, GRADE4, "2026-09", [1, 2, 3, 5, 8])
    store.save_practice(GRADE4, "2026-09", {1: "yes", 2: "some", 5: "not_yet"})
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
        "nights": {
            (c.name, w.label): (
                store.night(c.name, w.label),
                store.attendance(c.name, w.label),
                store.practice(c.name, w.label),
            )
            for c in store.classes()
            for w in store.windows(c.name)
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
    summary = backup.backup(original, file, with_keys=True)
    assert summary.rows["scores"] == 184
    empty = Store(f"sqlite:///{tmp_path / 'restored.db'}")
    backup.restore(empty, file)
    assert snapshot(empty) == snapshot(original)


def test_a_sqlite_backup_restores_into_postgresql(tmp_path: Path, postgres_url: str) -> None:
    original = full_class(f"sqlite:///{tmp_path / 'laptop.db'}")
    file = tmp_path / "famdata-backup.zip"
    backup.backup(original, file, with_keys=True)
    school = Store(postgres_url)
    backup.restore(school, file)
    assert snapshot(school) == snapshot(original)


def restored(db_url: str, tmp_path: Path) -> Store:
    """A database that holds nothing but a restored backup of the full class."""
    file = tmp_path / "b.zip"
    backup.backup(full_class(f"sqlite:///{tmp_path / 'laptop.db'}"), file, with_keys=True)
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
    assert main(["backup", "--out", str(tmp_path / "b.zip"), "--db", laptop, "--with-key"]) == 0
    assert main(["restore", str(tmp_path / "b.zip"), "--db", spare]) == 0
    out = capsys.readouterr().out
    assert "Restored 2 classes and 184 scores, with the classes' private keys." in out
    pd.testing.assert_frame_equal(
        Store(spare).scores("Sample: Grade 4, Room 12"),
        Store(laptop).scores("Sample: Grade 4, Room 12"),
    )


def test_a_backup_carries_the_class_keys_only_when_asked(tmp_path: Path) -> None:
    store = full_class(f"sqlite:///{tmp_path / 'a.db'}")
    keys = read_keys(key_file(store.engine.url))
    without, with_keys = tmp_path / "without.zip", tmp_path / "with.zip"
    assert backup.backup(store, without).keys == 0
    assert backup.backup(store, with_keys, with_keys=True).keys == 2
    assert not any(key in backup_text(without) for key in keys.values())
    with zipfile.ZipFile(with_keys) as archive:
        assert json.loads(archive.read("keys.json")) == keys


def test_a_class_restored_without_its_key_refuses_its_next_file_in_plain_words(
    db_url: str, tmp_path: Path
) -> None:
    file = tmp_path / "b.zip"
    backup.backup(full_class(f"sqlite:///{tmp_path / 'laptop.db'}"), file)
    store = Store(db_url)
    assert "without the classes' private keys" in backup.restore(store, file).describe()
    october = ingest.read(SAMPLE_DIR / "grade4_fluency.xlsx")
    with pytest.raises(FamdataError, match=r"private key of class .* is not on this computer"):
        store.save_import(ClassSpec(GRADE4), october)


def test_an_older_backup_brings_its_class_keys_into_the_key_file(tmp_path: Path) -> None:
    """Backups made before the keys left the database hold each key in its class row."""
    original = full_class(f"sqlite:///{tmp_path / 'laptop.db'}")
    keys = read_keys(key_file(original.engine.url))
    file, older = tmp_path / "b.zip", tmp_path / "older.zip"
    backup.backup(original, file)
    with zipfile.ZipFile(file) as source, zipfile.ZipFile(older, "w") as target:
        for item in source.namelist():
            data = source.read(item).decode()
            if item == "classes.jsonl":
                rows = [json.loads(line) for line in data.splitlines()]
                for row in rows:
                    row["hash_key"] = keys[row.pop("key_id")]
                data = "\n".join(json.dumps(row) for row in rows)
            if item == "manifest.json":
                data = json.dumps({**json.loads(data), "schema_version": 2})
            target.writestr(item, data)
    restored = Store(f"sqlite:///{tmp_path / 'restored.db'}")
    backup.restore(restored, older)
    assert snapshot(restored)["numbers"] == snapshot(original)["numbers"]


def test_a_restore_keeps_no_name_hash_for_a_student_known_by_id(tmp_path: Path) -> None:
    """Backups from before famdata dropped them may hold both hashes of a student."""
    original = full_class(f"sqlite:///{tmp_path / 'laptop.db'}")
    with original.engine.begin() as conn:
        with_id = conn.execute(
            sa.select(schema.student_keys).where(schema.student_keys.c.kind == "id")
        ).first()
        conn.execute(
            schema.student_keys.insert().values(
                class_id=with_id.class_id,
                student_id=with_id.student_id,
                key_hash="0" * 64,
                kind="name",
            )
        )
    file = tmp_path / "b.zip"
    backup.backup(original, file, with_keys=True)
    restored = Store(f"sqlite:///{tmp_path / 'restored.db'}")
    backup.restore(restored, file)
    with restored.engine.connect() as conn:
        hashes = conn.execute(sa.select(schema.student_keys.c.key_hash)).scalars().all()
    assert "0" * 64 not in hashes


# A damaged backup is refused in one sentence that says where, and nothing is stored.


@dataclass
class Unpacked:
    """A backup taken apart, to break one thing and zip it again."""

    manifest: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
    raw: dict[str, bytes] = field(default_factory=dict)  # members written as they are

    @classmethod
    def of(cls, data: bytes) -> Unpacked:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            tables = {
                n.removesuffix(".jsonl"): [
                    json.loads(line) for line in archive.read(n).decode().splitlines()
                ]
                for n in archive.namelist()
                if n.endswith(".jsonl")
            }
        return cls(manifest, tables)

    def zip(self, recount: bool = True) -> bytes:
        if recount:
            self.manifest["rows"] = {name: len(rows) for name, rows in self.tables.items()}
        members = {
            f"{n}.jsonl": "\n".join(map(json.dumps, rows)) for n, rows in self.tables.items()
        }
        members |= {"manifest.json": json.dumps(self.manifest)}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, text in members.items():
                archive.writestr(name, self.raw.get(name, text.encode()))
            for name in self.raw.keys() - members.keys():
                archive.writestr(name, self.raw[name])
        return buffer.getvalue()


@pytest.fixture(scope="module")
def good_backup(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real backup of the two small sample classes."""
    folder = tmp_path_factory.mktemp("good")
    store = Store(f"sqlite:///{folder / 'samples.db'}")
    samples.load_samples(store)
    file = folder / "backup.zip"
    backup.backup(store, file)
    return file.read_bytes()


def _missing_scores(b: Unpacked) -> None:
    del b.tables["scores"]


def _bomb(b: Unpacked) -> None:
    b.raw["scores.jsonl"] = b" " * (20 * 2**20)  # 20 MB of blanks zip to 20 kB


def _grade_in_words(b: Unpacked) -> None:
    b.tables["classes"][1]["grade"] = "twelve"


def _infinite_score(b: Unpacked) -> None:
    b.tables["scores"][4]["value"] = math.inf


def _nan_expectation(b: Unpacked) -> None:
    b.tables["measures"][0]["expectation"] = math.nan


def _flag_as_number(b: Unpacked) -> None:
    b.tables["classes"][0]["is_sample"] = 1


def _student_twice(b: Unpacked) -> None:
    b.tables["students"].append(dict(b.tables["students"][3]))


def _measure_name_twice(b: Unpacked) -> None:
    b.tables["measures"][1]["name"] = b.tables["measures"][0]["name"]


def _impossible_date(b: Unpacked) -> None:
    b.tables["windows"][2]["date"] = "2026-13-45"


def _long_measure_name(b: Unpacked) -> None:
    b.tables["measures"][0]["name"] = "M" * 250


def _score_of_nobody(b: Unpacked) -> None:
    b.tables["scores"][7]["student_id"] = 9999


def _empty_class_name(b: Unpacked) -> None:
    del b.tables["classes"][0]["name"]


def _unknown_column(b: Unpacked) -> None:
    b.tables["windows"][0]["first name"] = "Sofía"


def _not_a_row(b: Unpacked) -> None:
    b.raw["students.jsonl"] = b'{"id": 1, "class_id": 1, "number": 24}\n[1, 2, 3'


def _nul_in_text(b: Unpacked) -> None:
    b.tables["windows"][0]["label"] = "Sept\x00"


def _huge_number(b: Unpacked) -> None:
    b.tables["students"][0]["number"] = 2**40


DAMAGED = "This backup is damaged: "
NOTHING = "; nothing was restored."
BROKEN = {
    "missing scores": (_missing_scores, "scores.jsonl: this file is missing from the backup"),
    "grade in words": (
        _grade_in_words,
        "classes.jsonl line 2, column grade: 'twelve' is not a whole number",
    ),
    "infinite score": (
        _infinite_score,
        "scores.jsonl line 5, column value: Infinity is not a finite number",
    ),
    "NaN expectation": (
        _nan_expectation,
        "measures.jsonl line 1, column expectation: NaN is not a finite number",
    ),
    "flag as number": (
        _flag_as_number,
        "classes.jsonl line 1, column is_sample: 1 is not true or false",
    ),
    "student twice": (_student_twice, "students.jsonl line 47: id 4 is on line 4 too"),
    "measure name twice": (
        _measure_name_twice,
        "measures.jsonl line 2: class_id 1 and name 'ORF (wcpm)' are on line 1 too",
    ),
    "impossible date": (
        _impossible_date,
        "windows.jsonl line 3, column date: '2026-13-45' is not a date",
    ),
    "long measure name": (
        _long_measure_name,
        "measures.jsonl line 1, column name: its 250 characters are more than the 200 it may hold",
    ),
    "score of nobody": (
        _score_of_nobody,
        "scores.jsonl line 8, column student_id: there is no students row with id 9999",
    ),
    "class without a name": (
        _empty_class_name,
        "classes.jsonl line 1, column name: it is empty, and it must hold a value",
    ),
    "unknown column": (
        _unknown_column,
        "windows.jsonl line 1: 'first name' is not a column of this table",
    ),
    "not a row": (_not_a_row, "students.jsonl line 2: it is not a row of data"),
    "NUL in text": (
        _nul_in_text,
        "windows.jsonl line 1, column label: 'Sept\\x00' holds a character no database stores",
    ),
    "huge number": (
        _huge_number,
        "students.jsonl line 1, column number: 1099511627776 is too large a number for the "
        "database",
    ),
}


def contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to see that a refused restore changed nothing."""
    with store.engine.connect() as conn:
        return {
            t.name: sorted(map(tuple, conn.execute(sa.select(t))), key=repr)
            for t in schema.metadata.sorted_tables
        }


def refusal(db_url: str, damaged: bytes) -> str:
    """What restoring `damaged` into an empty database says, once it is known to change nothing."""
    store = Store(db_url)
    before = contents(store)
    with pytest.raises(FamdataError) as refused:
        backup.restore(store, damaged)
    assert contents(store) == before
    return str(refused.value)


@pytest.mark.parametrize("case", BROKEN, ids=str)
def test_a_damaged_backup_is_refused_and_nothing_is_stored(
    case: str, good_backup: bytes, db_url: str
) -> None:
    breaks, problem = BROKEN[case]
    damaged = Unpacked.of(good_backup)
    breaks(damaged)
    assert refusal(db_url, damaged.zip()) == DAMAGED + problem + NOTHING


def test_a_row_count_that_differs_from_the_manifest_is_refused(
    good_backup: bytes, db_url: str
) -> None:
    damaged = Unpacked.of(good_backup)
    damaged.tables["scores"].pop()
    assert refusal(db_url, damaged.zip(recount=False)) == (
        DAMAGED + "scores.jsonl: it holds 183 rows where the manifest counts 184" + NOTHING
    )


def test_a_backup_that_would_swell_is_refused_before_it_is_unpacked(
    good_backup: bytes, db_url: str
) -> None:
    damaged = Unpacked.of(good_backup)
    _bomb(damaged)
    assert refusal(db_url, damaged.zip()) == (
        "This backup would unpack to 20 MB, far more than any famdata database; nothing was "
        "restored."
    )


def test_a_backup_from_before_vendor_bands_restores_with_none(
    good_backup: bytes, tmp_path: Path
) -> None:
    old = Unpacked.of(good_backup)
    old.manifest["schema_version"] = 0
    for row in old.tables["scores"]:
        del row["vendor_band"]
    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    assert backup.restore(store, old.zip()).rows["scores"] == 184
    with store.engine.connect() as conn:
        bands = conn.execute(sa.select(schema.scores.c.vendor_band).distinct()).scalars().all()
    assert bands == [None]


def test_a_backup_from_before_the_night_tables_restores_without_them(
    good_backup: bytes, tmp_path: Path
) -> None:
    old = Unpacked.of(good_backup)
    old.manifest["schema_version"] = 4
    for table in schema.NIGHT_TABLES:
        del old.tables[table.name]
    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    assert backup.restore(store, old.zip()).rows["nights"] == 0
    assert store.night("Sample: Kindergarten, Room 3", "September") is None


def test_the_command_line_says_what_is_damaged_in_one_line(
    good_backup: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = Unpacked.of(good_backup)
    _grade_in_words(damaged)
    file = tmp_path / "damaged.zip"
    file.write_bytes(damaged.zip())
    assert main(["restore", str(file), "--db", f"sqlite:///{tmp_path / 'new.db'}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == (
        "famdata: "
        + DAMAGED
        + "classes.jsonl line 2, column grade: 'twelve' is not a whole number"
        + NOTHING
    )


def test_a_backup_file_is_for_its_owner_only(tmp_path: Path) -> None:
    file = tmp_path / "b.zip"
    file.write_bytes(b"an older, readable file")
    file.chmod(0o644)
    backup.backup(full_class(f"sqlite:///{tmp_path / 'a.db'}"), file)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
