"""The file's scores as they are written: each row's database ids, the order of the scores'
unique index, and the inserts and updates of an import, as arrays rather than frames."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from famdata.score_table import Coded
from famdata.store.engine import insert_rows
from famdata.store.schema import scores

KEY = ["window_id", "student_id", "measure_id"]

_SCORE_COLUMNS = (*KEY, "value", "missing_reason", "vendor_band")


@dataclass(frozen=True)
class Keyed:
    """A coded column of the file's scores with the database id of each of its labels."""

    column: Coded
    ids: Mapping[Any, int]

    @functools.cached_property
    def label_ids(self) -> np.ndarray:
        return np.array([self.ids[label] for label in self.column.labels], dtype=np.int64)

    def row_ids(self) -> np.ndarray:
        """Each row's database id."""
        return self.label_ids[self.column.codes]

    def ranks(self) -> np.ndarray:
        """Each row's place among the column's ids in ascending order (0, 1, ...)."""
        rank = np.empty(len(self.label_ids), dtype=np.int64)
        rank[np.argsort(self.label_ids)] = np.arange(len(self.label_ids))
        return rank[self.column.codes]


def _index_order(keys: Sequence[Keyed]) -> np.ndarray:
    """One integer per row that sorts the rows as an index on these columns does (the first
    column first), so one sort of an int64 replaces a lexsort of three columns. The order only
    speeds SQLite up (it appends to the index rather than writing all over it); the reader's own
    keys pack the same three codes into an int64, so they fit."""
    place = np.zeros(len(keys[0].column.codes), dtype=np.int64)
    for key in keys:
        place = place * len(key.column.labels) + key.ranks()
    return place


@dataclass(frozen=True)
class Incoming:
    """The file's scores as they are stored, a column each, in the file's order.

    Arrays rather than a DataFrame: sorting, merging and filtering a frame with text columns of
    850,000 rows cost more than SQLite's share of a district import.
    """

    window_id: np.ndarray
    student_id: np.ndarray
    measure_id: np.ndarray
    value: np.ndarray  # NaN if missing
    missing_reason: np.ndarray  # None unless missing; "blank" when the file does not say why
    vendor_band: np.ndarray  # the vendor's band when it is text, else None
    index_order: np.ndarray  # sorts the rows as the scores' unique index (window, student, measure)

    @classmethod
    def of(cls, columns: Mapping[str, np.ndarray], keys: Mapping[str, Keyed]) -> Incoming:
        value = columns["value"].astype("float64", copy=False)
        missing = np.isnan(value)
        reason = np.full(len(value), None, dtype=object)
        reason[missing] = [r or "blank" for r in columns["missing_reason"][missing]]
        vendor = np.full(len(value), None, dtype=object)
        bands = columns["vendor_band"]
        given = np.flatnonzero(pd.notna(bands))
        vendor[given] = [v if isinstance(v, str) else None for v in bands[given]]
        return cls(
            *(keys[key].row_ids() for key in KEY),
            value,
            reason,
            vendor,
            _index_order([keys[key] for key in KEY]),
        )

    def take(self, at: np.ndarray) -> Incoming:
        return Incoming(*(getattr(self, f.name)[at] for f in dataclasses.fields(self)))

    def keys(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "window_id": self.window_id,
                "student_id": self.student_id,
                "measure_id": self.measure_id,
            }
        )

    def rows(self, columns: Sequence[str], at: np.ndarray) -> np.ndarray:
        """The scores at positions `at` as rows of plain values in `columns` order, a missing
        value as None, for `insert_rows`."""
        rows = np.empty((len(at), len(columns)), dtype=object)
        for position, column in enumerate(columns):
            rows[:, position] = getattr(self, column)[at]
        rows[np.isnan(self.value[at]), list(columns).index("value")] = None
        return rows


def insert_scores(conn: Connection, incoming: Incoming, new: np.ndarray) -> None:
    """Save the new scores (positions in `incoming`) in the order of the unique index (as for the
    student keys), those with neither a missing reason nor a vendor band without those columns.

    Most scores of an export are plain numbers; binding two NULLs per row made SQLite's share
    of a district import half as long again.
    """
    ordered = new[_stable_order(incoming.index_order[new])]
    plain = np.equal(incoming.missing_reason[ordered], None) & np.equal(
        incoming.vendor_band[ordered], None
    )
    insert_rows(conn, scores, [*KEY, "value"], incoming.rows([*KEY, "value"], ordered[plain]))
    insert_rows(conn, scores, _SCORE_COLUMNS, incoming.rows(_SCORE_COLUMNS, ordered[~plain]))


def _stable_order(key: np.ndarray) -> np.ndarray:
    """`np.argsort(key, kind="stable")` for keys of 0 and up, 16 bits at a time: numpy sorts
    16-bit integers by radix, in linear time, where it sorts an int64 by comparing (twice as
    long for 850,000 scores)."""
    order = np.arange(len(key))
    for shift in range(0, int(key.max(initial=0)).bit_length(), 16):
        digit = ((key[order] >> shift) & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
    return order


def update_scores(conn: Connection, score_ids: np.ndarray, changed: Incoming) -> None:
    """The corrected scores, in one executemany."""
    if not len(score_ids):
        return
    conn.execute(
        scores.update()
        .where(scores.c.id == sa.bindparam("score_id"))
        .values(value=sa.bindparam("new_value"), missing_reason=sa.bindparam("new_reason")),
        [
            {"score_id": int(i), "new_value": or_none(v), "new_reason": r}
            for i, v, r in zip(score_ids, changed.value, changed.missing_reason, strict=True)
        ],
    )


def or_none(value: float) -> float | None:
    return None if pd.isna(value) else float(value)
