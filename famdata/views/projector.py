"""What the projector shows for one skill: the headline, three big figures and the class chart.

Everything the present page draws is decided here, from the store's tidy scores alone — no file,
no roster — so no name can reach the projector.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from famdata import goals, growth
from famdata.benchmarks import Resolver
from famdata.measures import Profile
from famdata.output import charts
from famdata.score_table import one_measure
from famdata.stats import MeasureStats, measure_stats
from famdata.store import Store
from famdata.views import skills, wording

SMALL_BAND = 2  # a band this small on the wall could point at one child
NO_FIGURE = "\u2014"


@dataclass(frozen=True)
class Slide:
    measure: str
    window: str
    headline: str
    average: str
    share: str
    assessed: str
    figure: go.Figure
    stats: MeasureStats
    small_bands: tuple[str, ...]  # band keys holding one or two students
    highlight_note: str | None  # why the highlighted number has no bar, in the slide's language


def slide(
    scores: pd.DataFrame,
    *,
    grade: int,
    benchmark_for: Resolver,
    measure: str,
    profile: Profile,
    window: str,
    lang: str = "en",
    highlight: int | None = None,
    order: charts.Order = "score",
) -> Slide:
    """The projector's slide for one measure (with its stored profile) in one window."""
    rows = one_measure(scores, measure, window)
    stats = measure_stats(rows, window, measure, benchmark_for(measure, window))
    code = profile.skill
    figure = charts.class_chart(
        scores,
        measure=measure,
        window=window,
        benchmark=stats.benchmark,
        highlight=highlight,
        order=order,
        theme="projector",
        lang=lang,
        unit=skills.unit_words(profile, lang) or None,
        title=f"{skills.skill_name(code, measure, lang).capitalize()} · {window}",
    )
    small = tuple(b for b, n in (stats.bands or {}).items() if 0 < n <= SMALL_BAND)
    assessed_numbers = set(rows.dropna(subset=["value"])["student"])
    return Slide(
        measure=measure,
        window=window,
        headline=headline(stats, grade, lang, profile) if stats.n else wording.t("no_scores", lang),
        average=wording.fmt_average(stats.mean, lang, profile.is_percent)
        if stats.mean is not None
        else NO_FIGURE,
        share=wording.fmt_percent(stats.pct_at_or_above, lang)
        if stats.pct_at_or_above is not None
        else NO_FIGURE,
        assessed=f"{stats.n} / {stats.n + stats.missing}",
        figure=figure,
        stats=stats,
        small_bands=small,
        highlight_note=highlight_note(scores, highlight, assessed_numbers, lang),
    )


def highlight_note(
    scores: pd.DataFrame, highlight: int | None, assessed: set[int], lang: str
) -> str | None:
    """Why a highlighted number has no bar, for the family looking for it: absent for this test,
    or no such number in the class (a typo on the teacher's side)."""
    if highlight is None or highlight in assessed:
        return None
    known = highlight in set(scores["student"].astype(int))
    return wording.t("highlight_absent" if known else "highlight_unknown", lang, number=highlight)


def step(measures: list[str], current: str, delta: int) -> str:
    """The next (delta=1) or previous (delta=-1) measure, wrapping around."""
    if current not in measures:
        return measures[0]
    return measures[(measures.index(current) + delta) % len(measures)]


@dataclass(frozen=True)
class ReviewSlide:
    figure: go.Figure | None
    summary: str
    class_goal_met: bool | None


def review_slide(
    store: Store, class_name: str, measure: str, *, lang: str = "en", highlight: int | None = None
) -> ReviewSlide:
    """The next-month view: each child's growth against their goal, and the class goal."""
    reviewed = [
        r
        for r in goals.review(store, class_name)
        if r.goal.measure == measure and r.actual is not None
    ]
    if not reviewed:
        return ReviewSlide(None, wording.t("no_review", lang), None)
    first = reviewed[0]
    table = growth.since_goals(
        store, class_name, measure, first.goal.set_window, first.review_window
    )
    individual = [r for r in reviewed if r.goal.student is not None]
    communal = next((r for r in reviewed if r.goal.student is None), None)
    profile = store.profiles(class_name).get(measure, Profile())
    figure = charts.review_chart(
        table,
        measure=skills.skill_name(profile.skill, measure, lang).capitalize(),
        targets={r.goal.student: r.goal.target for r in individual},
        class_goal=None
        if communal is None
        else (communal.goal.baseline, communal.goal.target, communal.actual),
        highlight=highlight,
        theme="projector",
        lang=lang,
        unit=skills.unit_words(profile, lang) or None,
    )
    result = goals.attainment(individual)
    grew = int((table["growth"] > 0).sum())
    fewer = "" if profile.higher_is_better else "_fewer"
    if individual:
        summary = wording.t(
            "goals_met" + fewer, lang, met=result.met, total=len(individual), grew=grew
        )
    else:
        summary = wording.t("grew" + fewer, lang, grew=grew, total=len(table))
    goal_met = None if communal is None else bool(communal.met)
    if goal_met is not None:
        summary += " " + wording.t("class_goal_met" if goal_met else "class_goal_not_yet", lang)
    return ReviewSlide(figure, summary, goal_met)


def headline(
    stats: MeasureStats, grade: int, lang: str = "en", profile: Profile | None = None
) -> str:
    """The plain-words sentence over the class chart.

    "In fluency, fourth graders should read 105 words a minute correctly. Our class averages 62;
    15% of the class is at grade level."
    """
    lang = wording.lang_of(lang)
    profile = profile or Profile()
    skill = skills.skill_name(profile.skill, stats.measure, lang)
    mean = wording.fmt_average(stats.mean or 0, lang, profile.is_percent)
    fewer = "" if profile.higher_is_better else " " + wording.t("fewer_is_better", lang)
    if stats.benchmark is None or stats.pct_at_or_above is None:
        return wording.t("headline_plain", lang, mean=mean, skill=skill, count=stats.n) + fewer
    graders = skills.GRADERS_EN[grade] if lang == "en" else wording.grade_name(grade, lang)
    first = wording.t(
        "headline_benchmark",
        lang,
        skill=skill,
        graders=graders,
        grade=wording.grade_name(grade, lang),
        expectation=skills.expectation(profile, stats.benchmark.goal, lang),
    )
    return first + wording.t(
        "headline_class", lang, mean=mean, pct=wording.fmt_percent(stats.pct_at_or_above, lang)
    )
