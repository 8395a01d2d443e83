"""The grade-level benchmark table and the four bands families know from vendor reports.

A class measure ("ORF (wcpm)") is drawn against a benchmark measure ("ORF-WC") for the class's
grade and the window's season, from the shipped table (DIBELS 8, Acadience, Hasbrouck & Tindal —
`famdata/data/benchmarks.csv`, every row with its source) or the teacher's edited copy, unless the
teacher set the class's own expectation for the night ("fourth graders read 105 words a minute").
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from famdata import data
from famdata.ingest import normalise_header
from famdata.measures import Profile

if TYPE_CHECKING:
    from famdata.store import Store

Season = Literal["beginning", "middle", "end"]
SEASONS: tuple[Season, ...] = ("beginning", "middle", "end")
BANDS = ("well_below", "below", "at", "above")
TABLE_COLUMNS = ["source_id", "measure", "grade", "season", "above", "goal", "risk_cut", "source"]
SOURCE_PREFERENCE = ("dibels8", "acadience", "ht2017")
OWN_EXPECTATION_SOURCE = "Set by the teacher"  # views.wording.source_words translates it


_SEASON_WORDS: tuple[tuple[Season, str], ...] = (
    ("beginning", r"fall|autumn|boy|beginning|begin|beg|b|otono|inicio|principio"),
    ("middle", r"winter|moy|middle|mid|m|invierno|medio|mitad"),
    ("end", r"spring|eoy|end|e|primavera|final|fin"),
)
_MONTHS = {
    "jan": 1,
    "ene": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "abr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "ago": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "dic": 12,
}


@dataclass(frozen=True)
class Benchmark:
    """The cut points one chart is drawn against, and whose they are."""

    measure: str
    grade: int
    season: Season | None
    goal: float
    risk_cut: float | None
    above: float | None
    source: str
    higher_is_better: bool = True


def default_table() -> pd.DataFrame:
    """The shipped table (a copy: callers may edit it)."""
    return data.benchmark_table()


@cache
def _weekly_growth_table() -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data.read_bytes("orf_weekly_growth.csv")))


def weekly_growth(measure: str, grade: int) -> float | None:
    """Typical words gained per week (Hasbrouck & Tindal, 50th percentile); None where unknown."""
    table = _weekly_growth_table()
    rows = table[(table["measure"] == measure) & (table["grade"] == grade)]
    return None if rows.empty else float(rows["words_per_week"].iloc[0])


def season_of(label: str | None, when: date | None = None) -> Season | None:
    """Beginning, middle or end of the school year, from a window's label or date."""
    month = when.month if when else None
    text = normalise_header(label or "")
    for season, words in _SEASON_WORDS:
        if re.fullmatch(rf"({words})( of year)?( \d{{4}}( \d{{2,4}})?)?|\d{{4}} ({words})", text):
            return season
    if month is None:
        iso = re.fullmatch(r"(\d{4}) (\d{1,2})( \d{1,2})?", text)
        named = next((n for word, n in _MONTHS.items() if re.match(rf"{word}\w*\b", text)), None)
        month = int(iso.group(2)) if iso else named
    if month is None or not 1 <= month <= 12:
        return None
    if month in (8, 9, 10, 11):
        return "beginning"
    return "middle" if month in (12, 1, 2) else "end"


class BenchmarkIndex:
    """The table indexed once by (measure, grade, season), rows in source preference order, so a
    district's worth of lookups does not filter a DataFrame each time."""

    def __init__(self, table: pd.DataFrame) -> None:
        order = {s: i for i, s in enumerate(SOURCE_PREFERENCE)}
        ranked = table.assign(_rank=table["source_id"].map(order).fillna(len(order)))
        self._rows: dict[tuple[str, int], list[tuple[str, Benchmark]]] = {}
        for row in ranked.sort_values("_rank", kind="stable").itertuples(index=False):
            benchmark = Benchmark(
                measure=row.measure,
                grade=int(row.grade),
                season=row.season,
                goal=float(row.goal),
                risk_cut=None if pd.isna(row.risk_cut) else float(row.risk_cut),
                above=None if pd.isna(row.above) else float(row.above),
                source=str(row.source),
            )
            self._rows.setdefault((row.measure, int(row.grade)), []).append(
                (row.source_id, benchmark)
            )

    def find(
        self, measure: str, grade: int, season: Season | None, source: str | None = None
    ) -> Benchmark | None:
        for source_id, benchmark in self._rows.get((measure, grade), []):
            if (season is None or benchmark.season == season) and source in (None, source_id):
                return benchmark
        return None


def lookup(
    table: pd.DataFrame, measure: str, grade: int, season: Season | None, source: str | None = None
) -> Benchmark | None:
    """The benchmark for a measure, grade and season; the preferred source when none is named."""
    return BenchmarkIndex(table).find(measure, grade, season, source)


def own_expectation(
    goal: float, grade: int, text: str | None = None, higher_is_better: bool = True
) -> Benchmark:
    """The class's own expectation for the night, drawn as a benchmark with no other cuts."""
    return Benchmark(
        measure="custom",
        grade=grade,
        season=None,
        goal=float(goal),
        risk_cut=None,
        above=None,
        source=OWN_EXPECTATION_SOURCE + (f": {text}" if text else ""),
        higher_is_better=higher_is_better,
    )


def band(value: float, benchmark: Benchmark) -> str | None:
    """well_below / below / at / above for one score (None for a missing one).

    s >= above: above; goal <= s < above: at; risk <= s < goal: below; s < risk: well below.
    A 3-tier measure has no "above"; the teacher's own expectation has only at / below.
    """
    if value is None or pd.isna(value):
        return None
    sign = 1 if benchmark.higher_is_better else -1
    v = sign * value
    if benchmark.above is not None and v >= sign * benchmark.above:
        return "above"
    if v >= sign * benchmark.goal:
        return "at"
    if benchmark.risk_cut is None or v >= sign * benchmark.risk_cut:
        return "below"
    return "well_below"


def band_counts(values: np.ndarray, benchmark: Benchmark) -> dict[str, int]:
    """How many of these (present) scores fall in each band: `band` for a whole column at once,
    since a district's measure holds 50,000 scores."""
    sign = 1 if benchmark.higher_is_better else -1
    v = sign * np.asarray(values, dtype=np.float64)
    never = np.zeros(len(v), dtype=bool)
    above = never if benchmark.above is None else v >= sign * benchmark.above
    at = ~above & (v >= sign * benchmark.goal)
    below = ~above & ~at
    if benchmark.risk_cut is not None:
        below &= v >= sign * benchmark.risk_cut
    well_below = ~(above | at | below)
    counts = {"well_below": well_below, "below": below, "at": at, "above": above}
    return {key: int(counts[key].sum()) for key in BANDS}


def validate_table(table: pd.DataFrame) -> list[str]:
    """Plain-language problems in an edited table: missing columns, non-numbers, cuts in order."""
    missing = [c for c in TABLE_COLUMNS if c not in table.columns]
    if missing:
        return [f"The table needs the column '{c}'." for c in missing]
    problems = []
    for position, row in enumerate(table.itertuples(index=False), start=1):
        where = f"Row {position} ({row.measure}, grade {row.grade}, {row.season})"
        cuts = {}
        for name in ("risk_cut", "goal", "above"):
            value = getattr(row, name)
            if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
                cuts[name] = None
                continue
            try:
                cuts[name] = float(value)
            except (TypeError, ValueError):
                problems.append(f"{where}: '{value}' in {name} is not a number.")
                cuts[name] = None
        if cuts["goal"] is None:
            problems.append(f"{where}: the benchmark goal is missing.")
            continue
        if cuts["risk_cut"] is not None and cuts["risk_cut"] > cuts["goal"]:
            problems.append(f"{where}: the risk cut is above the benchmark goal.")
        if cuts["above"] is not None and cuts["above"] < cuts["goal"]:
            problems.append(f"{where}: the 'above' cut is below the benchmark goal.")
        if row.season not in SEASONS:
            problems.append(f"{where}: the season must be beginning, middle or end.")
    return problems


Resolver = Callable[[str, str], Benchmark | None]


def resolver(
    table: pd.DataFrame | BenchmarkIndex,
    grade: int,
    profiles: Mapping[str, Profile],
    seasons: Mapping[str, Season | None],
) -> Resolver:
    """(measure, window) -> the benchmark a chart of that measure in that window is drawn against.

    Each measure's stored profile says which skill it is, which way is better, and any source to
    prefer or the class's own expectation; `seasons` maps a window label to its season.
    """
    index = table if isinstance(table, BenchmarkIndex) else BenchmarkIndex(table)

    def benchmark_for(measure: str, window: str) -> Benchmark | None:
        profile = profiles.get(measure, Profile())
        if profile.expectation is not None:
            return own_expectation(
                profile.expectation, grade, profile.expectation_text, profile.higher_is_better
            )
        season = seasons.get(window)
        if profile.skill is None or season is None:
            return None
        found = index.find(profile.skill, grade, season, profile.benchmark_source)
        if found is None or found.higher_is_better == profile.higher_is_better:
            return found
        return dataclasses.replace(found, higher_is_better=profile.higher_is_better)

    return benchmark_for


def for_class(store: Store, class_name: str) -> Resolver:
    """The benchmark each measure of a class is drawn against, in each of its windows."""
    info = store.get_class(class_name)
    seasons = {w.label: w.season or season_of(w.label, w.date) for w in store.windows(class_name)}
    return resolver(store.benchmark_table(), info.grade, store.profiles(class_name), seasons)


def vendor_disagreements(
    scores: pd.DataFrame, grade: int, table: pd.DataFrame, profiles: Mapping[str, Profile]
) -> pd.DataFrame:
    """Scores whose vendor band (from the export) differs from famdata's band for the grade.

    Rows are named by sheet, row and column, never by student, so the preview can show them.
    """
    rated = scores[scores["vendor_band"].notna() & scores["value"].notna()]
    seasons = {w: season_of(w) for w in pd.unique(rated["window"]) if w is not None}
    benchmark_for = resolver(table, grade, profiles, seasons)
    records = []
    for row in rated.itertuples(index=False):
        benchmark = benchmark_for(row.measure, row.window)
        ours = band(row.value, benchmark) if benchmark else None
        if ours is not None and ours != row.vendor_band:
            records.append(
                {
                    "Sheet": row.sheet,
                    "Row": row.row,
                    "Column": row.column,
                    "Score": row.value,
                    "Vendor's band": row.vendor_band,
                    "famdata's band": ours,
                }
            )
    return pd.DataFrame(
        records, columns=["Sheet", "Row", "Column", "Score", "Vendor's band", "famdata's band"]
    )
