"""Goal forms that survive two browsers: each form remembers the version of the goal it was drawn
from, saves against that version, and on a conflict shows both values and lets the person choose.

The version lives in this browser's session, set when the form is first drawn, so a save made in
another browser meanwhile is caught (the library refuses it) instead of silently overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import streamlit as st

from famdata import goals
from famdata.errors import FamdataError
from famdata.store import Store
from ui.text import plain

SEEN = "seen"
CONFLICT = "conflict"


@dataclass(frozen=True)
class GoalForm:
    """One goal's form (the class goal, or one family's) for one class, window and skill.

    `prefix` names the form's session keys; `goal` is the goal saved now (None if none yet) and
    `fields` the values the form starts from.
    """

    store: Store
    class_name: str
    window: str
    prefix: str
    goal: goals.Goal | None
    fields: Mapping[str, Any]

    def key(self, field: str) -> str:
        return f"{self.prefix}{field}"

    def start(self) -> None:
        """Fill the fields from the saved goal, once per drawing (not on every rerun), and
        remember the version they came from."""
        if self.key(SEEN) in st.session_state:
            return
        for field, value in self.fields.items():
            st.session_state[self.key(field)] = value
        st.session_state[self.key(SEEN)] = self.goal.version if self.goal else None

    def forget(self) -> None:
        """Drop the form's state, so the next drawing starts again from the saved goal."""
        for field in [*self.fields, SEEN, CONFLICT]:
            st.session_state.pop(self.key(field), None)

    def submit(self, target: float | None, **fields: Any) -> goals.Goal | None:
        """Save what the form holds (a target and the goal's other `fields`) against the version
        it was drawn from; a form without a target says so."""
        if target is None:
            st.error("Type a target first.")
            return None
        seen = st.session_state.get(self.key(SEEN))
        return self.save(goals.GoalEntry(target=float(target), seen_version=seen, **fields))

    def save(self, entry: goals.GoalEntry) -> goals.Goal | None:
        """Save `entry`; on a conflict keep it aside for `show_conflict`."""
        try:
            [saved] = [
                g
                for g in goals.save(self.store, self.class_name, self.window, [entry])
                if (g.measure, g.student) == (entry.measure, entry.student)
            ]
        except goals.GoalConflict:
            st.session_state[self.key(CONFLICT)] = entry
            return None
        except FamdataError as error:
            st.error(plain(error))
            return None
        st.session_state[self.key(SEEN)] = saved.version
        st.session_state.pop(self.key(CONFLICT), None)
        return saved

    def show_conflict(self) -> None:
        """Both versions side by side, and the choice: save mine over theirs, or keep theirs."""
        mine: goals.GoalEntry | None = st.session_state.get(self.key(CONFLICT))
        if mine is None or self.goal is None:
            return
        st.warning(
            "Someone saved this goal in another browser while you were typing. Nothing is lost: "
            "here are both. Choose which to keep."
        )
        rows = goals.differences(self.goal, mine)
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
            key=self.key("keep_mine"),
            type="primary",
            on_click=self._save_mine,
            args=(replace(mine, seen_version=self.goal.version),),
        )
        right.button("Keep theirs", key=self.key("keep_theirs"), on_click=self.forget)

    def _save_mine(self, entry: goals.GoalEntry) -> None:
        if self.save(entry):
            st.toast("Saved your goal.")


def _shown(value: object) -> str:
    """A value as the person typed it: 95 rather than 95.0, nothing for nothing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return f"{value:g}" if isinstance(value, float | int) else str(value)
