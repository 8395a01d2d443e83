"""Real vendor exports, as they come: every layout in `vendor_headers/` under realistic rows.

The rows are invented the way each platform fills them: IDs are numbers (they look like scores),
grades are "K", dates, percentiles, statuses, assessor IDs, form codes, goals, growth and error
figures are filled in, one student moved out (no scores), one was re-enrolled (listed twice under
one ID), and the columns of later windows are present but empty. What fills a column is decided
by its header's words, so one generator serves every layout.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from famdata import ingest
from famdata.cli import main
from famdata.ingest import csv_body
from tests.test_csv_body import assert_same_reading

HEADERS = Path(__file__).resolve().parent / "vendor_headers"
FIRST = ("Ana", "Bo", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jade", "Kofi")
LAST = ("Ruiz", "Lee", "Okafor", "Novak", "Singh", "Haddad", "Berg", "Mora", "Tanaka", "Costa")


def columns_of(layout: str) -> tuple[list[str], str]:
    """The real header of `layout` and its delimiter (comma or tab, as the vendor wrote it)."""
    line = (HEADERS / f"{layout}.header.txt").read_text(encoding="utf-8-sig").strip()
    delimiter = "\t" if "\t" in line else ","
    return next(csv.reader([line], delimiter=delimiter)), delimiter


def words(header: str) -> str:
    """'TestStandardError' -> 'test standard error', 'LNF_K_Beginning' -> 'lnf k beginning'."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", header)
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", spaced.lower()).split())


@dataclass(frozen=True)
class Student:
    n: int  # position in the class
    moved_out: bool = False  # moved during the year: Movedout_Grade filled, no scores
    row_of_two: int = 0  # 1 or 2 for the re-enrolled student listed twice under one ID

    @property
    def student_id(self) -> int:
        return 4_100_200 + 37 * self.n

    @property
    def first(self) -> str:
        return FIRST[self.n % len(FIRST)]

    @property
    def last(self) -> str:
        return f"{LAST[self.n % len(LAST)]}{'-' + LAST[self.n % 3] if self.n >= 10 else ''}"


@dataclass(frozen=True)
class Spec:
    """What one layout's invented export holds beyond what its headers say."""

    layout: str
    grade: str = "K"  # what its grade columns say
    windows: tuple[str, ...] = ()  # window names with scores, as the vendor writes them
    window_column: str | None = None  # the column naming each row's window (long layouts)
    measure_column: str | None = None  # the column naming each row's measure (long layouts)
    measures: tuple[str, ...] = ()  # its values
    scores: str = r".*\bscore\b.*"  # the words of its score columns' headers
    filled: str = r".*"  # of those, the columns with scores in them (this grade's)
    students: int = 14

    def class_list(self) -> list[Student]:
        """The class: one student moved out, one re-enrolled (two rows under one ID)."""
        students = [Student(n, moved_out=n == 3) for n in range(self.students)]
        twice = self.students // 2
        students[twice] = Student(twice, row_of_two=1)
        students.append(Student(twice, row_of_two=2))
        return students


_BANDS = ("Well Below Benchmark", "Below Benchmark", "At Benchmark", "Above Benchmark")


def _score(student: Student, header: str) -> object:
    """A plausible score; an absence marker now and then, as assessors type them."""
    if student.n == 1 and "composite" not in header:
        return "Discontinue"
    return 12 + (7 * student.n + len(header)) % 60


# (pattern on the header's words, what to write) in order: the first that matches fills the cell.
Filler = Callable[[Student, Spec, str], object]
_INSTITUTION = r"(district|school|municipality|lea|state|county|class|course|section|nces|account)"
FILLERS: tuple[tuple[str, Filler], ...] = (
    (r".*moved ?out grade.*", lambda s, spec, h: spec.grade if s.moved_out else ""),
    (r".*moved ?out month.*", lambda s, spec, h: "November" if s.moved_out else ""),
    (
        r".*\b(dob|birth\w*|date of birth)\b.*",
        lambda s, spec, h: f"2019-0{1 + s.n % 9}-1{s.n % 10}",
    ),
    (r".*\bbirth (month|day|year)\b.*", lambda s, spec, h: 3 + s.n % 9),
    (r".*\bsecondary\b.*\bid\b.*", lambda s, spec, h: 880_000 + s.n),
    (r".*\bassessor\b.*\bid\b.*", lambda s, spec, h: 71_500 + s.n % 2),
    (r".*\bassessor\b.*name.*", lambda s, spec, h: "Moss" if s.n % 2 else "Paz"),
    (r".*\b(teacher|instr)\b.*\b(id|uid|username)\b.*", lambda s, spec, h: 61_200),
    (r".*\b(teacher|instr)\b.*", lambda s, spec, h: "Holly Brown"),
    (
        rf"(?!.*student){_INSTITUTION}.*\b(id|uid|code|key|abbreviation)\b.*|.*\b"
        rf"{_INSTITUTION} ?(id|uid|code)\b.*|hscode|lea sch code|uid 1|.*\b(test|course) id",
        lambda s, spec, h: 3_040 + len(h) % 7,
    ),
    (
        r".*\b(student|primary|local|state|fast|sis|smarter|statewide)\b.*\b(id|uid|identifier"
        r"|number|key)\b.*|uid|ssid|source id|id number|studentuid|student key|uin|.*student ?id",
        lambda s, spec, h: s.student_id + len(h) % 3,
    ),
    (r".*\bstudent name\b.*", lambda s, spec, h: f"{s.last}, {s.first}"),
    (r".*\b(last ?name|lastname|last)\b.*", lambda s, spec, h: s.last),
    (r".*\b(first ?name|frstname|first)\b.*", lambda s, spec, h: s.first),
    (r".*\bmiddle ?name\b.*|student mi", lambda s, spec, h: "J"),
    (r".*\bclass( name| k| \d\w*)?", lambda s, spec, h: "Room 12" if s.n < 9 else "Room 14"),
    (
        r".*\b(date|dates|testdate|time|started|completed)\b.*",
        lambda s, spec, h: f"09/1{s.n % 9}/2026",
    ),
    (r".*\bgoal\b.*\bname\b.*", lambda s, spec, h: "Vocabulary"),
    (r".*\bgoal\b.*\b(range)\b.*", lambda s, spec, h: "195-205"),
    (r".*\bgoal\b.*\b(status|adjective|pathway)\b.*", lambda s, spec, h: "Typical"),
    (r".*\bgoal\b.*", lambda s, spec, h: 180 + s.n % 40),
    (
        r".*\b(percentile|pctl|percentile rank|natl|dist|sch)\b.*",
        lambda s, spec, h: 5 + 7 * s.n % 94,
    ),
    (r"letter grade", lambda s, spec, h: "B"),
    (r"(.* )?(grade|grado)( level| assessed)?", lambda s, spec, h: spec.grade),
    (
        r".*\b(status|level|adjective|risk|quintile|achievement)\b.*",
        lambda s, spec, h: _BANDS[s.n % 4],
    ),
    (r".*\bform\b.*|form ?code|related form|key code", lambda s, spec, h: f"F{2 + s.n % 5}"),
    (r".*\bremote\b.*", lambda s, spec, h: "N"),
    (r".*\bpathway\b.*", lambda s, spec, h: "Above Typical" if s.n % 2 else "Typical"),
    (
        r".*\b(growth|roi|sgp|csem|sem|standard error|std err|stderr|error bands|se)\b.*",
        lambda s, spec, h: round(0.4 + s.n / 10, 1),
    ),
    (r".*\b(duration|minutes)\b.*", lambda s, spec, h: 30 + s.n % 25),
    (r".*\brapid guessing\b.*", lambda s, spec, h: s.n % 4),
    (r".*\b(lexile|quantile)\b.*", lambda s, spec, h: 400 + 25 * s.n),
    (r".*\bprobability\b.*", lambda s, spec, h: round(0.5 + s.n / 40, 2)),
    (r".*\b(school )?year\b.*", lambda s, spec, h: "2026-2027" if " " in h else 2026),
    (r".*\b(gender|sex)\b.*", lambda s, spec, h: "F" if s.n % 2 else "M"),
)
# Names of places and programs, for what no filler above claims and is not a score.
_PLACES = r".*\b(name|district|school|municipality|account|program|lea|state|county)\b.*"

_COMPILED = tuple((re.compile(p), f) for p, f in FILLERS)


def fill(student: Student, spec: Spec, header: str, window: str | None) -> object:
    """What an export of `spec` writes in `header` for `student`, on a row of `window`."""
    said = words(header)
    if spec.window_column == header:
        return window
    if spec.measure_column == header:
        return None  # filled per row by `rows`
    for pattern, filler in _COMPILED:
        if pattern.fullmatch(said):
            return filler(student, spec, said)
    if not re.fullmatch(spec.scores, said):
        if re.fullmatch(_PLACES, said):
            return "Cedar Hills" if student.row_of_two != 2 else "Pine Ridge"
        return "N"
    if not re.fullmatch(spec.filled, said):
        return ""
    if window is None:
        window = next((w for w in spec.windows if w.lower() in said.split()), None)
    later = spec.windows and window != spec.windows[0]
    unnamed = spec.windows and window is None
    if student.moved_out or unnamed or (student.row_of_two == 1 and later):
        return ""
    return _score(student, said)


def export(spec: Spec) -> bytes:
    """The invented export of `spec` under its real header, as the platform would write it."""
    columns, delimiter = columns_of(spec.layout)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    row_windows = spec.windows if spec.window_column else (None,)
    for window in row_windows:
        for student in spec.class_list():
            for measure in spec.measures or (None,):
                row = [fill(student, spec, c, window) for c in columns]
                if spec.measure_column:
                    row[columns.index(spec.measure_column)] = measure
                writer.writerow(row)
    return out.getvalue().encode("utf-8")


_WINDOW_NAMED = r".*_(k|1st|2nd|3rd|[4-8]th) (beginning|middle|end)"
SPECS: tuple[Spec, ...] = (
    Spec(
        "acadience_adm_7_8_long",
        grade="7",
        windows=("BOY", "MOY"),
        window_column="Benchmark Period",
        scores=r".*\bscore\b.*",
    ),
    Spec(
        "acadience_adm_k6_long",
        windows=("BOY", "MOY"),
        window_column="Benchmark Period",
        scores=r".*\b(score|errors|seconds)\b.*",
    ),
    Spec(
        "acadience_wide_ark6_K6",
        windows=("beg",),
        scores=r"[a-z0-9 ]+ [k1-6] (beg|mid|end)",
        filled=r".* k beg",
    ),
    Spec("act_preact", grade="10", scores=r"english|math|reading|science|composite|stem"),
    Spec(
        "aimswebplus_cdf",
        windows=("Fall", "Winter"),
        window_column="Period",
        measure_column="MeasureName",
        measures=("Letter Naming Fluency", "Initial Sounds"),
        scores=r"score|vertical score|errors|accuracy|scaled score",
    ),
    Spec(
        "aimswebplus_scoreexport_tab",
        grade="2",
        windows=("Fall", "Winter"),
        window_column="Period",
        measure_column="MeasureName",
        measures=("Oral Reading Fluency", "Number Sense Fluency"),
        scores=r"score|vertical score|errors|accuracy|scaled score",
    ),
    Spec(
        "dibels8_dds_datafarming_1st_min",
        grade="1",
        windows=("middle",),
        scores=r".* (k|1st|2nd|3rd|[4-8]th) (beginning|middle|end)",
        filled=r".* 1st .*",
    ),
    Spec(
        "dibels8_dds_datafarming_K",
        windows=("beginning", "middle"),
        scores=r".* (k|1st|2nd|3rd|[4-8]th) (beginning|middle|end)",
        filled=r".* k .*",
    ),
    Spec(
        "dibels8_dds_datafarming_K6_tab",
        windows=("beginning", "middle"),
        scores=r".* (k|1st|2nd|3rd|[4-8]th) (beginning|middle|end)",
        filled=r".* k .*",
    ),
    Spec(
        "fastbridge_cbmmath_cap",
        grade="3",
        windows=("fall",),
        scores=r"(fall|early winter|winter|spring) .* cap ic per ten minute",
        filled=r"fall .*",
    ),
    Spec(
        "fastbridge_cbmr_english",
        grade="2",
        windows=("fall", "winter"),
        scores=r"(fall|winter|spring) cbmr english .*(words read|words read correct|wrc per min|"
        r"accuracy wrc twr|median wrc|median accuracy|median error)",
    ),
    Spec(
        "mclass_dibels8_summary",
        windows=("BOY", "MOY"),
        window_column="Benchmark Period",
        scores=r".* score",
    ),
    Spec(
        "mclass_dibelsnext_summary_2019",
        windows=("BOY", "MOY"),
        window_column="Benchmark Period",
        scores=r".* score",
    ),
    Spec("mclass_school_report_2019", scores=r".* score"),
    Spec(
        "nwea_map_AssessmentResults_2021",
        grade="3",
        windows=("Fall 2026-2027", "Winter 2026-2027"),
        window_column="TermName",
        measure_column="Subject",
        measures=("Reading", "Mathematics"),
        scores=r"test rit score|percent correct",
    ),
    Spec(
        "nwea_map_combo_with_teacher_tab",
        windows=("Fall 2026-2027", "Winter 2026-2027"),
        window_column="TermName",
        measure_column="Subject",
        measures=("Reading", "Mathematics"),
        scores=r"test rit score|percent correct",
    ),
    Spec(
        "nwea_map_reading_fluency_TX",
        windows=("Spring 2026-2027",),
        window_column="TermName",
        scores=r".*\b(correct|attempted|wcpm|accuracy score)",
    ),
    Spec("state_ca_caaspp_sdf", grade="5", scores=r"theta score|raw score|scale score"),
    Spec("state_fl_fast_ela", grade="3", scores=r"fast grade 3 ela reading scale score"),
    Spec(
        "state_nc_eoc_tab",
        grade="10",
        scores=r"100 ?point conv score|structure and function|ecosystems|evolution and genetics|"
        r"molecular biology|bio scale",
    ),
)


NOT_A_MEASURE = re.compile(
    r"(.* )?grade( level| assessed)?|.*\b(id|uid|ssid|uin|key|code|moved ?out|date|dates|form"
    r"|goal|target|percentile|pctl|status|assessor|remote|pathway|growth|roi|sgp|standard error"
    r"|csem|sem|error bands|duration|minutes|rapid guessing|lexile|quantile|probability|year"
    r"|level)\b.*"
)
NAMES_NO_WINDOW = {"mclass_school_report_2019", "state_ca_caaspp_sdf"}


def check(spec: Spec) -> dict[str, Any]:
    return ingest.read(export(spec), filename=f"{spec.layout}.csv").to_check_json()


def students_per_window(spec: Spec) -> int:
    """Distinct students the file lists in a window: the re-enrolled student once; the one who
    moved out only where a row of theirs stands for that window (rows per window), not where
    only blank score columns would (windows named in the headers)."""
    named_in_headers = spec.windows and not spec.window_column
    return spec.students - (1 if named_in_headers else 0)


def test_every_vendor_layout_has_a_realistic_export() -> None:
    assert sorted(s.layout for s in SPECS) == sorted(
        p.name.removesuffix(".header.txt") for p in HEADERS.glob("*.header.txt")
    )


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.layout)
def test_every_vendor_export_reads_the_same_by_either_csv_reader(
    spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = export(spec)
    fast = ingest.read(data, filename=f"{spec.layout}.csv")
    with monkeypatch.context() as patch:
        patch.setattr(csv_body, "body_rows", lambda *_: None)
        slow = ingest.read(data, filename=f"{spec.layout}.csv")
    assert_same_reading(fast, slow)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.layout)
def test_no_id_grade_goal_percentile_date_or_status_column_is_a_measure(spec: Spec) -> None:
    report = check(spec)
    columns = {m["column"] for w in report["windows"] for m in w["measures"]}
    assert columns
    assert not [c for c in columns if NOT_A_MEASURE.fullmatch(words(c))]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.layout)
def test_every_column_left_out_is_reported_with_a_reason(spec: Spec) -> None:
    reading = ingest.read(export(spec), filename=f"{spec.layout}.csv")
    columns, _ = columns_of(spec.layout)
    used = set(reading.scores["column"]) | set(reading.roles.values())
    reasons = {c.column: c.reason for c in reading.ignored_columns}
    assert [c for c in columns if c not in used and c not in reasons] == []
    assert all(reasons.values())


@pytest.mark.parametrize(
    "spec", [s for s in SPECS if s.layout not in NAMES_NO_WINDOW], ids=lambda s: s.layout
)
def test_every_window_is_labelled_and_counts_the_students_right(spec: Spec) -> None:
    report = check(spec)
    labels = [w["label"] for w in report["windows"]]
    assert None not in labels
    assert len(labels) == max(1, len(spec.windows))
    assert {w["students"] for w in report["windows"]} == {students_per_window(spec)}


@pytest.mark.parametrize("layout", sorted(NAMES_NO_WINDOW))
def test_a_file_that_names_no_window_is_read_as_one_window_to_be_named_at_import(
    layout: str,
) -> None:
    [spec] = [s for s in SPECS if s.layout == layout]
    [window] = check(spec)["windows"]
    assert (window["label"], window["students"]) == (None, spec.students)


@pytest.mark.parametrize(
    "layout",
    ["dibels8_dds_datafarming_K", "acadience_adm_k6_long", "mclass_dibels8_summary"],
)
def test_check_json_on_the_command_line_says_the_same(
    layout: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [spec] = [s for s in SPECS if s.layout == layout]
    path = tmp_path / f"{layout}.csv"
    path.write_bytes(export(spec))
    assert main(["check", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["grade"] == 0
    assert [w["label"] for w in report["windows"]] == [
        {"beginning": "Beginning", "middle": "Middle"}.get(w, w) for w in spec.windows
    ]
    assert "Composite Goal" not in {m["name"] for w in report["windows"] for m in w["measures"]}


def _layout(name: str) -> Spec:
    return next(s for s in SPECS if s.layout == name)


def test_the_moved_out_and_enrolment_grade_columns_are_left_out_as_such() -> None:
    reasons = {
        c["column"]: c["reason"]
        for c in check(_layout("dibels8_dds_datafarming_K"))["ignored_columns"]
    }
    assert reasons["Movedout_Grade"] == "when the student moved, not a score"
    assert reasons["Secondary_ID"] == "another ID, not a score"
    assert reasons["UID"] == "another ID, not a score"
    mclass = {
        c["column"]: c["reason"]
        for c in check(_layout("mclass_dibels8_summary"))["ignored_columns"]
    }
    assert mclass["Enrollment Grade"] == mclass["Assessment Grade"] == "grade or year, not a score"
    acadience = {
        c["column"]: c["reason"] for c in check(_layout("acadience_adm_k6_long"))["ignored_columns"]
    }
    assert acadience["Composite Goal"] == "a goal or target, not a score"


# -- duplicate IDs ---


def test_a_re_enrolled_student_is_one_problem_naming_the_sheet_and_both_rows() -> None:
    report = check(_layout("dibels8_dds_datafarming_K"))
    [problem] = report["problems"]
    assert (problem["kind"], problem["row"], problem["column"]) == (
        "duplicate_student",
        16,
        "Student_ID",
    )
    assert "first on row 9" in problem["message"]
    assert problem["message"].startswith("Sheet 'dibels8_dds_datafarming_K', row 16")


def test_a_re_enrolled_students_later_window_keeps_the_score_from_the_row_that_has_it() -> None:
    # Row 9 holds the Beginning scores (then the student moved); row 16 holds both windows.
    reading = ingest.read(export(_layout("dibels8_dds_datafarming_K")), filename="k.csv")
    middle = reading.scores[
        (reading.scores["window"] == "Middle") & (reading.scores["measure"] == "LNF")
    ]
    kept = middle.set_index("row")["value"]
    assert 9 not in kept.index  # the blank cell of the row before the move is the one left out
    assert not np.isnan(kept[16])


def test_repeated_ids_never_make_the_student_id_give_way_to_names(tmp_path: Path) -> None:
    path = tmp_path / "scrubbed.csv"
    path.write_text(
        "Student_ID,Last,First,WCPM\n7,Lee,Bo,50\n7,Lee,Bo,52\n8,Ruiz,Ana,61\n8,Ruiz,Ana,63\n9,Mora,Eli,40\n",
        encoding="utf-8",
    )
    reading = ingest.read(path)
    assert reading.roles["student"] == "Student_ID"
    assert set(reading.scores["identity"]) == {"id:7", "id:8", "id:9"}
    assert [(p.row, p.kind) for p in reading.problems] == [
        (3, "duplicate_student"),
        (5, "duplicate_student"),
    ]


# -- windows ---


def test_a_score_column_that_names_no_window_is_left_out_not_made_an_unnamed_window() -> None:
    data = export(_layout("dibels8_dds_datafarming_1st_min")).decode().splitlines()
    data = [f"{line},{47 + i}" if i else f"{line},Bonus points" for i, line in enumerate(data)]
    report = ingest.read("\n".join(data).encode(), filename="d.csv").to_check_json()
    assert [w["label"] for w in report["windows"]] == ["Middle"]
    [left_out] = [c for c in report["ignored_columns"] if c["column"] == "Bonus points"]
    assert "names no assessment window" in left_out["reason"]


def test_one_import_without_a_window_saves_every_window_the_file_names(
    tmp_path: Path, private_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from famdata.store import Store

    path = tmp_path / "dds.txt"
    path.write_bytes(export(_layout("dibels8_dds_datafarming_K6_tab")))
    assert main(["import", str(path), "--class", "Room 3"]) == 0
    store = Store(private_database)
    assert [w.label for w in store.windows("Room 3")] == ["Beginning", "Middle"]  # no End
    assert store.get_class("Room 3").grade == 0
    scored = store.scores("Room 3").dropna(subset=["value"])
    assert scored.groupby("window")["student"].nunique().to_dict() == {
        "Beginning": 13,
        "Middle": 13,
    }


# -- groups ---


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.layout)
def test_groups_come_only_from_class_teacher_school_or_grade_columns(spec: Spec) -> None:
    for group in check(spec)["groups"]:
        said = words(group["column"])
        assert re.search(r"\b(class|teacher|school|grade)\b", said), group["column"]
        assert not re.search(r"\b(percentile|score|status|id|year)\b", said), group["column"]


def test_a_dibels_export_offers_its_classes_not_its_percentiles() -> None:
    report = check(_layout("dibels8_dds_datafarming_K"))
    assert {
        (g["column"], g["value"], g["students"])
        for g in report["groups"]
        if g["column"] == "Class_K"
    } == {
        ("Class_K", "Room 12", 9),
        ("Class_K", "Room 14", 5),
    }


# -- teacher files ---


def _teacher_workbook(
    tmp_path: Path, titles: list[str], header: list[str], rows: list[list[object]]
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for title in titles:
        sheet.append([title])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "class.xlsx"
    book.save(path)
    return path


CLASS = [["Ana Ruiz", 62], ["Bo Lee", 88], ["Chen Okafor", 45]]


@pytest.mark.parametrize(
    ("title", "grade"),
    [
        ("Grade 4 — Room 12", 4),
        ("4th grade reading", 4),
        ("Kindergarten - Room 3", 0),
        ("4º grado", 4),
        ("Cuarto grado", 4),
    ],
)
def test_a_teacher_files_grade_comes_from_its_title(tmp_path: Path, title: str, grade: int) -> None:
    path = _teacher_workbook(tmp_path, [title], ["Student", "WCPM"], CLASS)
    assert ingest.read(path).grade == grade


def test_a_grade_column_wins_over_the_title(tmp_path: Path) -> None:
    rows = [[*r, "3"] for r in CLASS]
    path = _teacher_workbook(tmp_path, ["Grade 4 — Room 12"], ["Student", "WCPM", "Grade"], rows)
    assert ingest.read(path).grade == 3


@pytest.mark.parametrize(
    "title",
    ["Fall benchmark, September 2026", "Evaluación de septiembre 2026", "Lectura 15/09/2026"],
)
def test_a_teacher_files_window_comes_from_the_date_in_its_title(
    tmp_path: Path, title: str
) -> None:
    path = _teacher_workbook(tmp_path, ["Room 12", title], ["Student", "WCPM"], CLASS)
    assert ingest.read(path).windows == ("2026-09",)


@pytest.mark.parametrize(
    ("header", "dates"),
    [
        ("Date", ["9/15/2026", "9/16/2026", "9/18/2026"]),
        (
            "Fecha",
            ["15 de septiembre de 2026", "16 de septiembre de 2026", "2 de septiembre de 2026"],
        ),
        ("Fecha", ["05/09/2026", "15/09/2026", "16/09/2026"]),
    ],
)
def test_a_teacher_files_window_comes_from_its_date_column(
    tmp_path: Path, header: str, dates: list[str]
) -> None:
    rows = [[*r, d] for r, d in zip(CLASS, dates, strict=True)]
    path = _teacher_workbook(tmp_path, ["Grado 4"], ["Alumno", "Fluidez", header], rows)
    reading = ingest.read(path)
    assert reading.windows == ("2026-09",)
    assert reading.window_dates["2026-09"].month == 9
