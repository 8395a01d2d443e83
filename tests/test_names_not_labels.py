"""A student's name is never a measure, a window or a sheet label, whatever the file's layout."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from openpyxl import Workbook

from famdata import cli, ingest
from famdata.identity import normalise_name
from famdata.ingest import labels
from tests.test_ingest import Rows, xlsx

NAMES = ["Ana García", "Bo Lee", "Chidi Okafor", "Dàvid Nuñez", "Émilie Rousseau", "Farah Haddad"]
SKILLS = ["ORF", "Accuracy", "Retell"]
# Each student's scores per skill, "abs" where the child was away.
SCORES: dict[str, list[object]] = {
    "Ana García": [62, 95, 14],
    "Bo Lee": [88, 97, "abs"],
    "Chidi Okafor": [45, 90, 9],
    "Dàvid Nuñez": [71, 93, 12],
    "Émilie Rousseau": ["abs", "abs", "abs"],
    "Farah Haddad": [103, 99, 18],
}


def across_the_top(path: Path) -> Path:
    """Skills down the side, one column per child (a teacher's running-record grid)."""
    rows: Rows = [["Skill", *NAMES]]
    rows += [[skill, *(SCORES[n][i] for n in NAMES)] for i, skill in enumerate(SKILLS)]
    return xlsx(path, {"Fall": rows})


def sheet_per_student(path: Path) -> Path:
    """One sheet per child, each listing the same skills with a score beside each."""
    sheets = {
        n: [["Skill", "Score"], *([s, SCORES[n][i]] for i, s in enumerate(SKILLS))] for n in NAMES
    }
    return xlsx(path, sheets)


def assert_no_name(text: str) -> None:
    folded = normalise_name(text)
    words = set(folded.split())
    for name in NAMES:
        for part in normalise_name(name).split():
            assert part not in words, f"'{part}' appears in {text[:200]}"


def score(reading: ingest.Reading, name: str, measure: str) -> float:
    joined = reading.scores.merge(reading.roster, on="identity")
    picked = joined[(joined["name"] == name) & (joined["measure"] == measure)]
    assert len(picked) == 1
    return float(picked["value"].iloc[0])


def assert_nowhere(reading: ingest.Reading) -> None:
    labels = [*reading.measures, *(w for w in reading.windows if w is not None)]
    assert_no_name(" ".join(labels))
    assert_no_name(json.dumps(reading.to_check_json(), ensure_ascii=False))


def test_students_across_the_top_become_rows(tmp_path: Path) -> None:
    reading = ingest.read(across_the_top(tmp_path / "grid.xlsx"))
    assert reading.measures == tuple(SKILLS)
    assert reading.windows == (None,)
    assert len(reading.roster) == len(NAMES)
    assert score(reading, "Ana García", "ORF") == 62
    assert score(reading, "Dàvid Nuñez", "Retell") == 12
    assert score(reading, "Farah Haddad", "Accuracy") == 99
    assert pd.isna(score(reading, "Bo Lee", "Retell"))
    assert_nowhere(reading)


def test_a_window_row_across_the_top_names_the_windows(tmp_path: Path) -> None:
    rows: Rows = [["Measure", *NAMES, *NAMES[:2]]]
    rows.append(["Window", *(["Fall"] * len(NAMES)), "Winter", "Winter"])
    rows.append(["ORF", *(SCORES[n][0] for n in NAMES), 70, 95])
    rows.append(["Accuracy", *(SCORES[n][1] for n in NAMES), "??", 98])
    rows.append(["Retell", *(SCORES[n][2] for n in NAMES), 13, 15])
    reading = ingest.read(xlsx(tmp_path / "year.xlsx", {"Reading": rows}))
    assert reading.measures == tuple(SKILLS)
    assert set(reading.windows) == {"Fall", "Winter"}
    winter = reading.scores[reading.scores["window"] == "Winter"].merge(reading.roster)
    assert dict(zip(winter["name"] + " " + winter["measure"], winter["value"], strict=True)) == {
        "Ana García ORF": 70,
        "Ana García Retell": 13,
        "Bo Lee ORF": 95,
        "Bo Lee Accuracy": 98,
        "Bo Lee Retell": 15,
    }
    assert [p.value for p in reading.problems] == ["??"]
    assert_nowhere(reading)


def test_students_across_the_top_of_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    across = [["Skill", *NAMES]]
    across += [[s, *(SCORES[n][i] for n in NAMES)] for i, s in enumerate(SKILLS)]
    path.write_text("\n".join(",".join(map(str, row)) for row in across) + "\n", "utf-8")
    reading = ingest.read(path)
    assert reading.measures == tuple(SKILLS)
    assert score(reading, "Émilie Rousseau", "ORF") != score(reading, "Émilie Rousseau", "ORF")
    assert score(reading, "Chidi Okafor", "Retell") == 9
    assert_nowhere(reading)


def test_a_class_sheet_with_two_word_skills_is_not_turned(tmp_path: Path) -> None:
    rows: Rows = [["Pupil", "Letter Naming", "Oral Reading"]]
    rows += [[n, SCORES[n][0], SCORES[n][1]] for n in NAMES]
    reading = ingest.read(xlsx(tmp_path / "class.xlsx", {"Fall": rows}))
    assert reading.measures == ("Letter Naming", "Oral Reading")
    assert score(reading, "Farah Haddad", "Oral Reading") == 99


def test_one_sheet_per_student_reads_the_sheet_name_as_the_student(tmp_path: Path) -> None:
    reading = ingest.read(sheet_per_student(tmp_path / "folders.xlsx"))
    assert reading.measures == tuple(SKILLS)
    assert reading.windows == (None,)
    assert len(reading.roster) == len(NAMES)
    assert score(reading, "Chidi Okafor", "ORF") == 45
    assert score(reading, "Émilie Rousseau", "Accuracy") != score(
        reading, "Émilie Rousseau", "Accuracy"
    )
    assert score(reading, "Farah Haddad", "Retell") == 18
    assert_nowhere(reading)


def test_a_header_that_is_a_students_name_is_left_out_and_said_without_the_name(
    tmp_path: Path,
) -> None:
    rows: Rows = [["Student Name", *SKILLS, "Bo Lee"]]
    rows += [[n, *SCORES[n], 1] for n in NAMES]
    reading = ingest.read(xlsx(tmp_path / "class.xlsx", {"Winter": rows}))
    assert reading.measures == tuple(SKILLS)
    ignored = {c.column: c.reason for c in reading.ignored_columns}
    assert ignored["(a student's name)"] == "a column headed with a student's name is not a skill"
    assert score(reading, "Bo Lee", "ORF") == 88
    assert_nowhere(reading)


def test_a_total_row_does_not_make_a_total_column_a_name(tmp_path: Path) -> None:
    rows: Rows = [["Student Name", "ORF", "Total"]]
    rows += [[n, SCORES[n][1], 100 + i] for i, n in enumerate(NAMES)] + [["Total", 500, 600]]
    reading = ingest.read(xlsx(tmp_path / "class.xlsx", {"Fall": rows}))
    assert reading.measures == ("ORF", "Total")


def test_a_long_layout_measure_or_window_that_is_a_name_is_not_a_label(tmp_path: Path) -> None:
    rows: Rows = [["Student Name", "Window", "Measure", "Score"]]
    rows += [[n, "Fall", "ORF", SCORES[n][0]] for n in NAMES]
    rows += [["Ana García", "Fall", "Bo Lee", 5], ["Chidi Okafor", "Farah Haddad", "ORF", 7]]
    reading = ingest.read(xlsx(tmp_path / "long.xlsx", {"Data": rows}))
    assert reading.measures == ("ORF",)
    assert reading.windows == ("Fall",)
    assert score(reading, "Chidi Okafor", "ORF") == 45
    assert_nowhere(reading)


def test_a_sheet_named_after_a_student_is_never_a_window(tmp_path: Path) -> None:
    rows: Rows = [["Student Name", *SKILLS]] + [[n, *SCORES[n]] for n in NAMES]
    reading = ingest.read(xlsx(tmp_path / "two.xlsx", {"Fall": rows, "Bo Lee": rows}))
    assert "Fall" in reading.windows
    assert_nowhere(reading)


def test_one_sheet_per_student_with_window_rows(tmp_path: Path) -> None:
    sheets: dict[str, Rows] = {
        n: [
            ["Window", *SKILLS],
            ["Fall", *SCORES[n]],
            ["Winter", 80 + i, "abs", "??" if i == 0 else 10 + i],
        ]
        for i, n in enumerate(NAMES)
    }
    reading = ingest.read(xlsx(tmp_path / "folders.xlsx", sheets))
    assert reading.measures == tuple(SKILLS)
    assert set(reading.windows) == {"Fall", "Winter"}
    scores = reading.scores.merge(reading.roster)
    winter = scores[(scores["window"] == "Winter") & (scores["measure"] == "ORF")]
    assert dict(zip(winter["name"], winter["value"], strict=True)) == {
        n: 80 + i for i, n in enumerate(NAMES)
    }
    assert [(p.sheet, p.row, p.column) for p in reading.problems] == [
        ("sheet 1 (a student's name)", 3, "Retell")
    ]
    assert_nowhere(reading)


@pytest.mark.parametrize("layout", [across_the_top, sheet_per_student])
def test_check_json_on_the_command_line_names_no_student(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], layout: object
) -> None:
    path = layout(tmp_path / "file.xlsx")  # type: ignore[operator]
    assert cli.main(["check", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["windows"]
    assert_no_name(out)


def test_a_sheet_per_child_with_windows_across_the_top_reads_each_window_as_a_window(
    tmp_path: Path,
) -> None:
    book = Workbook()
    book.remove(book.active)
    for name, september, october in (
        ("Ana García", 62, 70),
        ("Bo Lee", 88, 91),
        ("Chen Ng", 45, 50),
    ):
        sheet = book.create_sheet(name)
        sheet.append(["Skill", "Sept", "Oct"])
        sheet.append(["WCPM", september, october])
        sheet.append(["Accuracy", 93, 95])
    book.save(tmp_path / "children.xlsx")
    report = ingest.read(tmp_path / "children.xlsx").to_check_json()
    windows = {w["label"]: [m["name"] for m in w["measures"]] for w in report["windows"]}
    assert windows == {"Sept": ["WCPM", "Accuracy"], "Oct": ["WCPM", "Accuracy"]}
    assert {w["students"] for w in report["windows"]} == {3}
    text = json.dumps(report, ensure_ascii=False)
    for name in ("Ana", "García", "Bo Lee", "Chen"):
        assert name not in text


def names_of(*written: str) -> labels.Names:
    return labels.Names.of([pa.array(list(written), type=pa.string())])


def test_a_label_matches_a_name_in_any_order_case_and_accent() -> None:
    names = names_of("García, María", "Bo Lee")
    assert names.is_name("maria GARCIA")
    assert names.is_name("Lee Bo")


def test_a_label_that_is_only_part_of_a_name_is_not_a_name() -> None:
    names = names_of("Fallon Fall", "Ana María García")
    assert not names.is_name("Fall")
    assert not names.is_name("Fallon")
    assert not names.is_name("Ana García")


def test_a_name_written_over_two_lines_is_still_one_name() -> None:
    names = names_of("Ana\nGarcía", "Bo Lee")
    assert names.is_name("Ana García")
    assert not names.is_name("Ana")


def test_a_label_holding_every_word_of_a_name_is_found_within_it() -> None:
    names = names_of("Dàvid Nuñez", "Bo Lee")
    assert names.within("sheet 'NUÑEZ, Dàvid' (Fall)")
    assert not names.within("sheet 'Nuñez family'")


def test_total_and_class_average_rows_are_not_names() -> None:
    names = names_of("Total", "Class Average", "Média Geral", "Bo Lee")
    assert not names.is_name("Total")
    assert not names.is_name("class average")
    assert "total" not in names.tokens
    assert {"bo", "lee", "media", "geral"} <= names.tokens
