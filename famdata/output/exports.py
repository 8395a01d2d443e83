"""Tables as downloads a spreadsheet program opens safely.

A cell that starts with = + - or @ is a formula to Excel; text typed by people (class and measure
names, goal text) is neutralised with a leading apostrophe so a download never runs anything.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula, made plain text; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and header) neutralised."""
    cleaned = frame.copy()
    for column in cleaned.columns:
        if cleaned[column].dtype == object or pd.api.types.is_string_dtype(cleaned[column]):
            cleaned[column] = cleaned[column].map(neutralise)
    cleaned.columns = [neutralise(str(c)) for c in cleaned.columns]
    return cleaned


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows accents right."""
    return safe(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "Summary") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def file_stem(*parts: str) -> str:
    """'Room 12', '2026-10', 'summary' -> 'room-12-2026-10-summary' (for download names)."""
    words = "-".join(p for p in parts if p)
    cleaned = "".join(ch.lower() if ch.isalnum() else "-" for ch in words)
    return "-".join(filter(None, cleaned.split("-"))) or "famdata"
