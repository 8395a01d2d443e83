"""What families read, in English and in the glossary's Spanish."""

from __future__ import annotations

import pytest

from famdata import stats
from famdata.measures import of_skill
from famdata.views import agenda, projector, wording
from tests.test_stats import ORF, SCORES


@pytest.mark.parametrize(
    ("band", "spanish"),
    [
        ("well_below", "muy por debajo del nivel esperado"),
        ("below", "por debajo del nivel esperado"),
        ("at", "en el nivel esperado"),
        ("above", "por encima del nivel esperado"),
    ],
)
def test_band_names_are_the_glossarys(band: str, spanish: str) -> None:
    assert wording.band_name(band, "es") == spanish


def test_the_headline_says_the_expectation_the_average_and_the_share() -> None:
    [s] = stats.summarize(SCORES, lambda _m, _w: ORF)
    assert projector.headline(s, 4, "en", of_skill("ORF-WC")) == (
        "In fluency, fourth graders should read 87 words a minute correctly. "
        "Our class averages 88; 60% of the class is at grade level."
    )


def test_the_spanish_headline_follows_the_glossary() -> None:
    [s] = stats.summarize(SCORES, lambda _m, _w: ORF)
    assert projector.headline(s, 4, "es", of_skill("ORF-WC")) == (
        "En fluidez, se espera que los estudiantes de cuarto grado lean 87 palabras correctas por "
        "minuto. El promedio de nuestra clase es de 88; el 60% de la clase está en el "
        "nivel esperado."
    )


def test_without_a_benchmark_the_headline_gives_the_average_and_count() -> None:
    [s] = stats.summarize(SCORES)
    assert projector.headline(s, 4, "en") == "Our class averages 88 in ORF (5 students assessed)."


def test_spanish_for_us_families_writes_numbers_as_they_read_them_here() -> None:
    assert wording.fmt_number(62.5, "es", 1) == "62.5"
    assert wording.fmt_number(1234, "es") == "1,234"
    assert wording.fmt_percent(15, "es") == "15%"
    assert wording.fmt_percent(15, "en") == "15%"


def test_every_string_has_both_languages() -> None:
    for key, texts in wording.STRINGS.items():
        assert set(texts) == {"en", "es"}, key


def test_the_agenda_has_the_nights_eight_steps_in_both_languages() -> None:
    assert len(agenda.AGENDA) == 8
    assert agenda.AGENDA[5].name == {"en": "Goal setting", "es": "Fijamos metas"}
