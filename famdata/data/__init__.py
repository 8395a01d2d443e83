"""Files famdata ships: the benchmark and growth tables, and the sample class spreadsheets.

Read through `importlib.resources`, so they are found wherever famdata is installed (a source
checkout, a wheel in site-packages), never by a path relative to the working folder.
"""

from __future__ import annotations

from importlib import resources


def read_bytes(*parts: str) -> bytes:
    """The bytes of a shipped file, e.g. ``read_bytes("samples", "grade4_fluency.xlsx")``."""
    return resources.files(__name__).joinpath(*parts).read_bytes()
