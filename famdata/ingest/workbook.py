"""Opening a file a teacher uploads: which kind it is, whether it is safe to parse, its sheets.

Everything here answers a whole-file question ("is this a spreadsheet at all?") with one
plain-language `FamdataError`; what the cells mean is `famdata.ingest`'s business. Sheets come
back as grids anchored at cell A1, so a row index + 1 is the row number the teacher sees.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import posixpath
import re
import zipfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd
import python_calamine

from famdata import archives
from famdata.errors import FamdataError

MAX_FILE_BYTES = 100 * 1024 * 1024
# A district export of 50,000 rows x 20 columns unpacks to about 60 MB of XML.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024

# What famdata reads of one sheet: far beyond any class or school, well under a gigabyte of memory.
MAX_ROWS = 100_000
MAX_COLUMNS = 2_000
MAX_CELLS = 5_000_000
MAX_LINE_BYTES = 4 * 1024 * 1024  # one line, or one quoted field, of a text file
SCAN_CHUNK_BYTES = 1024 * 1024
MAX_TAG_BYTES = 16 * 1024 * 1024  # XML read at once when no tag starts in it

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab", ""}
DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 500

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

    def below(self, header_row: int, text_columns: Collection[int] = ()) -> pd.DataFrame:
        """The rows under the header, indexed by grid row.

        From a text file a column of numbers comes typed (float, NaN for an empty cell), except
        `text_columns` and any column whose first lines hold zero-padded numbers such as an ID
        "00123", which stay text as written. Every other column holds cells as in `grid`.
        """
        if self.data is None or self.delimiter is None:
            return self.grid.loc[header_row + 1 :]
        sniffed = self.grid.loc[header_row + 1 :]
        keep_text = set(text_columns) | {c for c in sniffed.columns if _zero_padded(sniffed[c])}
        layout = _Layout(self.delimiter, self.encoding, self.grid.shape[1])
        return _typed_rows(self.data, layout, header_row, keep_text)


def _zero_padded(cells: pd.Series) -> bool:
    return any(isinstance(v, str) and len(v) > 1 and v[0] == "0" and v[1].isdigit() for v in cells)


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
        _refuse_huge_sheets(name, data)
        return _workbook_sheets(name, data)
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise FamdataError(
                f"{name} is password-protected. Open it in Excel, remove the password "
                "(File > Info > Protect Workbook), save, and upload it again."
            )
        return _workbook_sheets(name, data)
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
    if archives.is_bomb(members, MAX_UNPACKED_BYTES):
        unpacked = archives.unpacked_bytes(members)
        raise FamdataError(
            f"{name} would unpack to {unpacked // (1024 * 1024):,} MB, far more than a class or "
            "school file; famdata did not open it."
        )


@dataclass(frozen=True)
class _Extent:
    """How far a sheet reaches from A1 as calamine would lay it out, and what reaches that far."""

    rows: int
    columns: int
    row_cause: str  # e.g. "a cell at A1048576", "a row repeated 1,000,000 times"
    column_cause: str


def _refuse_large_extent(name: str, sheet: str, extent: _Extent) -> None:
    """Refuse a sheet whose grid would not fit in memory, naming what to delete."""
    where = f"{name}, sheet '{sheet}':"
    fix = "Delete the far cells (or copy the table into a new sheet) and upload it again."
    if extent.columns > MAX_COLUMNS:
        raise FamdataError(
            f"{where} {extent.column_cause} makes the sheet {extent.columns:,} columns wide; "
            f"famdata reads sheets up to {MAX_COLUMNS:,} columns. {fix}"
        )
    if extent.rows > MAX_ROWS:
        raise FamdataError(
            f"{where} {extent.row_cause} makes the sheet {extent.rows:,} rows long; "
            f"famdata reads sheets up to {MAX_ROWS:,} rows. {fix}"
        )
    cells = extent.rows * extent.columns
    if cells > MAX_CELLS:
        same = extent.row_cause == extent.column_cause
        causes = extent.row_cause if same else f"{extent.column_cause} and {extent.row_cause}"
        raise FamdataError(
            f"{where} {causes} {'makes' if same else 'make'} the sheet {extent.columns:,} "
            f"columns by {extent.rows:,} rows, {cells:,} cells; famdata reads sheets up to "
            f"{MAX_CELLS:,} cells. {fix}"
        )


def _refuse_huge_sheets(name: str, data: bytes) -> None:
    """Refuse a sheet that claims more rows, columns or cells than famdata reads.

    calamine allocates the whole rectangle up to the farthest cell (in Rust, where a 2 KB file
    can ask for 500 GB and abort the process), so the claim is read from the XML first.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "content.xml" in archive.NameToInfo:
                extents = _ods_extents(archive)
            else:
                sheets = _xlsx_sheets(archive)
                extents = [(sheet, _xlsx_extent(archive, member)) for sheet, member in sheets]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise FamdataError(f"{name} is damaged: it could not be opened as a workbook.") from error
    for sheet, extent in extents:
        if extent is not None:
            _refuse_large_extent(name, sheet, extent)


def _xml_pieces(archive: zipfile.ZipFile, member: str) -> Iterator[memoryview]:
    """A member's XML in pieces of about SCAN_CHUNK_BYTES, each ending just before a '<'.

    No tag or cell reference is split between pieces, each byte is scanned once, the member is
    never unpacked whole, and one buffer is reused (fresh megabytes cost more than the scan).
    A piece is valid only until the next one is asked for.
    """
    buffer = bytearray()
    with archive.open(member) as stream:
        while chunk := stream.read(SCAN_CHUNK_BYTES):
            buffer += chunk
            cut = buffer.rfind(b"<")
            if cut <= 0 and len(buffer) < MAX_TAG_BYTES:
                continue
            cut = cut if cut > 0 else len(buffer)
            with memoryview(buffer)[:cut] as piece:
                yield piece
            del buffer[:cut]
    with memoryview(buffer) as piece:
        yield piece


# XLSX. Only a reference with two letters or six digits reaches past column Z or row 99,999, and
# normal exports have none: one pass that finds nothing in them is all they cost (each further
# pattern, such as r = "A1" with spaces, would add a tenth to a district export's read).
_FAR_REF = re.compile(rb""" r=["'](?:[A-Za-z](?:[A-Za-z]|[0-9]{6})|[0-9]{6})""")
_ANY_REF = re.compile(rb"""\sr\s*=\s*["']\s*([A-Za-z]*)\s*([0-9]*)""")
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s([^>]*)>")
_RELATIONSHIP_TAG = re.compile(rb"<(?:\w+:)?Relationship\s([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attributes(tag: bytes) -> dict[str, str]:
    """A tag's attributes by local name (r:id -> id), values unescaped."""
    return {
        key.decode(errors="replace").rpartition(":")[2]: html.unescape(
            (double or single).decode(errors="replace")
        )
        for key, double, single in _ATTRIBUTE.findall(tag)
    }


def _xlsx_sheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, member) of each worksheet, named through xl/workbook.xml and its relationships;
    a worksheet they do not name is still scanned, under its file name."""
    members = set(archive.NameToInfo)
    targets = {
        attrs.get("Id", ""): _resolve(attrs.get("Target", ""))
        for attrs in _tags(archive, "xl/_rels/workbook.xml.rels", _RELATIONSHIP_TAG)
    }
    named = {}
    for attrs in _tags(archive, "xl/workbook.xml", _SHEET_TAG):
        member = targets.get(attrs.get("id", ""), "")
        if member in members and member.endswith(".xml"):  # not xlsb's binary sheets
            named[member] = attrs.get("name", member)
    sheets = [(sheet, member) for member, sheet in named.items()]
    sheets += [
        (posixpath.basename(m), m)
        for m in sorted(members)
        if m.startswith("xl/worksheets/") and m.endswith(".xml") and m not in named
    ]
    return sheets


def _resolve(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")


def _tags(archive: zipfile.ZipFile, member: str, tag: re.Pattern[bytes]) -> list[dict[str, str]]:
    if member not in archive.NameToInfo:
        return []
    with archive.open(member) as stream:
        head = stream.read(MAX_TAG_BYTES)
    return [_attributes(found) for found in tag.findall(head)]


def _xlsx_extent(archive: zipfile.ZipFile, member: str) -> _Extent | None:
    """The sheet's extent when a reference reaches past column Z or row 99,999, else None.

    Counts every referenced cell, even one that holds only a style: cheaper than telling which
    calamine skips, and a sheet formatted that far is worth the teacher's look anyway.
    """
    if not any(_FAR_REF.search(piece) for piece in _xml_pieces(archive, member)):
        return None  # at most 26 columns x 99,999 rows
    columns, column_cause, rows, row_cause = 0, "", 0, ""
    for piece in _xml_pieces(archive, member):
        refs = _ANY_REF.findall(piece)
        if not refs:
            continue
        letters, digits = zip(*refs, strict=True)
        widest = max(set(letters), key=_column_number)
        if _column_number(widest) > columns:
            columns = _column_number(widest)
            column_cause = _cause(*next(ref for ref in refs if ref[0] == widest))
        longest = max(set(digits), key=_row_number)
        if _row_number(longest) > rows:
            rows = _row_number(longest)
            row_cause = _cause(*max((r for r in refs if r[1] == longest), key=_has_column))
    return _Extent(rows, columns, row_cause, column_cause)


# ODS: a row or cell stands for many through its repeat attribute; calamine counts a repeated
# row or cell only up to the last one holding a value (one with a value-type).
_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>"
)
_ROWS_REPEATED = re.compile(rb"""number-rows-repeated\s*=\s*["']\s*([0-9]+)""")
_COLUMNS_REPEATED = re.compile(rb"""number-columns-repeated\s*=\s*["']\s*([0-9]+)""")
_TABLE_NAME = re.compile(rb"""table:name\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class _OdsTable:
    """One table's extent while its rows stream past."""

    def __init__(self, attributes: bytes) -> None:
        found = _TABLE_NAME.search(attributes)
        raw = (found.group(1) or found.group(2)) if found else b"Sheet"
        self.name = html.unescape(raw.decode(errors="replace"))
        self.rows_before = 0  # rows above the current one, repeats counted
        self.row_repeat = 1
        self.row_columns = 0  # columns up to the current row's last value
        self.column = 0  # columns up to the current cell
        self.row_cell_cause = ""
        self.longest_repeat = 1  # of the rows counted so far
        self.extent = _Extent(0, 0, "", "")

    def start_row(self, attributes: bytes, closed: bool) -> None:
        self.row_repeat = _repeat(_ROWS_REPEATED, attributes)
        self.row_columns, self.column, self.row_cell_cause = 0, 0, ""
        if closed:
            self.rows_before += self.row_repeat

    def cell(self, attributes: bytes) -> None:
        repeat = _repeat(_COLUMNS_REPEATED, attributes)
        self.column += repeat
        if b"value-type" in attributes:
            self.row_columns = self.column
            self.row_cell_cause = (
                f"a cell repeated {repeat:,} times" if repeat > 1 else self.row_cell_cause
            )

    def end_row(self) -> None:
        rows = self.rows_before + self.row_repeat
        self.rows_before = rows
        if not self.row_columns:
            return
        before = self.extent
        self.longest_repeat = max(self.longest_repeat, self.row_repeat)
        row_cause = (
            f"a row repeated {self.longest_repeat:,} times"
            if self.longest_repeat > 1
            else f"a cell in row {rows:,}"
        )
        if self.row_columns > before.columns:
            column_cause = self.row_cell_cause or f"a cell in column {self.row_columns:,}"
        else:
            column_cause = before.column_cause
        self.extent = _Extent(rows, max(self.row_columns, before.columns), row_cause, column_cause)


def _repeat(attribute: re.Pattern[bytes], attributes: bytes) -> int:
    found = attribute.search(attributes)
    return max(_row_number(found.group(1)), 1) if found else 1


def _ods_extents(archive: zipfile.ZipFile) -> list[tuple[str, _Extent | None]]:
    """Each table's extent in content.xml, repeats multiplied out without expanding them."""
    extents: list[tuple[str, _Extent | None]] = []
    table: _OdsTable | None = None
    for piece in _xml_pieces(archive, "content.xml"):
        for closing, kind, attributes in _ODS_TAG.findall(piece):
            closed = attributes.endswith(b"/")
            if kind == b"table":
                if closing and table is not None:
                    extents.append((table.name, table.extent))
                table = None if closing else _OdsTable(attributes)
            elif table is None:
                continue
            elif kind == b"table-row":
                if closing:
                    table.end_row()
                else:
                    table.start_row(attributes, closed)
            elif not closing:
                table.cell(attributes)
    if table is not None:  # a table the file never closes
        extents.append((table.name, table.extent))
    return extents


def _refuse_long_lines(name: str, data: bytes) -> None:
    """Refuse a text file with a line, or a quoted field, longer than MAX_LINE_BYTES.

    pandas holds a whole line (and more) at once, so one 44 MB line takes gigabytes. A line or
    field that long fills at least one whole block of half the limit, so only a block with no
    line end, or inside quotes with no quote of its own, is measured: a few finds per block.
    """
    if len(data) <= MAX_LINE_BYTES:
        return
    block = MAX_LINE_BYTES // 2
    quotes = 0
    for start in range(0, len(data), block):
        end = min(start + block, len(data))
        if data.find(b"\n", start, end) < 0 and data.find(b"\r", start, end) < 0:
            _refuse_long_span(name, data, _line_around(data, start), "line")
        inside = data.count(b'"', start, end)
        if quotes % 2 and not inside:
            opened = data.rfind(b'"', 0, start)
            closed = data.find(b'"', end)
            _refuse_long_span(name, data, (opened, len(data) if closed < 0 else closed), "field")
        quotes += inside


def _line_around(data: bytes, position: int) -> tuple[int, int]:
    begin = max(data.rfind(b"\n", 0, position), data.rfind(b"\r", 0, position)) + 1
    ends = [e for e in (data.find(b"\n", position), data.find(b"\r", position)) if e >= 0]
    return begin, min(ends, default=len(data))


def _refuse_long_span(name: str, data: bytes, span: tuple[int, int], what: str) -> None:
    begin, end = span
    if end - begin <= MAX_LINE_BYTES:
        return
    line = data.count(b"\n", 0, begin) + 1
    where = f"line {line:,}" if what == "line" else f"a {what} starting on line {line:,}"
    raise FamdataError(
        f"{name}: {where} is {(end - begin) / 1024**2:,.0f} MB long; "
        f"famdata reads {what}s up to {MAX_LINE_BYTES // 1024**2} MB. This is not a table of "
        "scores with one student per line: export the scores again as CSV or Excel."
    )


def _column_number(letters: bytes) -> int:
    """A=1 ... XFD=16,384; letters beyond any real sheet count as a billion columns."""
    if len(letters) > 6:
        return 10**9
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _row_number(digits: bytes) -> int:
    significant = digits.lstrip(b"0")
    return int(significant or b"0") if len(significant) <= 10 else 10**10


def _has_column(ref: tuple[bytes, bytes]) -> bool:
    """Whether a reference names a cell (A1), not only a row: the clearer one to show."""
    return bool(ref[0])


def _cause(letters: bytes, digits: bytes) -> str:
    if not letters:
        return f"a row numbered {_row_number(digits):,}"
    return f"a cell at {letters.decode().upper()}{_row_number(digits)}"


def _workbook_sheets(name: str, data: bytes) -> list[Sheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for sheet_name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            sheets.append(Sheet(sheet_name, pd.DataFrame(rows, dtype=object)))
    except FamdataError:
        raise
    except Exception as error:  # calamine reports damage with assorted exception types
        raise FamdataError(
            f"{name} could not be read as a spreadsheet: it may be damaged, password-protected "
            "or not really the kind of file its name says."
        ) from error
    return sheets


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
    _refuse_long_lines(name, data)
    encoding = text_encoding(data)
    text = data.decode(encoding)
    # Most files have no \r at all, found with one fast scan; counting \r\n is slow.
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        # pandas' reader merges a blank line ended by a lone \r into the next: end lines with \n.
        text = _lines(text).read()
        data = text.encode(encoding)
    first_lines = "".join(itertools.islice(_lines(text), SNIFF_LINES))
    delimiter = sniff_delimiter(first_lines)
    sample = list(csv.reader(io.StringIO(first_lines), delimiter=delimiter))
    width = max((len(row) for row in sample), default=1)
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
    return Sheet(Path(name).stem or "Sheet1", grid, delimiter, data, encoding)


def _typed_rows(
    data: bytes, layout: _Layout, header_row: int, text_columns: Collection[int]
) -> pd.DataFrame:
    """The rows under the header: numbers typed (NaN for empty), `text_columns` as written."""
    try:
        frame = _read_below(data, layout, header_row, text_columns)
    except (pd.errors.ParserError, ValueError):
        # A row wider than the first lines: read every row to find the widest.
        rows = csv.reader(_lines(data.decode(layout.encoding)), delimiter=layout.delimiter)
        wider = _Layout(layout.delimiter, layout.encoding, max(map(len, rows)))
        frame = _read_below(data, wider, header_row, text_columns)
    frame.index = pd.RangeIndex(header_row + 1, header_row + 1 + len(frame))
    for column in frame.columns:
        if column not in text_columns and not pd.api.types.is_numeric_dtype(frame[column]):
            written = frame[column].to_numpy(dtype=object, na_value="")
            frame[column] = pd.Series(written, index=frame.index, dtype=object, copy=False)
    return frame


def _read_below(
    data: bytes, layout: _Layout, header_row: int, text_columns: Collection[int]
) -> pd.DataFrame:
    # Read from bytes and let the header line be the one pandas replaces with `names`: both are
    # markedly faster in pandas' C reader than a text stream or skipping the header line.
    return pd.read_csv(
        io.BytesIO(data),
        encoding=layout.encoding,
        sep=layout.delimiter,
        header=0,
        names=range(layout.width),
        index_col=False,
        skiprows=header_row,
        dtype=dict.fromkeys(text_columns, object),
        keep_default_na=False,
        na_values={c: [""] for c in range(layout.width) if c not in text_columns},
        skip_blank_lines=False,
        engine="c",
    )
