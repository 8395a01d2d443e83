"""The tidy score table every view reads: its columns, declared once, and the two cuts every view
makes of it (one skill in one window; one child's score).

`Store.scores` returns it; stats, goals, growth, charts and folders take it. A column name written
anywhere else as a string is a second declaration of this contract.
"""

from __future__ import annotations

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
