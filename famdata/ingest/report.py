"""What a reading reports: every cell, row and column left out and why, and the `check --json`
shape."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from famdata import identity
from famdata.ingest import tidy
from famdata.ingest.cells import (
    cell_text,
    is_blank,
)
from famdata.ingest.people import RosterRows, roster_of
from famdata.ingest.rules import Layout


@dataclass(frozen=True)
class Problem:
    """One cell that could not be used. `row` is the row number the teacher sees."""

    sheet: str
    row: int
    column: str
    value: str
    kind: str
    message: str


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
    summaries: tuple[WindowSummary, ...] = ()  # per window: students, and per measure its counts
    layout_name: str | None = None  # "DIBELS 8 Data Farming" when famdata knows the export
    groups: tuple[Group, ...] = ()  # the classes, teachers or grades a school export holds
    grade: int | None = None  # the grade the file says its students are in

    @functools.cached_property
    def roster(self) -> pd.DataFrame:
        """identity, student_id, name per student: the names stay in memory, for the teacher's
        own screens."""
        return roster_of(list(self.roster_rows))

    @functools.cached_property
    def scores(self) -> pd.DataFrame:
        """The tidy scores, joined on first use (a check never needs them)."""
        return self.tidy.frame()

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
        }


def summaries_of(
    windows: tuple[str | None, ...],
    listed: Mapping[str | None, set[int]],
    result: tidy.Tidy,
    measure_columns: Mapping[str, str],
) -> tuple[WindowSummary, ...]:
    """Per window: students listed; per measure, scores and listed students without one."""
    summaries = []
    for label in windows:
        students = len(listed.get(label, ()))
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
                        column=measure_columns.get(m, m),
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

    def problem(
        self, sheet: str, row: int, column: str, value: object, kind: str, why: str
    ) -> None:
        shown = cell_text(value) if not is_blank(value) else ""
        where = f"Sheet '{sheet}', row {row}, column '{column}'"
        self.problems.append(
            Problem(sheet, row, column, shown, kind, f"{where}: {why.format(value=shown)}")
        )


def hide_names(report: Report, start: int, tokens: set[str]) -> None:
    """A score cell that holds a student's name is reported without repeating the name."""
    for i in range(start, len(report.problems)):
        p = report.problems[i]
        if p.value and set(identity.normalise_name(p.value).split()) & tokens:
            hidden = "(hidden: looks like a student's name)"
            report.problems[i] = Problem(
                p.sheet, p.row, p.column, hidden, p.kind, p.message.replace(p.value, hidden)
            )
