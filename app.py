"""famdata's entry point: page config, the shared sidebar, and the router over pages/.

streamlit run app.py
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import router, sidebar

PAGES = Path(__file__).resolve().parent / "pages"

# (file, title, icon, url path): the router's whole map; pages/ is not discovered automatically.
ROUTES = [
    ("home.py", "Home", ":material/home:", "home"),
    ("load.py", "Load data", ":material/upload_file:", "load"),
    ("night.py", "Night", ":material/event:", "night"),
    ("present.py", "Present", ":material/co_present:", "present"),
    ("control.py", "Control (laptop)", ":material/settings_remote:", "control"),
    ("projector.py", "Projector view", ":material/tv:", "projector"),
    ("explore.py", "Explore", ":material/query_stats:", "explore"),
    ("goals.py", "Goals", ":material/flag:", "goals"),
    ("review.py", "Review", ":material/trending_up:", "review"),
    ("coach.py", "Coach", ":material/leaderboard:", "coach"),
    ("folders.py", "Family folders", ":material/folder_shared:", "folders"),
    ("settings.py", "Settings", ":material/settings:", "settings"),
]

st.set_page_config(page_title="famdata", page_icon="📊", layout="wide")

page = st.navigation(
    [
        st.Page(PAGES / file, title=title, icon=icon, url_path=path, default=path == "home")
        for file, title, icon, path in ROUTES
    ]
)
sidebar.render()
with router.routing():
    page.run()
