"""What one column of cells holds: numbers, absence markers, text, dates — read in a few passes.

A district export has a million cells, so nothing here looks at cells one by one when a whole
column can be answered at once: a column of real numbers is converted in one step, and only
the cells that are not plain numbers ("62 wcpm", "23,5", "abs") are examined individually.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from famdata.ingest.rules import MONTHS

_MARKERS = (
    "abs|absent|ausente|n/a|na|n.a.|-|--|\u2014|\u2013|discontinue|discontinued|dc|md|"
    "not assessed|not tested|nt|no score|x|ex|exempt|moved|withdrawn|sin dato|no evaluado"
)
MISSING_MARKERS = frozenset(_MARKERS.split("|"))
NUMBER = re.compile(
    r"[-+]?(\d+(?:[.,]\d+)?|[.,]\d+)\s*"
    r"(%|wcpm|cwpm|wpm|wrc|words?( per minute)?|pts?|points?|ppm)?",
    re.IGNORECASE,
)
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DAY_FIRST_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_NUMERIC_DATES = re.compile(
    r"(?<![\d/.-])(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})(?![\d/.-])"
)
_MONTH_WORD = r"[a-z]{3,10}\.?"
# "15 de septiembre de 2026", "15 September 2026", "September 15, 2026", "septiembre 2026".
_WORDED_DATE = re.compile(
    rf"(?:(?P<day>\d{{1,2}})\s+(?:de\s+)?)?(?P<month>{_MONTH_WORD})\s*(?:de\s+|del\s+|,\s*)?"
    rf"(?P<year>\d{{4}})\b"
    rf"|(?P<month2>{_MONTH_WORD})\s+(?P<day2>\d{{1,2}}),?\s+(?P<year2>\d{{4}})\b"
)
# Whole numbers below this are exact in a float, so they can be written back without ".0".
_EXACT_INTEGER = 2**53
ARROW_TEXT = pa.large_string()  # how pandas holds text in pyarrow; `text_array` gives it too


def is_blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and np.isnan(value))
    )


def looks_numeric(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(NUMBER.fullmatch(value.strip()))


def parse_number_text(text: str) -> float | None:
    """A number written as text: '62', '62 wcpm', '95%', '23,5' (decimal comma), '1,234'."""
    match = NUMBER.fullmatch(text.strip())
    if not match:
        return None
    digits = match.group(1)
    if _THOUSANDS.fullmatch(digits):
        digits = digits.replace(",", "")
    sign = -1.0 if text.strip().startswith("-") else 1.0
    return sign * float(digits.replace(",", "."))


@dataclass(frozen=True)
class ParsedCells:
    """One column's cells, read once: the number in each, or why there is none.

    Plain arrays, positionally aligned with the table's rows, so that filtering twenty columns
    of fifty thousand rows stays cheap.
    """

    value: np.ndarray  # float, NaN when missing or unusable
    reason: np.ndarray  # the absence marker as written, or "blank"; None for a value or problem
    problem: np.ndarray  # True where the cell is neither a number nor an absence marker
    is_date: np.ndarray  # True where the cell is a date (a problem in a score column)
    blank: np.ndarray  # True where the cell is empty
    # True where `reason` is given (blank or a marker): testing an object array for None is slow.
    given: np.ndarray
    # Known from the column's type (a CSV's whole-number column): every value is a whole number.
    whole: bool = False

    def take(self, keep: np.ndarray) -> ParsedCells:
        return ParsedCells(
            self.value[keep],
            self.reason[keep],
            self.problem[keep],
            self.is_date[keep],
            self.blank[keep],
            self.given[keep],
            self.whole,
        )

    @functools.cached_property
    def scored(self) -> np.ndarray:
        """True where the cell holds a score: found once, asked by the role guess, the measure's
        profile and the counts."""
        return ~np.isnan(self.value)


def parse_cells(cells: pd.Series) -> ParsedCells:
    """Score cells into numbers, absences (with their marker) and problems.

    A typed numeric column (from a CSV) is already numbers and a workbook column of real
    numbers converts in one step; only other columns go cell by cell, and only their text cells
    that look like "62 wcpm" or "23,5" are parsed one at a time.
    """
    numbers = real_numbers(cells)
    if numbers is None:
        return _without_infinity(_mixed_cells(cells.to_numpy(dtype=object)))
    reason = np.empty(len(numbers), dtype=object)  # all None
    nothing = np.zeros(len(numbers), dtype=bool)
    if isinstance(cells.dtype, np.dtype) and cells.dtype.kind in "iu":  # none blank or infinite
        return ParsedCells(numbers, reason, nothing, nothing, nothing, nothing, whole=True)
    blank = np.isnan(numbers)
    reason[blank] = "blank"
    return _without_infinity(ParsedCells(numbers, reason, nothing, nothing.copy(), blank, blank))


def _without_infinity(parsed: ParsedCells) -> ParsedCells:
    """ "inf", "Infinity" or a number of 400 digits reads as infinity, which no score is: a
    problem, as other text is."""
    infinite = np.isinf(parsed.value)
    if not infinite.any():
        return parsed
    return dataclasses.replace(
        parsed,
        value=np.where(infinite, np.nan, parsed.value),
        problem=parsed.problem | infinite,
    )


_REAL_NUMBER_KINDS = frozenset({"floating", "integer", "mixed-integer-float", "empty"})


def real_numbers(cells: pd.Series) -> np.ndarray | None:
    """The column as floats when every cell is a real number (NaN for an empty typed cell);
    None when any cell is text, a date, a tick box or anything else."""
    if pd.api.types.is_bool_dtype(cells) or is_held_text(cells):
        return None
    if pd.api.types.is_numeric_dtype(cells):
        return cells.to_numpy(dtype="float64", na_value=np.nan)
    raw = cells.to_numpy(dtype=object)
    kind = pd.api.types.infer_dtype(raw, skipna=False)
    if kind in _REAL_NUMBER_KINDS:
        return _floats(raw)
    if kind != "mixed":
        return None
    empty = raw == ""  # a workbook's empty cell
    filled = raw[~empty]
    if not empty.any() or pd.api.types.infer_dtype(filled, skipna=False) not in _REAL_NUMBER_KINDS:
        return None
    numbers = np.full(len(raw), np.nan)
    numbers[~empty] = _floats(filled)
    return numbers


def _floats(numbers: np.ndarray) -> np.ndarray:
    """Numbers as floats; a whole number too large for a float (a CSV reader hands over "1"
    and 400 zeros as an exact integer) becomes infinity, which a score column reports."""
    try:
        return numbers.astype("float64")
    except OverflowError:
        return np.array([_float(v) for v in numbers], dtype="float64")


def _float(number: object) -> float:
    try:
        return float(number)  # type: ignore[arg-type]
    except OverflowError:
        return math.inf if number > 0 else -math.inf  # type: ignore[operator]


def _mixed_cells(raw: np.ndarray) -> ParsedCells:
    n = len(raw)
    value = np.full(n, np.nan)
    reason = np.empty(n, dtype=object)  # all None
    problem = np.zeros(n, dtype=bool)
    is_date = np.zeros(n, dtype=bool)
    is_text = np.fromiter((type(v) is str for v in raw), dtype=bool, count=n)
    _text_cells(raw, np.flatnonzero(is_text), value, reason, problem)
    _other_cells(raw, np.flatnonzero(~is_text), value, reason, problem, is_date)
    return ParsedCells(value, reason, problem, is_date, reason == "blank", ~pd.isna(reason))


_NUMBER_START = frozenset("0123456789+-.,")


def _text_cells(
    raw: np.ndarray, where: np.ndarray, value: np.ndarray, reason: np.ndarray, problem: np.ndarray
) -> None:
    """Text cells: blank, an absence marker, a number written as text, or a problem."""
    text = np.array([v.strip() for v in raw[where]], dtype=object).reshape(len(where))
    blank = text == ""
    marker = ~blank & np.fromiter(
        (t.casefold() in MISSING_MARKERS for t in text), dtype=bool, count=len(text)
    )
    maybe = (
        ~blank
        & ~marker
        & np.fromiter((t[:1] in _NUMBER_START for t in text), dtype=bool, count=len(text))
    )
    numbers = np.array([parse_number_text(t) for t in text[maybe]], dtype="float64")
    reason[where[blank]] = "blank"
    reason[where[marker]] = text[marker]
    problem[where[~blank & ~marker]] = True
    written = where[maybe][~np.isnan(numbers)]
    value[written] = numbers[~np.isnan(numbers)]
    problem[written] = False


def _other_cells(
    raw: np.ndarray,
    where: np.ndarray,
    value: np.ndarray,
    reason: np.ndarray,
    problem: np.ndarray,
    is_date: np.ndarray,
) -> None:
    """Cells that are not text: numbers, empties, and the odd tick box or date."""
    others = raw[where]
    if pd.api.types.infer_dtype(others, skipna=False) in _REAL_NUMBER_KINDS:
        value[where] = _floats(others)
        reason[where[np.isnan(value[where])]] = "blank"
        return
    for i in where:
        cell = raw[i]
        if is_blank(cell):
            reason[i] = "blank"
        elif isinstance(cell, int | float | np.number) and not isinstance(cell, bool | np.bool_):
            value[i] = _float(cell)
        elif isinstance(cell, str):
            _text_cells(raw, np.array([i]), value, reason, problem)
        else:
            problem[i] = True
            is_date[i] = isinstance(cell, date)


def cell_text(value: object) -> str:
    """A cell as the teacher would read it: 1234.0 -> '1234', a date -> '2026-09-15'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def texts(values: pd.Series) -> np.ndarray:
    """Every cell of a column as text ('' for blank), e.g. IDs: 100234.0 -> '100234'.

    A column of whole numbers is converted in one step; otherwise each distinct value once.
    """
    whole = text_array(values)
    if whole is not None:
        return whole.to_numpy(zero_copy_only=False)
    raw = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(raw, skipna=False) == "string":
        return np.array(list(map(str.strip, raw)), dtype=object).reshape(len(raw))
    written = {v: "" if is_blank(v) else cell_text(v) for v in pd.unique(raw)}
    return np.array([written.get(v, "") for v in raw], dtype=object).reshape(len(raw))


def text_array(values: pd.Series) -> pa.Array | None:
    """`texts` in pyarrow, for the columns it takes no Python string per cell to make: a CSV's
    text column (stripped) and whole numbers (IDs: 100234.0 -> '100234'); None for others."""
    held = stripped_text(values)
    if held is not None:
        return held
    numbers = real_numbers(values)
    if (
        numbers is not None
        and len(numbers)
        and np.isfinite(numbers).all()
        and (numbers == np.round(numbers)).all()
        and np.abs(numbers).max() < _EXACT_INTEGER
    ):
        # pyarrow writes fifty thousand IDs as text several times faster than numpy's astype(str)
        return pa.array(numbers.astype(np.int64)).cast(ARROW_TEXT)
    return None


def is_held_text(values: pd.Series) -> bool:
    """A column of text kept in pyarrow (a CSV's, `csv_body.TEXT`): no Python string per cell
    until one is asked for."""
    return isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"


def stripped_text(values: pd.Series) -> pa.Array | None:
    """A column of text kept in pyarrow, stripped as `str.strip` strips; None for any other
    column."""
    if not is_held_text(values):
        return None
    held = pa.array(values.array)
    if isinstance(held, pa.ChunkedArray):  # a file read in several blocks
        held = held.combine_chunks()
    return pc.utf8_trim_whitespace(pc.fill_null(held.cast(ARROW_TEXT), ""))


def window_label(value: object, *, day_first: bool = False) -> tuple[str | None, date | None]:
    """A window cell into a label; dates become their month ("2026-09"), so one test window's
    many test days stay one window. `day_first` reads 05/09/2026 as 5 September (a column that
    also holds 15/09/2026 is written day first)."""
    if is_blank(value):
        return None, None
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return day.strftime("%Y-%m"), day
    text = cell_text(value)
    slash = (_DAY_FIRST_SLASH, "dmy") if day_first else (_US_DATE, "mdy")
    for pattern, order in ((_ISO_DATE, "ymd"), (_DAY_FIRST_DATE, "dmy"), slash):
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            try:
                day = date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return text, None
            return day.strftime("%Y-%m"), day
    written = _written_date(text, whole=True)
    return written if written[0] is not None else (text, None)


def writes_day_first(values: Iterable[object]) -> bool:
    """Whether a column's d/m/yyyy dates put the day first: some first number is above 12."""
    return any(
        isinstance(v, str) and (m := _US_DATE.fullmatch(v.strip())) and int(m.group(1)) > 12
        for v in values
    )


_SEASON_WORDS = (
    r"(fall|autumn|winter|spring|summer|boy|moy|eoy|beginning|middle|end|beg|mid"
    r"|otono|invierno|primavera|verano|inicio|medio|final)( of (the )?year)?"
)


def names_a_window(header: object) -> bool:
    """Whether a header reads as an assessment window — "Sept", "October 2026", "Fall", "BOY",
    "2026-09", "9/15/2026" — not a skill (for a child's sheet with windows across the top)."""
    if is_blank(header):
        return False
    if window_label(header)[1] is not None or _written_date(cell_text(header), whole=True)[0]:
        return True
    folded = normalise_text(cell_text(header))
    words = re.sub(r"[\s,._-]*\d{2,4}([/-]\d{2,4})?$", "", folded).strip()
    return bool(
        re.fullmatch(r"\d{4}[-/]\d{1,2}", folded)
        or (words and _month(words) is not None and " " not in words)
        or re.fullmatch(_SEASON_WORDS, words)
    )


def _month(word: str) -> int | None:
    folded = normalise_text(word).rstrip(".")
    return next(
        (n for name, n in MONTHS.items() if len(folded) >= 3 and name.startswith(folded)), None
    )


def _written_date(text: str, *, whole: bool) -> tuple[str | None, date | None]:
    """A date written in words, "15 de septiembre de 2026", "September 15, 2026", or a month and
    year, "septiembre 2026": the whole text, or (`whole=False`) anywhere in a title."""
    folded = normalise_text(text)
    found = _WORDED_DATE.fullmatch(folded) if whole else None
    for match in [found] if whole else _WORDED_DATE.finditer(folded):
        month = _month(match.group("month") or match.group("month2")) if match else None
        if match is None or month is None:
            continue
        year = int(match.group("year") or match.group("year2"))
        day_text = match.group("day") or match.group("day2")
        try:
            return f"{year:04d}-{month:02d}", date(year, month, int(day_text)) if day_text else None
        except ValueError:
            return f"{year:04d}-{month:02d}", None
    return None, None


def title_window(titles: Iterable[str]) -> tuple[str | None, date | None]:
    """The window a title row names by its date ("Fall benchmark, September 2026", "Evaluación de
    septiembre 2026", "Scores on 15/09/2026"), as a month label; (None, None) when none does."""
    for title in titles:
        for found in _NUMERIC_DATES.finditer(title):
            label, day = window_label(found.group(0), day_first=writes_day_first([found.group(0)]))
            if day is not None:
                return label, day
        label, day = _written_date(title, whole=False)
        if label is not None:
            return label, day
    return None, None


def normalise_text(text: str) -> str:
    """Lower case without accents, for month names ("Septiembre" -> "septiembre")."""
    bare = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in bare if not unicodedata.combining(ch)).casefold()
