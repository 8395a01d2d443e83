"""Load data: upload a spreadsheet, see how famdata read it, correct the column roles, save."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from famdata import benchmarks, ingest, measures
from famdata.errors import FamdataError
from famdata.grades import grade_label, parse_grade
from famdata.store import ClassSpec
from famdata.views import reading as reading_view
from ui import cache, router, sidebar, state
from ui.text import plain

router.ensure()

GUESS = "(famdata's guess)"
NEW_CLASS = "A new class"
ROLE_LABELS = {
    "student": "Student ID",
    "name": "Student name (one column)",
    "first_name": "First name",
    "last_name": "Last name",
    "measure": "Measure name (long layout)",
    "score": "Score (long layout)",
    "window": "Assessment window",
}
FILE_TYPES = ["xlsx", "xlsm", "xls", "ods", "csv", "tsv", "txt"]


st.title("Load data")
st.write(
    "Upload your class spreadsheet or an export from your assessment platform. famdata shows how "
    "it read the file before anything is saved. Student names stay on this computer's screen: "
    "famdata stores only private numbers."
)

upload = st.file_uploader("Class spreadsheet", type=FILE_TYPES, key=state.LOAD_UPLOAD)
if upload is None:
    st.stop()
data = upload.getvalue()

try:
    columns = cache.columns_of(data, upload.name)
except FamdataError as error:
    st.error(plain(error))
    st.stop()

saved_mappings = cache.store().mappings()
with st.expander("Column roles: correct famdata's guesses here"):
    st.caption("Leave a role on the guess unless famdata picked the wrong column.")
    use_saved = st.selectbox(
        "Use column roles saved earlier", ["(none)", *saved_mappings], key=state.LOAD_SAVED_MAPPING
    )
    picked = {
        role: st.selectbox(ROLE_LABELS[role], [GUESS, *columns], key=state.LOAD_ROLE_PREFIX + role)
        for role in ingest.ROLES
    }
    select_column = st.selectbox(
        "Keep only the rows where this column…",
        ["(all rows)", *columns],
        key=state.LOAD_SELECT_COLUMN,
    )
    select_value = st.text_input("…has this value", key=state.LOAD_SELECT_VALUE)
mapping = saved_mappings.get(use_saved, {}) | {
    role: column for role, column in picked.items() if column != GUESS
}
select = {select_column: select_value} if select_column != "(all rows)" and select_value else {}

with st.status(f"Reading {plain(upload.name)}…", expanded=False) as status:
    try:
        whole = cache.reading(data, upload.name, cache.as_pairs(mapping), cache.as_pairs(select))
    except FamdataError as error:
        status.update(label="famdata could not read this file", state="error")
        st.error(plain(error))
        st.stop()
    status.update(label=f"Read {plain(upload.name)}", state="complete")

reading = whole
if whole.groups:
    choices = {f"{g.column}: {g.value} ({g.students} students)": g for g in whole.groups}
    picked_group = st.selectbox(
        "This file holds several classes. Which one?",
        ["(the whole file)", *choices],
        key=state.LOAD_GROUP,
    )
    if picked_group in choices:
        group = choices[picked_group]
        chosen = cache.as_pairs(select | {group.column: group.value})
        reading = cache.reading(data, upload.name, cache.as_pairs(mapping), chosen)

st.subheader("How famdata read it")
ROWS_ARE = {"wide": "one row per student", "long": "one row per score"}
st.write(f"**{plain(reading.file)}**: {ROWS_ARE[reading.layout]}.")
if reading.layout_name:
    st.info(f"This looks like an export from {reading.layout_name}.")
st.dataframe(
    pd.DataFrame(
        [
            {"Role": ROLE_LABELS.get(role, role), "Column": column}
            for role, column in reading.roles.items()
        ]
    ),
    hide_index=True,
)
st.dataframe(
    pd.DataFrame(
        [
            {
                "Window": summary.label or "(not named in the file)",
                "Students": summary.students,
                "Measure": measure.name,
                "Column": measure.column,
                "Scores": measure.scores,
                "Missing": measure.missing,
            }
            for summary in reading.summaries
            for measure in summary.measures
        ]
    ),
    hide_index=True,
)
if reading.problems:
    st.warning(reading_view.problems_sentence(reading.problem_count))
    st.dataframe(reading_view.problem_table(reading.problems), hide_index=True)
    if reading.unlisted_problems:
        st.caption(f"The first {len(reading.problems):,} are listed.")
if reading.ignored_columns:
    with st.expander(f"Columns left out ({len(reading.ignored_columns)})"):
        st.dataframe(reading_view.left_out_table(reading.ignored_columns), hide_index=True)
if reading.excluded_rows:
    with st.expander(f"Rows left out ({reading.excluded_count:,})"):
        st.dataframe(reading_view.left_out_table(reading.excluded_rows), hide_index=True)
        if reading.unlisted_excluded:
            st.caption(f"The first {len(reading.excluded_rows):,} are listed.")

st.subheader("Save")
existing = [c.name for c in cache.classes() if not c.is_sample]
# "Save into" starts on the class this file belongs to, once per file (and class chosen in it):
# after that it is the teacher's choice.
drawn_for = (upload.file_id, st.session_state.get(state.LOAD_GROUP))
if st.session_state.get(state.LOAD_TARGET_FOR) != drawn_for:
    st.session_state[state.LOAD_TARGET_FOR] = drawn_for
    known = cache.store().class_for_file(reading.roster["identity"], reading.class_hints, existing)
    st.session_state[state.LOAD_TARGET] = known or NEW_CLASS
target = st.selectbox("Save into", [NEW_CLASS, *existing], key=state.LOAD_TARGET)
stored = cache.profiles(target) if target != NEW_CLASS else {}
shown = {m: stored.get(m, p) for m, p in reading.profiles.items()}
st.markdown("**What each measure is**")
st.caption(
    "famdata's guess from the file: the skill picks the benchmark, and for errors or seconds "
    "lower is better. Change a row if it is wrong; you can also change it later in Settings."
)
profile_edits = st.data_editor(
    measures.profile_table(shown),
    hide_index=True,
    key=state.LOAD_PROFILES,
    disabled=["Measure"],
    column_config={
        "Skill": st.column_config.SelectboxColumn(
            options=[measures.NO_SKILL, *measures.SKILLS], required=True
        ),
        "Unit": st.column_config.SelectboxColumn(
            options=list(dict.fromkeys([*measures.UNITS, *(p.unit or "" for p in shown.values())]))
        ),
        "Better is": st.column_config.SelectboxColumn(
            options=[measures.HIGHER, measures.LOWER], required=True
        ),
    },
)
as_percent = [
    m
    for m in reading.fraction_questions
    if st.checkbox(
        f"{plain(m)}: {ingest.FRACTIONS_QUESTION}",
        value=stored.get(m, measures.Profile()).from_fractions,
        key=state.LOAD_PERCENT_PREFIX + m,
    )
]
spec_grade: int | None = None
if target == NEW_CLASS:
    class_name = st.text_input(
        "Class name", key=state.LOAD_CLASS_NAME, placeholder="e.g. Grade 4, Room 12"
    )
    grade_text = st.selectbox(
        "Grade",
        [grade_label(g) for g in range(13)],
        index=reading.grade,
        key=state.LOAD_GRADE,
        placeholder="Choose the grade",
    )
    spec_grade = parse_grade(grade_text) if grade_text else None
else:
    class_name = target
labels = [label for label in reading.windows if label]
if None in reading.windows or not labels:
    window = st.text_input(
        "Assessment window (the file does not name it)",
        value=date.today().strftime("%Y-%m"),
        key=state.LOAD_WINDOW,
        help="For example 2026-09, Fall or October.",
    )
else:
    st.caption(f"Windows in this file: {plain(', '.join(labels))}. All of them are saved.")
    window = None

grade_now = (
    spec_grade
    if target == NEW_CLASS
    else next((c.grade for c in cache.classes() if c.name == target), None)
)
if grade_now is not None and "vendor_band" in reading.scores:
    differ = benchmarks.vendor_disagreements(
        reading.scores, grade_now, cache.store().benchmark_table(), shown
    )
    if not differ.empty:
        st.warning(
            f"For {len(differ)} scores the export's own band differs from famdata's band for this "
            "grade (the benchmark table may differ from the vendor's). Both are kept."
        )
        st.dataframe(differ, hide_index=True)
blocker = reading.cannot_save(class_name, grade_now)
beside = st.container(horizontal=True, vertical_alignment="center")
clicked = beside.button(
    "Save to famdata", type="primary", disabled=bool(blocker), key=state.LOAD_SAVE
)
if blocker:
    beside.caption(blocker, width="content")
if clicked:
    try:
        with st.spinner("Saving…"):
            result = cache.store().save_import(
                ClassSpec(class_name.strip(), grade=spec_grade),
                reading.reading_as_percents(as_percent),
                window,
            )
            for measure, profile in measures.from_table(shown, profile_edits).items():
                cache.store().save_profile(class_name.strip(), measure, profile)
    except FamdataError as error:
        # In plain view under the button, never folded away: the teacher must see why.
        st.error(f"Nothing was saved. {plain(error)}")
        st.stop()
    cache.saved()
    st.session_state[state.LOAD_RESULT] = result.describe()
    saved_windows = [w.label for w in cache.windows(result.class_name)]
    latest = next((w for w in reversed(saved_windows) if w in result.windows), None)
    sidebar.choose(result.class_name, latest)  # so Present opens the class just saved
if state.LOAD_RESULT in st.session_state:
    st.success(plain(st.session_state[state.LOAD_RESULT]))
    mapping_name = st.text_input(
        "Save these column roles for next month as", key=state.LOAD_MAPPING_NAME
    )
    if st.button("Save the column roles", disabled=not mapping_name, key=state.LOAD_SAVE_ROLES):
        cache.store().save_mapping(mapping_name, reading.roles)
        st.success(f"Saved as {plain(mapping_name)}: choose it under Column roles next time.")
