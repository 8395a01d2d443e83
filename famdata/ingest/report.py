"""What a reading reports: every cell, row and column left out and why, and the `check --json`
shape."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from famdata import identity
from famdata.ingest import profiles, tidy
from famdata.ingest.cells import (
    cell_text,
    is_blank,
)
from famdata.ingest.people import RosterRows, roster_of
from famdata.ingest.rules import Layout
from famdata.measures import PERCENT, Profile
from famdata.score_table import Coded

# Problems, and rows left out, listed one by one; past this many they are counted, not listed:
# no one reads more, and a file that lists one student a million times would fill memory.
MAX_LISTED = 10_000


@dataclass(frozen=True)
class Problem:
    """One cell that could not be used. `row` is the row number the teacher sees."""

    sheet: str
    row: int
    column: str
    value: str
    kind: str
    message: str

    @property
    def advice(self) -> str:
        """The message without the cell's place, for a table that shows the place beside it."""
        place = _place(self.sheet, self.row, self.column)
        if not self.message.startswith(place):
            return self.message
        advice = self.message.removeprefix(place)
        return advice[:1].upper() + advice[1:]  # "This student is listed again ..."


def _place(sheet: str, row: int, column: str) -> str:
    return f"Sheet '{sheet}', row {row}, column '{column}': "


@dataclass(frozen=True)
class IgnoredColumn:
    column: str
    reason: str


@dataclass(frozen=True)
class ExcludedRow:
    sheet: str
    row: int
    reason: str


@dataclass(frozen=True)
class MeasureCount:
    name: str
    column: str
    scores: int
    missing: int


@dataclass(frozen=True)
class WindowSummary:
    label: str | None
    students: int
    measures: tuple[MeasureCount, ...]


@dataclass(frozen=True)
class Group:
    """One class, teacher or grade in a file that holds several: what `--select` can pick."""

    column: str
    value: str
    students: int


@dataclass(frozen=True)
class Reading:
    """What famdata understood of a file, before anything is saved.

    `scores` has one row per (window, identity, measure): window, identity, measure, value
    (NaN when missing), missing_reason, sheet, row, column, vendor_band. `roster` has one row
    per identity: identity, student_id, name — the names stay in memory, for the teacher's own
    screens.
    """

    file: str
    layout: Layout
    tidy: tidy.Tidy = field(repr=False)
    roster_rows: tuple[RosterRows, ...] = field(repr=False)
    windows: tuple[str | None, ...]
    window_dates: dict[str, date]
    measures: tuple[str, ...]
    roles: dict[str, str]
    ignored_columns: tuple[IgnoredColumn, ...]
    excluded_rows: tuple[ExcludedRow, ...]
    problems: tuple[Problem, ...]
    summaries: tuple[WindowSummary, ...] = ()
    # Past MAX_LISTED, problems and rows left out are counted here instead of listed.
    unlisted_problems: int = 0
    unlisted_excluded: int = 0  # per window: students, and per measure its counts
    layout_name: str | None = None  # "DIBELS 8 Data Farming" when famdata knows the export
    groups: tuple[Group, ...] = ()  # the classes, teachers or grades a school export holds
    grade: int | None = None  # the grade the file says its students are in
    # How the file names its class (titles, class column values): to offer that saved class.
    class_hints: tuple[str, ...] = field(default=(), repr=False)
    guesses: Mapping[str, profiles.Guess] = field(default_factory=dict)  # per measure
    # Measures whose fractions of 1 (0.965) the teacher asked to read as percents (96.5).
    as_percent: frozenset[str] = frozenset()

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.unlisted_problems

    @property
    def excluded_count(self) -> int:
        return len(self.excluded_rows) + self.unlisted_excluded

    @property
    def profiles(self) -> dict[str, Profile]:
        """Each measure's profile as famdata guessed it, with the teacher's answers so far."""
        found = {}
        for measure, guess in self.guesses.items():
            profile = guess.profile
            if measure in self.as_percent:
                profile = dataclasses.replace(profile, unit=PERCENT, from_fractions=True)
            found[measure] = profile
        return found

    @property
    def fraction_questions(self) -> tuple[str, ...]:
        """Measures whose scores look like fractions of a percent, not yet answered."""
        return tuple(m for m, g in self.guesses.items() if g.fractions and m not in self.as_percent)

    def reading_as_percents(self, measures: Iterable[str]) -> Reading:
        """This reading with the fractions of these measures read as percents (0.965 -> 96.5)."""
        asked = {m for m, g in self.guesses.items() if g.fractions}
        return dataclasses.replace(self, as_percent=self.as_percent | (set(measures) & asked))

    def cannot_save(self, class_name: str | None, grade: int | None) -> str | None:
        """Why this reading cannot be saved yet, in the words shown beside the disabled Save
        button (None when it can): a teacher who sees a greyed-out button with no reason does
        not know whether the file or the form is wrong."""
        if self.scores.empty:
            return "This file has no scores"
        if not (class_name and class_name.strip()):
            return "Type a class name"
        if grade is None:
            return "Choose the grade"
        return None

    @functools.cached_property
    def roster(self) -> pd.DataFrame:
        """identity, student_id, name per student: the names stay in memory, for the teacher's
        own screens."""
        return roster_of(list(self.roster_rows))

    @functools.cached_property
    def scores(self) -> pd.DataFrame:
        """The tidy scores, joined on first use (a check never needs them)."""
        frame = self.tidy.frame()
        if self.as_percent:
            frame["value"] = self.score_column("value")
        return frame

    def score_column(self, name: str) -> np.ndarray:
        """One column of `scores`, row for row, without joining the others."""
        column = self.tidy.column(name)
        if name != "value" or not self.as_percent:
            return column
        measures = self.coded["measure"]
        asked = [code for code, m in enumerate(measures.labels) if m in self.as_percent]
        scaled = np.isin(measures.codes, asked)
        column = column.copy()
        column[scaled] = (column[scaled] * 100).round(10)
        return column

    @functools.cached_property
    def coded(self) -> dict[str, Coded]:
        """The window, identity and measure columns of `scores` as codes (see `Coded`)."""
        return self.tidy.coded()

    def markers(self, window: str | None, measure: str) -> dict[str, int]:
        """How often each absence marker ("abs", "N/A", "blank" ...) stands for a missing score."""
        return dict(self.tidy.markers.get((window, measure), {}))

    def to_check_json(self) -> dict[str, Any]:
        """The `check --json` report: counts and positions, never a name."""
        return {
            "file": self.file,
            "layout": self.layout,
            "preset": self.layout_name,
            "grade": self.grade,
            "groups": [
                {"column": g.column, "value": g.value, "students": g.students} for g in self.groups
            ],
            "windows": [
                {
                    "label": w.label,
                    "students": w.students,
                    "measures": [
                        {
                            "name": m.name,
                            "column": m.column,
                            "scores": m.scores,
                            "missing": m.missing,
                            "markers": self.markers(w.label, m.name),
                            **profile_json(self.profiles.get(m.name, Profile())),
                            **(
                                {"question": profiles.FRACTIONS_QUESTION}
                                if m.name in self.fraction_questions
                                else {}
                            ),
                        }
                        for m in w.measures
                    ],
                }
                for w in self.summaries
            ],
            "ignored_columns": [
                {"column": c.column, "reason": c.reason} for c in self.ignored_columns
            ],
            "excluded_rows": [
                {"sheet": r.sheet, "row": r.row, "reason": r.reason} for r in self.excluded_rows
            ],
            "problems": [
                {
                    "sheet": p.sheet,
                    "row": p.row,
                    "column": p.column,
                    "value": p.value,
                    "kind": p.kind,
                    "message": p.message,
                }
                for p in self.problems
            ],
            "excluded_rows_not_listed": self.unlisted_excluded,
            "problems_not_listed": self.unlisted_problems,
        }


def profile_json(profile: Profile) -> dict[str, Any]:
    """A measure's profile as `check --json` and `summary --json` show it."""
    return {
        "skill": profile.skill,
        "unit": profile.unit,
        "higher_is_better": profile.higher_is_better,
    }


def summaries_of(
    windows: tuple[str | None, ...],
    listed: Mapping[str | None, int],
    result: tidy.Tidy,
    measure_columns: Mapping[tuple[str | None, str], str],
) -> tuple[WindowSummary, ...]:
    """Per window: students listed (`listed`, counted); per measure, scores and listed students
    without one."""
    summaries = []
    for label in windows:
        students = listed.get(label, 0)
        present = [
            m
            for m in result.measures
            if (label, m) in result.scored or (label, m) in result.markers
        ]
        summaries.append(
            WindowSummary(
                label=label,
                students=students,
                measures=tuple(
                    MeasureCount(
                        name=m,
                        column=measure_columns.get((label, m), m),
                        scores=result.scored.get((label, m), 0),
                        missing=students - result.scored.get((label, m), 0),
                    )
                    for m in present
                ),
            )
        )
    return tuple(summaries)


@dataclass
class Report:
    ignored: list[IgnoredColumn] = field(default_factory=list)
    excluded: list[ExcludedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unlisted_problems: int = 0
    unlisted_excluded: int = 0

    def problem(
        self, sheet: str, row: int, column: str, value: object, kind: str, why: str
    ) -> None:
        if len(self.problems) >= MAX_LISTED:
            self.unlisted_problems += 1
            return
        shown = cell_text(value) if not is_blank(value) else ""
        where = _place(sheet, row, column)
        self.problems.append(
            Problem(sheet, row, column, shown, kind, f"{where}{why.format(value=shown)}")
        )

    def exclude(self, sheet: str, row: int, reason: str) -> None:
        if len(self.excluded) >= MAX_LISTED:
            self.unlisted_excluded += 1
            return
        self.excluded.append(ExcludedRow(sheet, row, reason))


def hide_names(report: Report, start: int, tokens: set[str]) -> None:
    """A score cell that holds a student's name is reported without repeating the name."""
    for i in range(start, len(report.problems)):
        p = report.problems[i]
        if p.value and set(identity.normalise_name(p.value).split()) & tokens:
            hidden = "(hidden: looks like a student's name)"
            report.problems[i] = Problem(
                p.sheet, p.row, p.column, hidden, p.kind, p.message.replace(p.value, hidden)
            )
