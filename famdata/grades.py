"""Grades as people and exports write them ("K", "4th", "Grade 4") and as famdata stores them
(kindergarten 0, then 1 to 12)."""

from __future__ import annotations

import re
import unicodedata

from famdata.errors import FamdataError

_GRADE_WORDS = {"k": 0, "kg": 0, "kinder": 0, "kindergarten": 0, "kínder": 0}


def grade_number(text: object) -> int | None:
    """Grade K..12 as 0..12 from how people and exports write it ("K", "4", "4th", "Grade 4")."""
    raw = str(text).strip().casefold()
    if raw in _GRADE_WORDS:
        return _GRADE_WORDS[raw]
    match = re.fullmatch(r"(?:grade\s*)?(\d{1,2})(?:\.0)?(?:st|nd|rd|th)?(?:\s*grade)?", raw)
    return int(match.group(1)) if match and 0 <= int(match.group(1)) <= 12 else None


_ORDINALS = {
    **dict.fromkeys(("first", "primer", "primero", "primera"), 1),
    **dict.fromkeys(("second", "segundo", "segunda"), 2),
    **dict.fromkeys(("third", "tercer", "tercero", "tercera"), 3),
    **dict.fromkeys(("fourth", "cuarto", "cuarta"), 4),
    **dict.fromkeys(("fifth", "quinto", "quinta"), 5),
    **dict.fromkeys(("sixth", "sexto", "sexta"), 6),
    **dict.fromkeys(("seventh", "septimo", "septima", "setimo"), 7),
    **dict.fromkeys(("eighth", "octavo", "octava"), 8),
}
_NUMBER = r"(\d{1,2})\s*\.?(?:st|nd|rd|th|º|°|ª|o|er|ero|do|to|vo|mo|no)?\.?"
_TITLE_GRADES = (
    re.compile(rf"\b(?:grade|grado)\s*{_NUMBER}(?!\d)", re.IGNORECASE),
    re.compile(rf"(?<!\d){_NUMBER}\s*(?:grade|grado)\b", re.IGNORECASE),
    re.compile(rf"\b({'|'.join(_ORDINALS)})\s+(?:grade|grado)\b", re.IGNORECASE),
    re.compile(r"\b(kindergarten|kinder|k[ií]nder|preescolar)\b", re.IGNORECASE),
)


def grade_in_title(text: str) -> int | None:
    """The grade a title row names: "Grade 4 — Room 12", "4th grade reading", "Kindergarten -
    Room 3", "4º grado", "Cuarto grado". A teacher's own file often says its grade only there."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch) or ch in "º°ª")
    for pattern in _TITLE_GRADES:
        match = pattern.search(folded)
        if match is None:
            continue
        word = match.group(1).casefold()
        grade = _ORDINALS.get(word, 0 if not word.isdigit() else int(word))
        if 0 <= grade <= 12:
            return grade
    return None


def parse_grade(text: str | int) -> int:
    """Grade K..12 as 0..12 from what a teacher types ("K", "4", "4th", "grade 4")."""
    grade = grade_number(text)
    if grade is None:
        raise FamdataError(f"'{text}' is not a grade: use K or a number from 1 to 12.")
    return grade


def grade_label(grade: int) -> str:
    """K for kindergarten, else the number."""
    return "K" if grade == 0 else str(grade)
