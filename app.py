"""famdata's entry point: page config, the shared sidebar, and the router over pages/.

streamlit run app.py
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import sidebar

PAGES = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="famdata", page_icon="📊", layout="wide")

page = st.navigation(
    {
        "": [
            st.Page(
                PAGES / "home.py",
                title="Home",
                icon=":material/home:",
                url_path="home",
                default=True,
            ),
            st.Page(
                PAGES / "load.py", title="Load data", icon=":material/upload_file:", url_path="load"
            ),
        ],
    }
)
sidebar.render()
page.run()
