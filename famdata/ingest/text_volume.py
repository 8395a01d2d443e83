"""How much text a workbook's cells will hold once read, bounded from the file before reading.

Text written once can fill many cells: an xlsx shared string that every cell points at, an ods
cell repeated across rows and columns, an ods run of spaces (<text:s text:c="1000000"/>). The
spreadsheet reader copies the text into each cell it fills, so a 2 KB file could ask for
gigabytes, and the reader aborts the process when it cannot have them. Each bound here is never
less than what the reader would copy: it counts every character of markup too, and where the
file is written in a way that could hide text from a byte scan, it takes the widest reading.
"""

from __future__ import annotations

import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from xml.parsers import expat

from famdata.ingest.pieces import holds, xml_pieces

# Far more text than any class or school file holds (a district's names are a few million
# characters), and little enough that a workbook this wordy still fits in memory.
MAX_TEXT_CHARS = 100_000_000
# The fewest bytes a cell pointing at a shared string is written in: <c t="s"><v>0</v></c>.
_SHARED_CELL_BYTES = 20

# XML in which every "<" starts a tag, an end tag or a declaration, and no quoted value holds a
# "<": a byte scan for a tag then finds only real ones. No spreadsheet program writes comments,
# CDATA or a "<" inside a value; XML with any of them is measured the wide way.
_NAME = r"""[^\s<>/="'!?]+"""
_VALUE = r"""(?:"[^"<]*"|'[^'<]*')"""
_PLAIN = rf"^(?:[^<]+|<{_NAME}(?:\s+{_NAME}\s*=\s*{_VALUE})*\s*/?>|</{_NAME}\s*>|<\?[^<>]*\?>)*$"


class NotPlainXml(ValueError):
    """XML with a comment, CDATA, a declaration or a "<" in a quoted value, where it matters."""


def is_plain(piece: memoryview | bytes) -> bool:
    return holds(piece, _PLAIN)


# xlsx: a shared-strings entry ends at its first </si>, so in plain XML no entry's text reaches
# past the next </si>: the longest stretch between two is a bound on every entry.
_ENTRY_START = re.compile(rb"<(?:[^\s<>/:]+:)?si(?=[\s/>])")
# A cell that points at a shared string: t="s" (a value given as an entity counted too).
_SHARED_TYPE = re.compile(rb"""[\s:]t\s*=\s*["'](?:s["']|&)""")


@dataclass(frozen=True)
class _SharedStrings:
    """What a workbook's shared strings could be: where they are and their longest entry."""

    members: tuple[str, ...]
    longest: int  # characters, at most


def xlsx_text(archive: zipfile.ZipFile, sheets: Iterable[str], related: Iterable[str]) -> int:
    """A bound on the characters of shared strings the sheets' cells would hold once read
    (`related`: the shared strings the workbook's relationships name).

    Every cell might point at the longest entry; only when that bound is too large are the cells
    that could point at an entry counted one by one (slower, and only for such a file).
    """
    strings = _shared_strings(archive, set(related))
    sheets = list(sheets)
    if not strings.longest:
        return 0
    widest = sum(archive.getinfo(m).file_size // _SHARED_CELL_BYTES for m in sheets)
    if widest * strings.longest <= MAX_TEXT_CHARS:
        return widest * strings.longest
    pointing = sum(_shared_cells(archive, member) for member in sheets)
    if pointing * strings.longest <= MAX_TEXT_CHARS:
        return pointing * strings.longest
    sizes = _entry_sizes(archive, strings.members)
    return sum(_referenced(archive, member, sizes, strings.longest) for member in sheets)


def _shared_strings(archive: zipfile.ZipFile, related: set[str]) -> _SharedStrings:
    """Every member the reader might take the shared strings from (one the relationships name,
    and any member named like one), with a bound on their longest entry."""
    members = tuple(
        m
        for m in archive.NameToInfo
        if m in related or "sharedstrings" in posixpath.basename(m).lower()
    )
    return _SharedStrings(members, max((_longest_entry(archive, m) for m in members), default=0))


def _longest_entry(archive: zipfile.ZipFile, member: str) -> int:
    """The most bytes from the first entry's start to an entry end, or between two entry ends: a
    bound on any entry's characters. XML that is not plain could hide an entry's start or end,
    so its every byte is taken as one entry. (An end written otherwise, </si >, only joins two
    entries into a longer one.)"""
    longest = since = 0
    started = False
    for piece in xml_pieces(archive, member):
        if not is_plain(piece):
            return archive.getinfo(member).file_size
        at = 0
        if not started:
            first = _ENTRY_START.search(piece)
            if first is None:
                continue
            started, at = True, first.start()
        parts = bytes(piece[at:]).split(b"</si>")
        if len(parts) == 1:
            since += len(parts[0])
            continue
        longest = max(longest, since + len(parts[0]), *map(len, parts[1:-1]))
        since = len(parts[-1])
    return max(longest, since)


def _shared_cells(archive: zipfile.ZipFile, member: str) -> int:
    """How many cells of a sheet could point at a shared string."""
    return sum(len(_SHARED_TYPE.findall(piece)) for piece in xml_pieces(archive, member))


def _entry_sizes(archive: zipfile.ZipFile, members: tuple[str, ...]) -> list[int] | None:
    """Each shared-strings entry's characters, read by an XML parser (the larger where several
    members could be the table); None where an entry holds another, which no program writes and
    where the reader could number the entries otherwise."""
    merged: list[int] = []
    for member in members:
        reader = _EntryReader(member)
        for piece in xml_pieces(archive, member):
            reader.feed(bytes(piece))
        found = reader.sizes()
        if found is None:
            return None
        merged = [max(a, b) for a, b in itertools.zip_longest(merged, found, fillvalue=0)]
    return merged


class _EntryReader:
    """The characters of each <si> entry of one shared-strings member, as an XML parser reads
    them: markup, comments and CDATA cannot hide text from it."""

    def __init__(self, member: str) -> None:
        self.member = member
        self.found: list[int] = []
        self.inside, self.nested, self.chars = False, False, 0
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.StartDoctypeDeclHandler = self._doctype

    def feed(self, data: bytes, last: bool = False) -> None:
        try:
            self.parser.Parse(data, last)
        except expat.ExpatError as error:
            raise NotPlainXml(self.member) from error

    def sizes(self) -> list[int] | None:
        self.feed(b"", last=True)
        return None if self.nested else self.found

    def _start(self, name: str, _attributes: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "si":
            self.nested = self.nested or self.inside
            self.inside, self.chars = True, 0

    def _end(self, name: str) -> None:
        if name.rpartition(":")[2] == "si" and self.inside:
            self.found.append(self.chars)
            self.inside = False

    def _text(self, data: str) -> None:
        if self.inside:
            self.chars += len(data)

    def _doctype(self, *_args: object) -> None:
        raise NotPlainXml(self.member)  # a declared entity could stand for any amount of text


# A cell's start tag (its attributes in group 1) or a value element's text up to the next tag
# (group 2): <c r="B2" t="s"><v>12</v></c>, <x:v>12</x:v>. A value belongs to the cell before it.
_CELL_OR_VALUE = re.compile(
    rb"""<(?:[^\s<>/:]+:)?(?:c(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>"""
    rb"""|v(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>([^<]*))"""
)
_INDEX = re.compile(rb"\+?[0-9]+")


def _referenced(
    archive: zipfile.ZipFile, member: str, sizes: list[int] | None, longest: int
) -> int:
    """The characters of the entries a sheet's shared-string cells (t="s") point at: a value
    written as a whole number is an entry's index, one with an entity (&#53;) is taken as the
    longest. A sheet that is not plain XML could hide a cell from this scan, so it is refused."""
    total = 0
    shared = False
    for piece in xml_pieces(archive, member):
        if not is_plain(piece):
            raise NotPlainXml(member)
        for found in _CELL_OR_VALUE.finditer(piece):
            cell, value = found.groups()
            if cell is not None:
                shared = _SHARED_TYPE.search(b" " + cell) is not None
            elif not shared:
                continue
            elif b"&" in value:
                total += longest
            elif _INDEX.fullmatch(value := value.strip()):
                total += longest if sizes is None else _entry_size(sizes, value)
        if total > MAX_TEXT_CHARS:
            return total
    return total


def _entry_size(sizes: list[int], index: bytes) -> int:
    """The characters of the entry a written index points at (0 past the last entry)."""
    digits = index.lstrip(b"+").lstrip(b"0") or b"0"
    number = int(digits) if len(digits) <= 18 else len(sizes)
    return sizes[number] if number < len(sizes) else 0


# ods: a cell's text is in its tag (office:string-value) and between its tag and the next table
# tag, copied into every cell its repeats stand for; <text:s text:c="N"/> stands for N spaces.
_SPACES = re.compile(rb"""[\s:]c\s*=\s*["']\s*\+?([0-9]+)""")


def ods_span_chars(span: memoryview | bytes) -> int:
    """A bound on the characters a stretch of a cell's XML holds once read (none when it is only
    the spaces and line ends a program lays its XML out with)."""
    if not bytes(span).strip():
        return 0
    return len(span) + sum(int(count) for count in _SPACES.findall(span))


class OdsText:
    """The characters an ods table's cells would hold once read, with repeats multiplied out, as
    its table, row and cell tags stream past (`between` is given the XML between two of them)."""

    def __init__(self) -> None:
        self.total = 0  # of the rows finished
        self.row_chars, self.row_repeat = 0, 1
        self.cell_repeat = 0  # of the cell being read; 0 between cells

    def start_row(self, repeat: int) -> None:
        self.end_row()
        self.row_repeat = repeat

    def end_row(self) -> None:
        self.total += self.row_chars * self.row_repeat
        self.row_chars, self.row_repeat, self.cell_repeat = 0, 1, 0

    def start_cell(self, tag: bytes, repeat: int, closed: bool) -> None:
        """A cell with a value type counts its own tag too: its value may be an attribute
        (office:string-value). The empty cells a program repeats to the sheet's edge count
        nothing."""
        if b"value-type" in tag:
            self.row_chars += len(tag) * repeat
        self.cell_repeat = 0 if closed else repeat

    def end_cell(self) -> None:
        self.cell_repeat = 0

    def between(self, span: memoryview | bytes) -> None:
        if self.cell_repeat:
            self.row_chars += ods_span_chars(span) * self.cell_repeat

    def chars(self) -> int:
        return self.total + self.row_chars * self.row_repeat
