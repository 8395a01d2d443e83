"""The teacher's edited copy of the benchmark table (empty: the shipped one), and what links each
class's measures and windows to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from famdata import data
from famdata.measures import Profile
from famdata.store.classes import profile_of
from famdata.store.schema import benchmark_rows, classes, measures, windows


class BenchmarkTables:
    """The Store's benchmark table."""

    engine: Engine

    def benchmark_table(self) -> pd.DataFrame:
        """The teacher's edited benchmark table, or the shipped one when it was never edited."""
        columns = [c.name for c in benchmark_rows.columns if c.name != "id"]
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(*[benchmark_rows.c[c] for c in columns])).all()
        if not rows:
            return data.benchmark_table()
        return pd.DataFrame(rows, columns=columns)

    def save_benchmark_table(self, table: pd.DataFrame) -> None:
        """Replace the edited benchmark table (the caller validates it first)."""
        columns = [c.name for c in benchmark_rows.columns if c.name != "id"]
        records = (
            table[columns].astype(object).where(table[columns].notna(), None).to_dict("records")
        )
        with self.engine.begin() as conn:
            conn.execute(benchmark_rows.delete())
            if records:
                conn.execute(benchmark_rows.insert(), records)

    def reset_benchmark_table(self) -> None:
        """Go back to the shipped table."""
        with self.engine.begin() as conn:
            conn.execute(benchmark_rows.delete())

    def benchmark_links(self) -> dict[str, ClassLinks]:
        """For every class, in three queries: its grade, each measure's benchmark link and each
        window's season and date (what a benchmark resolver needs, for the coach's table)."""
        with self.engine.connect() as conn:
            by_id = {
                row.id: ClassLinks(row.grade, {}, {})
                for row in conn.execute(sa.select(classes.c.id, classes.c.grade))
            }
            names = dict(conn.execute(sa.select(classes.c.id, classes.c.name)).all())
            for row in conn.execute(sa.select(measures)):
                by_id[row.class_id].measures[row.name] = profile_of(row)
            for row in conn.execute(sa.select(windows)):
                by_id[row.class_id].windows[row.label] = (row.season, row.date)
        return {names[class_id]: links for class_id, links in by_id.items()}


@dataclass(frozen=True)
class ClassLinks:
    """A class's grade, its measures' profiles and its windows' (season, date)."""

    grade: int
    measures: dict[str, Profile]
    windows: dict[str, tuple[str | None, date | None]]
