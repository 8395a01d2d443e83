"""Named changes to tables that already exist in someone's database, run once, in order, and
recorded in ``schema_version``."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from famdata.store.schema import (
    metadata,
    schema_version,
)

Migration = Callable[[Connection], None]


# Changes to tables that already exist in someone's database, in order; never edit or reorder
# an entry once released, only append.
def _add_vendor_band(conn: Connection) -> None:
    conn.execute(sa.text("ALTER TABLE scores ADD COLUMN vendor_band VARCHAR(20)"))


MIGRATIONS: tuple[Migration, ...] = (_add_vendor_band,)


def create_or_migrate(engine: Engine) -> None:
    with engine.begin() as conn:
        fresh = not sa.inspect(conn).has_table("schema_version")
        metadata.create_all(conn)
        if fresh:
            conn.execute(schema_version.insert().values(version=len(MIGRATIONS)))
            return
        current = conn.execute(sa.select(schema_version.c.version)).scalar_one()
        for migration in MIGRATIONS[current:]:
            migration(conn)
        if current != len(MIGRATIONS):
            conn.execute(schema_version.update().values(version=len(MIGRATIONS)))
