"""What the projector shows right now, and the teacher's moves that change it.

At a collaboration night the projector's tab shows only the class chart; the teacher drives it
from the laptop (another tab or window, or the same Present page for a teacher with one screen).
The stage — the skill, the highlighted number, the language, the view, the order of the bars and
the agenda clock — lives in the store, per class and window, so every tab shows the same thing,
a reload keeps the step the night is on, and the clock keeps running between tabs (its times are
seconds since the epoch, the same in every process).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from famdata import nights
from famdata.nights import AgendaStep
from famdata.store import Store
from famdata.views import projector
from famdata.views.agenda import AgendaClock

View = Literal["skills", "review", "ideas"]
VIEWS: tuple[View, ...] = ("skills", "review", "ideas")
ORDERS = ("score", "number")
LANGS = ("en", "es")


@dataclass(frozen=True)
class Stage:
    measure: str
    highlight: int | None = None
    lang: str = "en"
    view: View = "skills"
    order: str = "score"
    clock: AgendaClock = field(default_factory=AgendaClock)
    version: int = 0

    def fields(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "highlight": self.highlight,
            "lang": self.lang,
            "view": self.view,
            "bar_order": self.order,
            "clock_step": self.clock.step,
            "clock_elapsed": self.clock.elapsed,
            "clock_started": self.clock.running_since,
        }


@dataclass(frozen=True)
class Night:
    """What the stage runs through: the night plan's skills in order (the next and previous
    buttons step through these), every measure of the class that can be shown (the plan's first),
    and the plan's agenda."""

    skills: list[str]
    measures: list[str]
    steps: tuple[AgendaStep, ...]


def night_of(store: Store, class_name: str, window: str) -> Night:
    plan = nights.plan_for(store, class_name, window)
    planned = [s.measure for s in plan.skills]
    every = list(dict.fromkeys([*planned, *store.profiles(class_name)]))
    return Night(planned or every, every, nights.agenda_steps(plan))


def load(
    store: Store,
    class_name: str,
    window: str,
    night: Night,
    *,
    default: Stage | None = None,
) -> Stage:
    """The class's stage for this window; `default` (or the night's first skill) before anyone
    has touched a control. A stored value that no longer fits (a measure since renamed, a
    language or view famdata does not have) falls back to the default's."""
    measures = night.measures
    base = default or Stage(measure=measures[0], clock=AgendaClock(steps=night.steps))
    fields = store.stage(class_name, window)
    if fields is None:
        return base
    return Stage(
        measure=fields["measure"] if fields["measure"] in measures else base.measure,
        highlight=fields["highlight"],
        lang=fields["lang"] if fields["lang"] in LANGS else base.lang,
        view=fields["view"] if fields["view"] in VIEWS else base.view,
        order=fields["bar_order"] if fields["bar_order"] in ORDERS else base.order,
        clock=AgendaClock(
            steps=night.steps,
            step=min(fields["clock_step"], len(night.steps)),
            elapsed=fields["clock_elapsed"],
            running_since=fields["clock_started"],
        ),
        version=fields["version"],
    )


def save(store: Store, class_name: str, window: str, stage: Stage) -> Stage:
    """Write the stage for every tab; the returned stage carries its new version."""
    return replace(stage, version=store.save_stage(class_name, window, stage.fields()))


def step_measure(stage: Stage, measures: Sequence[str], delta: int) -> Stage:
    """The next (1) or previous (-1) skill, wrapping around."""
    return replace(stage, measure=projector.step(list(measures), stage.measure, delta))


def switch_language(stage: Stage) -> Stage:
    return replace(stage, lang="es" if stage.lang == "en" else "en")


def clock_move(stage: Stage, move: str, now: float) -> Stage:
    """start, pause, skip (next step) or back (previous step) on the agenda clock."""
    if move not in ("start", "pause", "skip", "back"):
        raise ValueError(f"not a clock move: {move}")
    return replace(stage, clock=getattr(stage.clock, move)(now))
