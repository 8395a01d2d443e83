"""The store: private numbers, stable across windows, one transaction per import — on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from famdata import identity, ingest
from famdata.errors import FamdataError
from famdata.grades import parse_grade
from famdata.ingest.profiles import guess
from famdata.measures import Profile
from famdata.score_table import Coded
from famdata.store import ClassSpec, ScoreChange, Store, schema
from famdata.store.keys import key_file, read_keys
from famdata.store.schema import student_keys


@dataclass(frozen=True)
class Tidy:
    """A reading as the importer hands it over: tidy scores and the in-memory roster."""

    scores: pd.DataFrame
    roster: pd.DataFrame
    window_dates: dict[str, date] = field(default_factory=dict)
    fraction_questions: tuple[str, ...] = ()

    @property
    def profiles(self) -> dict[str, Profile]:
        """Each measure's profile as the importer would guess it from its name."""
        return {m: guess(m, None).profile for m in pd.unique(self.scores["measure"])}

    def reading_as_percents(self, _measures: object) -> Tidy:
        return self

    def score_column(self, name: str) -> np.ndarray:
        if name not in self.scores:
            return np.full(len(self.scores), None, dtype=object)
        return self.scores[name].to_numpy()

    @property
    def coded(self) -> dict[str, Coded]:
        """The window, identity and measure columns as the importer codes them."""
        coded = {}
        for name in ("window", "identity", "measure"):
            codes, labels = pd.factorize(self.scores[name], use_na_sentinel=False)
            coded[name] = Coded(codes.astype(np.int64), list(labels))
        return coded


def tidy(
    window: str | None, rows: dict[str, dict[str, float | None]], *, names: bool = True
) -> Tidy:
    """rows: identity -> {measure: value}; a None value is an absence marked 'abs'."""
    records = [
        {
            "window": window,
            "identity": identity,
            "measure": measure,
            "value": float("nan") if value is None else float(value),
            "missing_reason": "abs" if value is None else None,
            "sheet": "Sheet1",
            "row": i + 2,
            "column": measure,
        }
        for i, (identity, by_measure) in enumerate(rows.items())
        for measure, value in by_measure.items()
    ]
    roster = pd.DataFrame(
        {
            "identity": list(rows),
            "student_id": [i.removeprefix("id:") if i.startswith("id:") else None for i in rows],
            "name": [f"Kid {i[-3:]}" if names else None for i in rows],
        }
    )
    return Tidy(pd.DataFrame(records), roster)


GRADE4 = ClassSpec("Room 12", grade=4)
SEPT = {f"id:{1000 + i}": {"ORF": 40.0 + i, "Accuracy": 90.0} for i in range(25)}


def test_first_import_numbers_every_student_1_to_n(db_url: str) -> None:
    store = Store(db_url)
    result = store.save_import(GRADE4, tidy("2026-09", SEPT))
    assert result.new_students == 25
    assert result.added == 50
    frame = store.scores("Room 12")
    assert sorted(frame["student"].unique()) == list(range(1, 26))


def test_numbers_are_a_random_permutation_not_file_order(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    frame = store.scores("Room 12", "2026-09")
    orf = frame[frame["measure"] == "ORF"].sort_values("value")
    # file order is by score here; 25! orderings make a false failure practically impossible
    assert list(orf["student"]) != list(range(1, 26))


def test_student_rows_are_stored_in_number_order_not_file_order(db_url: str) -> None:
    """A database row's id must not give away where the child was in the (often alphabetical)
    file: ids follow the random private numbers."""
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    with store.engine.connect() as conn:
        numbers = conn.execute(
            sa.select(schema.students.c.number).order_by(schema.students.c.id)
        ).scalars()
        assert list(numbers) == list(range(1, 26))


def test_scores_are_stored_in_the_order_of_their_window_student_measure_index(
    db_url: str,
) -> None:
    """Rows in index order let the database append to the index (a district import's speed);
    4,000 students x 17 measures is more than one 16-bit pass of the sort can order."""
    measures = [f"M{m:02}" for m in range(17)]
    rows = {f"id:{9000 - i}": {m: float(i % 50) for m in reversed(measures)} for i in range(4000)}
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", rows))
    scores = schema.scores.c
    with store.engine.connect() as conn:
        stored = conn.execute(
            sa.select(scores.window_id, scores.student_id, scores.measure_id).order_by(scores.id)
        ).all()
    assert len(stored) == 68_000
    assert [tuple(row) for row in stored] == sorted(tuple(row) for row in stored)


def test_returning_students_keep_their_number_and_new_ones_get_new_numbers(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    before = store.numbers_for("Room 12", list(SEPT))
    october = {k: {"ORF": v["ORF"] + 5} for k, v in SEPT.items()} | {"id:2001": {"ORF": 70.0}}
    result = store.save_import(GRADE4, tidy("2026-10", october))
    after = store.numbers_for("Room 12", [*SEPT, "id:2001"])
    assert result.returning_students == 25
    assert result.new_students == 1
    assert {k: after[k] for k in SEPT} == before
    assert after["id:2001"] == 26


def test_a_file_belongs_to_the_class_that_knows_most_of_its_students(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    store.save_import(ClassSpec("Room 9", grade=4), tidy("2026-09", {"id:9001": {"ORF": 50.0}}))
    october = [*list(SEPT)[:20], "id:2001", "id:2002"]
    assert store.class_for_file(october, (), ["Room 9", "Room 12"]) == "Room 12"
    strangers = [f"id:{3000 + i}" for i in range(10)]
    assert store.class_for_file(strangers, (), ["Room 9", "Room 12"]) is None


def test_a_file_of_new_students_belongs_to_the_class_it_names(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    named = ("Fluency check - room 12 - September",)
    assert store.class_for_file(["id:3000"], named, ["Room 12"]) == "Room 12"
    assert store.class_for_file(["id:3000"], ("Room 120",), ["Room 12"]) is None


def test_a_student_known_by_name_keeps_their_number_when_a_file_brings_their_id(
    db_url: str,
) -> None:
    store = Store(db_url)
    first = tidy("2026-09", {identity.name_identity("García, María"): {"ORF": 60.0}}, names=False)
    store.save_import(GRADE4, first)
    second = tidy("2026-10", {"id:55": {"ORF": 66.0}})
    second.roster.loc[0, "name"] = "MARIA GARCIA"
    result = store.save_import(GRADE4, second)
    assert result.returning_students == 1
    assert set(store.scores("Room 12")["student"]) == {1}
    assert store.numbers_for("Room 12", ["id:55"]) == {"id:55": 1}


def test_no_name_hash_is_kept_for_a_student_known_by_id(db_url: str) -> None:
    store = Store(db_url)
    first = tidy("2026-09", {identity.name_identity("Ana Cruz"): {"ORF": 60.0}}, names=False)
    store.save_import(GRADE4, first)
    second = tidy("2026-10", {"id:55": {"ORF": 66.0}, "id:56": {"ORF": 70.0}})
    second.roster.loc[:, "name"] = ["Ana Cruz", "Bo Lee"]
    store.save_import(GRADE4, second)
    with store.engine.connect() as conn:
        kinds = conn.execute(sa.select(student_keys.c.kind)).scalars().all()
    assert sorted(kinds) == ["id", "id"]


def test_a_file_of_names_alone_is_refused_for_a_class_known_by_ids(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", {"id:55": {"ORF": 60.0}}))
    names_only = tidy(
        "2026-10", {identity.name_identity("María García"): {"ORF": 66.0}}, names=False
    )
    with pytest.raises(FamdataError, match="add the student ID column"):
        store.save_import(GRADE4, names_only)
    assert set(store.scores("Room 12")["window"]) == {"2026-09"}


@pytest.mark.parametrize(
    ("spec", "rows", "said"),
    [
        (ClassSpec("R" * 250, grade=4), {"id:1": {"ORF": 60.0}}, "The class name"),
        (GRADE4, {"id:1": {"W" * 250: 60.0}}, "A skill's name"),
    ],
    ids=["class name", "skill name"],
)
def test_a_name_longer_than_every_database_keeps_is_refused_at_import(
    db_url: str, spec: ClassSpec, rows: dict[str, dict[str, float]], said: str
) -> None:
    store = Store(db_url)
    with pytest.raises(FamdataError, match=f"{said} .* is 250 characters long"):
        store.save_import(spec, tidy("2026-09", rows))
    assert store.classes() == []


def test_importing_the_same_scores_twice_changes_nothing(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    again = store.save_import(GRADE4, tidy("2026-09", SEPT))
    assert again.nothing_changed
    assert again.unchanged == 50
    assert "Nothing changed" in again.describe()


def test_a_corrected_file_updates_only_the_changed_scores_and_says_which(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    corrected = dict(SEPT) | {
        "id:1003": {"ORF": 99.0, "Accuracy": 90.0},
        "id:1004": {"ORF": None, "Accuracy": 90.0},
    }
    result = store.save_import(GRADE4, tidy("2026-09", corrected))
    number = store.numbers_for("Room 12", ["id:1003"])["id:1003"]
    assert result.changed == 2
    assert result.added == 0
    assert any(c.student == number and c.old == 43.0 and c.new == 99.0 for c in result.changes)
    frame = store.scores("Room 12", "2026-09")
    orf = frame[frame["measure"] == "ORF"].set_index("student")
    assert orf.loc[number, "value"] == 99.0
    assert (frame["missing_reason"] == "abs").sum() == 1


def test_a_failed_import_leaves_the_database_as_it_was(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))

    def broken(_taken: object, _count: int) -> list[int]:
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr("famdata.store.students.new_numbers", broken)
    with pytest.raises(RuntimeError):
        store.save_import(ClassSpec("Room 13", grade=3), tidy("2026-09", SEPT))
    assert [c.name for c in store.classes()] == ["Room 12"]
    assert len(store.scores("Room 12")) == 50


def orphan_score_refused(store: Store) -> bool:
    """Whether the database still refuses a score whose window, student and measure do not
    exist, on the connection the imports used."""
    try:
        with store.engine.begin() as conn:
            conn.execute(
                sa.insert(schema.scores).values(
                    window_id=9999, student_id=9999, measure_id=9999, value=1.0
                )
            )
    except sa.exc.IntegrityError:
        return True
    return False


def test_the_database_still_refuses_orphan_scores_after_an_import(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    assert orphan_score_refused(store)


def test_the_database_still_refuses_orphan_scores_after_a_failed_import(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(db_url)
    monkeypatch.setattr("famdata.store.students.new_numbers", _broken_numbers)
    with pytest.raises(RuntimeError):
        store.save_import(GRADE4, tidy("2026-09", SEPT))
    assert orphan_score_refused(store)


def test_an_import_leaves_sqlites_page_cache_at_its_everyday_size(tmp_path: Path) -> None:
    """The import grows the cache of the connection it borrows; the pool gets it back as it was,
    so a long evening of small saves does not hold a district's pages."""
    store = Store(f"sqlite:///{tmp_path / 'cache.db'}")
    with store.engine.connect() as conn:
        everyday = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == everyday


def _broken_numbers(_taken: object, _count: int) -> list[int]:
    raise RuntimeError("disk pulled out")


def test_a_new_class_needs_a_grade(db_url: str) -> None:
    with pytest.raises(FamdataError, match="give its grade"):
        Store(db_url).save_import(ClassSpec("Room 12"), tidy("2026-09", SEPT))


def test_an_existing_class_refuses_another_grade(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    with pytest.raises(FamdataError, match="is grade 4, not 5"):
        store.save_import(ClassSpec("Room 12", grade=5), tidy("2026-10", SEPT))


def test_an_unlabelled_file_needs_a_window(db_url: str) -> None:
    with pytest.raises(FamdataError, match="which assessment window"):
        Store(db_url).save_import(GRADE4, tidy(None, SEPT))


def test_the_window_option_labels_an_unlabelled_file(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy(None, SEPT), window="Fall")
    assert [w.label for w in store.windows("Room 12")] == ["Fall"]


def test_windows_come_back_in_calendar_order(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-10", SEPT))
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    assert [w.label for w in store.windows("Room 12")] == ["2026-09", "2026-10"]


def test_an_unknown_class_is_named_in_a_plain_message(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    with pytest.raises(FamdataError, match=r"no class named 'Room 99'\. Classes: 'Room 12'"):
        store.scores("Room 99")


def test_reopening_a_database_keeps_its_data(db_url: str) -> None:
    Store(db_url).save_import(GRADE4, tidy("2026-09", SEPT))
    assert len(Store(db_url).scores("Room 12")) == 50


def test_a_database_from_an_older_schema_is_migrated_without_losing_data(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from famdata.store import migrations, schema

    Store(db_url).save_import(GRADE4, tidy("2026-09", SEPT))
    added = sa.Column("migrated_note", sa.Text)

    def add_note(conn: sa.Connection) -> None:
        conn.execute(sa.text("ALTER TABLE classes ADD COLUMN migrated_note TEXT"))

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, add_note))
    store = Store(db_url)
    with store.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("classes")}
        version = conn.execute(sa.select(schema.schema_version.c.version)).scalar_one()
    assert added.name in columns
    assert version == len(migrations.MIGRATIONS)
    assert len(store.scores("Room 12")) == 50


def test_an_older_database_forgets_the_name_hashes_of_students_known_by_id(db_url: str) -> None:
    from famdata.store import schema

    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", {"id:55": {"ORF": 60.0}, "id:56": {"ORF": 61.0}}))
    with store.engine.begin() as conn:
        keys = conn.execute(sa.select(student_keys)).all()
        conn.execute(
            student_keys.insert(),
            [
                {
                    "class_id": k.class_id,
                    "student_id": k.student_id,
                    "key_hash": "n" * i,
                    "kind": "name",
                }
                for i, k in enumerate(keys, start=1)
            ],
        )
        conn.execute(schema.schema_version.update().values(version=1))
    migrated = Store(db_url)
    with migrated.engine.connect() as conn:
        kinds = conn.execute(sa.select(student_keys.c.kind)).scalars().all()
    assert sorted(kinds) == ["id", "id"]


def test_the_class_key_is_kept_out_of_the_database_in_an_owner_only_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "famdata.db"
    store = Store(f"sqlite:///{path}")
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    keys = key_file(store.engine.url)
    [key] = read_keys(keys).values()
    store.engine.dispose()
    assert keys == tmp_path / "famdata.db.keys"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    database = b"".join(p.read_bytes() for p in tmp_path.glob("famdata.db*") if p != keys)
    assert key.encode() not in database


def test_an_older_database_moves_its_class_keys_out_and_keeps_every_number(db_url: str) -> None:
    store = Store(db_url)
    store.save_import(GRADE4, tidy("2026-09", SEPT))
    before = store.numbers_for("Room 12", list(SEPT))
    keys = key_file(store.engine.url)
    [key] = read_keys(keys).values()
    with store.engine.begin() as conn:  # the database as famdata kept it before the move
        conn.execute(sa.text("ALTER TABLE classes ADD COLUMN hash_key VARCHAR(64)"))
        conn.execute(sa.text("UPDATE classes SET hash_key = :key"), {"key": key})
        conn.execute(sa.text("ALTER TABLE classes DROP COLUMN key_id"))
        conn.execute(sa.text("UPDATE schema_version SET version = 2"))
    store.engine.dispose()
    keys.unlink()
    migrated = Store(db_url)
    assert migrated.numbers_for("Room 12", list(SEPT)) == before
    with migrated.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("classes")}
    assert "hash_key" not in columns


def test_the_database_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new" / "famdata.db"
    Store(f"sqlite:///{path}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_no_identity_reaches_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "famdata.db"
    store = Store(f"sqlite:///{path}")
    reading = tidy(
        None, {identity.name_identity("Xiomara Quintanilla"): {"ORF": 50.0}}, names=False
    )
    store.save_import(GRADE4, reading, window="Fall")
    store.engine.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("famdata.db*"))
    assert b"xiomara" not in raw.lower()
    assert b"quintanilla" not in raw.lower()


@pytest.mark.parametrize(
    ("typed", "grade"),
    [("K", 0), ("k", 0), ("Kindergarten", 0), ("4", 4), ("4th", 4), ("Grade 12", 12)],
)
def test_grades_are_read_as_teachers_type_them(typed: str, grade: int) -> None:
    assert parse_grade(typed) == grade


@pytest.mark.parametrize("typed", ["13", "fourth", "", "-1"])
def test_a_grade_that_is_not_one_is_refused_plainly(typed: str) -> None:
    with pytest.raises(FamdataError, match="is not a grade"):
        parse_grade(typed)


def test_two_children_who_share_a_name_but_not_an_id_stay_two_students(db_url: str) -> None:
    store = Store(db_url)
    first = tidy("2026-09", {"id:1": {"ORF": 60.0}})
    first.roster.loc[0, "name"] = "Ana Cruz"
    store.save_import(GRADE4, first)
    second = tidy("2026-10", {"id:2": {"ORF": 70.0}})
    second.roster.loc[0, "name"] = "Ana Cruz"
    result = store.save_import(GRADE4, second)
    assert result.new_students == 1
    assert set(store.scores("Room 12")["student"]) == {1, 2}


def test_a_database_from_before_vendor_bands_gains_the_column_and_keeps_its_scores(
    db_url: str,
) -> None:
    from famdata.store import migrations, schema

    Store(db_url).save_import(GRADE4, tidy("2026-09", SEPT))
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # make it look like a database written before the first migration
        conn.execute(sa.text("ALTER TABLE scores DROP COLUMN vendor_band"))
        conn.execute(schema.schema_version.update().values(version=0))
    engine.dispose()
    store = Store(db_url)
    with store.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("scores")}
        version = conn.execute(sa.select(schema.schema_version.c.version)).scalar_one()
    assert "vendor_band" in columns
    assert version == len(migrations.MIGRATIONS)
    assert len(store.scores("Room 12")) == 50


def write_export(path: Path, rows: list[list[object]]) -> Path:
    """A real spreadsheet as a school's system exports it: ID, name, window, two measures."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Student ID", "Student Name", "Window", "ORF", "Maze"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_reimport_adds_changes_and_keeps_scores_and_names_each_change(
    db_url: str, tmp_path: Path
) -> None:
    store = Store(db_url)
    first = [
        [101, "Ana Cruz", "Sept", 50, 12],
        [102, "Ben Li", "Sept", 61, 14],
        [103, "Cy Park", "Sept", 70, 20],
        [104, "Di Moss", "Sept", 44, None],
    ]
    store.save_import(GRADE4, ingest.read(write_export(tmp_path / "first.xlsx", first)))
    corrected = [
        [101, "Ana Cruz", "Sept", 50, 12],  # both kept
        [102, "Ben Li", "Sept", 55, 14],  # ORF corrected
        [103, "Cy Park", "Sept", 70, "abs"],  # Maze now absent
        [104, "Di Moss", "Sept", 44, None],  # still blank: unchanged
        [105, "Eve Ng", "Sept", 80, 25],  # new student, two new scores
    ]
    result = store.save_import(
        GRADE4, ingest.read(write_export(tmp_path / "corrected.xlsx", corrected))
    )
    number = store.numbers_for("Room 12", ["id:102", "id:103", "id:105"])
    assert (result.new_students, result.returning_students) == (1, 4)
    assert (result.added, result.changed, result.unchanged) == (2, 2, 6)
    assert result.changes == (
        ScoreChange("Sept", number["id:102"], "ORF", 61.0, 55.0),
        ScoreChange("Sept", number["id:103"], "Maze", 20.0, None),
    )
    saved = store.scores("Room 12").set_index(["student", "measure"])
    assert saved.loc[(number["id:103"], "Maze"), "missing_reason"] == "abs"
    assert saved.loc[(number["id:105"], "ORF"), "value"] == 80.0
    assert len(saved) == 10


def test_choosing_one_window_of_a_file_saves_only_that_windows_students_and_scores(
    db_url: str, tmp_path: Path
) -> None:
    rows = [
        [101, "Ana Cruz", "Fall", 50, 12],
        [102, "Ben Li", "Fall", 61, 14],
        [102, "Ben Li", "Winter", 66, 15],
        [103, "Cy Park", "Winter", 70, 20],  # joined the class in winter
    ]
    store = Store(db_url)
    result = store.save_import(
        GRADE4, ingest.read(write_export(tmp_path / "year.xlsx", rows)), window="Fall"
    )
    assert (result.windows, result.new_students, result.added) == (("Fall",), 2, 4)
    saved = store.scores("Room 12")
    assert set(saved["window"]) == {"Fall"}
    assert sorted(saved.loc[saved["measure"] == "ORF", "value"]) == [50.0, 61.0]
    assert store.numbers_for("Room 12", ["id:103"]) == {"id:103": None}


def test_windows_are_saved_in_the_order_the_files_scores_first_name_them(
    db_url: str, tmp_path: Path
) -> None:
    """Undated windows keep the order they are saved in; a row's window counts where its first
    score is, not where the row is (Ana's reading score is not a number)."""
    rows = [
        [101, "Ana Cruz", "Winter", "abc", 12],
        [102, "Ben Li", "Fall", 61, 14],
        [103, "Cy Park", "Winter", 70, 20],
    ]
    store = Store(db_url)
    result = store.save_import(GRADE4, ingest.read(write_export(tmp_path / "two.xlsx", rows)))
    assert result.windows == ("Fall", "Winter")
    assert [w.label for w in store.windows("Room 12")] == ["Fall", "Winter"]


def test_a_corrected_score_in_a_file_without_windows_is_named_by_the_window_given(
    db_url: str, tmp_path: Path
) -> None:
    def unlabelled(name: str, ana: float) -> Path:
        book = Workbook()
        sheet = book.active
        for row in (["Student ID", "ORF"], [101, ana], [102, 61]):
            sheet.append(row)
        book.save(tmp_path / name)
        return tmp_path / name

    store = Store(db_url)
    store.save_import(GRADE4, ingest.read(unlabelled("a.xlsx", 50)), window="Fall")
    result = store.save_import(GRADE4, ingest.read(unlabelled("b.xlsx", 52)), window="Fall")
    number = store.numbers_for("Room 12", ["id:101"])["id:101"]
    assert result.changes == (ScoreChange("Fall", number, "ORF", 50.0, 52.0),)


def test_a_missing_score_keeps_its_reason_until_a_score_replaces_it(db_url: str) -> None:
    store = Store(db_url)
    absent = {"id:1": {"ORF": None}, "id:2": {"ORF": 50.0}}
    store.save_import(GRADE4, tidy("2026-09", absent))
    again = store.save_import(GRADE4, tidy("2026-09", absent))
    assert (again.unchanged, again.changed) == (2, 0)
    scored = store.save_import(GRADE4, tidy("2026-09", absent | {"id:1": {"ORF": 30.0}}))
    number = store.numbers_for("Room 12", ["id:1"])["id:1"]
    assert scored.changes == (ScoreChange("2026-09", number, "ORF", None, 30.0),)
    frame = store.scores("Room 12")
    assert frame["missing_reason"].isna().all()


def test_a_vendor_band_given_as_text_is_saved_with_a_new_score(db_url: str) -> None:
    store = Store(db_url)
    reading = tidy("2026-09", {"id:1": {"ORF": 90.0}, "id:2": {"ORF": 40.0}})
    reading.scores["vendor_band"] = ["at", float("nan")]
    store.save_import(GRADE4, reading)
    with store.engine.connect() as conn:
        bands = conn.execute(sa.text("SELECT value, vendor_band FROM scores ORDER BY value")).all()
    assert [tuple(row) for row in bands] == [(40.0, None), (90.0, "at")]


def test_scores_come_in_window_then_measure_then_number_order_with_their_dtypes(
    db_url: str,
) -> None:
    store = Store(db_url)
    october = {f"id:{i}": {"ORF": 60.0 + i, "Accuracy": None} for i in range(12)}
    september = {f"id:{i}": {"ORF": 50.0 + i, "Accuracy": 90.0} for i in range(12)}
    store.save_import(GRADE4, tidy("2026-10", october))  # imported before September
    store.save_import(GRADE4, tidy("2026-09", september))
    frame = store.scores("Room 12")
    assert list(frame.columns) == ["window", "student", "measure", "value", "missing_reason"]
    assert str(frame["student"].dtype) == "int64"
    assert str(frame["value"].dtype) == "float64"
    assert pd.api.types.is_string_dtype(frame["window"])
    assert pd.api.types.is_string_dtype(frame["measure"])
    assert list(frame.index) == list(range(48))
    order = pd.DataFrame(
        {
            "window": frame["window"].map({"2026-09": 0, "2026-10": 1}),
            "measure": frame["measure"].map({"ORF": 0, "Accuracy": 1}),
            "student": frame["student"],
        }
    )
    assert order.equals(order.sort_values(["window", "measure", "student"]))
    assert frame[frame["value"].isna()]["missing_reason"].eq("abs").all()
    assert frame[frame["value"].notna()]["missing_reason"].isna().all()
    number = store.numbers_for("Room 12", ["id:3"])["id:3"]
    october_orf = store.scores("Room 12", "2026-10").query("measure == 'ORF'")
    assert set(october_orf["window"]) == {"2026-10"}
    assert october_orf.set_index("student").loc[number, "value"] == 63.0


def test_scores_of_a_class_without_any_are_an_empty_frame_with_the_same_columns(
    db_url: str,
) -> None:
    store = Store(db_url)
    columns = ["window", "identity", "measure", "value", "missing_reason", "sheet", "row", "column"]
    nothing = Tidy(pd.DataFrame(columns=columns), pd.DataFrame(columns=["identity", "name"]))
    store.save_import(GRADE4, nothing, window="2026-09")
    frame = store.scores("Room 12")
    assert frame.empty
    assert list(frame.columns) == ["window", "student", "measure", "value", "missing_reason"]
    assert (str(frame["student"].dtype), str(frame["value"].dtype)) == ("int64", "float64")
