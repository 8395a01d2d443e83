"""What the Load page shows of a reading before it is saved: the cells it could not use and the
columns and rows it left out, as tables under headers a teacher reads."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from famdata.ingest import ExcludedRow, IgnoredColumn, Problem


def problems_sentence(count: int) -> str:
    """What the cells that could not be used mean for the teacher, one or many."""
    what = (
        "1 cell could not be used. It is not saved as a score; fix it"
        if count == 1
        else f"{count:,} cells could not be used. They are not saved as scores; fix them"
    )
    return f"{what} in the spreadsheet and upload it again, or save the rest now."


def problem_table(problems: Sequence[Problem]) -> pd.DataFrame:
    """Each cell's place, what it holds and what to do, the advice in view (not the place again).
    A problem's `kind` is for `check --json`."""
    return pd.DataFrame(
        [
            {
                "Sheet": p.sheet,
                "Row": p.row,
                "Column": p.column,
                "Value": p.value,
                "What to do": p.advice,
            }
            for p in problems
        ]
    )


def left_out_table(records: Sequence[IgnoredColumn] | Sequence[ExcludedRow]) -> pd.DataFrame:
    """Columns or rows left out, under headers a teacher reads ("Row", not "row")."""
    return pd.DataFrame(records).rename(columns=str.capitalize)
