"""How long the present and explore pages take to rerun (median of 5 AppTest runs, one process).

    python benchmarks/pages.py

Present: a 30-student class (target < 0.3 s). Explore: a 2,000-student school as one class
(target < 1 s). Both classes are generated into a temporary database.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.classes import generated_class  # noqa: E402
from famdata.store import ClassSpec, Store  # noqa: E402

RUNS = 5


def median_rerun(page: str, class_name: str) -> float:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["class"] = class_name
    app.query_params["window"] = "2026-09"
    app.switch_page(f"pages/{page}.py")
    app.run()  # first run fills the caches, as the first view on the night does
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
    if app.exception:
        raise RuntimeError(app.exception[0].message)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/pages.db"
        os.environ["FAMDATA_DB"] = url
        store = Store(url)
        store.save_import(ClassSpec("Class of 30", grade=4), generated_class(30, 1))
        store.save_import(ClassSpec("School of 2000", grade=4), generated_class(2000, 2))
        present = median_rerun("present", "Class of 30")
        explore = median_rerun("explore", "School of 2000")
    print(f"present page, 30 students:    {present:6.3f} s per rerun (target < 0.3 s)")
    print(f"explore page, 2,000 students: {explore:6.3f} s per rerun (target < 1 s)")
    print(f"(median of {RUNS} AppTest reruns each, after a first run that fills the caches)")


if __name__ == "__main__":
    main()
