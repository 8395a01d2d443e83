"""Which cells of a workbook are formatted as percents.

A teacher types 96.5% in Excel; the file stores 0.965 with a percent number format, and the
spreadsheet reader (python-calamine) gives the value alone. Read as 0.965 against a 96% benchmark,
a child at 96.5% would be told they are far behind. So the number formats are read here, from the
workbook's own parts: the styles of an xlsx (built-in formats 9 and 10 and any custom format with
a % sign) and the value type of an ods cell. The sheet's cells are scanned only when the workbook
has a percent style at all, and in pieces, so an export without one costs a glance at its styles.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
import zlib
from xml.etree import ElementTree

from famdata.ingest.extent import attributes, column_number, xlsx_sheets
from famdata.ingest.pieces import MAX_TAG_BYTES, xml_pieces

PercentCells = dict[str, dict[int, set[int]]]  # sheet -> column -> rows (0-based, from A1)

BUILTIN_PERCENT_FORMATS = {9, 10}
MAX_PERCENT_CELLS = 1_000_000  # beyond this a hostile ods's repeats are not worth recording
# Excel keeps at most about 64,000 cell styles; a cell cannot use one past this many.
MAX_CELL_STYLES = 65_536
# Up to this many percent styles, the sheet scan looks for them by number; past it, for any
# styled cell, each checked against the set (a long alternation is slow to build and to run).
MAX_LISTED_STYLES = 64
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_NUMFMT = re.compile(rb"<(?:\w+:)?numFmt\b([^>]*)>")
_PERCENTAGE = re.compile(rb"""value-type\s*=\s*["']percentage""")
_FORMAT_NUMBER = re.compile(r"[0-9]{1,9}")
_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d+)")
_ODS = "urn:oasis:names:tc:opendocument:xmlns:{}:1.0"
_TABLE, _OFFICE = _ODS.format("table"), _ODS.format("office")


def percent_cells(data: bytes) -> PercentCells:
    """For each sheet of an xlsx or ods workbook, the cells whose number format is a percent."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" in archive.NameToInfo:
                return _xlsx_percent_cells(archive)
            if "content.xml" in archive.NameToInfo:
                return _ods_percent_cells(archive)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, zlib.error, OSError):
        return {}  # the spreadsheet reader reports a damaged file in its own words
    return {}


def is_percent_format(code: str) -> bool:
    """A number format shows a percent when it has a % sign outside quotes and brackets."""
    return "%" in _QUOTED.sub("", code)


def _percent_styles(styles: bytes) -> set[int]:
    """The positions in cellXfs of the styles that show a percent."""
    custom = {
        _format_number(a.get("numFmtId", ""))
        for a in map(attributes, itertools.islice(_NUMFMT.findall(styles), MAX_CELL_STYLES))
        if is_percent_format(a.get("formatCode", ""))
    }
    start = styles.find(b"cellXfs")
    end = styles.find(b"cellXfs", start + 7)
    if start < 0 or end < 0:
        return set()
    percent_formats = BUILTIN_PERCENT_FORMATS | (custom - {None})
    found = set()
    xfs = itertools.islice(_XF.finditer(styles, start, end), MAX_CELL_STYLES)
    for position, xf in enumerate(xfs):
        if _format_number(attributes(xf.group(1)).get("numFmtId", "0")) in percent_formats:
            found.add(position)
    return found


def _format_number(text: str) -> int | None:
    """A number format's id, or None for one no spreadsheet program writes."""
    return int(text) if _FORMAT_NUMBER.fullmatch(text) else None


def _xlsx_percent_cells(archive: zipfile.ZipFile) -> PercentCells:
    if "xl/styles.xml" not in archive.NameToInfo:
        return {}
    with archive.open("xl/styles.xml") as stream:
        styles = _percent_styles(stream.read(MAX_TAG_BYTES))
    if not styles:
        return {}
    styled = _styled_cell(styles)
    found: PercentCells = {}
    recorded = 0
    for sheet, member in xlsx_sheets(archive):
        cells: dict[int, set[int]] = {}
        for piece in xml_pieces(archive, member):
            for match in styled.finditer(piece):
                if int(match.group(1)) not in styles:
                    continue
                cell = attributes(match.group(0))
                reference = _REFERENCE.fullmatch(cell.get("r", "").strip())
                if reference is None or cell.get("t", "n") not in ("n", ""):
                    continue  # text, booleans and errors are not percents; no "r" is rare
                column = column_number(reference.group(1).encode()) - 1
                cells.setdefault(column, set()).add(int(reference.group(2)) - 1)
                recorded += 1
                if recorded > MAX_PERCENT_CELLS:
                    return found
        if cells:
            found[sheet] = cells
    return found


def _styled_cell(styles: set[int]) -> re.Pattern[bytes]:
    """A cell tag whose style may be one of `styles`, the style's number in group 1."""
    if len(styles) > MAX_LISTED_STYLES:
        numbers = rb"\d{1,9}"
    else:
        numbers = b"|".join(str(s).encode() for s in sorted(styles))
    return re.compile(rb'<c\s[^>]*?\bs\s*=\s*"(' + numbers + rb')"[^>]*>')


def _ods_percent_cells(archive: zipfile.ZipFile) -> PercentCells:
    """Cells of value type "percentage", placed as the reader lays the sheet out (repeats
    expanded; the extent check has already bounded them)."""
    if not any(_PERCENTAGE.search(piece) for piece in xml_pieces(archive, "content.xml")):
        return {}
    found: PercentCells = {}
    sheet, row, column, rows_repeated, recorded = "", 0, 0, 1, 0
    with archive.open("content.xml") as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            tag = element.tag
            if event == "start" and tag == f"{{{_TABLE}}}table":
                sheet, row = element.get(f"{{{_TABLE}}}name", ""), 0
            elif event == "start" and tag == f"{{{_TABLE}}}table-row":
                column = 0
                rows_repeated = int(element.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
            elif event == "end" and tag == f"{{{_TABLE}}}table-row":
                row += rows_repeated
                element.clear()
            elif event == "end" and tag in (
                f"{{{_TABLE}}}table-cell",
                f"{{{_TABLE}}}covered-table-cell",
            ):
                repeat = int(element.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
                if element.get(f"{{{_OFFICE}}}value-type") == "percentage":
                    recorded += repeat * rows_repeated
                    if recorded > MAX_PERCENT_CELLS:
                        return found
                    cells = found.setdefault(sheet, {})
                    for c in range(column, column + repeat):
                        cells.setdefault(c, set()).update(range(row, row + rows_repeated))
                column += repeat
    return found
