"""The agenda clock the teacher starts, pauses and skips."""

from __future__ import annotations

from famdata.views.agenda import AgendaClock, clock_text


def test_a_started_clock_counts_down_the_step() -> None:
    clock = AgendaClock().start(100.0)
    assert clock.remaining(160.0) == 5 * 60 - 60


def test_a_paused_clock_stands_still() -> None:
    clock = AgendaClock().start(0.0).pause(30.0)
    assert clock.seconds(500.0) == 30.0


def test_skipping_moves_to_the_next_step_with_a_fresh_clock() -> None:
    clock = AgendaClock().start(0.0).skip(90.0)
    assert clock.step == 1
    assert clock.seconds(90.0) == 0.0
    assert clock.running


def test_after_the_last_step_there_is_no_current_step() -> None:
    clock = AgendaClock()
    for _ in range(8):
        clock = clock.skip(0.0)
    assert clock.current is None


def test_the_clock_text_shows_overtime_with_a_minus() -> None:
    assert clock_text(125) == "2:05"
    assert clock_text(-30) == "-0:30"
