"""Goals and the families' ideas: saved as history, safe with two browsers open.

Goals are history, not one mutable row: a goal belongs to the window it was set in, and the next
goal is a new record linked to the one before. Each goal carries a version; an update names the
version it was read at, and a goal changed meanwhile is refused, never overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from famdata.errors import FamdataError
from famdata.store.classes import class_ids
from famdata.store.schema import classes, goals, ideas, measures, refuse_too_long, windows

COMMUNAL = 0  # the `subject` of the class's own goal; students are numbered from 1

STEPS = ("icebreaker", "brainstorm")


class GoalConflict(FamdataError):
    """Someone else saved this goal since it was read."""


@dataclass(frozen=True)
class Goal:
    id: int
    measure: str
    set_window: str
    student: int | None  # None for the communal goal
    metric: str
    baseline: float | None
    target: float
    review_window: str | None
    review_date: date | None
    text_en: str | None
    text_es: str | None
    strategy: str | None
    language: str | None
    notes: str | None
    previous_id: int | None
    version: int


@dataclass(frozen=True)
class GoalEntry:
    """What the teacher typed for one student's goal (or the communal goal, student=None)."""

    measure: str
    target: float
    student: int | None = None
    metric: str = "score"
    strategy: str | None = None
    language: str | None = None
    notes: str | None = None
    text_en: str | None = None
    text_es: str | None = None
    review_window: str | None = None
    review_date: date | None = None
    seen_version: int | None = None  # the version the form was filled from; None for a new goal
    previous_id: int | None = None
    row: int | None = None  # the sheet row it came from (goals from paper), for messages


@dataclass(frozen=True)
class Idea:
    step: str
    text: str
    window: str | None


class GoalTables:
    """The Store's goals and ideas."""

    engine: Engine

    def goals(self, class_name: str, window: str | None = None) -> list[Goal]:
        """Every goal of a class (or those set in one window), communal first, then by number."""
        with self.engine.connect() as conn:
            class_id, _, _ = class_ids(conn, class_name)
            query = (
                sa.select(
                    goals, measures.c.name.label("measure"), windows.c.label.label("set_window")
                )
                .join(measures, goals.c.measure_id == measures.c.id)
                .join(windows, goals.c.set_window_id == windows.c.id)
                .where(goals.c.class_id == class_id)
                .order_by(windows.c.position, goals.c.subject, measures.c.position)
            )
            if window is not None:
                query = query.where(windows.c.label == window)
            return [_goal(row) for row in conn.execute(query)]

    def save_goals(
        self,
        class_name: str,
        window: str,
        entries: Sequence[GoalEntry],
        baselines: Mapping[tuple[str, int | None], float | None],
    ) -> list[Goal]:
        """Save goals set in `window` with their baselines, all or none; refuse any goal changed
        since it was read."""
        if not entries:
            return []
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as conn:
                class_id, measure_ids, window_ids = class_ids(conn, class_name)
                if window not in window_ids:
                    raise FamdataError(f"Class '{class_name}' has no window '{window}'.")
                for entry in entries:
                    _save_one(
                        conn, class_id, measure_ids, window_ids[window], entry, baselines, now
                    )
        except sa.exc.IntegrityError as error:
            raise GoalConflict(
                "A goal was set meanwhile in another browser: reload to see it, then save again."
            ) from error
        return self.goals(class_name, window)

    def add_idea(self, class_name: str, step: str, text: str, window: str | None = None) -> None:
        """Record what a family said (no names: the teacher types the idea, not who said it)."""
        if step not in STEPS:
            raise FamdataError(
                f"An idea belongs to the icebreaker or the brainstorm, not '{step}'."
            )
        if not text.strip():
            return
        with self.engine.begin() as conn:
            class_id, _, _ = class_ids(conn, class_name)
            conn.execute(
                ideas.insert().values(
                    class_id=class_id,
                    window=window,
                    step=step,
                    text=text.strip(),
                    saved_at=datetime.now(UTC),
                )
            )

    def ideas(self, class_name: str, step: str | None = None) -> list[Idea]:
        with self.engine.connect() as conn:
            class_id, _, _ = class_ids(conn, class_name)
            query = sa.select(ideas).where(ideas.c.class_id == class_id).order_by(ideas.c.id)
            if step is not None:
                query = query.where(ideas.c.step == step)
            return [Idea(row.step, row.text, row.window) for row in conn.execute(query)]

    def all_goals(self) -> pd.DataFrame:
        """Every goal of every class in one query: class, measure, window, subject, metric and
        target (for the coach)."""
        query = (
            sa.select(
                classes.c.name.label("class"),
                measures.c.name.label("measure"),
                windows.c.label.label("window"),
                goals.c.subject,
                goals.c.metric,
                goals.c.target,
            )
            .join(classes, goals.c.class_id == classes.c.id)
            .join(measures, goals.c.measure_id == measures.c.id)
            .join(windows, goals.c.set_window_id == windows.c.id)
        )
        with self.engine.connect() as conn:
            return pd.DataFrame(
                conn.execute(query).all(), columns=list(query.selected_columns.keys())
            )


def _goal(row: Any) -> Goal:
    return Goal(
        id=row.id,
        measure=row.measure,
        set_window=row.set_window,
        student=None if row.subject == COMMUNAL else row.subject,
        metric=row.metric,
        baseline=row.baseline,
        target=row.target,
        review_window=row.review_window,
        review_date=row.review_date,
        text_en=row.text_en,
        text_es=row.text_es,
        strategy=row.strategy,
        language=row.language,
        notes=row.notes,
        previous_id=row.previous_id,
        version=row.version,
    )


def _save_one(
    conn: sa.Connection,
    class_id: int,
    measure_ids: dict[str, int],
    window_id: int,
    entry: GoalEntry,
    baselines: dict[tuple[str, int | None], float | None],
    now: datetime,
) -> None:
    if entry.measure not in measure_ids:
        raise FamdataError(f"This class has no measure '{entry.measure}'.")
    subject = entry.student or COMMUNAL
    who = "The class goal" if subject == COMMUNAL else f"Student {subject}'s goal"
    refuse_too_long(goals.c.review_window, entry.review_window, f"{who}'s review window")
    key = (
        (goals.c.class_id == class_id)
        & (goals.c.measure_id == measure_ids[entry.measure])
        & (goals.c.set_window_id == window_id)
        & (goals.c.subject == subject)
    )
    values = {
        "metric": entry.metric,
        "target": float(entry.target),
        "baseline": baselines[entry.measure, entry.student],
        "review_window": entry.review_window,
        "review_date": entry.review_date,
        "text_en": entry.text_en,
        "text_es": entry.text_es,
        "strategy": entry.strategy,
        "language": entry.language,
        "notes": entry.notes,
        "saved_at": now,
    }
    if entry.seen_version is None:
        conn.execute(
            goals.insert().values(
                class_id=class_id,
                measure_id=measure_ids[entry.measure],
                set_window_id=window_id,
                subject=subject,
                previous_id=entry.previous_id,
                version=1,
                **values,
            )
        )
        return
    done = conn.execute(
        goals.update()
        .where(key & (goals.c.version == entry.seen_version))
        .values(version=goals.c.version + 1, **values)
    )
    if done.rowcount != 1:
        raise GoalConflict(
            f"{who} for {entry.measure} changed meanwhile in another browser: reload to see the "
            "new version before saving yours."
        )
