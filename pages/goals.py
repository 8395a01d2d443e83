"""Goals: the class goal, each family's goal in a quick grid, and the families' ideas."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from famdata import goals
from famdata.errors import FamdataError
from ui import cache, router, sidebar, state
from ui.text import plain

router.ensure()

class_name, window = sidebar.require_class()
store = cache.store()
measures = [m.name for m in cache.measures(class_name)]
st.title("Goals")
st.caption(f"{plain(class_name)}: goals set tonight, from the scores of {plain(window)}.")
measure = st.selectbox("Skill", measures, key=state.GOALS_MEASURE)
weeks = st.number_input("Weeks until the next meeting", 1, 20, 4, key=state.GOALS_WEEKS)
per_week = st.number_input(
    "Typical growth per week for this skill (oral reading fluency uses Hasbrouck & Tindal)",
    min_value=0.0,
    value=1.0,
    step=0.5,
    key=state.GOALS_PER_WEEK,
)

st.subheader("Our class goal")
current = next(
    (g for g in store.goals(class_name, window) if g.student is None and g.measure == measure),
    None,
)
with st.form("goals_class"):
    metric = st.radio(
        "What the class aims at",
        list(goals.COMMUNAL_METRICS),
        horizontal=True,
        format_func={
            "mean": "Class average",
            "median": "Class median",
            "pct_at_or_above": "% at grade level",
        }.get,
        index=list(goals.COMMUNAL_METRICS).index(current.metric) if current else 0,
    )
    target = st.number_input(
        "Target",
        value=current.target if current else None,
        step=1.0,
        key=f"{state.GOALS_CLASS_PREFIX}target_{window}_{measure}",
    )
    text_en = st.text_input(
        "The goal in words (English)",
        current.text_en if current else "",
        key=f"{state.GOALS_CLASS_PREFIX}text_en_{window}_{measure}",
    )
    text_es = st.text_input("La meta en palabras (español)", current.text_es if current else "")
    strategy = st.text_input(
        "Strategies the class agreed to use at home", current.strategy if current else ""
    )
    review_window = st.text_input("Review at the window", current.review_window if current else "")
    review_date = st.date_input("Next meeting", current.review_date if current else None)
    if (
        st.form_submit_button("Save the class goal", key=state.GOALS_SAVE_CLASS)
        and target is not None
    ):
        entry = goals.GoalEntry(
            measure,
            float(target),
            metric=metric,
            text_en=text_en or None,
            text_es=text_es or None,
            strategy=strategy or None,
            review_window=review_window or None,
            seen_version=current.version if current else None,
        )
        try:
            goals.save(store, class_name, window, [entry])
            st.success("Saved the class goal.")
        except FamdataError as error:
            st.error(plain(error))

st.subheader("Each family's goal")
st.caption(
    "Type a target for each number; the suggestion adds typical growth for the weeks until the "
    "review."
)
grid = goals.goal_grid(store, class_name, window, measure, weeks=int(weeks), per_week=per_week)
edited = st.data_editor(
    grid,
    hide_index=True,
    key=state.GOALS_GRID,
    disabled=["Student", "Score now", "Suggested", "Version"],
    column_config={
        "Language": st.column_config.SelectboxColumn(options=["en", "es"]),
        "Target": st.column_config.NumberColumn(min_value=0.0, step=1.0),
        "Version": None,
    },
)
if st.button("Save the families' goals", type="primary"):
    entries = goals.grid_changes(grid, edited, measure)
    for entry in entries:
        row = grid[grid["Student"] == entry.student].iloc[0]
        gain = None if pd.isna(row["Suggested"]) else row["Suggested"] - row["Score now"]
        for warning in goals.check_target(entry.target, row["Score now"], typical_gain=gain):
            st.warning(f"Student {entry.student}: {plain(warning)}")
    try:
        goals.save(store, class_name, window, entries)
        st.success(f"Saved {len(entries)} goals.")
    except FamdataError as error:
        st.error(plain(error))

st.subheader("Families' ideas")
left, right = st.columns(2)
for column, step, label in (
    (left, "icebreaker", "What are you doing at home to help your child learn?"),
    (right, "brainstorm", "Questions and ideas for supporting each other"),
):
    with column.form(f"goals_idea_{step}", clear_on_submit=True):
        text = st.text_input(label, key=state.GOALS_IDEA_PREFIX + step)
        if st.form_submit_button("Add", key=state.GOALS_ADD_IDEA_PREFIX + step):
            store.add_idea(class_name, step, text, window)
    for idea in store.ideas(class_name, step):
        column.text(f"• {idea.text}")
