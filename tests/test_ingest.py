"""The importer reads what teachers and vendors really produce, and reports what it leaves out."""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import xlwt
from openpyxl import Workbook

from famdata import ingest
from famdata.errors import FamdataError
from famdata.ingest.report import MAX_LISTED
from tests import xls_files as xls

Rows = list[list[object]]

CLASS = [
    ["Student ID", "Student Name", "WCPM", "Accuracy"],
    [101, "García, María", 62, 95],
    [102, "Nguyen, Bao", 88, 97],
    [103, "Okafor, Chidi", 45, 90],
]


def xlsx(path: Path, sheets: dict[str, Rows], merge: dict[str, str] | None = None) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if merge and name in merge:
            ws.merge_cells(merge[name])
    wb.save(path)
    return path


def one_sheet(tmp_path: Path, rows: Rows, name: str = "class.xlsx") -> Path:
    return xlsx(tmp_path / name, {"Scores": rows})


def scores_of(reading: ingest.Reading, measure: str) -> list[float]:
    frame = reading.scores[reading.scores["measure"] == measure]
    return list(frame["value"])


# -- formats ---


def test_an_xlsx_class_sheet_becomes_tidy_scores(tmp_path: Path) -> None:
    reading = ingest.read(one_sheet(tmp_path, CLASS))
    assert reading.layout == "wide"
    assert reading.measures == ("WCPM", "Accuracy")
    assert scores_of(reading, "WCPM") == [62, 88, 45]
    assert reading.roles["student"] == "Student ID"


def test_an_ods_workbook_is_read(tmp_path: Path) -> None:
    path = tmp_path / "class.ods"
    pd.DataFrame(CLASS[1:], columns=CLASS[0]).to_excel(path, engine="odf", index=False)
    assert scores_of(ingest.read(path), "WCPM") == [62, 88, 45]


@pytest.mark.parametrize(
    ("delimiter", "encoding", "suffix"),
    [
        (",", "utf-8", ".csv"),
        (";", "utf-8-sig", ".csv"),
        ("\t", "utf-8", ".tsv"),
        ("\t", "utf-8", ".txt"),
        (";", "cp1252", ".csv"),
    ],
)
def test_text_files_with_any_delimiter_and_encoding_are_read(
    tmp_path: Path, delimiter: str, encoding: str, suffix: str
) -> None:
    path = tmp_path / f"class{suffix}"
    frame = pd.DataFrame(CLASS[1:], columns=CLASS[0])
    path.write_bytes(frame.to_csv(sep=delimiter, index=False).encode(encoding))
    reading = ingest.read(path)
    assert scores_of(reading, "WCPM") == [62, 88, 45]
    assert sorted(reading.roster["name"]) == ["Bao Nguyen", "Chidi Okafor", "María García"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["unix", "windows", "old-mac"])
def test_any_line_ending_keeps_every_row_and_its_number(tmp_path: Path, newline: str) -> None:
    text = io.StringIO()
    csv.writer(text, lineterminator=newline).writerows(
        [["Room 7 reading"], [], *CLASS, ["Average", "", "", 65]]
    )
    path = tmp_path / "class.csv"
    path.write_bytes(text.getvalue().encode("utf-8"))
    reading = ingest.read(path)
    assert scores_of(reading, "WCPM") == [62, 88, 45]
    assert reading.scores["row"].tolist()[:3] == [4, 5, 6]
    assert (7, "summary row (Average)") in [(r.row, r.reason) for r in reading.excluded_rows]


def test_decimal_commas_in_a_semicolon_file_are_decimals(tmp_path: Path) -> None:
    path = tmp_path / "maze.csv"
    path.write_text("ID;Maze\n1;23,5\n2;18,0\n3;7\n", encoding="utf-8")
    assert scores_of(ingest.read(path), "Maze") == [23.5, 18.0, 7.0]


def test_bytes_and_file_objects_read_like_paths(tmp_path: Path) -> None:
    data = one_sheet(tmp_path, CLASS).read_bytes()
    from_bytes = ingest.read(data, filename="class.xlsx")
    from_file = ingest.read(io.BytesIO(data), filename="class.xlsx")
    assert scores_of(from_bytes, "WCPM") == scores_of(from_file, "WCPM") == [62, 88, 45]
    assert from_bytes.file == "class.xlsx"


# -- the shape of a hand-made sheet ---------------------------------------------------------------


def test_title_rows_and_a_merged_title_above_the_header_are_skipped_and_reported(
    tmp_path: Path,
) -> None:
    rows = [["Room 7 reading, September"], ["Teacher: Mrs. Lee"], [], *CLASS]
    path = xlsx(tmp_path / "t.xlsx", {"Sept": rows}, merge={"Sept": "A1:D1"})
    reading = ingest.read(path)
    assert scores_of(reading, "WCPM") == [62, 88, 45]
    assert [(r.row, r.reason) for r in reading.excluded_rows] == [
        (1, "title or note above the header"),
        (2, "title or note above the header"),
    ]
    assert reading.scores["row"].tolist()[:3] == [5, 6, 7]


@pytest.mark.parametrize(
    "label", ["Class average", "Average", "Total", "Promedio", "Median", "Mean", "CLASS  AVERAGE"]
)
def test_a_summary_row_at_the_bottom_is_not_a_student(tmp_path: Path, label: str) -> None:
    rows = [*CLASS, [None, label, 65, 94]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert scores_of(reading, "WCPM") == [62, 88, 45]
    assert reading.excluded_rows == (ingest.ExcludedRow("Scores", 5, f"summary row ({label})"),)


def test_a_blank_spacer_row_is_reported(tmp_path: Path) -> None:
    rows = [CLASS[0], CLASS[1], [], CLASS[2], CLASS[3]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert scores_of(reading, "WCPM") == [62, 88, 45]
    assert ingest.ExcludedRow("Scores", 3, "blank row") in reading.excluded_rows


def test_one_sheet_per_window_makes_windows_named_after_the_sheets(tmp_path: Path) -> None:
    october = [CLASS[0], [101, "Garcia, Maria", 70, 96], [102, "Nguyen, Bao", 91, 98]]
    reading = ingest.read(
        xlsx(tmp_path / "w.xlsx", {"Sept": CLASS, "Oct": october, "Notes": [["remember snacks"]]})
    )
    summaries = {w.label: w.students for w in reading.summaries}
    assert summaries == {"Sept": 3, "Oct": 2}
    assert (
        ingest.IgnoredColumn("sheet 'Notes'", "no table of scores in this sheet")
        in reading.ignored_columns
    )


@pytest.mark.parametrize(
    "header",
    ["Term", "TermName", "Benchmark Period", "Assessment Period", "Window", "Season", "Month"],
)
def test_a_window_column_splits_rows_into_windows(tmp_path: Path, header: str) -> None:
    rows = [["Student ID", header, "WCPM"], [1, "Fall", 50], [2, "Fall", 60], [1, "Winter", 70]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert reading.windows == ("Fall", "Winter")
    assert {w.label: w.students for w in reading.summaries} == {"Fall": 2, "Winter": 1}


def test_each_windows_count_names_the_column_its_scores_came_from(tmp_path: Path) -> None:
    rows = [["Student ID", "Fall WCPM", "Winter WCPM"], [1, 50, 70], [2, 60, 80]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    columns = {(w.label, m.name): m.column for w in reading.summaries for m in w.measures}
    assert columns == {("Fall", "WCPM"): "Fall WCPM", ("Winter", "WCPM"): "Winter WCPM"}


def test_a_date_column_groups_test_days_into_their_month(tmp_path: Path) -> None:
    rows = [["Student ID", "Date", "WCPM"], [1, date(2026, 9, 14), 50], [2, date(2026, 9, 16), 60]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert reading.windows == ("2026-09",)
    assert reading.window_dates == {"2026-09": date(2026, 9, 14)}


def test_a_long_layout_has_a_measure_column_and_a_score_column(tmp_path: Path) -> None:
    rows = [
        ["TermName", "StudentID", "Subject", "TestRITScore"],
        ["Fall 2026", "A1", "Reading", 201],
        ["Fall 2026", "A1", "Mathematics", 195],
        ["Fall 2026", "A2", "Reading", 188],
    ]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert reading.layout == "long"
    assert reading.measures == ("Reading", "Mathematics")
    [window] = reading.summaries
    counts = {m.name: (m.scores, m.missing) for m in window.measures}
    assert counts == {"Reading": (2, 0), "Mathematics": (1, 1)}


# -- who the student is ---


def test_the_id_column_is_the_identity_when_there_is_one(tmp_path: Path) -> None:
    reading = ingest.read(one_sheet(tmp_path, CLASS))
    assert set(reading.scores["identity"]) == {"id:101", "id:102", "id:103"}


def test_without_ids_a_last_first_name_column_is_the_identity(tmp_path: Path) -> None:
    rows = [["Student", "WCPM"], ["García, María", 62], ["Nguyen, Bao", 88]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert reading.roles == {"name": "Student"}
    assert list(reading.roster["name"]) == ["María García", "Bao Nguyen"]


def test_separate_first_and_last_name_columns_make_one_identity(tmp_path: Path) -> None:
    rows = [["First Name", "Last Name", "WCPM"], ["María", "García", 62]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert reading.scores["identity"].tolist() == ["name:garcia maria"]


def test_accents_and_case_do_not_split_a_student_across_sheets(tmp_path: Path) -> None:
    sept = [["Student", "WCPM"], ["García, María", 62]]
    octo = [["Student", "WCPM"], ["MARIA GARCIA", 70]]
    reading = ingest.read(xlsx(tmp_path / "n.xlsx", {"Sept": sept, "Oct": octo}))
    assert reading.scores["identity"].nunique() == 1
    assert len(reading.roster) == 1


def test_an_excel_number_id_keeps_no_trailing_zero(tmp_path: Path) -> None:
    rows = [["Student ID", "WCPM"], [12345.0, 60], ["00789", 70]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert reading.scores["identity"].tolist() == ["id:12345", "id:00789"]


def test_a_student_listed_twice_keeps_the_first_score_and_reports_the_second(
    tmp_path: Path,
) -> None:
    rows = [*CLASS, [101, "García, María", 99, 99]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert scores_of(reading, "WCPM") == [62, 88, 45]
    kinds = {(p.row, p.kind) for p in reading.problems}
    assert (5, "duplicate_student") in kinds


def test_a_student_on_two_sheets_of_the_same_window_is_counted_once(tmp_path: Path) -> None:
    first = [["Student ID", "Window", "WCPM"], [101, "Fall", 62], [102, "Fall", 88]]
    second = [["Student ID", "Window", "WCPM"], [102, "Fall", 90], [103, "Fall", 45]]
    reading = ingest.read(xlsx(tmp_path / "two.xlsx", {"A": first, "B": second}))
    assert scores_of(reading, "WCPM") == [62, 88, 45]
    (fall,) = reading.summaries
    assert (fall.students, fall.measures[0].scores) == (3, 3)
    assert [(p.sheet, p.row, p.kind) for p in reading.problems] == [("B", 2, "duplicate_student")]


def test_a_long_file_listing_a_student_twice_for_one_measure_reports_the_second(
    tmp_path: Path,
) -> None:
    rows = [
        ["Student ID", "Subject", "RIT Score"],
        [101, "Reading", 201],
        [101, "Math", 210],
        [101, "Reading", 205],
    ]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert scores_of(reading, "Reading") == [201]
    assert [(p.row, p.kind) for p in reading.problems] == [(4, "duplicate_student")]
    assert reading.markers(None, "Reading") == {}


def test_a_problems_advice_is_its_message_without_the_cells_place(tmp_path: Path) -> None:
    rows = [["Student ID", "WCPM"], [1, 60], [1, 61], [2, "see me"]]
    not_a_score, listed_again = ingest.read(one_sheet(tmp_path, rows)).problems
    assert not_a_score.message == (
        "Sheet 'Scores', row 4, column 'WCPM': 'see me' is not a score, so famdata left it out. "
        "Type a number, or an absence marker such as abs."
    )
    assert not_a_score.advice == not_a_score.message.removeprefix(
        "Sheet 'Scores', row 4, column 'WCPM': "
    )
    assert listed_again.message.startswith("Sheet 'Scores', row 3, column 'Student ID': this ")
    assert listed_again.advice.startswith("This student is listed again")


# -- score cells ---


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (62, 62.0),
        (62.5, 62.5),
        ("62", 62.0),
        ("62 wcpm", 62.0),
        ("95%", 95.0),
        ("23,5", 23.5),
        (" 7 ", 7.0),
    ],
)
def test_score_cells_written_many_ways_are_numbers(
    tmp_path: Path, cell: object, value: float
) -> None:
    rows = [["Student ID", "Score A"], [1, cell], [2, 10], [3, 11]]
    assert scores_of(ingest.read(one_sheet(tmp_path, rows)), "Score A")[0] == value


@pytest.mark.parametrize(
    "marker", ["abs", "ABS", "absent", "ausente", "N/A", "NA", "-", "\u2014", "Discontinue", "MD"]
)
def test_absence_markers_are_missing_with_the_marker_kept(tmp_path: Path, marker: str) -> None:
    rows = [["Student ID", "WCPM"], [1, marker], [2, 60], [3, 61]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    first = reading.scores.iloc[0]
    assert pd.isna(first["value"])
    assert first["missing_reason"] == marker
    assert reading.problems == ()
    assert reading.summaries[0].measures[0].missing == 1


def test_a_blank_score_cell_is_missing_as_blank(tmp_path: Path) -> None:
    rows = [["Student ID", "WCPM"], [1, None], [2, 60], [3, 61]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert reading.scores.iloc[0]["missing_reason"] == "blank"


def test_text_in_a_score_column_is_a_problem_with_its_place_never_a_zero(tmp_path: Path) -> None:
    rows = [["Student ID", "WCPM"], [1, 60], [2, "see me"], [3, 61]]
    reading = ingest.read(one_sheet(tmp_path, rows, name="room7.xlsx"))
    [problem] = reading.problems
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Scores",
        3,
        "WCPM",
        "see me",
    )
    assert problem.kind == "not_a_number"
    for part in ("row 3", "WCPM", "see me"):
        assert part in problem.message
    assert scores_of(reading, "WCPM") == [60, 61]


@pytest.mark.parametrize("written", ["inf", "-Infinity", "1e400", "-1E+400", "1" + "0" * 400])
def test_a_score_written_as_infinity_is_a_problem_shown_as_written(
    tmp_path: Path, written: str
) -> None:
    path = tmp_path / "class.csv"
    path.write_text(f"Student ID,WCPM\n1,60\n2,{written}\n3,61\n", encoding="utf-8")
    reading = ingest.read(path)
    assert [(p.row, p.column, p.value, p.kind) for p in reading.problems] == [
        (3, "WCPM", written, "not_a_number")
    ]
    assert scores_of(reading, "WCPM") == [60, 61]


def test_a_name_typed_into_a_score_cell_is_reported_without_the_name(tmp_path: Path) -> None:
    rows = [
        ["Student ID", "Student Name", "WCPM"],
        [1, "Zelda Quartermain", 60],
        [2, "Ana Cruz", "Zelda"],
        [3, "Bo Li", 50],
    ]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert "Zelda" not in json.dumps(reading.to_check_json())


# -- columns that are not scores ---


def test_columns_that_are_not_scores_are_listed_with_the_reason(tmp_path: Path) -> None:
    rows = [
        ["#", "Student", "WCPM", "Notes", "Level", "Tested on"],
        [1, "García, María", 62, "reread twice", "Below Benchmark", date(2026, 9, 1)],
        [2, "Nguyen, Bao", 88, "", "At Benchmark", date(2026, 9, 2)],
        [3, "Okafor, Chidi", 45, "fast", "Below Benchmark", date(2026, 9, 2)],
    ]
    reading = ingest.read(one_sheet(tmp_path, rows))
    reasons = {c.column: c.reason for c in reading.ignored_columns}
    assert reading.measures == ("WCPM",)
    assert reasons["#"].startswith("a roster number")
    assert reasons["Notes"] == "text, not scores"
    assert reasons["Level"] == "text, not scores"
    assert reasons["Tested on"] == "dates, not scores"


def test_a_grade_column_is_not_a_measure(tmp_path: Path) -> None:
    rows = [["Student ID", "Grade", "WCPM"], [1, 4, 60], [2, 4, 70], [3, 4, 80]]
    reading = ingest.read(one_sheet(tmp_path, rows))
    assert reading.measures == ("WCPM",)


# -- the teacher's corrections ---------------------------------------------------------------------


def test_a_mapping_overrides_the_guessed_student_column(tmp_path: Path) -> None:
    rows = [
        ["Kid", "Code", "WCPM"],
        ["Ana Cruz", "X1", 60],
        ["Bo Li", "X2", 70],
        ["Cy Do", "X3", 80],
    ]
    reading = ingest.read(one_sheet(tmp_path, rows), mapping={"student": "Code"})
    assert set(reading.scores["identity"]) == {"id:X1", "id:X2", "id:X3"}


def test_a_mapping_can_make_a_long_layout(tmp_path: Path) -> None:
    rows = [["ID", "Skill", "Points"], [1, "LNF", 20], [1, "PSF", 12], [2, "LNF", 31]]
    reading = ingest.read(
        one_sheet(tmp_path, rows), mapping={"measure": "Skill", "score": "Points"}
    )
    assert reading.layout == "long"
    assert reading.measures == ("LNF", "PSF")


def test_a_mapping_to_a_column_that_is_not_there_is_refused_plainly(tmp_path: Path) -> None:
    with pytest.raises(FamdataError, match="no column 'Nope'"):
        ingest.read(one_sheet(tmp_path, CLASS), mapping={"student": "Nope"})


def test_select_keeps_only_the_chosen_class(tmp_path: Path) -> None:
    rows = [
        ["Student ID", "Class", "WCPM"],
        [1, "Room 7", 60],
        [2, "Room 8", 70],
        [3, "Room 7", 80],
    ]
    reading = ingest.read(one_sheet(tmp_path, rows), select={"Class": "Room 7"})
    assert scores_of(reading, "WCPM") == [60, 80]
    assert any("not in the selection" in r.reason for r in reading.excluded_rows)


def test_columns_of_lists_the_headers_for_the_role_choices(tmp_path: Path) -> None:
    assert ingest.columns_of(one_sheet(tmp_path, CLASS)) == CLASS[0]


# -- files that are not class spreadsheets ---


def test_a_pdf_renamed_xlsx_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "scores.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n")
    with pytest.raises(FamdataError, match="PDF, not a spreadsheet"):
        ingest.read(path)


def test_an_empty_file_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    path.write_bytes(b"")
    with pytest.raises(FamdataError, match="is empty"):
        ingest.read(path)


def test_a_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    # An encrypted workbook is an OLE2 compound file holding an "EncryptedPackage" stream.
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    directory = "EncryptedPackage".encode("utf-16-le") + bytes(96)
    path = tmp_path / "locked.xlsx"
    path.write_bytes(header + directory + bytes(4096))
    with pytest.raises(FamdataError, match="password-protected"):
        ingest.read(path)


@pytest.mark.parametrize("students", [100, 1_000])
def test_a_csv_row_wider_than_its_header_is_read_and_its_extra_cell_reported(
    students: int,
) -> None:
    rows = b"".join(b"%d,%d\n" % (1000 + i, i % 90) for i in range(students))
    reading = ingest.read(b"Student ID,ORF\n" + rows + b"1,2,oops\n", filename="wide.csv")
    assert len(reading.scores) == students + 1
    assert [c.column for c in reading.ignored_columns] == ["Column C"]


def test_a_class_saved_as_an_old_excel_workbook_is_read(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    notes = book.add_sheet("Notes")
    notes.write(0, 0, "Bring folders on the 12th")
    scores = book.add_sheet("Fall")
    scores.write(0, 0, "Grade 4 reading, fall")
    for r, row in enumerate(CLASS, start=2):
        for c, value in enumerate(row):
            scores.write(r, c, value)
    path = tmp_path / "class.xls"
    book.save(str(path))
    reading = ingest.read(path)
    wcpm = reading.scores[reading.scores["measure"] == "WCPM"]
    assert wcpm["value"].tolist() == [62.0, 88.0, 45.0]
    assert wcpm["row"].tolist() == [4, 5, 6]


def test_an_old_excel_workbook_with_a_password_is_named_as_such(tmp_path: Path) -> None:
    protected = xls.record(0x002F, b"\x01\x00" + bytes(52))  # FILEPASS: RC4 encryption
    path = tmp_path / "locked.xls"
    path.write_bytes(xls.workbook([("Fall", xls.label(0, 0, "Student ID"))], protected))
    with pytest.raises(FamdataError, match=r"^locked\.xls is password-protected\. Open it"):
        ingest.read(path)


def test_a_sheet_without_score_columns_is_refused_plainly(tmp_path: Path) -> None:
    rows = [["Student", "Notes"], ["Ana Cruz", "great"], ["Bo Li", "ok"]]
    with pytest.raises(FamdataError, match="no score columns"):
        ingest.read(one_sheet(tmp_path, rows))


def test_a_decompression_bomb_is_refused_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"0" * (1024 * 1024)
            for _ in range(1024):
                member.write(block)
    assert path.stat().st_size < 5 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(FamdataError, match="would unpack"):
        ingest.read(path)
    assert time.monotonic() - started < 5


def test_a_damaged_workbook_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(FamdataError):
        ingest.read(path)


# -- the check report ---


def test_a_student_listed_fifty_thousand_times_is_counted_and_the_first_rows_listed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "again.csv"
    path.write_bytes(b"Student ID,WCPM\n" + b"7,40\n" * 50_000)
    reading = ingest.read(path)
    assert reading.problem_count == 49_999
    assert len(reading.problems) == MAX_LISTED
    assert reading.problems[0].message.startswith("Sheet 'again', row 3, column 'Student ID'")
    assert reading.to_check_json()["problems_not_listed"] == 49_999 - MAX_LISTED
    assert sum(reading.tidy.scored.values()) == 1


def test_rows_left_out_past_the_listed_ones_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "school.csv"
    rows = b"".join(b"%d,%s,40\n" % (i, b"A" if i < 3 else b"B") for i in range(20_000))
    path.write_bytes(b"Student ID,Class,WCPM\n" + rows)
    reading = ingest.read(path, select={"Class": "A"})
    assert reading.excluded_count == 19_997
    assert len(reading.excluded_rows) == MAX_LISTED
    assert len(reading.scores) == 3


def test_the_check_report_has_the_documented_shape_and_no_names(tmp_path: Path) -> None:
    rows = [*CLASS, [104, "Begay, Tahoma", "abs", "abs"]]
    report = ingest.read(one_sheet(tmp_path, rows)).to_check_json()
    assert set(report) == {
        "file",
        "layout",
        "windows",
        "ignored_columns",
        "excluded_rows",
        "excluded_rows_not_listed",
        "problems",
        "problems_not_listed",
        "preset",
        "groups",
        "grade",
    }
    [window] = report["windows"]
    assert window["label"] is None
    assert window["students"] == 4
    wcpm = window["measures"][0]
    assert (wcpm["name"], wcpm["column"], wcpm["scores"], wcpm["missing"]) == ("WCPM", "WCPM", 3, 1)
    assert wcpm["markers"] == {"abs": 1}
    text = json.dumps(report, ensure_ascii=False)
    for name in ("García", "María", "Nguyen", "Okafor", "Begay", "Tahoma"):
        assert name not in text


def test_the_file_says_which_class_it_is_in_its_title_and_class_column(tmp_path: Path) -> None:
    rows: Rows = [
        ["Room 12 - September fluency"],
        ["Student ID", "Homeroom", "WCPM"],
        [101, "Room 12", 62],
        [102, "Room 12", 88],
    ]
    reading = ingest.read(xlsx(tmp_path / "room12.xlsx", {"Sheet1": rows}))
    assert set(reading.class_hints) == {"Room 12 - September fluency", "Room 12"}


def test_why_a_reading_cannot_be_saved_yet_is_said_in_plain_words(tmp_path: Path) -> None:
    reading = ingest.read(xlsx(tmp_path / "class.xlsx", {"Sheet1": CLASS}))
    assert reading.cannot_save("", 4) == "Type a class name"
    assert reading.cannot_save("Room 12", None) == "Choose the grade"
    assert reading.cannot_save("Room 12", 4) is None
    summary_only = ingest.read(b"Student ID,WCPM\nAverage,62\n", filename="summary.csv")
    assert summary_only.cannot_save("Room 12", 4) == "This file has no scores"
