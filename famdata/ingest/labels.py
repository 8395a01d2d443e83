"""Measure names, window labels and sheet labels that are students' names are never labels.

A grid with children across the top, or a workbook with one sheet per child, would otherwise put
children's names on the projector as skills or windows and in every family's folder. Whatever
the layout, a label that matches a name in the same file's roster (accents, case, punctuation
and word order folded, as identities are) is left out and reported without the name.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from famdata import identity
from famdata.ingest.cells import ARROW_TEXT
from famdata.ingest.header import Table
from famdata.ingest.report import IgnoredColumn, Report
from famdata.ingest.roles import RoleGuess
from famdata.ingest.rules import SUMMARY_LABELS

HIDDEN = "(a student's name)"
NAME_HEADER = "a column headed with a student's name is not a skill"
NAME_SHEET = "a sheet named after a student is not a window"
NAME_MEASURE = "a student's name is not a measure; this row's score was left out."
NAME_WINDOW = "a student's name is not an assessment window; this row's scores were left out."


@dataclass(frozen=True)
class Names:
    """The file's students' names, asked about a handful of labels at a time.

    Folding every one of a district's 50,000 names took longer than reading the file, so the names
    are kept as one text, a line each (lower-cased as written, or folded when a name is not plain
    ASCII), and only the lines holding a word of the label asked about are folded.
    """

    lines: str = ""
    # The names found per word: a district's headers ask about the same word ("measure") often.
    _found: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, written: list[pa.Array]) -> Names:
        """The names written in the file's name columns (`RosterRows.written_names`)."""
        distinct = pc.unique(pa.chunked_array([w.cast(ARROW_TEXT) for w in written], ARROW_TEXT))
        distinct = distinct.filter(pc.not_equal(distinct, ""))
        one_list = pa.ListArray.from_arrays(pa.array([0, len(distinct)], pa.int32()), distinct)
        # one text, without a Python string per name
        text = pc.binary_join(one_list, pa.scalar("\n", ARROW_TEXT))[0].as_py()
        if text.count("\n") != max(len(distinct) - 1, 0):  # a name written over two lines
            text = "\n".join(" ".join(n.split()) for n in distinct.to_pylist())
        if not text.isascii():
            text = "\n".join(n.lower() if n.isascii() else _folded(n) for n in text.split("\n"))
        return cls(text.lower())

    @functools.cached_property
    def tokens(self) -> frozenset[str]:
        """Every word of two letters or more of any name (to hide a name inside a cell)."""
        return frozenset(
            t for line in self.lines.split("\n") for t in _student(line).split() if len(t) > 1
        )

    def _with_word(self, word: str) -> frozenset[str]:
        """The folded names that have `word` as one of their words."""
        if word not in self._found:
            self._found[word] = self._find(word)
        return self._found[word]

    def _find(self, word: str) -> frozenset[str]:
        if word not in self.lines:  # one fast scan settles most labels
            return frozenset()
        pattern = re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])")
        found = set()
        for match in pattern.finditer(self.lines):
            begin = self.lines.rfind("\n", 0, match.start()) + 1
            end = self.lines.find("\n", match.end())
            found.add(_student(self.lines[begin : None if end < 0 else end]))
        return frozenset(found - {""})

    def is_name(self, text: object) -> bool:
        if not isinstance(text, str):
            return False
        folded = identity.normalise_name(text)
        return bool(folded) and folded in self._with_word(max(folded.split(), key=len))

    def within(self, text: str) -> bool:
        """Whether every word of some student's name is in `text` ("sheet 'García, Ana'")."""
        words = set(identity.normalise_name(text).split())
        return any(set(name.split()) <= words for word in words for name in self._with_word(word))

    def mask(self, values: np.ndarray) -> np.ndarray:
        """Which of `values` (texts) are names, deciding each distinct value once."""
        local, distinct = pd.factorize(values)
        named = np.array([self.is_name(v) for v in distinct] + [False], dtype=bool)
        return named[local]


def _folded(name: str) -> str:
    """A name that is not plain ASCII, folded, unless it is a summary label (kept as written so
    `_student` can still tell)."""
    return name.lower() if _is_summary(name) else identity.normalise_name(name)


def _is_summary(line: str) -> bool:
    return " ".join(line.split()).casefold() in SUMMARY_LABELS


def _student(line: str) -> str:
    """A line's folded name; '' for a "Total" or "Class average" row, which is not a student (so
    a "Total" column stays a score)."""
    return "" if _is_summary(line) else identity.normalise_name(line)


def without_name_headers(guess: RoleGuess, names: Names) -> RoleGuess:
    """The guess with every score or ignored column headed by a student's name left out, and
    reported as such without the name."""
    named = [c for c in (*guess.measures, *(c for c, _ in guess.ignored)) if names.is_name(c)]
    if not named:
        return guess
    return dataclasses.replace(
        guess,
        measures=[c for c in guess.measures if c not in named],
        ignored=[(c, r) for c, r in guess.ignored if c not in named]
        + [(HIDDEN, NAME_HEADER)] * len(named),
    )


def unnamed_sheet(table: Table, position: int, names: Names) -> Table:
    """The table, its sheet called by position when the sheet's name is a student's, so no
    problem or note repeats the name."""
    if not names.is_name(table.sheet):
        return table
    return dataclasses.replace(table, sheet=hidden_sheet(position))


def hidden_sheet(position: int) -> str:
    return f"sheet {position + 1} {HIDDEN}"


def is_hidden_sheet(sheet: str) -> bool:
    return sheet.endswith(HIDDEN)


def hide_in_ignored(ignored: list[IgnoredColumn], names: Names) -> tuple[IgnoredColumn, ...]:
    """What was left out, with any column or sheet called by a student's name said without it."""
    return tuple(IgnoredColumn(HIDDEN, c.reason) if names.within(c.column) else c for c in ignored)


def report_name_sheet(sheet: str, report: Report) -> None:
    report.ignored.append(IgnoredColumn(sheet, NAME_SHEET))
