"""Night: plan the collaboration night, tap the numbers of the families who came, and next
month record whether each family practised."""

from __future__ import annotations

import streamlit as st

from famdata import nights, strategies
from famdata.errors import FamdataError
from ui import cache, router, sidebar, state
from ui.text import plain

router.ensure()

OWN = "(our own activity)"
ANSWERS: dict[nights.Practised, str] = {
    "yes": "Practised: yes",
    "some": "Practised: some",
    "not_yet": "Practised: not yet",
}

class_name, window = sidebar.require_class()
store = cache.store()
profiles = cache.profiles(class_name)
plan = nights.plan_for(store, class_name, window)
families = sorted(int(n) for n in cache.class_scores(class_name, window)["student"].unique())

# The fields are filled from the saved plan, again whenever another class or window is chosen.
if st.session_state.get(state.NIGHT_FOR) != (class_name, window):
    for key in [k for k in st.session_state if str(k).startswith("night_")]:
        del st.session_state[key]
    st.session_state[state.NIGHT_FOR] = (class_name, window)

st.title("The night")
st.caption(f"{plain(class_name)}: the night that shares the scores of {plain(window)}.")

st.header("Plan")
left, right = st.columns(2)
day = left.date_input("Date of the night", value=plan.date, key=state.NIGHT_DATE)
next_meeting = right.date_input("Next meeting", value=plan.next_meeting, key=state.NIGHT_NEXT)
skills = st.multiselect(
    "Skills to show, in order (one to three)",
    list(profiles),
    default=[s.measure for s in plan.skills],
    max_selections=nights.MAX_SKILLS,
    key=state.NIGHT_SKILLS,
)
kept = {s.measure: s for s in plan.skills}
chosen: dict[str, str] = {}
own: dict[str, str] = {}
for measure in skills:
    fitting = [s.key for s in strategies.for_skill(profiles[measure].skill)]
    saved = kept.get(measure)
    current = (
        OWN
        if saved and saved.own_strategy
        else saved.strategy
        if saved and saved.strategy in fitting
        else (fitting[0] if fitting else OWN)
    )
    options = [*fitting, OWN]
    pick = st.selectbox(
        f"At-home strategy for {plain(measure)}",
        options,
        index=options.index(current),
        format_func=lambda key: key if key == OWN else strategies.find(key).text("en").title,
        key=f"{state.NIGHT_STRATEGY_PREFIX}{measure}",
    )
    if pick == OWN:
        own[measure] = st.text_area(
            f"Our own activity for {plain(measure)}, as families will read it",
            value=(saved.own_strategy if saved else None) or "",
            key=f"{state.NIGHT_OWN_PREFIX}{measure}",
        )
    else:
        chosen[measure] = pick
        words = strategies.find(pick).text("en")
        with st.expander(f"What families will do: {words.title}"):
            st.markdown("\n".join(f"1. {plain(step)}" for step in words.steps))
st.caption("Agenda: change names and minutes, add or delete rows, renumber to reorder.")
agenda = st.data_editor(
    nights.agenda_table(nights.agenda_steps(plan)),
    num_rows="dynamic",
    hide_index=True,
    key=state.NIGHT_AGENDA,
)
if st.button("Save the plan", type="primary", key=state.NIGHT_SAVE):
    try:
        nights.save_plan(
            store,
            nights.planned(
                plan,
                profiles,
                day=day,
                skills=skills,
                chosen=chosen,
                own=own,
                next_meeting=next_meeting,
                agenda=nights.agenda_from_table(agenda),
            ),
        )
        st.success("The plan is saved: the folders and the projector follow it.")
    except FamdataError as error:
        st.error(plain(error))

st.header("Who came")
taken = nights.attendance(store, class_name, window)
present = st.pills(
    "Tap the number of each family who came",
    families,
    selection_mode="multi",
    default=list(taken.present) if taken else [],
    key=state.NIGHT_PRESENT,
)
if taken is not None:
    st.caption(
        f"Recorded: {len(taken.present)} came, {len(taken.absent)} did not. Print their folders "
        "on **Family folders** (families who missed it)."
    )
if st.button("Save who came", key=state.NIGHT_SAVE_ATTENDANCE):
    try:
        found = nights.record_attendance(store, class_name, window, present or [])
        st.success(f"Saved: {len(found.present)} families came, {len(found.absent)} did not.")
    except FamdataError as error:
        st.error(plain(error))

st.header("Follow-up: did families practise?")
labels = [w.label for w in cache.windows(class_name)]
earlier = labels[: labels.index(window)] if window in labels else []
night_of = st.selectbox(
    "The night whose strategy families practised (from the returned goal sheets)",
    labels,
    index=labels.index(earlier[-1] if earlier else window),
    key=state.NIGHT_PRACTICE_WINDOW,
)
recorded = store.practice(class_name, night_of)
asked = sorted(int(n) for n in cache.class_scores(class_name, night_of)["student"].unique())
tapped = {
    answer: st.pills(
        label,
        asked,
        selection_mode="multi",
        default=[n for n, said in recorded.items() if said == answer],
        key=f"{state.NIGHT_PRACTICE_PREFIX}{answer}",
    )
    or []
    for answer, label in ANSWERS.items()
}
if st.button("Save the follow-up", key=state.NIGHT_SAVE_PRACTICE):
    try:
        answers = nights.practice_answers(tapped)
        store.save_practice(class_name, night_of, {n: answers.get(n) for n in asked})
        st.success(f"Saved the answers of {len(answers)} families.")
    except FamdataError as error:
        st.error(plain(error))
