"""Projector: only what the families see, following the teacher's controls in another tab.

Open it on the projector's screen (/projector?class=…&window=…); the teacher runs the night from
Control (or Present) on the laptop. Nothing typed, no goal grid, no note, no names key and no
teacher hint is drawn here: the page reads the stage and the class's scores, nothing else.
"""

from __future__ import annotations

import streamlit as st

from famdata.views import stage as stages
from famdata.views.agenda import AgendaClock
from ui import cache, router, sidebar, stage_view
from ui.text import plain

router.ensure()

st.html(stage_view.PROJECTOR_ONLY_CSS)
stage_view.readable()

selection = sidebar.current()
if not selection.class_name or not selection.window:
    st.info("Choose the class on the teacher's screen first.")
    st.stop()
class_name, window = selection.class_name, selection.window
night = stages.night_of(cache.store(), class_name, window)
stage = stages.load(
    cache.store(),
    class_name,
    window,
    night,
    default=stages.Stage(
        measure=night.skills[0], lang=selection.lang, clock=AgendaClock(steps=night.steps)
    ),
)
stage_view.watch(class_name, window, stage)
slide = stage_view.slide_for(class_name, window, stage)
headline = stage_view.headline(slide, class_name, stage)
st.markdown(f"### {plain(headline)}")
stage_view.figures(slide, stage.lang, list(st.columns(3)))
stage_view.main_view(class_name, slide, stage, page=stage_view.PROJECTOR_PAGE, headline=headline)
