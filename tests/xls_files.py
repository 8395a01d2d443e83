"""Old Excel workbooks (.xls) written record by record, for files no spreadsheet program would
write: a compound file holding one Workbook stream (MS-CFB), whose BIFF8 records (MS-XLS) are
given by the test. A class written by a real program comes from xlwt instead.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

SECTOR = 512
FREE, END_OF_CHAIN, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NO_ENTRY = 0xFFFFFFFF


def record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def bof(kind: int) -> bytes:
    """The start of the workbook's globals (kind 0x0005) or of a sheet (0x0010)."""
    return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


END = record(0x000A, b"")


def label(row: int, column: int, text: str) -> bytes:
    encoded = text.encode("latin-1")
    return record(0x0204, struct.pack("<HHHHB", row, column, 15, len(encoded), 0) + encoded)


def number(row: int, column: int, value: float) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, column, 15, value))


def text_formula(row: int, column: int, text: str) -> bytes:
    """A formula cell whose result is text: the FORMULA record, then its STRING record."""
    result = b"\0" * 6 + b"\xff\xff"  # MS-XLS 2.5.133: a string result follows
    formula = struct.pack("<HHH", row, column, 15) + result + struct.pack("<HIH", 0, 0, 0)
    encoded = text.encode("latin-1")
    return record(0x0006, formula) + record(0x0207, struct.pack("<HB", len(encoded), 0) + encoded)


def dimension(first_row: int, last_row: int, first_column: int, last_column: int) -> bytes:
    """A sheet's recorded size: its last row and column are one past its last cell's."""
    return record(0x0200, struct.pack("<IIHHH", first_row, last_row, first_column, last_column, 0))


def shared_strings(texts: Sequence[str]) -> bytes:
    """An SST record (each text one byte a character), to go among the workbook's globals."""
    body = b"".join(struct.pack("<HB", len(text), 0) + text.encode("latin-1") for text in texts)
    return record(0x00FC, struct.pack("<II", len(texts), len(texts)) + body)


def shared_label(row: int, column: int, index: int) -> bytes:
    return record(0x00FD, struct.pack("<HHHI", row, column, 15, index))


def workbook(sheets: Sequence[tuple[str, bytes]], globals_: bytes = b"", alias: int = 0) -> bytes:
    """A compound file whose Workbook stream holds `sheets` (name and cell records each); the
    last sheet is also named `alias` more times, each name pointing at its records."""
    names = [name for name, _ in sheets] + [f"Copy {i}" for i in range(alias)]
    entries_size = sum(4 + 8 + len(name.encode("latin-1")) for name in names)
    head = bof(0x0005) + globals_
    position = len(head) + entries_size + len(END)
    starts = []
    bodies = b""
    for _, cells in sheets:
        starts.append(position + len(bodies))
        bodies += bof(0x0010) + cells + END
    starts += [starts[-1]] * alias
    bound = b"".join(
        record(0x0085, struct.pack("<IBBBB", start, 0, 0, len(name), 0) + name.encode("latin-1"))
        for start, name in zip(starts, names, strict=True)
    )
    return compound(head + bound + END + bodies)


def compound(stream: bytes) -> bytes:
    """An MS-CFB version 3 file holding `stream` as its Workbook, in regular sectors."""
    stream = stream.ljust(4096, b"\0")  # a shorter stream would live in the mini stream
    padded = stream + b"\0" * (-len(stream) % SECTOR)
    data_sectors = len(padded) // SECTOR
    fat_sectors = 1
    while SECTOR // 4 * fat_sectors < fat_sectors + 1 + data_sectors:
        fat_sectors += 1
    directory = fat_sectors
    fat = [FAT_SECTOR] * fat_sectors + [END_OF_CHAIN]
    fat += [directory + 2 + i for i in range(data_sectors - 1)] + [END_OF_CHAIN]
    fat += [FREE] * (SECTOR // 4 * fat_sectors - len(fat))
    entries = (
        _entry("Root Entry", 5, child=1, start=END_OF_CHAIN, size=0)
        + _entry("Workbook", 2, child=NO_ENTRY, start=directory + 1, size=len(stream))
        + _entry("", 0, child=NO_ENTRY, start=0, size=0) * 2
    )
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<9I", 0, fat_sectors, directory, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<109I", *range(fat_sectors), *[FREE] * (109 - fat_sectors))
    )
    return header + struct.pack(f"<{len(fat)}I", *fat) + entries + padded


def _entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = name.encode("utf-16-le") + b"\0\0" if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(encoded), kind, 1, NO_ENTRY, NO_ENTRY, child)
        + b"\0" * 36
        + struct.pack("<III", start, size, 0)
    )
