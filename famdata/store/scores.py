"""Scores: an import saved as one transaction (compared with what is saved, in bulk), and a
class's scores read back as the tidy score table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any, Protocol

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from famdata.errors import FamdataError
from famdata.measures import PERCENT, Profile
from famdata.score_table import Coded
from famdata.store.classes import (
    ClassSpec,
    class_row,
    ensure_class,
    ensure_rows,
    profile_columns,
    window_rows,
)
from famdata.store.engine import bulk_transaction, select_tuples
from famdata.store.incoming import KEY, Incoming, Keyed, insert_scores, or_none, update_scores
from famdata.store.schema import (
    classes,
    measures,
    scores,
    students,
    windows,
)
from famdata.store.students import resolve_students


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


class TidyReading(Protocol):
    """What an import needs from `famdata.ingest.Reading` (kept structural to avoid a cycle)."""

    def score_column(self, name: str) -> np.ndarray: ...
    @property
    def roster(self) -> pd.DataFrame: ...
    @property
    def window_dates(self) -> Mapping[str, date]: ...
    @property
    def profiles(self) -> Mapping[str, Profile]: ...
    @property
    def fraction_questions(self) -> tuple[str, ...]: ...
    @property
    def coded(self) -> Mapping[str, Coded]: ...
    def reading_as_percents(self, measures: Iterable[str]) -> TidyReading: ...


class ScoreTables:
    """The Store's scores."""

    engine: Engine

    def scores(self, class_name: str, window: str | None = None) -> pd.DataFrame:
        """Tidy scores: window, student (number), measure, value (NaN if missing), missing_reason.

        Rows come in chronological window order, then measure order, then student number.
        """
        with self.engine.connect() as conn:
            class_id = class_row(conn, class_name).id
            in_order = window_rows(conn, class_id)
            labels = [row.label for row in in_order]
            if window is not None and window not in labels:
                raise FamdataError(
                    f"Class '{class_name}' has no window '{window}'. "
                    f"Windows: {', '.join(labels) or 'none yet'}."
                )
            chosen = [row.id for row in in_order if window in (None, row.label)]
            ids = [scores.c[c] for c in KEY]
            in_windows = scores.c.window_id.in_(chosen)
            values = np.concatenate(
                [_window_values(conn, window_id) for window_id in chosen] or [np.empty((0, 4))]
            )
            # famdata gives a reason only to a missing score, so a class without one needs no
            # second pass over its scores
            reasons: list[tuple[Any, ...]] = []
            if np.isnan(values[:, 3]).any():
                reasons = select_tuples(
                    conn,
                    sa.select(*ids, scores.c.missing_reason).where(
                        in_windows, scores.c.value.is_(None), scores.c.missing_reason.is_not(None)
                    ),
                )
            names = _ScoreNames(
                windows=[(row.id, row.label) for row in in_order],
                measures=select_tuples(
                    conn,
                    sa.select(measures.c.id, measures.c.name)
                    .where(measures.c.class_id == class_id)
                    .order_by(measures.c.position),
                ),
                students=select_tuples(
                    conn,
                    sa.select(students.c.id, students.c.number).where(
                        students.c.class_id == class_id
                    ),
                ),
            )
        return _tidy_scores(values, reasons, names)

    def all_scores(self) -> pd.DataFrame:
        """Every score of every class in one query (for the coach): class, school, grade, window,
        date, position, student, measure, value."""
        query = (
            sa.select(
                classes.c.name.label("class"),
                classes.c.school,
                classes.c.grade,
                windows.c.label.label("window"),
                windows.c.date,
                windows.c.position,
                students.c.number.label("student"),
                measures.c.name.label("measure"),
                scores.c.value,
            )
            .join(windows, scores.c.window_id == windows.c.id)
            .join(classes, windows.c.class_id == classes.c.id)
            .join(students, scores.c.student_id == students.c.id)
            .join(measures, scores.c.measure_id == measures.c.id)
        )
        with self.engine.connect() as conn:
            rows = select_tuples(conn, query)
        frame = pd.DataFrame(rows, columns=list(query.selected_columns.keys()))
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
        return frame

    def save_import(
        self, spec: ClassSpec, reading: TidyReading, window: str | None = None
    ) -> ImportResult:
        """Save a reading into a class (creating it when new), as one transaction.

        `window` names the window for rows the file leaves unlabelled; when the file names exactly
        one window it renames it, and when it names several it selects that one.
        """
        with bulk_transaction(self.engine) as conn:
            class_row = ensure_class(conn, spec)
            reading = _with_answers(conn, class_row.id, reading)
            keep, coded = _label_windows(reading.coded, window)
            return _save_scores(
                conn,
                class_row,
                _columns(reading, keep),
                coded,
                reading.roster,
                reading.window_dates,
                reading.profiles,
            )


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


def _label_windows(
    coded: Mapping[str, Coded], window: str | None
) -> tuple[np.ndarray | None, Mapping[str, Coded]]:
    """The rows to save (None for all) and their codes: `window` names the file's one window (or
    its rows without one) or picks one of its several; without it, every row must name its
    window."""
    windows = coded["window"]
    labels = [w for w in windows.labels if not pd.isna(w)]
    if window is None:
        if len(labels) < len(windows.labels):
            raise FamdataError(
                "This file does not say which assessment window it is: "
                "give one (for example 2026-09 or Fall)."
            )
        return None, coded
    window = window.strip()
    if len(labels) > 1:
        if window not in labels:
            raise FamdataError(
                f"This file holds the windows {', '.join(map(str, labels))}; "
                f"there is no '{window}' in it."
            )
        keep = windows.codes == windows.labels.index(window)
        return keep, {name: column.take(keep) for name, column in coded.items()}
    one = Coded.compacted(np.zeros(len(windows.codes), dtype=np.int64), [window])
    return None, {**coded, "window": one}


def _with_answers(conn: Connection, class_id: int, reading: TidyReading) -> TidyReading:
    """The reading with the class's earlier answers applied: a measure whose fractions the
    teacher chose to read as percents is read so again, without asking twice."""
    answered = conn.execute(
        sa.select(measures.c.name).where(measures.c.class_id == class_id, measures.c.from_fractions)
    ).scalars()
    again = set(answered) & set(reading.fraction_questions)
    return reading.reading_as_percents(again) if again else reading


def _remember_fractions(conn: Connection, class_id: int, names: list[str]) -> None:
    """The teacher's answer — these fractions are percents — kept with the measure, so the next
    file of the class is read the same way."""
    if names:
        conn.execute(
            measures.update()
            .where(measures.c.class_id == class_id, measures.c.name.in_(names))
            .values(from_fractions=True, unit=PERCENT)
        )


def _save_scores(
    conn: Connection,
    class_row: Any,
    columns: Mapping[str, np.ndarray],
    coded: Mapping[str, Coded],
    roster: pd.DataFrame,
    window_dates: Mapping[str, date],
    profiles: Mapping[str, Profile],
) -> ImportResult:
    window_labels = coded["window"].labels
    window_ids = ensure_rows(
        conn, windows, class_row.id, window_labels, lambda w: {"date": window_dates.get(w)}
    )
    measure_ids = ensure_rows(
        conn,
        measures,
        class_row.id,
        coded["measure"].labels,
        lambda m: profile_columns(profiles.get(m, Profile())),
    )
    _remember_fractions(conn, class_row.id, [m for m, p in profiles.items() if p.from_fractions])
    student_ids, new_students, returning = resolve_students(
        conn, class_row, coded["identity"].labels, roster
    )
    keys = {
        "window_id": Keyed(coded["window"], window_ids),
        "student_id": Keyed(coded["identity"], student_ids),
        "measure_id": Keyed(coded["measure"], measure_ids),
    }
    incoming = Incoming.of(columns, keys)
    before = _saved_before(incoming, _existing_scores(conn, [window_ids[w] for w in window_labels]))
    matched = before["old_id"].notna().to_numpy()
    same = _unchanged(incoming, before)
    changed = np.flatnonzero(matched & ~same)
    corrected, was = incoming.take(changed), before.iloc[changed]
    update_scores(conn, was["old_id"].to_numpy(), corrected)
    insert_scores(conn, incoming, np.flatnonzero(~matched))
    changes = _changes(conn, class_row.id, coded, changed, was, corrected)
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


def _columns(reading: TidyReading, keep: np.ndarray | None) -> dict[str, np.ndarray]:
    """The value, missing reason and vendor band of the file's scores, at the rows `keep` (all
    when None)."""
    columns = {
        name: reading.score_column(name) for name in ("value", "missing_reason", "vendor_band")
    }
    return columns if keep is None else {name: c[keep] for name, c in columns.items()}


def _saved_before(incoming: Incoming, existing: pd.DataFrame) -> pd.DataFrame:
    """For each incoming score, in order, the saved score with its key: old_id (NaN when there is
    none), old_value and old_reason. A first import of a window has none to look for."""
    if existing.empty:
        return existing.reindex(pd.RangeIndex(len(incoming.value)))
    # A left merge on the saved scores' unique key keeps the file's rows, in the file's order.
    return incoming.keys().merge(existing, how="left", on=KEY)


def _existing_scores(conn: Connection, window_ids: list[int]) -> pd.DataFrame:
    """The scores already saved in these windows, keyed like `_incoming_scores`, with the
    reason of each missing one (the only scores whose reason an import compares)."""
    in_windows = scores.c.window_id.in_(window_ids)
    numbers = float_rows(
        conn, sa.select(*[scores.c[c] for c in KEY], scores.c.id, scores.c.value).where(in_windows)
    )
    existing = pd.DataFrame(
        {
            **{key: numbers[:, i].astype(np.int64) for i, key in enumerate(KEY)},
            "old_id": numbers[:, 3],
            "old_value": numbers[:, 4],
            # object dtype keeps a reason's None as None, where pandas would make it NaN
            "old_reason": pd.Series(np.full(len(numbers), None, dtype=object), dtype=object),
        }
    )
    reasons = select_tuples(
        conn,
        sa.select(scores.c.id, scores.c.missing_reason).where(
            in_windows, scores.c.value.is_(None), scores.c.missing_reason.is_not(None)
        ),
    )
    if reasons:
        at = pd.Index(existing["old_id"]).get_indexer([score for score, _ in reasons])
        existing.loc[at, "old_reason"] = [reason for _, reason in reasons]
    return existing


def float_rows(conn: Connection, query: sa.Select[Any]) -> np.ndarray:
    """The rows of a SELECT of numbers as one float array, NULL as NaN: without a tuple of
    Python numbers per row on the way to numpy."""
    rows = select_tuples(conn, query)
    width = len(query.selected_columns)
    return np.fromiter(chain.from_iterable(rows), np.float64, width * len(rows)).reshape(-1, width)


def _window_values(conn: Connection, window_id: int) -> np.ndarray:
    """(window id, student id, measure id, value) of one window's scores. The window's id is
    added here rather than read with every score: a quarter of reading 850,000 scores."""
    found = float_rows(
        conn,
        sa.select(scores.c.student_id, scores.c.measure_id, scores.c.value).where(
            scores.c.window_id == window_id
        ),
    )
    return np.column_stack([np.full(len(found), window_id, dtype=np.float64), found])


def _unchanged(incoming: Incoming, before: pd.DataFrame) -> np.ndarray:
    """Whether each incoming score is saved already: the same value, or missing both times for
    the same reason."""
    saved = before["old_id"].notna().to_numpy()
    new, old = incoming.value, before["old_value"].to_numpy(dtype="float64")
    both_missing = saved & np.isnan(new) & np.isnan(old)
    same = saved & (np.abs(new - old) < 1e-9)
    old_reasons = before["old_reason"].to_numpy()[both_missing]
    same[both_missing] = [
        (a or None) == (b or None)
        for a, b in zip(old_reasons, incoming.missing_reason[both_missing], strict=True)
    ]
    return same


def _changes(
    conn: Connection,
    class_id: int,
    coded: Mapping[str, Coded],
    changed: np.ndarray,
    was: pd.DataFrame,
    corrected: Incoming,
) -> list[ScoreChange]:
    """What each corrected score (positions `changed` in the file's scores) was and is, named by
    window, private number and measure."""
    if not len(changed):
        return []
    number_of = dict(
        conn.execute(
            sa.select(students.c.id, students.c.number).where(students.c.class_id == class_id)
        ).all()
    )
    return [
        ScoreChange(window, number_of[student], measure, or_none(old), or_none(new))
        for window, measure, student, old, new in zip(
            _labels_at(coded["window"], changed),
            _labels_at(coded["measure"], changed),
            corrected.student_id.tolist(),
            was["old_value"],
            corrected.value,
            strict=True,
        )
    ]


def _labels_at(column: Coded, at: np.ndarray) -> list[Any]:
    return [column.labels[code] for code in column.codes[at].tolist()]
