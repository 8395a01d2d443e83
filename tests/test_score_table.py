"""The tidy score table's coded columns: each row's label as a small integer."""

from __future__ import annotations

import numpy as np

from famdata.score_table import Coded


def test_a_coded_column_leaves_out_the_labels_no_row_holds() -> None:
    coded = Coded.compacted(np.array([0, 2, 0]), ["Fall", "Winter", "Spring"])
    assert coded.labels == ["Fall", "Spring"]
    assert [coded.labels[c] for c in coded.codes] == ["Fall", "Spring", "Fall"]


def test_a_coded_columns_labels_come_in_the_order_rows_first_hold_them() -> None:
    coded = Coded.compacted(np.array([2, 0, 2, 1]), ["Fall", "Winter", "Spring"])
    assert coded.labels == ["Spring", "Fall", "Winter"]
    assert [coded.labels[c] for c in coded.codes] == ["Spring", "Fall", "Spring", "Winter"]


def test_taking_rows_of_a_coded_column_keeps_only_their_labels() -> None:
    coded = Coded(np.array([0, 1, 2, 1]), ["id:1", "id:2", "id:3"])
    taken = coded.take(np.array([False, True, True, True]))
    assert [taken.labels[c] for c in taken.codes] == ["id:2", "id:3", "id:2"]
    assert taken.labels == ["id:2", "id:3"]
