"""Text is text, everywhere: what a file or a person typed never becomes a link, a request, a
script, an icon or a terminal command, on the projector, in the family PDF or in the terminal."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import Workbook

from famdata import benchmarks, goals
from famdata.cli import main
from famdata.output import charts
from famdata.output.safe_text import plotly_text, script_json, terminal_text
from famdata.store import Store
from famdata.views import projector

LINK_MEASURE = '<a href="https://example.com">Reading</a>'
COMMENT_MEASURE = "Reading <!--<script>"
TERMINAL_CELL = "\x1b]0;pwned\x07\x1b[2J"


class _Hits(BaseHTTPRequestHandler):
    """Counts every request: the printing browser must make none."""

    count = 0

    def do_GET(self) -> None:
        type(self).count += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    _Hits.count = 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Hits)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _import(tmp_path: Path, db: str, measures: list[str], window: str, class_name: str) -> Store:
    wb = Workbook()
    ws = wb.active
    ws.append(["Student ID", "Student Name", *measures])
    for k in range(1, 6):
        ws.append([f"S{k}", f"Kid Number{k}", *[20 * k + i for i in range(len(measures))]])
    path = tmp_path / "hostile.xlsx"
    wb.save(path)
    argv = ["import", str(path), "--class", class_name, "--grade", "2", "--window", window]
    assert main([*argv, "--db", db]) == 0
    return Store(db)


@pytest.fixture
def hostile(tmp_path: Path, private_database: str, server: str) -> Store:
    """A class whose measure, window and class names and whose goal and contact are markup."""
    window = f'<span style="background:url({server}/window)">Fall</span>'
    class_name = f'<img src="{server}/class">Room 9'
    store = _import(tmp_path, private_database, [LINK_MEASURE], window, class_name)
    store.update_class(class_name, contact=f'<a href="{server}/contact">call</a> a@b.co')
    strategy = f'<img src="{server}/goal"> read <a href="http://example.com">here</a> 100%{{x}}'
    goals.save(store, class_name, window, [goals.GoalEntry(LINK_MEASURE, 90, 1, strategy=strategy)])
    return store


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _no_markup(figure: go.Figure) -> None:
    """No tag in any text of the figure but plotly's own <b> and <extra>: the hostile names are
    there as entities (the words "href" and "style" stay, as the text they were)."""
    for text in _strings(json.loads(figure.to_json())):
        assert not re.search(r"<(?!/?(b|extra)>)", text), text


def test_plotly_text_reads_the_same_but_draws_no_markup() -> None:
    assert (
        plotly_text('<a href="x">R&D</a> 5%{y}') == '&lt;a href="x"&gt;R&amp;D&lt;/a&gt; 5&#37;{y}'
    )


def test_json_inside_a_script_holds_no_angle_bracket_or_ampersand() -> None:
    text = script_json({"measure": COMMENT_MEASURE + "</script>&\u2028\u2029"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text)["measure"] == COMMENT_MEASURE + "</script>&\u2028\u2029"


def test_terminal_text_keeps_no_control_character() -> None:
    shown = terminal_text(TERMINAL_CELL + "\x9b31m\u202eabc\tok\n")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", shown)
    assert shown.endswith("abc\tok\n")


def _class_and_window(store: Store) -> tuple[str, str]:
    name = store.classes()[0].name
    return name, store.windows(name)[0].label


def test_the_projector_chart_draws_hostile_names_as_text(hostile: Store) -> None:
    name, window = _class_and_window(hostile)
    scores = hostile.scores(name, window)
    for highlight in (None, 1):
        shown = projector.slide(
            scores,
            grade=2,
            benchmark_for=benchmarks.for_class(hostile, name),
            measure=LINK_MEASURE,
            window=window,
            highlight=highlight,
        ).figure
        _no_markup(shown)
        title = shown.layout.title.text
        assert title.startswith('&lt;a href="https://example.com"&gt;')
        assert "&lt;span style=" in title


def test_every_chart_builder_escapes_what_came_from_a_file(hostile: Store) -> None:
    name, window = _class_and_window(hostile)
    scores = hostile.scores(name, window)
    bench = benchmarks.Benchmark("orf", 2, "fall", 50, 30, 90, LINK_MEASURE)
    figures = [
        charts.class_chart(
            scores,
            measure=LINK_MEASURE,
            window=window,
            benchmark=bench,
            highlight=1,
            highlight_label=LINK_MEASURE,
            unit=LINK_MEASURE,
        ),
        charts.band_bar(scores, measure=LINK_MEASURE, window=window, benchmark=bench),
        charts.distribution_chart(
            scores, measure=LINK_MEASURE, window=window, benchmark=bench, unit=LINK_MEASURE
        ),
        charts.review_chart(
            pd.DataFrame({"student": [1, 2], "before": [10, 20], "after": [15, 30]}),
            measure=LINK_MEASURE,
            unit=LINK_MEASURE,
        ),
        charts.growth_chart(
            pd.DataFrame({"class": [name, name], "measure": [LINK_MEASURE] * 2, "growth": [1, 2]}),
            measure=LINK_MEASURE,
        ),
    ]
    for figure in figures:
        _no_markup(figure)
