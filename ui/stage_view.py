"""What the projector shows, drawn from the stage alone: the agenda line, the headline, the three
figures and the chart (or the review, or the families' ideas).

The Projector page shows only this; the Present page shows it under the teacher's controls. Both
watch the stage in the store once a second, so a move made in another tab shows within a second
and the agenda clock ticks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from famdata import benchmarks, goals
from famdata.output import charts
from famdata.views import agenda, projector
from famdata.views.stage import Stage
from famdata.views.wording import t
from ui import cache
from ui.text import plain

# Readable from the back row: no text under 20 px on the projector, the chart given the height
# the window has left, every button's words whole (wrapped, never cut with an ellipsis).
READABLE_CSS = """
<style>
[data-testid="stMetricLabel"] p { font-size: 20px; }
[data-testid="stMetricLabel"] * { white-space: normal !important; overflow: visible !important; }
[data-testid="stMetricValue"] { font-size: 40px; }
.st-key-stage_agenda p { font-size: 20px !important; }
</style>
"""
PAGE_PADDING = 16  # left and right of the projector's page, in pixels
# The projector's own tab: nothing but the stage (no sidebar, no toolbar, no page menu). The
# headline's type is the one `projector.headline_height` wraps the headline in.
PROJECTOR_ONLY_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] {{ display: none; }}
.block-container {{
  padding: 0.5rem {PAGE_PADDING}px 0 {PAGE_PADDING}px; max-width: 100%;
}}
h3 {{ font-size: {projector.HEADLINE_PX}px; line-height: {projector.HEADLINE_LINE}; }}
</style>
"""
# Present: the teacher's controls sit above the chart, in a page with less room above it.
PRESENT_CSS = """
<style>
.block-container { padding-top: 3.5rem; padding-bottom: 0; }
h3 { font-size: 26px; line-height: 1.2; }
</style>
"""
WATCH_SECONDS = 1.0
# The browser window's height, reported by the page itself (a script of ours, no outside code):
# the chart takes what the window has left below the controls, on every projector.
_VIEWPORT_JS = """
export default function(component) {
  const { setStateValue } = component;
  const report = () => {
    setStateValue("height", window.innerHeight);
    setStateValue("width", window.innerWidth);
  };
  report();
  window.addEventListener("resize", report);
  return () => window.removeEventListener("resize", report);
}
"""
_viewport = st.components.v2.component("famdata_viewport", js=_VIEWPORT_JS)
DEFAULT_WINDOW = (1024, 768)
MIN_CHART_HEIGHT = 300


def _window() -> tuple[int, int]:
    """The browser window's width and height, as the page reports them."""
    reported = _viewport(
        key="stage_viewport", on_height_change=lambda: None, on_width_change=lambda: None
    )
    sizes = [reported.width, reported.height]
    if all(isinstance(size, int | float) and size > 0 for size in sizes):
        return int(sizes[0]), int(sizes[1])
    return DEFAULT_WINDOW


@dataclass(frozen=True)
class StagePage:
    """Where a stage page draws its chart: the pixels of controls and figures above it (the
    headline apart, as it wraps with the window), the page's margins left and right, and the
    headline's share of the row it sits in, between the gaps of that row's columns."""

    above: int
    margin: int
    headline_share: float = 1.0
    gaps: int = 0

    def width(self, window: int) -> int:
        """The page's width inside its margins, which the chart takes whole."""
        return window - 2 * self.margin

    def headline_width(self, window: int) -> int:
        return int((self.width(window) - self.gaps) * self.headline_share)


PROJECTOR_PAGE = StagePage(above=222, margin=PAGE_PADDING)
# Present: the headline between the skill buttons and the language button, in Streamlit's wide
# layout (80-pixel margins, 16 pixels between columns).
PRESENT_NAV = (2, 7, 2, 2)
PRESENT_PAGE = StagePage(
    above=333,
    margin=80,
    headline_share=PRESENT_NAV[1] / sum(PRESENT_NAV),
    gaps=16 * (len(PRESENT_NAV) - 1),
)


def chart_size(page: StagePage, headline: str = "") -> tuple[int, int]:
    """The chart's width and height: the page's width, and the window's height less what the
    page draws above it (its controls, and the `headline` as it wraps at this window's width)."""
    width, height = _window()
    room = projector.headline_height(headline, page.headline_width(width)) if headline else 0
    return page.width(width), max(MIN_CHART_HEIGHT, height - page.above - room)


def readable() -> None:
    st.html(READABLE_CSS)


def agenda_line(stage: Stage, now: float) -> str:
    """ "Tonight 2/8 · Icebreaker · 7 min · 6:12", in the stage's language."""
    lang = stage.lang
    step = stage.clock.current
    if step is None:
        return f"**{t('agenda', lang)}** ✓"
    return (
        f"**{t('agenda', lang)} {stage.clock.step + 1}/{len(stage.clock.steps)}** · "
        f"{step.name[lang]} · {t('minutes', lang, count=step.minutes)} · "
        f"**{agenda.clock_text(stage.clock.remaining(now))}**"
    )


def watch(class_name: str, window: str, stage: Stage) -> None:
    """Once a second: the agenda line redrawn (the clock ticks) and, when another tab moved the
    stage, the whole page drawn again from it."""

    @st.fragment(run_every=WATCH_SECONDS)
    def _watch() -> None:
        fields = cache.store().stage(class_name, window)
        if fields is not None and fields["version"] != stage.version:
            st.rerun()
        with st.container(key="stage_agenda"):
            st.markdown(agenda_line(stage, time.time()))

    _watch()


def figures(slide: projector.Slide, lang: str, columns: list) -> None:
    average, share, assessed = columns
    average.metric(t("class_average", lang), slide.average)
    share.metric(t("at_or_above", lang), slide.share)
    assessed.metric(t("assessed", lang), slide.assessed)


def slide_for(class_name: str, window: str, stage: Stage) -> projector.Slide:
    info = cache.store().get_class(class_name)
    return projector.slide(
        cache.class_scores(class_name),
        grade=info.grade,
        benchmark_for=benchmarks.for_class(cache.store(), class_name),
        measure=stage.measure,
        profile=cache.profiles(class_name)[stage.measure],
        window=window,
        lang=stage.lang,
        highlight=stage.highlight,
        order="number" if stage.order == "number" else "score",
    )


def headline(slide: projector.Slide, class_name: str, stage: Stage) -> str:
    """The words over the chart for the stage's view."""
    if stage.view == "review":
        return projector.review_slide(
            cache.store(), class_name, stage.measure, lang=stage.lang, window=slide.window
        ).summary
    if stage.view == "ideas":
        return t("view_ideas", stage.lang)
    return slide.headline


def class_goal_met(class_name: str, slide: projector.Slide, stage: Stage) -> bool:
    """Whether the class reached its goal in this skill (the review's celebration)."""
    reviewed = projector.review_slide(
        cache.store(), class_name, stage.measure, lang=stage.lang, window=slide.window
    )
    return bool(reviewed.class_goal_met)


def _chart(figure: go.Figure, size: tuple[int, int], key: str) -> None:
    charts.fit(figure, *size)
    st.plotly_chart(figure, width="stretch", theme=None, config={"displayModeBar": False}, key=key)


def main_view(
    class_name: str,
    slide: projector.Slide,
    stage: Stage,
    *,
    page: StagePage,
    headline: str = "",
) -> None:
    """The chart of the stage's view, as tall as the window allows below the `page`'s controls
    and the `headline`, with the highlighted number's note in the family's words."""
    width, height = chart_size(page, headline)
    if slide.highlight_note and stage.view == "skills":
        st.markdown(f"### {plain(slide.highlight_note)}")
        height -= 50
    with st.container(key="stage_chart"):
        if stage.view == "skills":
            _chart(slide.figure, (width, height), "present_chart")
        elif stage.view == "review":
            reviewed = projector.review_slide(
                cache.store(),
                class_name,
                stage.measure,
                lang=stage.lang,
                highlight=stage.highlight,
                window=slide.window,
            )
            if reviewed.figure is not None:
                _chart(reviewed.figure, (width, height), "present_review_chart")
        else:
            for column, step in zip(st.columns(2), goals.STEPS, strict=True):
                column.subheader(t(f"ideas_{step}", stage.lang))
                for idea in cache.store().ideas(class_name, step):
                    column.markdown(f"### {plain(idea.text)}")
