"""The tidy score table every view reads: its columns, declared once, and the two cuts every view
makes of it (one skill in one window; one child's score).

`Store.scores` returns it; stats, goals, growth, charts and folders take it. A column name written
anywhere else as a string is a second declaration of this contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

WINDOW = "window"
STUDENT = "student"
MEASURE = "measure"
VALUE = "value"
MISSING_REASON = "missing_reason"
COLUMNS = (WINDOW, STUDENT, MEASURE, VALUE, MISSING_REASON)


def one_measure(scores: pd.DataFrame, measure: str, window: str | None = None) -> pd.DataFrame:
    """The rows of one measure, in one window when `window` is given."""
    keep = scores[MEASURE] == measure
    if window is not None:
        keep &= scores[WINDOW] == window
    return scores[keep]


def student_value(rows: pd.DataFrame, number: int) -> float | None:
    """One child's score among `rows` (one measure, one window), None when absent or missing."""
    own = rows.loc[rows[STUDENT] == number, VALUE]
    return None if own.empty or pd.isna(own.iloc[0]) else float(own.iloc[0])


@dataclass(frozen=True)
class Coded:
    """A text column of a big table as small integers: each row's position in `labels`, the
    column's distinct values, every one of them held by some row.

    Finding the few windows and measures and the 50,000 students among 850,000 strings took a
    tenth of a second a column; the file's reader has numbered them already.
    """

    codes: np.ndarray
    labels: list[Any]

    @classmethod
    def compacted(cls, codes: np.ndarray, labels: list[Any]) -> Coded:
        """`codes` into `labels`, renumbered: the labels no row holds are left out, the others
        come in the order the rows first hold them (as the windows and measures are saved)."""
        order = pd.unique(codes)
        if len(order) == len(labels) and (order == np.arange(len(labels))).all():
            return cls(codes, list(labels))
        renumber = np.empty(len(labels), dtype=np.int64)
        renumber[order] = np.arange(len(order))
        return cls(renumber[codes], [labels[code] for code in order])

    def take(self, keep: np.ndarray) -> Coded:
        """The rows where `keep` is True."""
        return Coded.compacted(self.codes[keep], self.labels)
