"""The skills famdata knows, in families' words: what each is, how it is measured, what students
should reach, and its unit — in English and Spanish."""

from __future__ import annotations

from dataclasses import dataclass

from famdata import measures
from famdata.measures import Profile
from famdata.views import wording
from famdata.views.wording import fmt_score, lang_of, t

GRADERS_EN = [
    "kindergartners",
    "first graders",
    "second graders",
    "third graders",
    "fourth graders",
    "fifth graders",
    "sixth graders",
    "seventh graders",
    "eighth graders",
    "ninth graders",
    "tenth graders",
    "eleventh graders",
    "twelfth graders",
]


@dataclass(frozen=True)
class Skill:
    """A benchmark measure in families' words."""

    name: dict[str, str]  # "fluency"
    how: dict[str, str]  # how it is measured, for the folders
    expectation: dict[str, str]  # "read {goal} words a minute correctly" (after "should")
    unit: dict[str, str]  # "words a minute", for call-outs


SKILLS: dict[str, Skill] = {
    "ORF-WC": Skill(
        {"en": "fluency", "es": "fluidez"},
        {
            "en": "Oral reading fluency: how many words your child reads correctly in one minute.",
            "es": "Fluidez en la lectura en voz alta: cuántas palabras lee su hijo/a "
            "correctamente en un minuto.",
        },
        {
            "en": "read {goal} words a minute correctly",
            "es": "lean {goal} palabras correctas por minuto",
        },
        {"en": "words a minute", "es": "palabras por minuto"},
    ),
    "ORF-ACC": Skill(
        {"en": "accuracy", "es": "precisión"},
        {
            "en": "Accuracy: the share of words your child reads correctly.",
            "es": "Precisión: qué parte de las palabras lee su hijo/a correctamente.",
        },
        {
            "en": "read {goal}% of words correctly",
            "es": "lean correctamente el {goal} % de las palabras",
        },
        {"en": "% correct", "es": "% de precisión"},
    ),
    "ORF-ERR": Skill(
        {"en": "reading errors", "es": "errores de lectura"},
        {
            "en": "Reading errors: how many words your child misreads in one minute of reading "
            "aloud. Fewer is better.",
            "es": "Errores de lectura: cuántas palabras lee mal su hijo/a en un minuto de lectura "
            "en voz alta. Menos es mejor.",
        },
        {
            "en": "make {goal} errors or fewer",
            "es": "cometan {goal} errores o menos",
        },
        {"en": "errors", "es": "errores"},
    ),
    "LNF": Skill(
        {"en": "letter names", "es": "nombres de las letras"},
        {
            "en": "Letter names: how many letters your child names correctly in one minute.",
            "es": "Nombres de las letras: cuántas letras nombra su hijo/a correctamente "
            "en un minuto.",
        },
        {"en": "name {goal} letters in a minute", "es": "nombren {goal} letras en un minuto"},
        {"en": "letters a minute", "es": "letras por minuto"},
    ),
    "NWF-CLS": Skill(
        {"en": "letter sounds", "es": "sonidos de las letras"},
        {
            "en": "Letter sounds: how many letter sounds your child says correctly in one minute.",
            "es": "Sonidos de las letras: cuántos sonidos de letras dice su hijo/a correctamente "
            "en un minuto.",
        },
        {
            "en": "say {goal} letter sounds in a minute",
            "es": "digan {goal} sonidos de letras en un minuto",
        },
        {"en": "sounds a minute", "es": "sonidos por minuto"},
    ),
    "PSF": Skill(
        {"en": "phonemic awareness", "es": "conciencia fonológica"},
        {
            "en": "Phonemic awareness: how many sounds your child separates in spoken words "
            "in one minute.",
            "es": "Conciencia fonológica (separar los sonidos de una palabra): cuántos sonidos "
            "separa su hijo/a en un minuto.",
        },
        {"en": "separate {goal} sounds in a minute", "es": "separen {goal} sonidos en un minuto"},
        {"en": "sounds a minute", "es": "sonidos por minuto"},
    ),
}


def skill_name(code: str | None, measure: str, lang: str = "en") -> str:
    """The skill in families' words, or the class's own measure name when it is not known."""
    skill = SKILLS.get(code or "")
    return skill.name[lang_of(lang)] if skill else measure


def skill_title(code: str | None, measure: str, lang: str = "en") -> str:
    """`skill_name` opening a chart's title or a folder's heading."""
    return wording.opening(skill_name(code, measure, lang))


def skill_how(profile: Profile, lang: str = "en") -> str | None:
    """How the skill is measured, for the folders; for a measure famdata cannot name, at least
    which way is better when fewer is."""
    skill = SKILLS.get(profile.skill or "")
    if skill:
        return skill.how[lang_of(lang)]
    return None if profile.higher_is_better else t("fewer_is_better", lang)


# A measure's unit in families' words, when its skill has none of its own.
UNIT_WORDS: dict[str, dict[str, str]] = {
    measures.PERCENT: {"en": "%", "es": "%"},
    measures.WORDS_A_MINUTE: {"en": "words a minute", "es": "palabras por minuto"},
    measures.SECONDS: {"en": "seconds", "es": "segundos"},
}


def unit_words(profile: Profile, lang: str = "en") -> str:
    skill = SKILLS.get(profile.skill or "")
    if skill:
        return skill.unit[lang_of(lang)]
    return UNIT_WORDS.get(profile.unit or "", {}).get(lang_of(lang), "")


def expectation(profile: Profile, goal: float, lang: str = "en") -> str:
    """What students should do, after "should" / "se espera que ..." — for a measure where
    fewer is better, a ceiling, not a floor."""
    lang = lang_of(lang)
    skill = SKILLS.get(profile.skill or "")
    goal_text = fmt_score(goal, lang)
    if skill:
        return skill.expectation[lang].format(goal=goal_text)
    if not profile.higher_is_better:
        return f"stay at {goal_text} or below" if lang == "en" else f"no pasen de {goal_text}"
    return f"reach {goal_text}" if lang == "en" else f"lleguen a {goal_text}"


def class_goal_words(metric: str, target: float, profile: Profile, lang: str = "en") -> str | None:
    """A class goal in families' words ("a class average of 80 words a minute", "40% of the
    class at grade level"); None for a metric families have no words for."""
    if metric == "pct_at_or_above":
        amount = wording.fmt_percent(target, lang)
    else:
        amount = f"{fmt_score(target, lang)} {unit_words(profile, lang)}".strip()
    key = f"class_goal_{metric}"
    return wording.t(key, lang, target=amount) if key in wording.STRINGS else None
