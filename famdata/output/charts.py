"""Plotly figures for the projector, the teacher's screen and the printed family folder.

One builder per chart, three themes, one visual vocabulary: the class chart a family saw on the
wall is the one in their folder. Bands carry their names in words on the chart (never colour
alone), in the colour order families know from vendor reports, in colour-blind-safe Okabe-Ito
tones. Builders take tidy scores and return a `go.Figure`; they never change their input.

plotly reads HTML in every text it draws, and measure names, windows and class names come from
files: every title, label and category name goes through `plotly_text` on its way into a figure
(bar texts here are numbers only).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go

from famdata.benchmarks import BANDS, Benchmark, band
from famdata.output.safe_text import plotly_text
from famdata.score_table import one_measure
from famdata.views import wording
from famdata.views.wording import fmt_score

Theme = Literal["projector", "screen", "print"]
Order = Literal["score", "number"]

BAND_COLOURS = {"well_below": "#D55E00", "below": "#E69F00", "at": "#009E73", "above": "#0072B2"}
# The bands behind the bars: the same hues, each a step lighter from "well below" (darkest) to
# "above" (palest), so they stay apart for colour-blind eyes and in greyscale, and every bar —
# darker than all of them — stands out on each.
BAND_FILLS = {"well_below": "#E8A47F", "below": "#F3D08F", "at": "#CDEAD9", "above": "#EDF4FA"}
# Print: greys from dark to light in the same order, for a black-and-white printer.
BAND_GREYS = {"well_below": "#C4C4C4", "below": "#DADADA", "at": "#ECECEC", "above": "#F8F8F8"}
# Pale tints of the band colours, for table cells whose text must stay readable.
BAND_TINTS = {"well_below": "#F6C9AD", "below": "#F8E0A8", "at": "#A9DCCB", "above": "#A9CBE6"}
HIGHLIGHT = "#CC79A7"
HIGHLIGHT_OUTLINE = "#000000"
NEUTRAL = "#767676"
INK = "#1A1A1A"
FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif"


@dataclass(frozen=True)
class Style:
    text: int
    title: int
    line: int
    height: int


STYLES: dict[str, Style] = {
    # 25 px text: its smallest derived size (subtitles, band names) is still 20 px on the wall.
    "projector": Style(text=25, title=36, line=5, height=500),
    "screen": Style(text=14, title=20, line=3, height=460),
    "print": Style(text=11, title=15, line=2, height=380),
}


def apply_layout(fig: go.Figure, theme: Theme, title: str, subtitle: str | None) -> None:
    style = STYLES[theme]
    fig.update_layout(
        title={
            "text": plotly_text(title),
            "font": {"size": style.title, "color": INK},
            "subtitle": {
                "text": plotly_text(subtitle or ""),
                "font": {"size": round(style.text * 0.8)},
            },
            "x": 0.01,
            "xanchor": "left",
        },
        font={"family": FONT_FAMILY, "size": style.text, "color": INK},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=style.height,
        margin={"l": style.text * 4, "r": 20, "t": style.title * 3, "b": style.text * 3},
        showlegend=False,
        bargap=0.25,
    )
    fig.update_xaxes(showgrid=False, zeroline=False, linecolor=INK, ticks="", automargin=True)
    fig.update_yaxes(
        showgrid=False, zeroline=False, linecolor=INK, rangemode="tozero", automargin=True
    )


# A title's width per character, as a share of its font size (Arial, mixed case, leaning wide).
_CHARACTER_WIDTH = 0.55
_LINE = 1.2  # a title line's height, as a share of its font size


def fit(fig: go.Figure, width: int, height: int, theme: Theme = "projector") -> None:
    """The chart `height` pixels tall in a page `width` pixels wide.

    A title too long for one line at its size (a vendor's "CBMR-English - (Passage 1)
    TOTAL_WORDS_READ · Winter" on a 1024-pixel projector) is set smaller, down to two thirds of
    its size, and beyond that goes on two lines, rather than run off the chart. The upright axis
    title runs along the plot's height: where the plot is too short for it on one line ("letras
    por minuto" beside a 300-pixel chart under a laptop's controls) it goes on two, rather than
    over the subtitle."""
    style = STYLES[theme]
    top = 3 * style.title  # the margin `apply_layout` sets
    title = fig.layout.title.text
    if title and _too_long(title, style.title, width):
        fitting = int(width / (len(title) * _CHARACTER_WIDTH))
        if fitting * 3 >= style.title * 2:
            fig.update_layout(title_font_size=fitting)
        else:
            top += round(style.title * _LINE)
            fig.update_layout(title_text=_on_two_lines(title), margin_t=top)
    fig.update_layout(height=height)
    axis = fig.layout.yaxis.title.text
    if axis and _too_long(axis, style.text, height - top - 3 * style.text):
        fig.update_yaxes(title_text=_on_two_lines(axis))


def _too_long(text: str, size: int, room: int) -> bool:
    """Whether `text`, on one line, is wider than `room` pixels."""
    return "<br>" not in text and len(text) * size * _CHARACTER_WIDTH > room


def _on_two_lines(text: str) -> str:
    """`text` broken at the space that makes its longer line shortest."""
    spaces = [i for i, character in enumerate(text) if character == " "]
    if not spaces:
        return text
    middle = min(spaces, key=lambda i: max(i, len(text) - i - 1))
    return f"{text[:middle]}<br>{text[middle + 1 :]}"


def _band_edges(benchmark: Benchmark, top: float) -> list[tuple[str, float, float]]:
    """(band, low, high) for the bands this benchmark has, up to `top`; where fewer is better
    (errors), "at" runs from 0 up to the goal and "well below" sits on top."""
    if not benchmark.higher_is_better:
        return _lower_is_better_edges(benchmark, top)
    edges: list[tuple[str, float, float]] = []
    risk = benchmark.risk_cut
    if risk is not None and risk > 0:
        edges.append(("well_below", 0.0, risk))
    edges.append(("below", risk if risk is not None else 0.0, benchmark.goal))
    if benchmark.above is not None:
        edges.append(("at", benchmark.goal, benchmark.above))
        edges.append(("above", benchmark.above, max(top, benchmark.above)))
    else:
        edges.append(("at", benchmark.goal, max(top, benchmark.goal)))
    return [(name, low, high) for name, low, high in edges if high > low]


def _lower_is_better_edges(benchmark: Benchmark, top: float) -> list[tuple[str, float, float]]:
    ceiling = max(top, benchmark.goal, benchmark.risk_cut or 0.0)
    edges: list[tuple[str, float, float]] = []
    if benchmark.above is not None:
        edges.append(("above", 0.0, benchmark.above))
        edges.append(("at", benchmark.above, benchmark.goal))
    else:
        edges.append(("at", 0.0, benchmark.goal))
    risk = benchmark.risk_cut
    edges.append(("below", benchmark.goal, risk if risk is not None else ceiling))
    if risk is not None:
        edges.append(("well_below", risk, ceiling))
    return [(name, low, high) for name, low, high in edges if high > low]


def _draw_bands(
    fig: go.Figure,
    benchmark: Benchmark,
    top: float,
    theme: Theme,
    lang: str,
    across: bool = False,
) -> None:
    """The bands as shaded regions, each with its name written in: behind bars (up the y axis),
    or `across` the x axis behind a histogram."""
    style = STYLES[theme]
    for name, low, high in _band_edges(benchmark, top):
        colour = BAND_GREYS[name] if theme == "print" else BAND_FILLS[name]
        shade = fig.add_vrect if across else fig.add_hrect
        edges = {"x0": low, "x1": high} if across else {"y0": low, "y1": high}
        shade(**edges, fillcolor=colour, opacity=1.0, line_width=0, layer="below")
        middle = (low + high) / 2
        place = (
            {"x": middle, "yref": "paper", "y": 1.0, "yanchor": "bottom"}
            if across
            else {"xref": "paper", "x": 1.0, "xanchor": "right", "y": middle, "yanchor": "middle"}
        )
        fig.add_annotation(
            **place,
            text=plotly_text(wording.band_name(name, lang)),
            showarrow=False,
            font={"size": round(style.text * 0.8), "color": INK},
            bgcolor="rgba(255,255,255,0.75)",
        )


def tick_size(theme: Theme, bars: int) -> int:
    """The student numbers' size: the theme's text, a little smaller past 20 bars (staggered, 35
    two-digit numbers fit across a 1024-pixel projector at 20 px)."""
    size = STYLES[theme].text
    return size if bars <= 20 else max(round(size * 0.85), 9)


STAGGER_FROM = {"projector": 21, "screen": 31, "print": 31}


def number_axis(fig: go.Figure, numbers: list[str], theme: Theme, lang: str) -> None:
    """Every child's number under its bar or marks, upright: a family looks for its own."""
    fig.update_xaxes(
        title={"text": plotly_text(wording.t("student_number", lang))},
        type="category",
        categoryorder="array",
        categoryarray=numbers,
        tickmode="array",
        tickvals=numbers,
        ticktext=tick_labels(numbers, theme),
        tickangle=0,
        tickfont={"size": tick_size(theme, len(numbers))},
    )


def tick_labels(numbers: list[str], theme: Theme) -> list[str]:
    """The numbers under the bars; in a large class every other one a line lower, so each has
    two bars' width and none is dropped or overlaps its neighbour."""
    if len(numbers) < STAGGER_FROM[theme]:
        return numbers
    return [n if i % 2 == 0 else f"<br>{n}" for i, n in enumerate(numbers)]


def _reference_line(
    fig: go.Figure, y: float, label: str, theme: Theme, dash: str, below: bool = False
) -> None:
    style = STYLES[theme]
    fig.add_hline(y=y, line={"color": INK, "width": style.line, "dash": dash}, layer="above")
    fig.add_annotation(
        xref="paper",
        x=0.0,
        xanchor="left",
        y=y,
        yanchor="top" if below else "bottom",
        text=plotly_text(label),
        showarrow=False,
        font={"size": round(style.text * 0.85), "color": INK},
        bgcolor="rgba(255,255,255,0.85)",
    )


def class_chart(
    scores: pd.DataFrame,
    *,
    measure: str,
    window: str,
    benchmark: Benchmark | None,
    highlight: int | None = None,
    order: Order = "score",
    theme: Theme = "screen",
    lang: str = "en",
    unit: str | None = None,
    highlight_label: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """The class chart families know: one bar per student number, the benchmark bands behind them
    with their names, the benchmark and the class average as lines, one number highlighted."""
    rows = one_measure(scores, measure, window)
    assessed = rows.dropna(subset=["value"])
    assessed = assessed.sort_values(["value", "student"] if order == "score" else ["student"])
    missing = len(rows) - len(assessed)
    style = STYLES[theme]
    numbers = [str(n) for n in assessed["student"]]
    fig = go.Figure(
        go.Bar(
            x=numbers,
            y=assessed["value"].tolist(),
            marker={
                "color": [NEUTRAL] * len(numbers),
                "line": {"color": ["rgba(0,0,0,0)"] * len(numbers), "width": [0] * len(numbers)},
            },
            hovertemplate=wording.t("student", lang, number="%{x}") + ": %{y}<extra></extra>",
        )
    )
    cuts = [benchmark.goal, benchmark.above or 0.0] if benchmark else []
    top = max([*assessed["value"].tolist(), *cuts, 1.0]) * 1.12
    mean = float(assessed["value"].mean()) if len(assessed) else None
    # The two line labels sit on the outer sides of the two lines, never between them.
    average_under = benchmark is not None and mean is not None and mean < benchmark.goal
    if benchmark is not None:
        _draw_bands(fig, benchmark, top, theme, lang)
        label = f"{wording.t('benchmark', lang)}: {fmt_score(benchmark.goal, lang)}"
        benchmark_under = mean is not None and not average_under
        _reference_line(fig, benchmark.goal, label, theme, "solid", below=benchmark_under)
    if mean is not None:
        label = f"{wording.t('class_average', lang)}: {fmt_score(mean, lang)}"
        _reference_line(fig, mean, label, theme, "dash", below=average_under)
    subtitle_parts = []
    if benchmark is not None:
        subtitle_parts.append(
            wording.t("benchmark_by", lang, source=wording.source_words(benchmark.source, lang))
        )
    if missing:
        subtitle_parts.append(wording.t("not_assessed", lang, count=missing))
    apply_layout(fig, theme, title or f"{measure} · {window}", " · ".join(subtitle_parts) or None)
    number_axis(fig, numbers, theme, lang)
    fig.update_yaxes(title={"text": plotly_text(unit or wording.t("score", lang))}, range=[0, top])
    if not len(assessed):
        fig.add_annotation(
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            text=plotly_text(wording.t("no_scores", lang)),
            showarrow=False,
            font={"size": style.text},
        )
    if highlight is not None:
        label = highlight_label or wording.t("student", lang, number=highlight)
        focused = highlight_student(
            fig.to_plotly_json(), highlight, label, theme=theme, lang=lang, unit=unit
        )
        fig = go.Figure(focused)
    return fig


def callout_style(theme: Theme) -> dict[str, Any]:
    """How a student's bar in focus and its call-out look. Charts drawn here use it, and so does
    the family folders' script, which copies one drawn class chart for every family."""
    style = STYLES[theme]
    return {
        "fill": HIGHLIGHT if theme != "print" else INK,
        "outline": HIGHLIGHT_OUTLINE,
        "line": style.line,
        "text": style.text,
        "arrow": style.text * 2.5,
        "arrow_width": max(2, style.line - 2),
        "ink": INK,
        "font": FONT_FAMILY,
    }


def callout_detail(value: float, lang: str, unit: str | None) -> str:
    """What follows the label in a call-out: the score and its unit."""
    return f"{fmt_score(value, lang)} {unit or ''}".strip()


def highlight_student(
    figure: dict[str, Any], number: int, label: str, *, theme: Theme, lang: str, unit: str | None
) -> dict[str, Any]:
    """A copy of a class chart (as plotly JSON) with one student's bar in focus and called out.

    Works on the JSON form so the same class chart can focus on each child without building it
    again.
    """
    focused = copy.deepcopy(figure)
    bar = focused["data"][0]
    numbers = list(bar["x"])
    if str(number) not in numbers:
        return focused
    position = numbers.index(str(number))
    look = callout_style(theme)
    marker = bar["marker"]
    marker["color"] = list(marker["color"])
    marker["line"] = {key: list(value) for key, value in marker["line"].items()}
    marker["color"][position] = look["fill"]
    marker["line"]["color"][position] = look["outline"]
    marker["line"]["width"][position] = look["line"]
    # Striped as well as coloured and outlined: found without telling pink from grey.
    shapes = [""] * len(numbers)
    shapes[position] = "/"
    marker["pattern"] = {
        "shape": shapes,
        "fillmode": "overlay",
        "fgcolor": look["ink"],
        "size": 10,
        "solidity": 0.25,
    }
    value = float(bar["y"][position])
    detail = callout_detail(value, lang, unit)
    # The call-out sits at the top of the plot, above every line and line label, its arrow down
    # to the child's bar; near either end it leans inwards so it stays inside the chart.
    top = (focused["layout"].get("yaxis", {}).get("range") or [None, None])[1]
    place = (
        {"ayref": "y", "ay": 0.97 * top, "yanchor": "top"}
        if top and value < 0.8 * top
        else {"ay": -look["arrow"]}
    )
    share = position / max(len(numbers) - 1, 1)
    lean = "left" if share < 0.3 else "right" if share > 0.7 else "center"
    focused["layout"].setdefault("annotations", []).append(
        {
            # the bar's position: a numeric-looking category name would be read as a position
            "x": position,
            "y": value,
            "text": f"<b>{plotly_text(label)}</b> — {plotly_text(detail)}",
            "showarrow": True,
            "arrowhead": 2,
            "arrowwidth": look["arrow_width"],
            "ax": 0,
            "xanchor": lean,
            **place,
            "font": {"size": look["text"], "color": look["ink"]},
            "bgcolor": "white",
            "bordercolor": look["ink"],
            "borderwidth": 1,
        }
    )
    return focused


def band_counts(values: pd.Series, benchmark: Benchmark) -> dict[str, int]:
    """How many of the scores fall in each band."""
    found = values.dropna().map(lambda v: band(v, benchmark)).value_counts()
    return {name: int(found.get(name, 0)) for name in BANDS}


def band_bar(
    scores: pd.DataFrame,
    *,
    measure: str,
    window: str,
    benchmark: Benchmark,
    theme: Theme = "screen",
    lang: str = "en",
) -> go.Figure:
    """The share of the class in each band, each bar labelled with its band name and count."""
    rows = one_measure(scores, measure, window)
    counts = band_counts(rows["value"], benchmark)
    present = [name for name in BANDS if not (name == "above" and benchmark.above is None)]
    total = max(sum(counts.values()), 1)
    style = STYLES[theme]
    names = [plotly_text(wording.band_name(name, lang)) for name in present]
    fig = go.Figure(
        go.Bar(
            x=[100 * counts[name] / total for name in present],
            y=names,
            orientation="h",
            marker={
                "color": [
                    (BAND_GREYS if theme == "print" else BAND_COLOURS)[name] for name in present
                ],
                "line": {"color": INK, "width": 1},
            },
            text=[
                f"{wording.fmt_percent(100 * counts[n] / total, lang)} ({counts[n]})"
                for n in present
            ],
            textposition="outside",
            hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
        )
    )
    apply_layout(fig, theme, f"{measure} · {window}", wording.t("share_of_class", lang))
    fig.update_xaxes(range=[0, 118], showticklabels=False)
    fig.update_yaxes(autorange="reversed", rangemode="normal")
    fig.update_layout(height=round(style.height * 0.7))
    return fig


def distribution_chart(
    scores: pd.DataFrame,
    *,
    measure: str,
    window: str,
    benchmark: Benchmark | None,
    theme: Theme = "screen",
    lang: str = "en",
    unit: str | None = None,
) -> go.Figure:
    """A histogram of the scores, for groups too large for one bar per student."""
    rows = one_measure(scores, measure, window)
    values = rows["value"].dropna()
    style = STYLES[theme]
    fig = go.Figure(
        go.Histogram(
            x=values.tolist(),
            marker={"color": NEUTRAL, "line": {"color": "white", "width": 1}},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    if benchmark is not None:
        top = (
            max(float(values.max()) if len(values) else 0, benchmark.above or 0, benchmark.goal)
            * 1.1
        )
        _draw_bands(fig, benchmark, top, theme, lang, across=True)
        fig.add_vline(x=benchmark.goal, line={"color": INK, "width": style.line})
    apply_layout(fig, theme, f"{measure} · {window}", None)
    fig.update_xaxes(title={"text": plotly_text(unit or wording.t("score", lang))})
    fig.update_yaxes(title={"text": plotly_text(wording.t("students", lang))})
    return fig
