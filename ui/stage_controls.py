"""The teacher's controls over the stage: each writes the stage to the store, where the
projector's tab (and a reload of this one) finds it.

Widgets that hold a value (the highlighted number) are set from the stage whenever another tab
moved it, so two tabs never disagree for longer than the watch takes to notice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import streamlit as st

from famdata.views import projector
from famdata.views import stage as stages
from famdata.views.agenda import AgendaClock
from famdata.views.stage import Stage
from famdata.views.wording import t
from ui import cache, sidebar, state

SEEN = "stage_seen"  # (class, window, version) this session last drew or wrote
URL_READ = "stage_url_read"  # (class, window) whose bookmark this session has applied


def for_chosen_class() -> Controls:
    """The stage of the class and window chosen in the sidebar; a page with none says what to do
    first and stops."""
    class_name, window = sidebar.require_class()
    return current(class_name, window, sidebar.current().lang)


def current(class_name: str, window: str, lang: str) -> Controls:
    """The stage to draw: the stored one, with this browser session's bookmark (measure, student
    in the address) applied the first time it opens this class and window."""
    night = stages.night_of(cache.store(), class_name, window)
    measures = night.measures
    wanted = st.query_params.get(state.Q_MEASURE)
    number = st.query_params.get(state.Q_STUDENT, "")
    default = Stage(
        measure=wanted if wanted in measures else measures[0],
        highlight=int(number) if number.isdigit() else None,
        lang=lang,
        clock=AgendaClock(steps=night.steps),
    )
    stage = stages.load(cache.store(), class_name, window, night, default=default)
    if st.session_state.get(URL_READ) != (class_name, window):
        st.session_state[URL_READ] = (class_name, window)
        bookmarked = {}
        if wanted in measures:
            bookmarked["measure"] = wanted
        if number.isdigit():
            bookmarked["highlight"] = int(number)
        if bookmarked and stage.version:
            stage = stages.save(cache.store(), class_name, window, replace(stage, **bookmarked))
    if stage.view == "review" and not projector.has_earlier_window(
        cache.store(), class_name, window
    ):
        stage = replace(stage, view="skills")  # no growth to show in the class's first window
    if st.session_state.get(SEEN) != (class_name, window, stage.version):
        st.session_state[SEEN] = (class_name, window, stage.version)
        st.session_state[state.PRESENT_HIGHLIGHT] = stage.highlight
        st.session_state[state.PRESENT_VIEW] = stage.view
        st.session_state[state.PRESENT_ORDER] = stage.order
        st.session_state[state.CONTROL_SKILL] = stage.measure
    return Controls(class_name, window, night, stage)


@dataclass(frozen=True)
class Controls:
    """The stage one page run drew, and where it lives."""

    class_name: str
    window: str
    night: stages.Night
    stage: Stage

    def follow(self, key: str, field: str) -> None:
        """A widget callback: the stage takes the widget's new value (the view, the order...)."""
        value = st.session_state.get(key)
        if value is not None:
            self.change(lambda s: replace(s, **{field: value}))

    def change(self, move: Callable[[Stage], Stage]) -> None:
        """Apply one move to the latest stored stage and write it (a widget callback)."""
        store = cache.store()
        latest = stages.load(store, self.class_name, self.window, self.night, default=self.stage)
        saved = stages.save(store, self.class_name, self.window, move(latest))
        st.session_state[SEEN] = (self.class_name, self.window, saved.version)


def skill_buttons(c: Controls, columns: list) -> None:
    """◀ previous skill, next skill ▶ (into the two given columns)."""
    back, forward = columns
    for column, delta, key, words in (
        (back, -1, state.PRESENT_PREVIOUS, "◀ " + t("previous", c.stage.lang)),
        (forward, 1, state.PRESENT_NEXT, t("next", c.stage.lang) + " ▶"),
    ):
        column.button(
            words,
            on_click=c.change,
            args=(lambda s, d=delta: stages.step_measure(s, c.night.skills, d),),
            width="stretch",
            wrap=True,
            key=key,
        )


def skill_choice(c: Controls) -> None:
    """Every skill at once, for the control view."""
    st.radio(
        "Skill on the projector",
        c.night.measures,
        key=state.CONTROL_SKILL,
        horizontal=True,
        on_change=c.follow,
        args=(state.CONTROL_SKILL, "measure"),
    )


def language_button(c: Controls, column) -> None:
    column.button(
        "Español" if c.stage.lang == "en" else "English",
        on_click=c.change,
        args=(stages.switch_language,),
        width="stretch",
        wrap=True,
        key=state.PRESENT_LANGUAGE,
    )


def highlight_input(c: Controls, columns: list) -> None:
    """The number a family asked to see, and ✕ to show the whole class again."""
    box, clear = columns

    def _typed() -> None:
        number = st.session_state.get(state.PRESENT_HIGHLIGHT)
        c.change(lambda s: replace(s, highlight=number))

    def _cleared() -> None:
        st.session_state[state.PRESENT_HIGHLIGHT] = None
        c.change(lambda s: replace(s, highlight=None))

    box.number_input(
        t("highlight", c.stage.lang),
        min_value=1,
        step=1,
        key=state.PRESENT_HIGHLIGHT,
        placeholder="#",
        on_change=_typed,
    )
    clear.button(
        "✕",
        on_click=_cleared,
        help="Show the whole class",
        width="stretch",
        wrap=True,
        key=state.PRESENT_CLEAR,
    )


def view_choice(c: Controls, where) -> None:
    """Skills, the growth since the last window (only once there is one), or the ideas."""
    earlier = projector.has_earlier_window(cache.store(), c.class_name, c.window)
    where.segmented_control(
        t("view_skills", c.stage.lang),
        [v for v in stages.VIEWS if v != "review" or earlier],
        format_func=lambda v: t(f"view_short_{v}", c.stage.lang),
        label_visibility="collapsed",
        key=state.PRESENT_VIEW,
        on_change=c.follow,
        args=(state.PRESENT_VIEW, "view"),
    )


def order_choice(c: Controls) -> None:
    st.radio(
        "Order of the bars",
        list(stages.ORDERS),
        key=state.PRESENT_ORDER,
        horizontal=True,
        format_func={"score": "By score", "number": "By number"}.__getitem__,
        on_change=c.follow,
        args=(state.PRESENT_ORDER, "order"),
    )


def clock_buttons(c: Controls, columns: list) -> None:
    """◀ previous step, start/pause, next step ▶ of the agenda."""
    back, toggle, forward = columns
    lang, running = c.stage.lang, c.stage.clock.running
    for column, move, key, words in (
        (back, "back", state.PRESENT_CLOCK_BACK, "◀"),
        (
            toggle,
            "pause" if running else "start",
            "present_clock_toggle",
            t("pause" if running else "start", lang),
        ),
        (forward, "skip", "present_clock_skip", "▶"),
    ):
        column.button(
            words,
            help={"back": t("previous_step", lang), "skip": t("skip", lang)}.get(move),
            on_click=c.change,
            args=(lambda s, m=move: stages.clock_move(s, m, time.time()),),
            width="stretch",
            wrap=True,
            key=key,
        )
