"""Which rows are students: title, blank, summary and selected-out rows are reported, not read."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from famdata.ingest import tidy, workbook
from famdata.ingest.cells import (
    is_blank,
    real_numbers,
)
from famdata.ingest.header import Table
from famdata.ingest.report import Report
from famdata.ingest.roles import RoleGuess
from famdata.ingest.rules import IDENTITY_ROLES, SUMMARY_LABELS


def _summary_rows(table: Table, column: str) -> np.ndarray:
    """True where a label cell holds a summary label ("Average", "Total" ...)."""
    hit = np.zeros(len(table.body), dtype=bool)
    if real_numbers(table.body[column]) is not None:
        return hit
    maybe = np.flatnonzero(_maybe_summary(table.text_array(column)))
    if not len(maybe):  # most columns: no cell made into a Python string
        return hit
    written = table.texts(column)
    for position in maybe:
        v = written[position]
        hit[position] = v.casefold() in SUMMARY_LABELS or (
            "  " in v and " ".join(v.split()).casefold() in SUMMARY_LABELS
        )
    return hit


_LABELS = pa.array(sorted(SUMMARY_LABELS), type=pa.string())


def _maybe_summary(text: pa.Array) -> np.ndarray:
    """The cells that may be summary labels, found in C rather than one Python call per cell: an
    ASCII cell whose lower case is a label (for ASCII, lower case is casefold), and every cell
    with a double space or outside ASCII, which the caller checks exactly."""
    maybe = pc.or_(
        pc.is_in(pc.ascii_lower(text), value_set=_LABELS),  # ASCII-only cells: lower is casefold
        pc.invert(pc.string_is_ascii(text)),
    )
    characters = text.buffers()[2]
    if characters is not None and b"  " in characters.to_pybytes():  # one scan settles most
        maybe = pc.or_(maybe, pc.match_substring(text, "  "))
    return maybe.to_numpy(zero_copy_only=False)


def classify_rows(
    table: Table, guess: RoleGuess, identity: np.ndarray, report: Report
) -> np.ndarray:
    """True for the rows that are students; every other non-empty row is reported."""
    body = table.body
    label_columns = [c for r, c in guess.roles.items() if r in IDENTITY_ROLES]
    label_columns += [c for c in body.columns[:1] if c not in label_columns]
    summary = tidy.constant(None, len(body))  # the first label column's summary word
    is_summary = np.zeros(len(body), dtype=bool)
    for column in label_columns:
        found = _summary_rows(table, column) & ~is_summary
        if found.any():
            summary[found] = table.texts(column)[found]
            is_summary |= found
    is_student = (identity != "") & ~is_summary
    if is_student.all():  # most exports: nothing to report, and no cell counted
        return is_student
    filled = table.filled()
    rows = body.index.to_numpy()
    last_data = rows[filled > 0].max() if (filled > 0).any() else -1
    for position in np.flatnonzero(~is_student):
        index, row = int(rows[position]), int(rows[position]) + 1
        if filled[position] == 0:
            if index < last_data:
                report.exclude(table.sheet, row, "blank row")
        elif is_summary[position]:
            report.exclude(table.sheet, row, f"summary row ({summary[position]})")
        else:
            report.exclude(table.sheet, row, "no student named on this row")
    return is_student


def select_rows(table: Table, select: Mapping[str, str], report: Report) -> Table:
    keep = np.ones(len(table.body), dtype=bool)
    for column, wanted in select.items():
        if column not in table.headers:
            continue
        written = pd.Series(table.texts(column), dtype=object).str.casefold()
        keep &= (written == wanted.strip().casefold()).to_numpy(dtype=bool)
    chosen = ", ".join(f"{c} = {v}" for c, v in select.items())
    for position in np.flatnonzero(~keep & (table.filled() > 0)):
        report.exclude(
            table.sheet, int(table.body.index[position]) + 1, f"not in the selection ({chosen})"
        )
    return table.keep_rows(keep)


def report_title_rows(sheet: workbook.Sheet, header_row: int, report: Report) -> None:
    for index in range(header_row):
        if any(not is_blank(v) for v in sheet.grid.loc[index]):
            report.exclude(sheet.name, index + 1, "title or note above the header")
