"""Nothing a file can do harms the night: a small file that claims a huge sheet, or a text file
with a line of tens of megabytes, is refused in one sentence before anything is allocated for it.

Each hostile file is made here, in memory or in tmp_path. Each is read in a child process whose
address space is capped, so a regression that allocates in calamine (in Rust, invisible to
tracemalloc) fails its test instead of aborting pytest.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from famdata import ingest
from famdata.errors import FamdataError
from famdata.ingest.text_extent import MAX_LINE_BYTES
from tests import xls_files as xls
from tests.conftest import ROOT, SAMPLE_DIR

ADDRESS_SPACE_BYTES = 3 * 1024**3 // 2
TRACED_PEAK_BYTES = 300 * 1024**2

# The child reads the file with the library, then checks it through the command line.
CHILD = """
import contextlib, io, json, resource, sys, tracemalloc
from famdata import ingest
from famdata.cli import main
from famdata.errors import FamdataError

path = sys.argv[1]
tracemalloc.start()
try:
    ingest.read(path)
    message = None
except FamdataError as error:
    message = str(error)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
stderr = io.StringIO()
with contextlib.redirect_stderr(stderr):
    code = main(["check", path])
print(json.dumps({
    "message": message,
    "peak": peak,
    "code": code,
    "stderr": stderr.getvalue(),
    "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
"""


def _cap_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_BYTES, ADDRESS_SPACE_BYTES))


def check_in_child(path: Path) -> dict[str, object]:
    """What `ingest.read` raised and `famdata check` printed, from a memory-capped process."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=_cap_address_space,
        # Arrow's own allocator reserves a gigabyte of address space up front, which would leave
        # the cap only a sliver for what a file makes famdata allocate.
        env={**os.environ, "ARROW_DEFAULT_MEMORY_POOL": "system"},
        timeout=60,
    )
    assert done.returncode == 0, f"the child died ({done.returncode}): {done.stderr[-2000:]}"
    return json.loads(done.stdout.splitlines()[-1])  # after what `check` printed of a good file


def xlsx(
    rows_xml: str,
    sheet: str = "Fall",
    compression: int = zipfile.ZIP_DEFLATED,
    strings: Sequence[str] = (),
    cell_styles: str = "",
) -> bytes:
    """A minimal workbook: one sheet named `sheet` whose sheetData is `rows_xml`, `strings` as
    its shared strings (a cell <c t="s"><v>0</v></c> shows the first) and `cell_styles` as its
    cellXfs (a cell <c s="0"> has the first)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{relationships}"><Relationship Id="rId1" '
            f'Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{office}"><sheets>'
            f'<sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{relationships}"><Relationship Id="rId1" '
            f'Type="{office}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (
                f'<Relationship Id="rId2" Type="{office}/sharedStrings" '
                'Target="sharedStrings.xml"/>'
                if strings
                else ""
            )
            + (
                f'<Relationship Id="rId3" Type="{office}/styles" Target="styles.xml"/>'
                if cell_styles
                else ""
            )
            + "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>{rows_xml}</sheetData></worksheet>'
        ),
    }
    if strings:
        entries = "".join(f"<si><t>{text}</t></si>" for text in strings)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{main}">{entries}</sst>'
    if cell_styles:
        parts["xl/styles.xml"] = (
            f'<styleSheet xmlns="{main}"><cellXfs>{cell_styles}</cellXfs></styleSheet>'
        )
    return _zip(parts, compression)


def ods(rows_xml: str, sheet: str = "Fall") -> bytes:
    """A minimal OpenDocument spreadsheet: one table named `sheet` holding `rows_xml`."""
    parts = {
        "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
        "META-INF/manifest.xml": (
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"
        ),
        "content.xml": (
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{rows_xml}'
            "</table:table></office:spreadsheet></office:body></office:document-content>"
        ),
    }
    return _zip(parts)


def _zip(parts: dict[str, str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for member, text in parts.items():
            archive.writestr(member, text)
    return buffer.getvalue()


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def far_cell(ref: str) -> bytes:
    row = "".join(ch for ch in ref if ch.isdigit())
    return xlsx(
        f'<row r="1">{text_cell("A1", "Student ID")}</row>'
        f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'
    )


def far_cell_stored(ref: str) -> bytes:
    """A far cell in a workbook whose parts are stored, not compressed (zip allows both)."""
    row = "".join(ch for ch in ref if ch.isdigit())
    return xlsx(
        f'<row r="1">{text_cell("A1", "Student ID")}</row>'
        f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>',
        compression=zipfile.ZIP_STORED,
    )


def far_cell_spaced(ref: str) -> bytes:
    """A far cell written with the spaces XML allows around "=" (no spreadsheet program does)."""
    row = "".join(ch for ch in ref if ch.isdigit())
    return xlsx(
        f'<row r="1">{text_cell("A1", "Student ID")}</row>'
        f'<row r = "{row}"><c r = "{ref}"><v>1</v></c></row>'
    )


def far_cell_indented(ref: str) -> bytes:
    """A far cell in pretty-printed XML: a line break and a tab before "r" (also allowed)."""
    row = "".join(ch for ch in ref if ch.isdigit())
    return xlsx(
        f'<row r="1">{text_cell("A1", "Student ID")}</row>\n'
        f'<row\n\tr="{row}"><c\n\t\tr="{ref}"><v>1</v></c></row>'
    )


def unreferenced(columns: int, rows: int) -> bytes:
    """Rows and cells written without references, which a reader places one after another: a
    first row `columns` wide, then `rows` rows of one cell (a few kilobytes packed)."""
    wide = "<row>" + "<c><v>1</v></c>" * columns + "</row>"
    return xlsx(
        '<row><c t="inlineStr"><is><t>Student ID</t></is></c></row>'
        + wide
        + "<row><c><v>1</v></c></row>" * rows
    )


def far_cell_tag(tag: str) -> bytes:
    """A far cell written as `tag` (which ends with its far reference) after the header."""
    return xlsx(f'<row r="1">{text_cell("A1", "Student ID")}</row><row r="2">{tag}</row>')


def sheet_named(target: str) -> bytes:
    """A far cell in a worksheet the workbook finds at `target` (under xl/)."""
    with zipfile.ZipFile(io.BytesIO(far_cell("XFD1048576"))) as archive:
        parts = {name: archive.read(name).decode() for name in archive.namelist()}
    parts["xl/" + target] = parts.pop("xl/worksheets/sheet1.xml")
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace("worksheets/sheet1.xml", target)
    return _zip(parts)


def one_long_tag() -> bytes:
    """A cell tag 17 MB long before its far reference: more than one piece of the scan."""
    # hex of random bytes: packed only twice over, so the zip-bomb check lets it in
    value = random.Random(7).randbytes(17 * 512 * 1024).hex()
    return far_cell_tag(f'<c foo="{value}" r="XFD1048576"><v>1</v></c>')


def wide_header() -> bytes:
    cells = "".join(text_cell(f"{column_letters(i)}1", f"M{i}") for i in range(1, 16_385))
    return xlsx(f'<row r="1">{cells}</row>')


ODS_VALUE = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p>'
ODS_HEADER = (
    '<table:table-row><table:table-cell office:value-type="string"><text:p>Student ID</text:p>'
    "</table:table-cell></table:table-row>"
)


def rows_repeated() -> bytes:
    return ods(
        f"{ODS_HEADER}<table:table-row "
        f'table:number-rows-repeated="1000000">{ODS_VALUE}</table:table-cell></table:table-row>'
    )


def columns_repeated() -> bytes:
    return ods(
        f'{ODS_HEADER}<table:table-row><table:table-cell table:number-columns-repeated="1000000" '
        'office:value-type="float" office:value="1"/></table:table-row>'
    )


def one_line_csv() -> bytes:
    return b"Student ID,Score," + b"1," * (22 * 1024 * 1024)


def long_field_csv() -> bytes:
    """A quoted 45 MB field broken into short lines, as a pasted document would be."""
    return b'Student ID,Notes,Score\n1,"' + (b"y" * 99 + b"\n") * 470_000 + b'",3\n'


def shared_in_every_cell(length: int, cells: int, text: str = "") -> bytes:
    """A workbook whose first shared string, `length` letters (or `text`, as XML), is shown by
    `cells` cells below a header."""
    strings = [text or "a" * length]
    note_at = 0
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>{note_at}</v></c><c r="B{r}"><v>{r}</v></c></row>'
        for r in range(2, cells + 2)
    )
    return xlsx(
        f'<row r="1">{text_cell("A1", "Student ID")}{text_cell("B1", "Score")}</row>{rows}',
        strings=strings,
    )


def repeated_text_cell(text: str, attribute: str = "") -> bytes:
    """An ods whose one text cell stands for 1,000 cells in each of 100 rows."""
    return ods(
        f'{ODS_HEADER}<table:table-row table:number-rows-repeated="100"><table:table-cell '
        f'table:number-columns-repeated="1000" office:value-type="string"{attribute}>'
        f"<text:p>{text}</text:p></table:table-cell></table:table-row>"
    )


def old_class(*more_cells: bytes, globals_: bytes = b"", sheets: int = 1, alias: int = 0) -> bytes:
    """An old Excel workbook (.xls) of a three-student class, with `more_cells` on its sheet,
    `sheets` copies of the sheet, and its last sheet named `alias` more times."""
    cells = xls.label(0, 0, "Student ID") + xls.label(0, 1, "ORF")
    cells += b"".join(xls.number(r, 0, 100 + r) + xls.number(r, 1, 40 + r) for r in (1, 2, 3))
    named = [(f"Fall {i}" if i else "Fall", cells + b"".join(more_cells)) for i in range(sheets)]
    return xls.workbook(named, globals_, alias)


def old_shared_string(length: int, cells: int) -> bytes:
    """An old Excel workbook whose one shared string of `length` characters fills `cells`
    cells of its first column."""
    shown = b"".join(xls.shared_label(r, 2, 0) for r in range(1, cells + 1))
    return old_class(shown, globals_=xls.shared_strings(["x" * length]))


def overlapping_sheets() -> bytes:
    """An old workbook whose second sheet starts inside the first, on a run of empty records
    both would be read through."""
    names = ["Fall", "Winter"]
    head = xls.bof(0x0005)
    first = len(head) + sum(4 + 8 + len(n) for n in names) + len(xls.END)
    bound = b"".join(
        xls.record(0x0085, struct.pack("<IBBBB", first + 4 * i, 0, 0, len(n), 0) + n.encode())
        for i, n in enumerate(names)
    )
    body = xls.record(0x0001, b"") * 1_000 + xls.label(0, 0, "Student ID") + xls.END
    return xls.compound(head + bound + xls.END + body)


def many_empty_strings(count: int) -> bytes:
    """An old workbook whose shared-string table claims `count` empty strings, and holds them."""
    body = b"\0\0\0" * count
    pieces = [body[i : i + 8_220] for i in range(0, len(body), 8_220)]
    table = xls.record(0x00FC, struct.pack("<II", count, count) + pieces[0])
    table += b"".join(xls.record(0x003C, piece) for piece in pieces[1:])
    return old_class(globals_=table)


def code_page_text(code_page: int, units: int, cells: int) -> bytes:
    """An old workbook in `code_page` whose one shared string of `units` two-byte units fills
    `cells` cells."""
    strings = struct.pack("<II", cells, 1) + struct.pack("<HB", units, 1) + b"\x80" * 2 * units
    text = xls.record(0x0042, struct.pack("<H", code_page)) + xls.record(0x00FC, strings)
    shown = b"".join(xls.shared_label(r, 2, 0) for r in range(1, cells + 1))
    return old_class(shown, globals_=text)


def roundabout_member() -> bytes:
    """A workbook holding its sheet twice: once under a name with "./" in it."""
    data = xlsx(f'<row r="1">{text_cell("A1", "Student ID")}</row>')
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {name: z.read(name).decode() for name in z.namelist()}
    parts["xl/./worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"]
    return _zip(parts)


def two_tables(rows: int, columns: int) -> bytes:
    """An ods of two sheets, each with a number repeated `columns` times in `rows` rows."""
    table = (
        f'{ODS_HEADER}<table:table-row table:number-rows-repeated="{rows}"><table:table-cell '
        f'table:number-columns-repeated="{columns}" office:value-type="float" office:value="1"/>'
        "</table:table-row>"
    )
    return ods(f'{table}</table:table><table:table table:name="Winter">{table}')


def two_far_sheets() -> bytes:
    """A workbook of two sheets, each with a cell at Z99999: as far as a sheet reaches without
    a reference the quick scan looks at twice."""
    book = Workbook()
    for sheet in (book.active, book.create_sheet("Winter")):
        sheet["A1"], sheet["Z99999"] = "Student ID", 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def aliased_xlsx() -> bytes:
    """A workbook whose second sheet is the first sheet's part again."""
    with zipfile.ZipFile(
        io.BytesIO(xlsx(f'<row r="1">{text_cell("A1", "Student ID")}</row>'))
    ) as z:
        parts = {name: z.read(name).decode() for name in z.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        "</sheets>", '<sheet name="Again" sheetId="2" r:id="rId1"/></sheets>'
    )
    return _zip(parts)


HOSTILE: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "A1 and XFD1048576": (
        "far.xlsx",
        lambda: far_cell("XFD1048576"),
        "far.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide; "
        "famdata reads sheets up to 2,000 columns.",
    ),
    "A1 and XFD1048576, stored": (
        "stored.xlsx",
        lambda: far_cell_stored("XFD1048576"),
        "stored.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide; "
        "famdata reads sheets up to 2,000 columns.",
    ),
    "A1 and XFD1048576, spaced": (
        "spaced.xlsx",
        lambda: far_cell_spaced("XFD1048576"),
        "spaced.xlsx, sheet 'Fall': a row numbered 1,048,576 makes the sheet 1,048,576 rows "
        "long; famdata reads sheets up to 100,000 rows.",
    ),
    "A1 and XFD1048576, indented": (
        "indented.xlsx",
        lambda: far_cell_indented("XFD1048576"),
        "indented.xlsx, sheet 'Fall': a row numbered 1,048,576 makes the sheet 1,048,576 rows "
        "long; famdata reads sheets up to 100,000 rows.",
    ),
    "A1 and Z1048576": (
        "tall.xlsx",
        lambda: far_cell("Z1048576"),
        "tall.xlsx, sheet 'Fall': a cell at Z1048576 makes the sheet 1,048,576 rows long; "
        "famdata reads sheets up to 100,000 rows.",
    ),
    "A1 and ZZ99999": (
        "cells.xlsx",
        lambda: far_cell("ZZ99999"),
        "cells.xlsx, sheet 'Fall': a cell at ZZ99999 makes the sheet 702 columns by 99,999 rows, "
        "70,199,298 cells; famdata reads sheets up to 3,000,000 cells.",
    ),
    "3,000 cells without references": (
        "unreferenced.xlsx",
        lambda: unreferenced(3_000, 100_000),
        "unreferenced.xlsx, sheet 'Fall': a cell at BXY2 makes the sheet 2,001 columns wide; "
        "famdata reads sheets up to 2,000 columns.",
    ),
    "4,000,000 places without references": (
        "places.xlsx",
        lambda: unreferenced(1_500, 4_000),
        "places.xlsx, sheet 'Fall': a cell at BER2 and a row numbered 2,001 make the sheet 1,500 "
        "columns by 2,001 rows, 3,001,500 cells; famdata reads sheets up to 3,000,000 cells.",
    ),
    "a far reference after a quoted >": (
        "quoted.xlsx",
        lambda: far_cell_tag('<c foo=">" r="XFD1048576"><v>1</v></c>'),
        "quoted.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide;",
    ),
    "a far reference after a decoy in a value": (
        "decoy.xlsx",
        lambda: far_cell_tag("""<c foo=" r='A1'" r="XFD1048576"><v>1</v></c>"""),
        "decoy.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide;",
    ),
    "a second reference": (
        "twice.xlsx",
        lambda: far_cell_tag('<c r="A2" r="XFD1048576"><v>1</v></c>'),
        "twice.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide;",
    ),
    "a far cell with an odd prefix": (
        "prefix.xlsx",
        lambda: far_cell_tag('<a-b:c xmlns:a-b="u" r="XFD1048576"><v>1</v></a-b:c>'),
        "prefix.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide;",
    ),
    "a far cell with a prefix holding a slash": (
        "slash.xlsx",
        lambda: far_cell_tag('<a/b:c xmlns:a="u" r="XFD1048576"><v>1</v></a/b:c>'),
        "slash.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide;",
    ),
    "a far cell with a vertical tab in its prefix": (
        "tab.xlsx",
        lambda: far_cell_tag('<a\x0bb:c r="XFD1048576"><v>1</v></a\x0bb:c>'),
        "tab.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide;",
    ),
    "a second reference with no space before it": (
        "close.xlsx",
        lambda: far_cell_tag('<c r="A2"r="XFD1048576"><v>1</v></c>'),
        "close.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide;",
    ),
    "a far reference after a quoted <": (
        "angle.xlsx",
        lambda: far_cell_tag('<c x="<" r="XFD1048576"><v>1</v></c>'),
        "angle.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide;",
    ),
    "a far cell in a sheet not named .xml": (
        "named.xlsx",
        lambda: sheet_named("worksheets/sheet1.XML"),
        "named.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide;",
    ),
    "a far cell in a sheet with no extension": (
        "bare.xlsx",
        lambda: sheet_named("worksheets/sheet1"),
        "bare.xlsx, sheet 'Fall': a cell at XFD1048576 makes the sheet 16,384 columns wide;",
    ),
    "a 17 MB tag": (
        "long.xlsx",
        one_long_tag,
        "long.xlsx holds 16 MB of text with no break in it, which no spreadsheet program writes;",
    ),
    "400,000 unfinished cell tags": (
        "unfinished.xlsx",
        lambda: xlsx("<row>" + "<c " * 400_000 + "/></row>"),
        "unfinished.xlsx has a row or cell written in a way no spreadsheet program writes;",
    ),
    "16,384 header columns": (
        "wide.xlsx",
        wide_header,
        "wide.xlsx, sheet 'Fall': a cell at XFD1 makes the sheet 16,384 columns wide;",
    ),
    "a row repeated a million times": (
        "rows.ods",
        rows_repeated,
        "rows.ods, sheet 'Fall': a row repeated 1,000,000 times makes the sheet 1,000,001 rows "
        "long; famdata reads sheets up to 100,000 rows.",
    ),
    "a cell repeated a million times": (
        "columns.ods",
        columns_repeated,
        "columns.ods, sheet 'Fall': a cell repeated 1,000,000 times makes the sheet 1,000,000 "
        "columns wide; famdata reads sheets up to 2,000 columns.",
    ),
    "a 1 MB shared string shown by 5,000 cells": (
        "shared.xlsx",
        lambda: shared_in_every_cell(1_000_000, 5_000),
        "shared.xlsx would fill its cells with 5,000 million characters of text",
    ),
    "a shared string cut by comments into short-looking pieces": (
        "commented.xlsx",
        lambda: shared_in_every_cell(1, 5_000, text=("a" * 1_000 + "</t><!--</si>--><t>") * 1_000),
        "commented.xlsx would fill its cells with",
    ),
    "a 1 MB text cell repeated 100,000 times": (
        "text.ods",
        lambda: repeated_text_cell("a" * 1_000_000),
        "text.ods would fill its cells with 100,009 million characters of text",
    ),
    "a run of a million spaces repeated 100,000 times": (
        "spaces.ods",
        lambda: repeated_text_cell('x<text:s text:c="1000000"/>'),
        "spaces.ods would fill its cells with 100,012 million characters of text",
    ),
    "a 1 MB string value repeated 100,000 times": (
        "value.ods",
        lambda: repeated_text_cell("x", f' office:string-value="{"a" * 1_000_000}"'),
        "value.ods would fill its cells with 100,012 million characters of text",
    ),
    "an old workbook's cell at the last row and column": (
        "far.xls",
        lambda: old_class(xls.number(65_535, 65_534, 1)),
        "far.xls, sheet 'Fall': a cell at CRXO65536 makes the sheet 65,535 columns wide; "
        "famdata reads sheets up to 2,000 columns.",
    ),
    "an old workbook's cell at row 65,536 of column IV": (
        "tall.xls",
        lambda: old_class(xls.number(65_535, 255, 1)),
        "tall.xls, sheet 'Fall': a cell at IV65536 makes the sheet 256 columns by 65,536 rows, "
        "16,777,216 cells; famdata reads sheets up to 3,000,000 cells.",
    ),
    "an old workbook's sheet recorded as 4 billion rows": (
        "recorded.xls",
        lambda: old_class(xls.dimension(0, 0xFFFF_FFFF, 0, 3)),
        "recorded.xls, sheet 'Fall': its recorded size makes the sheet 4,294,967,295 rows long;",
    ),
    "an old workbook's shared string of 8,000 characters in 20,000 cells": (
        "shared.xls",
        lambda: old_shared_string(8_000, 20_000),
        "shared.xls would fill its cells with 160 million characters of text",
    ),
    "an old workbook naming one sheet twice": (
        "twice.xls",
        lambda: old_class(alias=1),
        "twice.xls names the same sheet more than once, which no spreadsheet program writes;",
    ),
    "a workbook naming one sheet twice": (
        "twice.xlsx",
        aliased_xlsx,
        "twice.xlsx names the same sheet more than once, which no spreadsheet program writes;",
    ),
    "an old workbook of 600 sheets": (
        "sheets.xls",
        lambda: old_class(sheets=600),
        "sheets.xls has 600 sheets, far more than any class or school file;",
    ),
    "an old workbook's merged cells longer than their record": (
        "merged.xls",
        lambda: old_class(xls.record(0x00E5, b"\x32\x00")),
        "merged.xls could not be read as a spreadsheet:",
    ),
    "an old workbook's first of two recorded sizes claiming a billion rows": (
        "sizes.xls",
        lambda: old_class(xls.dimension(0, 0x4000_0000, 0, 2), xls.dimension(0, 4, 0, 2)),
        "sizes.xls, sheet 'Fall': its recorded size makes the sheet 1,073,741,824 rows long;",
    ),
    "an old workbook's sheets starting inside one another": (
        "overlap.xls",
        overlapping_sheets,
        "overlap.xls names the same sheet more than once, which no spreadsheet program writes;",
    ),
    "an old workbook claiming 1,000,001 shared strings": (
        "strings.xls",
        lambda: many_empty_strings(1_000_001),
        "strings.xls is damaged: it could not be opened as a workbook.",
    ),
    "an old workbook's text in a code page that doubles it": (
        "doubled.xls",
        lambda: code_page_text(1252, 8_000, 12_400),
        "doubled.xls would fill its cells with 198 million characters of text",
    ),
    "a workbook holding its sheet under a roundabout name": (
        "roundabout.xlsx",
        roundabout_member,
        "roundabout.xlsx is damaged: it could not be opened as a workbook.",
    ),
    "two sheets of 2,901,000 cells": (
        "two.ods",
        lambda: two_tables(2_900, 1_000),
        "two.ods's sheets together make 5,802,000 cells; famdata reads workbooks of up to "
        "5,000,000 cells.",
    ),
    "two sheets reaching Z99999": (
        "two.xlsx",
        two_far_sheets,
        "two.xlsx's sheets together make 5,199,948 cells;",
    ),
    "a line of 30,000 fields": (
        "wide.csv",
        lambda: b"Student ID," + b",".join(b"M%d" % i for i in range(30_000)) + b"\n1,2\n",
        "wide.csv: line 1 has 30,001 fields; famdata reads up to 2,000 columns.",
    ),
    "a line of 30,000 fields below the first 500": (
        "late.csv",
        lambda: b"Student ID,Score\n" + b"1,2\n" * 600 + b"3," * 30_000 + b"\n",
        "late.csv: line 602 has 30,001 fields; famdata reads up to 2,000 columns.",
    ),
    "two million short lines": (
        "lines.csv",
        lambda: b"Student ID,Score\n" + b"1,40\n" * 2_000_000,
        "lines.csv has 2,000,001 lines of up to 2 fields, 4,000,002 cells; famdata reads files "
        "of up to 3,000,000 cells.",
    ),
    "1,600 lines of 2,000 fields": (
        "cells.csv",
        lambda: (b"Student ID" + b",1" * 1_999 + b"\n") * 1_600,
        "cells.csv has 1,600 lines of up to 2,000 fields, 3,200,000 cells; famdata reads files "
        "of up to 3,000,000 cells.",
    ),
    "a 44 MB line": (
        "line.csv",
        one_line_csv,
        "line.csv: line 1 is 44 MB long; famdata reads lines up to 4 MB.",
    ),
    "a 45 MB quoted field": (
        "field.csv",
        long_field_csv,
        "field.csv: a field starting on line 2 is 45 MB long; famdata reads fields up to 4 MB.",
    ),
}


@pytest.mark.parametrize("attack", list(HOSTILE))
def test_a_hostile_file_is_refused_in_one_sentence_within_bounded_memory(
    attack: str, tmp_path: Path
) -> None:
    filename, make, expected = HOSTILE[attack]
    path = tmp_path / filename
    path.write_bytes(make())
    found = check_in_child(path)
    message = str(found["message"])
    assert message.startswith(expected)
    assert "\n" not in message
    assert "Traceback" not in message
    assert found["code"] == 2
    stderr_lines = str(found["stderr"]).splitlines()
    assert stderr_lines[-1] == f"famdata: {message}"
    assert [line for line in stderr_lines if line.startswith("famdata:")] == stderr_lines[-1:]
    assert int(str(found["peak"])) < TRACED_PEAK_BYTES
    assert int(str(found["max_rss_kb"])) * 1024 < ADDRESS_SPACE_BYTES


# Where the zip's directory entry of a member says how long it is packed and unpacked, and where
# its local header starts.
PACKED_SIZE, UNPACKED_SIZE, HEADER_OFFSET = 20, 24, 42


def misdescribed(data: bytes, member: str, field: int, value: int, width: int = 4) -> bytes:
    """The workbook with one field (`width` bytes) of `member`'s entry in the zip's directory
    changed."""
    changed = bytearray(data)
    at = changed.find(b"PK\x01\x02")
    while changed[at + 46 : at + 46 + int.from_bytes(changed[at + 28 : at + 30], "little")] != (
        member.encode()
    ):
        at = changed.find(b"PK\x01\x02", at + 4)
    changed[at + field : at + field + width] = value.to_bytes(width, "little")
    return bytes(changed)


def a_sheet_of(rows: int) -> bytes:
    cells = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, rows))
    return xlsx(f'<row r="1">{text_cell("A1", "Student ID")}</row>{cells}')


SHEET = "xl/worksheets/sheet1.xml"


def packed_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo(SHEET).compress_size


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: misdescribed(d, SHEET, PACKED_SIZE, packed_size(d) // 2), id="cut"),
        pytest.param(lambda d: misdescribed(d, SHEET, UNPACKED_SIZE, 1000), id="larger"),
        pytest.param(lambda d: misdescribed(d, SHEET, HEADER_OFFSET, len(d) - 10), id="header"),
    ],
)
def test_a_workbook_whose_sheet_is_not_what_its_directory_says_is_called_damaged(
    damage: Callable[[bytes], bytes], tmp_path: Path
) -> None:
    """A sheet cut short, one that unpacks to more than it says (a bomb in disguise) and one
    whose local header is missing are refused in one sentence, before they are unpacked."""
    path = tmp_path / "odd.xlsx"
    path.write_bytes(damage(a_sheet_of(3000)))
    with pytest.raises(FamdataError, match=r"^odd\.xlsx is damaged"):
        ingest.read(path)


FLAGS = 8  # where a directory entry keeps its flags; bit 0: encrypted


def test_a_zip_workbook_with_an_encrypted_part_is_refused_as_password_protected(
    tmp_path: Path,
) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(misdescribed(a_sheet_of(10), SHEET, FLAGS, 0x1, width=2))
    with pytest.raises(FamdataError, match=r"^locked\.xlsx is password-protected\. Open it"):
        ingest.read(path)


def test_a_sheet_written_without_references_is_read_where_a_reader_places_its_cells(
    tmp_path: Path,
) -> None:
    header = "".join(
        f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in ("Student ID", "ORF")
    )
    rows = "".join(f"<row><c><v>{i}</v></c><c><v>{40 + i}</v></c></row>" for i in (1, 2, 3))
    path = tmp_path / "plain.xlsx"
    path.write_bytes(xlsx(f"<row>{header}</row>{rows}"))
    reading = ingest.read(path)
    assert sorted(reading.scores["value"]) == [41.0, 42.0, 43.0]


def test_a_wide_but_reasonable_sheet_is_read(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Student ID", "Student Name", *[f"Measure {i}" for i in range(298)]])
    for i in range(50):
        ws.append([f"S{i:03d}", f"Student {i}", *[(i * j) % 90 for j in range(298)]])
    wb.save(tmp_path / "wide.xlsx")
    reading = ingest.read(tmp_path / "wide.xlsx")
    assert len(reading.measures) == 298
    assert sum(reading.tidy.scored.values()) == 50 * 298


SCHOOL = 30_000


def school_with_note(note: int, score: Callable[[int], int]) -> bytes:
    """A school's 30,000 students with their names as shared strings, a score each (`score` of
    the row) and, far below, a note of `note` characters: the first shared string."""
    strings = ["a" * note, "Student ID", "Name", "Score"] + [f"Student {i}" for i in range(SCHOOL)]
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{100_000 + r}</v></c><c r="B{r}" t="s"><v>{r + 2}</v></c>'
        f'<c r="C{r}"><v>{score(r)}</v></c></row>'
        for r in range(2, SCHOOL + 2)
    )
    header = '<row r="1">' + "".join(
        f'<c r="{column}1" t="s"><v>{index}</v></c>' for index, column in enumerate("ABC", 1)
    )
    note_row = f'<row r="{SCHOOL + 3}"><c r="D{SCHOOL + 3}" t="s"><v>0</v></c></row>'
    return xlsx(f"{header}</row>{rows}{note_row}", strings=strings)


@pytest.mark.parametrize("note", [3_000, 6_000])
def test_a_long_note_among_a_schools_shared_names_is_still_read(note: int, tmp_path: Path) -> None:
    """Shown once, a long note is no more text than it is, however many cells show a name."""
    path = tmp_path / "school.xlsx"
    path.write_bytes(school_with_note(note, lambda row: row % 90 + 10))
    assert len(ingest.read(path).roster) == SCHOOL


def test_a_long_first_note_is_not_counted_for_every_score_of_zero(tmp_path: Path) -> None:
    """Only a cell marked t="s" points at a shared string; a score of 0 is a number."""
    path = tmp_path / "school.xlsx"
    path.write_bytes(school_with_note(6_000, lambda row: 0))
    assert len(ingest.read(path).roster) == SCHOOL


def percent_styled(styles: int, rows: int) -> bytes:
    """A class whose accuracy cells use the last of `styles` percent styles."""
    header = '<row r="1">' + text_cell("A1", "Student ID") + text_cell("B1", "Accuracy") + "</row>"
    cells = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" s="{styles - 1}"><v>0.965</v></c>'
        "</row>"
        for r in range(2, rows + 2)
    )
    return xlsx(header + cells, cell_styles='<xf numFmtId="9"/>' * styles)


def test_a_cell_among_sixty_thousand_percent_styles_is_read_as_a_percent(tmp_path: Path) -> None:
    path = tmp_path / "styles.xlsx"
    path.write_bytes(percent_styled(60_000, 5))
    assert ingest.read(path).scores["value"].tolist() == pytest.approx([96.5] * 5)


def test_half_a_million_percent_styles_on_twenty_thousand_cells_are_read_in_bounded_memory(
    tmp_path: Path,
) -> None:
    path = tmp_path / "styles.xlsx"
    path.write_bytes(percent_styled(500_000, 20_000))
    found = check_in_child(path)
    assert (found["message"], found["code"]) == (None, 0)


def test_an_old_workbook_whose_notes_are_text_formulas_is_read(tmp_path: Path) -> None:
    """A text formula is two records, the formula and its text, but one cell."""
    notes = xls.label(0, 2, "Note") + b"".join(xls.text_formula(r, 2, "ok") for r in (1, 2, 3))
    path = tmp_path / "notes.xls"
    path.write_bytes(old_class(notes))
    assert ingest.read(path).scores["value"].tolist() == [41.0, 42.0, 43.0]


def test_a_csv_note_longer_than_pythons_field_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("Student ID,Score,Note\n1,40,ok\n2,50," + "x" * 200_000 + "\n3,60,\n")
    assert ingest.read(path).scores["value"].tolist() == [40.0, 50.0, 60.0]


def test_libreoffice_trailing_empty_rows_and_columns_are_not_counted() -> None:
    """LibreOffice ends a table with its empty remainder, repeated to the sheet's end."""
    scores = "".join(
        f'<table:table-row><table:table-cell office:value-type="string"><text:p>S{i}</text:p>'
        f'</table:table-cell><table:table-cell office:value-type="float" office:value="{40 + i}">'
        f"<text:p>{40 + i}</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="1022"/></table:table-row>'
        for i in range(1, 6)
    )
    header = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Student ID'
        '</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>WCPM'
        "</text:p></table:table-cell></table:table-row>"
    )
    empty = (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    reading = ingest.read(ods(header + scores + empty), filename="class.ods")
    assert sum(reading.tidy.scored.values()) == 5


def test_a_teachers_workbook_and_a_long_csv_are_still_read() -> None:
    assert ingest.read(SAMPLE_DIR / "grade4_fluency.xlsx").tidy.scored
    rows = b"".join(b"%d,Student %d,%d\n" % (i, i, i % 90) for i in range(300_000))
    reading = ingest.read(b"Student ID,Student Name,WCPM\n" + rows, filename="long.csv")
    assert sum(reading.tidy.scored.values()) == 300_000
    assert len(rows) > MAX_LINE_BYTES


def test_a_reading_stops_between_columns_once_its_tab_has_closed(tmp_path: Path) -> None:
    from famdata.ingest.reader import STOPPED, ReadStopped

    header = ",".join(["Student ID", *(f"Skill {i}" for i in range(40))])
    rows = [
        ",".join([f"S{r}", *(str(50 + (r * 7 + i) % 40) for i in range(40))]) for r in range(30)
    ]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    asked: list[int] = []

    def tab_closed_after_a_few_columns() -> bool:
        asked.append(1)
        return len(asked) > 5

    with pytest.raises(ReadStopped, match=STOPPED):
        ingest.read(path, stop=tab_closed_after_a_few_columns)
    assert len(asked) == 6  # it stopped at the first question after the tab closed
    assert len(ingest.read(path, stop=lambda: False).measures) == 40


def test_an_excel_binary_workbook_is_refused_with_the_way_to_open_it(tmp_path: Path) -> None:
    path = tmp_path / "scores.xlsb"
    path.write_bytes(_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.bin": "\x83\x01"}))
    with pytest.raises(FamdataError, match=r"save it as an Excel Workbook \(\.xlsx\)"):
        ingest.read(path)


def test_a_sheet_measured_by_its_reader_is_refused_before_its_cells_are_made() -> None:
    from famdata.ingest.extent import refuse_large_grid

    with pytest.raises(FamdataError, match="a cell at IV65536 makes the sheet 256 columns"):
        refuse_large_grid("old.xls", "Fall", 65_536, 256)
    refuse_large_grid("old.xls", "Fall", 40, 12)  # an ordinary class sheet passes
