"""Write the sample spreadsheets into famdata/data/samples (deterministic; invented names only).

    python sample_data/make_samples.py

- grade4_fluency.xlsx: a grade-4 class, oral reading fluency (words correct per minute) and
  accuracy, fall and a month later, one row per student per window with a Window column.
- kindergarten_letters.xlsx: a kindergarten class, letter names and letter sounds, one sheet per
  monthly window, separate first/last name columns.
- messy_teacher_workbook.xlsx: a hand-made workbook as teachers really keep them: a merged title,
  note rows, a roster-number column, "Last, First" names and no IDs, "abs" and "N/A", "62 wcpm"
  and "95%" typed as text, a notes column, a text level column, a blank spacer row and a
  "Class average" row, and two sheets (one per month).
"""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).resolve().parent.parent / "famdata" / "data" / "samples"
FIXED_TIME = datetime(2026, 9, 1, 8, 0, 0)

FIRST_NAMES = [
    "Sofía",
    "Mateo",
    "Valentina",
    "Liam",
    "Camila",
    "Noah",
    "Isabella",
    "Santiago",
    "Emma",
    "Diego",
    "Olivia",
    "Lucas",
    "Mía",
    "Elijah",
    "Renata",
    "Aiden",
    "Ximena",
    "Mason",
    "Lucía",
    "Ethan",
    "Zoe",
    "Julián",
    "Ava",
    "Emiliano",
    "Harper",
    "Benjamín",
    "Aaliyah",
    "Leo",
    "Jazmín",
    "Caleb",
    "Nayeli",
    "Owen",
]
LAST_NAMES = [
    "García",
    "Nguyen",
    "Okafor",
    "Martínez",
    "Johnson",
    "Hernández",
    "Kowalski",
    "López",
    "Begay",
    "Pérez",
    "Williams",
    "Ramírez",
    "Chen",
    "Torres",
    "Brown",
    "Flores",
    "Haddad",
    "Rivera",
    "Smith",
    "Gómez",
    "Patel",
    "Díaz",
    "Yazzie",
    "Morales",
    "Jones",
    "Castillo",
    "Kim",
    "Ortiz",
    "Davis",
    "Cruz",
    "Mendoza",
    "Reyes",
]


def _roster(rng: random.Random, size: int) -> list[tuple[str, str, str]]:
    """(student ID, first name, last name) for `size` invented students."""
    firsts = rng.sample(FIRST_NAMES, size)
    lasts = rng.sample(LAST_NAMES, size)
    ids = rng.sample(range(100000, 999999), size)
    return [(str(i), f, last) for i, f, last in zip(ids, firsts, lasts, strict=True)]


def _score(rng: random.Random, mean: float, sd: float, low: float, high: float) -> int:
    return round(min(high, max(low, rng.gauss(mean, sd))))


def _save(workbook: Workbook, name: str) -> None:
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = "famdata sample_data/make_samples.py"
    workbook.save(OUT / name)


def grade4_fluency(rng: random.Random) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Fluency"
    ws.append(["Student ID", "Student Name", "Window", "ORF (wcpm)", "Accuracy (%)"])
    roster = _roster(rng, 26)
    fall = {sid: _score(rng, 82, 28, 18, 170) for sid, _, _ in roster}
    for window in ("2026-09", "2026-10"):
        for sid, first, last in roster:
            wcpm = fall[sid] if window == "2026-09" else fall[sid] + _score(rng, 5, 4, -3, 16)
            accuracy = _score(rng, 88 + wcpm / 20, 3, 70, 100)
            absent = rng.random() < 0.05
            ws.append(
                [
                    int(sid),
                    f"{first} {last}",
                    window,
                    "abs" if absent else wcpm,
                    "abs" if absent else accuracy,
                ]
            )
    _save(wb, "grade4_fluency.xlsx")


def kindergarten_letters(rng: random.Random) -> None:
    wb = Workbook()
    roster = _roster(rng, 20)
    names = {sid: _score(rng, 20, 12, 0, 52) for sid, _, _ in roster}
    sounds = {sid: _score(rng, 8, 6, 0, 30) for sid, _, _ in roster}
    for index, month in enumerate(("September", "October")):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = month
        ws.append(["Student ID", "First Name", "Last Name", "Letter Names", "Letter Sounds"])
        for sid, first, last in roster:
            gain_n, gain_s = (0, 0) if index == 0 else (rng.randint(1, 9), rng.randint(0, 7))
            absent = rng.random() < 0.05
            ws.append(
                [
                    sid,
                    first,
                    last,
                    "absent" if absent else names[sid] + gain_n,
                    "absent" if absent else sounds[sid] + gain_s,
                ]
            )
    _save(wb, "kindergarten_letters.xlsx")


def messy_teacher_workbook(rng: random.Random) -> None:
    wb = Workbook()
    roster = _roster(rng, 18)
    start = {sid: _score(rng, 70, 22, 15, 140) for sid, _, _ in roster}
    for index, month in enumerate(("Sept", "Oct")):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = month
        ws["A1"] = f"Room 7 Reading Scores, {month} 2026"
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.merge_cells("A1:F1")
        ws["A2"] = "Teacher: Mrs. Lee   (words per minute from the cold read; accuracy as a %)"
        ws.merge_cells("A2:F2")
        ws.append([])
        ws.append(["#", "Student", "Words per minute", "Accuracy", "Notes", "Level"])
        values = []
        for position, (sid, first, last) in enumerate(roster, start=1):
            wcpm = start[sid] + (0 if index == 0 else rng.randint(-2, 12))
            accuracy = _score(rng, 90 + wcpm / 30, 3, 70, 100)
            marker = rng.random()
            if marker < 0.06:
                cells = ["abs", "abs"]
            elif marker < 0.1:
                cells = ["N/A", None]
            elif marker < 0.2:
                cells = [f"{wcpm} wcpm", f"{accuracy}%"]
            else:
                cells = [wcpm, accuracy]
                values.append(wcpm)
            note = (
                ""
                if rng.random() < 0.7
                else rng.choice(
                    ["reread twice", "self-corrected", f"ask {first} to practise at home"]
                )
            )
            level = "At Benchmark" if wcpm >= 70 else "Below Benchmark"
            ws.append([position, f"{last}, {first}", *cells, note, level])
        ws.append([])
        ws.append(["", "Class average", round(sum(values) / len(values), 1), None, "", ""])
    _save(wb, "messy_teacher_workbook.xlsx")


def main() -> None:
    rng = random.Random(20260901)
    grade4_fluency(rng)
    kindergarten_letters(rng)
    messy_teacher_workbook(rng)
    print(f"wrote the sample spreadsheets in {OUT}")


if __name__ == "__main__":
    main()
