"""Files famdata ships: the benchmark and growth tables, and the sample class spreadsheets.

Read through `importlib.resources`, so they are found wherever famdata is installed (a source
checkout, a wheel in site-packages), never by a path relative to the working folder.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources

import pandas as pd


def read_bytes(*parts: str) -> bytes:
    """The bytes of a shipped file, e.g. ``read_bytes("samples", "grade4_fluency.xlsx")``."""
    return resources.files(__name__).joinpath(*parts).read_bytes()


@cache
def _benchmark_table() -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(read_bytes("benchmarks.csv")))


def benchmark_table() -> pd.DataFrame:
    """The shipped benchmark table, every row with its source (a copy: callers may edit it)."""
    return _benchmark_table().copy()
