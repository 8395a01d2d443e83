"""Realistic rows under each real vendor header in `vendor_headers/`, for the export tests.

Every column is filled the way the platform fills it: IDs are numbers (the hard case: they look
like scores), grades are "K", dates, percentiles, statuses, assessor IDs, form codes, goals,
growth and error figures are there, one student moved out (no scores), one was re-enrolled (listed
twice under one ID), and the columns of later windows are present but empty. What fills a column
is decided by its header's words, so one generator serves every layout.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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
