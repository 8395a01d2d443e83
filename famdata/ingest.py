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

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd

from famdata import anonymize, presets, workbook
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

_MARKERS = (
    "abs|absent|ausente|n/a|na|n.a.|-|--|\u2014|\u2013|discontinue|discontinued|dc|md|"
    "not assessed|not tested|nt|no score|x|ex|exempt|moved|withdrawn|sin dato|no evaluado"
)
MISSING_MARKERS = frozenset(_MARKERS.split("|"))
_SUMMARY_TEXT = (
    r"(class |group |grade |room )?(average|averages|avg\.?|mean|median|total|totals|sum|count|"
    r"promedio|media|mediana|suma|minimum|maximum|min|max|std|standard deviation)( score)?s?:?"
)
_NUMBER = re.compile(
    r"[-+]?(\d+(?:[.,]\d+)?|[.,]\d+)\s*"
    r"(%|wcpm|cwpm|wpm|wrc|words?( per minute)?|pts?|points?|ppm)?",
    re.IGNORECASE,
)
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


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
    (NaN when missing), missing_reason, sheet, row, column. `roster` has one row per identity:
    identity, student_id, name — the names stay in memory, for the teacher's own screens.
    """

    file: str
    layout: Layout
    scores: pd.DataFrame
    roster: pd.DataFrame
    windows: tuple[str | None, ...]
    window_dates: dict[str, date]
    measures: tuple[str, ...]
    roles: dict[str, str]
    ignored_columns: tuple[IgnoredColumn, ...]
    excluded_rows: tuple[ExcludedRow, ...]
    problems: tuple[Problem, ...]
    students_by_window: dict[str | None, int] = field(default_factory=dict)
    measure_columns: dict[str, str] = field(default_factory=dict)
    layout_name: str | None = None  # "DIBELS 8 Data Farming" when famdata knows the export
    groups: tuple[Group, ...] = ()  # the classes, teachers or grades a school export holds
    grade: int | None = None  # the grade the file says its students are in

    def window_summaries(self) -> tuple[WindowSummary, ...]:
        """Per window: students listed; per measure, scores and listed students without one."""
        summaries = []
        for label in self.windows:
            in_window = self.scores[_same_window(self.scores["window"], label)]
            students = self.students_by_window.get(label, in_window["identity"].nunique())
            scored = in_window.dropna(subset=["value"]).groupby("measure")["identity"].nunique()
            present = [m for m in self.measures if m in set(in_window["measure"])]
            summaries.append(
                WindowSummary(
                    label=label,
                    students=students,
                    measures=tuple(
                        MeasureCount(
                            name=m,
                            column=self.measure_columns.get(m, m),
                            scores=int(scored.get(m, 0)),
                            missing=students - int(scored.get(m, 0)),
                        )
                        for m in present
                    ),
                )
            )
        return tuple(summaries)

    def markers(self, window: str | None, measure: str) -> dict[str, int]:
        """How often each absence marker ("abs", "N/A", "blank" ...) stands for a missing score."""
        rows = self.scores[
            _same_window(self.scores["window"], window) & (self.scores["measure"] == measure)
        ]
        return {str(k): int(v) for k, v in rows["missing_reason"].dropna().value_counts().items()}

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
                for w in self.window_summaries()
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


def _same_window(series: pd.Series, label: str | None) -> pd.Series:
    return series.isna() if label is None else series == label


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
    found: list[int] = []
    for table, guess in scored:
        for column in table.headers:
            if re.fullmatch(GRADE_HEADER, normalise_header(column)):
                found += [g for v in table.body[column] if (g := grade_number(v)) is not None]
        for column in guess.measures:
            token = re.search(r"_(K|\d{1,2}(?:st|nd|rd|th))_", column)
            if token and (g := grade_number(token.group(1))) is not None:
                found.append(g)
    return max(set(found), key=found.count) if found else None


def normalise_header(text: object) -> str:
    """Lower case, accents and punctuation gone, spaces collapsed: how headers are compared."""
    bare = unicodedata.normalize("NFKD", str(text))
    bare = "".join(ch for ch in bare if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", bare).split())


def _matches(header: str, patterns: tuple[str, ...]) -> bool:
    return any(re.fullmatch(p, header) for p in patterns)


def _is_blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and np.isnan(value))
    )


def _looks_numeric(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(_NUMBER.fullmatch(value.strip()))


@dataclass(frozen=True)
class Table:
    """A sheet's table: its headers and the rows below them (indexed by grid row)."""

    sheet: str
    header_row: int
    headers: tuple[str, ...]
    body: pd.DataFrame  # columns named by headers
    cells: dict[str, ParsedCells]  # each column read once

    def filled(self) -> pd.Series:
        """How many non-empty cells each row has."""
        return sum((~p.blank).astype(int) for p in self.cells.values())

    def keep_rows(self, keep: pd.Series) -> Table:
        cells = {c: p.take(keep) for c, p in self.cells.items()}
        return Table(self.sheet, self.header_row, self.headers, self.body[keep], cells)


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
    filled = top.apply(lambda row: sum(not _is_blank(v) for v in row), axis=1)
    if filled.empty or filled.max() < 1:
        return None
    widest = int(filled.max())
    for index in top.index:
        cells = [v for v in top.loc[index] if not _is_blank(v)]
        words = sum(isinstance(v, str) and not _looks_numeric(v) for v in cells)
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
    below = grid.loc[header_row + 1 :]
    headers: list[str] = []
    cells: dict[str, ParsedCells] = {}
    keep: list[int] = []
    for position, value in enumerate(grid.loc[header_row]):
        parsed = parse_cells(below[grid.columns[position]])
        if _is_blank(value) and parsed.blank.all():
            continue
        name = str(value).strip() if not _is_blank(value) else f"Column {_column_letter(position)}"
        base, n = name, 2
        while name in headers:
            name, n = f"{base} ({n})", n + 1
        headers.append(name)
        cells[name] = parsed
        keep.append(position)
    body = below[grid.columns[keep]]
    body.columns = headers
    return Table(sheet.name, header_row, tuple(headers), body, cells)


def columns_of(source: workbook.Source, *, filename: str | None = None) -> list[str]:
    """Every header famdata found, in order (for the Load page's role choices)."""
    name, data = workbook.load_bytes(source, filename)
    found: dict[str, None] = {}
    for sheet in workbook.open_sheets(name, data):
        table = _table(sheet)
        if table is not None:
            found.update(dict.fromkeys(table.headers))
    return list(found)


# -- cells ----------------------------------------------------------------------------------------


def parse_number_text(text: str) -> float | None:
    """A number written as text: '62', '62 wcpm', '95%', '23,5' (decimal comma), '1,234'."""
    match = _NUMBER.fullmatch(text.strip())
    if not match:
        return None
    digits = match.group(1)
    if _THOUSANDS.fullmatch(digits):
        digits = digits.replace(",", "")
    sign = -1.0 if text.strip().startswith("-") else 1.0
    return sign * float(digits.replace(",", "."))


@dataclass(frozen=True)
class ParsedCells:
    """One column's cells, read once: the number in each, or why there is none."""

    value: pd.Series  # float, NaN when missing or unusable
    reason: pd.Series  # the absence marker as written, or "blank"; None where a value or problem
    problem: pd.Series  # True where the cell is neither a number nor an absence marker
    is_date: pd.Series  # True where the cell is a date (a problem in a score column)

    @property
    def blank(self) -> pd.Series:
        return self.reason == "blank"

    def take(self, keep: pd.Series) -> ParsedCells:
        return ParsedCells(
            self.value[keep], self.reason[keep], self.problem[keep], self.is_date[keep]
        )


def parse_cells(cells: pd.Series) -> ParsedCells:
    """Score cells into numbers, absences (with their marker) and problems.

    Real numbers take pandas' fast path; text is sorted with vectorised string methods, and only
    the few cells that look like "62 wcpm" or "23,5" are parsed one by one.
    """
    raw = cells.to_numpy(dtype=object)
    numbers = pd.to_numeric(cells, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    value = numbers.copy()
    reason = np.full(len(raw), None, dtype=object)
    problem = np.zeros(len(raw), dtype=bool)
    is_date = np.zeros(len(raw), dtype=bool)
    # pandas reads True as 1.0; a tick box is not a score.
    for i in np.flatnonzero((numbers == 0) | (numbers == 1)):
        if type(raw[i]) is bool:
            value[i], problem[i] = np.nan, True
    rest = np.flatnonzero(np.isnan(numbers))
    if not len(rest):
        return _parsed(cells.index, value, reason, problem, is_date)
    others = raw[rest]
    is_text = np.fromiter((isinstance(v, str) for v in others), dtype=bool, count=len(others))
    text = pd.Series(others[is_text], dtype=object).str.strip()
    folded = text.str.casefold()
    blank = (text == "").to_numpy()
    marker = folded.isin(MISSING_MARKERS).to_numpy() & ~blank
    numeric = text.str.fullmatch(_NUMBER.pattern, case=False).to_numpy(dtype=bool) & ~blank
    where = rest[is_text]
    reason[where[blank]] = "blank"
    reason[where[marker]] = text.to_numpy()[marker]
    for i, written in zip(where[numeric], text.to_numpy()[numeric], strict=True):
        value[i] = parse_number_text(written)
    problem[where[~(blank | marker | numeric)]] = True
    for i in rest[~is_text]:
        if _is_blank(raw[i]):
            reason[i] = "blank"
        else:
            problem[i] = True
            is_date[i] = isinstance(raw[i], date)
    return _parsed(cells.index, value, reason, problem, is_date)


def _parsed(
    index: pd.Index, value: np.ndarray, reason: np.ndarray, problem: np.ndarray, is_date: np.ndarray
) -> ParsedCells:
    return ParsedCells(
        pd.Series(value, index=index),
        pd.Series(reason, index=index, dtype=object),
        pd.Series(problem, index=index),
        pd.Series(is_date, index=index),
    )


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def window_label(value: object) -> tuple[str | None, date | None]:
    """A window cell into a label; dates become their month ("2026-09"), so one test window's
    many test days stay one window."""
    if _is_blank(value):
        return None, None
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return day.strftime("%Y-%m"), day
    text = _cell_text(value)
    for pattern, order in ((_ISO_DATE, "ymd"), (_DAY_FIRST_DATE, "dmy"), (_US_DATE, "mdy")):
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            try:
                day = date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return text, None
            return day.strftime("%Y-%m"), day
    return text, None


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


def _is_roster_number(numbers: pd.Series) -> bool:
    """1, 2, 3 ... N in row order, every cell a number: a roster column, not a score."""
    return (
        len(numbers) >= 3
        and bool(numbers.notna().all())
        and bool((numbers.to_numpy() == np.arange(1, len(numbers) + 1)).all())
    )


def _content_kind(column: pd.Series, cells: ParsedCells) -> tuple[str, str | None]:
    """('measure', None) for a score column, else ('ignored', reason)."""
    filled = ~cells.blank
    if not filled.any():
        return "ignored", "empty column"
    if cells.is_date[filled].mean() > 0.5:
        return "ignored", "dates, not scores"
    candidates = filled & cells.reason.isna()
    if not candidates.any():
        return "ignored", "only absence markers, no scores"
    if cells.value.notna()[candidates].mean() < MEASURE_MIN_NUMERIC_SHARE:
        return "ignored", "text, not scores"
    if _is_roster_number(cells.value[filled]):
        return "ignored", "a roster number (1, 2, 3 ... in order), not a score"
    return "measure", None


def _likely_name_column(table: Table, taken: set[str]) -> str | None:
    """Without a recognised header, the text column of mostly distinct multi-word values."""
    best, best_share = None, 0.0
    for column in table.headers:
        if column in taken:
            continue
        values = table.body[column][~table.body[column].map(_is_blank)]
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
            kind, reason = _content_kind(table.body[column], table.cells[column])
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
        shown = _cell_text(value) if not _is_blank(value) else ""
        where = f"Sheet '{sheet}', row {row}, column '{column}'"
        self.problems.append(
            Problem(sheet, row, column, shown, kind, f"{where}: {why.format(value=shown)}")
        )


def _text_column(body: pd.DataFrame, column: str | None) -> pd.Series:
    if column is None:
        return pd.Series("", index=body.index, dtype=object)
    values = body[column]
    texts = {
        v: "" if _is_blank(v) else _cell_text(v) for v in pd.unique(values.to_numpy(dtype=object))
    }
    return pd.Series(
        [texts.get(v, "") for v in values.to_numpy(dtype=object)], index=body.index, dtype=object
    )


def _identities(body: pd.DataFrame, roles: Mapping[str, str]) -> tuple[pd.Series, pd.DataFrame]:
    """Each row's identity, and the roster (identity, student_id, name) in file order."""
    ids = _text_column(body, roles.get("student"))
    if "name" in roles:
        names = _text_column(body, roles["name"]).map(_display_name)
    else:
        first = _text_column(body, roles.get("first_name"))
        last = _text_column(body, roles.get("last_name"))
        names = (first + " " + last).str.strip()
    identity = pd.Series(
        [
            anonymize.id_identity(i) if i else (anonymize.name_identity(n) if n else "")
            for i, n in zip(ids, names, strict=True)
        ],
        index=body.index,
        dtype=object,
    )
    identity = identity.where(identity.map(lambda v: v not in ("", "name:")), "")
    roster = pd.DataFrame(
        {
            "identity": identity,
            "student_id": ids.where(ids != "", None),
            "name": names.where(names != "", None),
        }
    )
    roster = roster[roster["identity"] != ""].drop_duplicates("identity")
    return identity, roster.reset_index(drop=True)


def _display_name(text: str) -> str:
    """'García, María' -> 'María García' (the teacher's own screens only)."""
    if "," in text:
        last, _, first = text.partition(",")
        return f"{first.strip()} {last.strip()}".strip()
    return text


def _classify_rows(
    table: Table, guess: RoleGuess, identity: pd.Series, report: _Report
) -> pd.Series:
    """True for the rows that are students; every other non-empty row is reported."""
    body = table.body
    filled = table.filled()
    data_rows = filled[filled > 0].index
    last_data = data_rows.max() if len(data_rows) else -1
    label_columns = [c for r, c in guess.roles.items() if r in IDENTITY_ROLES]
    label_columns += [c for c in body.columns[:1] if c not in label_columns]
    labels = body[label_columns].map(lambda v: v.strip() if isinstance(v, str) else "")
    hits = labels.apply(lambda col: col.str.fullmatch(_SUMMARY_TEXT, case=False))
    summary = hits.any(axis=1)
    is_student = (identity != "") & ~summary
    for index in body.index[~is_student.to_numpy()]:
        row = int(index) + 1
        if filled.at[index] == 0:
            if index < last_data:
                report.excluded.append(ExcludedRow(table.sheet, row, "blank row"))
        elif summary.at[index]:
            word = next(v for v in labels.loc[index] if v and re.fullmatch(_SUMMARY_TEXT, v, re.I))
            report.excluded.append(ExcludedRow(table.sheet, row, f"summary row ({word})"))
        else:
            report.excluded.append(ExcludedRow(table.sheet, row, "no student named on this row"))
    return is_student


def _name_tokens(roster: pd.DataFrame) -> set[str]:
    tokens: set[str] = set()
    for name in roster["name"].dropna():
        tokens.update(t for t in anonymize.normalise_name(name).split() if len(t) > 1)
    return tokens


def _hide_names(report: _Report, start: int, tokens: set[str]) -> None:
    """A score cell that holds a student's name is reported without repeating the name."""
    for i in range(start, len(report.problems)):
        p = report.problems[i]
        if p.value and set(anonymize.normalise_name(p.value).split()) & tokens:
            hidden = "(hidden: looks like a student's name)"
            report.problems[i] = Problem(
                p.sheet, p.row, p.column, hidden, p.kind, p.message.replace(p.value, hidden)
            )


NOT_A_NUMBER = (
    "'{value}' is not a score, so famdata left it out. Type a number, or an absence marker "
    "such as abs."
)


def _score_frame(
    table: Table,
    column: str,
    identity: pd.Series,
    window: pd.Series,
    measure: pd.Series | str,
    report: _Report,
) -> pd.DataFrame:
    """Tidy rows for one score column of a (filtered) table; problem cells are reported."""
    parsed = table.cells[column]
    raw = table.body[column]
    for index in raw.index[parsed.problem.to_numpy()]:
        report.problem(
            table.sheet, int(index) + 1, column, raw.at[index], "not_a_number", NOT_A_NUMBER
        )
    keep = (~parsed.problem).to_numpy()
    return pd.DataFrame(
        {
            "window": window.to_numpy()[keep],
            "identity": identity.to_numpy()[keep],
            "measure": measure.to_numpy()[keep] if isinstance(measure, pd.Series) else measure,
            "value": parsed.value.to_numpy()[keep],
            "missing_reason": parsed.reason.to_numpy()[keep],
            "sheet": table.sheet,
            "row": raw.index.to_numpy()[keep].astype(int) + 1,
            "column": column,
            "vendor_band": _vendor_bands(table, column).to_numpy()[keep],
        }
    )


def _vendor_bands(table: Table, column: str) -> pd.Series:
    """The vendor's own band beside each score, from its status column when the export has one."""
    wanted = set(presets.status_headers(column, normalise_header(column)))
    status = next((h for h in table.headers if normalise_header(h) in wanted), None)
    if status is None:
        return pd.Series(None, index=table.body.index, dtype=object)
    texts = _text_column(table.body, status)
    bands = {text: presets.vendor_band(text) if text else None for text in pd.unique(texts)}
    return texts.map(bands).astype(object)


def _windows_of(
    table: Table, body: pd.DataFrame, guess: RoleGuess, sheet_label: str | None, report: _Report
) -> tuple[pd.Series, dict[str, date]]:
    if "window" not in guess.roles:
        return pd.Series(sheet_label, index=body.index, dtype=object), {}
    column = guess.roles["window"]
    labels, dates = [], {}
    read = {v: window_label(v) for v in pd.unique(body[column].to_numpy(dtype=object))}
    for index, value in body[column].items():
        label, day = read.get(value, (None, None))  # NaN is never equal to itself
        if label is None:
            report.problem(
                table.sheet,
                int(index) + 1,
                column,
                value,
                "no_window",
                "this row does not say which assessment window it is from; "
                "its scores were left out.",
            )
        elif day is not None and (label not in dates or day < dates[label]):
            dates[label] = day
        labels.append(label)
    return pd.Series(labels, index=body.index, dtype=object), dates


def _read_table(
    table: Table, guess: RoleGuess, sheet_label: str | None, report: _Report
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, date], dict[str | None, set[str]]]:
    identity, roster = _identities(table.body, guess.roles)
    is_student = _classify_rows(table, guess, identity, report)
    table, identity = table.keep_rows(is_student), identity[is_student]
    window, dates = _windows_of(table, table.body, guess, sheet_label, report)
    has_window = window.notna() | (sheet_label is None and "window" not in guess.roles)
    table, identity, window = table.keep_rows(has_window), identity[has_window], window[has_window]
    listed: dict[str | None, set[str]] = {}
    for label, who in zip(window, identity, strict=True):
        listed.setdefault(label if isinstance(label, str) else None, set()).add(who)
    frames = []
    if guess.layout == "long":
        measure_column = guess.roles["measure"]
        measure = _text_column(table.body, measure_column)
        named = measure != ""
        for index in table.body.index[~named.to_numpy()]:
            report.problem(
                table.sheet,
                int(index) + 1,
                measure_column,
                "",
                "no_measure",
                "this row does not say which measure its score is for, so it was left out.",
            )
        table = table.keep_rows(named)
        frames.append(
            _score_frame(
                table, guess.roles["score"], identity[named], window[named], measure[named], report
            )
        )
    else:
        split = {column: presets.split_header(column) for column in guess.measures}
        if split and all(split.values()):
            listed = {}  # the headers name the windows; the rows do not
        for column in guess.measures:
            if split[column] is None:
                frames.append(_score_frame(table, column, identity, window, column, report))
                continue
            filled = (~table.cells[column].blank).to_numpy()
            if not filled.any():
                continue  # a window the export has columns for but no scores in yet
            measure, header_window = split[column]
            in_window = pd.Series(header_window, index=window.index, dtype=object)
            frames.append(_score_frame(table, column, identity, in_window, measure, report))
            listed.setdefault(header_window, set()).update(identity.to_numpy()[filled])
    scores = pd.concat(frames, ignore_index=True) if frames else _empty_scores()
    return scores, roster, dates, listed


def _empty_scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(dtype=object)
            for c in (
                "window",
                "identity",
                "measure",
                "missing_reason",
                "sheet",
                "column",
                "vendor_band",
            )
        }
        | {"value": pd.Series(dtype="float64"), "row": pd.Series(dtype="int64")}
    )[
        [
            "window",
            "identity",
            "measure",
            "value",
            "missing_reason",
            "sheet",
            "row",
            "column",
            "vendor_band",
        ]
    ]


def _report_duplicates(scores: pd.DataFrame, report: _Report) -> pd.DataFrame:
    """A student listed twice for one measure in one window: the first row counts."""
    key = ["window", "identity", "measure"]
    repeated = scores.duplicated(key, keep="first") & scores["identity"].ne("")
    if not repeated.any():
        return scores
    first_row = scores[~repeated].set_index(key)["row"]
    for row in scores[repeated].itertuples(index=False):
        first = first_row.get((row.window, row.identity, row.measure))
        report.problem(
            row.sheet,
            int(row.row),
            row.column,
            row.value,
            "duplicate_student",
            f"this student is listed again (first on row {first}); famdata kept the first score.",
        )
    return scores[~repeated].reset_index(drop=True)


def _select_rows(table: Table, select: Mapping[str, str], report: _Report) -> Table:
    keep = pd.Series(True, index=table.body.index)
    for column, wanted in select.items():
        if column not in table.headers:
            continue
        text = _text_column(table.body, column).str.casefold()
        keep &= text == wanted.strip().casefold()
    for index in table.body.index[~keep.to_numpy()]:
        if any(not _is_blank(v) for v in table.body.loc[index]):
            chosen = ", ".join(f"{c} = {v}" for c, v in select.items())
            report.excluded.append(
                ExcludedRow(table.sheet, int(index) + 1, f"not in the selection ({chosen})")
            )
    return table.keep_rows(keep)


GROUP_COLUMNS = r".*\b(class|teacher|homeroom|section|grade|school)\b.*"
MAX_GROUPS = 60


def _groups(
    scored: list[tuple[Table, RoleGuess]], identity_of: Callable[[Table, RoleGuess], pd.Series]
) -> tuple[Group, ...]:
    """Columns that split the file into several classes, teachers or grades, with student counts."""
    groups: list[Group] = []
    for table, guess in scored:
        columns = [c for c in table.headers if re.fullmatch(GROUP_COLUMNS, normalise_header(c))]
        identity = identity_of(table, guess) if columns else None
        for column in columns:
            values = _text_column(table.body, column)
            kept = (values != "") & (identity != "")
            counts = identity[kept].groupby(values[kept]).nunique()
            if 2 <= len(counts) <= MAX_GROUPS:
                groups.extend(Group(column, str(v), int(n)) for v, n in counts.items())
    return tuple(groups)


def _measure_columns(
    scores: pd.DataFrame, layout: Layout, roles: Mapping[str, str]
) -> dict[str, str]:
    """Each measure's column (its first, where the headers split one measure over windows)."""
    if layout == "long":
        return dict.fromkeys(scores["measure"].unique(), roles.get("score", ""))
    firsts = scores.drop_duplicates("measure")
    return dict(zip(firsts["measure"], firsts["column"], strict=True))


def _report_title_rows(sheet: workbook.Sheet, header_row: int, report: _Report) -> None:
    for index in range(header_row):
        if any(not _is_blank(v) for v in sheet.grid.loc[index]):
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
    parts, rosters, dates, listed = [], [], {}, {}
    for table, guess in scored:
        prefix = f"{table.sheet}!" if several else ""
        for column, reason in guess.ignored:
            report.ignored.append(IgnoredColumn(prefix + column, reason))
        sheet_label = table.sheet if label_sheets and "window" not in guess.roles else None
        start = len(report.problems)
        frame, roster, found_dates, found_listed = _read_table(table, guess, sheet_label, report)
        if len(report.problems) > start:
            _hide_names(report, start, _name_tokens(roster))
        parts.append(frame)
        rosters.append(roster)
        dates.update({k: v for k, v in found_dates.items() if k not in dates or v < dates[k]})
        for label, who in found_listed.items():
            listed.setdefault(label, set()).update(who)
    scores = _report_duplicates(pd.concat(parts, ignore_index=True), report)
    scores["window"] = scores["window"].astype(object).where(scores["window"].notna(), None)
    roster = (
        pd.concat(rosters, ignore_index=True).drop_duplicates("identity").reset_index(drop=True)
    )
    windows = tuple(dict.fromkeys(label for label in listed))
    layout = scored[0][1].layout
    measures = tuple(scores["measure"].unique())
    first_roles = scored[0][1].roles
    return Reading(
        file=name,
        layout=layout,
        scores=scores,
        roster=roster,
        windows=windows,
        window_dates=dates,
        measures=measures,
        roles=dict(first_roles),
        ignored_columns=tuple(report.ignored),
        excluded_rows=tuple(report.excluded),
        problems=tuple(report.problems),
        students_by_window={label: len(who) for label, who in listed.items()},
        measure_columns=_measure_columns(scores, layout, first_roles),
        grade=_file_grade(scored),
        groups=_groups(scored, identity_of=lambda t, g: _identities(t.body, g.roles)[0]),
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
    rosters = []
    for sheet in workbook.open_sheets(name, data):
        table = _table(sheet)
        if table is None:
            continue
        guess = guess_roles(table, {})
        if not any(r in guess.roles for r in IDENTITY_ROLES):
            continue
        identity, roster = _identities(table.body, guess.roles)
        students = identity[_classify_rows(table, guess, identity, _Report())]
        rosters.append(roster[roster["identity"].isin(set(students))])
    if not rosters:
        raise FamdataError(f"{name} has no column of student IDs or names famdata recognises.")
    return pd.concat(rosters, ignore_index=True).drop_duplicates("identity").reset_index(drop=True)
