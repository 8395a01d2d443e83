"""Charts: readable without colour, projector-sized, never changing what they are given."""

from __future__ import annotations

import pandas as pd
import pytest

from famdata.output import charts
from tests.test_stats import ORF, SCORES


def _texts(fig) -> str:
    return " ".join(a.text or "" for a in fig.layout.annotations)


def test_the_class_chart_writes_the_band_names_on_the_chart() -> None:
    fig = charts.class_chart(SCORES, measure="ORF", window="Fall", benchmark=ORF)
    for name in ("well below benchmark", "below benchmark", "at benchmark", "above benchmark"):
        assert name in _texts(fig)


def test_the_class_chart_has_one_bar_per_assessed_student_sorted_by_score() -> None:
    fig = charts.class_chart(SCORES, measure="ORF", window="Fall", benchmark=ORF)
    assert list(fig.data[0].x) == ["1", "2", "3", "5", "4"]


def test_number_order_sorts_the_bars_by_student_number() -> None:
    fig = charts.class_chart(SCORES, measure="ORF", window="Fall", benchmark=ORF, order="number")
    assert list(fig.data[0].x) == ["1", "2", "3", "4", "5"]


def test_a_highlighted_student_gets_a_call_out_and_the_highlight_colour() -> None:
    fig = charts.class_chart(
        SCORES, measure="ORF", window="Fall", benchmark=ORF, highlight=3, unit="words a minute"
    )
    assert "Student 3" in _texts(fig)
    assert "90 words a minute" in _texts(fig)
    colours = list(fig.data[0].marker.color)
    assert colours[2] == charts.HIGHLIGHT
    assert colours.count(charts.NEUTRAL) == 4


def test_folders_can_label_the_highlight_as_your_child() -> None:
    fig = charts.class_chart(
        SCORES,
        measure="ORF",
        window="Fall",
        benchmark=ORF,
        highlight=3,
        highlight_label="Your child (number 3)",
        theme="print",
    )
    assert "Your child (number 3)" in _texts(fig)


def test_the_benchmark_and_the_class_average_are_labelled_lines() -> None:
    text = _texts(charts.class_chart(SCORES, measure="ORF", window="Fall", benchmark=ORF))
    assert "Grade-level benchmark: 87" in text
    assert "Class average: 88" in text


def test_absent_students_are_counted_not_drawn_as_zero() -> None:
    fig = charts.class_chart(SCORES, measure="ORF", window="Fall", benchmark=ORF)
    assert "1 not assessed" in fig.layout.title.subtitle.text
    assert 0 not in list(fig.data[0].y)


def test_the_projector_theme_uses_big_type_and_thick_lines() -> None:
    fig = charts.class_chart(SCORES, measure="ORF", window="Fall", benchmark=ORF, theme="projector")
    assert fig.layout.font.size >= 24
    assert fig.layout.title.font.size >= 36
    assert all(shape.line.width >= 4 for shape in fig.layout.shapes if shape.type == "line")


def test_spanish_charts_use_the_glossary() -> None:
    text = _texts(
        charts.class_chart(SCORES, measure="ORF", window="Fall", benchmark=ORF, lang="es")
    )
    assert "muy por debajo del nivel esperado" in text
    assert "Promedio de la clase" in text


@pytest.mark.parametrize("builder", ["class_chart", "band_bar", "distribution_chart"])
def test_builders_never_change_their_input(builder: str) -> None:
    before = SCORES.copy()
    getattr(charts, builder)(SCORES, measure="ORF", window="Fall", benchmark=ORF)
    pd.testing.assert_frame_equal(SCORES, before)


def test_the_band_bar_labels_each_band_with_its_share_and_count() -> None:
    fig = charts.band_bar(SCORES, measure="ORF", window="Fall", benchmark=ORF)
    assert list(fig.data[0].y) == [
        "well below benchmark",
        "below benchmark",
        "at benchmark",
        "above benchmark",
    ]
    assert list(fig.data[0].text) == ["20% (1)", "20% (1)", "40% (2)", "20% (1)"]
