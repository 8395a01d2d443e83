"""Property test: whatever a spreadsheet holds, `check` answers in famdata's own words, counts no
more scores than cells, and never turns a name into a score."""

from __future__ import annotations

import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from famdata import ingest
from famdata.errors import FamdataError

NAMES = ["Ana Cruz", "Bo Li", "García, María", "Zelda Quartermain", "Ngozi Adebayo"]
HEADERS = [
    "Student ID",
    "Student Name",
    "WCPM",
    "Accuracy",
    "Notes",
    "Term",
    "Grade",
    "#",
    "Score",
    "Subject",
    "",
]
# Text a spreadsheet can hold (openpyxl refuses control characters, as Excel does).
texts = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
cells = st.one_of(
    st.none(),
    st.integers(-5, 300),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["abs", "N/A", "-", "Discontinue", "62 wcpm", "95%", "23,5", "see me", "=1+1"]),
    texts,
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    st.booleans(),
)


@st.composite
def workbooks(draw: st.DrawFn) -> tuple[bytes, int]:
    wb = Workbook()
    ws = wb.active
    titles = draw(st.integers(0, 3))
    for _ in range(titles):
        ws.append([draw(texts)])
    if titles and draw(st.booleans()):
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    headers = draw(st.lists(st.sampled_from(HEADERS) | texts, min_size=1, max_size=7))
    ws.append(headers)
    rows = draw(st.integers(0, 25))
    for _ in range(rows):
        row = [
            draw(st.sampled_from(NAMES)) if h == "Student Name" else draw(cells) for h in headers
        ]
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), rows * len(headers)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks())
def test_check_never_fails_but_in_famdatas_words_and_never_invents_scores(
    book: tuple[bytes, int],
) -> None:
    data, cell_count = book
    try:
        reading = ingest.read(data, filename="fuzz.xlsx")
    except FamdataError as error:
        refusal = str(error)
    else:
        refusal = None
    if refusal is not None:
        assert refusal.strip()
        assert "\n" not in refusal
        return
    assert reading.scores["value"].notna().sum() <= cell_count
    assert "Student Name" not in set(reading.scores["column"])
    report = str(reading.to_check_json())
    for name in NAMES:
        assert name not in report
