"""Who each row is: identities from IDs and names, and the in-memory roster (names never leave
memory)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from famdata import identity
from famdata.ingest import tidy
from famdata.ingest.cells import ARROW_TEXT
from famdata.ingest.header import Table
from famdata.ingest.rules import IDENTITY_ROLES


def _column_texts(table: Table, column: str | None) -> np.ndarray:
    return tidy.constant("", len(table.body)) if column is None else table.texts(column)


def _column_text_array(table: Table, column: str | None) -> pa.Array:
    if column is None:
        return pa.repeat(pa.scalar("", ARROW_TEXT), len(table.body))
    return table.text_array(column)


def _names_of(table: Table, roles: Mapping[str, str]) -> np.ndarray:
    """Each row's name as the teacher reads it ("María García"), '' where there is none."""
    if "name" in roles:
        names = _column_texts(table, roles["name"]).copy()
        if "," not in "".join(names):  # one scan settles most files: no "García, María" at all
            return names
        reordered = np.flatnonzero(["," in n for n in names])
        names[reordered] = [_display_name(n) for n in names[reordered]]
        return names
    first = _column_texts(table, roles.get("first_name"))
    last = _column_texts(table, roles.get("last_name"))
    return np.array([f"{f} {s}".strip() for f, s in zip(first, last, strict=True)], dtype=object)


@dataclass(frozen=True)
class RosterRows:
    """Who each row of a table is: identity ('' for none); the student ID and name as written
    are read from the table when first asked for (a check never asks: a district's fifty
    thousand names are not made into Python strings for it)."""

    code: np.ndarray  # each row's identity, as its place in `distinct`
    distinct: np.ndarray
    table: Table = field(repr=False)
    roles: Mapping[str, str]
    rows: np.ndarray | None = None  # positions in the table, None for every row

    @functools.cached_property
    def identity(self) -> np.ndarray:
        return self.distinct[self.code]

    @functools.cached_property
    def student_id(self) -> np.ndarray:
        return self._kept(_column_texts(self.table, self.roles.get("student")))

    @functools.cached_property
    def name(self) -> np.ndarray:
        return self._kept(_names_of(self.table, self.roles))

    def written_names(self) -> pa.Array:
        """Each row's name as written, in pyarrow ("García, María"; first and last joined)."""
        if "name" in self.roles:
            names = self.table.text_array(self.roles["name"])
        else:
            first = _column_text_array(self.table, self.roles.get("first_name"))
            last = _column_text_array(self.table, self.roles.get("last_name"))
            names = pc.binary_join_element_wise(first, last, pa.scalar(" ", ARROW_TEXT))
            names = pc.utf8_trim_whitespace(names)
        return names if self.rows is None else names.take(self.rows)

    def _kept(self, column: np.ndarray) -> np.ndarray:
        return column if self.rows is None else column[self.rows]

    def take(self, keep: np.ndarray) -> RosterRows:
        if keep.all():
            return self
        at = np.flatnonzero(keep) if self.rows is None else self.rows[keep]
        return RosterRows(self.code[keep], self.distinct, self.table, self.roles, at)


def identities_of(table: Table, roles: Mapping[str, str]) -> RosterRows:
    ids = _column_text_array(table, roles.get("student"))
    code, distinct = identity.row_identities(ids, lambda: _names_of(table, roles))
    who = {r: c for r, c in roles.items() if r in IDENTITY_ROLES}
    # the table's identity columns only: the scores are not kept twice
    return RosterRows(code, distinct, table.only(who.values()), who)


def roster_of(parts: list[RosterRows]) -> pd.DataFrame:
    """One row per identity (identity, student_id, name), in file order."""
    identity, ids, names = (
        np.concatenate([getattr(rows, part) for rows in parts]) if parts else np.array([], object)
        for part in ("identity", "student_id", "name")
    )
    known = identity != ""
    roster = pd.DataFrame(
        {
            "identity": pd.Series(identity[known], dtype=object),
            "student_id": pd.Series(np.where(ids[known] != "", ids[known], None), dtype=object),
            "name": pd.Series(np.where(names[known] != "", names[known], None), dtype=object),
        }
    )
    return roster.drop_duplicates("identity").reset_index(drop=True)


def _display_name(text: str) -> str:
    """'García, María' -> 'María García' (the teacher's own screens only)."""
    if "," in text:
        last, _, first = text.partition(",")
        return f"{first.strip()} {last.strip()}".strip()
    return text
