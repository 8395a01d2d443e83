"""Build famdata's default benchmark table from the published figures.

    python sample_data/make_benchmark_table.py REFERENCE_DIR

Reads the publishers' benchmark tables, as CSV files in REFERENCE_DIR (DIBELS 8, Acadience and
Hasbrouck & Tindal's norms, under the names `main` opens), and writes `benchmarks.csv` and
`orf_weekly_growth.csv` into famdata/data/. famdata reads only these two committed files at run
time; every row carries its source.

Columns of benchmarks.csv: source_id, measure, grade (K = 0), season (beginning / middle / end),
above (None for 3-tier measures), goal, risk_cut, source.

Hasbrouck & Tindal publish percentiles, not cut points. Following the authors' reading (a score
within 10 words of the 50th percentile is in the typical range), the table uses: at benchmark from
the 50th percentile minus 10, above from the 75th percentile, well below under the 25th.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "famdata" / "data"

SOURCES = {
    "dibels8": "DIBELS 8th Edition benchmark goals (University of Oregon, 2020)",
    "acadience": "Acadience Reading K-6 benchmark goals (Acadience Learning, 2018)",
    "ht2017": "Hasbrouck & Tindal oral reading fluency norms (2017)",
}
SEASONS = {
    "B": "beginning",
    "M": "middle",
    "E": "end",
    "BOY": "beginning",
    "MOY": "middle",
    "EOY": "end",
    "fall": "beginning",
    "winter": "middle",
    "spring": "end",
}
COLUMNS = ["source_id", "measure", "grade", "season", "above", "goal", "risk_cut", "source"]


def _grade(value: object) -> int:
    return 0 if str(value).strip().upper() == "K" else int(value)


def vendor_goals(path: Path, source_id: str) -> pd.DataFrame:
    raw = pd.read_csv(path)
    return pd.DataFrame(
        {
            "source_id": source_id,
            "measure": raw["measure"],
            "grade": raw["grade"].map(_grade),
            "season": raw["period"].map(SEASONS),
            "above": raw["above_benchmark_min"],
            "goal": raw["benchmark_goal"],
            "risk_cut": raw["risk_cut"],
            "source": SOURCES[source_id],
        }
    )


def orf_norms(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(path)
    rows = []
    for grade, by_grade in raw.groupby("grade"):
        pct = by_grade.set_index("percentile")
        for season_column in ("fall_wcpm", "winter_wcpm", "spring_wcpm"):
            p50 = pct.at[50, season_column]
            if pd.isna(p50):
                continue
            rows.append(
                {
                    "source_id": "ht2017",
                    "measure": "ORF-WC",
                    "grade": int(grade),
                    "season": SEASONS[season_column.removesuffix("_wcpm")],
                    "above": pct.at[75, season_column],
                    "goal": p50 - 10,
                    "risk_cut": pct.at[25, season_column],
                    "source": SOURCES["ht2017"],
                }
            )
    return pd.DataFrame(rows)


def weekly_growth(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(path)
    median = raw[raw["percentile"] == 50]
    return pd.DataFrame(
        {
            "measure": "ORF-WC",
            "grade": median["grade"].astype(int),
            "words_per_week": median["awi_recomputed"],
            "source": SOURCES["ht2017"] + ", 50th percentile, average weekly improvement",
        }
    )


def main(reference: Path) -> None:
    table = pd.concat(
        [
            vendor_goals(reference / "dibels8_benchmark_goals_2020.csv", "dibels8"),
            vendor_goals(reference / "acadience_reading_k6_benchmark_goals_2018.csv", "acadience"),
            orf_norms(reference / "hasbrouck_tindal_2017_orf_norms.csv"),
        ],
        ignore_index=True,
    )[COLUMNS]
    table.to_csv(OUT / "benchmarks.csv", index=False)
    weekly_growth(reference / "hasbrouck_tindal_2017_orf_norms.csv").to_csv(
        OUT / "orf_weekly_growth.csv", index=False
    )
    print(f"wrote {len(table)} benchmark rows to {OUT / 'benchmarks.csv'}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python sample_data/make_benchmark_table.py REFERENCE_DIR")
    main(Path(sys.argv[1]))
