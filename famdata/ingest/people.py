"""Who each row is: identities from IDs and names, and the in-memory roster (names never leave
memory)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from famdata import identity
from famdata.ingest import tidy
from famdata.ingest.header import Table


def _column_texts(table: Table, column: str | None) -> np.ndarray:
    return tidy.constant("", len(table.body)) if column is None else table.texts(column)


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
    """Who each row of a table is: identity ('' for none), student ID and name as written."""

    identity: np.ndarray
    student_id: np.ndarray
    name: np.ndarray

    def take(self, keep: np.ndarray) -> RosterRows:
        return RosterRows(self.identity[keep], self.student_id[keep], self.name[keep])


def identities_of(table: Table, roles: Mapping[str, str]) -> RosterRows:
    ids = _column_texts(table, roles.get("student"))
    names = _names_of(table, roles)
    return RosterRows(identity.row_identities(ids, names), ids, names)


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
