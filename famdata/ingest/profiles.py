"""The first guess at each measure's profile, from what a file shows: the header's words, the
export it comes from, the scores' range and the cells' number formats.

The guess is only a proposal: the Load page shows it for the teacher to confirm or change, and
the store keeps what was decided (`famdata.measures`). A column of fractions (0.93, 0.97 ...)
for a skill that is a percent is not silently multiplied: it becomes a question for the teacher.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from famdata.ingest.cells import ParsedCells
from famdata.ingest.header import header_words
from famdata.measures import COUNT, PERCENT, SECONDS, Profile, of_skill

FRACTIONS_QUESTION = "These look like fractions of 1: read them as percents?"

# Header words -> skill codes, matched on the normalised header (lower case, no accents, words
# separated by single spaces). Order matters: "ORF accuracy" is accuracy and "ORF errors" errors,
# not fluency; "Maze incorrect" is not the maze score.
SKILL_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "MAZE-INC",
        r"(?=.*\b(maze|daze)\b).*\b(incorrect|errors?|incorrectas?)\b.*|.*\bmazi\b.*",
    ),
    ("MAZE-ADJ", r".*\bmaze?\b.*\badj\w*\b.*|.*\bmaz adj\b.*"),
    (
        "ORF-ERR",
        r"(?=.*\b(orf|dorf|oral reading|reading|cbmr\w*|lectura|passage)\b)"
        r".*\b(errors?|err|errores|mistakes?|error rate)\b.*"
        r"|(errors?|err|errores)( score| \(.*\))?",
    ),
    ("ORF-ACC", r".*\b(accuracy|acc|precision|exactitud)\b.*"),
    ("RETELL-QR", r".*\bretell ?(quality|qr)\b.*|.*\bretellqr\b.*"),
    ("RETELL", r".*\bretell\b.*"),
    ("NWF-WRC", r".*\bnwf\b.*\b(wrc|whole words? read correctly)\b.*"),
    ("NWF-WWR", r".*\b(nwf\b.*\bwwr|wwr)\b.*|.*\bwhole words? read\b.*"),
    (
        "NWF-CLS",
        r".*\b(nwf|cls|lsf|correct letter sounds?|letter sounds?|sonidos( de las letras)?)\b.*",
    ),
    ("LNF", r".*\b(lnf|letter nam(e|es|ing)|nombres de las letras)\b.*"),
    ("PSF", r".*\b(psf|phonem\w*|segment\w*|conciencia fonologica)\b.*"),
    ("FSF", r".*\b(fsf|first sound\w*|initial sounds?)\b.*"),
    ("WRF", r".*\b(wrf|word reading fluency)\b.*"),
    ("MAZE", r".*\b(maze|daze|mazc)\b.*"),
    ("COMPOSITE", r".*\b(composite|compuesto)\b.*"),
    ("MATH-FACTS", r".*\b(math facts?|facts? fluency|operaciones basicas)\b.*"),
    (
        "ORF-WC",
        r".*\b(orf|dorf|wcpm|cwpm|wpm|wrc|wrc per min|words? (correct )?(per|a) minute"
        r"|oral reading|(?<!sentence )(?<!word )reading fluency|fluidez lectora|lectura oral)\b.*"
        r"|(fluency|fluidez)( score| \(.*\))?",
    ),
)
# Words that say fewer is better, for a measure famdata cannot name (RAN errors, a timed task).
_FEWER_IS_BETTER = r".*\b(errors?|err|errores|incorrect|mistakes?)\b.*"
# A test's subject in a MAP export ("Reading", "Mathematics") -> its RIT scale.
RIT_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("RIT-MATH", r".*\b(math\w*|matematicas)\b.*"),
    ("RIT-LANGUAGE", r".*\blanguage\b.*"),
    ("RIT-SCIENCE", r".*\bscience\b.*"),
    ("RIT-READING", r".*\b(reading|lectura)\b.*"),
)
_SECONDS = r".*\b(seconds?|secs?|segundos|time|tiempo|timed in seconds)\b.*"
_PERCENT_WORDS = r".*(%|\bpercent\w*|\bporcentaje\b|\bpct\b).*"
_OWN_UNIT = re.compile(r".*\(([^()]{1,24})\)\s*")


def guess_skill(header: str, layout_name: str | None = None) -> str | None:
    """The skill a measure's header names, if famdata knows it."""
    text = header_words(header)
    if (layout_name or "").startswith("NWEA MAP") or re.search(r"\brit\b", text):
        for code, pattern in RIT_SUBJECTS:
            if re.fullmatch(pattern, text):
                return code
    for code, pattern in SKILL_PATTERNS:
        if re.fullmatch(pattern, text):
            return code
    return None


@dataclass
class ValueFacts:
    """What one measure's scores look like across a file, gathered column by column."""

    scores: int = 0
    low: float = math.inf
    high: float = -math.inf
    whole: bool = True  # every score a whole number
    shown_as_percent: int = 0  # scores the workbook formats as percents

    def add(self, values: np.ndarray, scored: np.ndarray, percent: np.ndarray, whole: bool) -> None:
        """A column's `values`, those `scored` holding a score; `whole` when its type already
        says every value is a whole number."""
        count = int(np.count_nonzero(scored))
        if not count:
            return
        scores = values if count == len(scored) else values[scored]
        self.scores += count
        self.low = min(self.low, float(scores.min()))
        self.high = max(self.high, float(scores.max()))
        self.whole = self.whole and (whole or bool((scores == np.round(scores)).all()))
        self.shown_as_percent += int(np.count_nonzero(percent & scored))

    @property
    def looks_like_fractions(self) -> bool:
        """Every score between 0 and 1 and not all whole: 0.93, 0.97 — not 0s and 1s."""
        return self.scores > 0 and self.low >= 0 and self.high <= 1 and not self.whole


def gather(
    facts: dict[str, ValueFacts],
    measure: str | np.ndarray,
    cells: ParsedCells,
    percent: np.ndarray,
) -> None:
    """Add one column's scores to the facts of the measure (or measures, in a long layout)."""
    if isinstance(measure, str):
        facts.setdefault(measure, ValueFacts()).add(cells.value, cells.scored, percent, cells.whole)
        return
    codes, names = pd.factorize(measure)
    for code, name in enumerate(names):
        rows = codes == code
        facts.setdefault(str(name), ValueFacts()).add(
            cells.value[rows], cells.scored[rows], percent[rows], cells.whole
        )


@dataclass(frozen=True)
class Guess:
    profile: Profile
    fractions: bool  # the scores look like fractions of 1 of a percent: ask the teacher


def guess(name: str, facts: ValueFacts | None, layout_name: str | None = None) -> Guess:
    """A measure's first profile, from its header, its export and its scores."""
    facts = facts or ValueFacts()
    text = header_words(name)
    profile = of_skill(guess_skill(name, layout_name))
    if profile.skill is None:
        own = _OWN_UNIT.fullmatch(name)
        if re.fullmatch(_SECONDS, text):
            profile = Profile(unit=SECONDS, higher_is_better=False)
        elif re.fullmatch(_FEWER_IS_BETTER, text):
            profile = Profile(unit=COUNT, higher_is_better=False)
        elif re.fullmatch(_PERCENT_WORDS, name.lower()):
            profile = Profile(unit=PERCENT)
        elif own:
            profile = Profile(unit=own.group(1).strip())
    if facts.scores and facts.shown_as_percent * 2 >= facts.scores:
        return Guess(Profile(profile.skill, PERCENT, profile.higher_is_better), fractions=False)
    return Guess(profile, fractions=profile.is_percent and facts.looks_like_fractions)
