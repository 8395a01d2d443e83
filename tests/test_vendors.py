"""Vendor exports read without any --map: real header rows, invented students."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from famdata import ingest
from famdata.cli import main
from famdata.ingest import vendors

HEADERS = Path(__file__).resolve().parent / "vendor_headers"
Cell = Callable[[str, int], object]


def export(
    layout: str, cell: Cell, extra_rows: list[dict[str, str]] | None = None, rows: int = 12
) -> bytes:
    """An export with the real header row of `layout` (comma or tab, as the vendor wrote it)."""
    line = (HEADERS / f"{layout}.header.txt").read_text(encoding="utf-8-sig").strip()
    delimiter = "\t" if "\t" in line else ","
    columns = next(csv.reader([line], delimiter=delimiter))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for i in range(rows):
        for fixed in extra_rows or [{}]:
            writer.writerow([fixed.get(c, cell(c, i)) for c in columns])
    return out.getvalue().encode()


def dibels(column: str, i: int) -> object:
    if column == "Student_ID":
        return 1000 + i
    if column in ("Last", "First"):
        return f"{column}name{i}"
    if column.startswith("Benchmark_Status"):
        return "Well Below Benchmark" if i < 3 else "At Benchmark"
    if "Percentile" in column:
        return 55
    if column.endswith(("_Beginning", "_Middle", "_End")):
        return "Discontinue" if i == 0 else 30 + i
    if column.startswith("Year"):
        return 2022
    return "Sample"


def test_a_dibels_8_data_farming_export_is_named_and_read_by_window_from_the_headers() -> None:
    reading = ingest.read(export("dibels8_dds_datafarming_1st_min", dibels), filename="dibels.csv")
    report = reading.to_check_json()
    assert report["preset"] == "DIBELS 8 Data Farming"
    [window] = report["windows"]
    assert (window["label"], window["students"]) == ("Middle", 12)
    measures = {m["name"]: (m["scores"], m["missing"]) for m in window["measures"]}
    assert measures["LNF"] == (11, 1)
    assert "ORF-WordsCorrect" in measures
    ignored = {c["column"] for c in report["ignored_columns"]}
    assert {
        "Year_1st",
        "Benchmark_Status_LNF_1st_Middle",
        "National_DDS_Percentile_LNF_1st_Middle",
    } <= ignored


def nwea(column: str, i: int) -> object:
    values = {
        "TermName": "Fall 2026-2027",
        "StudentID": f"S{i}",
        "TestRITScore": 190 + i,
        "TestStandardError": 3.1,
        "TestPercentile": 50,
        "TestStartDate": "09/15/2026",
    }
    return values.get(column, "")


def test_an_nwea_map_export_is_long_with_one_row_per_subject() -> None:
    data = export(
        "nwea_map_AssessmentResults_2021",
        nwea,
        extra_rows=[{"Subject": "Reading"}, {"Subject": "Mathematics"}],
    )
    report = ingest.read(data, filename="map.csv").to_check_json()
    assert (report["preset"], report["layout"]) == ("NWEA MAP Assessment Results", "long")
    [window] = report["windows"]
    assert (window["label"], window["students"]) == ("Fall 2026-2027", 12)
    assert [(m["name"], m["scores"]) for m in window["measures"]] == [
        ("Reading", 12),
        ("Mathematics", 12),
    ]


def acadience(column: str, i: int) -> object:
    values = {
        "Student Primary ID": 500 + i,
        "Student Last Name": f"L{i}",
        "Student First Name": f"F{i}",
        "Benchmark Period": "BOY",
        "FSF Score": 20 + i,
        "LNF Score": "MD" if i == 1 else 30 + i,
        "FSF Status": "At or Above Benchmark",
        "FSF Date": "18-12-2020",
        "FSF Assessor Primary ID": 77,
        "Student Grade Level": "K",
        "School Year": "2020-2021",
    }
    return values.get(column, "")


def test_an_acadience_data_management_export_keeps_scores_and_leaves_out_assessors_and_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "acadience.csv"
    path.write_bytes(export("acadience_adm_k6_long", acadience))
    assert main(["check", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["preset"] == "Acadience Data Management"
    [window] = report["windows"]
    assert window["label"] == "BOY"
    measures = {m["name"]: (m["scores"], m["missing"]) for m in window["measures"]}
    assert measures == {"FSF Score": (12, 0), "LNF Score": (11, 1)}


@pytest.mark.parametrize(
    ("header", "split"),
    [
        ("LNF_1st_Middle", ("LNF", "Middle")),
        ("ORF-WordsCorrect_4th_Beginning", ("ORF-WordsCorrect", "Beginning")),
        ("lnf_K_beg", ("lnf", "Beginning")),
        (
            "Fall CBMR-English - (Passage 1) WRC_PER_MIN",
            ("CBMR-English - (Passage 1) WRC_PER_MIN", "Fall"),
        ),
        ("WCPM", None),
    ],
)
def test_a_header_that_names_its_window_is_split_into_measure_and_window(
    header: str, split: object
) -> None:
    assert vendors.split_header(header) == split


def test_an_unknown_layout_has_no_preset_name() -> None:
    assert vendors.recognise(["Student", "WCPM"], ["student", "wcpm"]) is None


@pytest.mark.parametrize(
    ("layout", "name"),
    [
        ("acadience_adm_7_8_long", "Acadience Data Management"),
        ("acadience_adm_k6_long", "Acadience Data Management"),
        ("acadience_wide_ark6_K6", "Acadience Reading (wide)"),
        ("aimswebplus_cdf", "aimswebPlus"),
        ("aimswebplus_scoreexport_tab", "aimswebPlus"),
        ("dibels8_dds_datafarming_1st_min", "DIBELS 8 Data Farming"),
        ("dibels8_dds_datafarming_K", "DIBELS 8 Data Farming"),
        ("dibels8_dds_datafarming_K6_tab", "DIBELS 8 Data Farming"),
        ("fastbridge_cbmmath_cap", "FastBridge"),
        ("fastbridge_cbmr_english", "FastBridge"),
        ("mclass_dibels8_summary", "mCLASS (Amplify)"),
        ("mclass_dibelsnext_summary_2019", "mCLASS (Amplify)"),
        ("nwea_map_AssessmentResults_2021", "NWEA MAP Assessment Results"),
        ("nwea_map_combo_with_teacher_tab", "NWEA MAP Assessment Results"),
    ],
)
def test_each_known_export_is_recognised_from_its_real_header(layout: str, name: str) -> None:
    line = (HEADERS / f"{layout}.header.txt").read_text(encoding="utf-8-sig").strip()
    columns = next(csv.reader([line], delimiter="\t" if "\t" in line else ","))
    assert vendors.recognise(columns, [ingest.normalise_header(c) for c in columns]) == name


def grouped(column: str, i: int) -> object:
    if column == "Class Name":
        return "Homeroom - Holly Brown" if i < 5 else "Homeroom - Ray Lee"
    return acadience(column, i)


def test_check_lists_the_classes_a_school_export_holds_with_their_students() -> None:
    report = ingest.read(
        export("acadience_adm_k6_long", grouped), filename="school.csv"
    ).to_check_json()
    classes = [(g["value"], g["students"]) for g in report["groups"] if g["column"] == "Class Name"]
    assert classes == [("Homeroom - Holly Brown", 5), ("Homeroom - Ray Lee", 7)]


def test_select_picks_one_class_and_split_by_imports_each_class(
    tmp_path: Path, private_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from famdata.store import Store

    path = tmp_path / "school.csv"
    path.write_bytes(export("acadience_adm_k6_long", grouped))
    one = ingest.read(path, select={"Class Name": "Homeroom - Ray Lee"})
    assert one.summaries[0].students == 7
    assert main(["import", str(path), "--split-by", "Class Name", "--grade", "K"]) == 0
    names = sorted(c.name for c in Store(private_database).classes() if not c.is_sample)
    assert names == ["Homeroom - Holly Brown", "Homeroom - Ray Lee"]
    assert "Saved Homeroom - Ray Lee" in capsys.readouterr().out


def test_the_vendors_band_is_kept_beside_the_score_and_disagreements_are_listed() -> None:
    from famdata import benchmarks

    reading = ingest.read(export("dibels8_dds_datafarming_1st_min", dibels), filename="dibels.csv")
    lnf = reading.scores[reading.scores["measure"] == "LNF"]
    assert lnf["vendor_band"].tolist()[:4] == ["well_below", "well_below", "well_below", "at"]
    differ = benchmarks.vendor_disagreements(
        reading.scores, 1, benchmarks.default_table(), reading.profiles
    )
    # DIBELS 8, grade 1, middle of the year: LNF is well below under 51. The invented export calls
    # 33-41 "At Benchmark" (rows 5-13), so famdata lists exactly those nine.
    lnf_rows = differ[differ["Column"] == "LNF_1st_Middle"]
    assert lnf_rows["Row"].tolist() == list(range(5, 14))
    assert set(lnf_rows["Vendor's band"]) == {"at"}
    assert set(lnf_rows["famdata's band"]) == {"well_below"}


def test_the_vendors_band_is_stored_with_the_score(private_database: str) -> None:
    import sqlalchemy as sa

    from famdata.store import ClassSpec, Store
    from famdata.store.schema import scores

    reading = ingest.read(export("dibels8_dds_datafarming_1st_min", dibels), filename="dibels.csv")
    store = Store(private_database)
    store.save_import(ClassSpec("Room 1", grade=1), reading)
    with store.engine.connect() as conn:
        bands = set(conn.execute(sa.select(scores.c.vendor_band)).scalars())
    assert {"well_below", "at"} <= bands


def aimsweb(column: str, i: int) -> object:
    values = {
        "Studentuid": f"U{i}",
        "StudentFirstName": f"F{i}",
        "StudentLastName": f"L{i}",
        "Period": "Fall",
        "Score": 40 + i,
        "ScaledScore": 200,
        "StudentGrade": "2",
        "FallWinRoi": 1.1,
    }
    return values.get(column, "")


def test_an_aimswebplus_score_export_is_long_with_one_row_per_measure() -> None:
    extra = [{"MeasureName": "Oral Reading Fluency"}, {"MeasureName": "Number Sense Fluency"}]
    report = ingest.read(
        export("aimswebplus_scoreexport_tab", aimsweb, extra), filename="a.txt"
    ).to_check_json()
    assert (report["preset"], report["layout"]) == ("aimswebPlus", "long")
    [window] = report["windows"]
    assert (window["label"], window["students"]) == ("Fall", 12)
    assert [(m["name"], m["scores"]) for m in window["measures"]] == [
        ("Oral Reading Fluency", 12),
        ("Number Sense Fluency", 12),
    ]


def mclass(column: str, i: int) -> object:
    if column.endswith("- Score") or column == "Composite Score":
        return 20 + i
    if column.endswith("- Level") or column == "Composite Level":
        return "Well Below Benchmark" if i < 2 else "At Benchmark"
    if "Percentile" in column or "Growth" in column:
        return 40
    values = {
        "Student Primary ID": 900 + i,
        "Student Last Name": f"L{i}",
        "Student First Name": f"F{i}",
        "Benchmark Period": "BOY",
        "Account Name": "A",
        "Municipality Name": "M",
    }
    return values.get(column, "")


def test_an_mclass_summary_keeps_scores_and_their_levels_not_percentiles_or_growth() -> None:
    reading = ingest.read(export("mclass_dibels8_summary", mclass), filename="m.csv")
    report = reading.to_check_json()
    assert report["preset"] == "mCLASS (Amplify)"
    [window] = report["windows"]
    names = [m["name"] for m in window["measures"]]
    assert "Letter Names (LNF) - Score" in names
    assert not any("Percentile" in n or "Growth" in n for n in names)
    lnf = reading.scores[reading.scores["measure"] == "Letter Names (LNF) - Score"]
    assert lnf["vendor_band"].tolist()[:3] == ["well_below", "well_below", "at"]


def fastbridge(column: str, i: int) -> object:
    if column.startswith("Fall ") and "Percentile" not in column:
        return 50 + i
    values = {
        "Local ID": 300 + i,
        "First Name": f"F{i}",
        "Last Name": f"L{i}",
        "Grade": 3,
        "FAST ID": f"X{i}",
    }
    return values.get(column, "")


def test_a_fastbridge_export_takes_its_window_from_the_column_names() -> None:
    report = ingest.read(
        export("fastbridge_cbmr_english", fastbridge), filename="f.csv"
    ).to_check_json()
    assert report["preset"] == "FastBridge"
    [window] = report["windows"]  # Winter and Spring columns are empty: no windows for them
    assert (window["label"], window["students"]) == ("Fall", 12)
    assert "CBMR-English Median WRC" in [m["name"] for m in window["measures"]]


@pytest.mark.parametrize(
    ("layout", "cell", "grade"),
    [("dibels8_dds_datafarming_1st_min", dibels, 1), ("fastbridge_cbmr_english", fastbridge, 3)],
)
def test_the_grade_comes_from_the_export(layout: str, cell: Cell, grade: int) -> None:
    assert ingest.read(export(layout, cell), filename="e.csv").to_check_json()["grade"] == grade


def test_a_new_class_takes_the_exports_grade_when_none_is_given(
    tmp_path: Path, private_database: str
) -> None:
    from famdata.store import Store

    path = tmp_path / "dibels.csv"
    path.write_bytes(export("dibels8_dds_datafarming_1st_min", dibels))
    assert main(["import", str(path), "--class", "Room 1"]) == 0
    assert Store(private_database).get_class("Room 1").grade == 1


def dibels_k_tab(column: str, i: int) -> object:
    if column in ("Student_ID", "Last", "First", "District_Name"):
        return {"Student_ID": 2000 + i, "Last": f"L{i}", "First": f"F{i}", "District_Name": "D"}[
            column
        ]
    if column.endswith("_K_Beginning") and not column.startswith(
        ("Benchmark", "National", "School", "District")
    ):
        return 10 + i
    if column.startswith("Benchmark_Status") and column.endswith("_K_Beginning"):
        return "At Benchmark"
    return ""


def test_the_tab_separated_dibels_8_k6_export_reads_the_kindergarten_fall_window() -> None:
    reading = ingest.read(
        export("dibels8_dds_datafarming_K6_tab", dibels_k_tab), filename="dds.txt"
    )
    report = reading.to_check_json()
    assert (report["preset"], report["grade"]) == ("DIBELS 8 Data Farming", 0)
    [window] = report["windows"]
    assert (window["label"], window["students"]) == ("Beginning", 12)
    assert {"LNF", "PSF", "NWF-CLS"} <= {m["name"] for m in window["measures"]}
