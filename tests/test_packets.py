"""Family folders: each PDF names its own number and score, nobody else's, and never a name."""

from __future__ import annotations

import io
import os
import re
import stat
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from famdata.cli import main
from famdata.errors import FamdataError
from famdata.output import charts, labels, packets, printing
from famdata.store import Store
from famdata.views import wording

NAMES = {
    "S1": "Xiomara Quintanilla",
    "S2": "Bartholomew Fairweather",
    "S3": "Ngozi Adebayo",
    "S4": "Renée Łukasz",
    "S5": "Tahoma Begay",
}
WCPM = {"S1": 58, "S2": 101, "S3": 77, "S4": "abs", "S5": 133}
ACCURACY = {"S1": 91, "S2": 97, "S3": 94, "S4": "abs", "S5": 99}


@pytest.fixture(autouse=True)
def chromium_or_skip() -> None:
    if printing.find_browser() is None and "FAMDATA_BROWSER" not in os.environ:
        if os.environ.get("CI"):
            pytest.fail("CI must provide Chromium for the family folders")
        pytest.skip("no Chromium-family browser on this machine")


@pytest.fixture
def named_class(tmp_path: Path, private_database: str) -> Store:
    wb = Workbook()
    ws = wb.active
    ws.append(["Student ID", "Student Name", "WCPM", "Accuracy", "Notes"])
    for sid, name in NAMES.items():
        ws.append(
            [
                sid,
                name,
                WCPM[sid],
                ACCURACY[sid],
                f"{name.split()[0]} practises with {name.split()[1]}",
            ]
        )
    path = tmp_path / "names.xlsx"
    wb.save(path)
    assert (
        main(
            [
                "import",
                str(path),
                "--class",
                "Room 9",
                "--grade",
                "4",
                "--window",
                "Fall",
                "--db",
                private_database,
            ]
        )
        == 0
    )
    return Store(private_database)


@pytest.fixture
def folders(named_class: Store) -> packets.FolderSet:
    return packets.build_folders(named_class, "Room 9", "Fall", lang="en")


def numbers_of(store: Store) -> dict[str, int]:
    return {
        sid.removeprefix("id:"): n
        for sid, n in store.numbers_for("Room 9", [f"id:{s}" for s in NAMES]).items()
    }


def test_each_familys_pdf_names_its_own_number_and_score_and_nobody_elses(
    folders: packets.FolderSet, named_class: Store
) -> None:
    numbers = numbers_of(named_class)
    for sid, number in numbers.items():
        text = packets.pdf_text(folders.per_family[number])
        assert f"Your child (number {number})" in text
        if WCPM[sid] != "abs":
            assert f"{WCPM[sid]} words a minute" in text
        else:
            assert "was not assessed this time" in text
        others = set(numbers.values()) - {number}
        assert not any(f"(number {other})" in text for other in others)
        for name in NAMES.values():
            for part in name.split():
                assert part not in text, (number, part)


def test_the_folder_call_out_says_what_the_chart_call_out_says(
    folders: packets.FolderSet, named_class: Store
) -> None:
    """The folder draws its call-out in SVG over a copied chart, the projector with plotly: the
    two must agree, word for word, for every family."""
    scores = named_class.scores("Room 9", "Fall")
    for sid, number in numbers_of(named_class).items():
        if WCPM[sid] == "abs":
            continue
        figure = charts.class_chart(
            scores,
            measure="WCPM",
            window="Fall",
            benchmark=None,
            theme="print",
            unit="words a minute",
            highlight=number,
            highlight_label=wording.t("your_child", "en", number=number),
        )
        (callout,) = [a.text for a in figure.layout.annotations if "Your child" in a.text]
        said = re.sub(r"</?b>", "", callout)
        assert said == f"Your child (number {number}) — {WCPM[sid]} words a minute"
        assert said in " ".join(packets.pdf_text(folders.per_family[number]).split())


# Two skills, the goal sheet, and the one-minute reading card (both skills' default) with its chart.
PAGES = 2 + 1 + 2


def test_a_folder_has_a_page_per_skill_a_goal_sheet_and_the_practice_card(
    folders: packets.FolderSet,
) -> None:
    for pdf in folders.per_family.values():
        assert len(PdfReader(io.BytesIO(pdf)).pages) == PAGES
    assert len(PdfReader(io.BytesIO(folders.merged_pdf)).pages) == PAGES * len(NAMES)


def test_the_merged_pdf_is_in_number_order(folders: packets.FolderSet) -> None:
    text = packets.pdf_text(folders.merged_pdf)
    order = [int(n) for n in re.findall(r"Family folder Number (\d+)", text)]
    assert order == sorted(order)


def test_the_goal_sheet_is_left_blank_for_the_family_to_write_in(
    folders: packets.FolderSet,
) -> None:
    text = " ".join(packets.pdf_text(next(iter(folders.per_family.values()))).split())
    assert "Your child's goal" in text
    assert "like your child to be by the next meeting?" in text
    assert "At-home strategy" in text


def test_the_goal_sheet_shows_where_typical_growth_would_take_the_child(
    folders: packets.FolderSet, named_class: Store
) -> None:
    number = numbers_of(named_class)["S1"]  # 58 words a minute, grade 4: 1.22 a week
    text = " ".join(packets.pdf_text(folders.per_family[number]).split())
    assert "typical growth would take your child to about 63 to 65 words a minute" in text


def test_the_goal_sheet_names_the_class_goal(named_class: Store) -> None:
    from famdata import goals

    goals.save(named_class, "Room 9", "Fall", [goals.GoalEntry("WCPM", 95, metric="mean")])
    folders = packets.build_folders(named_class, "Room 9", "Fall", lang="es")
    text = " ".join(packets.pdf_text(folders.merged_pdf).split())
    assert "Meta de la clase Un promedio de la clase de 95 palabras por minuto" in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["One-minute reading", "What to say", "Tick a box each day", "My reading chart"]),
        ("es", ["Lectura de un minuto", "Qué decir", "Marque una casilla", "Mi gráfica"]),
    ],
)
def test_the_practice_card_is_in_the_familys_language_with_its_chart(
    named_class: Store, lang: str, words: list[str]
) -> None:
    folders = packets.build_folders(named_class, "Room 9", "Fall", lang=lang)
    text = " ".join(packets.pdf_text(folders.merged_pdf).split())
    for said in words:
        assert said in text


def test_the_teachers_own_activity_is_printed_as_written(named_class: Store) -> None:
    from famdata import nights

    plan = nights.plan_for(named_class, "Room 9", "Fall")
    own = {"WCPM": "Read the bus timetable <aloud> & together"}
    nights.save_plan(
        named_class, nights.planned(plan, named_class.profiles("Room 9"), skills=["WCPM"], own=own)
    )
    folders = packets.build_folders(named_class, "Room 9", "Fall", lang="en")
    text = " ".join(packets.pdf_text(folders.merged_pdf).split())
    assert "Our activity for home" in text
    assert "Read the bus timetable <aloud> & together" in text
    assert "&lt;aloud&gt;" in folders.html


def test_absent_families_get_their_folders_with_a_note_and_the_card(
    named_class: Store,
) -> None:
    from datetime import date

    from famdata import nights

    numbers = numbers_of(named_class)
    plan = nights.plan_for(named_class, "Room 9", "Fall")
    nights.save_plan(
        named_class,
        nights.planned(plan, named_class.profiles("Room 9"), day=date(2026, 9, 24)),
    )
    came = [numbers["S1"], numbers["S2"], numbers["S3"]]
    nights.record_attendance(named_class, "Room 9", "Fall", came)
    folders = packets.build_folders(named_class, "Room 9", "Fall", lang="en", absent_only=True)
    assert set(folders.per_family) == {numbers["S4"], numbers["S5"]}
    text = " ".join(packets.pdf_text(folders.per_family[numbers["S5"]]).split())
    assert "We missed you at our collaboration night on September 24, 2026!" in text
    assert "One-minute reading" in text


def test_absent_only_folders_wait_for_attendance(named_class: Store) -> None:
    with pytest.raises(FamdataError, match="record who came first"):
        packets.build_folders(named_class, "Room 9", "Fall", absent_only=True)


def test_spanish_folders_keep_their_accents_and_quotes(named_class: Store) -> None:
    folders = packets.build_folders(named_class, "Room 9", "Fall", lang="es", measures=["WCPM"])
    text = " ".join(packets.pdf_text(folders.merged_pdf).split())
    for words in (
        "Carpeta para la familia",
        "Su hijo/a (número",
        "la próxima reunión",
        "«lo que vamos a practicar en casa»",
    ):
        assert words in text


def test_without_a_browser_the_printable_html_comes_with_the_reason(
    named_class: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FAMDATA_BROWSER", str(tmp_path / "no-browser-here"))
    folders = packets.build_folders(named_class, "Room 9", "Fall", lang="en")
    assert folders.merged_pdf is None
    assert "No Chrome, Edge or Chromium was found" in folders.message
    assert "No Chrome, Edge or Chromium was found" in folders.html
    for name in NAMES.values():
        assert name not in folders.html


def test_the_command_line_writes_numbered_pdfs_and_never_a_name(
    named_class: Store, private_database: str, tmp_path: Path
) -> None:
    out = tmp_path / "folders"
    assert (
        main(
            [
                "packets",
                "--class",
                "Room 9",
                "--window",
                "Fall",
                "--out",
                str(out),
                "--db",
                private_database,
            ]
        )
        == 0
    )
    files = sorted(p.name for p in out.iterdir())
    assert "family-01.pdf" in files
    assert "room-9-fall-en-folders.pdf" in files
    assert "room-9-fall-en-folders.zip" in files
    assert not any("Xiomara" in name for name in files)
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {0o600}


def test_folder_labels_are_written_only_where_the_teacher_says(
    named_class: Store, private_database: str, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.xlsx"
    wb = Workbook()
    wb.active.append(["Student ID", "Student Name"])
    for sid, name in NAMES.items():
        wb.active.append([sid, name])
    wb.save(roster)
    out = tmp_path / "private" / "labels.csv"
    out.parent.mkdir()
    assert (
        main(
            [
                "labels",
                str(roster),
                "--class",
                "Room 9",
                "--out",
                str(out),
                "--db",
                private_database,
            ]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8-sig")
    numbers = numbers_of(named_class)
    assert f"{numbers['S1']},S1,Xiomara Quintanilla" in text
    assert sorted(p.name for p in out.parent.iterdir()) == ["labels.csv"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_recorded_goal_fills_the_goal_sheet_in_the_familys_language(named_class: Store) -> None:
    from datetime import date

    from famdata import goals

    numbers = numbers_of(named_class)
    entry = goals.GoalEntry(
        "WCPM",
        70,
        student=numbers["S1"],
        strategy="Leer juntos 10 minutos cada noche",
        language="es",
        review_date=date(2026, 12, 15),
    )
    goals.save(named_class, "Room 9", "Fall", [entry])
    folders = packets.build_folders(named_class, "Room 9", "Fall", lang="en")
    spanish = " ".join(packets.pdf_text(folders.per_family[numbers["S1"]]).split())
    assert "Leer juntos 10 minutos cada noche" in spanish
    assert "70 palabras por minuto" in spanish
    assert "15 de diciembre de 2026" in spanish
    english = packets.pdf_text(folders.per_family[numbers["S2"]])
    assert "Family folder" in english


def test_a_folder_that_runs_over_a_page_is_printed_whole_on_its_own(named_class: Store) -> None:
    from famdata import goals

    numbers = numbers_of(named_class)
    long_strategy = " ".join(["Read a page aloud together, then talk about it."] * 120)
    goals.save(
        named_class,
        "Room 9",
        "Fall",
        [goals.GoalEntry("WCPM", 70, student=numbers["S1"], strategy=long_strategy)],
    )
    folders = packets.build_folders(named_class, "Room 9", "Fall", lang="en")
    pages = {n: len(PdfReader(io.BytesIO(pdf)).pages) for n, pdf in folders.per_family.items()}
    assert pages[numbers["S1"]] > PAGES
    assert {p for n, p in pages.items() if n != numbers["S1"]} == {PAGES}
    for number, pdf in folders.per_family.items():
        assert f"Your child (number {number})" in packets.pdf_text(pdf)


def test_folders_still_print_after_the_temporary_folders_were_cleared(named_class: Store) -> None:
    import shutil
    import tempfile

    assert packets.build_folders(named_class, "Room 9", "Fall").merged_pdf is not None
    for folder in Path(tempfile.gettempdir()).glob("famdata-print-*"):
        shutil.rmtree(folder)
    folders = packets.build_folders(named_class, "Room 9", "Fall")
    assert folders.message is None
    assert "Your child (number" in packets.pdf_text(folders.merged_pdf)


def test_folder_file_names_carry_the_class_the_window_and_the_language(
    named_class: Store, folders: packets.FolderSet
) -> None:
    assert folders.stem() == "room-9-fall-en-folders"
    spanish = packets.build_folders(named_class, "Room 9", "Fall", lang="es", measures=["WCPM"])
    assert spanish.stem() == "room-9-fall-es-folders"
    assert spanish.stem(spanish.family(3)) == "room-9-fall-es-family-03"


def test_one_familys_folder_is_reprinted_as_it_was_printed_with_the_others(
    named_class: Store, folders: packets.FolderSet
) -> None:
    number = numbers_of(named_class)["S1"]
    one = packets.build_folders(named_class, "Room 9", "Fall", lang="en", students=[number])
    assert one.numbers == (number,)
    assert packets.pdf_text(one.per_family[number]) == packets.pdf_text(folders.per_family[number])
    with pytest.raises(FamdataError, match="no folder to print for number 99"):
        packets.build_folders(named_class, "Room 9", "Fall", students=[99])


def test_the_names_key_prints_as_a_sheet_of_folder_labels(
    named_class: Store, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.xlsx"
    wb = Workbook()
    wb.active.append(["Student ID", "Student Name"])
    for sid, name in NAMES.items():
        wb.active.append([sid, name])
    wb.save(roster)
    table = labels.labels_table(named_class, "Room 9", roster)
    text = packets.pdf_text(labels.labels_pdf(table, "Room 9"))
    assert "Xiomara Quintanilla" in text
    assert labels.labels_stem("Room 9") == "room-9-folder-labels"
