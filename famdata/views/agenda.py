"""The night's agenda clock: which step the teacher is on and how long it has been running.

Kept as plain data so the page only stores it in session state and redraws it; the clock is
never the page's arithmetic. Its steps are the night plan's (`famdata.nights.agenda_steps`),
the default eight unless the teacher changed them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from famdata.nights import DEFAULT_AGENDA, AgendaStep

AGENDA = DEFAULT_AGENDA


@dataclass(frozen=True)
class AgendaClock:
    steps: tuple[AgendaStep, ...] = AGENDA
    step: int = 0
    elapsed: float = 0.0  # seconds on this step before the last start
    running_since: float | None = None  # seconds since the epoch while running

    @property
    def running(self) -> bool:
        return self.running_since is not None

    @property
    def current(self) -> AgendaStep | None:
        return self.steps[self.step] if self.step < len(self.steps) else None

    def start(self, now: float) -> AgendaClock:
        return self if self.running else replace(self, running_since=now)

    def pause(self, now: float) -> AgendaClock:
        return (
            replace(self, elapsed=self.seconds(now), running_since=None) if self.running else self
        )

    def skip(self, now: float) -> AgendaClock:
        """On to the next step, its clock starting at zero (running if this one was)."""
        return replace(
            self,
            step=min(self.step + 1, len(self.steps)),
            elapsed=0.0,
            running_since=now if self.running else None,
        )

    def back(self, now: float) -> AgendaClock:
        """Back to the previous step, its clock starting at zero (running if this one was)."""
        return replace(
            self,
            step=max(self.step - 1, 0),
            elapsed=0.0,
            running_since=now if self.running else None,
        )

    def seconds(self, now: float) -> float:
        return self.elapsed + (now - self.running_since if self.running_since is not None else 0.0)

    def remaining(self, now: float) -> float:
        """Seconds left on this step (negative once over time)."""
        step = self.current
        return 0.0 if step is None else step.minutes * 60 - self.seconds(now)


def clock_text(seconds: float) -> str:
    """12:05, or -0:30 once a step runs over."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    return f"{sign}{whole // 60}:{whole % 60:02d}"
