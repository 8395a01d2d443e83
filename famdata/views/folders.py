"""Family folders as words and chart data: for each student number, the class charts with only
that child highlighted, the child's score in words, the grade-level expectation and a goal sheet,
in the family's language.

A folder is built from the store alone, so it can hold no name. `famdata.output.folders` prints
it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import pandas as pd

from famdata import benchmarks, goals, nights
from famdata.benchmarks import band
from famdata.errors import FamdataError
from famdata.measures import Profile
from famdata.output import charts
from famdata.output.safe_text import script_json
from famdata.score_table import one_measure, student_value
from famdata.stats import measure_stats
from famdata.store import Store
from famdata.views import practice, skills, wording
from famdata.views.practice import PracticeCard
from famdata.views.wording import fmt_score

PRINT_SIZE = {"width": 720, "height": 360}
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class MeasurePage:
    skill: str
    how: str | None
    expectation: str | None
    class_line: str
    chart_id: str
    base_id: str  # the class chart this page copies
    base_json: str
    focus_json: str  # which bar is this family's, and its call-out
    score_line: str


@dataclass(frozen=True)
class GoalSheet:
    title: str
    prompt: str
    range_line: str | None  # where typical growth would take the child by the next meeting
    class_goal_label: str
    class_goal: str | None
    goal_label: str
    target: str | None
    strategy_label: str
    strategy: str | None
    review_label: str
    review: str | None
    contact_label: str
    contact: str | None


@dataclass(frozen=True)
class Folder:
    number: int
    lang: str
    heading: str
    number_label: str
    pages: tuple[MeasurePage, ...]
    goal: GoalSheet
    cards: tuple[PracticeCard, ...] = ()
    note: str | None = None  # for a family who missed the night


@dataclass(frozen=True)
class FolderPlan:
    """Every family's folder for one window, and how many pages each folder has."""

    class_name: str
    window: str
    folders: tuple[Folder, ...]
    numbers: tuple[int, ...]
    pages_each: int


@dataclass(frozen=True)
class _Skill:
    """What every family's page of one measure shares: computed once per measure and language."""

    rows: pd.DataFrame
    unit: str
    benchmark: benchmarks.Benchmark | None
    skill: str
    how: str | None
    expectation: str | None
    class_line: str
    chart: dict[str, object]  # the print class chart as plotly JSON, nobody highlighted
    base_id: str
    base_json: str


def _skill(
    scores: pd.DataFrame,
    measure: str,
    profile: Profile,
    window: str,
    grade: int,
    benchmark_for: benchmarks.Resolver,
    lang: str,
    base_id: str,
) -> _Skill:
    rows = one_measure(scores, measure, window)
    stats = measure_stats(rows, window, measure, benchmark_for(measure, window))
    code = profile.skill
    unit = skills.unit_words(profile, lang)
    bench = stats.benchmark
    expectation = None
    if bench is not None:
        graders = skills.GRADERS_EN[grade].capitalize() if lang == "en" else ""
        expectation = wording.t(
            "folder_expectation",
            lang,
            graders=graders,
            grade=wording.grade_name(grade, lang),
            expectation=skills.expectation(profile, bench.goal, lang),
            source=wording.source_words(bench.source, lang),
        )
    mean = fmt_score(stats.mean, lang) if stats.mean is not None else "—"
    if stats.pct_at_or_above is None:
        class_line = wording.t("folder_class_plain", lang, mean=mean)
    else:
        pct = wording.fmt_percent(stats.pct_at_or_above, lang)
        class_line = wording.t("folder_class_line", lang, mean=mean, pct=pct)
    skill = skills.skill_title(code, measure, lang)
    figure = charts.class_chart(
        scores,
        measure=measure,
        window=window,
        benchmark=bench,
        theme="print",
        lang=lang,
        unit=unit or None,
        title=f"{skill} · {window}",
    )
    # Every bar stays anonymous; the child's own number is written under its bar per family, in
    # the room an invisible tick label (a figure space) keeps free.
    figure.update_xaxes(tickmode="array", tickvals=[0], ticktext=["\u2007"])
    figure.update_traces(hovertemplate=None, hoverinfo="skip")
    figure.update_layout(**PRINT_SIZE)
    chart = figure.to_plotly_json()
    return _Skill(
        rows,
        unit,
        bench,
        skill,
        skills.skill_how(profile, lang),
        expectation,
        class_line,
        chart,
        base_id,
        script_json(chart),
    )


def _score_words(value: float, unit: str, lang: str) -> str:
    """A score and its unit ("62 words a minute"), or the score alone for a unit famdata does not
    know ("49", never "49 .")."""
    return f"{fmt_score(value, lang)} {unit}".strip()


def _measure_page(skill: _Skill, number: int, lang: str, chart_id: str) -> MeasurePage:
    value = student_value(skill.rows, number)
    if value is None:
        score_line = wording.t("folder_absent", lang, number=number)
    else:
        key = "folder_score" if skill.benchmark is not None else "folder_score_plain"
        words = wording.band_name(band(value, skill.benchmark), lang) if skill.benchmark else ""
        score = _score_words(value, skill.unit, lang)
        score_line = wording.t(key, lang, number=number, score=score, band=words)
    bars = skill.chart["data"][0]  # type: ignore[index]
    numbers = list(bars["x"])
    position = numbers.index(str(number)) if str(number) in numbers else -1
    focus = {
        "index": position,
        "tick": str(number),
        "label": wording.t("your_child", lang, number=number),
        "detail": (
            charts.callout_detail(float(bars["y"][position]), lang, skill.unit or None)
            if position >= 0
            else ""
        ),
    }
    return MeasurePage(
        skill=skill.skill,
        how=skill.how,
        expectation=skill.expectation,
        class_line=skill.class_line,
        chart_id=chart_id,
        base_id=skill.base_id,
        base_json=skill.base_json,
        focus_json=script_json(focus),
        score_line=score_line,
    )


@dataclass(frozen=True)
class _Night:
    """What every family's goal sheet and practice card share: the plan, the class goal and
    the weeks until the next meeting."""

    plan: nights.NightPlan
    grade: int
    weeks: int
    class_goal: goals.Goal | None


def _goal_sheet(
    scores: pd.DataFrame,
    number: int,
    measure: str,
    window: str,
    lang: str,
    contact: str | None,
    profile: Profile,
    goal: goals.Goal | None,
    night: _Night,
    cards: tuple[PracticeCard, ...],
) -> GoalSheet:
    value = student_value(one_measure(scores, measure, window), number)
    skill = skills.skill_name(profile.skill, measure, lang)
    unit = skills.unit_words(profile, lang)
    range_line = None
    if value is None:
        prompt = wording.t("goal_prompt_absent", lang, skill=skill)
    else:
        score = _score_words(value, unit, lang)
        prompt = wording.t("goal_prompt", lang, skill=skill, score=score)
        reach = goals.realistic_range(value, profile, night.grade, night.weeks)
        if reach is not None:
            low, high = sorted(reach)
            range_line = wording.t(
                "goal_range",
                lang,
                weeks=night.weeks,
                low=fmt_score(low, lang),
                high=fmt_score(high, lang),
                unit=unit,
            )
    strategy = goal.strategy if goal and goal.strategy else None
    if strategy is None and cards:
        strategy = "; ".join(wording.t("see_card", lang, title=c.title) for c in cards)
    return GoalSheet(
        title=wording.t("goal_title", lang),
        prompt=prompt,
        range_line=range_line,
        class_goal_label=wording.t("class_goal", lang),
        class_goal=_class_goal(night.class_goal, profile, lang),
        goal_label=wording.t("goal_label", lang),
        target=_goal_target(goal, profile, lang),
        strategy_label=wording.t("strategy_label", lang),
        strategy=strategy,
        review_label=wording.t("review_label", lang),
        review=_review_when(goal, lang) or _meeting(night.plan, lang),
        contact_label=wording.t("contact_label", lang),
        contact=contact,
    )


def _class_goal(goal: goals.Goal | None, profile: Profile, lang: str) -> str | None:
    """The class goal in families' words: its own text when the teacher wrote one."""
    if goal is None:
        return None
    written = goal.text_es if wording.lang_of(lang) == "es" else goal.text_en
    if written:
        return written
    said = skills.class_goal_words(goal.metric, goal.target, profile, lang)
    return None if said is None else wording.opening(said)


def _meeting(plan: nights.NightPlan, lang: str) -> str | None:
    return wording.fmt_date(plan.next_meeting, lang) if plan.next_meeting else None


def _goal_target(goal: goals.Goal | None, profile: Profile, lang: str) -> str | None:
    if goal is None:
        return None
    return f"{fmt_score(goal.target, lang)} {skills.unit_words(profile, lang)}".strip()


def _review_when(goal: goals.Goal | None, lang: str) -> str | None:
    if goal is None or (goal.review_date is None and not goal.review_window):
        return None
    if goal.review_date is not None:
        return wording.fmt_date(goal.review_date, lang)
    return goal.review_window


def family_language(class_language: str, chosen: str | None, goal: goals.Goal | None = None) -> str:
    """A family's language: the one on its goal record, else the one chosen for this printing,
    else the class's."""
    if goal is not None and goal.language in wording.LANGS:
        return goal.language
    return chosen if chosen in wording.LANGS else class_language


def prepare_folders(
    store: Store,
    class_name: str,
    window: str,
    *,
    measures: Sequence[str] | None = None,
    lang: str | None = None,
    absent_only: bool = False,
    students: Collection[int] | None = None,
    progress: Progress = lambda _share, _message: None,
) -> FolderPlan:
    """Every family's folder for one window, as words and chart data (nothing printed yet): the
    night's skills (or the measures asked for), the goal sheet and the practice cards; with
    `absent_only`, only the folders of the families who missed the night, each with a note; with
    `students`, only those families' folders (one lost folder reprinted as it was)."""
    info = store.get_class(class_name)
    scores = store.scores(class_name, window)
    profiles = store.profiles(class_name)
    plan = nights.plan_for(store, class_name, window)
    known = list(profiles)
    planned = [s.measure for s in plan.skills]
    chosen = list(measures) if measures else [m for m in planned if m in set(scores["measure"])]
    unknown = [m for m in chosen if m not in known]
    if unknown:
        raise FamdataError(
            f"Class '{class_name}' has no measure '{unknown[0]}'. Measures: {', '.join(known)}."
        )
    if not chosen:
        raise FamdataError(f"Class '{class_name}' has no scores in window '{window}'.")
    benchmark_for = benchmarks.for_class(store, class_name)
    numbers = everyone = tuple(sorted(int(n) for n in scores["student"].unique()))
    if absent_only:
        numbers = nights.absent_families(store, class_name, window)
        if not numbers:
            raise FamdataError(f"Every family came to the night of {window}: no folder to send.")
    if students is not None:
        missing = sorted(set(students) - set(numbers))
        if missing:
            came = absent_only and missing[0] in everyone
            raise FamdataError(
                f"There is no folder to print for number {missing[0]} in {window}"
                + (": that family came to the night." if came else ".")
            )
        numbers = tuple(n for n in numbers if n in set(students))
    window_goals = store.goals(class_name, window)
    family_goals = {g.student: g for g in window_goals if g.student and g.measure == chosen[0]}
    night = _Night(
        plan,
        info.grade,
        nights.weeks_until_next(plan),
        next((g for g in window_goals if g.student is None and g.measure == chosen[0]), None),
    )
    folders = []
    shared: dict[tuple[str, str], _Skill] = {}
    for position, number in enumerate(numbers):
        progress(
            0.6 * position / max(len(numbers), 1),
            f"Preparing folder {position + 1} of {len(numbers)}…",
        )
        goal = family_goals.get(number)
        family_lang = family_language(info.language, lang, goal)
        for measure in chosen:
            if (measure, family_lang) not in shared:
                shared[measure, family_lang] = _skill(
                    scores,
                    measure,
                    profiles[measure],
                    window,
                    info.grade,
                    benchmark_for,
                    family_lang,
                    f"base-{len(shared)}",
                )
        pages = tuple(
            _measure_page(shared[m, family_lang], number, family_lang, f"chart-{number}-{i}")
            for i, m in enumerate(chosen)
        )
        cards = _cards(scores, number, window, night, profiles, chosen, family_lang)
        folders.append(
            Folder(
                number=number,
                lang=family_lang,
                heading=wording.t(
                    "folder_heading", family_lang, class_name=class_name, window=window
                ),
                number_label=wording.t("folder_number", family_lang, number=number),
                pages=pages,
                goal=_goal_sheet(
                    scores,
                    number,
                    chosen[0],
                    window,
                    family_lang,
                    info.contact,
                    profiles[chosen[0]],
                    goal,
                    night,
                    cards,
                ),
                cards=cards,
                note=_missed_you(plan, family_lang) if absent_only else None,
            )
        )
    pages_each = len(chosen) + 1 + (sum(1 + bool(c.printable) for c in folders[0].cards))
    return FolderPlan(class_name, window, tuple(folders), numbers, pages_each)


def _cards(
    scores: pd.DataFrame,
    number: int,
    window: str,
    night: _Night,
    profiles: dict[str, Profile],
    chosen: Sequence[str],
    lang: str,
) -> tuple[PracticeCard, ...]:
    """The practice cards of the night's skills in this folder; the reading chart is sized
    for the child's own score."""
    shown = [s for s in night.plan.skills if s.measure in chosen]
    named = [(s, skills.skill_name(profiles[s.measure].skill, s.measure, lang)) for s in shown]
    fluency = next((s.measure for s in shown if profiles[s.measure].skill == "ORF-WC"), None)
    score = student_value(one_measure(scores, fluency, window), number) if fluency else None
    return practice.cards(named, lang, night.weeks, score)


def _missed_you(plan: nights.NightPlan, lang: str) -> str:
    if plan.date is None:
        return wording.t("missed_you", lang, when="")
    when = wording.t("missed_you_when", lang, date=wording.fmt_date(plan.date, lang))
    return wording.t("missed_you", lang, when=when)
