"""The measure profile: each measure's skill, unit and direction, guessed from the file, stored,
and followed by every figure — percents read as the teacher typed them, fewer errors counted as
growth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook

from famdata import goals, growth, ingest
from famdata.cli import main
from famdata.measures import PERCENT, Profile, of_skill
from famdata.store import Store, schema
from famdata.views import folders

HEADER = ["Student ID", "WCPM", "Accuracy", "ORF Errors"]


def percent_workbook(path: Path, accuracy: list[float]) -> Path:
    """A teacher's workbook: accuracy typed as 96.5% in Excel (stored 0.965, shown 0.0%)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Grade 4 reading, September"])
    sheet.append(HEADER)
    for i, value in enumerate(accuracy):
        sheet.append([f"S{i + 1:02d}", 80 + i, value, 9 - i % 6])
        sheet.cell(row=sheet.max_row, column=3).number_format = "0.0%"
    book.save(path)
    return path


def percent_ods(path: Path, accuracy: list[float]) -> Path:
    """The same class in LibreOffice: accuracy cells of value type "percentage"."""
    document = OpenDocumentSpreadsheet()
    table = Table(name="Scores")
    header = TableRow()
    for text in HEADER[:3]:
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=text))
        header.addElement(cell)
    table.addElement(header)
    for i, value in enumerate(accuracy):
        row = TableRow()
        student = TableCell(valuetype="string")
        student.addElement(P(text=f"S{i + 1:02d}"))
        row.addElement(student)
        row.addElement(TableCell(valuetype="float", value=80 + i))
        accuracy_cell = TableCell(valuetype="percentage", value=value)
        accuracy_cell.addElement(P(text=f"{value:.1%}"))
        row.addElement(accuracy_cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def imported(path: Path, room: str, window: str) -> None:
    assert main(["import", str(path), "--class", room, "--grade", "4", "--window", window]) == 0


def check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["check", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def measures_of(report: dict) -> dict[str, dict]:
    return {m["name"]: m for w in report["windows"] for m in w["measures"]}


ACCURACY = [0.965, 0.93, 0.99, 0.88, 0.964, 0.97, 0.95, 1.0, 0.91, 0.98]


def test_a_percent_formatted_xlsx_cell_is_read_as_the_percent_the_teacher_sees(
    tmp_path: Path,
) -> None:
    reading = ingest.read(percent_workbook(tmp_path / "class.xlsx", ACCURACY))
    accuracy = reading.scores[reading.scores["measure"] == "Accuracy"]["value"]
    assert accuracy.tolist() == pytest.approx([v * 100 for v in ACCURACY])
    assert reading.profiles["Accuracy"] == of_skill("ORF-ACC")
    assert reading.fraction_questions == ()


def test_a_percent_typed_ods_cell_is_read_as_a_percent(tmp_path: Path) -> None:
    reading = ingest.read(percent_ods(tmp_path / "class.ods", ACCURACY))
    accuracy = reading.scores[reading.scores["measure"] == "Accuracy"]["value"]
    assert accuracy.tolist() == pytest.approx([v * 100 for v in ACCURACY])
    assert reading.profiles["Accuracy"].unit == PERCENT


def test_a_percent_format_on_a_measure_famdata_does_not_know_makes_it_a_percent(
    tmp_path: Path,
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Student ID", "Homework done"])
    for i in range(6):
        sheet.append([f"S{i}", 0.5 + i / 20])
        sheet.cell(row=sheet.max_row, column=2).number_format = "0%"
    book.save(tmp_path / "hw.xlsx")
    reading = ingest.read(tmp_path / "hw.xlsx")
    assert reading.profiles["Homework done"] == Profile(unit=PERCENT)
    assert reading.scores["value"].max() == pytest.approx(75.0)


def test_check_json_gives_every_measure_its_skill_unit_and_direction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = percent_workbook(tmp_path / "class.xlsx", ACCURACY)
    found = measures_of(check_json(capsys, str(path)))
    shown = {n: (m["skill"], m["unit"], m["higher_is_better"]) for n, m in found.items()}
    assert shown == {
        "WCPM": ("ORF-WC", "words a minute", True),
        "Accuracy": ("ORF-ACC", "percent", True),
        "ORF Errors": ("ORF-ERR", "count", False),
    }


def fraction_csv(path: Path, accuracy: list[float]) -> Path:
    lines = ["Student ID,WCPM,ORF Accuracy"]
    lines += [f"S{i + 1:02d},{80 + i},{value}" for i, value in enumerate(accuracy)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_csv_of_fractions_for_a_percent_skill_is_a_question_not_a_silent_guess(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fraction_csv(tmp_path / "class.csv", ACCURACY)
    found = measures_of(check_json(capsys, str(path)))
    assert found["ORF Accuracy"]["question"] == (
        "These look like fractions of 1: read them as percents?"
    )
    assert "question" not in found["WCPM"]
    answered = measures_of(check_json(capsys, str(path), "--as-percent", "ORF Accuracy"))
    assert "question" not in answered["ORF Accuracy"]


def test_the_answer_to_the_fractions_question_is_kept_for_the_next_file(
    tmp_path: Path, private_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fraction_csv(tmp_path / "sept.csv", ACCURACY)
    argv = ["import", str(path), "--class", "Room 12", "--grade", "4", "--window", "2026-09"]
    assert main([*argv, "--as-percent", "ORF Accuracy"]) == 0
    later = fraction_csv(tmp_path / "oct.csv", [v - 0.01 for v in ACCURACY])
    assert main(["import", str(later), "--class", "Room 12", "--window", "2026-10"]) == 0
    assert "look like fractions" not in capsys.readouterr().err
    store = Store(private_database)
    values = store.scores("Room 12")
    accuracy = values[values["measure"] == "ORF Accuracy"]
    assert accuracy["value"].min() > 80
    assert store.profiles("Room 12")["ORF Accuracy"].from_fractions


def test_fractions_saved_without_an_answer_are_named_with_the_way_to_fix_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fraction_csv(tmp_path / "sept.csv", ACCURACY)
    imported(path, "Room 12", "2026-09")
    assert "--as-percent 'ORF Accuracy'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("header", "skill", "higher"),
    [
        ("ORF Errors", "ORF-ERR", False),
        ("DORF (Errors) Score", "ORF-ERR", False),
        ("Daze (Incorrect) Score", "MAZE-INC", False),
        ("mazi_3_beg", "MAZE-INC", False),
        ("Maze", "MAZE", True),
        ("ORF (wcpm)", "ORF-WC", True),
        ("Fluidez lectora", "ORF-WC", True),
        ("Precisión", "ORF-ACC", True),
        ("Letter Naming Fluency", "LNF", True),
        ("Reading RIT", "RIT-READING", True),
    ],
)
def test_the_header_names_the_skill_and_its_direction(
    header: str, skill: str, higher: bool
) -> None:
    profile = ingest.profiles.guess(header, None).profile
    assert (profile.skill, profile.higher_is_better) == (skill, higher)


def test_a_measure_timed_in_seconds_is_lower_is_better() -> None:
    profile = ingest.profiles.guess("Rapid naming (seconds)", None).profile
    assert (profile.unit, profile.higher_is_better) == ("seconds", False)


def test_a_nwea_subject_is_its_rit_scale() -> None:
    assert ingest.profiles.guess_skill("Mathematics", "NWEA MAP Assessment Results") == "RIT-MATH"


# -- lower is better, through goals, review, growth and folders --------------------------------


def errors_file(path: Path, errors: list[int]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Student ID", "ORF Errors"])
    for i, value in enumerate(errors):
        sheet.append([f"S{i + 1:02d}", value])
    book.save(path)
    return path


SEPTEMBER_ERRORS = [9, 8, 7, 6, 9, 8, 7, 6, 9, 8, 7, 6]
OCTOBER_ERRORS = [3, 8, 8, 4, 5, 6, 7, 2, 9, 4, 6, 5]


@pytest.fixture
def errors_class(tmp_path: Path, private_database: str) -> Store:
    """A class whose one measure is reading errors, in September and October."""
    for window, errors in (("2026-09", SEPTEMBER_ERRORS), ("2026-10", OCTOBER_ERRORS)):
        path = errors_file(tmp_path / f"{window}.xlsx", errors)
        argv = ["import", str(path), "--class", "Room 12", "--grade", "2", "--window", window]
        assert main(argv) == 0
    return Store(private_database)


def number_of(store: Store, student_id: str) -> int:
    return store.numbers_for("Room 12", [f"id:{student_id}"])[f"id:{student_id}"]


def test_a_child_who_cut_errors_to_below_the_target_met_the_goal(errors_class: Store) -> None:
    first = number_of(errors_class, "S01")  # 9 errors -> 3
    second = number_of(errors_class, "S03")  # 7 errors -> 8
    goals.save(
        errors_class,
        "Room 12",
        "2026-09",
        [
            goals.GoalEntry("ORF Errors", 5, student=first),
            goals.GoalEntry("ORF Errors", 5, student=second),
        ],
    )
    reviews = {r.goal.student: r for r in goals.review(errors_class, "Room 12")}
    assert (reviews[first].met, reviews[first].growth) == (True, 6.0)
    assert (reviews[second].met, reviews[second].growth) == (False, -1.0)


def test_goals_json_met_follows_the_direction(
    errors_class: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    first = number_of(errors_class, "S01")
    goals.save(
        errors_class, "Room 12", "2026-09", [goals.GoalEntry("ORF Errors", 5, student=first)]
    )
    capsys.readouterr()
    assert main(["goals", "--class", "Room 12", "--json"]) == 0
    [row] = [g for g in json.loads(capsys.readouterr().out) if g["student"] == first]
    assert row["met"] is True


def test_a_suggested_target_for_errors_goes_down_and_never_below_zero() -> None:
    errors = of_skill("ORF-ERR")
    assert goals.suggest_target(9, errors, 2, weeks=4, per_week=0.5) == 7
    assert goals.suggest_target(1, errors, 2, weeks=4, per_week=0.5) == 0


def test_a_target_above_todays_errors_is_flagged_as_the_wrong_way() -> None:
    [warning] = goals.check_target(12, 9, higher_is_better=False)
    assert "fewer is better" in warning


def test_growth_in_errors_is_the_fall(errors_class: Store) -> None:
    table = growth.growth_by_student(errors_class)
    first = number_of(errors_class, "S01")
    assert table[table["student"] == first]["growth"].item() == 6.0
    assert table["skill"].unique().tolist() == ["ORF-ERR"]


def test_the_review_says_fewer_is_better_in_both_languages(errors_class: Store) -> None:
    from famdata.views import projector

    first = number_of(errors_class, "S01")
    goals.save(
        errors_class, "Room 12", "2026-09", [goals.GoalEntry("ORF Errors", 5, student=first)]
    )
    english = projector.review_slide(errors_class, "Room 12", "ORF Errors", lang="en")
    spanish = projector.review_slide(errors_class, "Room 12", "ORF Errors", lang="es")
    # 8 of the 12 made fewer errors in October; the child with 9 -> 3 reached the goal of 5.
    assert english.summary == (
        "8 of 12 children improved (here fewer is better); 1 of 1 reached their goal."
    )
    assert spanish.summary == (
        "8 de 12 niños mejoraron (aquí, menos es mejor); 1 de 1 alcanzaron su meta."
    )


def test_an_unnamed_measure_keeps_its_capitals_and_needs_no_unit(errors_class: Store) -> None:
    from famdata import benchmarks
    from famdata.views import projector

    errors_class.save_profile("Room 12", "ORF Errors", Profile())  # no skill: the class's name
    shown = projector.slide(
        errors_class.scores("Room 12", "2026-10"),
        grade=2,
        benchmark_for=benchmarks.for_class(errors_class, "Room 12"),
        measure="ORF Errors",
        profile=Profile(),
        window="2026-10",
    )
    assert shown.figure.layout.title.text.startswith("ORF Errors · 2026-10")
    plan = folders.prepare_folders(errors_class, "Room 12", "2026-10", lang="es")
    page = plan.folders[0].pages[0]
    assert page.skill == "ORF Errors"
    assert re.fullmatch(r"Su hijo/a \(número \d+\): \d+\.", page.score_line)  # no "49 ."


def test_a_family_folder_for_errors_says_errors_and_fewer_is_better(errors_class: Store) -> None:
    plan = folders.prepare_folders(errors_class, "Room 12", "2026-10", lang="es")
    page = plan.folders[0].pages[0]
    assert page.skill == "Errores de lectura"
    assert "errores" in page.score_line
    assert "Menos es mejor" in (page.how or "")


# -- the profile is stored, edited and migrated --------------------------------------------------


def test_summary_json_carries_each_measures_profile(
    tmp_path: Path, private_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = percent_workbook(tmp_path / "class.xlsx", ACCURACY)
    assert (
        main(["import", str(path), "--class", "Room 12", "--grade", "4", "--window", "Fall"]) == 0
    )
    capsys.readouterr()
    assert main(["summary", "--class", "Room 12", "--json"]) == 0
    [window] = json.loads(capsys.readouterr().out)["windows"]
    found = {m["measure"]: m for m in window["measures"]}
    assert (found["Accuracy"]["unit"], found["Accuracy"]["max"]) == ("percent", 100.0)
    assert found["ORF Errors"]["higher_is_better"] is False
    assert found["WCPM"]["skill"] == "ORF-WC"


def test_a_skill_chosen_in_settings_is_the_one_every_figure_uses(
    tmp_path: Path, private_database: str
) -> None:
    from famdata import benchmarks

    path = percent_workbook(tmp_path / "class.xlsx", ACCURACY)
    assert (
        main(["import", str(path), "--class", "Room 12", "--grade", "4", "--window", "Fall"]) == 0
    )
    store = Store(private_database)
    store.save_profile("Room 12", "ORF Errors", Profile())  # "not a skill famdata knows"
    assert benchmarks.for_class(store, "Room 12")("ORF Errors", "Fall") is None
    store.save_profile("Room 12", "WCPM", of_skill("ORF-WC"))
    assert benchmarks.for_class(store, "Room 12")("WCPM", "Fall").measure == "ORF-WC"


def test_an_older_database_gets_each_measures_profile_from_its_link_or_its_name(
    db_url: str,
) -> None:
    store = Store(db_url)
    from famdata import samples

    samples.load_samples(store)
    with store.engine.begin() as conn:  # the measures table as it was before profiles
        conn.execute(sa.text("ALTER TABLE measures DROP COLUMN skill"))
        conn.execute(sa.text("ALTER TABLE measures DROP COLUMN from_fractions"))
        conn.execute(sa.text("ALTER TABLE measures ADD COLUMN benchmark_measure VARCHAR(50)"))
        conn.execute(sa.text("UPDATE measures SET unit = NULL"))
        conn.execute(schema.schema_version.update().values(version=3))
    store.engine.dispose()
    migrated = Store(db_url)
    grade4 = next(c.name for c in migrated.classes() if "Grade 4" in c.name)
    profile = migrated.profiles(grade4)["ORF (wcpm)"]
    assert (profile.skill, profile.unit, profile.higher_is_better) == (
        "ORF-WC",
        "words a minute",
        True,
    )


def test_growth_json_gives_each_row_its_skill_and_lists_classes_waiting_for_a_follow_up(
    tmp_path: Path, errors_class: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    path = percent_workbook(tmp_path / "class.xlsx", ACCURACY)
    assert (
        main(["import", str(path), "--class", "Room 14", "--grade", "4", "--window", "Fall"]) == 0
    )
    capsys.readouterr()
    assert main(["growth", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    compared = [r for r in rows if r["class"] == "Room 12"]
    assert [(r["skill"], r["status"]) for r in compared] == [("ORF-ERR", "compared")]
    waiting = {r["skill"]: r["status"] for r in rows if r["class"] == "Room 14"}
    assert waiting == {
        "ORF-WC": "no follow-up yet",
        "ORF-ACC": "no follow-up yet",
        "ORF-ERR": "no follow-up yet",
    }


def test_the_coach_compares_one_skill_across_classes_that_name_it_differently(
    tmp_path: Path, private_database: str
) -> None:
    for room, header in (("Room 1", "WCPM"), ("Room 2", "ORF (wcpm)")):
        for window, base in (("Fall", 40), ("Winter", 55)):
            book = Workbook()
            sheet = book.active
            sheet.append(["Student ID", header])
            for i in range(12):
                sheet.append([f"{room[-1]}{i:02d}", base + i])
            book.save(tmp_path / "f.xlsx")
            argv = ["import", str(tmp_path / "f.xlsx"), "--class", room, "--grade", "3"]
            assert main([*argv, "--window", window]) == 0
    table = growth.coach_table(Store(private_database), growth.Filters(skill="ORF-WC"))
    assert table[["Class", "Measure", "Skill"]].values.tolist() == [
        ["Room 1", "WCPM", "ORF-WC"],
        ["Room 2", "ORF (wcpm)", "ORF-WC"],
    ]
    assert table["Mean growth"].tolist() == [15.0, 15.0]


def test_delete_removes_a_class_after_confirmation(
    private_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo"]) == 0
    store = Store(private_database)
    sample = store.classes()[0].name
    assert main(["delete", "--class", sample]) != 0  # no terminal to ask: --yes is needed
    assert "--yes" in capsys.readouterr().err
    assert main(["delete", "--class", sample, "--yes"]) == 0
    assert sample not in [c.name for c in Store(private_database).classes()]


VENDOR_PROFILES = {
    "dibels8_dds_datafarming_1st_min": {
        "ORF-WordsCorrect": ("ORF-WC", "words a minute", True),
        "ORF-Errors": ("ORF-ERR", "count", False),
        "ORF-Accuracy": ("ORF-ACC", "percent", True),
    },
    "acadience_adm_k6_long": {
        "ORF Errors": ("ORF-ERR", "count", False),
        "Total RAN Seconds": (None, "seconds", False),
        "RAN Letters Errors": (None, "count", False),
    },
    "fastbridge_cbmr_english": {
        "CBMR-English Median WRC": ("ORF-WC", "words a minute", True),
        "CBMR-English Median Error": ("ORF-ERR", "count", False),
    },
    "mclass_dibels8_summary": {
        "Incorrect Responses (Maze) - Score": ("MAZE-INC", "count", False),
        "Letter Names (LNF) - Score": ("LNF", "count", True),
    },
    "nwea_map_AssessmentResults_2021": {"Reading": ("RIT-READING", "scaled score", True)},
    "nwea_map_reading_fluency_TX": {"OralReadingWCPM": ("ORF-WC", "words a minute", True)},
    "aimswebplus_scoreexport_tab": {"Number Sense Fluency": (None, None, True)},
}


@pytest.mark.parametrize("layout", sorted(VENDOR_PROFILES))
def test_each_vendor_export_gives_its_measures_the_right_unit_and_direction(layout: str) -> None:
    from tests.test_vendor_exports import SPECS, check

    [spec] = [s for s in SPECS if s.layout == layout]
    found = {
        m["name"]: (m["skill"], m["unit"], m["higher_is_better"])
        for w in check(spec)["windows"]
        for m in w["measures"]
    }
    for measure, expected in VENDOR_PROFILES[layout].items():
        assert found[measure] == expected, measure


def test_a_measure_famdata_cannot_name_still_says_fewer_is_better_on_the_wall() -> None:
    import pandas as pd

    from famdata import stats
    from famdata.views import projector

    scores = pd.DataFrame(
        {"window": "Fall", "student": [1, 2, 3], "measure": "RAN Seconds", "value": [40.0, 55, 61]}
    )
    [summary] = stats.summarize(scores)
    lower = Profile(unit="seconds", higher_is_better=False)
    assert projector.headline(summary, 1, "en", lower).endswith("Here fewer is better.")
    assert projector.headline(summary, 1, "es", lower).endswith("Aquí, menos es mejor.")
