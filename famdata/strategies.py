"""The at-home strategy library: activities a family can do in about ten minutes with what is at
home, for each early-reading and math skill, in English and Spanish.

Written by us from public, evidence-based practice (each entry cites its source) and shipped as
data (`famdata/data/strategies.json`), so a district can read, review or extend it without
touching code. The teacher picks one per skill for the night, or writes their own; the family
folder prints it as a practice card.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from famdata import data
from famdata.errors import FamdataError
from famdata.views.wording import Lang, lang_of

# The material a card may need printed beside it (drawn by the folder template).
PRINTABLES = ("letter-cards", "sound-boxes", "reading-chart", "ten-frames", "number-line")


@dataclass(frozen=True)
class Words:
    """A strategy in one language: what it is called, what you need, what to do, what to say,
    and how to know it is working."""

    title: str
    materials: tuple[str, ...]
    steps: tuple[str, ...]
    say: tuple[str, ...]
    working: str


@dataclass(frozen=True)
class Strategy:
    key: str
    skill: str  # the skill code it was written for
    fits: tuple[str, ...]  # every skill code it helps with
    minutes: int
    printable: str | None
    source: str
    words: dict[str, Words]

    def text(self, lang: str) -> Words:
        return self.words[lang_of(lang)]

    def as_json(self, lang: str) -> dict[str, Any]:
        """The entry as `strategies --json` prints it, in one language."""
        words = self.text(lang)
        return {
            "key": self.key,
            "skill": self.skill,
            "title": words.title,
            "minutes": self.minutes,
            "materials": list(words.materials),
            "steps": list(words.steps),
            "say": list(words.say),
            "working": words.working,
            "printable": self.printable,
            "source": self.source,
        }


def _strategy(entry: dict[str, Any]) -> Strategy:
    langs: tuple[Lang, ...] = ("en", "es")
    return Strategy(
        key=entry["key"],
        skill=entry["skill"],
        fits=tuple(entry["fits"]),
        minutes=int(entry["minutes"]),
        printable=entry["printable"],
        source=entry["source"],
        words={
            lang: Words(
                title=entry[lang]["title"],
                materials=tuple(entry[lang]["materials"]),
                steps=tuple(entry[lang]["steps"]),
                say=tuple(entry[lang]["say"]),
                working=entry[lang]["working"],
            )
            for lang in langs
        },
    )


@cache
def library() -> tuple[Strategy, ...]:
    """Every shipped strategy, in the file's order (skill by skill)."""
    return tuple(_strategy(entry) for entry in json.loads(data.read_bytes("strategies.json")))


def find(key: str) -> Strategy:
    """The strategy with this key, or a message naming the keys there are."""
    for strategy in library():
        if strategy.key == key:
            return strategy
    keys = ", ".join(s.key for s in library())
    raise FamdataError(f"There is no at-home strategy '{key}'. Strategies: {keys}.")


def for_skill(code: str | None) -> list[Strategy]:
    """The strategies that help with a skill (all of them when the skill is not known)."""
    if code is None:
        return list(library())
    return [s for s in library() if code in s.fits]
