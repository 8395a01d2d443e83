"""How fast famdata saves a district-size export, against pandas writing the same sheet to SQLite.

    python benchmarks/import.py [--rows 50000]

Writes the 50,000-row x 20-column xlsx of `benchmarks/ingest.py` (17 measures) to a temp folder,
then prints, from one run: famdata's `import` time into a fresh SQLite file (what
`python -m famdata import FILE --class NAME --grade 4 --window Fall --db sqlite:///...` does:
`ingest.read` + `Store.save_import`), pandas `read_excel(engine="calamine")` + `to_sql` into a
fresh SQLite file, their ratio, and `summary --json` on the imported class. Each time is the best
of five runs, famdata and pandas taking turns. Targets: import within 1.5x of pandas + to_sql;
summary --json under 1 s.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.ingest import MEASURES, district_export, side_by_side, timed
from famdata import cli, ingest
from famdata.store import ClassSpec, Store

CLASS_NAME = "District"
RUNS = 5


def fresh_databases(folder: Path, stem: str) -> list[str]:
    """One new SQLite file per timed run, so no run finds the previous run's rows."""
    return [f"sqlite:///{folder / f'{stem}{i}.db'}" for i in range(RUNS)]


def famdata_import(xlsx: Path, url: str) -> None:
    """What `python -m famdata import FILE --class NAME --grade 4 --window Fall` does."""
    reading = ingest.read(xlsx)
    Store(url).save_import(ClassSpec(CLASS_NAME, grade=4), reading, "Fall")


def pandas_to_sql(xlsx: Path, url: str) -> None:
    """The floor: the sheet read by calamine into a DataFrame and written as one wide table."""
    frame = pd.read_excel(xlsx, engine="calamine")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        frame.to_sql("export", conn, index=False)
    engine.dispose()


def summary_json(url: str) -> None:
    """`python -m famdata summary --class NAME --json`, in this process, its output dropped."""
    with contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(["summary", "--class", CLASS_NAME, "--json", "--db", url])
    if status != 0:
        raise SystemExit(f"summary --json failed with status {status}")


def main() -> None:
    with district_export(__doc__ or "") as export:
        xlsx = export.xlsx
        famdata_urls = fresh_databases(export.folder, "famdata")
        famdata_runs, pandas_urls = (
            iter(famdata_urls),
            iter(fresh_databases(export.folder, "pandas")),
        )
        print("importing with famdata and with pandas, in turns ...", file=sys.stderr)
        imported, pandas = side_by_side(
            [
                lambda: famdata_import(xlsx, next(famdata_runs)),
                lambda: pandas_to_sql(xlsx, next(pandas_urls)),
            ],
            RUNS,
        )
        summary = timed(lambda: summary_json(famdata_urls[-1]), RUNS)
    ratio = imported / pandas
    print(f"xlsx, {export.rows:,} students x {MEASURES} measures, into SQLite")
    print(f"  famdata import                {imported:7.2f} s")
    print(
        f"  pandas(calamine) + to_sql     {pandas:7.2f} s   famdata takes {ratio:5.2f}x "
        "(target <= 1.5x)"
    )
    print(f"  famdata summary --json        {summary:7.2f} s   (target < 1 s)")


if __name__ == "__main__":
    main()
