"""A CSV's rows are read by pyarrow when it can and by pandas otherwise, with the same result."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from famdata import ingest
from famdata.ingest import csv_body

HEADER = "Title: Room 7 reading\nStudent ID,Window,Class,WCPM,Maze\n"


def read_both_ways(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[ingest.Reading, ingest.Reading]:
    fast = ingest.read(path)
    with monkeypatch.context() as patch:
        patch.setattr(csv_body, "body_rows", lambda *_: None)
        slow = ingest.read(path)
    return fast, slow


def assert_same_reading(fast: ingest.Reading, slow: ingest.Reading) -> None:
    pd.testing.assert_frame_equal(fast.scores, slow.scores)
    assert fast.problems == slow.problems
    assert fast.excluded_rows == slow.excluded_rows
    assert fast.ignored_columns == slow.ignored_columns
    assert (fast.groups, fast.class_hints) == (slow.groups, slow.class_hints)
    pd.testing.assert_frame_equal(fast.roster, slow.roster)


CELLS = {
    "whole numbers": ("62", "88", "45"),
    "signs and leading zeros": ("+3", "-2", "007"),
    "decimals": ("5.", ".5", "23.25"),
    "exponents": ("1e3", "1E2", "2.5e-1"),
    "a blank": ("62", "", "45"),
    "spaces around a number": (" 5", "6 ", "7"),
    "absence markers": ("62", "abs", "n/a"),
    "text one reader takes for a number": ("nan", "inf", "-Infinity"),
    "a hex number": ("0x10", "12", "13"),
    "a tick box word": ("True", "False", "62"),
    "a date": ("2026-09-15", "12:00", "62"),
    "a decimal comma": ("1,5", "2", "3"),
    "a number longer than any whole number": ("12345678901234567890", "5", "6"),
}


@pytest.mark.parametrize("cells", CELLS.values(), ids=CELLS.keys())
def test_a_score_or_class_column_reads_the_same_by_either_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cells: tuple[str, str, str]
) -> None:
    """The cells under test in the first rows of the Class and WCPM columns, numbers below."""
    path = tmp_path / "room7.csv"
    column = [*cells, *(str(50 + i) for i in range(5))]
    rows = [f"{100 + i},Fall,{cell},{cell},{i}\n" for i, cell in enumerate(column)]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    assert_same_reading(*read_both_ways(path, monkeypatch))


WHOLE_COLUMNS = {
    "dates": ("2026-09-15",) * 6,
    "times": ("12:00",) * 6,
    "tick box words": ("TRUE", "true", "False") * 2,
    "tick box words and blanks": ("TRUE", "", "false") * 2,
    "a number pyarrow reads as missing": ("nan",) * 6,
    "long class codes": ("12345678901234567890",) * 6,
}


@pytest.mark.parametrize("cells", WHOLE_COLUMNS.values(), ids=WHOLE_COLUMNS.keys())
def test_a_window_or_class_column_of_one_kind_reads_the_same_by_either_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cells: tuple[str, ...]
) -> None:
    path = tmp_path / "room7.csv"
    rows = [f"{100 + i},{cell},{cell},{50 + i},{i}\n" for i, cell in enumerate(cells)]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    assert_same_reading(*read_both_ways(path, monkeypatch))


ROWS = "101,Fall,7,62,8\n102,Fall,7,88,9\n"
IRREGULAR = {
    "a short row": HEADER + "101,Fall,7,62\n102,Fall,7,88,9\n",
    "a long row": HEADER + "101,Fall,7,62,8,extra\n102,Fall,7,88,9\n",
    "a blank line": HEADER + "101,Fall,7,62,8\n\n102,Fall,7,88,9\n",
    "a quoted line break": HEADER + '101,Fall,"7\nB",62,8\n102,Fall,7,88,9\n',
    "a quote in the title": HEADER.replace("Room 7", '"Room 7"') + ROWS,
    "ids with their zeros": HEADER + "00101,Fall,7,62,8\n00102,Fall,7,88,9\n",
    # pyarrow types a column by its first megabyte of lines
    "numbers in the first megabyte, a word later": HEADER
    + "".join(
        f"{100 + i},Fall,7,{'abs' if i == 79_999 else i % 200},{i % 9}\n" for i in range(80_000)
    ),
}


@pytest.mark.parametrize("text", IRREGULAR.values(), ids=IRREGULAR.keys())
def test_an_irregular_file_reads_the_same_by_either_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    path = tmp_path / "room7.csv"
    path.write_text(text, encoding="utf-8")
    assert_same_reading(*read_both_ways(path, monkeypatch))


def test_a_plain_export_is_read_by_pyarrow(tmp_path: Path) -> None:
    data = (HEADER + "101,Fall,7,62,8\n102,Fall,7,,abs\n").encode("utf-8")
    frame = csv_body.body_rows(data, "utf-8", ",", 5, 1, [0])
    assert frame is not None
    assert frame[0].tolist() == ["101", "102"]
    assert frame[3].fillna(-1).tolist() == [62, -1]
    assert frame[4].tolist() == ["8", "abs"]


def test_a_windows_1252_export_is_read_by_pyarrow_as_written(tmp_path: Path) -> None:
    data = "Student,WCPM\nMaría García,62\n".encode("cp1252")
    frame = csv_body.body_rows(data, "cp1252", ",", 2, 0, [])
    assert frame is not None
    assert frame[0].tolist() == ["María García"]
