"""Home: the classes famdata holds and what to do next."""

from __future__ import annotations

import streamlit as st

from ui import cache, router

router.ensure()

st.title("famdata")
st.write(
    "Show families how the class is doing against the grade-level benchmark, let each family find "
    "its own child by a private number, and set goals together."
)

classes = cache.classes()
if not classes:
    st.info("No class yet. Start on **Load data** with your class spreadsheet.")
else:
    if all(c.is_sample for c in classes):
        st.info(
            "These are **sample classes** with invented students, so you can try everything. "
            "Load your own class spreadsheet when you are ready."
        )
    st.dataframe(cache.store().overview(), hide_index=True, width="stretch")

st.subheader("What to do next")
st.page_link("pages/load.py", label="Load a class spreadsheet", icon=":material/upload_file:")
st.page_link(
    "pages/explore.py", label="Look at the class at your desk", icon=":material/query_stats:"
)
st.page_link(
    "pages/settings.py",
    label="Check which benchmark each skill is compared with",
    icon=":material/settings:",
)
st.page_link(
    "pages/present.py", label="Put the class on the projector", icon=":material/co_present:"
)
st.page_link("pages/folders.py", label="Print the family folders", icon=":material/folder_shared:")
