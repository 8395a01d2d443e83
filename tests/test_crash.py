"""A killed import leaves the database as it was, or (killed past its commit) whole; the next
start works."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from famdata.store import Store
from famdata.store.schema import metadata
from tests.conftest import ROOT, SAMPLE_DIR

ROWS = 20_000
MEASURES = 12


def big_export(path: Path) -> Path:
    rng = random.Random(3)
    header = ["Student ID", "Student Name", *[f"Measure {i}" for i in range(MEASURES)]]
    lines = [",".join(header)]
    lines += [
        ",".join([f"S{i}", f"Student {i}", *[str(rng.randint(0, 150)) for _ in range(MEASURES)]])
        for i in range(ROWS)
    ]
    path.write_text("\n".join(lines))
    return path


def dump(url: str) -> dict[str, list[tuple]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        tables = {
            t.name: sorted(map(tuple, conn.execute(sa.select(t)).all()), key=repr)
            for t in metadata.sorted_tables
        }
    engine.dispose()
    return tables


def wait_for_writing(process: subprocess.Popen[bytes], wal: Path, size: int) -> bool:
    """Wait until the import has written `size` bytes of its transaction (SQLite's write-ahead
    log holds them until the commit), or has ended; True when it is midway."""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size >= size:
            return True
        time.sleep(0.01)
    return False


@pytest.mark.parametrize("written", [1, 8], ids=["1MB", "8MB"])
def test_an_import_killed_midway_saves_all_or_nothing(tmp_path: Path, written: int) -> None:
    url = f"sqlite:///{tmp_path / 'famdata.db'}"
    env = {**os.environ, "FAMDATA_DB": url}
    command = [sys.executable, "-m", "famdata"]
    subprocess.run(
        [
            *command,
            "import",
            str(SAMPLE_DIR / "grade4_fluency.xlsx"),
            "--class",
            "Room 12",
            "--grade",
            "4",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    before = dump(url)
    export = big_export(tmp_path / "district.csv")
    process = subprocess.Popen(
        [
            *command,
            "import",
            str(export),
            "--class",
            "District",
            "--grade",
            "4",
            "--window",
            "Fall",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    midway = wait_for_writing(process, tmp_path / "famdata.db-wal", written * 1024 * 1024)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL, "the import ended before it wrote much"
    assert midway
    after_kill = dump(url)
    if after_kill != before:  # the kill came after the commit: then all of it is there
        assert len(after_kill["scores"]) == len(before["scores"]) + ROWS * MEASURES, (
            "a killed import left part of its scores behind"
        )
        return
    done = subprocess.run(
        [*command, "summary", "--class", "Room 12"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [c.name for c in Store(url).classes()] == ["Room 12"]
