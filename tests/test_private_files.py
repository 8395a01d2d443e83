"""Files with a class's data are for the teacher's account alone, a name never runs as a formula,
and a crashed printer's temporary folder does not stay behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

from famdata.output import labels, packets, printing
from famdata.private_files import write_private

FORMULA = '=HYPERLINK("http://x","y")'


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_private_file_is_for_its_owner_only(tmp_path: Path) -> None:
    file = write_private(tmp_path / "new.bin", b"data")
    assert (file.read_bytes(), mode(file)) == (b"data", 0o600)


def test_a_readable_file_written_over_becomes_private(tmp_path: Path) -> None:
    file = tmp_path / "old.csv"
    file.write_text("a much longer older content")
    file.chmod(0o644)
    write_private(file, b"new")
    assert (file.read_bytes(), mode(file)) == (b"new", 0o600)


def label_table() -> pd.DataFrame:
    return pd.DataFrame({"Number": [1, 2], "Student ID": ["S1", "S2"], "Name": ["Ana", FORMULA]})


def test_labels_csv_is_private_and_a_name_never_runs_as_a_formula(tmp_path: Path) -> None:
    out = labels.write_labels(label_table(), "Room 9", tmp_path / "labels.csv")
    assert mode(out) == 0o600
    assert pd.read_csv(out, encoding="utf-8-sig")["Name"].tolist() == ["Ana", "'" + FORMULA]


def test_labels_pdf_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing, "print_pdf", lambda html: b"%PDF-1.7 labels")
    out = labels.write_labels(label_table(), "Room 9", tmp_path / "labels.pdf")
    assert (out.read_bytes(), mode(out)) == (b"%PDF-1.7 labels", 0o600)


def folder_set(merged: bytes | None) -> packets.FolderSet:
    per_family = {1: b"%PDF one", 2: b"%PDF two"} if merged else {}
    return packets.FolderSet("Room 9", "Fall", "<html></html>", (1, 2), merged, per_family, None)


@pytest.mark.parametrize("merged", [b"%PDF all", None], ids=["pdfs", "html"])
def test_family_folders_are_private(tmp_path: Path, merged: bytes | None) -> None:
    written = folder_set(merged).write(tmp_path / "folders")
    assert len(written) == (4 if merged else 1)
    assert {mode(path) for path in written} == {0o600}


def dead_pid() -> int:
    """The id of a process that has ended."""
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(ended.stdout)


def print_folder(name: str, age_seconds: float) -> Path:
    folder = Path(tempfile.gettempdir()) / name
    folder.mkdir()
    (folder / "plotly.js").write_text("library code")
    then = time.time() - age_seconds
    os.utime(folder, (then, then))
    return folder


@pytest.mark.skipif(os.name == "nt", reason="a process is not asked with a signal on Windows")
def test_a_crashed_printers_folder_is_removed_and_a_running_ones_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    crashed = print_folder(f"famdata-print-{dead_pid()}-abc", 3600)
    unnamed = print_folder("famdata-print-k2j4h5", 3600)
    running = print_folder(f"famdata-print-{os.getppid()}-def", 3600)
    mine = print_folder(f"famdata-print-{os.getpid()}-ghi", 3600)
    just_made = print_folder(f"famdata-print-{dead_pid()}-jkl", 10)
    printing._remove_leftover_folders()
    left = {f.name for f in tmp_path.iterdir()}
    assert left == {running.name, mine.name, just_made.name}, (crashed, unnamed)
