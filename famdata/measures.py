"""The measure profile: what each class measure is, decided once and stored.

A column called "ORF Errors" and a column called "WCPM" are both numbers; what makes a chart, a
goal or a family's sentence right is knowing that the first is a count of errors (lower is
better) and the second words a minute (higher is better). The importer guesses a profile
(`famdata.ingest.profiles`), the teacher confirms or changes it (Load, Settings), the store keeps
it, and every figure — bands, headline, goals met, growth, the coach's table, the folders — reads
the stored profile. Nothing else guesses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

WORDS_A_MINUTE = "words a minute"
PERCENT = "percent"
COUNT = "count"
SCALED_SCORE = "scaled score"
SECONDS = "seconds"
UNITS = (WORDS_A_MINUTE, PERCENT, COUNT, SCALED_SCORE, SECONDS)


@dataclass(frozen=True)
class Skill:
    """A skill famdata knows: its code, what it is, its unit and which way is better."""

    code: str
    name: str
    unit: str
    higher_is_better: bool = True


SKILLS: dict[str, Skill] = {
    s.code: s
    for s in (
        Skill("ORF-WC", "Oral reading fluency (words correct a minute)", WORDS_A_MINUTE),
        Skill("ORF-ACC", "Oral reading accuracy", PERCENT),
        Skill("ORF-ERR", "Oral reading errors", COUNT, higher_is_better=False),
        Skill("WRF", "Word reading fluency", WORDS_A_MINUTE),
        Skill("LNF", "Letter naming fluency", COUNT),
        Skill("FSF", "First sound fluency", COUNT),
        Skill("PSF", "Phoneme segmentation fluency", COUNT),
        Skill("NWF-CLS", "Nonsense words: correct letter sounds", COUNT),
        Skill("NWF-WRC", "Nonsense words: words recoded correctly", COUNT),
        Skill("NWF-WWR", "Nonsense words: whole words read", COUNT),
        Skill("MAZE", "Maze (reading comprehension)", COUNT),
        Skill("MAZE-ADJ", "Maze adjusted score", COUNT),
        Skill("MAZE-INC", "Maze incorrect responses", COUNT, higher_is_better=False),
        Skill("RETELL", "Retell", COUNT),
        Skill("RETELL-QR", "Retell quality", COUNT),
        Skill("COMPOSITE", "Reading composite score", SCALED_SCORE),
        Skill("RIT-READING", "MAP reading (RIT)", SCALED_SCORE),
        Skill("RIT-MATH", "MAP mathematics (RIT)", SCALED_SCORE),
        Skill("RIT-LANGUAGE", "MAP language usage (RIT)", SCALED_SCORE),
        Skill("RIT-SCIENCE", "MAP science (RIT)", SCALED_SCORE),
        Skill("MATH-FACTS", "Math facts fluency", COUNT),
        # A teacher's own comprehension or number-sense check: what an at-home strategy is for.
        Skill("READ-COMP", "Reading comprehension", COUNT),
        Skill("NUMBER-SENSE", "Number sense", COUNT),
    )
}


@dataclass(frozen=True)
class Profile:
    """One class measure: the skill it is (a `SKILLS` code or None), its unit, its direction,
    whether its scores were written as fractions of 1 and read as percents, and its benchmark
    link (the table's source to prefer, or the class's own expectation and its words)."""

    skill: str | None = None
    unit: str | None = None
    higher_is_better: bool = True
    from_fractions: bool = False
    benchmark_source: str | None = None
    expectation: float | None = None
    expectation_text: str | None = None

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT

    def with_skill(self, code: str | None) -> Profile:
        """This profile for another skill: the skill's unit and direction come with it."""
        skill = SKILLS.get(code or "")
        if skill is None:
            return replace(self, skill=None)
        return replace(
            self, skill=skill.code, unit=skill.unit, higher_is_better=skill.higher_is_better
        )


def of_skill(code: str | None) -> Profile:
    """The profile a measure of this skill has until the teacher says otherwise."""
    return Profile().with_skill(code)


def met(actual: float, target: float, higher_is_better: bool = True) -> bool:
    """A goal is met when the score reached the target in the measure's direction: 3 errors
    meets a goal of 5 errors or fewer."""
    return actual >= target if higher_is_better else actual <= target


def gain(before: float, after: float, higher_is_better: bool = True) -> float:
    """Growth in the measure's direction: a fall from 9 errors to 3 is a gain of 6."""
    return after - before if higher_is_better else before - after


def edited(
    stored: Profile,
    *,
    skill: str | None,
    unit: str | None,
    higher_is_better: bool,
    benchmark_source: str | None,
    expectation: float | None,
    expectation_text: str | None,
) -> Profile:
    """The profile a teacher's edit means. Choosing another skill brings that skill's unit and
    direction, unless the teacher changed those too in the same edit."""
    profile = stored
    if skill != stored.skill:
        profile = stored.with_skill(skill)
    if unit != stored.unit:
        profile = replace(profile, unit=unit)
    if higher_is_better != stored.higher_is_better:
        profile = replace(profile, higher_is_better=higher_is_better)
    return replace(
        profile,
        benchmark_source=benchmark_source,
        expectation=expectation,
        expectation_text=expectation_text,
    )


PROFILE_COLUMNS = ["Measure", "Skill", "Unit", "Better is"]
HIGHER, LOWER = "higher", "lower"
NO_SKILL = "(none)"


def profile_table(profiles: Mapping[str, Profile]) -> pd.DataFrame:
    """The profiles as the Load page shows them for the teacher to confirm or change."""
    return pd.DataFrame(
        [
            {
                "Measure": name,
                "Skill": p.skill or NO_SKILL,
                "Unit": p.unit or "",
                "Better is": HIGHER if p.higher_is_better else LOWER,
            }
            for name, p in profiles.items()
        ],
        columns=PROFILE_COLUMNS,
    )


def from_table(profiles: Mapping[str, Profile], table: pd.DataFrame) -> dict[str, Profile]:
    """The profiles the teacher's edited table means (see `edited`), for the measures changed."""
    changed = {}
    for row in table.itertuples(index=False):
        name, skill, unit, better = row
        stored = profiles[name]
        profile = edited(
            stored,
            skill=None if skill in (NO_SKILL, None, "") else str(skill),
            unit=str(unit).strip() or None if unit is not None else None,
            higher_is_better=better != LOWER,
            benchmark_source=stored.benchmark_source,
            expectation=stored.expectation,
            expectation_text=stored.expectation_text,
        )
        if profile != stored:
            changed[name] = profile
    return changed
