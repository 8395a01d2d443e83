"""The practice card: the night's at-home strategy as one page of the family folder, in the
family's language, with a week-by-week tick box log and any material it needs to print.

The log is what the family brings back: at the next night the teacher records from it whether
they practised (yes, some, not yet).
"""

from __future__ import annotations

import math
import string
from collections.abc import Sequence
from dataclasses import dataclass

from famdata import strategies
from famdata.nights import NightSkill
from famdata.views import wording

# The reading chart's top: the child's score and half again, in tens, within these bounds.
CHART_FLOOR, CHART_CEILING, CHART_STEP = 60, 250, 10
CHART_DAYS = 12


@dataclass(frozen=True)
class Printable:
    """Material to print with a card: its kind (how the template draws it), its title, and
    the cells it draws (letters, boxes per row, chart rows, numbers)."""

    kind: str
    title: str
    cells: tuple[str, ...]
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class PracticeCard:
    heading: str
    title: str
    skills_line: str
    minutes: str | None
    materials: tuple[str, ...]
    steps: tuple[str, ...]
    say: tuple[str, ...]
    working: str | None
    own: str | None  # the teacher's own activity, in their words
    source: str | None
    weeks: tuple[str, ...]
    days: tuple[str, ...]
    printable: Printable | None
    labels: dict[str, str]


def cards(
    skills: Sequence[tuple[NightSkill, str]],
    lang: str,
    weeks: int,
    score: float | None = None,
) -> tuple[PracticeCard, ...]:
    """One card per distinct strategy of the night, naming the skills it is for (skill names
    already in the family's words); `score` sizes the reading chart for this child."""
    grouped: dict[tuple[str | None, str | None], list[str]] = {}
    for skill, name in skills:
        if skill.strategy or skill.own_strategy:
            grouped.setdefault((skill.strategy, skill.own_strategy), []).append(name)
    return tuple(
        _card(key, own, names, lang, weeks, score) for (key, own), names in grouped.items()
    )


def _labels(lang: str) -> dict[str, str]:
    keys = ("card_materials", "card_steps", "card_say", "card_working", "card_log")
    return {key: wording.t(key, lang) for key in keys}


def _card(
    key: str | None,
    own: str | None,
    names: list[str],
    lang: str,
    weeks: int,
    score: float | None,
) -> PracticeCard:
    common = {
        "heading": wording.t("card_heading", lang),
        "skills_line": wording.t("card_for", lang, skills=", ".join(names)),
        "weeks": tuple(wording.t("card_week", lang, number=n) for n in range(1, weeks + 1)),
        "days": tuple(wording.t("card_days", lang).split()),
        "labels": _labels(lang),
    }
    if key is None:
        return PracticeCard(
            title=wording.t("card_own", lang),
            minutes=None,
            materials=(),
            steps=(),
            say=(),
            working=None,
            own=own,
            source=None,
            printable=None,
            **common,  # type: ignore[arg-type]
        )
    strategy = strategies.find(key)
    words = strategy.text(lang)
    return PracticeCard(
        title=words.title,
        minutes=wording.t("card_minutes", lang, minutes=strategy.minutes),
        materials=words.materials,
        steps=words.steps,
        say=words.say,
        working=words.working,
        own=None,
        source=wording.t("card_source", lang, source=strategy.source),
        printable=printable(strategy.printable, lang, score) if strategy.printable else None,
        **common,  # type: ignore[arg-type]
    )


def printable(kind: str, lang: str, score: float | None = None) -> Printable:
    """The material a strategy needs, ready to draw."""
    title = wording.t(f"printable_{kind}", lang)
    if kind == "letter-cards":
        letters = list(string.ascii_uppercase)
        if wording.lang_of(lang) == "es":
            letters.insert(letters.index("O"), "Ñ")
        return Printable(kind, title, tuple(f"{c}{c.lower()}" for c in letters))
    if kind == "sound-boxes":
        return Printable(kind, title, ("3",) * 4 + ("4",) * 3)
    if kind == "reading-chart":
        wanted = 1.5 * score if score is not None else CHART_FLOOR
        top = min(max(CHART_FLOOR, math.ceil(wanted / CHART_STEP) * CHART_STEP), CHART_CEILING)
        rows = tuple(str(n) for n in range(top, 0, -CHART_STEP))
        day = wording.t("chart_day", lang)
        return Printable(kind, title, rows, tuple(f"{day} {n}" for n in range(1, CHART_DAYS + 1)))
    if kind == "ten-frames":
        return Printable(kind, title, ("", ""))
    if kind == "number-line":
        return Printable(kind, title, tuple(str(n) for n in range(21)))
    raise ValueError(f"no printable '{kind}'")
