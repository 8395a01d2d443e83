"""The growth charts: each class's growth side by side for the coach, and each child's then and
now against their goal for the review — marks that differ by shape as well as colour."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from famdata.output.charts import (
    HIGHLIGHT,
    INK,
    NEUTRAL,
    STYLES,
    Theme,
    apply_layout,
    callout_detail,
    callout_style,
    number_axis,
)
from famdata.output.safe_text import plotly_text
from famdata.views import wording
from famdata.views.wording import fmt_score


def growth_chart(by_student: pd.DataFrame, *, measure: str, theme: Theme = "screen") -> go.Figure:
    """Each class's growth as a box of its students' growth, side by side, medians written."""
    rows = by_student[by_student["measure"] == measure]
    medians = rows.groupby("class", sort=True)["growth"].median()
    style = STYLES[theme]
    fig = go.Figure(
        [
            go.Box(
                x=rows["growth"].tolist(),
                y=[plotly_text(c) for c in rows["class"]],
                orientation="h",
                marker={"color": NEUTRAL},
                line={"color": INK},
                boxmean=True,
                showlegend=False,
            ),
            go.Scatter(
                x=medians.tolist(),
                y=[plotly_text(c) for c in medians.index],
                mode="text",
                text=[f"median {m:g}" for m in medians],
                textposition="top center",
                textfont={"size": style.text},
                showlegend=False,
                hoverinfo="skip",
            ),
        ]
    )
    apply_layout(
        fig, theme, f"Growth in {measure}", "Each box: the middle half of a class's students"
    )
    fig.add_vline(x=0, line={"color": INK, "width": 1, "dash": "dot"})
    fig.update_xaxes(
        title={"text": plotly_text("Growth between the two windows")}, rangemode="normal"
    )
    fig.update_layout(height=max(300, 60 * len(medians) + 120))
    return fig


def review_chart(
    growth_table: pd.DataFrame,
    *,
    measure: str,
    targets: dict[int, float] | None = None,
    averages: tuple[float | None, float | None] = (None, None),
    class_goal: tuple[float, str] | None = None,
    windows: tuple[str, str] | None = None,
    highlight: int | None = None,
    theme: Theme = "screen",
    lang: str = "en",
    unit: str | None = None,
) -> go.Figure:
    """Each child's growth, then -> now, over their student number, with their goal marked; the
    class average then and now and the class goal as labelled lines; one child called out.

    `growth_table` has student, before, after (as `growth.student_growth` makes it); `averages`
    is the class average (then, now); `class_goal` is (target, its words) for a goal on the
    score scale. Marks differ by shape as well as colour (then an open circle, now a filled one,
    a goal a dash, the child in focus a diamond), so the chart reads in greyscale too.
    """
    rows = growth_table.sort_values(["after", "student"])
    numbers = [str(n) for n in rows["student"]]
    style = STYLES[theme]
    fig = go.Figure()
    focus = str(highlight) if highlight is not None and str(highlight) in numbers else None
    if targets:  # under the children's marks, which stay visible on top
        marked = [(n, targets[int(n)]) for n in numbers if int(n) in targets]
        fig.add_trace(
            go.Scatter(
                x=[n for n, _ in marked],
                y=[t for _, t in marked],
                mode="markers",
                marker={
                    "symbol": "line-ew-open",
                    "size": style.text * 1.2,
                    "color": INK,
                    "line": {"width": max(3, style.line - 1), "color": INK},
                },
                hoverinfo="skip",
            )
        )
    children = list(zip(numbers, rows["before"], rows["after"], strict=True))
    # The child in focus is drawn last, over the others.
    for number, before, after in sorted(children, key=lambda child: child[0] == focus):
        # One trace per child: on a category axis a trace places "1" under number 1, where a
        # shape would read it as the second position.
        fig.add_trace(
            go.Scatter(
                x=[number, number],
                y=[before, after],
                mode="lines+markers",
                line={
                    "color": HIGHLIGHT if number == focus else NEUTRAL,
                    "width": style.line + (2 if number == focus else 0),
                },
                marker=_review_marks(number == focus, theme),
                hovertemplate=wording.t("student", lang, number=plotly_text(number))
                + ": %{y}<extra></extra>",
            )
        )
    values = [*rows["before"], *rows["after"], *(targets or {}).values()]
    then, now = averages
    lines = [
        (y, dash, glyph, label)
        for y, dash, glyph, label in (
            (then, "dot", "\u00b7\u00b7\u00b7\u00b7", "class_average_then"),
            (now, "dash", "\u2013 \u2013", "class_average_now"),
            (class_goal[0] if class_goal else None, "solid", "\u2014\u2014", "class_goal_line"),
        )
        if y is not None
    ]
    # room on top for the call-out, over the highest marks and lines
    top = max([*values, *(y for y, *_ in lines), 1.0]) * (1.4 if focus else 1.15)
    for y, dash, _, _ in lines:
        fig.add_hline(y=y, line={"color": INK, "width": style.line, "dash": dash}, layer="above")
    if lines:
        # The three lines are often a few points apart, too close for a label on each: their
        # labels stand together, each after its line's pattern, below the lowest line on the
        # right, where the children with the highest scores leave the plot empty.
        goal_words = class_goal[1] if class_goal else ""
        rows_text = [
            f"{glyph} {wording.t(key, lang, value=fmt_score(y, lang), goal=goal_words)}"
            for y, _, glyph, key in sorted(lines, reverse=True)
        ]
        fig.add_annotation(
            xref="paper",
            x=1.0,
            xanchor="right",
            y=min(y for y, *_ in lines),
            yanchor="top",
            yshift=-style.line,
            align="left",
            text="<br>".join(plotly_text(row) for row in rows_text),
            showarrow=False,
            font={"size": round(style.text * 0.85), "color": INK},
            bgcolor="rgba(255,255,255,0.85)",
        )
    legend = [f"\u25cb {wording.t('before', lang)}", f"\u25cf {wording.t('now', lang)}"]
    if windows is not None:
        legend = [f"{mark} ({window})" for mark, window in zip(legend, windows, strict=True)]
    if targets:
        legend.append(f"\u2014 {wording.t('each_goal', lang)}")
    apply_layout(fig, theme, measure, " \u00b7 ".join(legend))
    number_axis(fig, numbers, theme, lang)
    fig.update_yaxes(title={"text": plotly_text(unit or wording.t("score", lang))}, range=[0, top])
    if focus is not None:
        position = numbers.index(focus)
        before, after = rows["before"].iloc[position], rows["after"].iloc[position]
        fig.add_annotation(
            _growth_callout(
                position,
                len(numbers),
                float(max(before, after)),
                # an arrow down to a child under a line would cross it
                arrow=min(before, after) >= max((y for y, *_ in lines), default=0.0),
                top=top,
                theme=theme,
            )
            | {
                "text": f"<b>{plotly_text(wording.t('student', lang, number=focus))}</b> — "
                + plotly_text(f"{fmt_score(before, lang)} → {callout_detail(after, lang, unit)}")
            }
        )
    return fig


def _review_marks(focus: bool, theme: Theme) -> dict[str, Any]:
    """Then (open) and now (filled): circles, or for the child in focus bigger diamonds in the
    highlight colour with a black outline."""
    style, look = STYLES[theme], callout_style(theme)
    if focus:
        return {
            "symbol": ["diamond-open", "diamond"],
            "size": [style.text * 1.2, style.text * 0.8],
            "color": look["fill"],
            "line": {"width": 2, "color": look["outline"]},
        }
    return {
        "symbol": ["circle-open", "circle"],
        # the open "then" ring larger than the "now" dot: a child who stayed shows both
        "size": [style.text * 0.8, style.text * 0.5],
        "color": INK,
        "line": {"width": 2, "color": INK},
    }


def _growth_callout(
    position: int, count: int, higher: float, *, arrow: bool, top: float, theme: Theme
) -> dict[str, Any]:
    """Where the call-out of a child's growth goes: at the top of the plot over the child's
    marks, leaning inwards near either end so it stays inside the chart, its arrow down to the
    higher mark when no line lies between."""
    look = callout_style(theme)
    share = position / max(count - 1, 1)
    place = (
        {"y": higher, "ayref": "y", "ay": 0.97 * top, "ax": 0, "showarrow": True}
        if arrow
        else {"y": 0.97 * top, "showarrow": False}
    )
    return place | {
        "x": position,
        "yanchor": "top",
        "xanchor": "left" if share < 0.3 else "right" if share > 0.7 else "center",
        "arrowhead": 2,
        "arrowwidth": look["arrow_width"],
        "arrowcolor": look["ink"],
        "font": {"size": look["text"], "color": look["ink"]},
        "bgcolor": "white",
        "bordercolor": look["ink"],
        "borderwidth": 1,
    }
