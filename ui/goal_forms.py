"""Goal forms that survive two browsers: each form remembers the version of the goal it was drawn
from, saves against that version, and on a conflict shows both values and lets the person choose.

The version lives in this browser's session, set when the form is first drawn, so a save made in
another browser meanwhile is caught (the library refuses it) instead of silently overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from famdata import goals
from famdata.errors import FamdataError
from famdata.store import Store
from ui.text import plain

SEEN = "seen"
CONFLICT = "conflict"


def field_key(prefix: str, field: str) -> str:
    return f"{prefix}{field}"


def start(prefix: str, goal: goals.Goal | None, fields: Mapping[str, Any]) -> None:
    """Fill the form's fields from the saved goal, once per drawing (not on every rerun), and
    remember the version they came from."""
    if field_key(prefix, SEEN) in st.session_state:
        return
    for field, value in fields.items():
        st.session_state[field_key(prefix, field)] = value
    st.session_state[field_key(prefix, SEEN)] = goal.version if goal else None


def forget(prefix: str, fields: Mapping[str, Any]) -> None:
    """Drop the form's state, so the next drawing starts again from the saved goal."""
    for field in [*fields, SEEN, CONFLICT]:
        st.session_state.pop(field_key(prefix, field), None)


def seen_version(prefix: str) -> int | None:
    return st.session_state.get(field_key(prefix, SEEN))


def save(
    store: Store, class_name: str, window: str, entry: goals.GoalEntry, prefix: str
) -> goals.Goal | None:
    """Save `entry` against the version this form was drawn from; on a conflict keep it aside
    for `show_conflict`."""
    try:
        [saved] = [
            g
            for g in goals.save(store, class_name, window, [entry])
            if (g.measure, g.student) == (entry.measure, entry.student)
        ]
    except goals.GoalConflict:
        st.session_state[field_key(prefix, CONFLICT)] = entry
        return None
    except FamdataError as error:
        st.error(plain(error))
        return None
    st.session_state[field_key(prefix, SEEN)] = saved.version
    st.session_state.pop(field_key(prefix, CONFLICT), None)
    return saved


def submit(
    store: Store,
    class_name: str,
    window: str,
    prefix: str,
    target: float | None,
    **fields: Any,
) -> goals.Goal | None:
    """Save what the form holds (a target and the goal's other `fields`) against the version it
    was drawn from; a form without a target says so."""
    if target is None:
        st.error("Type a target first.")
        return None
    entry = goals.GoalEntry(target=float(target), seen_version=seen_version(prefix), **fields)
    return save(store, class_name, window, entry, prefix)


def show_conflict(
    store: Store,
    class_name: str,
    window: str,
    prefix: str,
    current: goals.Goal | None,
    fields: Mapping[str, Any],
) -> None:
    """Both versions side by side, and the choice: save mine over theirs, or keep theirs."""
    mine: goals.GoalEntry | None = st.session_state.get(field_key(prefix, CONFLICT))
    if mine is None or current is None:
        return
    st.warning(
        "Someone saved this goal in another browser while you were typing. Nothing is lost: "
        "here are both. Choose which to keep."
    )
    rows = goals.differences(current, mine)
    st.table(
        pd.DataFrame(
            [(_shown(theirs), _shown(typed)) for _, theirs, typed in rows],
            index=[label for label, _, _ in rows],
            columns=["Saved in the other browser", "What you typed"],
        )
    )
    left, right = st.columns(2)
    left.button(
        "Save mine instead",
        key=field_key(prefix, "keep_mine"),
        type="primary",
        on_click=_save_mine,
        args=(store, class_name, window, replace(mine, seen_version=current.version), prefix),
    )
    right.button(
        "Keep theirs",
        key=field_key(prefix, "keep_theirs"),
        on_click=forget,
        args=(prefix, fields),
    )


def _save_mine(
    store: Store, class_name: str, window: str, entry: goals.GoalEntry, prefix: str
) -> None:
    if save(store, class_name, window, entry, prefix):
        st.toast("Saved your goal.")


def _shown(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
