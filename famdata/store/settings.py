"""Settings and saved column mappings."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from famdata.errors import FamdataError
from famdata.store.schema import (
    saved_mappings,
    settings,
)


class SettingTables:
    """The Store's settings and the teacher's saved column roles."""

    engine: Engine

    def setting(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(settings.c.value).where(settings.c.key == key)
            ).scalar_one_or_none()

    def set_setting(self, key: str, value: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(settings.delete().where(settings.c.key == key))
            conn.execute(settings.insert().values(key=key, value=value))

    def save_mapping(self, name: str, roles: Mapping[str, str]) -> None:
        """Keep a confirmed set of column roles under a name (replacing one of the same name)."""
        if not name.strip():
            raise FamdataError("Give the column mapping a name.")
        with self.engine.begin() as conn:
            conn.execute(saved_mappings.delete().where(saved_mappings.c.name == name.strip()))
            conn.execute(
                saved_mappings.insert().values(
                    name=name.strip(), roles=json.dumps(dict(roles)), saved_at=datetime.now(UTC)
                )
            )

    def mappings(self) -> dict[str, dict[str, str]]:
        """Every saved column mapping by name."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(saved_mappings).order_by(saved_mappings.c.name))
            return {row.name: json.loads(row.roles) for row in rows}

    def mapping(self, name: str) -> dict[str, str]:
        saved = self.mappings()
        if name not in saved:
            known = ", ".join(f"'{n}'" for n in saved) or "none yet"
            raise FamdataError(f"There is no saved column mapping named '{name}'. Saved: {known}.")
        return saved[name]
