"""The collaboration night as the teacher plans it: the date, one to three skills in order, the
agenda, the at-home strategy for each skill and the next meeting; then who came, and at the next
night whether each family practised.

The plan is what the Present and control views, the family folders and the command line all
read (`plan_for`): a window without a saved plan gets the default one, so nothing downstream has
to ask whether the teacher planned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd

from famdata import growth, strategies
from famdata.errors import FamdataError
from famdata.measures import Profile
from famdata.store import Store

# The night's records live with their tables; they are part of this module's vocabulary too.
from famdata.store.nights import PRACTISED as PRACTISED
from famdata.store.nights import AgendaStep as AgendaStep
from famdata.store.nights import NightPlan as NightPlan
from famdata.store.nights import NightSkill as NightSkill
from famdata.store.nights import Practised as Practised

MAX_SKILLS = 3
MAX_STEP_MINUTES = 120
DEFAULT_WEEKS = 4  # until the next meeting, when the plan does not say

# The night's protocol (DESIGN.md, "The night"); the follow-up is the next night, not a step.
DEFAULT_AGENDA: tuple[AgendaStep, ...] = (
    AgendaStep({"en": "Welcome", "es": "Bienvenida"}, 5),
    AgendaStep({"en": "Icebreaker", "es": "Actividad para conocernos"}, 7),
    AgendaStep({"en": "Share data", "es": "Compartimos los datos"}, 10),
    AgendaStep({"en": "Model a strategy", "es": "Les mostramos una actividad"}, 5),
    AgendaStep({"en": "Practice", "es": "Practicamos en parejas"}, 10),
    AgendaStep({"en": "Goal setting", "es": "Fijamos metas"}, 5),
    AgendaStep({"en": "Brainstorm supports", "es": "Ideas para apoyarnos"}, 10),
    AgendaStep({"en": "Closing", "es": "Cierre"}, 5),
)


@dataclass(frozen=True)
class Attendance:
    """Who came to a night and who did not (families with a score in that window)."""

    present: tuple[int, ...]
    absent: tuple[int, ...]

    def as_json(self) -> dict[str, list[int]]:
        return {"present": list(self.present), "absent": list(self.absent)}


def agenda_steps(plan: NightPlan) -> tuple[AgendaStep, ...]:
    """The night's steps: the teacher's agenda, or the default eight."""
    return plan.agenda or DEFAULT_AGENDA


def default_strategy(profile: Profile) -> str | None:
    """The first strategy of the library that fits the measure's skill (None when none does)."""
    fitting = strategies.for_skill(profile.skill) if profile.skill else []
    return fitting[0].key if fitting else None


def plan_for(store: Store, class_name: str, window: str) -> NightPlan:
    """A window's night plan: the saved one, with defaults for what was never chosen — the
    window's first measures (up to three), each with the library's first fitting strategy, and
    the eight steps."""
    saved = store.night(class_name, window) or NightPlan(class_name, window)
    skills = saved.skills
    if not skills:
        profiles = store.profiles(class_name)
        shown = store.scores(class_name, window)["measure"].unique().tolist()
        skills = tuple(
            NightSkill(m, default_strategy(profiles[m]))
            for m in shown[:MAX_SKILLS]
            if m in profiles
        )
    return replace(saved, skills=skills, agenda=agenda_steps(saved))


def planned(
    plan: NightPlan,
    profiles: Mapping[str, Profile],
    *,
    day: date | None = None,
    skills: Sequence[str] | None = None,
    chosen: Mapping[str, str] | None = None,
    own: Mapping[str, str] | None = None,
    next_meeting: date | None = None,
    agenda: Sequence[AgendaStep] | None = None,
) -> NightPlan:
    """The plan with the teacher's changes (what is not given stays): the skills in order, a
    library strategy (`chosen`) or the teacher's own words (`own`) per skill, and the agenda.
    A skill without a strategy gets the library's first fitting one."""
    kept = {s.measure: s for s in plan.skills}
    order = list(skills) if skills is not None else list(kept)
    _refuse_skills(order, profiles)
    chosen, own = chosen or {}, own or {}
    strays = sorted((chosen.keys() | own.keys()) - set(order))
    if strays:
        raise FamdataError(
            f"'{strays[0]}' gets a strategy but is not one of tonight's skills "
            f"({', '.join(order)})."
        )
    for key in chosen.values():
        strategies.find(key)
    new_skills = []
    for measure in order:
        skill = kept.get(measure, NightSkill(measure))
        if measure in chosen:
            skill = NightSkill(measure, chosen[measure])
        if own.get(measure, "").strip():
            skill = NightSkill(measure, None, own[measure].strip())
        if skill.strategy is None and skill.own_strategy is None:
            skill = NightSkill(measure, default_strategy(profiles[measure]))
        new_skills.append(skill)
    steps = tuple(agenda) if agenda is not None else plan.agenda
    _refuse_agenda(steps)
    when = day if day is not None else plan.date
    meeting = next_meeting if next_meeting is not None else plan.next_meeting
    if when is not None and meeting is not None and meeting <= when:
        raise FamdataError(
            f"The next meeting ({meeting.isoformat()}) must come after the night "
            f"({when.isoformat()})."
        )
    return replace(plan, date=when, skills=tuple(new_skills), agenda=steps, next_meeting=meeting)


def _refuse_skills(order: Sequence[str], profiles: Mapping[str, Profile]) -> None:
    if not 1 <= len(order) <= MAX_SKILLS:
        raise FamdataError(
            f"A night shows one to {MAX_SKILLS} skills, not {len(order)}: choose the ones that "
            "matter most tonight."
        )
    repeated = sorted({m for m in order if order.count(m) > 1})
    if repeated:
        raise FamdataError(f"'{repeated[0]}' is chosen twice: each skill is shown once.")
    unknown = [m for m in order if m not in profiles]
    if unknown:
        raise FamdataError(
            f"This class has no measure '{unknown[0]}'. Measures: {', '.join(profiles)}."
        )


def _refuse_agenda(steps: Sequence[AgendaStep]) -> None:
    for number, step in enumerate(steps, start=1):
        if not step.name.get("en", "").strip() or not step.name.get("es", "").strip():
            raise FamdataError(f"Agenda step {number} needs a name in English and in Spanish.")
        if not 1 <= step.minutes <= MAX_STEP_MINUTES:
            raise FamdataError(
                f"Agenda step {number} ('{step.name['en']}') lasts {step.minutes} minutes: give "
                f"it 1 to {MAX_STEP_MINUTES}."
            )


AGENDA_COLUMNS = ["Order", "English", "Spanish", "Minutes"]


def agenda_table(steps: Sequence[AgendaStep]) -> pd.DataFrame:
    """The agenda as the teacher edits it: a row per step, numbered to reorder."""
    return pd.DataFrame(
        [[i, s.name["en"], s.name["es"], s.minutes] for i, s in enumerate(steps, start=1)],
        columns=AGENDA_COLUMNS,
    )


def agenda_from_table(table: pd.DataFrame) -> tuple[AgendaStep, ...]:
    """The steps an edited agenda table means: in the order of its numbers (rows without one
    go last), blank rows dropped; names and minutes are checked when the plan is made."""
    rows = table.dropna(how="all", subset=["English", "Spanish"])
    rows = rows.assign(Order=pd.to_numeric(rows["Order"], errors="coerce"))
    rows = rows.sort_values("Order", kind="stable", na_position="last")
    return tuple(
        AgendaStep(
            {"en": str(row.English or "").strip(), "es": str(row.Spanish or "").strip()},
            int(row.Minutes) if pd.notna(row.Minutes) else 0,
        )
        for row in rows.itertuples(index=False)
    )


def save_plan(store: Store, plan: NightPlan) -> NightPlan:
    """Save the plan (the default agenda is saved as no steps, so it follows the default)."""
    to_save = replace(plan, agenda=() if plan.agenda == DEFAULT_AGENDA else plan.agenda)
    store.save_night(to_save)
    return plan_for(store, plan.class_name, plan.window)


def plan_json(plan: NightPlan) -> dict[str, Any]:
    """The plan as `night --json` prints it."""
    return {
        "class": plan.class_name,
        "window": plan.window,
        "date": plan.date.isoformat() if plan.date else None,
        "skills": [s.measure for s in plan.skills],
        "agenda": [
            {"en": s.name["en"], "es": s.name["es"], "minutes": s.minutes}
            for s in agenda_steps(plan)
        ],
        "strategies": {s.measure: s.strategy for s in plan.skills if s.strategy},
        "own_strategies": {s.measure: s.own_strategy for s in plan.skills if s.own_strategy},
        "next_meeting": plan.next_meeting.isoformat() if plan.next_meeting else None,
    }


def weeks_until_next(plan: NightPlan) -> int:
    """Whole weeks from the night to the next meeting (the goal sheet's horizon)."""
    if plan.date is None or plan.next_meeting is None:
        return DEFAULT_WEEKS
    return max(1, round((plan.next_meeting - plan.date).days / 7))


def parse_numbers(text: str) -> list[int]:
    """Student numbers as a teacher types them: "1,2,5", "1 2 5", "3-7"."""
    numbers: list[int] = []
    for part in text.replace(",", " ").split():
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise FamdataError(
                f"'{part}' is not a student number: write numbers like 1,2,5 or a run like 3-7."
            )
        numbers.extend(range(int(first), int(last or first) + 1))
    return sorted(set(numbers))


def _split(store: Store, class_name: str, window: str, present: frozenset[int]) -> Attendance:
    """Present and absent families; the families of a night are every number with a score (or
    a missing score) in its window."""
    families = sorted(int(n) for n in store.scores(class_name, window)["student"].unique())
    return Attendance(tuple(sorted(present)), tuple(n for n in families if n not in present))


def record_attendance(
    store: Store, class_name: str, window: str, present: Iterable[int]
) -> Attendance:
    """Record who came (replacing the night's earlier record) and say who did not."""
    chosen = frozenset(present)
    store.save_attendance(class_name, window, chosen)
    return _split(store, class_name, window, chosen)


def attendance(store: Store, class_name: str, window: str) -> Attendance | None:
    """Who came and who did not, or None when attendance was not taken that night."""
    present = store.attendance(class_name, window)
    return None if present is None else _split(store, class_name, window, present)


def absent_families(store: Store, class_name: str, window: str) -> tuple[int, ...]:
    """The families who missed the night, for their folders; refused before attendance."""
    found = attendance(store, class_name, window)
    if found is None:
        raise FamdataError(
            f"Attendance for {class_name}, {window} was not taken yet: record who came first "
            "(the Night page, or `famdata attendance`)."
        )
    return found.absent


PRACTISED_WORDS: dict[str, str] = {"yes": "yes", "some": "some", "not_yet": "not yet"}


def practice_answers(chosen: Mapping[Practised, Iterable[int]]) -> dict[int, Practised]:
    """Each family's answer from the numbers tapped under yes, some and not yet; a number
    tapped under two answers is refused."""
    answers: dict[int, Practised] = {}
    for answer, numbers in chosen.items():
        for number in numbers:
            if number in answers:
                raise FamdataError(
                    f"Number {number} is under both '{PRACTISED_WORDS[answers[number]]}' and "
                    f"'{PRACTISED_WORDS[answer]}': keep one."
                )
            answers[number] = answer
    return answers


REACHED_WORDS = {True: "yes", False: "not yet", None: "not reviewed yet"}
FOLLOW_UP_COLUMNS = ["Student number", "Then", "Now", "Growth", "Goal", "Reached?", "Practised"]


def follow_up_table(store: Store, class_name: str, since: growth.SinceLast) -> pd.DataFrame:
    """The review as the teacher reads it, one row per child by number: then, now, growth in
    the measure's direction, the family's goal and whether it was reached, and whether the family
    practised the strategy of the night the goal was set at. Every cell is text, a blank where
    there is nothing to say (no goal, not practised on record), never "None"."""
    goal_of = {r.goal.student: r for r in since.goals}
    answers = store.practice(class_name, since.start)
    rows = {int(row.student): row for row in since.table.itertuples()}
    records = []
    for number in sorted(rows.keys() | {n for n in goal_of if n is not None}):
        row, review = rows.get(number), goal_of.get(number)
        then = row.before if row is not None else (review.goal.baseline if review else None)
        records.append(
            {
                "Student number": str(number),
                "Then": _score(then),
                "Now": _score(row.after if row is not None else None),
                "Growth": "" if row is None else f"{round(row.growth, 1):+g}",
                "Goal": _score(review.goal.target if review else None),
                "Reached?": REACHED_WORDS[review.met] if review else "",
                "Practised": PRACTISED_WORDS.get(answers.get(number, ""), ""),
            }
        )
    return pd.DataFrame(records, columns=FOLLOW_UP_COLUMNS)


def _score(value: float | None) -> str:
    return "" if value is None or pd.isna(value) else f"{round(float(value), 1):g}"
