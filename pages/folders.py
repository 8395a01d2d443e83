"""Family folders: one PDF per student number, the merged PDF for printing, and folder labels."""

from __future__ import annotations

import streamlit as st

from famdata import nights
from famdata.errors import FamdataError
from famdata.output import exports, labels, packets, printing
from ui import cache, router, sidebar, state
from ui.text import plain

router.ensure()

class_name, window = sidebar.require_class()
store = cache.store()
info = store.get_class(class_name)

printing.warm()  # the browser starts while the teacher picks skills and paper
st.title("Family folders")
st.caption(
    f"{plain(class_name)}, {plain(window)}. Each family gets the class charts with only their own "
    "child's number highlighted, their child's score in words, a goal sheet and the practice "
    "card of tonight's at-home strategy (planned on **Night**). No names."
)
measures = [m.name for m in cache.measures(class_name)]
planned = [s.measure for s in nights.plan_for(store, class_name, window).skills]
chosen = st.multiselect(
    "Skills in the folders", measures, default=planned, key=state.FOLDERS_MEASURES
)
absent_only = st.checkbox(
    "Only the families who missed the night (each folder with a “We missed you” note)",
    key=state.FOLDERS_ABSENT,
)
languages = {
    "class": f"The class's language ({'Español' if info.language == 'es' else 'English'})",
    "en": "English",
    "es": "Español",
}
language = st.radio(
    "Language", list(languages), format_func=languages.get, horizontal=True, key=state.FOLDERS_LANG
)
paper = st.radio(
    "Paper",
    ["letter", "a4"],
    format_func={"letter": "US Letter", "a4": "A4"}.get,
    horizontal=True,
    key=state.FOLDERS_PAPER,
)

if st.button("Make the folders", type="primary", disabled=not chosen, key=state.FOLDERS_MAKE):
    bar = st.progress(0.0, "Starting…")
    try:
        folders = packets.build_folders(
            store,
            class_name,
            window,
            measures=chosen,
            lang=None if language == "class" else language,
            paper=paper,
            absent_only=absent_only,
            progress=lambda share, message: bar.progress(min(share, 1.0), message),
        )
    except FamdataError as error:
        st.error(plain(error))
    else:
        st.session_state[state.FOLDERS_RESULT] = folders
folders = st.session_state.get(state.FOLDERS_RESULT)
if folders is not None and (folders.class_name, folders.window) == (class_name, window):
    if folders.message:
        st.warning(plain(folders.message))
        st.download_button(
            "Download the printable folders (HTML)",
            folders.html,
            f"{folders.stem()}.html",
            "text/html",
        )
    else:
        st.success(f"{len(folders.per_family)} folders are ready.")
        left, right = st.columns(2)
        left.download_button(
            "Download all folders to print (PDF)",
            folders.merged_pdf,
            f"{folders.stem()}.pdf",
            "application/pdf",
            key=state.FOLDERS_PDF,
        )
        right.download_button(
            "Download one PDF per family (ZIP)",
            folders.zip_bytes(),
            f"{folders.stem()}.zip",
            "application/zip",
            key=state.FOLDERS_ZIP,
        )

st.subheader("Folder labels (for you only)")
st.caption(
    "To write each child's number on their folder, upload your roster or score file: famdata "
    "matches names to numbers here, in this browser, and saves nothing. The labels hold names: "
    "print them for yourself, never for the projector."
)
roster = st.file_uploader("Roster or score file", key=state.FOLDERS_ROSTER)
if roster is not None:
    try:
        table = labels.labels_table(store, class_name, roster.getvalue(), filename=roster.name)
    except FamdataError as error:
        st.error(plain(error))
    else:
        st.dataframe(table, hide_index=True)
        st.download_button(
            "Download the labels (CSV)",
            exports.to_csv_bytes(table),
            "folder-labels.csv",
            "text/csv",
        )
