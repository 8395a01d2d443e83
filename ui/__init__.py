"""Streamlit glue shared by the pages: caching, session-state keys, the shared sidebar.

Only this package and `pages/` import streamlit; everything they show comes from `famdata`.
"""
