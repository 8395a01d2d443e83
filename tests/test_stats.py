"""Class figures, checked against a small class worked out by hand."""

from __future__ import annotations

import math

import pandas as pd

from famdata import stats
from famdata.benchmarks import Benchmark

ORF = Benchmark("ORF-WC", 4, "beginning", goal=87, risk_cut=62, above=131, source="DIBELS 8")
SCORES = pd.DataFrame(
    {
        "window": ["Fall"] * 6,
        "student": [1, 2, 3, 4, 5, 6],
        "measure": ["ORF"] * 6,
        "value": [40.0, 70.0, 90.0, 140.0, 100.0, math.nan],
        "missing_reason": [None, None, None, None, None, "abs"],
    }
)


def test_the_figures_of_a_hand_worked_class() -> None:
    [s] = stats.summarize(SCORES, lambda _m, _w: ORF)
    assert (s.n, s.missing, s.mean, s.median, s.min, s.max) == (5, 1, 88.0, 90.0, 40.0, 140.0)
    assert s.bands == {"well_below": 1, "below": 1, "at": 2, "above": 1}
    assert s.pct_at_or_above == 60.0


def test_without_a_benchmark_there_are_no_bands() -> None:
    [s] = stats.summarize(SCORES)
    assert s.bands is None
    assert s.pct_at_or_above is None


def test_the_summary_json_has_the_documented_fields() -> None:
    [s] = stats.summarize(SCORES, lambda _m, _w: ORF)
    data = stats.stats_json(s)
    assert data == {
        "measure": "ORF",
        "n": 5,
        "missing": 1,
        "mean": 88,
        "median": 90,
        "min": 40,
        "max": 140,
        "benchmark": {"goal": 87, "risk_cut": 62, "above": 131, "source": "DIBELS 8"},
        "pct_at_or_above": 60,
        "bands": {"well_below": 1, "below": 1, "at": 2, "above": 1},
    }


def test_summaries_do_not_change_the_scores_they_are_given() -> None:
    before = SCORES.copy()
    stats.summarize(SCORES, lambda _m, _w: ORF)
    stats.class_table(SCORES, "Fall", lambda _m, _w: ORF)
    pd.testing.assert_frame_equal(SCORES, before)


def test_the_class_table_writes_each_band_in_words() -> None:
    table = stats.class_table(SCORES, "Fall", lambda _m, _w: ORF)
    assert table.loc[table["Student"] == 4, "ORF: band"].item() == "above benchmark"


def test_a_student_profile_names_why_a_score_is_missing() -> None:
    profile = stats.student_profile(SCORES, 6, lambda _m, _w: ORF)
    assert profile["Missing because"].tolist() == ["abs"]
