"""Grades as people and exports write them ("K", "4th", "Grade 4") and as famdata stores them
(kindergarten 0, then 1 to 12)."""

from __future__ import annotations

import re

from famdata.errors import FamdataError

_GRADE_WORDS = {"k": 0, "kg": 0, "kinder": 0, "kindergarten": 0, "kínder": 0}


def grade_number(text: object) -> int | None:
    """Grade K..12 as 0..12 from how people and exports write it ("K", "4", "4th", "Grade 4")."""
    raw = str(text).strip().casefold()
    if raw in _GRADE_WORDS:
        return _GRADE_WORDS[raw]
    match = re.fullmatch(r"(?:grade\s*)?(\d{1,2})(?:\.0)?(?:st|nd|rd|th)?(?:\s*grade)?", raw)
    return int(match.group(1)) if match and 0 <= int(match.group(1)) <= 12 else None


def parse_grade(text: str | int) -> int:
    """Grade K..12 as 0..12 from what a teacher types ("K", "4", "4th", "grade 4")."""
    grade = grade_number(text)
    if grade is None:
        raise FamdataError(f"'{text}' is not a grade: use K or a number from 1 to 12.")
    return grade


def grade_label(grade: int) -> str:
    """K for kindergarten, else the number."""
    return "K" if grade == 0 else str(grade)
