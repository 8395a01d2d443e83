"""Showing text people typed — class and measure names, goals, ideas — as text, never as markup.

Streamlit renders Markdown (links, images, LaTeX) in titles, captions and labels; typed or uploaded
text goes through `plain` first so a projector never fetches an image or shows a link someone typed.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """`text` with every Markdown character escaped."""
    return _MARKUP.sub(r"\\\1", str(text))
