"""Review: next month, did each child reach the goal? Celebrate all growth, set the next goal."""

from __future__ import annotations

import streamlit as st

from famdata import goals, growth, nights
from famdata.errors import FamdataError
from ui import cache, router, sidebar
from ui.text import plain

router.ensure()

selection = sidebar.current()
if not selection.class_name:
    st.info("Load a class on **Load data** first.")
    st.stop()
class_name = selection.class_name
store = cache.store()
st.title("Review")
reviews = goals.review(store, class_name)
if not reviews:
    st.info("No goals yet: set them on the **Goals** page on the night.")
    st.stop()
st.caption("Practised: what each family said on the returned goal sheet (recorded on **Night**).")
st.dataframe(nights.follow_up_table(store, class_name, reviews), hide_index=True)
reviewed = [r for r in reviews if r.met is not None and r.goal.student is not None]
result = goals.attainment(reviews)
if result.reviewed:
    st.metric("Families whose child reached the goal", f"{result.met} of {result.reviewed}")
    st.metric("Children who grew", f"{result.grew} of {result.reviewed}")
for measure in sorted({r.goal.measure for r in reviewed}):
    first = next(r for r in reviewed if r.goal.measure == measure)
    table = growth.since_goals(
        store, class_name, measure, first.goal.set_window, first.review_window
    )
    moves = growth.movement_counts(table)
    if moves:
        st.caption(
            f"{plain(measure)}, benchmark bands: {moves['up']} moved up, {moves['same']} stayed, "
            f"{moves['down']} moved down."
        )
class_goals = [r for r in reviews if r.goal.student is None and r.met]
if class_goals:
    st.success("The class reached its goal. Celebrate!")
    st.balloons()
later = [w.label for w in cache.windows(class_name)]
if reviewed and st.button("Set the next goal from this review", type="primary"):
    try:
        goals.save(
            store,
            class_name,
            later[-1],
            goals.next_entries(
                reviews, store.get_class(class_name).grade, store.profiles(class_name)
            ),
        )
        st.success(f"Next goals set in {plain(later[-1])}: adjust them on the Goals page.")
    except FamdataError as error:
        st.error(plain(error))
