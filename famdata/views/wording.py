"""Every word families read — on the projector and in their folders — in English and Spanish.

The Spanish follows one reviewed glossary (docs/glossary-es.md): warm, plain, *usted*,
saying what a number means rather than translating jargon. Band names and skill names come only
from here, never from ad-hoc strings in pages.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

Lang = Literal["en", "es"]
LANGS: tuple[Lang, ...] = ("en", "es")

BAND_NAMES: dict[str, dict[str, str]] = {
    "well_below": {"en": "well below benchmark", "es": "muy por debajo del nivel esperado"},
    "below": {"en": "below benchmark", "es": "por debajo del nivel esperado"},
    "at": {"en": "at benchmark", "es": "en el nivel esperado"},
    "above": {"en": "above benchmark", "es": "por encima del nivel esperado"},
}

STRINGS: dict[str, dict[str, str]] = {
    "benchmark": {"en": "Grade-level benchmark", "es": "Nivel esperado para el grado"},
    "class_average": {"en": "Class average", "es": "Promedio de la clase"},
    "at_or_above": {"en": "At or above grade level", "es": "En el nivel esperado o por encima"},
    "assessed": {"en": "Students assessed", "es": "Estudiantes evaluados"},
    "not_assessed": {
        "en": "{count} not assessed (absent)",
        "es": "{count} no evaluados (ausentes)",
    },
    "student_number": {"en": "Student number", "es": "Número del estudiante"},
    "student": {"en": "Student {number}", "es": "Estudiante {number}"},
    "highlight_absent": {
        "en": "Number {number} was absent for this test.",
        "es": "El número {number} estuvo ausente en esta prueba.",
    },
    "highlight_unknown": {
        "en": "There is no number {number} in this class.",
        "es": "No hay un número {number} en esta clase.",
    },
    "your_child": {"en": "Your child (number {number})", "es": "Su hijo/a (número {number})"},
    "score": {"en": "Score", "es": "Resultado"},
    "students": {"en": "Students", "es": "Estudiantes"},
    "share_of_class": {"en": "Share of the class", "es": "Parte de la clase"},
    "benchmark_by": {"en": "Benchmark: {source}", "es": "Nivel esperado: {source}"},
    "no_benchmark": {
        "en": "No grade-level benchmark is linked to this measure.",
        "es": "No hay un nivel esperado para esta medida.",
    },
    "highlight": {"en": "Highlight student number", "es": "Resaltar el número del estudiante"},
    "next": {"en": "Next skill", "es": "Siguiente habilidad"},
    "previous": {"en": "Previous skill", "es": "Habilidad anterior"},
    "agenda": {"en": "Tonight", "es": "Esta noche"},
    "minutes": {"en": "{count} min", "es": "{count} min"},
    "start": {"en": "Start", "es": "Empezar"},
    "pause": {"en": "Pause", "es": "Pausa"},
    "skip": {"en": "Next step", "es": "Siguiente paso"},
    "previous_step": {"en": "Previous step", "es": "Paso anterior"},
    "no_scores": {
        "en": "No scores for this skill in this window yet.",
        "es": "Todavía no hay resultados de esta habilidad.",
    },
    "headline_benchmark": {
        "en": "In {skill}, {graders} should {expectation}. ",
        "es": "En {skill}, se espera que los estudiantes de {grade} {expectation}. ",
    },
    "headline_class": {
        "en": "Our class averages {mean}; {pct} of the class is at grade level.",
        "es": "El promedio de nuestra clase es de {mean}; el {pct} de la clase está en el nivel esperado.",
    },
    "fewer_is_better": {
        "en": "Here fewer is better.",
        "es": "Aquí, menos es mejor.",
    },
    "headline_plain": {
        "en": "Our class averages {mean} in {skill} ({count} students assessed).",
        "es": "El promedio de nuestra clase en {skill} es de {mean} ({count} estudiantes evaluados).",
    },
    "folder_heading": {
        "en": "{class_name} · {window} · Family folder",
        "es": "{class_name} · {window} · Carpeta para la familia",
    },
    "folder_number": {"en": "Number {number}", "es": "Número {number}"},
    "folder_expectation": {
        "en": "{graders} are expected to {expectation} (benchmark: {source}).",
        "es": "Se espera que los estudiantes de {grade} {expectation} (nivel esperado: {source}).",
    },
    "folder_class_line": {
        "en": "Class average: {mean}. At or above grade level: {pct} of the class.",
        "es": "Promedio de la clase: {mean}. En el nivel esperado o por encima: el {pct} de la clase.",
    },
    "folder_class_plain": {"en": "Class average: {mean}.", "es": "Promedio de la clase: {mean}."},
    "folder_score": {
        "en": "Your child (number {number}): {score} — {band}.",
        "es": "Su hijo/a (número {number}): {score} — {band}.",
    },
    "folder_score_plain": {
        "en": "Your child (number {number}): {score}.",
        "es": "Su hijo/a (número {number}): {score}.",
    },
    "folder_absent": {
        "en": "Your child (number {number}) was not assessed this time.",
        "es": "Su hijo/a (número {number}) no fue evaluado/a esta vez.",
    },
    "goal_title": {"en": "Your child's goal", "es": "La meta de su hijo/a"},
    "goal_prompt": {
        "en": "In {skill}, your child's score now is {score}. Where would you like your child to be by the next meeting?",
        "es": "En {skill}, el resultado de su hijo/a ahora es {score}. ¿A dónde le gustaría que llegara para la próxima reunión?",
    },
    "goal_prompt_absent": {
        "en": "In {skill}, where would you like your child to be by the next meeting?",
        "es": "En {skill}, ¿a dónde le gustaría que llegara su hijo/a para la próxima reunión?",
    },
    "goal_label": {
        "en": "Our goal for the next meeting",
        "es": "Nuestra meta para la próxima reunión",
    },
    "strategy_label": {
        "en": "At-home strategy (“what we will practise at home”)",
        "es": "Actividad para practicar en casa («lo que vamos a practicar en casa»)",
    },
    "review_label": {"en": "Next meeting", "es": "Próxima reunión"},
    "goal_range": {
        "en": "In {weeks} weeks, by the next meeting, typical growth would take your child to "
        "about {low} to {high} {unit}.",
        "es": "En {weeks} semanas, para la próxima reunión, con un avance típico su hijo/a "
        "podría llegar a entre {low} y {high} {unit}.",
    },
    "class_goal_mean": {
        "en": "a class average of {target}",
        "es": "un promedio de la clase de {target}",
    },
    "class_goal_median": {
        "en": "half the class at {target} or better",
        "es": "la mitad de la clase en {target} o mejor",
    },
    "class_goal_pct_at_or_above": {
        "en": "{target} of the class at grade level",
        "es": "el {target} de la clase en el nivel esperado",
    },
    "see_card": {"en": "{title} (see the practice card)", "es": "{title} (vea la tarjeta)"},
    "missed_you": {
        "en": "We missed you at our collaboration night{when}! Here is what we shared: how our "
        "class is doing, where your child stands, and an activity to practise at home in about "
        "ten minutes a day. Please get in touch with any question.",
        "es": "¡Los extrañamos en nuestra noche de colaboración entre familias y maestros{when}! "
        "Aquí está lo que compartimos: cómo va nuestra clase, cómo va su hijo/a y una actividad "
        "para practicar en casa unos diez minutos al día. Si tiene alguna pregunta, comuníquese "
        "con nosotros.",
    },
    "missed_you_when": {"en": " on {date}", "es": " del {date}"},
    "card_heading": {"en": "Practice at home", "es": "Para practicar en casa"},
    "card_for": {"en": "For: {skills}", "es": "Para: {skills}"},
    "card_minutes": {"en": "About {minutes} minutes a day", "es": "Unos {minutes} minutos al día"},
    "card_materials": {"en": "What you need", "es": "Lo que necesita"},
    "card_steps": {"en": "What to do", "es": "Qué hacer"},
    "card_say": {"en": "What to say", "es": "Qué decir"},
    "card_working": {"en": "How you know it is working", "es": "Cómo saber que está funcionando"},
    "card_own": {"en": "Our activity for home", "es": "Nuestra actividad para la casa"},
    "card_log": {
        "en": "Tick a box each day you practise, and bring this sheet to the next meeting.",
        "es": "Marque una casilla cada día que practiquen y traiga esta hoja a la próxima reunión.",
    },
    "card_week": {"en": "Week {number}", "es": "Semana {number}"},
    "card_days": {"en": "Mon Tue Wed Thu Fri Sat Sun", "es": "lun mar mié jue vie sáb dom"},
    "card_source": {"en": "Based on: {source}", "es": "Basada en: {source}"},
    "printable_letter-cards": {
        "en": "Letter cards: cut along the lines",
        "es": "Tarjetas de letras: recorte por las líneas",
    },
    "printable_sound-boxes": {
        "en": "Sound boxes: one coin in a box for each sound",
        "es": "Cajitas de sonidos: una moneda en cada cajita por cada sonido",
    },
    "printable_reading-chart": {
        "en": "My reading chart: colour the words read correctly in one minute, one column a day",
        "es": "Mi gráfica de lectura: coloree las palabras leídas correctamente en un minuto, "
        "una columna por día",
    },
    "printable_ten-frames": {
        "en": "Ten frames: one bean in each square",
        "es": "Cuadros de diez: un frijol en cada casilla",
    },
    "printable_number-line": {
        "en": "Number line: jump with a coin",
        "es": "Recta numérica: salte con una moneda",
    },
    "chart_day": {"en": "Day", "es": "Día"},
    "contact_label": {"en": "Your child's teacher", "es": "El maestro o la maestra de su hijo/a"},
    "view_short_skills": {"en": "Skills", "es": "Habilidades"},
    "view_short_review": {"en": "Growth", "es": "Avance"},
    "view_short_ideas": {"en": "Ideas", "es": "Ideas"},
    "view_skills": {"en": "Skills", "es": "Habilidades"},
    "view_review": {"en": "Growth since the last meeting", "es": "Avance desde la última reunión"},
    "view_ideas": {"en": "Our ideas", "es": "Nuestras ideas"},
    "before": {"en": "Then", "es": "Antes"},
    "now": {"en": "Now", "es": "Ahora"},
    "class_goal": {"en": "Class goal", "es": "Meta de la clase"},
    "each_goal": {"en": "each child's goal", "es": "la meta de cada niño/a"},
    "class_average_then": {
        "en": "Class average, then: {value}",
        "es": "Promedio de la clase, antes: {value}",
    },
    "class_average_now": {
        "en": "Class average, now: {value}",
        "es": "Promedio de la clase, ahora: {value}",
    },
    "class_goal_line": {"en": "Class goal: {goal}", "es": "Meta de la clase: {goal}"},
    "review_grew": {
        "en": "{grew} of {total} children grew",
        "es": "{grew} de {total} niños avanzaron",
    },
    "review_grew_fewer": {
        "en": "{grew} of {total} children improved (here fewer is better)",
        "es": "{grew} de {total} niños mejoraron (aquí, menos es mejor)",
    },
    "review_met": {
        "en": "{met} of {total} reached their goal",
        "es": "{met} de {total} alcanzaron su meta",
    },
    "review_class_met": {"en": "the class reached its goal", "es": "la clase alcanzó su meta"},
    "review_class_not_yet": {
        "en": "the class goal: not yet, and every step counts",
        "es": "la meta de la clase: todavía no, y cada paso cuenta",
    },
    "review_first_window": {
        "en": "{window} is the class's first assessment: growth shows here after the next one.",
        "es": "{window} es la primera evaluación de la clase: el avance se verá aquí después "
        "de la próxima.",
    },
    "review_nobody": {
        "en": "No child has a score in both {start} and {end} yet.",
        "es": "Todavía ningún niño tiene resultado en {start} y en {end}.",
    },
    "ideas_icebreaker": {"en": "What we do at home", "es": "Lo que hacemos en casa"},
    "ideas_brainstorm": {"en": "Our questions and ideas", "es": "Nuestras preguntas e ideas"},
    "labels_title": {
        "en": "Folder labels (teacher only)",
        "es": "Etiquetas de las carpetas (solo para el maestro)",
    },
}

GRADE_NAMES = {
    "en": [
        "kindergarten",
        "first grade",
        "second grade",
        "third grade",
        "fourth grade",
        "fifth grade",
        "sixth grade",
        "seventh grade",
        "eighth grade",
        "ninth grade",
        "tenth grade",
        "eleventh grade",
        "twelfth grade",
    ],
    "es": [
        "kínder",
        "primer grado",
        "segundo grado",
        "tercer grado",
        "cuarto grado",
        "quinto grado",
        "sexto grado",
        "séptimo grado",
        "octavo grado",
        "noveno grado",
        "décimo grado",
        "undécimo grado",
        "duodécimo grado",
    ],
}


def t(key: str, lang: str = "en", **values: object) -> str:
    """The text for `key` in `lang`, with values filled in."""
    return STRINGS[key][lang_of(lang)].format(**values)


def opening(text: str) -> str:
    """`text` as it opens a title or a sentence: its first letter upper case and the rest as
    written (`str.capitalize` would turn a class's own "ORF (WCPM)" into "Orf (wcpm)")."""
    return text[:1].upper() + text[1:]


def lang_of(lang: str) -> Lang:
    """English unless Spanish: the two languages families read."""
    return "es" if lang == "es" else "en"


def band_name(band: str, lang: str = "en") -> str:
    return BAND_NAMES[band][lang_of(lang)]


# Numbers and dates as families in the US read them, in English or Spanish alike: 83.2 and 36%
# (US Spanish keeps the point and the tight percent sign), December 15, 2026 / 15 de diciembre.
LOCALES = {"en": "en_US", "es": "es_US"}


def fmt_number(value: float, lang: str = "en", decimals: int = 0) -> str:
    """62, 1,234 or 62.5 — whole numbers stay whole."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang_of(lang)])


def fmt_score(value: float, lang: str = "en") -> str:
    """A score as families read it: whole when it is whole (62), else to one decimal (62.5)."""
    value = round(value, 1)
    return fmt_number(value, lang, 0 if float(value).is_integer() else 1)


OWN_EXPECTATION_WORDS = {"en": "Set by the teacher", "es": "Fijado por el/la docente"}


def source_words(source: str, lang: str = "en") -> str:
    """A benchmark's source in the reader's language: the teacher's own expectation is named
    in Spanish too; a published table keeps its citation as written."""
    english = OWN_EXPECTATION_WORDS["en"]
    if source.startswith(english):
        return OWN_EXPECTATION_WORDS[lang_of(lang)] + source.removeprefix(english)
    return source


def fmt_average(value: float, lang: str = "en", percent: bool = False) -> str:
    """A class average as the projector writes it: 62, or 94% for a percent measure."""
    return fmt_percent(value, lang) if percent else fmt_number(value, lang)


def fmt_percent(value: float, lang: str = "en") -> str:
    """15% (a share out of 100, rounded to whole)."""
    return format_percent(value / 100, format="#,##0%", locale=LOCALES[lang_of(lang)])


def fmt_date(day: date, lang: str = "en") -> str:
    """December 15, 2026 (English) or 15 de diciembre de 2026 (Spanish)."""
    return format_date(day, format="long", locale=LOCALES[lang_of(lang)])


def grade_name(grade: int, lang: str = "en") -> str:
    return GRADE_NAMES[lang_of(lang)][grade]
