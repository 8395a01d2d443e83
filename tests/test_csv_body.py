"""A CSV's rows are read by pyarrow when it can and by pandas otherwise, with the same result."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from famdata import ingest
from famdata.errors import FamdataError
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


def answer(data: bytes) -> ingest.Reading | str:
    """The reading of a CSV file, or the sentence refusing it."""
    try:
        return ingest.read(data, filename="room7.csv")
    except FamdataError as error:
        return str(error)


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
    "infinity among numbers pandas spells its own way": ("1e3", "inf", "6."),
    "a number too large for a float": ("1e400", "-0", "+2"),
    "a vertical tab and a form feed around a number": ("\x0b5", "6.\x0c", "1e3"),
    "a quoted line break after a number": ('"5\n"', "6.", "1e3"),
    "a quoted carriage return before a number": ('"\r5"', "6.", "1e3"),
    "a signed number beyond exact floats": ("+9007199254740993", "+9007199254740995", "+1"),
    "tick box words in mixed case": ("tRUE", "fALSE", "TrUe"),
    "an exponent after a space, read by pandas": ("+6E 1", "+9E\t7", " +.5E 1"),
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
    "a byte-order mark opening the first row": HEADER + "\ufeff" + ROWS,
    "a long whole number beside a blank": HEADER
    + "101,Fall,9007199254740993,62,8\n102,Fall,,88,9\n",
    "a tick box word in mixed case beside a blank": HEADER + "101,Fall,tRUE,62,8\n102,Fall,,88,9\n",
    # pandas types a wide file's rows a block at a time
    "a word in the first rows, numbers below in a file of 32 columns": (
        "Student ID,Window,WCPM,Maze" + "".join(f",Q{i}" for i in range(4, 32)) + "\n"
        "100,Fall,abs,5"
        + ",1" * 28
        + "\n"
        + "".join(
            f"{101 + i},Fall,{'1e2' if i == 16390 else '62'},5" + ",1" * 28 + "\n"
            for i in range(16400)
        )
    ),
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


def test_one_class_selected_from_a_schools_file_reads_the_same_by_either_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "school.csv"
    rows = [f"{100 + i},Fall,{'7' if i % 2 else '8'},{50 + i},{i}\n" for i in range(20)]
    path.write_text(HEADER + "".join(rows) + ",Fall,Class average,60,5\n", encoding="utf-8")
    fast = ingest.read(path, select={"Class": "7"})
    with monkeypatch.context() as patch:
        patch.setattr(csv_body, "body_rows", lambda *_: None)
        slow = ingest.read(path, select={"Class": "7"})
    assert len(fast.roster) == 10
    assert_same_reading(fast, slow)


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


def test_a_quoted_line_break_across_the_end_of_the_first_lines_is_read() -> None:
    """famdata looks at the first 500 lines for the header; a note opened on line 500 and closed
    on line 501 is still one cell."""
    rows = "".join(f"{100 + i},Fall,7,62,8\n" for i in range(497))
    note = '600,Fall,7,62,"reread\ntwice"\n601,Fall,7,62,8\n'
    reading = ingest.read((HEADER + rows + note).encode(), filename="room7.csv")
    assert len(reading.roster) == 499


def test_a_quote_left_open_in_the_first_lines_is_refused_in_famdatas_words() -> None:
    with pytest.raises(FamdataError, match="quotes or separators that do not line up"):
        ingest.read(b'Student ID,WCPM\n"101,62\n', filename="room7.csv")


# cells each reader could take its own way, among numbers and words
TOKENS = [
    *("62", " 62", "62 ", "+62", "-0", "007", "6.", ".5", "1e3", "1E-3", "1e400", "-1e400"),
    *("inf", "-Infinity", "nan", "NaN", "NA", "N/A", "null", "True", "false", "yes", "0x1A"),
    *("1_000", "2026-09-15", "12:00", "9/15/2026", "9007199254740993", "12345678901234567890"),
    *(
        "abs",
        "Fall",
        "Room 7",
        "Café",
        "García",
        "٢٣",
        "\uff16",
        "",
        "\x0b5",
        "5\x0c",
        '"62"',
        '""',
    ),
    *('"a,b"', '"a\nb"', '"a""b"', '"5\n"', "\t", "  ", "-", "1,5", "3;4", "\ufeff7", "45%"),
]
column_kinds = st.sampled_from(["numbers", "words", "numbers and a token", "tokens"])


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    kinds = draw(st.lists(column_kinds, min_size=2, max_size=5))
    header = ["Student ID", "Window", "WCPM", "Maze", "Class"][: len(kinds)]
    lines = draw(st.lists(st.sampled_from(["Title: Room 7", "", "Report" + delimiter]), max_size=2))
    lines.append(delimiter.join(header))
    for row in range(draw(st.integers(1, 30))):
        cells = [str(100 + row)]
        for kind in kinds[1:]:
            number = str(draw(st.integers(0, 200) | st.floats(0, 100).map(lambda f: round(f, 2))))
            token = draw(st.sampled_from(TOKENS))
            pick = {
                "numbers": number,
                "words": draw(st.sampled_from(["Fall", "Ana"])),
                "numbers and a token": token if row == 3 else number,
                "tokens": token,
            }
            cells.append(pick[kind])
        cells = cells[: draw(st.integers(len(cells) - 1, len(cells)))] if row == 5 else cells
        lines.append(delimiter.join(cells))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.encode(encoding, errors="replace")


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(csv_files())
def test_any_csv_reads_the_same_by_either_reader(
    monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    fast = answer(data)
    with monkeypatch.context() as patch:
        patch.setattr(csv_body, "body_rows", lambda *_: None)
        slow = answer(data)
    if isinstance(fast, str) or isinstance(slow, str):
        assert fast == slow
    else:
        assert_same_reading(fast, slow)
