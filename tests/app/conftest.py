"""Page tests run the real app (`app.py`) with AppTest against the test's own database."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
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


def rendered_text(app: AppTest) -> str:
    """Everything the run put on the page — every element's full message, charts included."""
    return "\n".join(str(node.proto) for node in app if getattr(node, "proto", None) is not None)


def table(app: AppTest, column: str) -> pd.DataFrame:
    """The one table on the page that has this column (a plain table carries no key)."""
    [found] = [frame.value for frame in app.dataframe if column in frame.value.columns]
    return found


def open_page(app: AppTest, page: str, **query: str) -> AppTest:
    """Open a page at an address with the given query, as a bookmark would."""
    for key, value in query.items():
        app.query_params[key] = value
    app.switch_page(f"pages/{page}.py")
    return app.run()


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Every file the download buttons offered, by the name the browser saves it under (AppTest
    shows a button's address, never its file name)."""
    offered: dict[str, bytes] = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def recording(
        storage: MemoryMediaFileStorage,
        path_or_data: str | bytes,
        mimetype: str,
        kind: object,
        filename: str | None = None,
    ) -> str:
        if filename is not None and isinstance(path_or_data, bytes):
            offered[filename] = path_or_data
        return load(storage, path_or_data, mimetype, kind, filename)  # type: ignore[arg-type]

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return offered
