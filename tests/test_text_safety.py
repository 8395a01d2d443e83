"""Text is text, everywhere: what a file or a person typed never becomes a link, a request, a
script, an icon or a terminal command, on the projector, in the family PDF or in the terminal."""

from __future__ import annotations

import io
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import Workbook
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from famdata import benchmarks, goals
from famdata.cli import main
from famdata.output import charts, growth_charts, packets, printing
from famdata.output.safe_text import plotly_text, script_json, terminal_text
from famdata.store import Store
from famdata.views import projector
from tests import test_packets
from tests.app.conftest import app as app
from tests.app.conftest import open_page
from ui import state
from ui.text import JOINER, plain

LINK_MEASURE = '<a href="https://example.com">Reading</a>'
COMMENT_MEASURE = "Reading <!--<script>"
SAMPLE = "Sample: Grade 4, Room 12"
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
            profile=hostile.profiles(name)[LINK_MEASURE],
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
        growth_charts.review_chart(
            pd.DataFrame({"student": [1, 2], "before": [10, 20], "after": [15, 30]}),
            measure=LINK_MEASURE,
            unit=LINK_MEASURE,
        ),
        growth_charts.growth_chart(
            pd.DataFrame({"class": [name, name], "measure": [LINK_MEASURE] * 2, "growth": [1, 2]}),
            measure=LINK_MEASURE,
        ),
    ]
    for figure in figures:
        _no_markup(figure)


def _uris(pdf: bytes) -> list[str]:
    """Every /URI action in the PDF: a link a family could follow."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                found.append(str(action.get_object().get("/URI")))
    return found


# What Streamlit would still turn into a link, an icon, an emoji or a colour: it looks for these in
# the text after reading the Markdown escapes.
BARE = re.compile(
    r"https?://|www\.|mailto:|[-.\w+]+@[-\w]+(\.[-\w]+)+|:[\w/-]+:|:\w+\[", re.IGNORECASE
)
SYNTAX = re.compile(r"(?<!\\)[][()<>*_`#!&:$]")  # Markdown characters left unescaped


def _text_nodes(source: str) -> str:
    """The text Streamlit's Markdown holds once the escapes are read."""
    return re.sub(r"\\(.)", r"\1", source)


HOSTILE_IDEAS = (
    "see http://x.y or www.example.com",
    "write to a@b.co",
    ":material/home: :smile: :red[loud]",
    "[x](http://y) ![i](http://127.0.0.1:9/i.png) <b>bold</b> &#58;smile&#58;",
)


@pytest.mark.parametrize("text", HOSTILE_IDEAS)
def test_markdown_text_keeps_no_link_icon_or_markup(text: str) -> None:
    shown = plain(text)
    assert not SYNTAX.search(shown)
    assert not BARE.search(_text_nodes(shown))
    assert _text_nodes(shown).replace(JOINER, "") == text


def test_families_ideas_on_the_projector_are_plain_text(
    app: AppTest, private_database: str
) -> None:
    open_page(app, "present", **{"class": SAMPLE, "window": "2026-09"})
    for text in HOSTILE_IDEAS:
        Store(private_database).add_idea(SAMPLE, goals.STEPS[0], text, "2026-09")
    app.button_group(key=state.PRESENT_VIEW).set_value("ideas").run()
    assert not app.exception
    ideas = [m.value.removeprefix("### ") for m in app.markdown if JOINER in m.value]
    assert len(ideas) == len(HOSTILE_IDEAS)
    for idea in ideas:
        assert not SYNTAX.search(idea), idea
    for source in (m.value for m in app.markdown):
        assert not BARE.search(_text_nodes(source)), source


def test_check_prints_no_control_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "esc.csv"
    path.write_text(f"Student ID,WCPM\nS1,{TERMINAL_CELL}\x9b2J\nS2,50\nS3,60\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert main(["check", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert "pwned" in out
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out + err)


class TestPrinted:
    """What the printing browser makes of hostile text (Chromium needed: CI must have it)."""

    chromium_or_skip = staticmethod(test_packets.chromium_or_skip)

    def test_the_family_pdf_holds_hostile_text_as_text_and_fetches_nothing(
        self, hostile: Store, server: str
    ) -> None:
        name, window = _class_and_window(hostile)
        folders = packets.build_folders(hostile, name, window, lang="en")
        assert folders.message is None
        pdf = folders.per_family[1]
        assert _uris(pdf) == []
        assert b"/URI" not in folders.merged_pdf
        text = " ".join(packets.pdf_text(pdf).split())
        assert '<a href="https://example.com">' in text.lower()
        assert "Fall</span>" in text
        assert "100%{x}" in text  # the goal's strategy
        assert '<img src="' in text  # the class name in every heading
        assert "call</a> a@b.co" in text  # the contact line
        assert _Hits.count == 0

    def test_a_folder_with_a_script_comment_in_a_measure_prints_quickly(
        self, tmp_path: Path, private_database: str
    ) -> None:
        store = _import(tmp_path, private_database, [COMMENT_MEASURE], "Fall", "Room 9")
        started = time.monotonic()
        folders = packets.build_folders(store, "Room 9", "Fall", lang="en")
        assert time.monotonic() - started < 30
        assert folders.message is None
        assert len(folders.per_family) == 5
        text = packets.pdf_text(folders.per_family[1])
        assert "<!--<script>" in text
        assert "Your child" in text  # the call-out the folder script writes over the drawn chart

    def test_the_printing_browser_loads_nothing_but_the_document(self, server: str) -> None:
        html = (
            f'<!DOCTYPE html><img src="{server}/img"><link rel="stylesheet" href="{server}/css">'
            f'<script src="{server}/js"></script><iframe src="{server}/frame"></iframe>'
            f'<div style="background:url({server}/bg)">x</div>'
            f'<script>fetch("{server}/fetch")</script>'
        )
        assert printing.print_pdf(html).startswith(b"%PDF")
        assert _Hits.count == 0
