"""How long family folders take: 30 families x 2 measures, and the cost per family at 10/30/100.

    python benchmarks/folders.py

Generates classes into a temporary database and prints, from one run, the time to make every
folder (merged PDF + one PDF per family, printed by the local Chromium): first with the browser
still to start (as `python -m famdata packets` does), then with it running (as on the Folders
page, which starts it when the page opens). Target: < 5 s for 30.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.classes import generated_class
from famdata.output import packets
from famdata.store import ClassSpec, Store


def timed_folders(store: Store, size: int) -> tuple[float, packets.FolderSet]:
    name = f"Class of {size}"
    if name not in {c.name for c in store.classes()}:
        store.save_import(ClassSpec(name, grade=4), generated_class(size, size))
    started = time.perf_counter()
    folders = packets.build_folders(store, name, "2026-09")
    return time.perf_counter() - started, folders


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/folders.db")
        cold, folders = timed_folders(store, 30)
        if folders.message:
            print(folders.message)
            return
        print(f"  30 families, browser not yet started (the command line): {cold:6.2f} s")
        timings = {}
        for size in (10, 30, 100):
            timings[size], folders = timed_folders(store, size)
            print(
                f"{size:4d} families x 2 measures, browser running (the app): "
                f"{timings[size]:6.2f} s "
                f"({timings[size] / size:5.3f} s per family, "
                f"{len(folders.merged_pdf) / 1e6:.1f} MB merged)"
            )
    print(f"target: under 5 s for 30 families -> {'met' if timings[30] < 5 else 'not met'}")


if __name__ == "__main__":
    main()
