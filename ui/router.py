"""Every page runs through app.py's router, even on the first request after a restart.

Streamlit learns that app.py routes with `st.navigation` only once app.py has run. Until then, a
bookmarked address such as /present reaches pages/present.py directly, without the shared sidebar
or the class chosen in the URL. Each page calls `ensure()` first: outside the router, it runs
app.py, which routes to the same page, and stops the stray run.
"""

from __future__ import annotations

import runpy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent.parent / "app.py"
_state = threading.local()  # each session's script runs in its own thread


@contextmanager
def routing() -> Iterator[None]:
    """Mark the page run as one that came through the router."""
    _state.active = True
    try:
        yield
    finally:
        _state.active = False


def ensure() -> None:
    if getattr(_state, "active", False):
        return
    runpy.run_path(str(APP), run_name="__main__")
    st.stop()
