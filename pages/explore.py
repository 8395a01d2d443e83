"""Explore: the teacher at a desk — every measure and window, bands, one student's profile."""

from __future__ import annotations

import streamlit as st

from famdata import benchmarks, ingest, stats
from famdata.errors import FamdataError
from famdata.output import exports
from famdata.output.charts import BAND_TINTS
from famdata.views.wording import BAND_NAMES
from ui import cache, router, sidebar, state
from ui.text import plain

router.ensure()

class_name, window = sidebar.require_class()
store = cache.store()
scores = cache.class_scores(class_name)
benchmark_for = benchmarks.for_class(store, class_name)

st.title(plain(class_name))
st.caption(f"Window {plain(window)}. Students are shown by their private numbers.")

summaries = stats.summarize(scores, benchmark_for)
summary = stats.summary_table(summaries)
st.subheader("Class figures")
st.dataframe(summary[summary["Window"] == window], hide_index=True)
small = [
    (s.measure, b)
    for s in summaries
    if s.window == window
    for b, n in (s.bands or {}).items()
    if 0 < n <= 2
]
for measure, band in small:
    st.warning(
        f"{plain(measure)}: only one or two students are {BAND_NAMES[band]['en']}. "
        "On the projector, families may guess who: consider number order for that chart "
        "(Present page, teacher sidebar)."
    )
stem = exports.file_stem(class_name, "summary")
left, right = st.columns(2)
left.download_button(
    "Download the summary (CSV)",
    exports.to_csv_bytes(summary),
    f"{stem}.csv",
    "text/csv",
    key=state.EXPLORE_CSV,
)
right.download_button(
    "Download the summary (Excel)",
    exports.to_xlsx_bytes(summary),
    f"{stem}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key=state.EXPLORE_XLSX,
)

st.subheader("Every student")
table = stats.class_table(scores, window, benchmark_for)
band_columns = [c for c in table.columns if c.endswith(": band")]
chosen = st.multiselect(
    "Show only students in these bands",
    [v["en"] for v in BAND_NAMES.values()],
    key=state.EXPLORE_BANDS,
)
if chosen and band_columns:
    table = table[table[band_columns].isin(chosen).any(axis=1)]

with st.expander("Show names (this browser only)"):
    st.caption(
        "Upload your roster or score file to see names beside the numbers here. famdata does not "
        "save it; names disappear when you close this tab, and never reach the Present page."
    )
    roster_file = st.file_uploader("Roster or score file", key=state.EXPLORE_ROSTER)
    show_names = st.toggle("Show names", key=state.EXPLORE_SHOW_NAMES, disabled=roster_file is None)
if roster_file is not None and show_names:
    try:
        roster = ingest.read_roster(roster_file.getvalue(), filename=roster_file.name)
    except FamdataError as error:
        st.error(plain(error))
    else:
        numbers = store.numbers_for(class_name, roster["identity"])
        names = {
            numbers[i]: n
            for i, n in zip(roster["identity"], roster["name"], strict=True)
            if numbers[i]
        }
        table.insert(1, "Name", table["Student"].map(names))

colours = {BAND_NAMES[key]["en"]: tint for key, tint in BAND_TINTS.items()}
st.dataframe(
    table.style.map(
        lambda v: f"background-color: {colours[v]}" if v in colours else "", subset=band_columns
    ),
    hide_index=True,
)

st.subheader("One student")
numbers = sorted(scores["student"].unique())
student = st.selectbox("Student number", numbers, key=state.EXPLORE_STUDENT)
if student is not None:
    st.dataframe(stats.student_profile(scores, int(student), benchmark_for), hide_index=True)
