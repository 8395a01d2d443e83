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
from famdata.output import charts, growth_charts
from famdata.score_table import one_measure
from famdata.stats import MeasureStats, measure_stats
from famdata.store import Store
from famdata.views import skills, wording

SMALL_BAND = 2  # a band this small on the wall could point at one child
# The headline over the projector's chart: its type, and the share of it a character takes on
# average (a little over a bold sans serif's, so a long headline is never found shorter).
HEADLINE_PX = 28
HEADLINE_CHARACTER = 0.5
HEADLINE_LINE = 1.2  # line height, as a share of the type
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
        title=f"{skills.skill_title(code, measure, lang)} · {window}",
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


def headline_height(text: str, width: int) -> int:
    """The pixels a headline takes across a window `width` pixels wide: a Spanish sentence can
    wrap to a third line where its English one fits on two, and the chart below must give room."""
    per_line = max(1, int(width / (HEADLINE_PX * HEADLINE_CHARACTER)))
    lines = max(1, -(-len(text) // per_line))
    return round(lines * HEADLINE_PX * HEADLINE_LINE)


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
    since: growth.SinceLast | None  # what the figure and the summary were made from


def has_earlier_window(store: Store, class_name: str, window: str) -> bool:
    """Whether the growth view has anything to show in `window`: not in the class's first."""
    return bool(growth.earlier_windows(store, class_name, window))


def review_slide(
    store: Store,
    class_name: str,
    measure: str,
    *,
    window: str | None = None,
    lang: str = "en",
    highlight: int | None = None,
    theme: charts.Theme = "projector",
    reviews: list[goals.GoalReview] | None = None,
) -> ReviewSlide:
    """The next-month view of one skill up to `window` (default: the class's last): each
    child's growth against their goal, the class average then and now, the class goal, and the
    sentence that counts them. In the class's first window it says so instead of drawing."""
    if window is None:
        window = store.windows(class_name)[-1].label
    since = growth.since_last(store, class_name, measure, window, reviews)
    if since is None:
        return ReviewSlide(None, wording.t("review_first_window", lang, window=window), None, None)
    if not since.compared:
        summary = wording.t("review_nobody", lang, start=since.start, end=since.end)
        return ReviewSlide(None, summary, None, since)
    profile = store.profiles(class_name).get(measure, Profile())
    communal = since.class_goal
    # A share at grade level is not on the score axis: the sentence carries that goal alone.
    words = (
        None
        if communal is None or communal.goal.metric == "pct_at_or_above"
        else skills.class_goal_words(communal.goal.metric, communal.goal.target, profile, lang)
    )
    figure = growth_charts.review_chart(
        since.table,
        measure=skills.skill_title(profile.skill, measure, lang),
        targets={r.goal.student: r.goal.target for r in since.goals if r.goal.student},
        averages=since.averages,
        class_goal=None if communal is None or words is None else (communal.goal.target, words),
        windows=(since.start, since.end),
        highlight=highlight,
        theme=theme,
        lang=lang,
        unit=skills.unit_words(profile, lang) or None,
    )
    return ReviewSlide(figure, review_sentence(since, lang), since.class_goal_met, since)


def review_sentence(since: growth.SinceLast, lang: str = "en") -> str:
    """How many grew, how many reached their goal, whether the class did: "17 of 22 children
    grew; 9 of 12 reached their goal; the class reached its goal." Growth runs in the measure's
    direction, and where fewer is better the sentence says so."""
    fewer = "" if since.higher_is_better else "_fewer"
    parts = [wording.t("review_grew" + fewer, lang, grew=since.grew, total=since.compared)]
    if since.reviewed:
        parts.append(wording.t("review_met", lang, met=since.met, total=since.reviewed))
    if since.class_goal_met is not None:
        met = "review_class_met" if since.class_goal_met else "review_class_not_yet"
        parts.append(wording.t(met, lang))
    return "; ".join(parts) + "."


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
