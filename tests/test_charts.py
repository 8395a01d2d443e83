"""Charts: readable without colour, projector-sized, never changing what they are given."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from famdata.output import charts, growth_charts
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


@pytest.mark.parametrize(
    ("unit", "height", "shown"),
    [("letras por minuto", 300, "letras<br>por minuto"), ("letters a minute", 600, None)],
    ids=["beside a short chart", "beside a tall chart"],
)
def test_an_axis_title_goes_on_two_lines_only_where_one_would_not_fit(
    unit: str, height: int, shown: str | None
) -> None:
    fig = charts.class_chart(
        SCORES, measure="ORF", window="Fall", benchmark=ORF, theme="projector", unit=unit
    )
    charts.fit(fig, 1200, height)
    assert fig.layout.height == height
    assert fig.layout.yaxis.title.text == (shown or unit)


TITLE_MEASURE = "CBMR-English - (Passage 1) TOTAL_WORDS_READ"  # with " · Winter": 52 characters


def _titled(width: int) -> go.Figure:
    fig = charts.class_chart(
        SCORES, measure=TITLE_MEASURE, window="Winter", benchmark=ORF, theme="projector"
    )
    charts.fit(fig, width, 500)
    return fig


def test_a_chart_title_that_fits_keeps_its_size_and_line() -> None:
    fig = _titled(1888)
    assert fig.layout.title.text == f"{TITLE_MEASURE} · Winter"
    assert fig.layout.title.font.size == 36


def test_a_long_chart_title_is_set_smaller_to_stay_on_the_chart() -> None:
    fig = _titled(864)  # Present at 1024 pixels
    assert fig.layout.title.text == f"{TITLE_MEASURE} · Winter"
    assert 24 <= fig.layout.title.font.size < 36
    assert len(fig.layout.title.text) * fig.layout.title.font.size * 0.55 <= 864


def test_a_title_too_long_even_when_smaller_goes_on_two_lines() -> None:
    fig = _titled(600)
    assert fig.layout.title.text.count("<br>") == 1
    assert fig.layout.title.text.replace("<br>", " ") == f"{TITLE_MEASURE} · Winter"
    assert fig.layout.margin.t == 3 * 36 + round(36 * 1.2)


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


# -- the growth view ------------------------------------------------------------------------------

# Four children, then -> now: number 1 grew most, so it stands last, not at position 1.
GROWTH = pd.DataFrame(
    {
        "student": [1, 2, 7, 22],
        "before": [101.0, 62.0, 40.0, 88.0],
        "after": [118.0, 71.0, 52.0, 85.0],
    }
)


def _review(**options) -> object:
    return growth_charts.review_chart(GROWTH, measure="Fluency", unit="words a minute", **options)


def _children(fig) -> dict[str, object]:
    """Each child's then-and-now trace, by the number under it."""
    return {trace.x[0]: trace for trace in fig.data if trace.mode == "lines+markers"}


def test_each_childs_marks_stand_over_their_own_number() -> None:
    fig = _review()
    assert list(fig.layout.xaxis.categoryarray) == ["7", "2", "22", "1"]
    for number, before, after in GROWTH.itertuples(index=False):
        trace = _children(fig)[str(number)]
        assert list(trace.x) == [str(number)] * 2
        assert list(trace.y) == [before, after]
    # Nothing is placed on the student axis by position, so nothing lands past the last number.
    assert all(shape.xref == "paper" for shape in fig.layout.shapes)


def test_then_now_and_goal_differ_by_shape_as_well_as_colour() -> None:
    fig = _review(targets={1: 115.0, 2: 80.0})
    assert list(_children(fig)["2"].marker.symbol) == ["circle-open", "circle"]
    [goals] = [trace for trace in fig.data if trace.mode == "markers"]
    assert goals.marker.symbol == "line-ew-open"
    assert list(goals.x) == ["2", "1"]
    assert fig.layout.title.subtitle.text == "○ Then · ● Now · — each child's goal"


def test_the_highlighted_child_is_a_diamond_called_out_with_then_and_now() -> None:
    fig = _review(highlight=1)
    focus = _children(fig)["1"]
    assert list(focus.marker.symbol) == ["diamond-open", "diamond"]
    assert focus.line.color == charts.HIGHLIGHT
    assert {_children(fig)[n].line.color for n in ("2", "7", "22")} == {charts.NEUTRAL}
    assert "Student 1</b> — 101 → 118 words a minute" in _texts(fig)


def test_a_number_not_in_the_comparison_is_not_called_out() -> None:
    fig = _review(highlight=5)
    assert "Student" not in _texts(fig)
    assert {trace.line.color for trace in _children(fig).values()} == {charts.NEUTRAL}


def test_the_class_average_then_and_now_and_the_class_goal_are_named_as_such() -> None:
    fig = _review(averages=(58.0, 66.0), class_goal=(80.0, "a class average of 80"))
    text = _texts(fig)
    assert "Class average, then: 58" in text
    assert "Class average, now: 66" in text
    assert "Class goal: a class average of 80" in text
    assert "Class goal," not in text
    assert {shape.y0 for shape in fig.layout.shapes} == {58.0, 66.0, 80.0}


def test_the_growth_view_speaks_spanish_and_names_its_windows() -> None:
    fig = _review(averages=(58.0, 66.0), windows=("2026-09", "2026-10"), lang="es")
    assert "Promedio de la clase, antes: 58" in _texts(fig)
    assert fig.layout.title.subtitle.text == "○ Antes (2026-09) · ● Ahora (2026-10)"


def test_the_growth_view_never_changes_its_table() -> None:
    before = GROWTH.copy()
    _review(highlight=2, targets={2: 80.0})
    pd.testing.assert_frame_equal(GROWTH, before)


@pytest.mark.parametrize(("number", "arrow"), [(1, True), (7, False)])
def test_the_call_out_points_at_the_child_only_when_no_line_lies_between(
    number: int, arrow: bool
) -> None:
    # Number 1 (101 -> 118) stands above the class lines; number 7 (40 -> 52) below them.
    fig = _review(highlight=number, averages=(72.0, 81.0), class_goal=(90.0, "90"))
    [callout] = [a for a in fig.layout.annotations if "Student" in (a.text or "")]
    assert bool(callout.showarrow) is arrow
