"""Family folders: one PDF per student number, the merged PDF for printing, and folder labels."""

from __future__ import annotations

from typing import Any

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


def build(**only: Any) -> packets.FolderSet:
    """The folders with the options chosen above (all families, or `students=[n]` to reprint)."""
    return packets.build_folders(
        store,
        class_name,
        window,
        measures=chosen,
        lang=None if language == "class" else language,
        paper=paper,
        absent_only=absent_only,
        **only,
    )


if st.button("Make the folders", type="primary", disabled=not chosen, key=state.FOLDERS_MAKE):
    bar = st.progress(0.0, "Starting…")
    try:
        folders = build(progress=lambda share, message: bar.progress(min(share, 1.0), message))
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

st.subheader("Reprint one family's folder")
st.caption(
    "A folder lost or spoiled: the same folder again, with the skills, language and paper above."
)
numbers = sorted(int(n) for n in cache.class_scores(class_name, window)["student"].unique())
pick, make = st.columns([1, 2], vertical_alignment="bottom")
number = pick.selectbox("Student number", numbers, index=None, key=state.FOLDERS_ONE_NUMBER)
if make.button(
    "Make this family's folder",
    disabled=number is None or not chosen,
    key=state.FOLDERS_ONE_MAKE,
):
    try:
        with st.spinner(f"Printing the folder of number {number}…"):
            st.session_state[state.FOLDERS_ONE_RESULT] = build(students=[number])
    except FamdataError as error:
        st.error(plain(error))
one = st.session_state.get(state.FOLDERS_ONE_RESULT)
if one is not None and (one.class_name, one.window, one.numbers) == (class_name, window, (number,)):
    if one.message:
        st.warning(plain(one.message))
        st.download_button(
            f"Download the folder of number {number} (HTML)",
            one.html,
            f"{one.stem(one.family(number))}.html",
            "text/html",
            key=state.FOLDERS_ONE_PDF,
        )
    else:
        st.download_button(
            f"Download the folder of number {number} (PDF)",
            one.per_family[number],
            f"{one.stem(one.family(number))}.pdf",
            "application/pdf",
            key=state.FOLDERS_ONE_PDF,
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
        stem = labels.labels_stem(class_name)
        row = st.container(horizontal=True)
        if printing.find_browser() is not None:
            # Printed when the teacher clicks, not on every run of the page.
            row.download_button(
                "Download the labels to print (PDF)",
                lambda: labels.labels_pdf(table, class_name),
                f"{stem}.pdf",
                "application/pdf",
                key=state.FOLDERS_LABELS_PDF,
            )
        else:
            row.download_button(
                "Download the labels to print (HTML)",
                labels.labels_html(table, class_name),
                f"{stem}.html",
                "text/html",
                key=state.FOLDERS_LABELS_PDF,
            )
        row.download_button(
            "Download the labels (CSV)",
            exports.to_csv_bytes(table),
            f"{stem}.csv",
            "text/csv",
            key=state.FOLDERS_LABELS_CSV,
        )
