"""Page tests run the real app (`app.py`) with AppTest against the test's own database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture
def app() -> Iterator[AppTest]:
    """The app, fresh caches, not yet run (the empty test database is seeded on first run)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    st.cache_data.clear()
    st.cache_resource.clear()
