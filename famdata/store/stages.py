"""What the projector shows right now, per class and window: one row every tab reads and the
teacher's control view writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from famdata.store.classes import class_row
from famdata.store.schema import stages

STAGE_FIELDS = (
    "measure",
    "highlight",
    "lang",
    "view",
    "bar_order",
    "clock_step",
    "clock_elapsed",
    "clock_started",
)


class StageTables:
    """The Store's stages."""

    engine: Engine

    def stage(self, class_name: str, window: str) -> dict[str, Any] | None:
        """The stage's fields and version, or None before anyone touched a control."""
        with self.engine.connect() as conn:
            class_id = class_row(conn, class_name).id
            row = conn.execute(
                sa.select(stages).where(stages.c.class_id == class_id, stages.c.window == window)
            ).first()
        if row is None:
            return None
        return {name: getattr(row, name) for name in (*STAGE_FIELDS, "version")}

    def save_stage(self, class_name: str, window: str, fields: Mapping[str, Any]) -> int:
        """Write the stage (the last control touched wins: one teacher runs the night) and
        return its new version, which the projector's tab watches for."""
        values = {name: fields[name] for name in STAGE_FIELDS if name in fields}
        with self.engine.begin() as conn:
            class_id = class_row(conn, class_name).id
            where = (stages.c.class_id == class_id, stages.c.window == window)
            version = conn.execute(sa.select(stages.c.version).where(*where)).scalar()
            if version is None:
                conn.execute(
                    stages.insert().values(class_id=class_id, window=window, version=1, **values)
                )
                return 1
            conn.execute(stages.update().where(*where).values(version=version + 1, **values))
            return version + 1
