"""Classes, their windows and their measures: what the Store answers about them and changes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from famdata.errors import FamdataError
from famdata.grades import grade_label
from famdata.identity import new_class_key
from famdata.measures import Profile
from famdata.store.keys import add_keys, key_file, new_key_id
from famdata.store.schema import (
    classes,
    goals,
    ideas,
    measures,
    nights,
    refuse_too_long,
    scores,
    stages,
    student_keys,
    students,
    windows,
)


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
    profile: Profile


@dataclass(frozen=True)
class ClassSpec:
    """The class an import goes into; the extra fields are used only when it is created."""

    name: str
    grade: int | None = None
    school_year: str | None = None
    teacher: str | None = None
    school: str | None = None
    is_sample: bool = False


class ClassTables:
    """The Store's classes, windows and measures."""

    engine: Engine

    def classes(self) -> list[ClassInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(classes).order_by(classes.c.is_sample, classes.c.name))
            return [class_info(row) for row in rows]

    def get_class(self, name: str) -> ClassInfo:
        with self.engine.connect() as conn:
            return class_info(class_row(conn, name))

    def windows(self, class_name: str) -> list[WindowInfo]:
        with self.engine.connect() as conn:
            rows = window_rows(conn, class_row(conn, class_name).id)
        return [WindowInfo(label=row.label, date=row.date, season=row.season) for row in rows]

    def measures(self, class_name: str) -> list[MeasureInfo]:
        with self.engine.connect() as conn:
            class_id = class_row(conn, class_name).id
            rows = conn.execute(
                sa.select(measures)
                .where(measures.c.class_id == class_id)
                .order_by(measures.c.position)
            )
            return [MeasureInfo(name=row.name, profile=profile_of(row)) for row in rows]

    def profiles(self, class_name: str) -> dict[str, Profile]:
        """Each measure of a class and its stored profile, in the class's order."""
        return {m.name: m.profile for m in self.measures(class_name)}

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

    def update_class(self, name: str, **fields: Any) -> None:
        """Change a class's settings (language, contact, teacher ...); never its key."""
        allowed = {"grade", "school_year", "teacher", "school", "language", "contact", "name"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"not class settings: {sorted(unknown)}")
        with self.engine.begin() as conn:
            class_id = class_row(conn, name).id
            conn.execute(classes.update().where(classes.c.id == class_id).values(**fields))

    def delete_class(self, name: str) -> None:
        with self.engine.begin() as conn:
            class_id = class_row(conn, name).id
            window_ids = sa.select(windows.c.id).where(windows.c.class_id == class_id)
            conn.execute(scores.delete().where(scores.c.window_id.in_(window_ids)))
            for table in (goals, ideas, nights, stages):
                conn.execute(table.delete().where(table.c.class_id == class_id))
            for table in (windows, measures, student_keys, students):
                conn.execute(table.delete().where(table.c.class_id == class_id))
            conn.execute(classes.delete().where(classes.c.id == class_id))

    def save_profile(self, class_name: str, measure: str, profile: Profile) -> None:
        """What a class measure is (the teacher's confirmation or change of famdata's guess)."""
        with self.engine.begin() as conn:
            class_id = class_row(conn, class_name).id
            conn.execute(
                measures.update()
                .where(measures.c.class_id == class_id, measures.c.name == measure)
                .values(**profile_columns(profile))
            )

    def set_window_season(self, class_name: str, label: str, season: str | None) -> None:
        """Beginning, middle or end of the year for a window (None: read it from the label)."""
        with self.engine.begin() as conn:
            class_id = class_row(conn, class_name).id
            conn.execute(
                windows.update()
                .where(windows.c.class_id == class_id, windows.c.label == label)
                .values(season=season)
            )


def profile_of(row: Any) -> Profile:
    """A measures row's profile."""
    return Profile(
        skill=row.skill,
        unit=row.unit,
        higher_is_better=row.higher_is_better,
        from_fractions=row.from_fractions,
        benchmark_source=row.benchmark_source,
        expectation=row.expectation,
        expectation_text=row.expectation_text,
    )


def profile_columns(profile: Profile) -> dict[str, Any]:
    """A profile as a measures row's columns."""
    return {
        "skill": profile.skill,
        "unit": profile.unit,
        "higher_is_better": profile.higher_is_better,
        "from_fractions": profile.from_fractions,
        "benchmark_source": profile.benchmark_source,
        "expectation": profile.expectation,
        "expectation_text": profile.expectation_text,
    }


def class_info(row: Any) -> ClassInfo:
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


def class_row(conn: Connection, name: str) -> Any:
    row = conn.execute(sa.select(classes).where(classes.c.name == name)).first()
    if row is None:
        names = conn.execute(sa.select(classes.c.name).order_by(classes.c.name)).scalars().all()
        known = ", ".join(f"'{n}'" for n in names) or "none yet"
        raise FamdataError(f"There is no class named '{name}'. Classes: {known}.")
    return row


def ensure_class(conn: Connection, spec: ClassSpec) -> Any:
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
    for field, what in (
        ("name", "The class name"),
        ("school_year", "The school year"),
        ("teacher", "The teacher's name"),
        ("school", "The school's name"),
    ):
        refuse_too_long(classes.c[field], getattr(spec, field), what)
    key_id = new_key_id()
    add_keys(key_file(conn.engine.url), {key_id: new_class_key()})
    conn.execute(
        classes.insert().values(
            name=spec.name,
            grade=spec.grade,
            school_year=spec.school_year,
            teacher=spec.teacher,
            school=spec.school,
            is_sample=spec.is_sample,
            key_id=key_id,
            created_at=datetime.now(UTC),
        )
    )
    return class_row(conn, spec.name)


def _window_sort_key(row: Any) -> tuple[Any, ...]:
    """Chronological where dates (or YYYY-MM labels) are known, else in the order imported."""
    when = row.date
    if when is None:
        match = re.fullmatch(r"(\d{4})-(\d{2})", row.label)
        if match and 1 <= int(match.group(2)) <= 12:
            when = date(int(match.group(1)), int(match.group(2)), 1)
    return (when is None, when or date.min, row.position)


def window_rows(conn: Connection, class_id: int) -> list[Any]:
    """A class's windows in chronological order (see `_window_sort_key`)."""
    rows = conn.execute(sa.select(windows).where(windows.c.class_id == class_id)).all()
    return sorted(rows, key=_window_sort_key)


def ensure_rows(
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
    what = "A window's label" if table.name == "windows" else "A skill's name"
    for name in names:
        if name not in existing:
            refuse_too_long(table.c[_NAME_COLUMN[table.name]], name, what)
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


def class_ids(conn: Connection, class_name: str) -> tuple[int, dict[str, int], dict[str, int]]:
    """A class's id, and the ids of its measures and windows by name."""
    class_id = class_row(conn, class_name).id
    measure_ids = dict(
        conn.execute(
            sa.select(measures.c.name, measures.c.id).where(measures.c.class_id == class_id)
        ).all()
    )
    window_ids = dict(
        conn.execute(
            sa.select(windows.c.label, windows.c.id).where(windows.c.class_id == class_id)
        ).all()
    )
    return class_id, measure_ids, window_ids
