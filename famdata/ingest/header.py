"""Finding the header row of a sheet and the table below it; how headers are compared."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from famdata.ingest import workbook
from famdata.ingest.cells import (
    ARROW_TEXT,
    ParsedCells,
    cell_text,
    is_blank,
    looks_numeric,
    parse_cells,
    text_array,
    texts,
)
from famdata.ingest.extent import column_letters
from famdata.ingest.rules import ROLE_PATTERNS, RULES, Rules


@functools.lru_cache(maxsize=8192)
def normalise_header(text: object) -> str:
    """Lower case, accents and punctuation gone, spaces collapsed: how headers are compared."""
    bare = unicodedata.normalize("NFKD", str(text))
    bare = "".join(ch for ch in bare if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", bare).split())


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")


@functools.lru_cache(maxsize=8192)
def header_words(text: object) -> str:
    """`normalise_header` after splitting run-together words: exports write "TestStandardError",
    "NCEdStudentID" or "BioPctl", and the header patterns match words ("test standard error")."""
    return normalise_header(_CAMEL.sub(" ", str(text)))


def matches(header: str, patterns: tuple[str, ...]) -> bool:
    return any(re.fullmatch(p, header) for p in patterns)


@dataclass(frozen=True)
class Table:
    """A sheet's table: its headers and the rows below them (indexed by grid row).

    Each column is read when first needed, as scores (`cells`) or as labels (`texts`): the
    columns that name students or windows are never parsed as scores.
    """

    sheet: str
    header_row: int
    headers: tuple[str, ...]
    body: pd.DataFrame  # columns named by headers
    titles: tuple[str, ...] = ()  # the title and note rows above the header, as written
    # Per header, the grid rows whose cells the workbook shows as percents (already scaled).
    percent: Mapping[str, Collection[int]] = field(default_factory=dict)
    _cells: dict[str, ParsedCells] = field(default_factory=dict, compare=False, repr=False)
    _texts: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    _held: dict[str, pa.Array | None] = field(default_factory=dict, compare=False, repr=False)
    _by_normalised: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def cells(self, column: str) -> ParsedCells:
        if column not in self._cells:
            self._cells[column] = parse_cells(self.body[column])
        return self._cells[column]

    def texts(self, column: str) -> np.ndarray:
        """Each cell as text, '' for blank (IDs, names, labels)."""
        if column not in self._texts:
            held = self._held_text(column)
            self._texts[column] = (
                texts(self.body[column]) if held is None else held.to_numpy(zero_copy_only=False)
            )
        return self._texts[column]

    def text_array(self, column: str) -> pa.Array:
        """`texts` as pyarrow strings, for the searches pyarrow makes without a Python string
        per cell (a CSV's text column and a column of whole numbers are already held so)."""
        held = self._held_text(column)
        return pa.array(self.texts(column), type=ARROW_TEXT) if held is None else held

    def _held_text(self, column: str) -> pa.Array | None:
        if column not in self._held:
            self._held[column] = text_array(self.body[column])
        return self._held[column]

    def first_header(self, normalised: Collection[str]) -> str | None:
        """The first header that reads as one of `normalised` (as `normalise_header` gives it).

        Each header is normalised once per table, so asking for every column of a wide sheet
        costs no more than reading its headers.
        """
        if not self._by_normalised:
            for header in reversed(self.headers):
                self._by_normalised[normalise_header(header)] = header
        found = [self._by_normalised[n] for n in normalised if n in self._by_normalised]
        return min(found, key=self.headers.index, default=None)

    def shown_as_percent(self, column: str) -> np.ndarray:
        """True for each row whose cell in `column` the workbook formats as a percent."""
        rows = self.percent.get(column)
        if not rows:
            return np.zeros(len(self.body), dtype=bool)
        return np.isin(self.body.index.to_numpy(), np.fromiter(rows, dtype=np.int64))

    def blank(self, column: str) -> np.ndarray:
        if column in self._cells:
            return self._cells[column].blank
        held = self._held_text(column)
        if held is not None:  # found in pyarrow: no Python string made for a window's "Fall"
            return pc.equal(held, "").to_numpy(zero_copy_only=False)
        return self.texts(column) == ""

    def filled(self) -> np.ndarray:
        """How many non-empty cells each row has."""
        blanks = np.zeros(len(self.body), dtype=np.int32)  # a sheet has at most 16,384 columns
        for column in self.headers:
            blanks += self.blank(column)
        return len(self.headers) - blanks

    def only(self, columns: Collection[str]) -> Table:
        """The table with only `columns`, and what is already read of them."""
        kept = [h for h in self.headers if h in columns]
        return Table(
            self.sheet,
            self.header_row,
            tuple(kept),
            self.body[kept],
            _texts={c: t for c, t in self._texts.items() if c in kept},
            _held={c: a for c, a in self._held.items() if c in kept},
        )

    def keep_rows(self, keep: np.ndarray) -> Table:
        if keep.all():
            return self
        return Table(
            self.sheet,
            self.header_row,
            self.headers,
            self.body[keep],
            self.titles,
            self.percent,
            {c: p.take(keep) for c, p in self._cells.items()},
            {c: t[keep] for c, t in self._texts.items()},
        )


def column_letter(index: int) -> str:
    """The letter of a 0-based column (0 -> A)."""
    return column_letters(index + 1)


def unique_header(name: str, taken: list[str]) -> str:
    """`name`, or "name (2)", "name (3)" ... when a header of that name is already taken."""
    base, n = name, 2
    while name in taken:
        name, n = f"{base} ({n})", n + 1
    return name


def find_header(grid: pd.DataFrame, rules: Rules = RULES) -> int | None:
    """The first row, near the top, that is wide and made of words: title and note rows are not."""
    top = grid.head(rules.header_scan_rows)
    filled = top.apply(lambda row: sum(not is_blank(v) for v in row), axis=1)
    if filled.empty or filled.max() < 1:
        return None
    widest = int(filled.max())
    for index in top.index:
        cells = [v for v in top.loc[index] if not is_blank(v)]
        words = sum(isinstance(v, str) and not looks_numeric(v) for v in cells)
        if len(cells) >= max(2, widest / 2) and words >= 0.7 * len(cells):
            return int(index)
    return None


def table_of(sheet: workbook.Sheet, rules: Rules = RULES) -> Table | None:
    grid = sheet.grid
    if grid.empty:
        return None
    header_row = find_header(grid, rules)
    if header_row is None:
        return None
    header_cells = list(grid.loc[header_row])
    # IDs such as "00123" must keep their zeros, whatever a text file's reader would make of them.
    id_columns = [
        p
        for p, v in enumerate(header_cells)
        if matches(normalise_header(v), ROLE_PATTERNS["student"])
    ]
    below = sheet.below(header_row, id_columns)
    headers: list[str] = []
    keep: list[int] = []
    for position, source in enumerate(below.columns):
        value = header_cells[position] if position < len(header_cells) else ""
        if is_blank(value) and (texts(below[source]) == "").all():
            continue
        name = str(value).strip() if not is_blank(value) else f"Column {column_letter(position)}"
        headers.append(unique_header(name, headers))
        keep.append(position)
    body = below.iloc[:, keep]
    body.columns = headers
    titles = tuple(
        " ".join(cell_text(v) for v in grid.loc[index] if not is_blank(v))
        for index in grid.index[:header_row]
    )
    shown = sheet.percent
    percent = {h: shown[p] for h, p in zip(headers, keep, strict=True) if p in shown}
    return Table(
        sheet.name, header_row, tuple(headers), body, tuple(t for t in titles if t), percent
    )
