"""Opening a file a teacher uploads: which kind it is, whether it is safe to parse, its sheets.

Everything here answers a whole-file question ("is this a spreadsheet at all?") with one
plain-language `FamdataError`; what the cells mean is `famdata.ingest`'s business. Sheets come
back as grids anchored at cell A1, so a row index + 1 is the row number the teacher sees.
"""

from __future__ import annotations

import csv
import io
import itertools
import posixpath
import zipfile
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine

from famdata import archives
from famdata.errors import FamdataError
from famdata.ingest import biff, csv_body, extent, formats, text_extent

MAX_FILE_BYTES = 100 * 1024 * 1024
# A district export of 50,000 rows x 20 columns unpacks to about 60 MB of XML.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024

# What famdata reads of one sheet: far beyond any class or school, well under a gigabyte of memory.

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab", ""}
DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 500
# Python's CSV reader stops at a 128 KB field; famdata refuses a field only past its own limit
# (text_extent.refuse_long_lines), and reads what is under it.
csv.field_size_limit(max(csv.field_size_limit(), text_extent.MAX_LINE_BYTES))

Source = bytes | BinaryIO | Path | str


@dataclass(frozen=True)
class Sheet:
    """One sheet as a grid of cells: '' for empty, float/str/date/bool otherwise.

    A text file's grid holds only its first lines, enough to find the header; `below` reads the
    rest with pandas' own typing, which keeps a district-size CSV about as fast as `read_csv`.
    """

    name: str
    grid: pd.DataFrame
    delimiter: str | None = None  # for text files: the one that was sniffed
    data: bytes | None = None  # for text files: the whole file, read again below the header
    encoding: str = "utf-8"  # ... in this encoding
    filename: str = ""  # for text files: the file's name, for messages about a line of it
    # Cells shown as percents in the workbook (column -> rows, from A1), already read as 96.5,
    # not the 0.965 the file stores.
    percent: Mapping[int, Collection[int]] = field(default_factory=dict)

    def below(self, header_row: int, text_columns: Collection[int] = ()) -> pd.DataFrame:
        """The rows under the header, indexed by grid row.

        From a text file a column of numbers comes typed (float, NaN for an empty cell), except
        `text_columns` and any column whose first lines hold zero-padded numbers such as an ID
        "00123", which stay text as written. Every other column holds cells as in `grid`.
        """
        if self.data is None or self.delimiter is None:
            return self.grid.loc[header_row + 1 :]
        keep_text = set(text_columns) | _zero_padded(self.grid.loc[header_row + 1 :])
        layout = _Layout(self.delimiter, self.encoding, self.grid.shape[1])
        return _typed_rows(self.filename, self.data, layout, header_row, keep_text)


def _zero_padded(cells: pd.DataFrame) -> set[int]:
    """The columns with a number written with leading zeros ("00123") in the first lines."""
    written = pa.array(
        cells.to_numpy(dtype=object).ravel(order="F"), type=pa.string(), from_pandas=True
    )
    padded = pc.fill_null(pc.match_substring_regex(written, r"^0\p{Nd}"), False)
    by_column = padded.to_numpy(zero_copy_only=False).reshape(cells.shape, order="F").any(axis=0)
    return {cells.columns[c] for c in np.flatnonzero(by_column)}


def load_bytes(source: Source, filename: str | None = None) -> tuple[str, bytes]:
    """The file's name (no folders) and its bytes, refusing files too large to be a class."""
    if isinstance(source, str | Path):
        path = Path(source)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FamdataError(_too_large(path.name))
        return filename or path.name, path.read_bytes()
    data = source if isinstance(source, bytes) else source.read()
    name = Path(filename or getattr(source, "name", "") or "upload").name
    if len(data) > MAX_FILE_BYTES:
        raise FamdataError(_too_large(name))
    return name, data


def _too_large(name: str) -> str:
    return (
        f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, far more than a class or "
        "school file: export only the classes you need."
    )


def open_sheets(name: str, data: bytes) -> list[Sheet]:
    """Every sheet of a workbook, or the one table of a text file."""
    if not data or data.isspace():  # as `not data.strip()`, without copying the file
        raise FamdataError(f"{name} is empty.")
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF"):
        raise FamdataError(
            f"{name} is a PDF, not a spreadsheet: export the scores as Excel or CSV."
        )
    if data.startswith(ZIP_MAGIC):
        _refuse_bombs(name, data)
        extent.refuse_huge_sheets(name, data)
        return _workbook_sheets(name, data, formats.percent_cells(data))
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise FamdataError(_password_protected(name))
        try:
            extent.refuse_huge_xls(name, data)
        except biff.PasswordProtected as error:
            raise FamdataError(_password_protected(name)) from error
        return _workbook_sheets(name, data, {})
    if suffix in SPREADSHEET_SUFFIXES or b"\x00" in data[:4096]:
        raise FamdataError(
            f"{name} is not a spreadsheet famdata can read (it is not an Excel, OpenDocument "
            "or CSV file inside)."
        )
    return [_text_sheet(name, data)]


def _refuse_bombs(name: str, data: bytes) -> None:
    """Refuse an archive that would unpack to far more than any class file, before unpacking."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise FamdataError(f"{name} is damaged: it could not be opened as a workbook.") from error
    if any(member.flag_bits & 0x1 for member in members):  # 0x1: the member is encrypted
        raise FamdataError(_password_protected(name))
    if any(_roundabout(member.filename) for member in members):
        # "xl/./s/sheet1.xml" beside "xl/s/sheet1.xml": the scans would measure one and
        # calamine read the other.
        raise FamdataError(f"{name} is damaged: it could not be opened as a workbook.")
    if archives.is_bomb(members, MAX_UNPACKED_BYTES):
        unpacked = archives.unpacked_bytes(members)
        raise FamdataError(
            f"{name} would unpack to {unpacked // (1024 * 1024):,} MB, far more than a class or "
            "school file; famdata did not open it."
        )


def _roundabout(member: str) -> bool:
    """A member's name with a "." or ".." folder or an empty one in it, as no program writes."""
    path = member.rstrip("/")
    return posixpath.normpath(path) != path if path else False


def _password_protected(name: str) -> str:
    return (
        f"{name} is password-protected. Open it in Excel, remove the password "
        "(File > Info > Protect Workbook), save, and upload it again."
    )


def _workbook_sheets(name: str, data: bytes, percent: formats.PercentCells) -> list[Sheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        cells = 0
        for sheet_name in workbook.sheet_names:
            found = workbook.get_sheet_by_name(sheet_name)
            # calamine's totals are the index of the last row and column, from 0
            height, width = found.total_height + 1, found.total_width + 1
            extent.refuse_large_grid(name, sheet_name, height, width)
            cells += height * width
            extent.refuse_large_workbook(name, cells)
            rows = found.to_python(skip_empty_area=False)
            grid = pd.DataFrame(rows, dtype=object)
            shown = _as_shown(grid, percent.get(sheet_name, {}))
            sheets.append(Sheet(sheet_name, grid, percent=shown))
    except FamdataError:
        raise
    except BaseException as error:  # calamine reports damage with assorted exception types
        if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
            raise  # an interrupt, not the file; a panic in calamine's Rust is the file's damage
        raise FamdataError(
            f"{name} could not be read as a spreadsheet: it may be damaged, password-protected "
            "or not really the kind of file its name says."
        ) from error
    return sheets


def _as_shown(grid: pd.DataFrame, percent: Mapping[int, set[int]]) -> dict[int, list[int]]:
    """Percent-formatted numbers as the teacher sees them (0.965 -> 96.5), in place; the cells
    changed, by column."""
    shown: dict[int, list[int]] = {}
    for column, rows in percent.items():
        if column >= grid.shape[1]:
            continue
        for row in sorted(r for r in rows if r < grid.shape[0]):
            value = grid.iat[row, column]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                grid.iat[row, column] = round(value * 100, 10)
                shown.setdefault(column, []).append(row)
    return shown


def text_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, else Latin-1 (which never fails)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the most of the first lines into the same number of fields."""
    lines = [line for line in itertools.islice(_lines(text), SNIFF_LINES) if line.strip()]
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = [line.count(delimiter) for line in lines]
        widest = max(counts, default=0)
        score = sum(1 for c in counts if c == widest) * widest
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _lines(text: str) -> io.StringIO:
    """The text's lines, ended by \\n, \\r\\n or a lone \\r (old Mac Excel's "CSV" export)."""
    return io.StringIO(text, newline=None)


@dataclass(frozen=True)
class _Layout:
    """How a text file is written: its delimiter, its encoding, and its widest row."""

    delimiter: str
    encoding: str
    width: int


def _text_sheet(name: str, data: bytes) -> Sheet:
    text_extent.refuse_long_lines(name, data)
    encoding = text_encoding(data)
    # Most files have no \r at all, found with one fast scan; counting \r\n is slow.
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        # pandas' reader merges a blank line ended by a lone \r into the next: end lines with \n.
        data = _lines(data.decode(encoding)).read().encode(encoding)
    sniffed = data[: _first_lines_end(data)]
    first_lines = _lines(sniffed.decode(encoding)).read()
    delimiter = sniff_delimiter(first_lines)
    width = _widest_line(name, io.StringIO(first_lines), delimiter)
    text_extent.refuse_many_lines(
        name, text_extent.line_count(data) + (not data.endswith(b"\n")), width
    )
    try:
        grid = pd.read_csv(
            io.StringIO(first_lines),
            sep=delimiter,
            header=None,
            names=range(width),
            dtype=object,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as error:
        raise _not_a_table(name) from error
    return Sheet(Path(name).stem or "Sheet1", grid, delimiter, data, encoding, filename=name)


def _first_lines_end(data: bytes) -> int:
    """Where the first SNIFF_LINES lines end, or the line after them where a quoted cell they
    open closes (a note written over two lines), looking up to MAX_LINE_BYTES further."""
    first = csv_body.after_lines(data, SNIFF_LINES)
    if first is None:
        return len(data)
    end, quotes = first, data.count(b'"', 0, first)
    limit = min(len(data), first + text_extent.MAX_LINE_BYTES)
    while quotes % 2:
        closing = data.find(b'"', end, limit)
        if closing < 0:  # a stray quote, which pandas reads as written
            return first
        line_end = data.find(b"\n", closing)
        line_end = len(data) if line_end < 0 else line_end + 1
        quotes, end = quotes + data.count(b'"', end, line_end), line_end
    return end


def _widest_line(name: str, lines: Iterable[str], delimiter: str) -> int:
    """The most fields on any of the lines, refusing a line with more than a sheet's columns."""
    rows = csv.reader(lines, delimiter=delimiter)
    width = 1
    for row in rows:
        if len(row) > width:
            width = len(row)
            text_extent.refuse_wide_line(name, rows.line_num, width)
    return width


def _typed_rows(
    name: str, data: bytes, layout: _Layout, header_row: int, text_columns: Collection[int]
) -> pd.DataFrame:
    """The rows under the header: numbers typed (NaN for empty), `text_columns` as written."""
    frame = csv_body.body_rows(
        data, layout.encoding, layout.delimiter, layout.width, header_row, text_columns
    )
    if frame is None:
        frame = _pandas_rows(name, data, layout, header_row, text_columns)
    frame.index = pd.RangeIndex(header_row + 1, header_row + 1 + len(frame))
    return frame


def _pandas_rows(
    name: str, data: bytes, layout: _Layout, header_row: int, text_columns: Collection[int]
) -> pd.DataFrame:
    """The rows under the header as pandas' C reader reads them, for any file `csv_body` leaves
    to it."""
    frame = _read_or_reread(name, data, layout, header_row, text_columns)
    for column in frame.columns:
        if column not in text_columns and not pd.api.types.is_numeric_dtype(frame[column]):
            written = frame[column].to_numpy(dtype=object, na_value="")
            frame[column] = pd.Series(written, index=frame.index, dtype=object, copy=False)
    _infinity_as_written(name, data, layout, header_row, frame)
    return frame


def _infinity_as_written(
    name: str, data: bytes, layout: _Layout, header_row: int, frame: pd.DataFrame
) -> None:
    """Put back the text of each cell pandas read as infinity ("inf", "1e400"): no score, it is
    reported as a problem, quoting what the teacher wrote."""
    floats = [column for column in frame.columns if frame[column].dtype.kind == "f"]
    infinite = {column: np.isinf(frame[column].to_numpy()) for column in floats}
    infinite = {column: where for column, where in infinite.items() if where.any()}
    if not infinite:
        return
    written = _read_or_reread(name, data, layout, header_row, range(frame.shape[1]))
    for column, where in infinite.items():
        cells = frame[column].to_numpy(dtype=object)
        cells[where] = written[column].to_numpy(dtype=object)[where]
        frame[column] = pd.Series(cells, index=frame.index, dtype=object, copy=False)


def _read_or_reread(
    name: str, data: bytes, layout: _Layout, header_row: int, text_columns: Collection[int]
) -> pd.DataFrame:
    try:
        return _read_below(data, layout, header_row, text_columns)
    except (pd.errors.ParserError, ValueError):
        # A row wider than the header line, or than the first lines: read every row to find
        # the widest, then read the rows without the header line setting the width.
        lines = _lines(data.decode(layout.encoding))
        widest = max(_widest_line(name, lines, layout.delimiter), layout.width)
        text_extent.refuse_many_lines(name, text_extent.line_count(data) + 1, widest)
        wider = _Layout(layout.delimiter, layout.encoding, widest)
        try:
            return _read_below(data, wider, header_row, text_columns, header_line=False)
        except (pd.errors.ParserError, ValueError) as error:
            raise _not_a_table(name) from error


def _not_a_table(name: str) -> FamdataError:
    # pandas' own words could quote a cell, and so a name: not shown
    return FamdataError(
        f"{name} could not be read as a table: a line has quotes or separators that "
        "do not line up. Open it in a spreadsheet program and save it as CSV again."
    )


def _read_below(
    data: bytes,
    layout: _Layout,
    header_row: int,
    text_columns: Collection[int],
    header_line: bool = True,
) -> pd.DataFrame:
    # Read from bytes and let the header line be the one pandas replaces with `names`: both are
    # markedly faster in pandas' C reader than a text stream or skipping the header line. But
    # pandas then holds every row to the header line's width, so a file with a wider row is
    # read again with the header line skipped (`header_line=False`). Each column is typed once,
    # from all its rows (`low_memory=False`): by default pandas types a wide file a block of
    # rows at a time, so a column's "1e2" could be a number below row 16,384 and text above.
    return pd.read_csv(
        io.BytesIO(data),
        encoding=layout.encoding,
        sep=layout.delimiter,
        header=0 if header_line else None,
        names=range(layout.width),
        index_col=False,
        skiprows=header_row if header_line else header_row + 1,
        dtype=dict.fromkeys(text_columns, object),
        keep_default_na=False,
        na_values={c: [""] for c in range(layout.width) if c not in text_columns},
        skip_blank_lines=False,
        low_memory=False,
        engine="c",
    )
