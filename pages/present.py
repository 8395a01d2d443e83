"""Present: the projector at the collaboration night.

Bookmarkable: /present?class=…&window=…&measure=…&student=…&lang=en|es. Reads only the store
(scores under private numbers), so no name can reach this page.
"""

from __future__ import annotations

import time

import streamlit as st

from famdata import benchmarks, goals
from famdata.views import projector
from famdata.views.agenda import AgendaClock, clock_text
from famdata.views.wording import band_name, t
from ui import cache, router, sidebar, state
from ui.text import plain

router.ensure()

st.set_page_config(initial_sidebar_state="collapsed")

selection = sidebar.current()
if not selection.class_name or not selection.window:
    st.info("Load a class on **Load data** first; then its scores show here.")
    st.stop()
lang = selection.lang
class_name, window = selection.class_name, selection.window
info = cache.store().get_class(class_name)
measures = [m.name for m in cache.measures(class_name)]

if (
    state.PRESENT_MEASURE not in st.session_state
    or st.session_state[state.PRESENT_MEASURE] not in measures
):
    wanted = st.query_params.get(state.Q_MEASURE)
    st.session_state[state.PRESENT_MEASURE] = wanted if wanted in measures else measures[0]
if state.PRESENT_HIGHLIGHT not in st.session_state:
    wanted = st.query_params.get(state.Q_STUDENT, "")
    st.session_state[state.PRESENT_HIGHLIGHT] = int(wanted) if wanted.isdigit() else None


def _step_measure(delta: int) -> None:
    current = st.session_state[state.PRESENT_MEASURE]
    st.session_state[state.PRESENT_MEASURE] = projector.step(measures, current, delta)


def _switch_language() -> None:
    st.session_state[state.LANG] = "es" if lang == "en" else "en"


def _clear_highlight() -> None:
    st.session_state[state.PRESENT_HIGHLIGHT] = None


def _clock_action(action: str) -> None:
    clock = st.session_state.get(state.PRESENT_CLOCK, AgendaClock())
    st.session_state[state.PRESENT_CLOCK] = getattr(clock, action)(time.monotonic())


clock: AgendaClock = st.session_state.get(state.PRESENT_CLOCK, AgendaClock())


@st.fragment(run_every=1.0 if clock.running else None)
def agenda() -> None:
    """The agenda row: tonight's step and its clock, never over the chart."""
    now_clock: AgendaClock = st.session_state.get(state.PRESENT_CLOCK, AgendaClock())
    step = now_clock.current
    left, timer, start, skip = st.columns([6, 2, 1, 1], vertical_alignment="center")
    if step is None:
        left.markdown(f"**{t('agenda', lang)}** ✓")
        return
    number = now_clock.step + 1
    left.markdown(
        f"**{t('agenda', lang)} {number}/8** · {step.name[lang]} · "
        f"{t('minutes', lang, count=step.minutes)}"
    )
    timer.markdown(f"### {clock_text(now_clock.remaining(time.monotonic()))}")
    start.button(
        t("pause", lang) if now_clock.running else t("start", lang),
        on_click=_clock_action,
        args=("pause" if now_clock.running else "start",),
        key="present_clock_toggle",
        width="stretch",
    )
    skip.button(
        t("skip", lang),
        on_click=_clock_action,
        args=("skip",),
        key="present_clock_skip",
        width="stretch",
    )


agenda()

measure = st.session_state[state.PRESENT_MEASURE]
nav_prev, nav_title, nav_next, nav_lang = st.columns([1, 6, 1, 1], vertical_alignment="center")
nav_prev.button(
    "◀ " + t("previous", lang),
    on_click=_step_measure,
    args=(-1,),
    width="stretch",
    key=state.PRESENT_PREVIOUS,
)
nav_next.button(
    t("next", lang) + " ▶",
    on_click=_step_measure,
    args=(1,),
    width="stretch",
    key=state.PRESENT_NEXT,
)
nav_lang.button(
    "Español" if lang == "en" else "English",
    on_click=_switch_language,
    width="stretch",
    key=state.PRESENT_LANGUAGE,
)

stage, side = st.columns([5, 1])  # the chart, and beside it the figures and the controls
average, share, assessed = (side.container() for _ in range(3))
highlight_box, clear_box = side.columns([3, 1], vertical_alignment="bottom")
highlight = highlight_box.number_input(
    t("highlight", lang), min_value=1, step=1, key=state.PRESENT_HIGHLIGHT, placeholder="#"
)
clear_box.button(
    "✕",
    on_click=_clear_highlight,
    help="Show the whole class",
    width="stretch",
    key=state.PRESENT_CLEAR,
)

view = (
    side.segmented_control(
        t("view_skills", lang),
        ["skills", "review", "ideas"],
        key=state.PRESENT_VIEW,
        format_func=lambda v: t(f"view_{v}", lang),
        default="skills",
        label_visibility="collapsed",
    )
    or "skills"
)
slide = projector.slide(
    cache.class_scores(class_name),
    grade=info.grade,
    benchmark_for=benchmarks.for_class(cache.store(), class_name),
    measure=measure,
    profile=cache.profiles(class_name)[measure],
    window=window,
    lang=lang,
    highlight=highlight,
    order=st.session_state.get(state.PRESENT_ORDER, "score"),
)
average.metric(t("class_average", lang), slide.average)
share.metric(t("at_or_above", lang), slide.share)
assessed.metric(t("assessed", lang), slide.assessed)
if view == "skills":
    nav_title.markdown(f"### {plain(slide.headline)}")
    stage.plotly_chart(
        slide.figure,
        width="stretch",
        theme=None,
        config={"displayModeBar": False},
        key="present_chart",
    )
elif view == "review":
    reviewed = projector.review_slide(
        cache.store(), class_name, measure, lang=lang, highlight=highlight
    )
    nav_title.markdown(f"### {plain(reviewed.summary)}")
    if reviewed.figure is not None:
        stage.plotly_chart(
            reviewed.figure,
            width="stretch",
            theme=None,
            config={"displayModeBar": False},
            key=state.PRESENT_REVIEW_CHART,
        )
    if reviewed.class_goal_met:
        st.balloons()
else:
    nav_title.markdown(f"### {t('view_ideas', lang)}")
    for column, step in zip(stage.columns(2), goals.STEPS, strict=True):
        column.subheader(t(f"ideas_{step}", lang))
        for idea in cache.store().ideas(class_name, step):
            column.markdown(f"### {plain(idea.text)}")

for query, value in ((state.Q_MEASURE, measure), (state.Q_STUDENT, highlight)):
    if value is None:
        st.query_params.pop(query, None)
    elif st.query_params.get(query) != str(value):
        st.query_params[query] = str(value)

with st.sidebar:
    st.subheader("For the teacher")
    if slide.small_bands:
        names = ", ".join(band_name(b, "en") for b in slide.small_bands)
        st.warning(
            f"Only one or two students are {names} in this chart: families may guess who. "
            "Consider showing the bars in number order."
        )
    st.radio(
        "Order of the bars",
        ["score", "number"],
        key=state.PRESENT_ORDER,
        horizontal=True,
        format_func={"score": "By score", "number": "By number"}.__getitem__,
    )
    if slide.highlight_missing:
        st.caption(f"Student {highlight} has no {plain(measure)} score in {plain(window)}.")
