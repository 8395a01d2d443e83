"""The shared sidebar: which class, which assessment window, which language.

The choice is kept in session state and mirrored into the URL's query parameters, so a
refresh or a bookmark opens the same class and window.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui import cache, state

LANGUAGES = {"en": "English", "es": "Español"}


@dataclass(frozen=True)
class Selection:
    class_name: str | None
    window: str | None
    lang: str


def _initial(key: str, query: str, options: list[str], default: str | None) -> None:
    """Seed a widget's state from the URL (else the default), and again when its option has gone."""
    if st.session_state.get(key) not in options:
        wanted = st.query_params.get(query)
        st.session_state[key] = wanted if wanted in options else default


def choose(class_name: str, window: str | None = None) -> None:
    """Open the sidebar on this class (and window) from the next run, and rerun now.

    Streamlit refuses a change to a widget's key after the widget was drawn in the same run, and
    the sidebar draws before every page: so the choice waits in session state until `render`.
    """
    st.session_state[state.CHOSEN] = (class_name, window)
    st.rerun()


def render() -> Selection:
    """Draw the sidebar and return what is chosen (None where nothing is loaded yet)."""
    if state.CHOSEN in st.session_state:
        st.session_state[state.CLASS], st.session_state[state.WINDOW] = st.session_state.pop(
            state.CHOSEN
        )
    classes = cache.classes()
    names = [c.name for c in classes]
    samples = {c.name for c in classes if c.is_sample}
    _initial(state.CLASS, state.Q_CLASS, names, names[0] if names else None)
    _initial(state.LANG, state.Q_LANG, list(LANGUAGES), "en")
    with st.sidebar:
        class_name = st.selectbox(
            "Class",
            names,
            key=state.CLASS,
            format_func=lambda n: (
                f"{n} (sample)" if n in samples and "sample" not in n.lower() else n
            ),
            placeholder="No class loaded yet",
        )
        labels = [w.label for w in cache.windows(class_name)] if class_name else []
        _initial(state.WINDOW, state.Q_WINDOW, labels, labels[-1] if labels else None)
        window = st.selectbox(
            "Assessment window",
            labels,
            key=state.WINDOW,
            placeholder="No scores yet",
        )
        lang = st.radio(
            "Language on screen",
            list(LANGUAGES),
            key=state.LANG,
            format_func=LANGUAGES.__getitem__,
            horizontal=True,
        )
    for query, value in (
        (state.Q_CLASS, class_name),
        (state.Q_WINDOW, window),
        (state.Q_LANG, lang),
    ):
        if value and st.query_params.get(query) != value:
            st.query_params[query] = value
    return Selection(class_name=class_name, window=window, lang=lang)


def current() -> Selection:
    """What the sidebar has chosen this run (the router renders it before the page)."""
    return Selection(
        class_name=st.session_state.get(state.CLASS),
        window=st.session_state.get(state.WINDOW),
        lang=st.session_state.get(state.LANG, "en"),
    )


def require_class() -> tuple[str, str]:
    """The chosen class and window; a page that needs both says what to do first and stops."""
    chosen = current()
    if not chosen.class_name or not chosen.window:
        st.info("Load a class on **Load data** first.")
        st.stop()
    return chosen.class_name, chosen.window
