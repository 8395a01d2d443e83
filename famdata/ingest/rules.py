"""The importer's tuning in one place: header patterns, markers and the numbers that decide.

The patterns are data, not branches: a new export's header is a new pattern here. The numbers
sit on one `Rules` object that `ingest.read` takes, so a caller can adjust them and a test can
pin them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


@dataclass(frozen=True)
class Rules:
    """How far down to look for a header, and how sure to be before calling a column scores."""

    header_scan_rows: int = 30
    measure_min_numeric_share: float = 0.6
    max_groups: int = 60


RULES = Rules()

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
        r"(test|testing|assessment|administration) ?(start |completion )?dates?|date taken",
        r"fecha de (la )?(prueba|evaluacion|aplicacion)",
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

# Headers of columns that hold facts about the student or the test, not scores, matched in full
# on the header's words ("TestStandardError" -> "test standard error"); the first that fits says
# why the column was left out.
NOT_SCORE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r".*\bmoved ?out\b.*|.*\b(exit|withdrawal|withdrawn)\b.*",
        "when the student moved, not a score",
    ),
    (
        r".*\b(id|ids|uid|guid|ssid|sasid|lasid|uin|identifier|key|code|codes)\b.*"
        r"|(student|sheet|doc|local|state) (number|no)|hs ?code",
        "another ID, not a score",
    ),
    (r".*\b(goal|goals|target|targets|meta|metas|objetivo)\b.*", "a goal or target, not a score"),
    (
        r"(.* )?(grade|grado)( level| assessed)?|.*\b(year|month|day|ano|mes|curso)\b.*",
        "grade or year, not a score",
    ),
    (
        r".*\b(assessor|examiner|form|forms|pathway|remote|date|dates|fecha|time|duration|minutes"
        r"|started|completed|accommodations?|rapid guessing)\b.*",
        "about the test, not a score",
    ),
    (
        r".*\b(growth|roi|sgp|csem|sem|se|probability|standard error|std ?err|error bands?)\b.*"
        r"|.*roi|.*sgp",
        "growth or error figures, not a score",
    ),
    (r".*\b(lexile|quantile)\b.*", "a Lexile or Quantile level, not a score"),
    (
        r".*\b(percentile|percentiles|pctl|nce|quintile|status|risk)\b.*"
        r"|.*\b(achievement|performance|ach|proficiency) levels?\b.*",
        "a percentile, status or level, not a score",
    ),
    (
        r".*\b(teacher|school|district|class|homeroom|room|section|campus|maestra?o?|escuela)\b.*",
        "class or school information, not a score",
    ),
    (
        r".*\b(birth|dob|age|gender|sex|ethnic\w*|race|ell|iep|504|lunch|frl|sped|phone|email"
        r"|address|zip)\b.*",
        "student information, not a score",
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

GRADE_HEADER = (
    r"((student|enrolled|enrollment|current|assessment|tested|test|calpads|nwea standard) )?"
    r"grade( level| assessed)?|studentgrade|grado( escolar)?"
)

# Columns that name a class, teacher, school or grade ("Reporting Class Name", "School_K",
# "Teacher Name", "Student Grade Level"), matched in full on the header's words: a school's
# export is split by these, never by a percentile, score, status or ID column.
GROUP_COLUMNS = (
    r"((reporting|official|enrolled|home ?room) )?(school|class|teacher|homeroom|section|clase"
    r"|escuela|maestr[ao]|grado|salon)( name| period| k| \d{1,2}(st|nd|rd|th)?)?"
    r"|((student|enrolled|enrollment|current|tested|assessment) )?grade( level)?"
)

# Month names as teachers write them in titles and dates, English and Spanish.
MONTHS: dict[str, int] = {
    **{
        m: n
        for n, m in enumerate(
            (
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ),
            start=1,
        )
    },
    **{
        m: n
        for n, m in enumerate(
            (
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ),
            start=1,
        )
    },
    "setiembre": 9,
}
