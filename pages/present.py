"""Present: the projector at the collaboration night, for a teacher with one screen.

The controls and the projected chart in one tab. What is shown lives in the store (the stage), so
a reload keeps the skill, the highlighted number and the agenda step, and a Projector tab opened
beside it follows every move. Bookmarkable: /present?class=…&window=…&measure=…&student=….
Reads only the store (scores under private numbers), so no name can reach this page.
"""

from __future__ import annotations

import streamlit as st

from famdata.views.wording import band_name
from ui import router, stage_controls, stage_view, state
from ui.text import plain

router.ensure()

st.set_page_config(initial_sidebar_state="collapsed")
stage_view.readable()
st.html(stage_view.PRESENT_CSS)

controls = stage_controls.for_chosen_class()
class_name, window, stage = controls.class_name, controls.window, controls.stage
lang = stage.lang

# the start button wide enough for "Empezar" whole at 1024 pixels
clock_line, clock_back, clock_toggle, clock_next, views = st.columns(
    [4, 1, 1.5, 1, 4], vertical_alignment="center"
)
with clock_line:
    stage_view.watch(class_name, window, stage)
stage_controls.clock_buttons(controls, [clock_back, clock_toggle, clock_next])
stage_controls.view_choice(controls, views)

slide = stage_view.slide_for(class_name, window, stage)
nav_prev, nav_title, nav_next, nav_lang = st.columns(
    list(stage_view.PRESENT_NAV), vertical_alignment="center"
)
stage_controls.skill_buttons(controls, [nav_prev, nav_next])
stage_controls.language_button(controls, nav_lang)
headline = stage_view.headline(slide, class_name, stage)
nav_title.markdown(f"### {plain(headline)}")

average, share, assessed, highlight_box, clear_box = st.columns(
    [3, 3, 3, 3, 1], vertical_alignment="bottom"
)
stage_view.figures(slide, lang, [average, share, assessed])
stage_controls.highlight_input(controls, [highlight_box, clear_box])
stage_view.main_view(class_name, slide, stage, page=stage_view.PRESENT_PAGE, headline=headline)
if stage.view == "review" and stage_view.class_goal_met(class_name, slide, stage):
    st.balloons()

for query, value in ((state.Q_MEASURE, stage.measure), (state.Q_STUDENT, stage.highlight)):
    if value is None:
        st.query_params.pop(query, None)
    elif st.query_params.get(query) != str(value):
        st.query_params[query] = str(value)

with st.sidebar:
    st.subheader("For the teacher")
    st.page_link(
        "pages/projector.py",
        label="Open the projector view (for a second screen)",
        query_params={state.Q_CLASS: class_name, state.Q_WINDOW: window},
    )
    if slide.small_bands:
        names = ", ".join(band_name(b, "en") for b in slide.small_bands)
        st.warning(
            f"Only one or two students are {names} in this chart: families may guess who. "
            "Consider showing the bars in number order."
        )
    stage_controls.order_choice(controls)
