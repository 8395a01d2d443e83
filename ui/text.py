"""Showing text people typed — class and measure names, goals, ideas — as text, never as markup.

Streamlit renders Markdown (links, images, LaTeX) in titles, captions and labels; typed or uploaded
text goes through `plain` first so a projector never fetches an image or shows a link someone typed.
Backslashes are not enough: Streamlit finds bare links (`http://`, `www.`, e-mail addresses),
`:material/...:` icons, `:smile:` emoji and `:red[...]` colours in the text *after* the Markdown
escapes are read, so an invisible word joiner goes after each `:` and `@` and inside `www.`.
"""

from __future__ import annotations

import re

JOINER = "\u2060"  # WORD JOINER: no width, no glyph, and not a letter, so no pattern matches
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")
_BARE_LINK = re.compile(r"(?<=[:@])|(?<=www)(?=\.)", re.IGNORECASE)


def plain(text: object) -> str:
    """`text` with every Markdown character escaped and every bare link, icon, emoji and colour
    code broken by an invisible joiner: it reads the same and renders as text."""
    return _MARKUP.sub(r"\\\1", _BARE_LINK.sub(JOINER, str(text)))
