"""An old Excel workbook (.xls) measured before it is read: its sheets' extents and text.

calamine reads every sheet of an .xls while it opens the file. For each sheet it reserves room
for the cells its DIMENSION record claims, lays the cells out as the rectangle up to the
farthest one, and copies a shared string into every cell that shows it; a 6 KB file can ask for
gigabytes that way, and Rust aborts the process. So the workbook's records are walked here
first, the way calamine walks them (MS-XLS: a record is a type, a length and its data; a
CONTINUE record carries on the one before it), and the figures go to the same limits as a
modern workbook's.
"""

from __future__ import annotations

import io
import itertools
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, replace

import olefile

# Record types (MS-XLS 2.3).
BOF, EOF, CONTINUE = 0x0809, 0x000A, 0x003C
FILEPASS, BOUNDSHEET, SST, CODEPAGE = 0x002F, 0x0085, 0x00FC, 0x0042
DIMENSION, NUMBER, LABEL, BOOLERR, STRING = 0x0200, 0x0203, 0x0204, 0x0205, 0x0207
RK, LABELSST, MULRK, FORMULA = 0x027E, 0x00FD, 0x00BD, 0x0006
# A cell record starts with its row and column, and is one of calamine's cells when this long.
_CELL_LENGTHS = {NUMBER: 14, LABEL: 10, BOOLERR: 8, RK: 10, LABELSST: 10, FORMULA: 20}
_OLDER_VERSIONS = {0x0500, 0x0400, 0x0300, 0x0200, 0x0007, 0x0002}  # BOF versions before BIFF8
_UTF16_CODEPAGE = struct.pack("<H", 1200)
# Far more distinct texts than any school's workbook: calamine reserves room for each before
# reading one, so a larger count is refused as damage.
MAX_SHARED_STRINGS = 1_000_000
_HEADER = struct.Struct("<HH")
_CELL = struct.Struct("<HH")
# A directory entry of the compound file named Workbook or Book (any case), where entries start.
_WORKBOOK_ENTRY = re.compile(rb"(?i)(?:w\0o\0r\0k\0)?b\0o\0o\0k\0\0\0")
_DIRECTORY_ENTRY_BYTES = 128
_ENTRY_START_AND_SIZE = 116  # where an entry records its first sector and its size


class Damaged(ValueError):
    """The workbook cannot be measured, so it is not handed to the reader."""


class SharedRecords(Damaged):
    """Two sheets of the workbook start at the same record, so calamine would read them twice."""


class PasswordProtected(ValueError):
    """The workbook's records are encrypted (a FILEPASS record)."""


@dataclass(frozen=True)
class Sheet:
    """A sheet as calamine lays it out: how far its cells reach from A1, how many cell records
    it has, how much text they hold, and the size its DIMENSION record claims."""

    name: str
    rows: int
    columns: int
    cells: int
    text: int
    recorded_rows: int
    recorded_columns: int


def sheets(data: bytes) -> list[Sheet]:
    """Each sheet calamine would read from the compound file `data`, in the workbook's order.

    calamine reads each sheet from where the workbook says it starts to its first EOF record;
    sheets whose records overlap would be read again for each, so they are refused, and the
    walk here never covers a record twice.
    """
    stream = _workbook_stream(data)
    book = _Globals(stream)
    measured: dict[int, Sheet] = {}
    ends_at = 0
    for position in sorted(position for position, _ in book.sheets):
        if position < ends_at:
            raise SharedRecords
        measured[position], ends_at = _measure(stream, position, book)
    return [replace(measured[position], name=name) for position, name in book.sheets]


def _workbook_stream(data: bytes) -> bytes:
    """The Workbook stream calamine reads: the only directory entry named Workbook or Book.

    calamine takes the first entry whose name, up to its first NUL, is the one it wants; olefile
    goes by the entry's recorded name length and its place in the directory's tree. So the file
    must hold exactly one such entry by the first reading, olefile must find exactly one by the
    second, and both must start at the same sector with the same size.
    """
    entries = [m for m in _WORKBOOK_ENTRY.finditer(data) if m.start() % _DIRECTORY_ENTRY_BYTES == 0]
    if len(entries) != 1:
        raise Damaged("no single Workbook stream")
    start, size = struct.unpack_from("<II", data, entries[0].start() + _ENTRY_START_AND_SIZE)
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as compound:
            found = [
                entry
                for entry in compound.direntries
                if entry is not None and entry.name.lower() in ("workbook", "book")
            ]
            if len(found) != 1 or (found[0].isectStart, found[0].size) != (start, size):
                raise Damaged("a Workbook stream read two ways")
            if size > len(data):
                raise Damaged("a stream larger than its file")
            return compound.openstream(found[0].name).read()
    except Damaged:
        raise
    except Exception as error:  # olefile reports damage with assorted exception types
        raise Damaged(str(error)) from error


def _records(stream: bytes, start: int) -> Iterator[tuple[int, int, int]]:
    """(type, start of data, end of data) of each record from `start` to the first EOF; a record
    cut short by the stream's end stops the walk, as it stops calamine's."""
    at, end = start, len(stream)
    while at + 4 <= end:
        kind, length = _HEADER.unpack_from(stream, at)
        if at + 4 + length > end:
            return
        yield kind, at + 4, at + 4 + length
        if kind == EOF:
            return
        at += 4 + length


class _Globals:
    """The workbook's own records: its sheets, where each starts, and its shared strings."""

    def __init__(self, stream: bytes) -> None:
        self.sheets: list[tuple[int, str]] = []
        self.string_lengths: list[int] = []
        # A string's length counts units; read in a code page other than UTF-16, calamine can
        # make two characters of each.
        self.units_as_characters = 1
        view = memoryview(stream)
        biff8 = True
        for kind, start, end in _records(stream, 0):
            data = view[start:end]
            if kind == FILEPASS and len(data) >= 2 and data[:2] != b"\0\0":
                raise PasswordProtected
            if kind == CODEPAGE and bytes(data[:2]) != _UTF16_CODEPAGE:
                self.units_as_characters = 2
            if kind == BOF and len(data) >= 2:
                biff8 = _HEADER.unpack_from(data)[0] not in _OLDER_VERSIONS
            elif kind == BOUNDSHEET and len(data) >= 8:
                self.sheets.append((struct.unpack_from("<I", data)[0], _sheet_name(data, biff8)))
            elif kind == SST:
                continued = itertools.takewhile(
                    lambda record: record[0] == CONTINUE, _records(stream, end)
                )
                pieces = [data] + [view[s:e] for _, s, e in continued]
                self.string_lengths = _string_lengths(pieces)


def _sheet_name(data: memoryview, biff8: bool) -> str:
    """A BoundSheet's name (a short string after its position and kind), for messages."""
    length = data[6]
    if not biff8:
        return bytes(data[7 : 7 + length]).decode("cp1252", errors="replace")
    wide = len(data) > 7 and data[7] & 1
    text = bytes(data[8 : 8 + length * (2 if wide else 1)])
    return text.decode("utf-16-le" if wide else "latin-1", errors="replace").replace("\0", "")


class _Pieces:
    """The shared strings' record and its CONTINUE records, read across their seams."""

    def __init__(self, pieces: list[memoryview]) -> None:
        self.pieces, self.index, self.at = pieces, 0, 0

    def left(self) -> int:
        return len(self.pieces[self.index]) - self.at

    def next_piece(self) -> bool:
        if self.index + 1 >= len(self.pieces):
            return False
        self.index, self.at = self.index + 1, 0
        return True

    def take(self, count: int) -> memoryview:
        if self.left() < count:
            raise Damaged("a shared string cut short")
        piece = self.pieces[self.index][self.at : self.at + count]
        self.at += count
        return piece

    def skip(self, count: int) -> None:
        while count > 0:
            if self.left() == 0 and not self.next_piece():
                raise Damaged("a shared string cut short")
            step = min(count, self.left())
            self.at += step
            count -= step


def _string_lengths(pieces: list[memoryview]) -> list[int]:
    """The length in characters of each shared string (MS-XLS 2.5.293), as calamine reads them.

    The count comes from the file: one larger than the strings the record could hold would make
    calamine reserve room for billions, so it is refused as damage.
    """
    strings = _Pieces(pieces)
    if strings.left() < 8:
        raise Damaged("a shared-string table cut short")
    unique = struct.unpack("<i", strings.take(8)[4:])[0]
    if not 0 <= unique <= min(sum(len(p) for p in pieces) // 3, MAX_SHARED_STRINGS):
        raise Damaged("more shared strings than the table holds")
    lengths = []
    for _ in range(unique):
        if strings.left() == 0:
            strings.next_piece()
        characters, flags = struct.unpack("<HB", strings.take(3))
        runs = struct.unpack("<H", strings.take(2))[0] if flags & 0x8 else 0
        extra = struct.unpack("<I", strings.take(4))[0] if flags & 0x4 else 0
        _skip_characters(strings, characters, wide=bool(flags & 0x1))
        strings.skip(4 * runs + extra)
        lengths.append(characters)
    return lengths


def _skip_characters(strings: _Pieces, count: int, wide: bool) -> None:
    """Past `count` characters; where a CONTINUE record cuts them, it starts with a byte saying
    whether the rest are one byte or two."""
    while count > 0:
        fit = min(count, strings.left() // (2 if wide else 1))
        strings.skip(fit * (2 if wide else 1))
        count -= fit
        if count > 0:
            if not strings.next_piece():
                raise Damaged("a shared string cut short")
            wide = bool(strings.take(1)[0] & 0x1)


def _measure(stream: bytes, start: int, book: _Globals) -> tuple[Sheet, int]:
    """The sheet whose records begin at `start` (unnamed), and where its records end."""
    if start > len(stream):
        raise Damaged("a sheet that starts past the workbook's end")
    rows = columns = cells = text = recorded_rows = recorded_columns = 0
    formula_at = (0, 0)
    view = memoryview(stream)
    end = start
    for kind, begin, end in _records(stream, start):
        length = end - begin
        count = 1
        if kind == DIMENSION:  # calamine reserves room for each one it meets
            claim_rows, claim_columns = _recorded(view[begin:end])
            recorded_rows = max(recorded_rows, claim_rows)
            recorded_columns = max(recorded_columns, claim_columns)
            continue
        if kind == STRING:
            row, column = formula_at
            text += book.units_as_characters * _unicode_length(view[begin:end])
        elif kind == MULRK and length >= 6:
            row, first = _CELL.unpack_from(stream, begin)
            column = struct.unpack_from("<H", stream, end - 2)[0]
            count = column - first + 1
            if count < 1 or length != 6 + 6 * count:
                continue  # calamine stops at it: the file is damaged
        elif length >= _CELL_LENGTHS.get(kind, 1 << 16):
            row, column = _CELL.unpack_from(stream, begin)
            if kind == FORMULA:
                formula_at = (row, column)
                if stream[begin + 6] == 0 and stream[begin + 12 : begin + 14] == b"\xff\xff":
                    continue  # a text result: its STRING record, next, is the cell
            elif kind == LABEL:
                text += book.units_as_characters * _unicode_length(view[begin + 6 : end])
            elif kind == LABELSST:
                index = struct.unpack_from("<I", stream, begin + 6)[0]
                lengths = book.string_lengths
                shown = lengths[index] if index < len(lengths) else 0
                if not shown:
                    continue  # calamine leaves the cell empty
                text += book.units_as_characters * shown
        else:
            continue
        cells += count
        rows, columns = max(rows, row + 1), max(columns, column + 1)
    return Sheet("", rows, columns, cells, text, recorded_rows, recorded_columns), end


def _recorded(data: memoryview) -> tuple[int, int]:
    """The rows and columns a DIMENSION record makes calamine reserve room for."""
    if len(data) == 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", data)
    elif len(data) == 10:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", data)
    else:
        return 0, 0  # calamine stops at it: the file is damaged
    if last_row < 1 or last_column < 1:
        return 1, 1
    if last_row - 1 < first_row or last_column - 1 < first_column:
        raise Damaged("a sheet whose size is recorded backwards")
    return last_row - first_row, last_column - first_column


def _unicode_length(data: memoryview) -> int:
    return struct.unpack_from("<H", data)[0] if len(data) >= 2 else 0
