"""Two browsers on the Goals page at once: the second save is told of the conflict, sees both
values, and nothing is lost."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from famdata.store import Store
from tests.browser.conftest import Server

pytestmark = pytest.mark.browser

GOALS = "/goals?class=Room%2012&window=2026-09"
WAIT = 60_000


def open_goals(chromium, server: Server):
    """A page in a browser context of its own: its own Streamlit session, like a second laptop."""
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.url + GOALS)
    page.get_by_role("button", name="Save the class goal").wait_for(timeout=WAIT)
    return page


def save_class_target(page, target: str) -> None:
    form = page.locator('[data-testid="stForm"]').first
    form.get_by_label("Target").fill(target)
    form.get_by_role("button", name="Save the class goal").click()


def eventually(condition: Callable[[], bool], page) -> None:
    """Wait for a condition on the database, checked every tenth of a second for a minute."""
    for _ in range(600):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("the database never reached the expected state")


def class_targets(server: Server) -> list[float]:
    return [g.target for g in Store(server.database).goals("Room 12") if g.student is None]


def test_the_class_goal_saved_second_is_told_of_the_first_and_can_keep_either(
    room_12: Server, chromium
) -> None:
    first, second = open_goals(chromium, room_12), open_goals(chromium, room_12)
    save_class_target(second, "95")
    second.get_by_text("Saved the class goal.").wait_for(timeout=WAIT)
    save_class_target(first, "90")
    first.get_by_text("Someone saved this goal in another browser").wait_for(timeout=WAIT)
    both = first.locator('[data-testid="stTable"]').inner_text().split()
    assert "95" in both
    assert "90" in both
    assert class_targets(room_12) == [95.0]
    first.get_by_role("button", name="Save mine instead").click()
    eventually(lambda: class_targets(room_12) == [90.0], first)


def test_a_familys_goal_saved_second_is_told_of_the_first_and_keeps_theirs(
    room_12: Server, chromium
) -> None:
    first, second = open_goals(chromium, room_12), open_goals(chromium, room_12)
    number = 1  # every class has a number 1
    for page in (first, second):
        page.get_by_label("Student number").click()
        page.keyboard.type(str(number))  # the list narrows to 1, 10, 11 ...: the first is 1
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Save this family's goal").wait_for(timeout=WAIT)
    family = '[data-testid="stForm"]:has-text("Save this family")'
    second.locator(family).get_by_label("Target").fill("71")
    second.get_by_role("button", name="Save this family's goal").click()
    second.get_by_text(f"Saved the goal of student {number}.").wait_for(timeout=WAIT)
    first.locator(family).get_by_label("Target").fill("66")
    first.get_by_role("button", name="Save this family's goal").click()
    first.get_by_text("Someone saved this goal in another browser").wait_for(timeout=WAIT)
    assert "71" in first.locator('[data-testid="stTable"]').inner_text().split()
    first.get_by_role("button", name="Keep theirs").click()
    target = first.locator(family).get_by_label("Target")
    first.wait_for_function(
        "element => element.value === '71.00'", arg=target.element_handle(), timeout=WAIT
    )
    [goal] = [g for g in Store(room_12.database).goals("Room 12") if g.student == number]
    assert goal.target == 71.0
