"""Benchmarks: the shipped table, the four bands, seasons, and which benchmark a measure gets."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from famdata import benchmarks
from famdata.benchmarks import Benchmark, band
from famdata.ingest.profiles import guess_skill
from famdata.measures import of_skill
from famdata.store import ClassSpec, Store
from tests.test_store import tidy

FOUR_TIER = Benchmark("ORF-WC", 4, "beginning", goal=87, risk_cut=62, above=131, source="DIBELS 8")
THREE_TIER = Benchmark("LNF", 0, "beginning", goal=25, risk_cut=16, above=None, source="DIBELS 8")


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (131, "above"),
        (130, "at"),
        (87, "at"),
        (86, "below"),
        (62, "below"),
        (61, "well_below"),
        (0, "well_below"),
    ],
)
def test_four_tier_bands_cut_at_the_published_edges(score: float, expected: str) -> None:
    assert band(score, FOUR_TIER) == expected


def test_a_three_tier_measure_has_no_above_band() -> None:
    assert band(99, THREE_TIER) == "at"


def test_kindergarten_word_reading_in_the_fall_is_at_with_one_and_below_with_zero() -> None:
    wrf = benchmarks.lookup(benchmarks.default_table(), "WRF", 0, "beginning")
    assert wrf is not None
    assert band(1, wrf) == "at"
    assert band(0, wrf) == "below"


def test_a_missing_score_has_no_band() -> None:
    assert band(float("nan"), FOUR_TIER) is None


def test_every_shipped_row_names_its_source_and_passes_validation() -> None:
    table = benchmarks.default_table()
    assert table["source"].notna().all()
    assert benchmarks.validate_table(table) == []


def test_validation_names_cuts_out_of_order_and_non_numbers() -> None:
    table = benchmarks.default_table().head(2).copy()
    table = table.astype({"risk_cut": object, "goal": object})
    table.loc[0, "risk_cut"] = 99
    table.loc[1, "goal"] = "lots"
    problems = benchmarks.validate_table(table)
    assert any("risk cut is above" in p for p in problems)
    assert any("'lots'" in p for p in problems)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("WCPM", "ORF-WC"),
        ("ORF (wcpm)", "ORF-WC"),
        ("Words correct per minute", "ORF-WC"),
        ("Accuracy (%)", "ORF-ACC"),
        ("ORF accuracy", "ORF-ACC"),
        ("LNF", "LNF"),
        ("Letter Names", "LNF"),
        ("Letter Sounds", "NWF-CLS"),
        ("NWF-CLS", "NWF-CLS"),
        ("PSF", "PSF"),
        ("Math facts", None),
    ],
)
def test_a_measure_name_suggests_its_skill(name: str, code: str | None) -> None:
    assert guess_skill(name) == (code if name != "Math facts" else "MATH-FACTS")


@pytest.mark.parametrize(
    ("label", "when", "season"),
    [
        ("Fall", None, "beginning"),
        ("BOY", None, "beginning"),
        ("2026-09", None, "beginning"),
        ("September", None, "beginning"),
        ("Oct", None, "beginning"),
        ("Winter 2027", None, "middle"),
        ("MOY", None, "middle"),
        ("January", None, "middle"),
        ("Spring", None, "end"),
        ("EOY", None, "end"),
        ("May", None, "end"),
        ("Week 3", None, None),
        ("Window 1", date(2027, 1, 15), "middle"),
    ],
)
def test_the_season_comes_from_the_window_label_or_date(
    label: str, when: date | None, season: str | None
) -> None:
    assert benchmarks.season_of(label, when) == season


def test_orf_weekly_growth_comes_from_hasbrouck_and_tindal() -> None:
    assert benchmarks.weekly_growth("ORF-WC", 4) == pytest.approx(1.22)
    assert benchmarks.weekly_growth("LNF", 0) is None


def _room(db_url: str) -> Store:
    store = Store(db_url)
    rows = {f"id:{i}": {"ORF (wcpm)": 50.0 + i} for i in range(12)}
    store.save_import(ClassSpec("Room 12", grade=4), tidy("Fall", rows))
    return store


def test_a_class_measure_is_drawn_against_the_suggested_benchmark_for_its_grade_and_season(
    tmp_path,
) -> None:
    store = _room(f"sqlite:///{tmp_path / 'b.db'}")
    found = benchmarks.for_class(store, "Room 12")("ORF (wcpm)", "Fall")
    assert (found.measure, found.grade, found.season, found.goal) == ("ORF-WC", 4, "beginning", 87)
    assert "DIBELS" in found.source


def test_the_classs_own_expectation_wins_and_says_whose_it_is(tmp_path) -> None:
    store = _room(f"sqlite:///{tmp_path / 'b.db'}")
    store.save_profile(
        "Room 12",
        "ORF (wcpm)",
        replace(
            of_skill("ORF-WC"),
            expectation=105,
            expectation_text="fourth graders read 105 words a minute",
        ),
    )
    found = benchmarks.for_class(store, "Room 12")("ORF (wcpm)", "Fall")
    assert found.goal == 105
    assert found.source.startswith("Set by the teacher")


def test_another_source_can_be_chosen(tmp_path) -> None:
    store = _room(f"sqlite:///{tmp_path / 'b.db'}")
    store.save_profile(
        "Room 12", "ORF (wcpm)", replace(of_skill("ORF-WC"), benchmark_source="ht2017")
    )
    found = benchmarks.for_class(store, "Room 12")("ORF (wcpm)", "Fall")
    assert found.goal == 84  # 50th percentile 94 minus 10
    assert "Hasbrouck" in found.source


def test_an_edited_table_is_used_until_reset(tmp_path) -> None:
    store = _room(f"sqlite:///{tmp_path / 'b.db'}")
    table = store.benchmark_table()
    table.loc[(table["measure"] == "ORF-WC") & (table["grade"] == 4), "goal"] = 90
    store.save_benchmark_table(table)
    assert benchmarks.for_class(store, "Room 12")("ORF (wcpm)", "Fall").goal == 90
    store.reset_benchmark_table()
    assert benchmarks.for_class(store, "Room 12")("ORF (wcpm)", "Fall").goal == 87
    assert isinstance(store.benchmark_table(), pd.DataFrame)


@pytest.mark.parametrize(
    "cuts",
    [
        FOUR_TIER,
        THREE_TIER,
        benchmarks.own_expectation(105, 4),
        Benchmark(
            "ORF-ACC",
            4,
            "end",
            goal=10,
            risk_cut=20,
            above=5,
            source="lower is better",
            higher_is_better=False,
        ),
    ],
)
def test_counting_a_column_in_bands_agrees_with_the_band_of_each_score(
    cuts: Benchmark,
) -> None:
    scores = [0, 4.5, 5, 9.99, 10, 16, 20, 25, 61, 62, 86, 87, 104.9, 105, 130, 131, 500]
    one_by_one = pd.Series([band(s, cuts) for s in scores]).value_counts()
    expected = {key: int(one_by_one.get(key, 0)) for key in benchmarks.BANDS}
    assert benchmarks.band_counts(pd.Series(scores).to_numpy(), cuts) == expected
