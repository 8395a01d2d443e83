"""Classes generated for the benchmarks, read by famdata's own reader from the CSV a teacher
would load, so that what is saved is a real `Reading` whatever it grows to hold."""

from __future__ import annotations

import random
from collections.abc import Sequence

from famdata import ingest

WINDOWS = ("2026-09-15", "2026-10-15")  # read as the windows 2026-09 and 2026-10
MEASURES = ("ORF (wcpm)", "Accuracy (%)")
_RANGES = {"ORF (wcpm)": (20, 140), "Accuracy (%)": (80, 100)}


def generated_class(
    students: int,
    seed: int,
    windows: Sequence[str] = WINDOWS,
    measures: Sequence[str] = MEASURES,
) -> ingest.Reading:
    """`students` students (their IDs unique to `seed`), each scored on every measure in every
    window, a little higher each window."""
    rng = random.Random(seed)
    start = {(i, m): rng.randint(*_RANGES[m]) for i in range(students) for m in measures}
    lines = [",".join(["Student ID", "Window", *measures])]
    for step, window in enumerate(windows):
        for i in range(students):
            scores = [min(start[i, m] + step * rng.randint(0, 8), _RANGES[m][1]) for m in measures]
            lines.append(",".join([str(seed * 100_000 + i), window, *map(str, scores)]))
    return ingest.read("\n".join(lines).encode(), filename=f"class {seed}.csv")
