"""Review: next month, did each child grow and reach the goal? Celebrate all growth, set the
next goal. In plain words, a chart and a readable table per skill, counted as Present counts."""

from __future__ import annotations

import streamlit as st

from famdata import goals, growth
from famdata.errors import FamdataError
from famdata.nights import follow_up_table
from famdata.views import projector
from ui import cache, router, sidebar, state
from ui.text import plain

router.ensure()

class_name, window = sidebar.require_class()
store = cache.store()
st.title("Review")
if not projector.has_earlier_window(store, class_name, window):
    st.info(
        f"{plain(window)} is this class's first assessment window: growth shows here once the "
        "next window's scores are loaded on **Load data**. Set goals on the **Goals** page."
    )
    st.stop()
reviews = goals.review(store, class_name)
due: list[goals.GoalReview] = []
celebrate = []
for info in cache.measures(class_name):
    slide = projector.review_slide(
        store, class_name, info.name, window=window, theme="screen", reviews=reviews
    )
    since = slide.since
    if since is None:
        continue
    with st.container(key=state.REVIEW_SKILL_PREFIX + info.name):
        st.subheader(plain(info.name))
        st.markdown(f"**{plain(since.start)} to {plain(since.end)}:** {plain(slide.summary)}")
        moves = growth.movement_counts(since.table)
        if moves:
            st.caption(
                f"Benchmark bands: {moves['up']} moved up, {moves['same']} stayed, "
                f"{moves['down']} moved down."
            )
        if slide.figure is not None:
            st.plotly_chart(slide.figure, theme=None, key=state.REVIEW_CHART_PREFIX + info.name)
        if since.compared or since.goals:
            st.dataframe(follow_up_table(store, class_name, since), hide_index=True)
    due += [r for r in (*since.goals, since.class_goal) if r is not None]
    if since.class_goal_met:
        celebrate.append(info.name)
st.caption(
    "Growth counts in each skill's direction (fewer errors is growth). Practised: what each "
    "family said on the returned goal sheet (recorded on **Night**)."
)
if celebrate:
    st.success(f"The class reached its goal in {plain(', '.join(celebrate))}. Celebrate!")
    st.balloons()
if due and st.button(
    "Set the next goal from this review", type="primary", key=state.REVIEW_NEXT_GOALS
):
    try:
        goals.save(
            store,
            class_name,
            window,
            goals.next_entries(due, store.get_class(class_name).grade, cache.profiles(class_name)),
        )
        st.success(f"Next goals set in {plain(window)}: adjust them on the Goals page.")
    except FamdataError as error:
        st.error(plain(error))
