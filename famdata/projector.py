"""What the projector shows for one skill: the headline, three big figures and the class chart.

Everything the present page draws is decided here, from the store's tidy scores alone — no file,
no roster — so no name can reach the projector.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from famdata import charts, i18n
from famdata.benchmarks import Resolver, suggest_measure
from famdata.stats import MeasureStats, measure_stats

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
    highlight_missing: bool  # the highlighted number has no score in this window


def skill_code(measure: str, stats: MeasureStats) -> str | None:
    """The benchmark measure a class measure stands for (for the words on the slide)."""
    if stats.benchmark is not None and stats.benchmark.measure != "custom":
        return stats.benchmark.measure
    return suggest_measure(measure)


def slide(
    scores: pd.DataFrame,
    *,
    grade: int,
    benchmark_for: Resolver,
    measure: str,
    window: str,
    lang: str = "en",
    highlight: int | None = None,
    order: charts.Order = "score",
) -> Slide:
    """The projector's slide for one measure in one window."""
    rows = scores[(scores["measure"] == measure) & (scores["window"] == window)]
    stats = measure_stats(rows, window, measure, benchmark_for(measure, window))
    code = skill_code(measure, stats)
    figure = charts.class_chart(
        scores,
        measure=measure,
        window=window,
        benchmark=stats.benchmark,
        highlight=highlight,
        order=order,
        theme="projector",
        lang=lang,
        unit=i18n.unit_words(code, lang) or None,
        title=f"{i18n.skill_name(code, measure, lang).capitalize()} · {window}",
    )
    small = tuple(b for b, n in (stats.bands or {}).items() if 0 < n <= SMALL_BAND)
    assessed_numbers = set(rows.dropna(subset=["value"])["student"])
    return Slide(
        measure=measure,
        window=window,
        headline=i18n.headline(stats, grade, lang, code) if stats.n else i18n.t("no_scores", lang),
        average=i18n.fmt_number(stats.mean, lang) if stats.mean is not None else NO_FIGURE,
        share=i18n.fmt_percent(stats.pct_at_or_above, lang)
        if stats.pct_at_or_above is not None
        else NO_FIGURE,
        assessed=f"{stats.n} / {stats.n + stats.missing}",
        figure=figure,
        stats=stats,
        small_bands=small,
        highlight_missing=highlight is not None and highlight not in assessed_numbers,
    )


def step(measures: list[str], current: str, delta: int) -> str:
    """The next (delta=1) or previous (delta=-1) measure, wrapping around."""
    if current not in measures:
        return measures[0]
    return measures[(measures.index(current) + delta) % len(measures)]
