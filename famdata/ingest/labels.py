"""Measure names, window labels and sheet labels that are students' names are never labels.

A grid with children across the top, or a workbook with one sheet per child, would otherwise put
children's names on the projector as skills or windows and in every family's folder. Whatever
the layout, a label that matches a name in the same file's roster (accents, case, punctuation
and word order folded, as identities are) is left out and reported without the name.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from famdata import identity
from famdata.ingest.header import Table
from famdata.ingest.people import RosterRows
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
    """The file's students' names, folded as identities are; their words are worked out only
    when a problem cell or a left-out column has to be checked for one."""

    folded: frozenset[str] = frozenset()

    @classmethod
    def of(cls, people: list[RosterRows]) -> Names:
        """The names written in the file's name columns; a "Total" or "Class average" row there
        is not a student, so a "Total" column stays a score."""
        written = np.concatenate([p.name for p in people]) if people else np.array([], object)
        written = pd.unique(written[written != ""])
        students = (n for n in written if " ".join(n.split()).casefold() not in SUMMARY_LABELS)
        return cls(frozenset(identity.normalise_name(n) for n in students) - {""})

    @functools.cached_property
    def tokens(self) -> frozenset[str]:
        """Every word of two letters or more of any name (to hide a name inside a cell)."""
        return frozenset(t for n in self.folded for t in n.split() if len(t) > 1)

    @functools.cached_property
    def _by_first_word(self) -> dict[str, list[frozenset[str]]]:
        """Each name's words, filed under its first (sorted) word."""
        filed: dict[str, list[frozenset[str]]] = {}
        for name in self.folded:
            words = name.split()
            filed.setdefault(words[0], []).append(frozenset(words))
        return filed

    def is_name(self, text: object) -> bool:
        return isinstance(text, str) and identity.normalise_name(text) in self.folded

    def within(self, text: str) -> bool:
        """Whether every word of some student's name is in `text` ("sheet 'García, Ana'")."""
        words = set(identity.normalise_name(text).split())
        return any(name <= words for word in words for name in self._by_first_word.get(word, ()))

    def mask(self, values: np.ndarray) -> np.ndarray:
        """Which of `values` (texts) are names, deciding each distinct value once."""
        local, distinct = pd.factorize(values)
        named = np.array([self.is_name(v) for v in distinct] + [False], dtype=bool)
        return named[local]


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
