"""Two layouts that put students where labels usually are, turned into the ordinary wide table.

Students across the top (skills down the first column, one column per child) is transposed;
one sheet per child gains a name column holding its sheet's name. Either way the names then go
through the same identity path as any name column, so they become keyed identities, stay in
memory, and are never read as measures or windows.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd

from famdata.ingest.cells import names_a_window
from famdata.ingest.header import Table, matches, normalise_header, unique_header
from famdata.ingest.roles import RoleGuess, looks_like_name
from famdata.ingest.rules import IDENTITY_ROLES, NOT_SCORE_PATTERNS, ROLE_PATTERNS, RULES, Rules

NAME_HEADER = "Student name"
# Of the other headers, how many must read like "Ana García" for the grid to be students.
NAMES_ACROSS_SHARE = 0.7


def _is_role_header(header: str) -> bool:
    folded = normalise_header(header)
    return any(matches(folded, p) for p in ROLE_PATTERNS.values()) or any(
        re.fullmatch(p, folded) for p, _ in NOT_SCORE_PATTERNS
    )


def _is_identity_header(header: str) -> bool:
    folded = normalise_header(header)
    return any(matches(folded, ROLE_PATTERNS[role]) for role in IDENTITY_ROLES)


def _is_scores(table: Table, column: str, skill_rows: np.ndarray, rules: Rules) -> bool:
    """Mostly numbers or absence markers in the skill rows: a child's column of scores."""
    cells = table.cells(column)
    filled = ~cells.blank & skill_rows
    if not filled.any():
        return False
    usable = (~np.isnan(cells.value) | cells.given)[filled]
    return bool(usable.mean() >= rules.measure_min_numeric_share)


def _labels_down_the_side(table: Table, column: str) -> bool:
    """The first column names skills ("ORF", "Accuracy"), not students: text, not numbers, and
    not mostly two-word names unless its header says it holds measures."""
    cells = table.cells(column)
    filled = ~cells.blank
    if not filled.any() or not np.isnan(cells.value[filled]).all():
        return False
    if matches(normalise_header(column), ROLE_PATTERNS["measure"]):
        return True
    written = table.texts(column)[filled]
    return bool(np.mean([looks_like_name(v) for v in written]) < 0.5)


def is_students_across(table: Table, rules: Rules = RULES) -> bool:
    """Skills down the first column, and across the top headers that read like names (no role
    or fact header among them) over columns of scores."""
    first, others = table.headers[0], table.headers[1:]
    if len(others) < 2 or _is_identity_header(first) or any(map(_is_role_header, others)):
        return False
    if sum(map(looks_like_name, others)) < NAMES_ACROSS_SHARE * len(others):
        return False
    if not _labels_down_the_side(table, first):
        return False
    skill_rows = np.array([not _is_role_header(label) for label in table.texts(first)], dtype=bool)
    return all(_is_scores(table, c, skill_rows, rules) for c in others)


def students_across(table: Table) -> Table:
    """The grid turned so each child is a row: a name column from the headers, and one column
    per skill row. A problem's row number there counts children in their order across the top."""
    first, others = table.headers[0], list(table.headers[1:])
    labels = table.texts(first)
    kept = labels != ""
    measures: list[str] = []
    for label in labels[kept]:
        measures.append(unique_header(label, [NAME_HEADER, *measures]))
    cells = table.body.loc[kept, others].to_numpy(dtype=object).T
    body = pd.DataFrame(cells, columns=measures, index=pd.RangeIndex(len(others)), dtype=object)
    names = [_without_repeat_number(h, table.headers) for h in others]
    body.insert(0, NAME_HEADER, pd.Series(names, index=body.index, dtype=object))
    return Table(table.sheet, table.header_row, (NAME_HEADER, *measures), body)


def _without_repeat_number(header: str, headers: tuple[str, ...]) -> str:
    """ "Ana García (2)", the header's own number for a child listed twice, back to the name."""
    repeat = re.fullmatch(r"(.+) \(\d+\)", header)
    return repeat.group(1) if repeat and repeat.group(1) in headers else header


def is_sheet_per_student(tables: list[Table]) -> bool:
    """Several sheets named like children, with the same headers and no student column."""
    return (
        len(tables) > 1
        and all(looks_like_name(t.sheet) for t in tables)
        and len({t.headers for t in tables}) == 1
        and not any(map(_is_identity_header, tables[0].headers))
    )


WINDOW_HEADER = "Window"


def is_windows_across(table: Table) -> bool:
    """A child's sheet with skills down the first column and windows across the top ("Sept",
    "Oct"): the windows must become rows, or they would be read as skills."""
    first, others = table.headers[0], table.headers[1:]
    return (
        len(others) >= 1
        and all(names_a_window(h) for h in others)
        and not _is_identity_header(first)
        and _labels_down_the_side(table, first)
    )


def windows_across(table: Table) -> Table:
    """The child's sheet turned so each window is a row: the name (the sheet's), the window (the
    header) and one column per skill."""
    first, windows = table.headers[0], list(table.headers[1:])
    labels = table.texts(first)
    kept = labels != ""
    skills: list[str] = []
    for label in labels[kept]:
        skills.append(unique_header(label, [NAME_HEADER, WINDOW_HEADER, *skills]))
    cells = table.body.loc[kept, windows].to_numpy(dtype=object).T
    body = pd.DataFrame(cells, columns=skills, index=pd.RangeIndex(len(windows)), dtype=object)
    body.insert(0, WINDOW_HEADER, pd.Series(windows, index=body.index, dtype=object))
    body.insert(0, NAME_HEADER, pd.Series(table.sheet, index=body.index, dtype=object))
    return Table(table.sheet, table.header_row, (NAME_HEADER, WINDOW_HEADER, *skills), body)


def with_sheet_as_name(table: Table) -> Table:
    """The sheet's table with a name column holding the sheet's name on every row."""
    body = table.body.copy()
    body.insert(0, NAME_HEADER, pd.Series(table.sheet, index=body.index, dtype=object))
    return dataclasses.replace(
        table, headers=(NAME_HEADER, *table.headers), body=body, _cells={}, _texts={}, _held={}
    )


def shared_measures(guessed: list[tuple[Table, RoleGuess]]) -> list[tuple[Table, RoleGuess]]:
    """One child's sheet holds a score or two per skill, too few to judge a column by: a column
    that is scores in any child's sheet is scores in every one (so a stray word is a problem)."""
    measures = {c for _, g in guessed for c in g.measures}
    return [
        (
            t,
            dataclasses.replace(
                g,
                measures=[c for c in t.headers if c in measures],
                ignored=[(c, r) for c, r in g.ignored if c not in measures],
            ),
        )
        for t, g in guessed
    ]


def reshaped(tables: list[Table], rules: Rules = RULES) -> tuple[list[Table], bool]:
    """The tables with students across the top or one sheet per student made ordinary, and
    whether each sheet is one student's (so no sheet name is ever a window)."""
    if is_sheet_per_student(tables):
        return [
            windows_across(t) if is_windows_across(t) else with_sheet_as_name(t) for t in tables
        ], True
    return [students_across(t) if is_students_across(t, rules) else t for t in tables], False
