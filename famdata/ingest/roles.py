"""Which column plays which role: the teacher's mapping first, then header patterns, then
contents."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from famdata.grades import grade_in_title, grade_number
from famdata.ingest.cells import (
    ParsedCells,
)
from famdata.ingest.header import Table, header_words, matches, normalise_header
from famdata.ingest.report import Group
from famdata.ingest.rules import (
    GRADE_HEADER,
    GROUP_COLUMNS,
    IDENTITY_ROLES,
    NOT_SCORE_PATTERNS,
    ROLE_PATTERNS,
    ROLES,
    RULES,
    Layout,
    Rules,
)
from famdata.ingest.vendors import split_header


@dataclass
class RoleGuess:
    """Which column plays which role in one table, and the score columns of a wide table."""

    roles: dict[str, str] = field(default_factory=dict)
    measures: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)

    @property
    def layout(self) -> Layout:
        return "long" if "measure" in self.roles and "score" in self.roles else "wide"


def _header_fits(column: str, patterns: tuple[str, ...]) -> bool:
    """The header, as written or split into words ("StudentID" -> "student id"), fits a pattern."""
    return matches(normalise_header(column), patterns) or matches(header_words(column), patterns)


def _role_by_header(headers: tuple[str, ...], role: str, taken: set[str]) -> str | None:
    """The column for `role`: the earlier pattern wins, so "Student_ID" is the student before a
    bare "UID" further left, and among headers of one pattern the leftmost."""
    for pattern in ROLE_PATTERNS[role]:
        for column in headers:
            if column not in taken and _header_fits(column, (pattern,)):
                return column
    return None


def not_score_reason(column: str) -> str | None:
    """Why a header names facts about the student or the test rather than scores, or None."""
    forms = (normalise_header(column), header_words(column))
    return next(
        (why for p, why in NOT_SCORE_PATTERNS if any(re.fullmatch(p, f) for f in forms)), None
    )


def _is_roster_number(numbers: np.ndarray) -> bool:
    """1, 2, 3 ... N in row order, every cell a number: a roster column, not a score."""
    return (
        len(numbers) >= 3
        and numbers[0] == 1
        and numbers[-1] == len(numbers)
        and bool((numbers == np.arange(1, len(numbers) + 1)).all())
    )


def _content_kind(cells: ParsedCells, rules: Rules) -> tuple[str, str | None]:
    """('measure', None) for a score column, else ('ignored', reason)."""
    # counts of boolean masks, not means of filtered copies: twenty columns of a district export
    filled = ~cells.blank
    count = np.count_nonzero(filled)
    if not count:
        return "ignored", "empty column"
    if cells.is_date.any() and np.count_nonzero(cells.is_date & filled) > 0.5 * count:
        return "ignored", "dates, not scores"
    candidates = filled & ~cells.given
    considered = np.count_nonzero(candidates)
    if not considered:
        return "ignored", "only absence markers, no scores"
    numbers = np.count_nonzero(candidates & cells.scored)
    if numbers / considered < rules.measure_min_numeric_share:
        return "ignored", "text, not scores"
    first = cells.value[np.argmax(filled)]  # copied out only when the first number is 1
    if first == 1 and _is_roster_number(cells.value[filled]):
        return "ignored", "a roster number (1, 2, 3 ... in order), not a score"
    return "measure", None


_TWO_WORDS = re.compile(r"[^\W\d_]{2,}.*[\s,].*[^\W\d_]{2,}")


def looks_like_name(value: object) -> bool:
    """Two words of letters ("Ana García", "Lee, Bo"): how a person's name is written."""
    return isinstance(value, str) and bool(_TWO_WORDS.search(value))


def _likely_name_column(table: Table, taken: set[str]) -> str | None:
    """Without a recognised header, the text column of mostly distinct multi-word values."""
    best, best_share = None, 0.0
    for column in table.headers:
        if column in taken or not np.isnan(table.cells(column).value).all():
            continue
        values = table.body[column][~table.blank(column)]
        if values.empty or not values.map(lambda v: isinstance(v, str)).all():
            continue
        words = values.map(looks_like_name)
        share = words.mean() * values.nunique() / len(values)
        if share > max(best_share, 0.8):
            best, best_share = column, share
    return best


def guess_roles(table: Table, mapping: Mapping[str, str], rules: Rules = RULES) -> RoleGuess:
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
        reason = not_score_reason(column)
        if reason is None and guess.layout == "wide":
            kind, reason = _content_kind(table.cells(column), rules)
            if kind == "measure":
                guess.measures.append(column)
                continue
        guess.ignored.append((column, reason or "not used in a long layout"))
    if "window" not in guess.roles:
        _leave_out_windowless(guess)
    return guess


NO_WINDOW_IN_HEADER = (
    "its header names no assessment window, while the file's other score columns do "
    "(such as '{example}'), so famdata cannot tell which window its numbers belong to"
)


def _leave_out_windowless(guess: RoleGuess) -> None:
    """In an export whose score headers name their windows ("LNF_K_Beginning", "Fall CBMR …"),
    a score-like column that names none belongs to no window: it is left out and reported,
    never made into a window without a name."""
    named = [c for c in guess.measures if split_header(c) is not None]
    if not named:
        return
    for column in [c for c in guess.measures if split_header(c) is None]:
        guess.measures.remove(column)
        guess.ignored.append((column, NO_WINDOW_IN_HEADER.format(example=named[0])))


def file_grade(scored: list[tuple[Table, RoleGuess]]) -> int | None:
    """The grade most students in the file are in: from a grade column, else from a title row
    ("Grade 4 — Room 12", "Cuarto grado"), else from score headers such as "LNF_1st_Middle"."""
    found: Counter[int] = Counter()
    for table, _ in scored:
        for column in table.headers:
            if re.fullmatch(GRADE_HEADER, header_words(column)):
                written = pd.Series(table.body[column].to_numpy(dtype=object), dtype=object)
                for value, n in written.value_counts().items():
                    if (grade := grade_number(value)) is not None:
                        found[grade] += int(n)
    if not found:
        titled = (grade_in_title(title) for table, _ in scored for title in table.titles)
        if (grade := next((g for g in titled if g is not None), None)) is not None:
            return grade
    for _, guess in scored:
        for column in guess.measures:
            token = re.search(r"_(K|\d{1,2}(?:st|nd|rd|th))_", column)
            if token and (grade := grade_number(token.group(1))) is not None:
                found[grade] += 1
    return found.most_common(1)[0][0] if found else None


def groups_of(
    identified: list[tuple[Table, np.ndarray]], rules: Rules = RULES
) -> tuple[Group, ...]:
    """Columns that split the file into several classes, teachers or grades, with student counts."""
    groups: list[Group] = []
    for table, who in identified:
        for column in table.headers:
            if not re.fullmatch(GROUP_COLUMNS, header_words(column)):
                continue
            values = table.texts(column)
            kept = (values != "") & (who != "")
            counts = (
                pd.Series(who[kept], dtype=object)
                .groupby(pd.Series(values[kept], dtype=object))
                .nunique()
            )
            if 2 <= len(counts) <= rules.max_groups:
                groups.extend(Group(column, str(v), int(n)) for v, n in counts.items())
    return tuple(groups)


def class_hints(
    identified: list[tuple[Table, np.ndarray]], rules: Rules = RULES
) -> tuple[str, ...]:
    """How the file names its class: its title rows ("Room 12 - September") and the values of its
    class, teacher or grade columns. The Load page offers the saved class the file names; a
    column with more values than `rules.max_groups` names no one class and is left out."""
    hints: dict[str, None] = {}
    for table, who in identified:
        hints.update(dict.fromkeys(table.titles))
        for column in table.headers:
            if re.fullmatch(GROUP_COLUMNS, header_words(column)):
                values = pd.unique(table.texts(column)[who != ""])
                if len(values) <= rules.max_groups:
                    hints.update(dict.fromkeys(str(v) for v in values if v))
    return tuple(hints)
