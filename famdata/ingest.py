"""Spreadsheets and CSV files into tidy scores, with every row, column and cell left out reported.

A teacher's workbook and a vendor's export differ in everything but this: somewhere there is a
header row, a column (or two) that says who the student is, and columns or rows of scores. This
module finds them — below title rows, across sheets, in wide or long layout — and hands back one
row per (window, student, measure) plus a report of what it did not use and why. It never saves
anything and never decides a cell means 0.

Column roles are guessed from header patterns (`ROLE_PATTERNS`, data rather than branches) and
the cells' contents; a teacher's `mapping` overrides any guess, and a vendor layout preset can
supply the whole set of roles through `RoleGuess` (see `guess_roles`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd

from famdata import identity, presets, tidy, workbook
from famdata.cells import (
    ParsedCells,
    cell_text,
    is_blank,
    looks_numeric,
    parse_cells,
    real_numbers,
    texts,
    window_label,
)
from famdata.errors import FamdataError

Role = Literal["student", "name", "first_name", "last_name", "measure", "score", "window"]
ROLES: tuple[str, ...] = (
    "student",
    "name",
    "first_name",
    "last_name",
    "measure",
    "score",
    "window",
)
IDENTITY_ROLES = ("student", "name", "first_name", "last_name")
Layout = Literal["wide", "long"]

HEADER_SCAN_ROWS = 30
MEASURE_MIN_NUMERIC_SHARE = 0.6

# Headers, normalised (accents stripped, lower case, punctuation as spaces), matched in full.
ROLE_PATTERNS: dict[str, tuple[str, ...]] = {
    "student": (
        r"(student|pupil|learner|alumno|estudiante) ?(id|number|no|num|nbr|code|identifier|uid)",
        r"(student )?(local|sis|state|district|school|primary) ?(student )?id( number)?",
        r"id|id number|studentid|student id number|ssid|lasid|sasid|uid|studentuid|student key",
        r"(numero|codigo) (del )?(alumno|estudiante)",
    ),
    "name": (
        r"(student|pupil|child|learner)( full)? name|full name|name|student",
        r"(student )?name (last first|first last)|last first|last name first name",
        r"nombre( completo)?|nombre del (alumno|estudiante)|alumno|estudiante",
    ),
    "first_name": (r"(student )?(first|given) name|first|frstname|nombre de pila|nombres",),
    "last_name": (r"(student )?(last|family|sur) ?name|last|surname|lastname|apellidos?",),
    "window": (
        r"term|term name|termname|window|season|month|period|date|test date",
        r"(benchmark|assessment|testing|test|screening) (period|window|date|season)",
        r"periodo|mes|fecha|temporada",
    ),
    "measure": (
        r"subject|measure|measure name|measurename|measure code|skill|test|test name",
        r"assessment|area",
        r"assessment name|materia|habilidad|prueba|medida",
    ),
    "score": (
        r"score|scores|value|result|raw score|scaled score|rit|rit score|test rit score",
        r"testritscore|puntaje|puntuacion|resultado",
    ),
}

# Headers of columns that hold facts about the student or the test, not scores.
NOT_SCORE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"year\b.*|.*\b(assessor|examiner|form|pathway|remote|date|time|duration|minutes)\b.*",
        "about the test, not a score",
    ),
    (r"(student )?secondary id|.*\b(nces|sis) id\b.*", "another ID, not a score"),
    (
        r".*\b(growth|roi|sgp|csem|probability)\b.*|.*roi|.*sgp",
        "growth or error figures, not a score",
    ),
    (
        r"(enrolled |current )?grade( level)?|school year|year|academic year|grado|ano",
        "grade or year, not a score",
    ),
    (
        r".*\b(teacher|school|district|class|homeroom|room|section|campus|maestra?o?|escuela)\b.*",
        "class or school information, not a score",
    ),
    (
        r".*\b(birth|dob|age|gender|sex|ethnic\w*|race|ell|iep|504|lunch|frl|sped|phone|email|address|zip)\b.*",
        "student information, not a score",
    ),
    (
        r".*\bpercentile\b.*|.*\bpctl?\b.*|.*\b(nce|sem|standard error)\b.*",
        "a percentile or error band, not a score",
    ),
)

_SUMMARY_WORDS = (
    *("average", "averages", "avg", "avg.", "mean", "median", "total", "totals", "sum", "count"),
    *("promedio", "media", "mediana", "suma", "minimum", "maximum", "min", "max", "std"),
    "standard deviation",
)
# "Class average", "Total:", "Average scores" ...: every way a summary row is labelled, folded.
SUMMARY_LABELS = frozenset(
    f"{group}{word}{score}{plural}{colon}"
    for group in ("", "class ", "group ", "grade ", "room ")
    for word in _SUMMARY_WORDS
    for score in ("", " score")
    for plural in ("", "s")
    for colon in ("", ":")
)


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
        return _roster(list(self.roster_rows))

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


def _summaries(
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


# -- headers and tables -------------------------------------------------------------------------


_GRADE_WORDS = {"k": 0, "kg": 0, "kinder": 0, "kindergarten": 0, "kínder": 0}
GRADE_HEADER = (
    r"(student |enrolled |current |assessment |test )?grade( level)?|studentgrade|grade level"
)


def grade_number(text: object) -> int | None:
    """Grade K..12 as 0..12 from how people and exports write it ("K", "4", "4th", "Grade 4")."""
    raw = str(text).strip().casefold()
    if raw in _GRADE_WORDS:
        return _GRADE_WORDS[raw]
    match = re.fullmatch(r"(?:grade\s*)?(\d{1,2})(?:\.0)?(?:st|nd|rd|th)?(?:\s*grade)?", raw)
    return int(match.group(1)) if match and 0 <= int(match.group(1)) <= 12 else None


def _file_grade(scored: list[tuple[Table, RoleGuess]]) -> int | None:
    """The grade most students in the file are in, from a grade column or from score headers
    such as "LNF_1st_Middle"."""
    found: Counter[int] = Counter()
    for table, guess in scored:
        for column in table.headers:
            if re.fullmatch(GRADE_HEADER, normalise_header(column)):
                written = pd.Series(table.body[column].to_numpy(dtype=object), dtype=object)
                for value, n in written.value_counts().items():
                    if (grade := grade_number(value)) is not None:
                        found[grade] += int(n)
        for column in guess.measures:
            token = re.search(r"_(K|\d{1,2}(?:st|nd|rd|th))_", column)
            if token and (grade := grade_number(token.group(1))) is not None:
                found[grade] += 1
    return found.most_common(1)[0][0] if found else None


@functools.lru_cache(maxsize=8192)
def normalise_header(text: object) -> str:
    """Lower case, accents and punctuation gone, spaces collapsed: how headers are compared."""
    bare = unicodedata.normalize("NFKD", str(text))
    bare = "".join(ch for ch in bare if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", bare).split())


def _matches(header: str, patterns: tuple[str, ...]) -> bool:
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
    _cells: dict[str, ParsedCells] = field(default_factory=dict, compare=False, repr=False)
    _texts: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    def cells(self, column: str) -> ParsedCells:
        if column not in self._cells:
            self._cells[column] = parse_cells(self.body[column])
        return self._cells[column]

    def texts(self, column: str) -> np.ndarray:
        """Each cell as text, '' for blank (IDs, names, labels)."""
        if column not in self._texts:
            self._texts[column] = texts(self.body[column])
        return self._texts[column]

    def blank(self, column: str) -> np.ndarray:
        if column in self._cells:
            return self._cells[column].blank
        return self.texts(column) == ""

    def filled(self) -> np.ndarray:
        """How many non-empty cells each row has."""
        counts = np.zeros(len(self.body), dtype=np.int64)
        for column in self.headers:
            counts += ~self.blank(column)
        return counts

    def keep_rows(self, keep: np.ndarray) -> Table:
        if keep.all():
            return self
        return Table(
            self.sheet,
            self.header_row,
            self.headers,
            self.body[keep],
            {c: p.take(keep) for c, p in self._cells.items()},
            {c: t[keep] for c, t in self._texts.items()},
        )


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def find_header(grid: pd.DataFrame) -> int | None:
    """The first row, near the top, that is wide and made of words: title and note rows are not."""
    top = grid.head(HEADER_SCAN_ROWS)
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


def _table(sheet: workbook.Sheet) -> Table | None:
    grid = sheet.grid
    if grid.empty:
        return None
    header_row = find_header(grid)
    if header_row is None:
        return None
    header_cells = list(grid.loc[header_row])
    # IDs such as "00123" must keep their zeros, whatever a text file's reader would make of them.
    id_columns = [
        p
        for p, v in enumerate(header_cells)
        if _matches(normalise_header(v), ROLE_PATTERNS["student"])
    ]
    below = sheet.below(header_row, id_columns)
    headers: list[str] = []
    keep: list[int] = []
    for position, source in enumerate(below.columns):
        value = header_cells[position] if position < len(header_cells) else ""
        if is_blank(value) and (texts(below[source]) == "").all():
            continue
        name = str(value).strip() if not is_blank(value) else f"Column {_column_letter(position)}"
        base, n = name, 2
        while name in headers:
            name, n = f"{base} ({n})", n + 1
        headers.append(name)
        keep.append(position)
    body = below.iloc[:, keep]
    body.columns = headers
    return Table(sheet.name, header_row, tuple(headers), body)


def columns_of(source: workbook.Source, *, filename: str | None = None) -> list[str]:
    """Every header famdata found, in order (for the Load page's role choices)."""
    name, data = workbook.load_bytes(source, filename)
    found: dict[str, None] = {}
    for sheet in workbook.open_sheets(name, data):
        table = _table(sheet)
        if table is not None:
            found.update(dict.fromkeys(table.headers))
    return list(found)


# -- roles ----------------------------------------------------------------------------------------


@dataclass
class RoleGuess:
    """Which column plays which role in one table, and the score columns of a wide table."""

    roles: dict[str, str] = field(default_factory=dict)
    measures: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)

    @property
    def layout(self) -> Layout:
        return "long" if "measure" in self.roles and "score" in self.roles else "wide"


def _role_by_header(headers: tuple[str, ...], role: str, taken: set[str]) -> str | None:
    for column in headers:
        if column not in taken and _matches(normalise_header(column), ROLE_PATTERNS[role]):
            return column
    return None


def _is_roster_number(numbers: np.ndarray) -> bool:
    """1, 2, 3 ... N in row order, every cell a number: a roster column, not a score."""
    return (
        len(numbers) >= 3
        and bool(~np.isnan(numbers).any())
        and bool((numbers == np.arange(1, len(numbers) + 1)).all())
    )


def _content_kind(cells: ParsedCells) -> tuple[str, str | None]:
    """('measure', None) for a score column, else ('ignored', reason)."""
    filled = ~cells.blank
    if not filled.any():
        return "ignored", "empty column"
    if cells.is_date[filled].mean() > 0.5:
        return "ignored", "dates, not scores"
    candidates = filled & pd.isna(cells.reason)
    if not candidates.any():
        return "ignored", "only absence markers, no scores"
    if (~np.isnan(cells.value[candidates])).mean() < MEASURE_MIN_NUMERIC_SHARE:
        return "ignored", "text, not scores"
    if _is_roster_number(cells.value[filled]):
        return "ignored", "a roster number (1, 2, 3 ... in order), not a score"
    return "measure", None


def _likely_name_column(table: Table, taken: set[str]) -> str | None:
    """Without a recognised header, the text column of mostly distinct multi-word values."""
    best, best_share = None, 0.0
    for column in table.headers:
        if column in taken or not np.isnan(table.cells(column).value).all():
            continue
        values = table.body[column][~table.blank(column)]
        if values.empty or not values.map(lambda v: isinstance(v, str)).all():
            continue
        words = values.map(lambda v: bool(re.search(r"[^\W\d_]{2,}.*[\s,].*[^\W\d_]{2,}", v)))
        share = words.mean() * values.nunique() / len(values)
        if share > max(best_share, 0.8):
            best, best_share = column, share
    return best


def guess_roles(table: Table, mapping: Mapping[str, str]) -> RoleGuess:
    """The roles of a table's columns: the teacher's mapping first, then header patterns, then
    contents. A layout preset plugs in here by passing its roles as the mapping."""
    guess = RoleGuess(roles={r: c for r, c in mapping.items() if c in table.headers})
    taken = set(guess.roles.values())
    long_mapped = "measure" in mapping or "score" in mapping
    for role in ROLES:
        if role in guess.roles or (role in {"measure", "score"} and long_mapped):
            continue
        column = _role_by_header(table.headers, role, taken)
        if column is not None:
            guess.roles[role] = column
            taken.add(column)
    if ("measure" in guess.roles) != ("score" in guess.roles):
        # A lone "Test" or "Score" header is a measure name in a wide table, not half a long one.
        for role in ("measure", "score"):
            taken.discard(guess.roles.pop(role, ""))
    if not any(r in guess.roles for r in IDENTITY_ROLES):
        column = _likely_name_column(table, taken)
        if column is not None:
            guess.roles["name"] = column
            taken.add(column)
    for column in table.headers:
        if column in taken:
            continue
        header = normalise_header(column)
        reason = next((why for p, why in NOT_SCORE_PATTERNS if re.fullmatch(p, header)), None)
        if reason is None and guess.layout == "wide":
            kind, reason = _content_kind(table.cells(column))
            if kind == "measure":
                guess.measures.append(column)
                continue
        guess.ignored.append((column, reason or "not used in a long layout"))
    return guess


# -- rows -----------------------------------------------------------------------------------------


@dataclass
class _Report:
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


def _texts(table: Table, column: str | None) -> np.ndarray:
    return tidy.constant("", len(table.body)) if column is None else table.texts(column)


def _names(table: Table, roles: Mapping[str, str]) -> np.ndarray:
    """Each row's name as the teacher reads it ("María García"), '' where there is none."""
    if "name" in roles:
        names = _texts(table, roles["name"]).copy()
        reordered = np.flatnonzero(["," in n for n in names])
        names[reordered] = [_display_name(n) for n in names[reordered]]
        return names
    first = _texts(table, roles.get("first_name"))
    last = _texts(table, roles.get("last_name"))
    return np.array([f"{f} {s}".strip() for f, s in zip(first, last, strict=True)], dtype=object)


@dataclass(frozen=True)
class RosterRows:
    """Who each row of a table is: identity ('' for none), student ID and name as written."""

    identity: np.ndarray
    student_id: np.ndarray
    name: np.ndarray

    def take(self, keep: np.ndarray) -> RosterRows:
        return RosterRows(self.identity[keep], self.student_id[keep], self.name[keep])


def _identities(table: Table, roles: Mapping[str, str]) -> RosterRows:
    ids = _texts(table, roles.get("student"))
    names = _names(table, roles)
    return RosterRows(identity.row_identities(ids, names), ids, names)


def _roster(parts: list[RosterRows]) -> pd.DataFrame:
    """One row per identity (identity, student_id, name), in file order."""
    identity, ids, names = (
        np.concatenate([getattr(rows, part) for rows in parts]) if parts else np.array([], object)
        for part in ("identity", "student_id", "name")
    )
    known = identity != ""
    roster = pd.DataFrame(
        {
            "identity": pd.Series(identity[known], dtype=object),
            "student_id": pd.Series(np.where(ids[known] != "", ids[known], None), dtype=object),
            "name": pd.Series(np.where(names[known] != "", names[known], None), dtype=object),
        }
    )
    return roster.drop_duplicates("identity").reset_index(drop=True)


def _display_name(text: str) -> str:
    """'García, María' -> 'María García' (the teacher's own screens only)."""
    if "," in text:
        last, _, first = text.partition(",")
        return f"{first.strip()} {last.strip()}".strip()
    return text


def _summary_words(table: Table, column: str) -> np.ndarray:
    """The summary label ("Average", "Total" ...) a label cell holds, else None."""
    words = tidy.constant(None, len(table.body))
    if real_numbers(table.body[column]) is not None:
        return words
    written = table.texts(column)
    hit = np.fromiter(
        (
            v.casefold() in SUMMARY_LABELS
            or ("  " in v and " ".join(v.split()).casefold() in SUMMARY_LABELS)
            for v in written
        ),
        dtype=bool,
        count=len(written),
    )
    words[hit] = written[hit]
    return words


def _classify_rows(
    table: Table, guess: RoleGuess, identity: np.ndarray, report: _Report
) -> np.ndarray:
    """True for the rows that are students; every other non-empty row is reported."""
    body = table.body
    filled = table.filled()
    rows = body.index.to_numpy()
    last_data = rows[filled > 0].max() if (filled > 0).any() else -1
    label_columns = [c for r, c in guess.roles.items() if r in IDENTITY_ROLES]
    label_columns += [c for c in body.columns[:1] if c not in label_columns]
    summary = tidy.constant(None, len(body))
    for column in label_columns:
        summary = np.where(pd.isna(summary), _summary_words(table, column), summary)
    is_student = (identity != "") & pd.isna(summary)
    for position in np.flatnonzero(~is_student):
        index, row = int(rows[position]), int(rows[position]) + 1
        if filled[position] == 0:
            if index < last_data:
                report.excluded.append(ExcludedRow(table.sheet, row, "blank row"))
        elif summary[position] is not None:
            report.excluded.append(
                ExcludedRow(table.sheet, row, f"summary row ({summary[position]})")
            )
        else:
            report.excluded.append(ExcludedRow(table.sheet, row, "no student named on this row"))
    return is_student


def _name_tokens(names: np.ndarray) -> set[str]:
    tokens: set[str] = set()
    for name in pd.unique(names):
        tokens.update(t for t in identity.normalise_name(name).split() if len(t) > 1)
    return tokens


def _hide_names(report: _Report, start: int, tokens: set[str]) -> None:
    """A score cell that holds a student's name is reported without repeating the name."""
    for i in range(start, len(report.problems)):
        p = report.problems[i]
        if p.value and set(identity.normalise_name(p.value).split()) & tokens:
            hidden = "(hidden: looks like a student's name)"
            report.problems[i] = Problem(
                p.sheet, p.row, p.column, hidden, p.kind, p.message.replace(p.value, hidden)
            )


NOT_A_NUMBER = (
    "'{value}' is not a score, so famdata left it out. Type a number, or an absence marker "
    "such as abs."
)


def _add_column(
    assembly: tidy.Assembly,
    table: Table,
    column: str,
    rows: tidy.Rows,
    measure: str | np.ndarray,
    report: _Report,
) -> None:
    """One score column of a (filtered) table into the tidy scores; problem cells are reported."""
    parsed = table.cells(column)
    raw = table.body[column]
    for position in np.flatnonzero(parsed.problem):
        report.problem(
            table.sheet,
            int(rows.number[position]),
            column,
            raw.iloc[position],
            "not_a_number",
            NOT_A_NUMBER,
        )
    value, reason, bands = parsed.value, parsed.reason, _vendor_bands(table, column)
    if parsed.problem.any():
        keep = ~parsed.problem
        rows, value, reason, bands = rows.take(keep), value[keep], reason[keep], bands[keep]
        measure = measure if isinstance(measure, str) else measure[keep]
    assembly.add(
        rows,
        measure=measure,
        sheet=table.sheet,
        column=column,
        value=value,
        missing_reason=reason,
        vendor_band=bands,
    )


def _vendor_bands(table: Table, column: str) -> np.ndarray:
    """The vendor's own band beside each score, from its status column when the export has one."""
    wanted = set(presets.status_headers(column, normalise_header(column)))
    status = next((h for h in table.headers if normalise_header(h) in wanted), None)
    if status is None:
        return tidy.constant(None, len(table.body))
    written = table.texts(status)
    bands = {text: presets.vendor_band(text) if text else None for text in pd.unique(written)}
    return np.array([bands[text] for text in written], dtype=object).reshape(len(written))


def _windows_of(
    table: Table, guess: RoleGuess, sheet_label: str | None, report: _Report
) -> tuple[np.ndarray, dict[str, date]]:
    """Each row's window label (None where it has none), and the first date seen per label."""
    if "window" not in guess.roles:
        return tidy.constant(sheet_label, len(table.body)), {}
    column = guess.roles["window"]
    raw = table.body[column].to_numpy(dtype=object)
    local, distinct = pd.factorize(raw)
    read = [window_label(value) for value in distinct]
    labels = np.array([label for label, _ in read] + [None], dtype=object)[local]
    dates: dict[str, date] = {}
    for label, day in read:
        if label is not None and day is not None and (label not in dates or day < dates[label]):
            dates[label] = day
    for position in np.flatnonzero(pd.isna(labels)):
        report.problem(
            table.sheet,
            int(table.body.index[position]) + 1,
            column,
            raw[position],
            "no_window",
            "this row does not say which assessment window it is from; its scores were left out.",
        )
    return labels, dates


def _read_table(
    table: Table,
    guess: RoleGuess,
    identity: np.ndarray,
    sheet_label: str | None,
    assembly: tidy.Assembly,
    report: _Report,
) -> tuple[dict[str, date], dict[str | None, set[int]]]:
    """A table's scores into `assembly`; the windows' dates and the students each window lists."""
    is_student = _classify_rows(table, guess, identity, report)
    table, identity = table.keep_rows(is_student), identity[is_student]
    window, dates = _windows_of(table, guess, sheet_label, report)
    has_window = ~pd.isna(window) | (sheet_label is None and "window" not in guess.roles)
    table, identity, window = table.keep_rows(has_window), identity[has_window], window[has_window]
    rows = tidy.Rows(
        identity,
        assembly.students.of(identity),
        window,
        assembly.windows.of(window),
        table.body.index.to_numpy() + 1,
    )
    listed = rows.by_window()
    if guess.layout == "long":
        measure_column = guess.roles["measure"]
        measure = table.texts(measure_column)
        named = measure != ""
        for position in np.flatnonzero(~named):
            report.problem(
                table.sheet,
                int(rows.number[position]),
                measure_column,
                "",
                "no_measure",
                "this row does not say which measure its score is for, so it was left out.",
            )
        table, rows = table.keep_rows(named), rows.take(named)
        _add_column(assembly, table, guess.roles["score"], rows, measure[named], report)
        return dates, listed
    split = {column: presets.split_header(column) for column in guess.measures}
    if split and all(split.values()):
        listed = {}  # the headers name the windows; the rows do not
    for column in guess.measures:
        header_split = split[column]
        if header_split is None:
            _add_column(assembly, table, column, rows, column, report)
            continue
        filled = ~table.blank(column)
        if not filled.any():
            continue  # a window the export has columns for but no scores in yet
        measure, header_window = header_split
        in_window = rows.in_window(header_window, assembly.windows.one(header_window))
        _add_column(assembly, table, column, in_window, measure, report)
        listed.setdefault(header_window, set()).update(rows.identity_code[filled].tolist())
    return dates, listed


def _select_rows(table: Table, select: Mapping[str, str], report: _Report) -> Table:
    keep = np.ones(len(table.body), dtype=bool)
    for column, wanted in select.items():
        if column not in table.headers:
            continue
        written = pd.Series(table.texts(column), dtype=object).str.casefold()
        keep &= (written == wanted.strip().casefold()).to_numpy(dtype=bool)
    chosen = ", ".join(f"{c} = {v}" for c, v in select.items())
    for position in np.flatnonzero(~keep & (table.filled() > 0)):
        report.excluded.append(
            ExcludedRow(
                table.sheet,
                int(table.body.index[position]) + 1,
                f"not in the selection ({chosen})",
            )
        )
    return table.keep_rows(keep)


GROUP_COLUMNS = r".*\b(class|teacher|homeroom|section|grade|school)\b.*"
MAX_GROUPS = 60


def _groups(identified: list[tuple[Table, np.ndarray]]) -> tuple[Group, ...]:
    """Columns that split the file into several classes, teachers or grades, with student counts."""
    groups: list[Group] = []
    for table, who in identified:
        for column in table.headers:
            if not re.fullmatch(GROUP_COLUMNS, normalise_header(column)):
                continue
            values = table.texts(column)
            kept = (values != "") & (who != "")
            counts = (
                pd.Series(who[kept], dtype=object)
                .groupby(pd.Series(values[kept], dtype=object))
                .nunique()
            )
            if 2 <= len(counts) <= MAX_GROUPS:
                groups.extend(Group(column, str(v), int(n)) for v, n in counts.items())
    return tuple(groups)


def _report_title_rows(sheet: workbook.Sheet, header_row: int, report: _Report) -> None:
    for index in range(header_row):
        if any(not is_blank(v) for v in sheet.grid.loc[index]):
            report.excluded.append(
                ExcludedRow(sheet.name, index + 1, "title or note above the header")
            )


def _check_mapping(mapping: Mapping[str, str], tables: list[Table]) -> None:
    unknown = set(mapping) - set(ROLES)
    if unknown:
        raise FamdataError(
            f"'{sorted(unknown)[0]}' is not a column role; the roles are {', '.join(ROLES)}."
        )
    headers = {h for t in tables for h in t.headers}
    for role, column in mapping.items():
        if column not in headers:
            known = ", ".join(
                f"'{h}'" for h in list(dict.fromkeys(h for t in tables for h in t.headers))[:30]
            )
            raise FamdataError(
                f"There is no column '{column}' in this file (for {role}). Columns: {known}."
            )
    if ("measure" in mapping) != ("score" in mapping):
        raise FamdataError(
            "A long layout needs both roles: the measure column and the score column "
            "(--map measure=COLUMN --map score=COLUMN)."
        )


def _tables(sheets: list[workbook.Sheet], report: _Report) -> list[Table]:
    tables: list[Table] = []
    for sheet in sheets:
        table = _table(sheet)
        if table is None:
            if not sheet.grid.empty and (sheet.grid != "").to_numpy().any():
                report.ignored.append(
                    IgnoredColumn(f"sheet '{sheet.name}'", "no table of scores in this sheet")
                )
            continue
        tables.append(table)
        _report_title_rows(sheet, table.header_row, report)
    return tables


def read(
    source: workbook.Source,
    *,
    filename: str | None = None,
    mapping: Mapping[str, str] | None = None,
    select: Mapping[str, str] | None = None,
) -> Reading:
    """Read a spreadsheet or CSV file without saving anything.

    `mapping` overrides guessed roles (role -> column header); `select` keeps only the rows where
    each COLUMN equals VALUE (one class out of a school's export). Whole-file problems raise
    `FamdataError` with one plain sentence; everything else is in the Reading's report.
    """
    name, data = workbook.load_bytes(source, filename)
    sheets = workbook.open_sheets(name, data)
    report = _Report()
    tables = _tables(sheets, report)
    mapping = dict(mapping or {})
    _check_mapping(mapping, tables)
    if select:
        missing = [c for c in select if not any(c in t.headers for t in tables)]
        if missing:
            raise FamdataError(f"There is no column '{missing[0]}' to select rows by in this file.")
        tables = [_select_rows(t, select, report) for t in tables]
    guesses = [(t, guess_roles(t, mapping)) for t in tables]
    several = len(sheets) > 1
    scored = [
        (t, g)
        for t, g in guesses
        if (g.measures or g.layout == "long") and any(r in g.roles for r in IDENTITY_ROLES)
    ]
    for t, g in guesses:
        if (t, g) not in scored:
            why = "no student column" if g.measures else "no score columns"
            report.ignored.append(IgnoredColumn(f"sheet '{t.sheet}'", f"{why} in this sheet"))
    if not scored:
        _refuse_unusable(name, guesses)
    label_sheets = len(scored) > 1
    assembly = tidy.Assembly()
    people: list[RosterRows] = []
    identified: list[tuple[Table, np.ndarray]] = []
    dates: dict[str, date] = {}
    listed: dict[str | None, set[int]] = {}
    for table, guess in scored:
        prefix = f"{table.sheet}!" if several else ""
        for column, reason in guess.ignored:
            report.ignored.append(IgnoredColumn(prefix + column, reason))
        sheet_label = table.sheet if label_sheets and "window" not in guess.roles else None
        who = _identities(table, guess.roles)
        start = len(report.problems)
        found_dates, found_listed = _read_table(
            table, guess, who.identity, sheet_label, assembly, report
        )
        if len(report.problems) > start:
            _hide_names(report, start, _name_tokens(who.name))
        people.append(who)
        identified.append((table, who.identity))
        dates.update({k: v for k, v in found_dates.items() if k not in dates or v < dates[k]})
        for label, students in found_listed.items():
            listed.setdefault(label, set()).update(students)
    result = assembly.finish()
    for repeat in result.repeats:
        report.problem(
            repeat.sheet,
            repeat.row,
            repeat.column,
            repeat.value,
            "duplicate_student",
            f"this student is listed again (first on row {repeat.first_row}); "
            "famdata kept the first score.",
        )
    windows = tuple(listed)
    layout = scored[0][1].layout
    first_roles = scored[0][1].roles
    measure_columns = (
        dict.fromkeys(result.measures, first_roles.get("score", ""))
        if layout == "long"
        else result.measure_columns
    )
    return Reading(
        file=name,
        layout=layout,
        tidy=result,
        roster_rows=tuple(people),
        windows=windows,
        window_dates=dates,
        measures=result.measures,
        roles=dict(first_roles),
        ignored_columns=tuple(report.ignored),
        excluded_rows=tuple(report.excluded),
        problems=tuple(report.problems),
        summaries=_summaries(windows, listed, result, measure_columns),
        grade=_file_grade(scored),
        groups=_groups(identified),
        layout_name=presets.recognise(
            [h for t, _ in scored for h in t.headers],
            [normalise_header(h) for t, _ in scored for h in t.headers],
        ),
    )


def _refuse_unusable(name: str, guesses: list[tuple[Table, RoleGuess]]) -> None:
    if not guesses:
        raise FamdataError(
            f"{name} has no table famdata can read: no header row with column names was found."
        )
    if not any(g.measures or g.layout == "long" for _, g in guesses):
        raise FamdataError(
            f"{name} has no score columns: no column holds mostly numbers. If the scores are "
            "there, say which columns they are (Load page: Column roles; command line: --map)."
        )
    raise FamdataError(
        f"famdata could not tell which column names the students in {name}: choose it under Column "
        "roles (command line: --map student=COLUMN or --map name=COLUMN)."
    )


def read_roster(source: workbook.Source, *, filename: str | None = None) -> pd.DataFrame:
    """identity, student_id, name of every student a roster or score file lists (no scores needed).

    For the teacher's own screens and folder labels: the names stay in memory.
    """
    name, data = workbook.load_bytes(source, filename)
    people = []
    for table in _tables(workbook.open_sheets(name, data), _Report()):
        guess = guess_roles(table, {})
        if not any(r in guess.roles for r in IDENTITY_ROLES):
            continue
        who = _identities(table, guess.roles)
        people.append(who.take(_classify_rows(table, guess, who.identity, _Report())))
    if not people:
        raise FamdataError(f"{name} has no column of student IDs or names famdata recognises.")
    return _roster(people)
