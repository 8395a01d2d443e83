"""The collaboration nights: each window's plan, who came, and whether families practised.

A night belongs to one window of one class. Its plan (date, skills in order with their at-home
strategies, agenda, next meeting) is replaced whole on each save, in one transaction. Attendance
is a set of student numbers, replaced whole too; until it is taken, nobody counts as absent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from famdata.errors import FamdataError
from famdata.store.classes import class_ids, class_row
from famdata.store.schema import (
    attendance,
    classes,
    measures,
    night_skills,
    night_steps,
    nights,
    practice,
    refuse_too_long,
    students,
    windows,
)

Practised = Literal["yes", "some", "not_yet"]
PRACTISED: tuple[Practised, ...] = ("yes", "some", "not_yet")


@dataclass(frozen=True)
class AgendaStep:
    """One step of the night: its name in English and Spanish, and its minutes."""

    name: dict[str, str]
    minutes: int


@dataclass(frozen=True)
class NightSkill:
    """A skill shown that night (a class measure) and its at-home strategy: a key of the
    strategy library, or the teacher's own words, or neither yet."""

    measure: str
    strategy: str | None = None
    own_strategy: str | None = None


@dataclass(frozen=True)
class NightPlan:
    """One window's night. An empty agenda means the default eight steps
    (`famdata.nights.DEFAULT_AGENDA`)."""

    class_name: str
    window: str
    date: date | None = None
    skills: tuple[NightSkill, ...] = ()
    agenda: tuple[AgendaStep, ...] = ()
    next_meeting: date | None = None


class NightTables:
    """The Store's nights, attendance and practice."""

    engine: Engine

    def night(self, class_name: str, window: str) -> NightPlan | None:
        """The saved plan of a window's night, or None when none was saved."""
        with self.engine.connect() as conn:
            row = _night_row(conn, class_name, window)
            if row is None:
                return None
            skills = conn.execute(
                sa.select(night_skills, measures.c.name)
                .join(measures, night_skills.c.measure_id == measures.c.id)
                .where(night_skills.c.night_id == row.id)
                .order_by(night_skills.c.position)
            ).all()
            steps = conn.execute(
                sa.select(night_steps)
                .where(night_steps.c.night_id == row.id)
                .order_by(night_steps.c.position)
            ).all()
        return NightPlan(
            class_name=class_name,
            window=window,
            date=row.date,
            skills=tuple(NightSkill(s.name, s.strategy, s.own_strategy) for s in skills),
            agenda=tuple(AgendaStep({"en": s.name_en, "es": s.name_es}, s.minutes) for s in steps),
            next_meeting=row.next_meeting,
        )

    def save_night(self, plan: NightPlan) -> None:
        """Save a window's plan, replacing the one before (its attendance and practice stay)."""
        with self.engine.begin() as conn:
            night_id = _ensure_night(conn, plan.class_name, plan.window)
            _, measure_ids, _ = class_ids(conn, plan.class_name)
            conn.execute(
                nights.update()
                .where(nights.c.id == night_id)
                .values(date=plan.date, next_meeting=plan.next_meeting, saved_at=datetime.now(UTC))
            )
            conn.execute(night_skills.delete().where(night_skills.c.night_id == night_id))
            conn.execute(night_steps.delete().where(night_steps.c.night_id == night_id))
            for position, skill in enumerate(plan.skills, start=1):
                if skill.measure not in measure_ids:
                    raise FamdataError(
                        f"Class '{plan.class_name}' has no measure '{skill.measure}'. "
                        f"Measures: {', '.join(measure_ids)}."
                    )
                refuse_too_long(night_skills.c.strategy, skill.strategy, "A strategy's key")
                conn.execute(
                    night_skills.insert().values(
                        night_id=night_id,
                        measure_id=measure_ids[skill.measure],
                        position=position,
                        strategy=skill.strategy,
                        own_strategy=skill.own_strategy,
                    )
                )
            for position, step in enumerate(plan.agenda, start=1):
                for lang, column in (("en", night_steps.c.name_en), ("es", night_steps.c.name_es)):
                    refuse_too_long(column, step.name[lang], "An agenda step's name")
                conn.execute(
                    night_steps.insert().values(
                        night_id=night_id,
                        position=position,
                        name_en=step.name["en"],
                        name_es=step.name["es"],
                        minutes=step.minutes,
                    )
                )

    def attendance(self, class_name: str, window: str) -> frozenset[int] | None:
        """The numbers of the families who came, or None when attendance was not taken."""
        with self.engine.connect() as conn:
            row = _night_row(conn, class_name, window)
            if row is None or row.attendance_taken_at is None:
                return None
            return frozenset(_present(conn, row.id))

    def save_attendance(self, class_name: str, window: str, present: Iterable[int]) -> None:
        """Record who came, replacing the earlier record of that night (a plan is started if
        there was none)."""
        with self.engine.begin() as conn:
            night_id = _ensure_night(conn, class_name, window)
            ids = _student_ids(conn, class_name, set(present))
            conn.execute(attendance.delete().where(attendance.c.night_id == night_id))
            if ids:
                conn.execute(
                    attendance.insert(),
                    [{"night_id": night_id, "student_id": i} for i in ids.values()],
                )
            conn.execute(
                nights.update()
                .where(nights.c.id == night_id)
                .values(attendance_taken_at=datetime.now(UTC))
            )

    def practice(self, class_name: str, window: str) -> dict[int, Practised]:
        """Whether each family practised the strategy of this window's night, as recorded."""
        with self.engine.connect() as conn:
            row = _night_row(conn, class_name, window)
            if row is None:
                return {}
            query = (
                sa.select(students.c.number, practice.c.answer)
                .join(students, practice.c.student_id == students.c.id)
                .where(practice.c.night_id == row.id)
            )
            return {number: answer for number, answer in sorted(conn.execute(query).all())}

    def save_practice(
        self, class_name: str, window: str, answers: Mapping[int, Practised | None]
    ) -> None:
        """Record, family by family, whether they practised this night's strategy (None forgets
        an answer); the other families' answers stay."""
        unknown = sorted({a for a in answers.values() if a is not None} - set(PRACTISED))
        if unknown:
            raise FamdataError(
                f"'{unknown[0]}' is not an answer about practice: yes, some or not_yet."
            )
        with self.engine.begin() as conn:
            night_id = _ensure_night(conn, class_name, window)
            ids = _student_ids(conn, class_name, set(answers))
            for number, student_id in ids.items():
                conn.execute(
                    practice.delete().where(
                        practice.c.night_id == night_id, practice.c.student_id == student_id
                    )
                )
                if answers[number] is not None:
                    conn.execute(
                        practice.insert().values(
                            night_id=night_id, student_id=student_id, answer=answers[number]
                        )
                    )

    def all_attendance(self) -> dict[tuple[str, str], frozenset[int]]:
        """Every night whose attendance was taken, by (class, window): the numbers present."""
        taken = (
            sa.select(nights.c.id, classes.c.name, windows.c.label)
            .join_from(nights, windows, nights.c.window_id == windows.c.id)
            .join(classes, nights.c.class_id == classes.c.id)
            .where(nights.c.attendance_taken_at.is_not(None))
        )
        present = sa.select(attendance.c.night_id, students.c.number).join_from(
            attendance, students, attendance.c.student_id == students.c.id
        )
        with self.engine.connect() as conn:
            found: dict[int, set[int]] = {}
            for night_id, number in conn.execute(present):
                found.setdefault(night_id, set()).add(number)
            return {
                (name, label): frozenset(found.get(night_id, ()))
                for night_id, name, label in conn.execute(taken)
            }

    def all_practice(self) -> list[tuple[str, str, int, Practised]]:
        """Every recorded answer about practice: (class, window of the night, number, answer)."""
        query = (
            sa.select(classes.c.name, windows.c.label, students.c.number, practice.c.answer)
            .join_from(practice, nights, practice.c.night_id == nights.c.id)
            .join(windows, nights.c.window_id == windows.c.id)
            .join(classes, nights.c.class_id == classes.c.id)
            .join(students, practice.c.student_id == students.c.id)
        )
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query).all()]  # type: ignore[misc]


def _night_row(conn: Connection, class_name: str, window: str) -> Any:
    _, _, window_ids = class_ids(conn, class_name)
    if window not in window_ids:
        raise FamdataError(
            f"Class '{class_name}' has no window '{window}'. "
            f"Windows: {', '.join(window_ids) or 'none yet'}."
        )
    return conn.execute(sa.select(nights).where(nights.c.window_id == window_ids[window])).first()


def _ensure_night(conn: Connection, class_name: str, window: str) -> int:
    row = _night_row(conn, class_name, window)
    if row is not None:
        return int(row.id)
    class_id, _, window_ids = class_ids(conn, class_name)
    return int(
        conn.execute(
            nights.insert().values(
                class_id=class_id, window_id=window_ids[window], saved_at=datetime.now(UTC)
            )
        ).inserted_primary_key[0]
    )


def _student_ids(conn: Connection, class_name: str, numbers: set[int]) -> dict[int, int]:
    """The student row of each number, refusing a number the class does not have."""
    class_id = class_row(conn, class_name).id
    known = dict(
        conn.execute(
            sa.select(students.c.number, students.c.id).where(students.c.class_id == class_id)
        ).all()
    )
    missing = sorted(numbers - known.keys())
    if missing:
        raise FamdataError(
            f"Class '{class_name}' has no student number {missing[0]}: its numbers run from "
            f"{min(known, default=0)} to {max(known, default=0)}."
        )
    return {number: known[number] for number in sorted(numbers)}


def _present(conn: Connection, night_id: int) -> list[int]:
    query = (
        sa.select(students.c.number)
        .join_from(attendance, students, attendance.c.student_id == students.c.id)
        .where(attendance.c.night_id == night_id)
    )
    return list(conn.execute(query).scalars())
