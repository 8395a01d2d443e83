"""Goals: the class goal, each family's goal in a quick grid, and the families' ideas."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from famdata import goals
from famdata.errors import FamdataError
from ui import cache, router, sidebar, state
from ui.goal_forms import GoalForm
from ui.text import plain

router.ensure()

class_name, window = sidebar.require_class()
store = cache.store()
measures = [m.name for m in cache.measures(class_name)]
st.title("Goals")
st.caption(f"{plain(class_name)}: goals set tonight, from the scores of {plain(window)}.")
measure = st.selectbox("Skill", measures, key=state.GOALS_MEASURE)
weeks = st.number_input("Weeks until the next meeting", 1, 20, 4, key=state.GOALS_WEEKS)
profile = cache.profiles(class_name)[measure]
grade = store.get_class(class_name).grade
# Each skill starts at its own typical growth: the rate stated here is the one every suggested
# target below adds (goals.suggest_target), never a second number.
per_week = st.number_input(
    "Growth per week",
    min_value=0.0,
    value=goals.typical_growth(profile, grade),
    step=0.1,
    key=state.GOALS_PER_WEEK_PREFIX + measure,
)
st.caption(goals.growth_note(profile, grade))

saved = store.goals(class_name, window)

st.subheader("Our class goal")
current = next((g for g in saved if g.student is None and g.measure == measure), None)
form = GoalForm(
    store,
    class_name,
    window,
    f"{state.GOALS_CLASS_PREFIX}{window}_{measure}_",
    current,
    {
        "metric": current.metric if current else goals.COMMUNAL_METRICS[0],
        "target": current.target if current else None,
        "text_en": (current.text_en if current else None) or "",
        "text_es": (current.text_es if current else None) or "",
        "strategy": (current.strategy if current else None) or "",
        "review_window": (current.review_window if current else None) or "",
        "review_date": current.review_date if current else None,
    },
)
form.start()
key = form.key
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
        key=key("metric"),
    )
    target = st.number_input("Target", step=1.0, key=key("target"))
    text_en = st.text_input("The goal in words (English)", key=key("text_en"))
    text_es = st.text_input("La meta en palabras (español)", key=key("text_es"))
    strategy = st.text_input("Strategies the class agreed to use at home", key=key("strategy"))
    review_window = st.text_input("Review at the window", key=key("review_window"))
    review_date = st.date_input("Next meeting", key=key("review_date"))
    if st.form_submit_button("Save the class goal", key=state.GOALS_SAVE_CLASS) and form.submit(
        target,
        measure=measure,
        metric=metric,
        text_en=text_en or None,
        text_es=text_es or None,
        strategy=strategy or None,
        review_window=review_window or None,
        review_date=review_date,
    ):
        st.success("Saved the class goal.")
form.show_conflict()

st.subheader("One family's goal")
grid = goals.goal_grid(store, class_name, window, measure, weeks=int(weeks), per_week=per_week)
number = st.selectbox(
    "Student number", grid["Student"].tolist(), index=None, key=state.GOALS_FAMILY_NUMBER
)
if number is not None:
    row = grid[grid["Student"] == number].iloc[0]
    mine = next((g for g in saved if g.student == number and g.measure == measure), None)
    form = GoalForm(
        store,
        class_name,
        window,
        f"{state.GOALS_FAMILY_PREFIX}{window}_{measure}_{number}_",
        mine,
        {
            "target": mine.target if mine else None,
            "strategy": (mine.strategy if mine else None) or "",
            "language": (mine.language if mine else None) or store.get_class(class_name).language,
            "notes": (mine.notes if mine else None) or "",
        },
    )
    form.start()
    key = form.key
    with st.form("goals_family"):
        now = "absent" if pd.isna(row["Score now"]) else f"{row['Score now']:g}"
        suggested = "" if pd.isna(row["Suggested"]) else f"; suggested {row['Suggested']:g}"
        st.caption(f"Score now: {now}{suggested}.")
        target = st.number_input("Target", min_value=0.0, step=1.0, key=key("target"))
        strategy = st.text_input("At-home strategy", key=key("strategy"))
        language = st.radio(
            "The family reads",
            list(sidebar.LANGUAGES),
            format_func=sidebar.LANGUAGES.get,
            key=key("language"),
        )
        notes = st.text_input("Notes (teacher only)", key=key("notes"))
        if st.form_submit_button(
            "Save this family's goal", key=state.GOALS_SAVE_FAMILY
        ) and form.submit(
            target,
            measure=measure,
            student=int(number),
            strategy=strategy or None,
            language=language,
            notes=notes or None,
        ):
            st.success(f"Saved the goal of student {number}.")
    form.show_conflict()

st.subheader("Each family's goal")
st.caption(
    "Type a target for each number. "
    + (
        f"The suggestion adds {per_week:g} a week for {int(weeks)} weeks."
        if per_week is not None
        else "Type the growth per week above to see suggestions."
    )
)
# The grid as this browser drew it: its versions are what a save is checked against.
drawn_key = f"{state.GOALS_GRID_SEEN}{window}_{measure}_{int(weeks)}_{per_week}"
drawn = st.session_state.setdefault(drawn_key, grid)
edited = st.data_editor(
    drawn,
    hide_index=True,
    key=state.GOALS_GRID,
    placeholder="",  # an empty cell is blank, never "None"
    disabled=["Student", "Score now", "Suggested", "Version"],
    column_config={
        "Language": st.column_config.SelectboxColumn(
            options=list(sidebar.LANGUAGES), format_func=sidebar.LANGUAGES.get
        ),
        "Target": st.column_config.NumberColumn(min_value=0.0, step=1.0),
        "At-home strategy": st.column_config.TextColumn(),
        "Notes": st.column_config.TextColumn(),
        "Version": None,
    },
)
if st.button("Save the families' goals", type="primary", key=state.GOALS_SAVE_GRID):
    entries = goals.grid_changes(drawn, edited, measure)
    for entry in entries:
        row = drawn[drawn["Student"] == entry.student].iloc[0]
        gain = None if pd.isna(row["Suggested"]) else abs(row["Suggested"] - row["Score now"])
        for warning in goals.check_target(
            entry.target,
            row["Score now"],
            higher_is_better=profile.higher_is_better,
            typical_gain=gain,
        ):
            st.warning(f"Student {entry.student}: {plain(warning)}")
    try:
        goals.save(store, class_name, window, entries)
        st.session_state.pop(drawn_key)
        st.success(f"Saved {len(entries)} goals.")
    except goals.GoalConflict as conflict:
        st.error(
            f"{plain(conflict)} Your typed targets are still in the grid: note them, then "
            "reload the grid to see the other browser's goals."
        )
        st.button("Reload the grid", on_click=st.session_state.pop, args=(drawn_key,))
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
