"""Communal and individual goals, the next-month review, and the families' ideas of the night.

Goals are history, not one mutable row: a goal belongs to the window it was set in, a review reads
the scores of a later window and never changes the goal, and the next goal is a new record linked
to the one before. Saving is safe with two browsers open: each goal carries a version, an update
names the version it was read at, and a goal changed meanwhile is refused, never overwritten.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import pandas as pd

from famdata import benchmarks, measures
from famdata.errors import FamdataError
from famdata.ingest import find_header, normalise_header, workbook
from famdata.measures import Profile
from famdata.score_table import one_measure, student_value
from famdata.store import Store

# The goal records live with their table; they are part of this module's vocabulary too.
from famdata.store.goals import COMMUNAL as COMMUNAL
from famdata.store.goals import STEPS as STEPS
from famdata.store.goals import Goal as Goal
from famdata.store.goals import GoalConflict as GoalConflict
from famdata.store.goals import GoalEntry as GoalEntry
from famdata.store.goals import Idea as Idea

Metric = Literal["score", "mean", "median", "pct_at_or_above"]
COMMUNAL_METRICS: tuple[Metric, ...] = ("mean", "median", "pct_at_or_above")
DEFAULT_WEEKS = 4
# A target more than this many weeks of typical growth away is flagged as unlikely in a month.
REALISTIC_WEEKS_FACTOR = 2.5
# Ambitious weekly growth as a multiple of typical growth (after Fuchs, Fuchs, Hamlett, Walz &
# Germann, 1993, whose ambitious rates run about a third to a half above the realistic ones).
AMBITIOUS = 1.5


@dataclass(frozen=True)
class GoalReview:
    goal: Goal
    actual: float | None
    growth: float | None
    met: bool | None
    review_window: str | None

    def as_json(self) -> dict[str, Any]:
        data = {
            "student": self.goal.student,
            "measure": self.goal.measure,
            "baseline": self.goal.baseline,
            "target": self.goal.target,
            "review_window": self.review_window,
            "actual": self.actual,
            "growth": None if self.growth is None else round(self.growth, 1),
            "met": self.met,
        }
        if self.goal.student is None:
            data["metric"] = self.goal.metric
        return data


def typical_growth(profile: Profile, grade: int) -> float | None:
    """The growth per week a suggested target starts from: Hasbrouck & Tindal's average weekly
    improvement for oral reading fluency in the grade; None for a skill the table does not know,
    where only the teacher can say what growth to expect."""
    return benchmarks.weekly_growth(profile.skill, grade) if profile.skill else None


def growth_note(profile: Profile, grade: int) -> str:
    """What the Goals page says beside the weekly growth, so the teacher knows where the number
    that every suggested target adds comes from, and that it is theirs to change."""
    typical = typical_growth(profile, grade)
    if typical is None:
        return (
            "famdata knows no typical weekly growth for this skill: type the growth you expect "
            "each week to see suggested targets."
        )
    where = "kindergarten" if grade == 0 else f"grade {grade}"
    return (
        f"Typical growth in {where} is {typical:g} a week (Hasbrouck & Tindal, 50th "
        "percentile). Change it if you expect more or less in this class."
    )


def suggest_target(
    baseline: float | None,
    profile: Profile,
    grade: int,
    weeks: int = DEFAULT_WEEKS,
    per_week: float | None = None,
) -> float | None:
    """A realistic target: today's score moved by `per_week` growth for each week until the
    review, in the measure's direction (errors go down), never below 0 or above 100%.

    `per_week` is the growth the teacher states (the Goals page starts it at `typical_growth`);
    without it, the typical growth of the skill and grade, so the suggestion and the stated rate
    are always one number.
    """
    if baseline is None or pd.isna(baseline):
        return None
    growth = per_week if per_week is not None else typical_growth(profile, grade)
    if growth is None:
        return None
    return _moved(baseline, growth * weeks, profile)


def realistic_range(
    baseline: float | None, profile: Profile, grade: int, weeks: int = DEFAULT_WEEKS
) -> tuple[float, float] | None:
    """Where typical growth would bring today's score by the next meeting, as the goal sheet
    coaches it: from the typical weekly growth of the grade (Hasbrouck & Tindal, 50th
    percentile) to an ambitious one and a half times that, in the measure's direction. None
    where the weekly-growth table does not know the skill and grade."""
    if baseline is None or pd.isna(baseline) or not profile.skill:
        return None
    growth = benchmarks.weekly_growth(profile.skill, grade)
    if growth is None:
        return None
    return (
        _moved(baseline, growth * weeks, profile),
        _moved(baseline, AMBITIOUS * growth * weeks, profile),
    )


def _moved(baseline: float, gain: float, profile: Profile) -> float:
    """A score moved by a gain in the measure's direction, whole, between 0 and 100%."""
    target = max(0.0, baseline + (gain if profile.higher_is_better else -gain))
    return float(round(min(target, 100.0) if profile.is_percent else target))


def check_target(
    target: float,
    baseline: float | None,
    *,
    higher_is_better: bool = True,
    typical_gain: float | None = None,
) -> list[str]:
    """Plain-language warnings about a target (it is still saved: the family may choose it)."""
    warnings = []
    if baseline is not None and not pd.isna(baseline):
        if higher_is_better and target < baseline:
            warnings.append(f"The target {target:g} is below today's score {baseline:g}.")
        if not higher_is_better and target > baseline:
            warnings.append(
                f"The target {target:g} is above today's score {baseline:g}, and for this measure "
                "fewer is better."
            )
        if typical_gain and abs(target - baseline) > REALISTIC_WEEKS_FACTOR * typical_gain:
            warnings.append(
                f"The target {target:g} is far beyond typical growth (about {typical_gain:g} in a "
                "month): a smaller step may be more encouraging."
            )
    return warnings


# -- reading and saving --------------------------------------------------------------------------


def save(store: Store, class_name: str, window: str, entries: Sequence[GoalEntry]) -> list[Goal]:
    """Save goals set in `window`, all or none, each with its baseline (today's score, or the
    class figure); refuse an impossible target, a number not in the class, and any goal changed
    since it was read."""
    scores = store.scores(class_name)
    numbers = set(scores["student"].astype(int))
    for entry in entries:
        refuse_impossible(entry, numbers)
    # The class's benchmarks are looked up only for a class goal, and once for all entries.
    benchmark_for = (
        benchmarks.for_class(store, class_name) if any(e.student is None for e in entries) else None
    )
    baselines = {
        (e.measure, e.student): _baseline(
            one_measure(scores, e.measure, window), e, window, benchmark_for
        )
        for e in entries
    }
    return store.save_goals(class_name, window, entries, baselines)


def refuse_impossible(entry: GoalEntry, numbers: set[int]) -> None:
    """One plain sentence for a goal no one could mean: not a number, below zero, over 100% of
    the class, or for a student number the class does not have."""
    where = (
        f"Row {entry.row}"
        if entry.row is not None
        else ("The class goal" if entry.student is None else f"Student {entry.student}'s goal")
    )
    if not math.isfinite(entry.target) or entry.target < 0:
        raise FamdataError(f"{where}: the target {entry.target:g} is not a score (use 0 or more).")
    if entry.metric == "pct_at_or_above" and entry.target > 100:
        raise FamdataError(f"{where}: the target {entry.target:g}% is more than the whole class.")
    if entry.student is not None and entry.student not in numbers:
        raise FamdataError(f"{where}: there is no student number {entry.student} in this class.")


def import_goals(
    store: Store, class_name: str, window: str, entries: Sequence[GoalEntry]
) -> list[Goal]:
    """Goals from a paper sheet: a goal already set for that number and skill in `window` is
    updated (the sheet is the families' latest word), a new one is added."""
    saved = {(g.measure, g.student): g.version for g in store.goals(class_name, window)}
    return save(
        store,
        class_name,
        window,
        [replace(e, seen_version=saved.get((e.measure, e.student))) for e in entries],
    )


CONFLICT_FIELDS = {
    "target": "Target",
    "metric": "What the class aims at",
    "text_en": "The goal in words (English)",
    "text_es": "La meta en palabras (español)",
    "strategy": "At-home strategy",
    "language": "Language",
    "notes": "Notes",
    "review_window": "Review at the window",
    "review_date": "Next meeting",
}


def differences(saved: Goal, mine: GoalEntry) -> list[tuple[str, object, object]]:
    """What another browser saved against what this one typed: (field, theirs, mine) for every
    field that differs, so the person can choose with both in view."""
    return [
        (label, getattr(saved, field), getattr(mine, field))
        for field, label in CONFLICT_FIELDS.items()
        if getattr(saved, field) != getattr(mine, field)
    ]


def _baseline(
    rows: pd.DataFrame,
    entry: GoalEntry,
    window: str,
    benchmark_for: benchmarks.Resolver | None,
) -> float | None:
    """Today's score of the goal's student, or the class figure of a class goal (`rows`: one
    measure in the window the goal is set in)."""
    if entry.student is not None:
        return student_value(rows, entry.student)
    benchmark = benchmark_for(entry.measure, window) if benchmark_for else None
    return class_metric(rows, entry.metric, benchmark)


def class_metric(
    rows: pd.DataFrame, metric: str, benchmark: benchmarks.Benchmark | None
) -> float | None:
    """The class mean, median, or share at or above the benchmark, of one measure in one window."""
    values = rows["value"].dropna()
    if values.empty:
        return None
    if metric == "mean":
        return round(float(values.mean()), 1)
    if metric == "median":
        return round(float(values.median()), 1)
    if benchmark is None:
        raise FamdataError("A goal on the share at benchmark needs a benchmark for that measure.")
    at = values.map(lambda v: benchmarks.band(v, benchmark) in ("at", "above")).mean()
    return round(100.0 * float(at), 1)


# -- the review ----------------------------------------------------------------------------------


def review(store: Store, class_name: str) -> list[GoalReview]:
    """Each goal against the scores of its review window (or the next window that has scores)."""
    order = [w.label for w in store.windows(class_name)]
    scores = store.scores(class_name)
    benchmark_for = benchmarks.for_class(store, class_name)
    profiles = store.profiles(class_name)
    reviews = []
    for goal in store.goals(class_name):
        later = [w for w in order[order.index(goal.set_window) + 1 :]]
        candidates = [goal.review_window] if goal.review_window in later else later
        actual, when = None, None
        for window in candidates:
            rows = one_measure(scores, goal.measure, window)
            if goal.student is None:
                actual = class_metric(rows, goal.metric, benchmark_for(goal.measure, window))
            else:
                actual = student_value(rows, goal.student)
            if actual is not None:
                when = window
                break
        higher = goal_direction(goal.metric, profiles.get(goal.measure, Profile()))
        growth = (
            None
            if actual is None or goal.baseline is None
            else measures.gain(goal.baseline, actual, higher)
        )
        met = None if actual is None else measures.met(actual, goal.target, higher)
        reviews.append(GoalReview(goal, actual, growth, met, when or goal.review_window))
    return reviews


def goal_direction(metric: str, profile: Profile) -> bool:
    """Whether a higher figure is better for a goal: the share at benchmark always; a score, a
    mean or a median as its measure (fewer errors is better)."""
    return True if metric == "pct_at_or_above" else profile.higher_is_better


def next_entries(
    reviews: Iterable[GoalReview],
    grade: int,
    profiles: Mapping[str, Profile],
    weeks: int = DEFAULT_WEEKS,
) -> list[GoalEntry]:
    """ "Set the next goal": one new entry per reviewed goal, from where the child is now."""
    entries = []
    for item in reviews:
        if item.actual is None:
            continue
        goal = item.goal
        profile = profiles.get(goal.measure, Profile())
        target = (
            suggest_target(item.actual, profile, grade, weeks) if goal.student is not None else None
        )
        entries.append(
            GoalEntry(
                measure=goal.measure,
                student=goal.student,
                metric=goal.metric,
                target=target if target is not None else goal.target,
                strategy=goal.strategy,
                language=goal.language,
                previous_id=goal.id,
            )
        )
    return entries


# -- goals typed from the paper goal sheets --------------------------------------------------------

_COLUMNS = {
    "student": ("student number", "number", "student", "no", "#", "numero", "student no"),
    "measure": ("measure", "skill", "habilidad", "medida"),
    "target": ("target", "goal", "meta"),
    "strategy": ("strategy", "at home strategy", "home strategy", "actividad"),
    "language": ("language", "idioma"),
}


def read_goal_sheet(source: workbook.Source, *, filename: str | None = None) -> list[GoalEntry]:
    """Goals from a spreadsheet: student number, measure, target; optional strategy and language."""
    name, data = workbook.load_bytes(source, filename)
    grid = workbook.open_sheets(name, data)[0].grid
    header = find_header(grid)
    if header is None:
        raise FamdataError(f"{name} has no header row (student number, measure, target).")
    columns: dict[str, int] = {}
    for position, text in enumerate(grid.loc[header]):
        for role, names in _COLUMNS.items():
            if normalise_header(text) in names and role not in columns:
                columns[role] = position
    missing = [r for r in ("student", "measure", "target") if r not in columns]
    if missing:
        raise FamdataError(
            f"{name} needs a '{missing[0]}' column (student number, measure, target)."
        )
    entries = []
    for index, row in grid.loc[header + 1 :].iterrows():
        cells = {role: row.iloc[position] for role, position in columns.items()}
        if all(str(v).strip() == "" for v in cells.values()):
            continue
        try:
            student, target = int(float(cells["student"])), float(cells["target"])
        except (TypeError, ValueError, OverflowError) as error:
            raise FamdataError(
                f"{name}, row {index + 1}: the student number and the target must be numbers "
                f"(found '{cells['student']}' and '{cells['target']}')."
            ) from error
        entries.append(
            GoalEntry(
                measure=str(cells["measure"]).strip(),
                target=target,
                student=student,
                strategy=str(cells.get("strategy") or "").strip() or None,
                language=str(cells.get("language") or "").strip().lower()[:2] or None,
                row=index + 1,
            )
        )
    return entries


# -- families' ideas -----------------------------------------------------------------------------


GRID_COLUMNS = [
    "Student",
    "Score now",
    "Suggested",
    "Target",
    "At-home strategy",
    "Language",
    "Notes",
    "Version",
]


def goal_grid(
    store: Store,
    class_name: str,
    window: str,
    measure: str,
    *,
    weeks: int = DEFAULT_WEEKS,
    per_week: float | None = None,
) -> pd.DataFrame:
    """The goal-setting grid: every student number, today's score, a suggested target, and the
    goal already saved (with its version, so a save can tell whether it changed meanwhile)."""
    grade = store.get_class(class_name).grade
    rows = one_measure(store.scores(class_name, window), measure)
    profile = store.profiles(class_name).get(measure, Profile())
    saved = {
        g.student: g for g in store.goals(class_name, window) if g.measure == measure and g.student
    }
    records = []
    for student, value in zip(rows["student"], rows["value"], strict=True):
        goal = saved.get(int(student))
        records.append(
            {
                "Student": int(student),
                "Score now": None if pd.isna(value) else float(value),
                "Suggested": suggest_target(value, profile, grade, weeks, per_week),
                "Target": goal.target if goal else None,
                "At-home strategy": goal.strategy if goal else None,
                "Language": goal.language if goal else None,
                "Notes": goal.notes if goal else None,
                "Version": goal.version if goal else None,
            }
        )
    return pd.DataFrame(records, columns=GRID_COLUMNS)


def grid_changes(before: pd.DataFrame, after: pd.DataFrame, measure: str) -> list[GoalEntry]:
    """The goals the teacher typed or changed in the grid (unchanged rows are not saved again)."""
    entries = []
    editable = ["Target", "At-home strategy", "Language", "Notes"]
    for (_, old), (_, new) in zip(before.iterrows(), after.iterrows(), strict=True):
        if pd.isna(new["Target"]):
            continue
        same = all((pd.isna(old[c]) and pd.isna(new[c])) or old[c] == new[c] for c in editable)
        if same:
            continue
        entries.append(
            GoalEntry(
                measure=measure,
                target=float(new["Target"]),
                student=int(new["Student"]),
                strategy=_text(new["At-home strategy"]),
                language=_text(new["Language"]),
                notes=_text(new["Notes"]),
                seen_version=None if pd.isna(old["Version"]) else int(old["Version"]),
            )
        )
    return entries


def _text(value: object) -> str | None:
    return (
        None
        if value is None or (isinstance(value, float) and pd.isna(value))
        else str(value).strip() or None
    )
