"""The famdata database: the only place with SQL.

`Store` is the one object pages and commands hold. Each table group keeps its own queries in its
own module (`classes`, `students`, `scores` with `incoming`, `goals`, `nights`, `benchmarks`,
`settings`, `stages`); `schema` declares the tables, `migrations` the named changes to existing
databases, `engine` the connection, and `backup` the whole database in one file. Every import is
one transaction, so a failed or interrupted save leaves the database as it was.
"""

from __future__ import annotations

from famdata.store.benchmarks import BenchmarkTables
from famdata.store.classes import ClassInfo, ClassSpec, ClassTables, MeasureInfo, WindowInfo
from famdata.store.engine import default_url, make_engine
from famdata.store.goals import GoalTables
from famdata.store.nights import NightTables
from famdata.store.scores import ImportResult, ScoreChange, ScoreTables
from famdata.store.settings import SettingTables
from famdata.store.stages import StageTables
from famdata.store.students import StudentTables

__all__ = [
    "ClassInfo",
    "ClassSpec",
    "ImportResult",
    "MeasureInfo",
    "ScoreChange",
    "Store",
    "WindowInfo",
    "default_url",
    "make_engine",
]


class Store(
    SettingTables,
    ClassTables,
    StudentTables,
    ScoreTables,
    GoalTables,
    NightTables,
    BenchmarkTables,
    StageTables,
):
    """The famdata database. Cheap to share: it holds an engine, never per-class data."""

    def __init__(self, url: str | None = None) -> None:
        self.engine = make_engine(url)
