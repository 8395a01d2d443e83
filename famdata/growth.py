"""Growth between two assessment windows: per student, per class, and across every class.

The coach's view: for each class and skill, how many students have both windows, their mean
and median growth, the share who moved up a benchmark band, the share of individual goals met and
whether the class goal was met. Growth runs in the measure's direction (9 errors down to 3 is a
growth of 6), skills are compared by their code whatever each class calls its column, and a
class with one window so far is listed as waiting for its follow-up. Groups under ten students
are suppressed, as assessment vendors do, so a coach's table never points at a child.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from famdata import benchmarks, goals, measures
from famdata.benchmarks import BANDS
from famdata.goals import COMMUNAL, GoalReview, class_metric, goal_direction
from famdata.measures import Profile
from famdata.score_table import one_measure
from famdata.store import Store
from famdata.store.benchmarks import ClassLinks

MIN_GROUP = 10
PRACTISED_SOME = ("yes", "some")  # the answers that count as having practised
ATTENDANCE_CAVEAT = (
    "Families who come to a night may differ in many ways from families who do not (time, "
    "work, transport, how their child was already doing), so a difference here is not proof "
    "that coming caused it."
)
SUPPRESSED = "too few students to show"
NO_FOLLOW_UP = "no follow-up yet"
COMPARED = "compared"
BAND_RANK = {band: rank for rank, band in enumerate(BANDS)}


@dataclass(frozen=True)
class Filters:
    school: str | None = None
    grade: int | None = None
    skill: str | None = None  # a skill code, or a measure's own name when it has no skill
    start: str | None = None  # window label; default: each class's first window
    end: str | None = None  # default: each class's last window


def _ends(frame: pd.DataFrame, filters: Filters) -> tuple[str, str] | None:
    order = (
        frame.sort_values(["date", "position"], na_position="last")["window"]
        .drop_duplicates()
        .tolist()
    )
    start = filters.start if filters.start in order else order[0] if order else None
    end = filters.end if filters.end in order else order[-1] if order else None
    if start is None or end is None or start == end:
        return None
    return start, end


def student_growth(
    class_scores: pd.DataFrame,
    measure: str,
    start: str,
    end: str,
    benchmark_for: benchmarks.Resolver,
    higher_is_better: bool = True,
) -> pd.DataFrame:
    """Per student with a score in both windows: before, after, growth (in the measure's
    direction), bands, band movement."""
    rows = one_measure(class_scores, measure)
    before = rows[rows["window"] == start].set_index("student")["value"].dropna()
    after = rows[rows["window"] == end].set_index("student")["value"].dropna()
    both = before.index.intersection(after.index)
    table = pd.DataFrame({"before": before[both], "after": after[both]})
    table["growth"] = measures.gain(table["before"], table["after"], higher_is_better)
    start_mark, end_mark = benchmark_for(measure, start), benchmark_for(measure, end)
    if start_mark is not None and end_mark is not None:
        table["band_before"] = table["before"].map(lambda v: benchmarks.band(v, start_mark))
        table["band_after"] = table["after"].map(lambda v: benchmarks.band(v, end_mark))
        change = table["band_after"].map(BAND_RANK) - table["band_before"].map(BAND_RANK)
        table["movement"] = change.map(lambda d: "up" if d > 0 else ("down" if d < 0 else "same"))
    return table.rename_axis("student").reset_index()


def skill_key(measure: str, profile: Profile) -> str:
    """What the coach compares a measure by: its skill code, or its own name without one."""
    return profile.skill or measure


def _resolvers(store: Store, links: dict[str, ClassLinks]) -> dict[str, benchmarks.Resolver]:
    """Every class's benchmark resolver from three queries, not three per class."""
    table = benchmarks.BenchmarkIndex(store.benchmark_table())
    return {
        name: benchmarks.resolver(
            table,
            class_links.grade,
            class_links.measures,
            {
                label: season or benchmarks.season_of(label, when)
                for label, (season, when) in class_links.windows.items()
            },
        )
        for name, class_links in links.items()
    }


def growth_by_student(store: Store, filters: Filters = Filters()) -> pd.DataFrame:
    """Every student's growth in every class and measure that has two windows (one query)."""
    data = store.all_scores()
    if filters.school:
        data = data[data["school"] == filters.school]
    if filters.grade is not None:
        data = data[data["grade"] == filters.grade]
    parts = []
    links = store.benchmark_links()
    resolvers = _resolvers(store, links)
    for class_name, class_scores in data.groupby("class", sort=True):
        ends = _ends(class_scores, filters)
        if ends is None:
            continue
        benchmark_for = resolvers[str(class_name)]
        profiles = links[str(class_name)].measures
        for measure in class_scores["measure"].unique():
            profile = profiles.get(measure, Profile())
            skill = skill_key(measure, profile)
            if filters.skill and skill != filters.skill:
                continue
            table = student_growth(
                class_scores, measure, *ends, benchmark_for, profile.higher_is_better
            )
            parts.append(
                table.assign(
                    **{
                        "class": class_name,
                        "skill": skill,
                        "measure": measure,
                        "from": ends[0],
                        "to": ends[1],
                        "school": class_scores["school"].iloc[0],
                        "grade": int(class_scores["grade"].iloc[0]),
                    }
                )
            )
    columns = [
        "class",
        "school",
        "grade",
        "skill",
        "measure",
        "from",
        "to",
        "student",
        "before",
        "after",
        "growth",
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def coach_table(
    store: Store, filters: Filters = Filters(), by_student: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per class and skill across the database, small groups suppressed, and the
    classes still waiting for their second window listed as such."""
    if by_student is None:
        by_student = growth_by_student(store, filters)
    goal_rows = store.all_goals()
    links = store.benchmark_links()
    practised = _practice_shares(store.all_practice())
    records = []
    for (class_name, measure), table in by_student.groupby(["class", "measure"], sort=True):
        start, end = table["from"].iloc[0], table["to"].iloc[0]
        profile = links[str(class_name)].measures.get(measure, Profile())
        record = {
            "Class": class_name,
            "School": table["school"].iloc[0],
            "Grade": int(table["grade"].iloc[0]),
            "Skill": table["skill"].iloc[0],
            "Measure": measure,
            "From": start,
            "To": end,
            "Status": COMPARED,
            "Students in both windows": len(table),
        }
        if len(table) < MIN_GROUP:
            records.append(record | {"Mean growth": SUPPRESSED})
            continue
        own_goals = goal_rows[
            (goal_rows["class"] == class_name)
            & (goal_rows["measure"] == measure)
            & (goal_rows["window"] == start)
        ]
        record |= {
            "Mean growth": round(float(table["growth"].mean()), 1),
            "Median growth": round(float(table["growth"].median()), 1),
            "% moved up a band": _share(table.get("movement"), "up"),
            "% individual goals met": _goals_met(own_goals, table, profile),
            "% families practised": practised.get((str(class_name), start)),
            "Class goal met": _class_goal_met(
                store, own_goals, str(class_name), measure, end, profile
            ),
        }
        records.append(record)
    records += _waiting(store, links, filters)
    return pd.DataFrame(records)


def _waiting(
    store: Store, links: dict[str, ClassLinks], filters: Filters
) -> list[dict[str, object]]:
    """A row per measure of each class with one window so far: not dropped, but waiting."""
    rows = []
    for info in store.classes():
        class_links = links.get(info.name)
        if class_links is None or len(class_links.windows) != 1:
            continue
        if filters.school and info.school != filters.school:
            continue
        if filters.grade is not None and info.grade != filters.grade:
            continue
        [window] = class_links.windows
        for measure, profile in class_links.measures.items():
            skill = skill_key(measure, profile)
            if filters.skill and skill != filters.skill:
                continue
            rows.append(
                {
                    "Class": info.name,
                    "School": info.school,
                    "Grade": info.grade,
                    "Skill": skill,
                    "Measure": measure,
                    "From": window,
                    "To": None,
                    "Status": NO_FOLLOW_UP,
                    "Students in both windows": 0,
                }
            )
    return rows


def _practice_shares(
    answers: list[tuple[str, str, int, str]],
) -> dict[tuple[str, str], float]:
    """Per night (class, window): the share of recorded families who practised (yes or some)."""
    counted: dict[tuple[str, str], list[bool]] = {}
    for class_name, window, _, answer in answers:
        counted.setdefault((class_name, window), []).append(answer in PRACTISED_SOME)
    return {night: round(100.0 * sum(said) / len(said), 1) for night, said in counted.items()}


def _share(movement: pd.Series | None, value: str) -> float | None:
    if movement is None or movement.empty:
        return None
    return round(100.0 * float((movement == value).mean()), 1)


def _goals_met(own_goals: pd.DataFrame, table: pd.DataFrame, profile: Profile) -> float | None:
    if own_goals.empty:
        return None
    individual = own_goals[own_goals["subject"] != COMMUNAL].merge(
        table, left_on="subject", right_on="student"
    )
    if individual.empty:
        return None
    met = measures.met(individual["after"], individual["target"], profile.higher_is_better)
    return round(100.0 * float(met.mean()), 1)


def _class_goal_met(
    store: Store,
    own_goals: pd.DataFrame,
    class_name: str,
    measure: str,
    end: str,
    profile: Profile,
) -> str | None:
    communal = own_goals[own_goals["subject"] == COMMUNAL]
    if communal.empty:
        return None
    goal = communal.iloc[0]
    rows = store.scores(class_name, end)
    rows = rows[rows["measure"] == measure]
    actual = class_metric(
        rows, goal["metric"], benchmarks.for_class(store, class_name)(measure, end)
    )
    if actual is None:
        return None
    met = measures.met(actual, goal["target"], goal_direction(goal["metric"], profile))
    return "yes" if met else "not yet"


JSON_KEYS = {
    "Class": "class",
    "School": "school",
    "Grade": "grade",
    "Skill": "skill",
    "Measure": "measure",
    "From": "from",
    "To": "to",
    "Status": "status",
    "Students in both windows": "students",
    "Mean growth": "mean_growth",
    "Median growth": "median_growth",
    "% moved up a band": "pct_moved_up_a_band",
    "% individual goals met": "pct_individual_goals_met",
    "% families practised": "pct_families_practised",
    "Class goal met": "class_goal_met",
}


def growth_json(table: pd.DataFrame) -> list[dict[str, object]]:
    """The coach table as `growth --json` prints it (suppressed figures are null)."""
    rows = []
    for record in table.to_dict("records"):
        row = {
            JSON_KEYS[k]: (None if isinstance(v, float) and pd.isna(v) else v)
            for k, v in record.items()
        }
        row["suppressed"] = row.get("mean_growth") == SUPPRESSED
        if row["suppressed"]:
            row["mean_growth"] = None
        rows.append(row)
    return rows


def movement_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many moved up, stayed, or moved down a band."""
    if "movement" not in table:
        return {}
    counts = table["movement"].value_counts()
    return {key: int(counts.get(key, 0)) for key in ("up", "same", "down")}


def earlier_windows(store: Store, class_name: str, window: str) -> list[str]:
    """The class's windows before `window`, oldest first: growth needs at least one, so a
    class's first window has nothing to compare with."""
    order = [w.label for w in store.windows(class_name)]
    return order[: order.index(window)] if window in order else []


@dataclass(frozen=True, eq=False)
class SinceLast:
    """One skill from an earlier window to `end`: each child's growth, the families' goals
    reviewed there, and the class goal. Review and Present both count from here, so the two
    pages can never disagree about how many children grew."""

    measure: str
    start: str
    end: str
    higher_is_better: bool
    table: pd.DataFrame  # one row per child with a score in both windows (`student_growth`)
    goals: tuple[GoalReview, ...]  # the families' goals set in `start`, reviewed or not yet
    class_goal: GoalReview | None
    averages: tuple[float | None, float | None]  # the class average in `start` and in `end`

    @property
    def compared(self) -> int:
        """Children with a score in both windows."""
        return len(self.table)

    @property
    def grew(self) -> int:
        """Of them, the children who grew in the measure's direction (fewer errors is growth)."""
        return int((self.table["growth"] > 0).sum())

    @property
    def reviewed(self) -> int:
        """Families' goals with a score to review them against."""
        return sum(r.met is not None for r in self.goals)

    @property
    def met(self) -> int:
        return sum(bool(r.met) for r in self.goals)

    @property
    def class_goal_met(self) -> bool | None:
        return None if self.class_goal is None else self.class_goal.met


def since_last(
    store: Store,
    class_name: str,
    measure: str,
    window: str,
    reviews: Sequence[GoalReview] | None = None,
) -> SinceLast | None:
    """Growth in one skill up to `window`, from the window its goals were set in (or, without
    goals, the window just before); None in the class's first window.

    `reviews` is `goals.review(store, class_name)` when the caller already has it.
    """
    earlier = earlier_windows(store, class_name, window)
    if not earlier:
        return None
    reviews = goals.review(store, class_name) if reviews is None else reviews
    due = [
        r
        for r in reviews
        if r.goal.measure == measure
        and r.goal.set_window in earlier
        and (r.review_window == window or r.actual is None)
    ]
    start = max((r.goal.set_window for r in due), key=earlier.index, default=earlier[-1])
    due = [r for r in due if r.goal.set_window == start]
    profile = store.profiles(class_name).get(measure, Profile())
    scores = store.scores(class_name)
    table = student_growth(
        scores,
        measure,
        start,
        window,
        benchmarks.for_class(store, class_name),
        profile.higher_is_better,
    )
    return SinceLast(
        measure=measure,
        start=start,
        end=window,
        higher_is_better=profile.higher_is_better,
        table=table,
        goals=tuple(r for r in due if r.goal.student is not None),
        class_goal=next((r for r in due if r.goal.student is None and r.actual is not None), None),
        averages=(
            class_metric(one_measure(scores, measure, start), "mean", None),
            class_metric(one_measure(scores, measure, window), "mean", None),
        ),
    )


@dataclass(frozen=True)
class Group:
    """Students of one attendance group: how many, and their mean growth (None under
    `MIN_GROUP`, so no figure points at a child)."""

    n: int
    mean_growth: float | None

    def as_json(self) -> dict[str, object]:
        return {"n": self.n, "mean_growth": self.mean_growth}


@dataclass(frozen=True)
class AttendanceGrowth:
    """One class and skill: growth from the night's window to the next, families who came
    against families who did not."""

    class_name: str
    measure: str
    skill: str
    start: str
    end: str
    attended: Group
    absent: Group

    def as_json(self) -> dict[str, object]:
        return {
            "class": self.class_name,
            "measure": self.measure,
            "skill": self.skill,
            "from": self.start,
            "to": self.end,
            "attended": self.attended.as_json(),
            "absent": self.absent.as_json(),
        }


def _group(growth: pd.Series) -> Group:
    mean = round(float(growth.mean()), 1) if len(growth) >= MIN_GROUP else None
    return Group(len(growth), mean)


def by_attendance(
    store: Store, filters: Filters = Filters(), by_student: pd.DataFrame | None = None
) -> list[AttendanceGrowth]:
    """Did coming make a difference? For each class and skill whose night (in the `from`
    window) has its attendance taken: the growth of students whose families came against those
    whose families did not. Not proof of cause (`ATTENDANCE_CAVEAT`)."""
    if by_student is None:
        by_student = growth_by_student(store, filters)
    taken = store.all_attendance()
    rows = []
    for (class_name, measure), table in by_student.groupby(["class", "measure"], sort=True):
        start, end = str(table["from"].iloc[0]), str(table["to"].iloc[0])
        present = taken.get((str(class_name), start))
        if present is None:
            continue
        came = table["student"].isin(present)
        rows.append(
            AttendanceGrowth(
                str(class_name),
                str(measure),
                str(table["skill"].iloc[0]),
                start,
                end,
                _group(table.loc[came, "growth"]),
                _group(table.loc[~came, "growth"]),
            )
        )
    return rows


def attendance_table(rows: list[AttendanceGrowth]) -> pd.DataFrame:
    """The comparison as the Coach page shows it, a suppressed mean said in words."""

    def mean(group: Group) -> object:
        return SUPPRESSED if group.mean_growth is None else group.mean_growth

    return pd.DataFrame(
        [
            {
                "Class": r.class_name,
                "Skill": r.skill,
                "Measure": r.measure,
                "From": r.start,
                "To": r.end,
                "Families who came": r.attended.n,
                "Their mean growth": mean(r.attended),
                "Families who did not": r.absent.n,
                "Mean growth (did not come)": mean(r.absent),
            }
            for r in rows
        ]
    )
