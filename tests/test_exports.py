"""Downloads that a spreadsheet opens safely."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from famdata.output import exports

HOSTILE = pd.DataFrame(
    {
        "Measure": ['=HYPERLINK("http://127.0.0.1:9","x")', "+1", "-2", "@SUM(A1)", "ORF"],
        "n": [1, 2, 3, 4, 5],
    }
)


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://127.0.0.1:9","x")', "+1", "-2", "@SUM(A1)"])
def test_formula_starts_are_neutralised(cell: str) -> None:
    assert exports.neutralise(cell) == "'" + cell


def test_the_csv_download_holds_no_formula() -> None:
    text = exports.to_csv_bytes(HOSTILE).decode("utf-8-sig")
    assert "\n=" not in text
    assert "'=HYPERLINK" in text


def test_the_xlsx_download_holds_no_formula() -> None:
    sheet = load_workbook(io.BytesIO(exports.to_xlsx_bytes(HOSTILE))).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(not str(v).startswith(("=", "+", "-", "@")) for v in values)


def test_download_names_are_plain() -> None:
    assert (
        exports.file_stem("Room 12 (Ms. Rivera)", "2026-10", "summary")
        == "room-12-ms-rivera-2026-10-summary"
    )
