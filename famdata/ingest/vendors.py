"""Vendor export layouts, as data: how famdata recognises an export and reads its headers.

An assessment platform's export names its window inside the column name (DIBELS 8 Data Farming
"LNF_1st_Middle", Acadience "lnf_K_beg", FastBridge "Fall CBMmath …"), and carries a few columns
that say which platform it came from. Each entry below is one small description; the importer
asks `recognise` for the layout's name and `split_header` for a score column's measure and window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    name: str
    signature: tuple[str, ...]  # normalised headers an export of this layout always has
    header_pattern: str | None = None  # a score column's header, when it names the window


# The first layout whose signature fits wins: the more specific ones come first.
LAYOUTS: tuple[Layout, ...] = (
    Layout("mCLASS (Amplify)", ("account name", "municipality name", "student last name")),
    Layout(
        "DIBELS 8 Data Farming",
        ("district name", "last", "first", "student id"),
        r"[A-Za-z][\w-]*_(K|\d(st|nd|rd|th))_(Beginning|Middle|End)",
    ),
    Layout("NWEA MAP Assessment Results", ("termname", "studentid", "subject", "testritscore")),
    Layout(
        "Acadience Data Management",
        ("benchmark period", "student last name", "student first name"),
    ),
    Layout(
        "Acadience Reading (wide)",
        ("student id", "last name", "first name", "student key"),
        r"[a-z][a-z0-9_]*_(K|\d)_(beg|mid|end)",
    ),
    Layout("aimswebPlus", ("studentuid", "measurename", "score")),
    Layout(
        "FastBridge", ("assessment", "local id", "fast id"), r"(Fall|Early Winter|Winter|Spring) .+"
    ),
)

# Score-column headers that carry their window, matched on the raw header in full.
HEADER_WINDOWS: tuple[str, ...] = (
    r"(?P<measure>[A-Za-z][\w-]*?)_(?:K|\d(?:st|nd|rd|th))_(?P<window>Beginning|Middle|End)",
    r"(?P<measure>[a-z][a-z0-9_]*?)_(?:K|\d)_(?P<window>beg|mid|end)",
    r"(?P<window>Fall|Early Winter|Winter|Spring) (?P<measure>.+)",
)
WINDOW_WORDS = {"beg": "Beginning", "mid": "Middle", "end": "End"}


def recognise(raw: Iterable[str], normalised: Iterable[str]) -> str | None:
    """The name of the export layout these headers come from, if famdata knows it.

    `normalised` holds the same headers as the importer compares them (lower case, no accents).
    """
    raw, names = list(raw), set(normalised)
    for layout in LAYOUTS:
        if not set(layout.signature) <= names:
            continue
        if layout.header_pattern and not any(re.fullmatch(layout.header_pattern, h) for h in raw):
            continue
        return layout.name
    return None


def split_header(header: str) -> tuple[str, str] | None:
    """(measure, window) for a score column whose header names its window, else None."""
    for pattern in HEADER_WINDOWS:
        match = re.fullmatch(pattern, header.strip())
        if match:
            label = match.group("window")
            return match.group("measure"), WINDOW_WORDS.get(label, label)
    return None


# Vendors' own words for the four bands, most specific first.
VENDOR_BANDS: tuple[tuple[str, str], ...] = (
    (r".*\b(well below|intensive)\b.*", "well_below"),
    (r".*\bat or above\b.*|.*\bat benchmark\b.*|.*\bcore support\b.*", "at"),
    (r".*\b(above|advanced|core\s*\+|exceeds?)\b.*", "above"),
    (r".*\b(below|strategic|some risk)\b.*", "below"),
    (r"benchmark|at|on track|meets?", "at"),
)


def vendor_band(text: str) -> str | None:
    """The band a vendor's status text names ("Well Below Benchmark" -> "well_below")."""
    words = " ".join(str(text).lower().replace("_", " ").split())
    return next((band for pattern, band in VENDOR_BANDS if re.fullmatch(pattern, words)), None)


def status_headers(measure_header: str, normalised: str) -> tuple[str, ...]:
    """The normalised headers a vendor gives the status column of a score column."""
    base = normalised.removesuffix(" score")
    return (f"benchmark status {normalised}", f"{base} status", f"{base} level")
