"""How long the coach's view takes for a district: 200 classes x 25 students x 3 windows.

    python benchmarks/coach.py

Generates the district into a temporary SQLite database, then prints the time of the growth
computation alone and of a Coach page rerun (median of 5 AppTest runs). Target: < 2 s per rerun.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.classes import generated_class  # noqa: E402
from famdata import growth  # noqa: E402
from famdata.store import ClassSpec, Store  # noqa: E402

CLASSES, STUDENTS, WINDOWS, RUNS = 200, 25, ("2026-09-15", "2026-10-15", "2026-11-16"), 5


def district(store: Store) -> None:
    rng = random.Random(11)
    for c in range(CLASSES):
        spec = ClassSpec(f"Class {c:03d}", grade=rng.randint(1, 5), school=f"School {c % 12}")
        store.save_import(spec, generated_class(STUDENTS, c + 1, WINDOWS, ["ORF (wcpm)"]))


def main() -> None:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/district.db"
        os.environ["FAMDATA_DB"] = url
        print(
            f"generating {CLASSES} classes x {STUDENTS} students x {len(WINDOWS)} windows …",
            file=sys.stderr,
        )
        store = Store(url)
        district(store)
        started = time.perf_counter()
        table = growth.coach_table(store)
        compute = time.perf_counter() - started
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        app.switch_page("pages/coach.py")
        app.run()
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            app.run()
            times.append(time.perf_counter() - started)
    print(f"growth table for {len(table)} classes: {compute:6.2f} s to compute")
    print(f"coach page rerun: {statistics.median(times):6.2f} s (median of {RUNS}; target < 2 s)")


if __name__ == "__main__":
    main()
