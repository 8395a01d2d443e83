"""How large a sheet is, read before it is parsed: the cell references of an xlsx, the repeats of
an ods, the records of an old .xls (a text file's lines are measured in `text_extent`).

A 2 KB workbook can name a cell at XFD1048576, and an 800-byte ods can repeat a row a million
times; the spreadsheet reader would allocate every empty cell in between before famdata saw the
first value. So each sheet's extent is measured from the file itself, in pieces, and a sheet
beyond the limits is refused in one sentence instead.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from famdata.errors import FamdataError
from famdata.ingest import biff, text_volume
from famdata.ingest.pieces import MAX_TAG_BYTES, UnbrokenXml, holds, xml_pieces

MAX_ROWS = 100_000
MAX_COLUMNS = 2_000
MAX_CELLS = 3_000_000
MAX_WORKBOOK_CELLS = 5_000_000  # all its sheets together
MAX_SHEETS = 500


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


def refuse_huge_sheets(name: str, data: bytes) -> None:
    """Refuse a sheet that claims more rows, columns or cells than famdata reads.

    calamine allocates the whole rectangle up to the farthest cell (in Rust, where a 2 KB file
    can ask for 500 GB and abort the process), so the claim is read from the XML first.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.bin" in archive.NameToInfo:
                raise FamdataError(
                    f"{name} is an Excel binary workbook (.xlsb), which famdata does not open: "
                    "open it in Excel and save it as an Excel Workbook (.xlsx)."
                )
            if "content.xml" in archive.NameToInfo:
                extents, text = _ods_extents(archive)
            else:
                relationships = _workbook_relationships(archive)
                sheets = xlsx_sheets(archive, relationships)
                extents = [(sheet, _xlsx_extent(archive, member)) for sheet, member in sheets]
                text = text_volume.xlsx_text(
                    archive, [m for _, m in sheets], _shared_strings_targets(relationships)
                )
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise FamdataError(_damaged(name)) from error
    except UnbrokenXml as error:
        raise FamdataError(
            f"{name} holds {MAX_TAG_BYTES // (1024 * 1024)} MB of text with no break in it, "
            "which no spreadsheet program writes; famdata did not open it."
        ) from error
    except (OddTag, text_volume.NotPlainXml) as error:
        raise FamdataError(_odd_cells(name)) from error
    except AliasedSheet as error:
        raise FamdataError(_aliased(name)) from error
    _refuse_large_workbook(name, extents, text)


def refuse_huge_xls(name: str, data: bytes) -> None:
    """Refuse an old Excel workbook (.xls) whose sheets claim more rows, columns, cells or text
    than famdata reads, before calamine reads them all as it opens the file."""
    try:
        sheets = biff.sheets(data)
    except biff.SharedRecords as error:
        raise FamdataError(_aliased(name)) from error
    except biff.Damaged as error:
        raise FamdataError(_damaged(name)) from error
    _refuse_many_sheets(name, len(sheets))
    if any(sheet.cells > sheet.rows * sheet.columns for sheet in sheets):
        raise FamdataError(_odd_cells(name))  # cells written over one another
    recorded = "its recorded size"
    for sheet in sheets:
        claim = _Extent(sheet.recorded_rows, sheet.recorded_columns, recorded, recorded)
        _refuse_large_extent(name, sheet.name, claim)
    extents = [(sheet.name, _far_cell(sheet.rows, sheet.columns)) for sheet in sheets]
    _refuse_large_workbook(name, extents, sum(sheet.text for sheet in sheets))


def _refuse_large_workbook(name: str, extents: list[tuple[str, _Extent | None]], text: int) -> None:
    """Refuse a workbook with too many sheets, a sheet too large, or too much in all of them."""
    _refuse_many_sheets(name, len(extents))
    for sheet, extent in extents:
        if extent is not None:
            _refuse_large_extent(name, sheet, extent)
    refuse_large_workbook(name, sum(e.rows * e.columns for _, e in extents if e is not None))
    if text > text_volume.MAX_TEXT_CHARS:
        raise FamdataError(
            f"{name} would fill its cells with {text // 1_000_000:,} million characters of text "
            "(the same words copied into cell after cell), far more than any class or school "
            "file; famdata did not open it."
        )


def _refuse_many_sheets(name: str, sheets: int) -> None:
    if sheets > MAX_SHEETS:
        raise FamdataError(
            f"{name} has {sheets:,} sheets, far more than any class or school file; famdata "
            f"reads workbooks of up to {MAX_SHEETS:,} sheets."
        )


def refuse_large_workbook(name: str, cells: int) -> None:
    """Refuse a workbook whose sheets together hold more cells than famdata reads."""
    if cells > MAX_WORKBOOK_CELLS:
        raise FamdataError(
            f"{name}'s sheets together make {cells:,} cells; famdata reads workbooks of up to "
            f"{MAX_WORKBOOK_CELLS:,} cells. Upload only the sheets with the class's scores."
        )


def _damaged(name: str) -> str:
    return f"{name} is damaged: it could not be opened as a workbook."


def _aliased(name: str) -> str:
    return (
        f"{name} names the same sheet more than once, which no spreadsheet program writes; "
        "famdata did not open it."
    )


def _odd_cells(name: str) -> str:
    return (
        f"{name} has a row or cell written in a way no spreadsheet program writes; famdata "
        "did not open it."
    )


def refuse_large_grid(name: str, sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet the reader has measured before its cells become Python objects."""
    _refuse_large_extent(name, sheet, _far_cell(rows, columns))


def _far_cell(rows: int, columns: int) -> _Extent:
    far = f"a cell at {column_letters(columns)}{rows}"
    return _Extent(rows, columns, far, far)


def column_letters(number: int) -> str:
    """1 -> A, 27 -> AA, 16,384 -> XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class AliasedSheet(ValueError):
    """Two sheets of a workbook made of the same part, which calamine would read twice."""


class OddTag(ValueError):
    """A row or cell tag that cannot be read to its end (a stray "<", a value over 64 KB)."""


# XLSX. A cell's place is its reference (r="B2") or, without one, the place after the previous
# cell (a row without one is the row after the previous row). Only a reference with two letters
# or six digits reaches past column Z or row 99,999, and every spreadsheet program writes each
# row and cell tag with its reference first; so one pass finds any row or cell tag that is not
# so ordinary, and only then is the sheet measured tag by tag. The pass is RE2's (through
# pyarrow), four times faster than `re` over a district export's 37 MB of XML.
# A row or cell tag, with any namespace prefix (calamine reads the name after the colon), that
# does not start with its one reference: without one, with it later or written oddly, or with a
# second one (calamine takes the last). An ordinary piece has none; a far one also has a reference
# with two letters or six digits.
# Names and attributes are parted as calamine's XML reader parts them: by space, tab, CR and LF
# only, a prefix being anything before the name's first colon.
_SPACE = r"[ \t\r\n]"
_PREFIX = r"(?:[^ \t\r\n:>/][^ \t\r\n:>]*:)?"
_TAG = rf"<{_PREFIX}(?:c|row)"
_QUOTED = r"""(?:"[^"]*"|'[^']*')"""
_IRREGULAR_TAIL = (
    r"""[>/\t\n\r]| [^r]| r[^=]| r=[^"']"""
    + rf"""| r={_QUOTED}(?:(?:[^>"']|{_QUOTED})*(?:{_SPACE}|{_QUOTED}))?r{_SPACE}*="""
    # a "<" in the tag, even quoted, or the tag still open where the piece ends: a piece is cut
    # before a "<", so a quoted "<" could cut a tag in two
    + r"""|(?:[^>"'<]|"[^"<]*"|'[^'<]*')*(?:$|<|"[^"<]*(?:<|$)|'[^'<]*(?:<|$))"""
)
_FAR_TAIL = r""" r=["'](?:[A-Za-z]{2}|[0-9]{6}|[A-Za-z][0-9]{6})"""
_IRREGULAR = f"{_TAG}(?:{_IRREGULAR_TAIL})"
_NOT_ORDINARY = f"{_TAG}(?:{_IRREGULAR_TAIL}|{_FAR_TAIL})"
# Every row and cell tag of an ordinary piece starts with its reference.
_FIRST_REF = re.compile(_TAG.encode() + rb""" r=["']([A-Za-z]*)([0-9]*)""")
# A row or cell tag, its attributes and its end (none when the tag cannot be read to its end): a
# quoted value may hold ">" or "<" (calamine's reader allows both), up to _MAX_VALUE bytes.
# (Possessive: a long run of text is taken in one step, with nothing kept to backtrack to.)
_MAX_VALUE = 65_536
_ROW_OR_CELL = re.compile(
    rf"<{_PREFIX}(row|c)(?=[ \t\r\n/>])".encode()
    + rb"""((?:[^<>"']++|"[^"]{0,%d}+"|'[^']{0,%d}+')*+)(/?>)?""" % (_MAX_VALUE, _MAX_VALUE)
)
_REF_VALUE = re.compile(rb"""\s*([A-Za-z]*)\s*([0-9]*)""")
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s([^>]*)>")
_RELATIONSHIP_TAG = re.compile(rb"<(?:\w+:)?Relationship\s([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def attributes(tag: bytes) -> dict[str, str]:
    """A tag's attributes by local name (r:id -> id), values unescaped."""
    return {
        key.decode(errors="replace").rpartition(":")[2]: html.unescape(
            value.decode(errors="replace")
        )
        for key, value in _attribute_values(tag)
    }


def _references(attrs: bytes) -> list[tuple[bytes, bytes]]:
    """The letters and digits of each reference (r="B2") in a row or cell tag's attributes."""
    if b"r" not in attrs:
        return []
    return [
        _REF_VALUE.match(value).groups() for key, value in _attribute_values(attrs) if key == b"r"
    ]


def _attribute_values(tag: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(name, value as written) of each of a tag's attributes."""
    for key, double, single in _ATTRIBUTE.findall(tag):
        yield key, double or single


def xlsx_sheets(
    archive: zipfile.ZipFile, relationships: list[dict[str, str]] | None = None
) -> list[tuple[str, str]]:
    """(name, member) of each worksheet, named through xl/workbook.xml and its relationships;
    a worksheet they do not name is still scanned, under its file name. Two sheets that name
    the same member raise AliasedSheet."""
    members = set(archive.NameToInfo)
    targets = {
        attrs.get("Id", ""): _resolve(attrs.get("Target", ""))
        for attrs in relationships or _workbook_relationships(archive)
    }
    named = {}
    for attrs in _tags(archive, "xl/workbook.xml", _SHEET_TAG):
        member = targets.get(attrs.get("id", ""), "")
        if member in named:
            raise AliasedSheet(member)
        if member in members:  # whatever its name ends with: calamine reads it all the same
            named[member] = attrs.get("name", member)
    sheets = [(sheet, member) for member, sheet in named.items()]
    sheets += [
        (posixpath.basename(m), m)
        for m in sorted(members)
        if m.startswith("xl/worksheets/")
        and "/" not in m.removeprefix("xl/worksheets/")
        and m not in named
    ]
    return sheets


def _workbook_relationships(archive: zipfile.ZipFile) -> list[dict[str, str]]:
    """The attributes of each relationship of the workbook (its sheets, shared strings...)."""
    return _tags(archive, "xl/_rels/workbook.xml.rels", _RELATIONSHIP_TAG)


def _shared_strings_targets(relationships: list[dict[str, str]]) -> list[str]:
    """The members the workbook's relationships name as its shared strings."""
    return [
        _resolve(attrs.get("Target", ""))
        for attrs in relationships
        if attrs.get("Type", "").rsplit("/", 1)[-1].lower() == "sharedstrings"
    ]


def _resolve(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")


def _tags(archive: zipfile.ZipFile, member: str, tag: re.Pattern[bytes]) -> list[dict[str, str]]:
    if member not in archive.NameToInfo:
        return []
    with archive.open(member) as stream:
        head = stream.read(MAX_TAG_BYTES)
    return [attributes(found) for found in tag.findall(head)]


def _any_not_ordinary(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether any piece of the member holds a row or cell tag that is not ordinary.

    Each piece is searched on a second core while this one inflates the next (zlib and RE2 both
    let go of Python's lock), which takes a third off the scan of a district export.
    """
    with ThreadPoolExecutor(max_workers=1) as searcher:
        searched: Future[bool] | None = None
        for piece in xml_pieces(archive, member):
            if searched is not None and searched.result():
                return True
            searched = searcher.submit(holds, bytes(piece), _NOT_ORDINARY)
        return searched is not None and searched.result()


def _xlsx_extent(archive: zipfile.ZipFile, member: str) -> _Extent | None:
    """The sheet's extent when a row or cell tag is not ordinary, else None (at most 26 columns
    x 99,999 rows).

    Counts every row and cell, even one that holds only a style: cheaper than telling which
    calamine skips, and a sheet formatted that far is worth the teacher's look anyway.
    """
    if not _any_not_ordinary(archive, member):
        return None
    places = _Places()
    for piece in xml_pieces(archive, member):
        places.add(piece)
    return places.extent()


class _Places:
    """How far a sheet's rows and cells reach, as calamine places them, while its XML streams
    past. A row or cell without a reference is placed after the farthest row, or the farthest
    cell of its row (calamine places it after the previous one, never farther)."""

    def __init__(self) -> None:
        self.row = 0  # the row being read
        self.row_columns = 0  # how far the cells of the row being read reach
        self.rows, self.row_by_cell, self.row_cause = 0, False, ""
        self.columns, self.column_cause = 0, ""

    def add(self, piece: memoryview) -> None:
        """The piece's tags: all references at once when every row and cell tag starts with
        its own, else tag by tag."""
        if not holds(piece, _IRREGULAR):
            self._referenced(_FIRST_REF.findall(piece))
            return
        for tag in _ROW_OR_CELL.finditer(piece):
            if self.beyond_limits():  # refused at the first tag past a limit, not millions later
                return
            name, attrs, end = tag.groups()
            if end is None:
                raise OddTag()
            references = _references(attrs)
            for letters, digits in references[:-1]:  # all but the one calamine takes
                self._reach(letters, digits)
            letters, digits = references[-1] if references else (b"", b"")
            if name == b"row":
                self.row = _row_number(digits) if digits else self.rows + 1
                self.row_columns = 0
                self._reach(b"", str(self.row).encode())
            else:
                column = column_number(letters) if letters else self.row_columns + 1
                self.row_columns = max(self.row_columns, column)
                row = _row_number(digits) if digits else self.row
                self._reach(column_letters(column).encode(), str(row).encode())

    def _referenced(self, refs: list[tuple[bytes, bytes]]) -> None:
        if not refs:
            return
        letters, digits = zip(*refs, strict=True)
        widest = max(set(letters), key=column_number)
        self._reach(*next(ref for ref in refs if ref[0] == widest))
        longest = max(set(digits), key=_row_number)
        self._reach(*max((r for r in refs if r[1] == longest), key=_has_column))
        self.row, self.row_columns = self.rows, self.columns

    def _reach(self, letters: bytes, digits: bytes) -> None:
        columns, rows = column_number(letters), _row_number(digits)
        if columns > self.columns:
            self.columns, self.column_cause = columns, _cause(letters, digits)
        # the farthest row, named by a cell in it where one is (clearer than the row alone)
        if (rows, bool(letters)) > (self.rows, self.row_by_cell):
            self.rows, self.row_by_cell, self.row_cause = (
                rows,
                bool(letters),
                _cause(letters, digits),
            )

    def beyond_limits(self) -> bool:
        return (
            self.columns > MAX_COLUMNS
            or self.rows > MAX_ROWS
            or self.rows * self.columns > MAX_CELLS
        )

    def extent(self) -> _Extent:
        return _Extent(self.rows, self.columns, self.row_cause, self.column_cause)


# ODS: a row or cell stands for many through its repeat attribute; calamine counts a repeated
# row or cell only up to the last one holding a value (one with a value-type).
_ODS_TAG = re.compile(
    rb"""<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"""
    rb"""((?:[^>"']|"[^"]*"|'[^']*')*)>"""
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

    def start_row(self, repeat: int, closed: bool) -> None:
        self.row_repeat = repeat
        self.row_columns, self.column, self.row_cell_cause = 0, 0, ""
        if closed:
            self.rows_before += self.row_repeat

    def cell(self, attributes: bytes, repeat: int) -> None:
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


def _ods_extents(archive: zipfile.ZipFile) -> tuple[list[tuple[str, _Extent | None]], int]:
    """Each table's extent in content.xml, repeats multiplied out without expanding them, and a
    bound on the characters its cells would hold. Only plain XML is measured: a comment or a "<"
    in a quoted value could hide a tag from this scan."""
    extents: list[tuple[str, _Extent | None]] = []
    table: _OdsTable | None = None
    text = text_volume.OdsText()
    for piece in xml_pieces(archive, "content.xml"):
        if not text_volume.is_plain(piece):
            raise text_volume.NotPlainXml("content.xml")
        at = 0
        for tag in _ODS_TAG.finditer(piece):
            text.between(piece[at : tag.start()])
            at = tag.end()
            closing, kind, attributes = tag.groups()
            closed = attributes.endswith(b"/")
            is_row = kind == b"table-row"
            repeat = _repeat(_ROWS_REPEATED if is_row else _COLUMNS_REPEATED, attributes)
            if is_row and closing:
                text.end_row()
            elif is_row:
                text.start_row(repeat)
            elif kind != b"table" and not closing:
                text.start_cell(tag.group(0), repeat, closed)
            else:
                text.end_cell()
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
                    table.start_row(repeat, closed)
            elif not closing:
                table.cell(attributes, repeat)
        text.between(piece[at:])
    if table is not None:  # a table the file never closes
        extents.append((table.name, table.extent))
    return extents, text.chars()


def column_number(letters: bytes) -> int:
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
