"""Control: the teacher's laptop at a night with a projector in another window.

Every control here moves the stage in the store; the Projector view (opened on the second
screen) follows within a second. The families' ideas and goals are typed here, and the teacher's
hints stay here: none of it is drawn on the projector until the teacher shows the ideas view.
"""

from __future__ import annotations

import streamlit as st

from famdata import goals
from famdata.errors import FamdataError
from famdata.views.wording import band_name, t
from ui import cache, router, stage_controls, stage_view, state
from ui.text import plain

router.ensure()

controls = stage_controls.for_chosen_class()
class_name, window, stage = controls.class_name, controls.window, controls.stage

st.title("Run the night")
st.page_link(
    "pages/projector.py",
    label="Open the projector view: drag that window to the projector's screen",
    icon=":material/tv:",
    query_params={state.Q_CLASS: class_name, state.Q_WINDOW: window},
)

st.subheader("Agenda")
clock_line, clock_back, clock_toggle, clock_next = st.columns(
    [5, 2, 2, 2], vertical_alignment="center"
)
with clock_line:
    stage_view.watch(class_name, window, stage)
stage_controls.clock_buttons(controls, [clock_back, clock_toggle, clock_next])

st.subheader("On the projector")
stage_controls.skill_choice(controls)
slide = stage_view.slide_for(class_name, window, stage)
st.markdown(f"**Now showing:** {plain(stage_view.headline(slide, class_name, stage))}")
nav_prev, nav_next, nav_lang, views = st.columns([2, 2, 2, 4], vertical_alignment="center")
stage_controls.skill_buttons(controls, [nav_prev, nav_next])
stage_controls.language_button(controls, nav_lang)
stage_controls.view_choice(controls, views)
highlight_box, clear_box, order_box = st.columns([3, 1, 4], vertical_alignment="bottom")
stage_controls.highlight_input(controls, [highlight_box, clear_box])
with order_box:
    stage_controls.order_choice(controls)
if slide.highlight_note:
    st.caption(f"The projector says: {plain(slide.highlight_note)}")
if slide.small_bands:
    names = ", ".join(band_name(b, "en") for b in slide.small_bands)
    st.warning(
        f"Only one or two students are {names} in this chart: families may guess who. "
        "Consider showing the bars in number order."
    )

st.subheader("Families' ideas")
with st.form(state.CONTROL_IDEA, clear_on_submit=True):
    step = st.radio(
        "For",
        list(goals.STEPS),
        format_func=lambda s: t(f"ideas_{s}", "en"),
        horizontal=True,
        key=state.CONTROL_IDEA_STEP,
    )
    text = st.text_input("The idea, in the family's words (no names)", key=state.CONTROL_IDEA_TEXT)
    if st.form_submit_button("Add the idea", key=state.CONTROL_IDEA_ADD) and text.strip():
        cache.store().add_idea(class_name, step, text, window)
        controls.change(lambda s: s)  # the projector's ideas view draws it
        st.rerun()

st.subheader(f"A family's goal in {plain(stage.measure)}")
with st.form("control_goal", clear_on_submit=True):
    number_box, target_box = st.columns(2)
    number = number_box.number_input(
        "Student number", min_value=1, step=1, value=None, key=state.CONTROL_GOAL_NUMBER
    )
    target = target_box.number_input(
        "Target", min_value=0.0, step=1.0, value=None, key=state.CONTROL_GOAL_TARGET
    )
    if st.form_submit_button("Save the goal") and number is not None and target is not None:
        try:
            goals.save(
                cache.store(),
                class_name,
                window,
                [goals.GoalEntry(stage.measure, float(target), student=int(number))],
            )
        except FamdataError as error:
            st.error(plain(error))
        else:
            st.success(f"Saved student {int(number)}'s goal. The Goals page lists every goal.")
