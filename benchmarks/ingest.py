"""How fast famdata reads a district-size export, against the readers it is built on.

    python benchmarks/ingest.py [--rows 50000]

Writes a 50,000-row x 20-column export (xlsx with openpyxl's write-only mode, and csv) to a temp
folder, then prints, from one run: famdata's `check` time (reading the file and making the
`check --json` report), pandas+openpyxl `read_excel`, raw python-calamine, pandas `read_csv`, the
ratios, and famdata's peak memory. Each time is the best of five runs (pandas+openpyxl: one), each
side taking turns with what it is compared to.
Targets: famdata >= 10x faster than pandas+openpyxl on xlsx and within 1.3x of raw calamine;
csv within 3x of read_csv.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import python_calamine
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from famdata import ingest

MEASURES = 17


def write_export(folder: Path, rows: int) -> tuple[Path, Path]:
    rng = random.Random(7)
    header = [
        "Student ID",
        "Student Name",
        "Window",
        *[f"Measure {i + 1}" for i in range(MEASURES)],
    ]
    data = [
        [100000 + i, f"Student {i}", "Fall", *[rng.randint(0, 200) for _ in range(MEASURES)]]
        for i in range(rows)
    ]
    xlsx = folder / "district.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Export")
    ws.append(header)
    for row in data:
        ws.append(row)
    wb.save(xlsx)
    csv = folder / "district.csv"
    pd.DataFrame(data, columns=header).to_csv(csv, index=False)
    return xlsx, csv


def check(path: Path) -> dict[str, object]:
    """What `python -m famdata check FILE --json` does."""
    return ingest.read(path).to_check_json()


def timed(action: Callable[[], object], repeats: int = 5) -> float:
    """The best of `repeats` runs: this shared machine's noise only ever adds time."""
    return side_by_side([action], repeats)[0]


def side_by_side(actions: Sequence[Callable[[], object]], repeats: int = 5) -> list[float]:
    """The best of `repeats` runs of each action, taking turns: a ratio of two actions is then
    measured while the shared machine is as busy for one as for the other (timed one after the
    other, a slow minute for either side moved the ratio by a fifth)."""
    best = [float("inf")] * len(actions)
    for _ in range(repeats):
        for position, action in enumerate(actions):
            started = time.perf_counter()
            action()
            best[position] = min(best[position], time.perf_counter() - started)
    return best


def peak_memory_mb(action: Callable[[], object]) -> float:
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


@contextlib.contextmanager
def district_export(description: str) -> Iterator[Export]:
    """The export of `--rows` students (50,000 unless the command line says), written in a
    temporary folder that is removed afterwards."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=50_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        print(f"writing {rows:,} rows x {MEASURES + 3} columns ...", file=sys.stderr)
        xlsx, csv = write_export(Path(folder), rows)
        yield Export(rows, Path(folder), xlsx, csv)


@dataclass(frozen=True)
class Export:
    rows: int
    folder: Path
    xlsx: Path
    csv: Path


def main() -> None:
    with district_export(__doc__ or "") as export:
        xlsx, csv = export.xlsx, export.csv
        famdata_xlsx, calamine = side_by_side(
            [
                lambda: check(xlsx),
                lambda: (
                    python_calamine.CalamineWorkbook.from_path(str(xlsx))
                    .get_sheet_by_index(0)
                    .to_python()
                ),
            ]
        )
        print("reading with pandas + openpyxl (slow) ...", file=sys.stderr)
        openpyxl = timed(lambda: pd.read_excel(xlsx, engine="openpyxl"), repeats=1)
        # A tenth of a second each: fifteen turns, where five left the ratio a tenth or two apart
        # from run to run on this shared machine.
        famdata_csv, read_csv = side_by_side(
            [lambda: check(csv), lambda: pd.read_csv(csv)], repeats=15
        )
        memory = peak_memory_mb(lambda: check(xlsx))
    speedup, ratio_x, ratio_c = (
        openpyxl / famdata_xlsx,
        famdata_xlsx / calamine,
        famdata_csv / read_csv,
    )
    print(f"xlsx, {export.rows:,} rows x {MEASURES + 3} columns")
    print(f"  famdata check        {famdata_xlsx:7.2f} s")
    print(
        f"  pandas + openpyxl    {openpyxl:7.2f} s   famdata {speedup:5.1f}x faster (target >= 10x)"
    )
    print(
        f"  raw calamine         {calamine:7.2f} s   famdata takes {ratio_x:5.2f}x (target <= 1.3x)"
    )
    print(f"  famdata peak memory  {memory:7.0f} MB (tracemalloc)")
    print("csv")
    print(f"  famdata check        {famdata_csv * 1000:7.0f} ms")
    print(
        f"  pandas read_csv      {read_csv * 1000:7.0f} ms  famdata takes {ratio_c:5.2f}x "
        "(target <= 3x)"
    )


if __name__ == "__main__":
    main()
