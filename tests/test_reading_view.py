"""What the Load page says of a reading's problems, in the teacher's words."""

from __future__ import annotations

from famdata.ingest import IgnoredColumn
from famdata.views import reading


def test_one_cell_is_spoken_of_as_one() -> None:
    assert reading.problems_sentence(1) == (
        "1 cell could not be used. It is not saved as a score; fix it in the spreadsheet and "
        "upload it again, or save the rest now."
    )


def test_many_cells_are_counted_with_thousands_marked() -> None:
    assert reading.problems_sentence(12_000).startswith(
        "12,000 cells could not be used. They are not saved as scores; fix them in"
    )


def test_a_column_left_out_is_listed_under_capitalised_headers() -> None:
    table = reading.left_out_table([IgnoredColumn("Notes", "text, not scores")])
    assert table.to_dict("records") == [{"Column": "Notes", "Reason": "text, not scores"}]
