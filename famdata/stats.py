"""Class figures per window and measure: how many were assessed, the average, the spread, and —
where a benchmark is linked — the share at or above it and the count in each band."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from famdata.benchmarks import BANDS, Benchmark, band, band_counts
from famdata.views import wording

BenchmarkFor = Callable[[str, str], Benchmark | None]


@dataclass(frozen=True)
class MeasureStats:
    window: str
    measure: str
    n: int
    missing: int
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    benchmark: Benchmark | None
    pct_at_or_above: float | None
    bands: dict[str, int] | None


def _figure(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


def measure_stats(
    scores: pd.DataFrame, window: str, measure: str, benchmark: Benchmark | None
) -> MeasureStats:
    """The figures of one measure in one window (`scores` already limited to them)."""
    values = scores["value"].dropna()
    bands = None
    pct = None
    if benchmark is not None and len(values):
        bands = band_counts(values.to_numpy(), benchmark)
        pct = 100.0 * (bands["at"] + bands["above"]) / len(values)
    return MeasureStats(
        window=window,
        measure=measure,
        n=len(values),
        missing=int(scores["value"].isna().sum()),
        mean=_figure(values.mean()),
        median=_figure(values.median()),
        min=_figure(values.min()),
        max=_figure(values.max()),
        benchmark=benchmark,
        pct_at_or_above=pct,
        bands=bands,
    )


def summarize(
    scores: pd.DataFrame, benchmark_for: BenchmarkFor | None = None
) -> list[MeasureStats]:
    """Figures for every (window, measure) in tidy scores, in the order they come."""
    results = []
    for (window, measure), group in scores.groupby(["window", "measure"], sort=False):
        benchmark = benchmark_for(measure, window) if benchmark_for else None
        results.append(measure_stats(group, window, measure, benchmark))
    return results


def _rounded(value: float | None, places: int = 1) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, places)
    return int(rounded) if float(rounded).is_integer() else rounded


def stats_json(stats: MeasureStats) -> dict[str, Any]:
    """One measure's figures as `summary --json` prints them."""
    benchmark = stats.benchmark
    return {
        "measure": stats.measure,
        "n": stats.n,
        "missing": stats.missing,
        "mean": _rounded(stats.mean),
        "median": _rounded(stats.median),
        "min": _rounded(stats.min),
        "max": _rounded(stats.max),
        "benchmark": None
        if benchmark is None
        else {
            "goal": benchmark.goal,
            "risk_cut": benchmark.risk_cut,
            "above": benchmark.above,
            "source": benchmark.source,
        },
        "pct_at_or_above": _rounded(stats.pct_at_or_above),
        "bands": stats.bands,
    }


def class_table(
    scores: pd.DataFrame, window: str, benchmark_for: BenchmarkFor, lang: str = "en"
) -> pd.DataFrame:
    """One row per student number, each measure's score and band in words (the Explore table)."""
    rows = scores[scores["window"] == window]
    table = pd.DataFrame({"Student": sorted(rows["student"].unique())}).set_index("Student")
    for measure, group in rows.groupby("measure", sort=False):
        by_student = group.set_index("student")
        benchmark = benchmark_for(measure, window)
        table[measure] = by_student["value"]
        if benchmark is not None:
            table[f"{measure}: band"] = by_student["value"].map(
                lambda v, b=benchmark: wording.band_name(band(v, b), lang) if pd.notna(v) else None
            )
    return table.reset_index()


def student_profile(
    scores: pd.DataFrame, student: int, benchmark_for: BenchmarkFor, lang: str = "en"
) -> pd.DataFrame:
    """One student's scores in every window and measure, with the band in words."""
    rows = scores[scores["student"] == student]
    return pd.DataFrame(
        {
            "Window": rows["window"],
            "Measure": rows["measure"],
            "Score": rows["value"],
            "Band": [
                wording.band_name(band(v, b), lang)
                if (b := benchmark_for(m, w)) and pd.notna(v)
                else None
                for w, m, v in zip(rows["window"], rows["measure"], rows["value"], strict=True)
            ],
            "Missing because": rows["missing_reason"].where(rows["value"].isna()),
        }
    ).reset_index(drop=True)


def summary_table(summaries: list[MeasureStats]) -> pd.DataFrame:
    """The class figures as a table for download."""
    records = []
    for s in summaries:
        record = {
            "Window": s.window,
            "Measure": s.measure,
            "Assessed": s.n,
            "Missing": s.missing,
            "Average": _rounded(s.mean),
            "Median": _rounded(s.median),
            "Lowest": _rounded(s.min),
            "Highest": _rounded(s.max),
            "Benchmark": s.benchmark.goal if s.benchmark else None,
            "Benchmark source": s.benchmark.source if s.benchmark else None,
            "% at or above": _rounded(s.pct_at_or_above),
        }
        for key in BANDS:
            record[wording.band_name(key, "en").capitalize()] = (s.bands or {}).get(key)
        records.append(record)
    return pd.DataFrame(records)
