"""The UI edge's caches: famdata calls wrapped once, per session where they hold class data.

`st.cache_resource` holds only the database engine (shared, holds no class data);
everything that holds scores or a roster is `st.cache_data(scope="session")`, so one
teacher's data never serves another browser session.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from famdata import growth, ingest, samples
from famdata.measures import Profile
from famdata.store import ClassInfo, MeasureInfo, Store, WindowInfo, default_url


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> Store:
    store = Store(url)
    samples.seed_if_new(store)
    return store


def store() -> Store:
    """The database named by FAMDATA_DB (or the default file), seeded with samples when new."""
    return _store_for(default_url())


def reading(
    data: bytes,
    filename: str,
    mapping: tuple[tuple[str, str], ...],
    select: tuple[tuple[str, str], ...],
) -> ingest.Reading:
    """The file as famdata reads it; a reading whose browser tab closes stops at its next step."""
    return _reading(data, filename, mapping, select, _session_gone())


@st.cache_data(scope="session", max_entries=4, show_spinner=False)
def _reading(
    data: bytes,
    filename: str,
    mapping: tuple[tuple[str, str], ...],
    select: tuple[tuple[str, str], ...],
    _stop: Callable[[], bool],
) -> ingest.Reading:
    return ingest.read(
        data, filename=filename, mapping=dict(mapping), select=dict(select), stop=_stop
    )


def _session_gone() -> Callable[[], bool]:
    """Whether this browser session has ended (its tab closed), asked from the reading's thread.
    Outside a running server (page tests) a session never ends."""
    context = get_script_run_ctx()
    if context is None or not Runtime.exists():
        return lambda: False
    runtime, session = Runtime.instance(), context.session_id
    return lambda: not runtime.is_active_session(session)


@st.cache_data(scope="session", max_entries=4, show_spinner=False)
def columns_of(data: bytes, filename: str) -> list[str]:
    return ingest.columns_of(data, filename=filename)


@st.cache_data(scope="session", max_entries=16, show_spinner=False)
def scores(url: str, class_name: str, window: str | None = None) -> pd.DataFrame:
    return _store_for(url).scores(class_name, window)


def class_scores(class_name: str, window: str | None = None) -> pd.DataFrame:
    """A class's tidy scores (cached for this session until the next save)."""
    return scores(default_url(), class_name, window)


def classes() -> list[ClassInfo]:
    return store().classes()


def windows(class_name: str) -> list[WindowInfo]:
    return store().windows(class_name)


def measures(class_name: str) -> list[MeasureInfo]:
    return store().measures(class_name)


def profiles(class_name: str) -> dict[str, Profile]:
    return store().profiles(class_name)


def as_pairs(mapping: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """A hashable, order-independent form of a mapping, for cache keys."""
    return tuple(sorted(mapping.items()))


def saved() -> None:
    """Forget cached class data after anything is written, so every page shows the new state."""
    scores.clear()
    _coach_table.clear()
    _growth_by_student.clear()
    _by_attendance.clear()


@st.cache_data(scope="session", max_entries=8, show_spinner="Comparing the classes…")
def _coach_table(url: str, filters: growth.Filters) -> pd.DataFrame:
    return growth.coach_table(_store_for(url), filters, _growth_by_student(url, filters))


@st.cache_data(scope="session", max_entries=8, show_spinner=False)
def _growth_by_student(url: str, filters: growth.Filters) -> pd.DataFrame:
    return growth.growth_by_student(_store_for(url), filters)


@st.cache_data(scope="session", max_entries=8, show_spinner=False)
def _by_attendance(url: str, filters: growth.Filters) -> pd.DataFrame:
    rows = growth.by_attendance(_store_for(url), filters, _growth_by_student(url, filters))
    return growth.attendance_table(rows)


def by_attendance(filters: growth.Filters) -> pd.DataFrame:
    """Growth of the families who came against those who did not, as the Coach page shows it."""
    return _by_attendance(default_url(), filters)


def coach_table(filters: growth.Filters) -> pd.DataFrame:
    return _coach_table(default_url(), filters)


def growth_by_student(filters: growth.Filters) -> pd.DataFrame:
    return _growth_by_student(default_url(), filters)
