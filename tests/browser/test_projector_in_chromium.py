"""The night on school projectors, in a real Chromium: every number readable under its bar at
each size and in both languages, no button cut short, nothing typed on the teacher's screen on
the projector's, and an agenda clock that ticks and survives a reload."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook

from famdata.store import Store
from famdata.views import stage as stages
from tests.browser.conftest import Server, serve, stop

pytestmark = pytest.mark.browser

SIZES = [(1024, 768), (1280, 720), (1280, 800), (1920, 1080)]
STUDENTS = 35
PLACE = "class=Room%2035&window=Fall"
LOAD_MS = 60_000


@pytest.fixture(scope="module")
def room_35(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """famdata serving a class of 35, the largest the projector promises to number in full."""
    folder = tmp_path_factory.mktemp("room35")
    book = Workbook()
    sheet = book.active
    sheet.append(["Student ID", "WCPM", "Accuracy"])
    for i in range(STUDENTS):
        sheet.append([f"S{i:02d}", 40 + (i * 37) % 100, 85 + i % 15])
    book.save(folder / "room35.xlsx")
    import_it = ["import", str(folder / "room35.xlsx"), "--class", "Room 35", "--grade", "3"]
    server, process = serve([[*import_it, "--window", "Fall"]], folder)
    yield server
    stop(process)


def _open(chromium, url: str, width: int, height: int):
    page = chromium.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    # plotly draws after Streamlit reports the run finished: wait for the tick labels themselves.
    page.wait_for_function(
        f"document.querySelectorAll('.xtick text').length >= {STUDENTS}", timeout=LOAD_MS
    )
    return page


def _set_language(server: Server, lang: str) -> None:
    """The stage's language, as the teacher's language button would set it."""
    store = Store(server.database)
    current = stages.load(store, "Room 35", "Fall", stages.night_of(store, "Room 35", "Fall"))
    stages.save(store, "Room 35", "Fall", replace(current, lang=lang))
    store.engine.dispose()


def _every_number_on_screen(
    server: Server, chromium, path: str, lang: str, size: tuple[int, int], word: str
):
    """The page at `path` in `lang` at `size`, once `word` is on it, with every student's number
    under the chart inside the window; the page and the numbers' places."""
    _set_language(server, lang)
    page = _open(chromium, f"{server.url}/{path}?{PLACE}", *size)
    page.wait_for_function(
        "word => document.body.innerText.includes(word)", arg=word, timeout=LOAD_MS
    )
    ticks = page.evaluate(
        """() => Array.from(document.querySelectorAll('.xtick text')).map(t => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, left: r.left, right: r.right, bottom: r.bottom,
                    size: parseFloat(getComputedStyle(t).fontSize)};
        })"""
    )
    assert len({t["text"] for t in ticks}) == len(ticks) == STUDENTS
    for tick in ticks:
        assert tick["left"] >= 0, tick
        assert tick["right"] <= size[0], tick
        assert tick["bottom"] <= size[1], tick
    return page, ticks


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_student_number_is_on_screen_under_its_bar(
    room_35: Server, chromium, lang: str, width: int, height: int, tmp_path: Path
) -> None:
    word = "fluency" if lang == "en" else "fluidez"
    size = (width, height)
    page, ticks = _every_number_on_screen(room_35, chromium, "projector", lang, size, word)
    page.screenshot(path=str(tmp_path / f"projector-{lang}-{width}x{height}.png"))
    for tick in ticks:
        assert tick["size"] >= 20, tick
    page.close()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_student_number_is_on_the_present_page_under_its_bar(
    room_35: Server, chromium, lang: str, width: int, height: int
) -> None:
    """The teacher's one screen: the controls and a headline wrapped to three or four lines in
    Spanish still leave the chart's numbers inside the window."""
    word = "Next skill" if lang == "en" else "Siguiente"
    page, _ = _every_number_on_screen(room_35, chromium, "present", lang, (width, height), word)
    page.close()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_button_on_the_present_page_is_cut_short(
    room_35: Server, chromium, lang: str, width: int, height: int
) -> None:
    _set_language(room_35, lang)
    page = _open(chromium, f"{room_35.url}/present?{PLACE}", width, height)
    cut = page.evaluate(
        """() => Array.from(document.querySelectorAll('button'))
            .filter(b => b.offsetParent !== null && b.innerText.trim())
            .flatMap(b => Array.from(b.querySelectorAll('p, span, div')).concat([b]))
            .filter(e => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)
            .map(e => e.innerText.trim())"""
    )
    assert cut == []
    # A word wider than its button is broken in two ("Empez" over "ar"), which is not cut short
    # but is no easier to read: every word must fit its button's line.
    broken = page.evaluate(
        """() => {
            const ruler = document.createElement('canvas').getContext('2d');
            return Array.from(document.querySelectorAll('.block-container button'))
                .filter(b => b.offsetParent !== null && b.innerText.trim())
                .flatMap(b => {
                    const text = b.querySelector('p') || b;
                    ruler.font = getComputedStyle(text).font;
                    return b.innerText.trim().split(/\\s+/)
                        .filter(w => ruler.measureText(w).width > text.clientWidth + 1);
                });
        }"""
    )
    assert broken == []
    page.close()


def test_nothing_typed_on_the_control_view_reaches_the_projector(room_35: Server, chromium) -> None:
    control = chromium.new_page(viewport={"width": 1280, "height": 800})
    control.goto(f"{room_35.url}/control?{PLACE}")
    typed = "Grandma reads with Kofi at bedtime"
    box = control.get_by_label("The idea, in the family's words (no names)")
    box.wait_for(timeout=LOAD_MS)
    box.fill(typed)
    control.get_by_role("button", name="Add the idea").click()
    control.get_by_label("Student number", exact=True).fill("3")
    control.get_by_label("Target", exact=True).fill("90")
    control.get_by_role("button", name="Save the goal").click()
    control.get_by_text("Saved student 3's goal").wait_for(timeout=LOAD_MS)
    projector = _open(chromium, f"{room_35.url}/projector?{PLACE}", 1280, 800)
    text = projector.inner_text("body")
    assert typed not in text
    assert "Kofi" not in text
    assert "For the teacher" not in text
    assert projector.locator("input:visible, textarea:visible").count() == 0
    control.close()
    projector.close()


def test_the_agenda_clock_ticks_and_a_reload_keeps_its_step(room_35: Server, chromium) -> None:
    page = _open(chromium, f"{room_35.url}/present?{PLACE}", 1280, 800)
    page.locator(".st-key-present_clock_skip button").first.click()
    agenda = page.locator(".st-key-stage_agenda")
    agenda.filter(has_text="2/8").wait_for(timeout=LOAD_MS)
    shown = agenda.inner_text()
    page.locator(".st-key-present_clock_toggle button").first.click()
    # The clock runs: wait until the time shown has gone down (the fragment redraws each second).
    page.wait_for_function(
        "([el, before]) => el.innerText !== before && /[0-9]:[0-9]{2}/.test(el.innerText)",
        arg=[agenda.element_handle(), shown],
        timeout=LOAD_MS,
    )
    page.reload()
    page.locator(".st-key-stage_agenda", has_text="2/8").wait_for(timeout=LOAD_MS)
    page.locator(".st-key-present_clock_toggle button").first.click()  # pause it again
    page.close()
