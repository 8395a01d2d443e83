"""The at-home strategy library: complete in both languages, sourced, short, tied to skills."""

from __future__ import annotations

import json
import re

import pytest

from famdata import strategies
from famdata.cli import main
from famdata.measures import SKILLS

LIBRARY = strategies.library()


@pytest.mark.parametrize("strategy", LIBRARY, ids=lambda s: s.key)
def test_every_strategy_says_everything_in_english_and_spanish(
    strategy: strategies.Strategy,
) -> None:
    for lang in ("en", "es"):
        words = strategy.text(lang)
        lines = (words.title, words.working, *words.materials, *words.steps, *words.say)
        assert all(line.strip() for line in lines)
        assert min(len(words.materials), len(words.steps), len(words.say)) >= 1
    assert strategy.text("es").steps != strategy.text("en").steps


@pytest.mark.parametrize("strategy", LIBRARY, ids=lambda s: s.key)
def test_every_strategy_cites_its_source_and_fits_in_a_short_evening(
    strategy: strategies.Strategy,
) -> None:
    assert len(strategy.source) > 20
    assert 1 <= strategy.minutes <= 15


@pytest.mark.parametrize("strategy", LIBRARY, ids=lambda s: s.key)
def test_every_strategy_is_for_skills_famdata_knows(strategy: strategies.Strategy) -> None:
    assert strategy.skill in strategy.fits
    assert set(strategy.fits) <= set(SKILLS)
    assert strategy.printable in (None, *strategies.PRINTABLES)


@pytest.mark.parametrize("strategy", LIBRARY, ids=lambda s: s.key)
def test_the_spanish_speaks_to_the_family_as_usted(strategy: strategies.Strategy) -> None:
    """Instructions address the parent as usted; only the quoted words to the child use tú."""
    words = strategy.text("es")
    instructions = " ".join((*words.materials, *words.steps, words.working))
    outside_quotes = re.sub(r"«[^»]*»", "", instructions)
    assert not re.search(r"\b(tú|tu|tienes|puedes|haz|pon|ti)\b", outside_quotes)


def test_keys_are_unique() -> None:
    keys = [s.key for s in LIBRARY]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "skill", ["LNF", "PSF", "NWF-CLS", "ORF-WC", "READ-COMP", "MATH-FACTS", "NUMBER-SENSE"]
)
def test_each_early_reading_and_math_skill_has_two_or_more_strategies(skill: str) -> None:
    assert len(strategies.for_skill(skill)) >= 2


def test_the_command_lists_the_library_as_json_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["strategies", "--skill", "PSF", "--lang", "es", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [s["key"] for s in listed] == [s.key for s in strategies.for_skill("PSF")]
    first = listed[0]
    assert {"key", "skill", "title", "minutes", "materials", "steps", "source"} <= set(first)
    assert first["title"] == strategies.find(first["key"]).text("es").title


def test_an_unknown_skill_code_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["strategies", "--skill", "JUGGLING"]) == 2
    assert capsys.readouterr().err.startswith("famdata: 'JUGGLING' is not a skill code.")
