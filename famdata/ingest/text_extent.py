"""How large a text file is, measured before pandas or pyarrow parse it: its longest line or
quoted field, its lines times the fields of its widest line, its widest line.

pandas holds a whole line at once and a CSV reader makes one cell per field, so a text file
too large in any of these is refused in one sentence before it is parsed.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from famdata.errors import FamdataError
from famdata.ingest.extent import MAX_CELLS, MAX_COLUMNS

MAX_LINE_BYTES = 4 * 1024 * 1024  # one line, or one quoted field, of a text file
_MEGABYTE = 1 << 20


def refuse_long_lines(name: str, data: bytes) -> None:
    """Refuse a text file with a line, or a quoted field, longer than MAX_LINE_BYTES.

    pandas holds a whole line (and more) at once, so one 44 MB line takes gigabytes. A line or
    field that long fills at least one whole block of half the limit, so only a block with no
    line end, or inside quotes with no quote of its own, is measured: a few finds per block.
    """
    if len(data) <= MAX_LINE_BYTES:
        return
    block = MAX_LINE_BYTES // 2
    quoted = b'"' in data  # one fast scan: counting quotes in a file with none is slower
    quotes = 0
    for start in range(0, len(data), block):
        end = min(start + block, len(data))
        if data.find(b"\n", start, end) < 0 and data.find(b"\r", start, end) < 0:
            _refuse_long_span(name, data, _line_around(data, start), "line")
        inside = data.count(b'"', start, end) if quoted else 0
        if quotes % 2 and not inside:
            opened = data.rfind(b'"', 0, start)
            closed = data.find(b'"', end)
            _refuse_long_span(name, data, (opened, len(data) if closed < 0 else closed), "field")
        quotes += inside


def megabytes(data: bytes, overlap: int = 0) -> Iterator[np.ndarray]:
    """The file's bytes a megabyte at a time, each piece running `overlap` bytes into the next
    (to find a pair of bytes across the seam): numpy scans bytes several times as fast as a
    bytes search for what has many matches, and the work arrays stay small whatever the file."""
    octets = np.frombuffer(data, dtype=np.uint8)
    for start in range(0, len(octets), _MEGABYTE):
        yield octets[start : start + _MEGABYTE + overlap]


def line_count(data: bytes) -> int:
    """How many line ends the file has."""
    return sum(int(np.count_nonzero(piece == ord("\n"))) for piece in megabytes(data))


def refuse_many_lines(name: str, lines: int, fields: int) -> None:
    """Refuse a text file of more cells than a sheet may hold.

    `fields` is the most on any of its first lines. A line holding a quoted line break counts
    twice, so a file is never found smaller than it is.
    """
    cells = lines * fields
    if cells > MAX_CELLS:
        raise FamdataError(
            f"{name} has {lines:,} lines of up to {fields:,} fields, {cells:,} cells; famdata "
            f"reads files of up to {MAX_CELLS:,} cells. Export only the classes you need."
        )


def refuse_wide_line(name: str, line: int, fields: int) -> None:
    """Refuse a text file with a line of more fields than a sheet has columns."""
    if fields > MAX_COLUMNS:
        raise FamdataError(
            f"{name}: line {line:,} has {fields:,} fields; famdata reads up to {MAX_COLUMNS:,} "
            "columns. Check that the file is a table of scores, one student to a line."
        )


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
