"""Persistence through SQLAlchemy Core: a SQLite file by default, any SQLAlchemy URL otherwise.

What is stored is what DESIGN.md's tidy model names — classes, windows, students (private numbers
and keyed hashes), measures, scores — and never a name. Every import is one transaction, so a
failed or interrupted save leaves the database as it was.

The schema grows in two ways: a new table is added to `metadata` (``create_all`` adds it to an
existing database), and a change to an existing table is a function appended to `MIGRATIONS`
(run once, in order, recorded in ``schema_version``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import chain
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from famdata import benchmarks
from famdata.errors import FamdataError
from famdata.grades import grade_label
from famdata.identity import key_hash, key_hashes, name_identity, new_class_key, new_numbers

DEFAULT_DB_PATH = Path.home() / ".famdata" / "famdata.db"

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version", metadata, sa.Column("version", sa.Integer, nullable=False)
)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

classes = sa.Table(
    "classes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("grade", sa.Integer, nullable=False),
    sa.Column("school_year", sa.String(20)),
    sa.Column("teacher", sa.String(200)),
    sa.Column("school", sa.String(200)),
    sa.Column("language", sa.String(5), nullable=False, server_default="en"),
    sa.Column("contact", sa.Text),
    sa.Column("is_sample", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("hash_key", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

windows = sa.Table(
    "windows",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("label", sa.String(100), nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("season", sa.String(20)),
    sa.Column("position", sa.Integer, nullable=False),
    sa.UniqueConstraint("class_id", "label"),
)

students = sa.Table(
    "students",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.UniqueConstraint("class_id", "number"),
)

# One student may be known by several identities (an ID in one file, only a name in the next);
# each is stored as a keyed hash that points at the student.
student_keys = sa.Table(
    "student_keys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("student_id", sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),  # "id" or "name": what was hashed
    sa.UniqueConstraint("class_id", "key_hash"),
)

measures = sa.Table(
    "measures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("unit", sa.String(50)),
    sa.Column("higher_is_better", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("position", sa.Integer, nullable=False),
    # The link to the benchmark table (issue: benchmarks) and the class's own expectation.
    sa.Column("benchmark_measure", sa.String(50)),
    sa.Column("benchmark_source", sa.String(200)),
    sa.Column("expectation", sa.Float),
    sa.Column("expectation_text", sa.Text),
    sa.UniqueConstraint("class_id", "name"),
)

scores = sa.Table(
    "scores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("window_id", sa.ForeignKey("windows.id", ondelete="CASCADE"), nullable=False),
    sa.Column("student_id", sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
    sa.Column("measure_id", sa.ForeignKey("measures.id", ondelete="CASCADE"), nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("missing_reason", sa.String(100)),
    # The assessment platform's own band for this score ("At Benchmark" -> "at"), when it gave one.
    sa.Column("vendor_band", sa.String(20)),
    sa.UniqueConstraint("window_id", "student_id", "measure_id"),
)

# The teacher's edited copy of the benchmark table; empty means "use the shipped table".
benchmark_rows = sa.Table(
    "benchmark_rows",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.String(50), nullable=False),
    sa.Column("measure", sa.String(50), nullable=False),
    sa.Column("grade", sa.Integer, nullable=False),
    sa.Column("season", sa.String(20), nullable=False),
    sa.Column("above", sa.Float),
    sa.Column("goal", sa.Float, nullable=False),
    sa.Column("risk_cut", sa.Float),
    sa.Column("source", sa.Text, nullable=False),
)

# Goals are history: a review never overwrites a goal, the next goal links to the one before.
# `subject` is the student's private number, or 0 for the class's communal goal, so one goal per
# (class, measure, window set, subject) is a plain unique constraint on both databases.
goals = sa.Table(
    "goals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("measure_id", sa.ForeignKey("measures.id", ondelete="CASCADE"), nullable=False),
    sa.Column("set_window_id", sa.ForeignKey("windows.id", ondelete="CASCADE"), nullable=False),
    sa.Column("subject", sa.Integer, nullable=False),
    sa.Column("metric", sa.String(30), nullable=False),
    sa.Column("baseline", sa.Float),
    sa.Column("target", sa.Float, nullable=False),
    sa.Column("review_window", sa.String(100)),
    sa.Column("review_date", sa.Date),
    sa.Column("text_en", sa.Text),
    sa.Column("text_es", sa.Text),
    sa.Column("strategy", sa.Text),
    sa.Column("language", sa.String(5)),
    sa.Column("notes", sa.Text),
    sa.Column("previous_id", sa.ForeignKey("goals.id", ondelete="SET NULL")),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("class_id", "measure_id", "set_window_id", "subject"),
)

ideas = sa.Table(
    "ideas",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("window", sa.String(100)),
    sa.Column("step", sa.String(30), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
)

# A teacher's confirmed column roles, saved under a name to reuse with next month's export.
saved_mappings = sa.Table(
    "saved_mappings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("roles", sa.Text, nullable=False),  # JSON: role -> column header
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
)

Migration = Callable[[Connection], None]


# Changes to tables that already exist in someone's database, in order; never edit or reorder
# an entry once released, only append.
def _add_vendor_band(conn: Connection) -> None:
    conn.execute(sa.text("ALTER TABLE scores ADD COLUMN vendor_band VARCHAR(20)"))


MIGRATIONS: tuple[Migration, ...] = (_add_vendor_band,)


@dataclass(frozen=True)
class ClassInfo:
    name: str
    grade: int
    school_year: str | None
    teacher: str | None
    school: str | None
    language: str
    contact: str | None
    is_sample: bool


@dataclass(frozen=True)
class WindowInfo:
    label: str
    date: date | None
    season: str | None


@dataclass(frozen=True)
class MeasureInfo:
    name: str
    unit: str | None
    higher_is_better: bool
    benchmark_measure: str | None
    benchmark_source: str | None
    expectation: float | None
    expectation_text: str | None


@dataclass(frozen=True)
class ScoreChange:
    window: str
    student: int
    measure: str
    old: float | None
    new: float | None


@dataclass(frozen=True)
class ImportResult:
    """What one import did, in the words the CLI and the Load page report."""

    class_name: str
    windows: tuple[str, ...]
    new_students: int
    returning_students: int
    added: int
    changed: int
    unchanged: int
    changes: tuple[ScoreChange, ...]

    @property
    def nothing_changed(self) -> bool:
        return self.added == 0 and self.changed == 0 and self.new_students == 0

    def describe(self) -> str:
        """One plain sentence for the teacher."""
        if self.nothing_changed:
            return f"Nothing changed in {self.class_name}: every score was already saved."
        windows = ", ".join(self.windows)
        return (
            f"Saved {self.class_name} ({windows}): {self.new_students} new students, "
            f"{self.returning_students} returning; {self.added} scores added, "
            f"{self.changed} changed, {self.unchanged} unchanged."
        )


@dataclass(frozen=True)
class ClassSpec:
    """The class an import goes into; the extra fields are used only when it is created."""

    name: str
    grade: int | None = None
    school_year: str | None = None
    teacher: str | None = None
    school: str | None = None
    is_sample: bool = False


class TidyReading(Protocol):
    """What an import needs from `famdata.ingest.Reading` (kept structural to avoid a cycle)."""

    @property
    def scores(self) -> pd.DataFrame: ...
    @property
    def roster(self) -> pd.DataFrame: ...
    @property
    def window_dates(self) -> Mapping[str, date]: ...


def default_url() -> str:
    """FAMDATA_DB when set, else the SQLite file in the user's home folder."""
    return os.environ.get("FAMDATA_DB") or f"sqlite:///{DEFAULT_DB_PATH}"


def _prepare_sqlite_file(url: sa.URL) -> None:
    """Create the database file readable by its owner only, before SQLite creates it 0644."""
    if not url.database or url.database == ":memory:":
        return
    path = Path(url.database).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (or the default), with the schema created or migrated."""
    parsed = sa.make_url(url or default_url())
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(parsed)
        engine = sa.create_engine(parsed)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = sa.create_engine(parsed, pool_pre_ping=True)
    _create_or_migrate(engine)
    return engine


def _create_or_migrate(engine: Engine) -> None:
    with engine.begin() as conn:
        fresh = not sa.inspect(conn).has_table("schema_version")
        metadata.create_all(conn)
        if fresh:
            conn.execute(schema_version.insert().values(version=len(MIGRATIONS)))
            return
        current = conn.execute(sa.select(schema_version.c.version)).scalar_one()
        for migration in MIGRATIONS[current:]:
            migration(conn)
        if current != len(MIGRATIONS):
            conn.execute(schema_version.update().values(version=len(MIGRATIONS)))


def _window_sort_key(row: Any) -> tuple[Any, ...]:
    """Chronological where dates (or YYYY-MM labels) are known, else in the order imported."""
    when = row.date
    if when is None:
        match = re.fullmatch(r"(\d{4})-(\d{2})", row.label)
        if match and 1 <= int(match.group(2)) <= 12:
            when = date(int(match.group(1)), int(match.group(2)), 1)
    return (when is None, when or date.min, row.position)


def _window_rows(conn: Connection, class_id: int) -> list[Any]:
    """A class's windows in chronological order (see `_window_sort_key`)."""
    rows = conn.execute(sa.select(windows).where(windows.c.class_id == class_id)).all()
    return sorted(rows, key=_window_sort_key)


@dataclass(frozen=True)
class _ScoreNames:
    """What the ids in a class's score rows stand for: (id, label) of each window and (id, name)
    of each measure in the order `Store.scores` sorts them, (id, number) of each student."""

    windows: list[tuple[int, str]]
    measures: list[tuple[int, str]]
    students: list[tuple[int, int]]

    def places(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(window position, student number, measure position) of rows of (window, student,
        measure) ids."""
        numbers = np.array([number for _, number in self.students], dtype=np.int64)
        return (
            _positions(self.windows, ids[:, 0]),
            numbers[_positions(self.students, ids[:, 1])],
            _positions(self.measures, ids[:, 2]),
        )

    def sort_keys(self, places: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
        """One integer per row of `places`, ordering rows by window, then measure, then number."""
        window_at, number, measure_at = places
        numbers = 1 + max((n for _, n in self.students), default=0)
        return (window_at * len(self.measures) + measure_at) * numbers + number


def _positions(pairs: list[tuple[int, Any]], ids: np.ndarray) -> np.ndarray:
    """The position in `pairs` (id, value) of each id."""
    return pd.Index([key for key, _ in pairs], dtype="int64").get_indexer(ids.astype(np.int64))


def _tidy_scores(
    values: np.ndarray, reasons: list[tuple[Any, ...]], names: _ScoreNames
) -> pd.DataFrame:
    """`Store.scores` from rows of (window id, student id, measure id, value) as floats and the
    (far fewer) rows of (window id, student id, measure id, missing reason) that have a reason.

    Ids become labels, names and numbers through small lookups and the rows are sorted on one
    integer key, all in numpy: building the frame from SQLAlchemy rows and joining in SQL took
    seconds for 850,000 scores.
    """
    window_at, number, measure_at = places = names.places(values[:, :3])
    keys = names.sort_keys(places)
    order = np.argsort(keys, kind="stable")
    reason = np.full(len(values), None, dtype=object)
    if reasons:
        with_reason = np.array(reasons, dtype=object)
        found = names.sort_keys(names.places(with_reason[:, :3].astype(np.int64)))
        reason[np.searchsorted(keys[order], found)] = with_reason[:, 3]
    return pd.DataFrame(
        {
            "window": _texts([label for _, label in names.windows], window_at[order]),
            "student": number[order],
            "measure": _texts([name for _, name in names.measures], measure_at[order]),
            "value": values[order, 3],
            "missing_reason": reason,
        }
    )


def _texts(texts: list[str], at: np.ndarray) -> Any:
    """texts[at] with the dtype pandas infers for strings (object when there are none), taken
    from the few distinct texts rather than inferred again from 850,000 cells."""
    if len(at) == 0:
        return np.array([], dtype=object)
    return pd.array(texts, dtype="str").take(at)


class Store:
    """The famdata database. Cheap to share: it holds an engine, never per-class data."""

    def __init__(self, url: str | None = None) -> None:
        self.engine = make_engine(url)

    # -- settings -----------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(settings.c.value).where(settings.c.key == key)
            ).scalar_one_or_none()

    def set_setting(self, key: str, value: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(settings.delete().where(settings.c.key == key))
            conn.execute(settings.insert().values(key=key, value=value))

    # -- reading ------------------------------------------------------------------------------

    def classes(self) -> list[ClassInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(classes).order_by(classes.c.is_sample, classes.c.name))
            return [_class_info(row) for row in rows]

    def get_class(self, name: str) -> ClassInfo:
        with self.engine.connect() as conn:
            return _class_info(_class_row(conn, name))

    def windows(self, class_name: str) -> list[WindowInfo]:
        with self.engine.connect() as conn:
            rows = _window_rows(conn, _class_row(conn, class_name).id)
        return [WindowInfo(label=row.label, date=row.date, season=row.season) for row in rows]

    def measures(self, class_name: str) -> list[MeasureInfo]:
        with self.engine.connect() as conn:
            class_id = _class_row(conn, class_name).id
            rows = conn.execute(
                sa.select(measures)
                .where(measures.c.class_id == class_id)
                .order_by(measures.c.position)
            )
            return [
                MeasureInfo(
                    name=row.name,
                    unit=row.unit,
                    higher_is_better=row.higher_is_better,
                    benchmark_measure=row.benchmark_measure,
                    benchmark_source=row.benchmark_source,
                    expectation=row.expectation,
                    expectation_text=row.expectation_text,
                )
                for row in rows
            ]

    def scores(self, class_name: str, window: str | None = None) -> pd.DataFrame:
        """Tidy scores: window, student (number), measure, value (NaN if missing), missing_reason.

        Rows come in chronological window order, then measure order, then student number.
        """
        with self.engine.connect() as conn:
            class_id = _class_row(conn, class_name).id
            window_rows = _window_rows(conn, class_id)
            labels = [row.label for row in window_rows]
            if window is not None and window not in labels:
                raise FamdataError(
                    f"Class '{class_name}' has no window '{window}'. "
                    f"Windows: {', '.join(labels) or 'none yet'}."
                )
            chosen = [row.id for row in window_rows if window in (None, row.label)]
            ids = [scores.c[c] for c in _KEY]
            in_windows = scores.c.window_id.in_(chosen)
            values = _float_rows(conn, sa.select(*ids, scores.c.value).where(in_windows))
            # famdata gives a reason only to a missing score, so a class without one needs no
            # second pass over its scores
            reasons: list[tuple[Any, ...]] = []
            if np.isnan(values[:, 3]).any():
                reasons = _select_tuples(
                    conn,
                    sa.select(*ids, scores.c.missing_reason).where(
                        in_windows, scores.c.value.is_(None), scores.c.missing_reason.is_not(None)
                    ),
                )
            names = _ScoreNames(
                windows=[(row.id, row.label) for row in window_rows],
                measures=_select_tuples(
                    conn,
                    sa.select(measures.c.id, measures.c.name)
                    .where(measures.c.class_id == class_id)
                    .order_by(measures.c.position),
                ),
                students=_select_tuples(
                    conn,
                    sa.select(students.c.id, students.c.number).where(
                        students.c.class_id == class_id
                    ),
                ),
            )
        return _tidy_scores(values, reasons, names)

    def overview(self) -> pd.DataFrame:
        """One row per class: name, grade, school, windows, students, sample — for the home page."""
        window_count = (
            sa.select(sa.func.count()).where(windows.c.class_id == classes.c.id).scalar_subquery()
        )
        student_count = (
            sa.select(sa.func.count()).where(students.c.class_id == classes.c.id).scalar_subquery()
        )
        query = sa.select(
            classes.c.name.label("Class"),
            classes.c.grade.label("Grade"),
            classes.c.school.label("School"),
            window_count.label("Windows"),
            student_count.label("Students"),
            classes.c.is_sample.label("Sample"),
        ).order_by(classes.c.is_sample, classes.c.name)
        with self.engine.connect() as conn:
            frame = pd.DataFrame(
                conn.execute(query).all(), columns=list(query.selected_columns.keys())
            )
        frame["Grade"] = frame["Grade"].map(grade_label)
        return frame

    def numbers_for(self, class_name: str, identities: Iterable[str]) -> dict[str, int | None]:
        """The private number of each identity (None for a student this class has not seen)."""
        with self.engine.connect() as conn:
            row = _class_row(conn, class_name)
            known = _known_keys(conn, row.id)
            number_of = dict(
                conn.execute(
                    sa.select(students.c.id, students.c.number).where(students.c.class_id == row.id)
                ).all()
            )
        result: dict[str, int | None] = {}
        for identity in identities:
            student = known.get(key_hash(row.hash_key, identity))
            result[identity] = None if student is None else number_of[student]
        return result

    def benchmark_table(self) -> pd.DataFrame:
        """The teacher's edited benchmark table, or the shipped one when it was never edited."""
        columns = [c.name for c in benchmark_rows.columns if c.name != "id"]
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(*[benchmark_rows.c[c] for c in columns])).all()
        if not rows:
            return benchmarks.default_table()
        return pd.DataFrame(rows, columns=columns)

    # -- writing ------------------------------------------------------------------------------

    def save_import(
        self, spec: ClassSpec, reading: TidyReading, window: str | None = None
    ) -> ImportResult:
        """Save a reading into a class (creating it when new), as one transaction.

        `window` names the window for rows the file leaves unlabelled; when the file names exactly
        one window it renames it, and when it names several it selects that one.
        """
        frame = _label_windows(reading.scores, window)
        with self.engine.begin() as conn:
            class_row = _ensure_class(conn, spec)
            return _save_scores(conn, class_row, frame, reading.roster, reading.window_dates)

    def save_benchmark_table(self, table: pd.DataFrame) -> None:
        """Replace the edited benchmark table (the caller validates it first)."""
        columns = [c.name for c in benchmark_rows.columns if c.name != "id"]
        records = (
            table[columns].astype(object).where(table[columns].notna(), None).to_dict("records")
        )
        with self.engine.begin() as conn:
            conn.execute(benchmark_rows.delete())
            if records:
                conn.execute(benchmark_rows.insert(), records)

    def reset_benchmark_table(self) -> None:
        """Go back to the shipped table."""
        with self.engine.begin() as conn:
            conn.execute(benchmark_rows.delete())

    def link_measure(
        self,
        class_name: str,
        measure: str,
        *,
        benchmark_measure: str | None,
        benchmark_source: str | None,
        expectation: float | None,
        expectation_text: str | None,
    ) -> None:
        """Which benchmark a class measure is drawn against, or the class's own expectation."""
        with self.engine.begin() as conn:
            class_id = _class_row(conn, class_name).id
            conn.execute(
                measures.update()
                .where(measures.c.class_id == class_id, measures.c.name == measure)
                .values(
                    benchmark_measure=benchmark_measure,
                    benchmark_source=benchmark_source,
                    expectation=expectation,
                    expectation_text=expectation_text,
                )
            )

    def set_window_season(self, class_name: str, label: str, season: str | None) -> None:
        """Beginning, middle or end of the year for a window (None: read it from the label)."""
        with self.engine.begin() as conn:
            class_id = _class_row(conn, class_name).id
            conn.execute(
                windows.update()
                .where(windows.c.class_id == class_id, windows.c.label == label)
                .values(season=season)
            )

    def save_mapping(self, name: str, roles: Mapping[str, str]) -> None:
        """Keep a confirmed set of column roles under a name (replacing one of the same name)."""
        if not name.strip():
            raise FamdataError("Give the column mapping a name.")
        with self.engine.begin() as conn:
            conn.execute(saved_mappings.delete().where(saved_mappings.c.name == name.strip()))
            conn.execute(
                saved_mappings.insert().values(
                    name=name.strip(), roles=json.dumps(dict(roles)), saved_at=datetime.now(UTC)
                )
            )

    def mappings(self) -> dict[str, dict[str, str]]:
        """Every saved column mapping by name."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(saved_mappings).order_by(saved_mappings.c.name))
            return {row.name: json.loads(row.roles) for row in rows}

    def mapping(self, name: str) -> dict[str, str]:
        saved = self.mappings()
        if name not in saved:
            known = ", ".join(f"'{n}'" for n in saved) or "none yet"
            raise FamdataError(f"There is no saved column mapping named '{name}'. Saved: {known}.")
        return saved[name]

    def update_class(self, name: str, **fields: Any) -> None:
        """Change a class's settings (language, contact, teacher ...); never its key."""
        allowed = {"grade", "school_year", "teacher", "school", "language", "contact", "name"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"not class settings: {sorted(unknown)}")
        with self.engine.begin() as conn:
            class_id = _class_row(conn, name).id
            conn.execute(classes.update().where(classes.c.id == class_id).values(**fields))

    def delete_class(self, name: str) -> None:
        with self.engine.begin() as conn:
            class_id = _class_row(conn, name).id
            window_ids = sa.select(windows.c.id).where(windows.c.class_id == class_id)
            conn.execute(scores.delete().where(scores.c.window_id.in_(window_ids)))
            for table in (goals, ideas):
                conn.execute(table.delete().where(table.c.class_id == class_id))
            for table in (windows, measures, student_keys, students):
                conn.execute(table.delete().where(table.c.class_id == class_id))
            conn.execute(classes.delete().where(classes.c.id == class_id))


def _class_info(row: Any) -> ClassInfo:
    return ClassInfo(
        name=row.name,
        grade=row.grade,
        school_year=row.school_year,
        teacher=row.teacher,
        school=row.school,
        language=row.language,
        contact=row.contact,
        is_sample=row.is_sample,
    )


def _class_row(conn: Connection, name: str) -> Any:
    row = conn.execute(sa.select(classes).where(classes.c.name == name)).first()
    if row is None:
        names = conn.execute(sa.select(classes.c.name).order_by(classes.c.name)).scalars().all()
        known = ", ".join(f"'{n}'" for n in names) or "none yet"
        raise FamdataError(f"There is no class named '{name}'. Classes: {known}.")
    return row


def _ensure_class(conn: Connection, spec: ClassSpec) -> Any:
    row = conn.execute(sa.select(classes).where(classes.c.name == spec.name)).first()
    if row is not None:
        if spec.grade is not None and spec.grade != row.grade:
            raise FamdataError(
                f"Class '{spec.name}' is grade {row.grade}, not {spec.grade}. "
                "Use another class name for another grade."
            )
        return row
    if spec.grade is None:
        raise FamdataError(f"Class '{spec.name}' is new: give its grade (K or 1-12).")
    if not spec.name.strip():
        raise FamdataError("Give the class a name.")
    conn.execute(
        classes.insert().values(
            name=spec.name,
            grade=spec.grade,
            school_year=spec.school_year,
            teacher=spec.teacher,
            school=spec.school,
            is_sample=spec.is_sample,
            hash_key=new_class_key(),
            created_at=datetime.now(UTC),
        )
    )
    return _class_row(conn, spec.name)


def _label_windows(frame: pd.DataFrame, window: str | None) -> pd.DataFrame:
    labels = [w for w in frame["window"].dropna().unique()]
    if window is None:
        if frame["window"].isna().any():
            raise FamdataError(
                "This file does not say which assessment window it is: "
                "give one (for example 2026-09 or Fall)."
            )
        return frame
    window = window.strip()
    if len(labels) > 1:
        if window not in labels:
            raise FamdataError(
                f"This file holds the windows {', '.join(map(str, labels))}; "
                f"there is no '{window}' in it."
            )
        return frame[frame["window"] == window]
    return frame.assign(window=window)


def _known_keys(conn: Connection, class_id: int) -> dict[str, int]:
    return dict(
        _select_tuples(
            conn,
            sa.select(student_keys.c.key_hash, student_keys.c.student_id).where(
                student_keys.c.class_id == class_id
            ),
        )
    )


def _students_with_ids(conn: Connection, class_id: int) -> set[int]:
    query = sa.select(student_keys.c.student_id).where(
        student_keys.c.class_id == class_id, student_keys.c.kind == "id"
    )
    return {student for (student,) in _select_tuples(conn, query)}


def _name_alias(roster: pd.DataFrame) -> dict[str, str]:
    """identity -> name identity, for students the file knows by ID and also names."""
    aliases: dict[str, str] = {}
    if "name" not in roster.columns:
        return aliases
    for identity, name in zip(roster["identity"], roster["name"], strict=True):
        if identity.startswith("id:") and isinstance(name, str) and name.strip():
            aliases[identity] = name_identity(name)
    return aliases


def _resolve_students(
    conn: Connection, class_row: Any, identities: list[str], roster: pd.DataFrame
) -> tuple[dict[str, int], int, int]:
    """Map each identity to a student row id, creating new students with new numbers.

    An ID finds its student; a name finds a student known by that name. A file with IDs finds a
    student earlier known only by name through the name, but never one who has another ID: two
    children may share a name.
    """
    known = _known_keys(conn, class_row.id)
    with_ids = _students_with_ids(conn, class_row.id)
    wanted = set(identities)
    aliases = {i: name for i, name in _name_alias(roster).items() if i in wanted}
    hashes = key_hashes(class_row.hash_key, [*identities, *aliases.values()])
    resolved: dict[str, int] = {}
    unknown: list[str] = []
    for identity in identities:
        student = known.get(hashes[identity])
        if student is None and identity in aliases:
            by_name = known.get(hashes[aliases[identity]])
            student = by_name if by_name not in with_ids else None
        if student is None:
            unknown.append(identity)
        else:
            resolved[identity] = student
    taken = conn.execute(
        sa.select(students.c.number).where(students.c.class_id == class_row.id)
    ).scalars()
    numbers = new_numbers(taken, len(unknown))
    resolved.update(_insert_students(conn, class_row.id, dict(zip(unknown, numbers, strict=True))))
    new_keys = []
    for identity, student in resolved.items():
        for key in (identity, aliases.get(identity)):
            if key is not None and hashes[key] not in known:
                known[hashes[key]] = student
                new_keys.append(
                    (class_row.id, student, hashes[key], "id" if key.startswith("id:") else "name")
                )
    # In the order of the unique index (class, hash), SQLite appends to it instead of writing
    # 100,000 hashes at random places in it: a third of the time.
    new_keys.sort(key=lambda row: row[2])
    _insert_rows(conn, student_keys, ("class_id", "student_id", "key_hash", "kind"), new_keys)
    return resolved, len(unknown), len(resolved) - len(unknown)


def _insert_students(conn: Connection, class_id: int, numbers: dict[str, int]) -> dict[str, int]:
    """identity -> row id of a new student, for identity -> private number.

    The students go in together and their ids come back by number in one SELECT: asking the
    database for each new row's id made a 50,000-student import 50,000 round trips.
    """
    if not numbers:
        return {}
    _insert_rows(conn, students, ("class_id", "number"), [(class_id, n) for n in numbers.values()])
    id_of = dict(
        _select_tuples(
            conn, sa.select(students.c.number, students.c.id).where(students.c.class_id == class_id)
        )
    )
    return {identity: id_of[number] for identity, number in numbers.items()}


# Rows per multi-row INSERT: as many as keep the bound parameters under 999, the limit of the
# oldest SQLite versions still in use.
_INSERT_PARAMETERS = 990


def _insert_rows(
    conn: Connection,
    table: sa.Table,
    columns: Sequence[str],
    rows: np.ndarray | Sequence[tuple[Any, ...]],
) -> None:
    """Insert plain rows (ints, floats, strings, None, in `columns` order) in few statements.

    An executemany of a one-row INSERT costs SQLAlchemy a parameter dict and SQLite a statement
    per row, which was most of an 850,000-score import. A multi-row INSERT is compiled once for
    the engine's dialect and given flat tuples (or dicts, where the driver names parameters).
    """
    if len(rows) == 0:
        return
    table_rows = np.asarray(rows, dtype=object)
    size = max(1, _INSERT_PARAMETERS // len(columns))
    whole = len(table_rows) - len(table_rows) % size
    if whole:
        flat = table_rows[:whole].reshape(-1, size * len(columns))
        _insert_batches(conn, table, columns, size, flat)
    if whole < len(table_rows):
        rest = table_rows[whole:]
        _insert_batches(conn, table, columns, len(rest), rest.reshape(1, -1))


def _insert_batches(
    conn: Connection, table: sa.Table, columns: Sequence[str], size: int, flat: np.ndarray
) -> None:
    """One INSERT of `size` rows for each line of `flat` (the rows' values one after another)."""
    names = [f"{column}_{i}" for i in range(size) for column in columns]
    values = [{column: sa.bindparam(f"{column}_{i}") for column in columns} for i in range(size)]
    statement = table.insert().values(values).compile(dialect=conn.dialect)
    params = list(map(tuple, flat))
    if statement.positional:
        conn.exec_driver_sql(str(statement), params)
    else:
        conn.exec_driver_sql(str(statement), [dict(zip(names, p, strict=True)) for p in params])


def _select_tuples(conn: Connection, query: sa.Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of a SELECT as the driver's own tuples.

    SQLAlchemy makes a Row object of each row, which for 850,000 scores was most of `summary`;
    the statement is still SQLAlchemy's, compiled for the engine's dialect.
    """
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup or ())
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _ensure_rows(
    conn: Connection,
    table: sa.Table,
    class_id: int,
    names: Iterable[str],
    extra: Callable[[str], dict[str, Any]],
) -> dict[str, int]:
    """Ids of the named windows or measures of a class, inserting those that are new."""
    existing = dict(
        conn.execute(
            sa.select(table.c[_NAME_COLUMN[table.name]], table.c.id).where(
                table.c.class_id == class_id
            )
        ).all()
    )
    position = conn.execute(
        sa.select(sa.func.coalesce(sa.func.max(table.c.position), 0)).where(
            table.c.class_id == class_id
        )
    ).scalar_one()
    for name in names:
        if name not in existing:
            position += 1
            existing[name] = conn.execute(
                table.insert().values(
                    class_id=class_id,
                    position=position,
                    **{_NAME_COLUMN[table.name]: name},
                    **extra(name),
                )
            ).inserted_primary_key[0]
    return existing


_NAME_COLUMN = {"windows": "label", "measures": "name"}


_KEY = ["window_id", "student_id", "measure_id"]
_SCORE_COLUMNS = (*_KEY, "value", "missing_reason", "vendor_band")


def _save_scores(
    conn: Connection,
    class_row: Any,
    frame: pd.DataFrame,
    roster: pd.DataFrame,
    window_dates: Mapping[str, date],
) -> ImportResult:
    window_codes, window_labels = _distinct(frame["window"])
    measure_codes, measure_names = _distinct(frame["measure"])
    student_codes, identities = _distinct(frame["identity"])
    window_ids = _ensure_rows(
        conn, windows, class_row.id, window_labels, lambda w: {"date": window_dates.get(w)}
    )
    measure_ids = _ensure_rows(conn, measures, class_row.id, measure_names, lambda _m: {})
    student_ids, new_students, returning = _resolve_students(conn, class_row, identities, roster)
    keys = {
        "window_id": _row_ids(window_codes, window_labels, window_ids),
        "student_id": _row_ids(student_codes, identities, student_ids),
        "measure_id": _row_ids(measure_codes, measure_names, measure_ids),
    }
    incoming = _incoming_scores(frame, keys)
    existing = _existing_scores(conn, [window_ids[w] for w in window_labels])
    # A left merge on the saved scores' unique key keeps the file's rows, in the file's order.
    compared = incoming.merge(existing, how="left", on=_KEY)
    matched = compared["old_id"].notna().to_numpy()
    same = _unchanged(compared)
    changed = compared[matched & ~same]
    _update_scores(conn, changed)
    _insert_scores(conn, compared[~matched])
    changes = _changes(conn, class_row.id, frame.iloc[changed.index], changed)
    return ImportResult(
        class_name=class_row.name,
        windows=tuple(window_labels),
        new_students=new_students,
        returning_students=returning,
        added=int((~matched).sum()),
        changed=len(changes),
        unchanged=int(same.sum()),
        changes=tuple(changes),
    )


def _distinct(column: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Each row's position among the column's distinct values, and those values in the order
    they first appear: one pass in C, where a dict built over 850,000 cells took a second."""
    codes, values = pd.factorize(column, use_na_sentinel=False)
    return codes, list(values)


def _row_ids(codes: np.ndarray, values: list[Any], ids: Mapping[Any, int]) -> np.ndarray:
    """Each row's database id, from `_distinct`'s codes and the id of each distinct value."""
    return np.array([ids[v] for v in values], dtype=np.int64)[codes]


def _incoming_scores(frame: pd.DataFrame, keys: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """The file's scores as stored: ids, the value (NaN if missing), why it is missing ("blank"
    when the file does not say) and the vendor's band when it is text."""
    value = frame["value"].to_numpy(dtype="float64")
    missing = np.isnan(value)
    reason = np.full(len(frame), None, dtype=object)
    reason[missing] = [r or "blank" for r in frame["missing_reason"].to_numpy()[missing]]
    vendor = np.full(len(frame), None, dtype=object)
    if "vendor_band" in frame.columns:
        given = frame["vendor_band"].notna().to_numpy()
        bands = frame["vendor_band"].to_numpy()[given]
        vendor[given] = [v if isinstance(v, str) else None for v in bands]
    # object dtype keeps None as None, where pandas would infer text and make it NaN
    return pd.DataFrame(
        {
            **keys,
            "value": value,
            "missing_reason": pd.Series(reason, dtype=object),
            "vendor_band": pd.Series(vendor, dtype=object),
        }
    )


def _existing_scores(conn: Connection, window_ids: list[int]) -> pd.DataFrame:
    """The scores already saved in these windows, keyed like `_incoming_scores`, with the
    reason of each missing one (the only scores whose reason an import compares)."""
    in_windows = scores.c.window_id.in_(window_ids)
    numbers = _float_rows(
        conn, sa.select(*[scores.c[c] for c in _KEY], scores.c.id, scores.c.value).where(in_windows)
    )
    existing = pd.DataFrame(
        {
            **{key: numbers[:, i].astype(np.int64) for i, key in enumerate(_KEY)},
            "old_id": numbers[:, 3],
            "old_value": numbers[:, 4],
            # object dtype keeps a reason's None as None, where pandas would make it NaN
            "old_reason": pd.Series(np.full(len(numbers), None, dtype=object), dtype=object),
        }
    )
    reasons = _select_tuples(
        conn,
        sa.select(scores.c.id, scores.c.missing_reason).where(
            in_windows, scores.c.value.is_(None), scores.c.missing_reason.is_not(None)
        ),
    )
    if reasons:
        at = pd.Index(existing["old_id"]).get_indexer([score for score, _ in reasons])
        existing.loc[at, "old_reason"] = [reason for _, reason in reasons]
    return existing


def _float_rows(conn: Connection, query: sa.Select[Any]) -> np.ndarray:
    """The rows of a SELECT of numbers as one float array, NULL as NaN: without a tuple of
    Python numbers per row on the way to numpy."""
    rows = _select_tuples(conn, query)
    width = len(query.selected_columns)
    return np.fromiter(chain.from_iterable(rows), np.float64, width * len(rows)).reshape(-1, width)


def _unchanged(compared: pd.DataFrame) -> np.ndarray:
    """Whether each incoming score is saved already: the same value, or missing both times for
    the same reason."""
    saved = compared["old_id"].notna()
    new, old = compared["value"], compared["old_value"]
    both_missing = (saved & new.isna() & old.isna()).to_numpy()
    same = (saved & ((new - old).abs() < 1e-9)).to_numpy(copy=True)
    reasons = compared[both_missing]
    same[both_missing] = [
        (a or None) == (b or None)
        for a, b in zip(reasons["old_reason"], reasons["missing_reason"], strict=True)
    ]
    return same


def _insert_scores(conn: Connection, new: pd.DataFrame) -> None:
    """Save new scores in the order of the unique index (as for the student keys), those with
    neither a missing reason nor a vendor band without those columns.

    Most scores of an export are plain numbers; binding two NULLs per row made SQLite's share
    of a district import half as long again.
    """
    new = new.sort_values(_KEY)
    # None exactly: a NaN reason (pandas' "no text") is inserted as it always was
    plain = np.equal(new["missing_reason"].to_numpy(), None) & np.equal(
        new["vendor_band"].to_numpy(), None
    )
    _insert_rows(conn, scores, [*_KEY, "value"], _score_rows(new[plain], [*_KEY, "value"]))
    _insert_rows(conn, scores, _SCORE_COLUMNS, _score_rows(new[~plain], _SCORE_COLUMNS))


def _score_rows(new: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """Scores as rows of plain values in `columns` order, a missing value as None."""
    rows = np.empty((len(new), len(columns)), dtype=object)
    for position, column in enumerate(columns):
        rows[:, position] = new[column].to_numpy()
    rows[new["value"].isna().to_numpy(), list(columns).index("value")] = None
    return rows


def _update_scores(conn: Connection, changed: pd.DataFrame) -> None:
    """The corrected scores, in one executemany."""
    if changed.empty:
        return
    value = changed["value"].astype(object).where(changed["value"].notna(), None)
    conn.execute(
        scores.update()
        .where(scores.c.id == sa.bindparam("score_id"))
        .values(value=sa.bindparam("new_value"), missing_reason=sa.bindparam("new_reason")),
        [
            {"score_id": int(i), "new_value": v, "new_reason": r}
            for i, v, r in zip(changed["old_id"], value, changed["missing_reason"], strict=True)
        ],
    )


def _changes(
    conn: Connection, class_id: int, rows: pd.DataFrame, changed: pd.DataFrame
) -> list[ScoreChange]:
    """What each corrected score was and is, named by window, private number and measure."""
    if changed.empty:
        return []
    number_of = dict(
        conn.execute(
            sa.select(students.c.id, students.c.number).where(students.c.class_id == class_id)
        ).all()
    )
    return [
        ScoreChange(window, number_of[student], measure, _or_none(old), _or_none(new))
        for window, measure, student, old, new in zip(
            rows["window"],
            rows["measure"],
            changed["student_id"],
            changed["old_value"],
            changed["value"],
            strict=True,
        )
    ]


def _or_none(value: float) -> float | None:
    return None if pd.isna(value) else float(value)
