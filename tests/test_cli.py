"""The command line: the contract automation relies on (DESIGN.md, "Command line")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from famdata.cli import main
from tests.conftest import ROOT

NAMES = ["Xiomara Quintanilla", "Bartholomew Fairweather", "Renée Oyelaran-Lindqvist"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def named_class(path: Path, scores: list[int | str]) -> Path:
    """A hand-made sheet: names, IDs, one score column, a note that mentions a name."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Student ID", "Student Name", "WCPM", "Notes"])
    for i, (name, score) in enumerate(zip(NAMES, scores, strict=True)):
        ws.append([f"S{i + 1:03d}", name, score, f"{name.split()[0]} read with expression"])
    wb.save(path)
    return path


def test_check_json_reports_windows_measures_and_counts_without_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "check", str(named_class(tmp_path / "c.xlsx", [61, "abs", 90])), "--json"
    )
    report = json.loads(out)
    assert code == 0
    assert report["file"] == "c.xlsx"
    [window] = report["windows"]
    assert window["students"] == 3
    [measure] = window["measures"]
    assert (measure["name"], measure["scores"], measure["missing"]) == ("WCPM", 2, 1)
    for name in NAMES:
        for part in name.split():
            assert part not in out


def test_import_then_summary_json_gives_the_class_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = named_class(tmp_path / "c.xlsx", [60, 70, 80])
    assert (
        run(capsys, "import", str(file), "--class", "Room 12", "--grade", "4", "--window", "Fall")[
            0
        ]
        == 0
    )
    code, out, _ = run(capsys, "summary", "--class", "Room 12", "--json")
    report = json.loads(out)
    assert code == 0
    assert (report["class"], report["grade"]) == ("Room 12", 4)
    [window] = report["windows"]
    assert window["label"] == "Fall"
    [measure] = window["measures"]
    assert measure["measure"] == "WCPM"
    assert (measure["n"], measure["missing"], measure["mean"], measure["median"]) == (3, 0, 70, 70)
    assert (measure["min"], measure["max"]) == (60, 80)


def test_importing_the_same_file_twice_says_nothing_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = named_class(tmp_path / "c.xlsx", [60, 70, 80])
    args = ("import", str(file), "--class", "Room 12", "--grade", "4", "--window", "Fall")
    run(capsys, *args)
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert "Nothing changed" in out


def test_a_corrected_file_reports_the_changed_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(
        capsys,
        "import",
        str(named_class(tmp_path / "a.xlsx", [60, 70, 80])),
        "--class",
        "R",
        "--grade",
        "4",
        "--window",
        "Fall",
    )
    code, out, _ = run(
        capsys,
        "import",
        str(named_class(tmp_path / "b.xlsx", [60, 75, 80])),
        "--class",
        "R",
        "--window",
        "Fall",
    )
    assert code == 0
    assert "1 changed" in out
    assert "70 -> 75" in out


def test_no_name_reaches_the_database_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], private_database: str
) -> None:
    file = named_class(tmp_path / "c.xlsx", [60, "abs", 80])
    run(capsys, "import", str(file), "--class", "Room 12", "--grade", "4", "--window", "Fall")
    database = Path(private_database.removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*")).lower()
    for name in NAMES:
        for part in name.replace("-", " ").split():
            assert part.lower().encode() not in raw, part


def test_demo_loads_the_sample_classes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo")
    assert code == 0
    assert "Sample: Grade 4" in out
    assert "Sample: Kindergarten" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "no-such-file.xlsx"], "There is no file"),
        (["summary", "--class", "Nobody"], "no class named 'Nobody'"),
        (["import", "{csv}"], "--class NAME"),
        (["check", "{csv}", "--map", "student"], "--map takes NAME=VALUE"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_ends_in_one_plain_line_and_a_nonzero_exit(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text("ID,WCPM\n1,50\n")
    code, _, err = run(capsys, *(a.format(csv=csv) for a in argv))
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_pdf_renamed_xlsx_is_refused_in_one_line_through_python_m(tmp_path: Path) -> None:
    fake = tmp_path / "scores.xlsx"
    fake.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    done = subprocess.run(
        [sys.executable, "-m", "famdata", "check", str(fake)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_confirmed_column_roles_are_saved_and_reused_next_month(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = Workbook()
    wb.active.append(["Kid", "Code", "Words"])
    for i in range(5):
        wb.active.append([f"Kid {i}", f"X{i}", 40 + i])
    wb.save(tmp_path / "sept.xlsx")
    first = [
        "import",
        str(tmp_path / "sept.xlsx"),
        "--class",
        "R",
        "--grade",
        "2",
        "--window",
        "Sept",
        "--map",
        "student=Code",
        "--save-preset",
        "Room R sheet",
    ]
    assert run(capsys, *first)[0] == 0
    code, out, _ = run(
        capsys, "check", str(tmp_path / "sept.xlsx"), "--preset", "Room R sheet", "--json"
    )
    assert code == 0
    assert '"column": "Words"' in out
    assert run(capsys, "check", str(tmp_path / "sept.xlsx"))[0] != 0  # alone, no student column
    code, _, err = run(capsys, "check", str(tmp_path / "sept.xlsx"), "--preset", "Nope")
    assert code != 0
    assert "no saved column mapping named 'Nope'" in err
