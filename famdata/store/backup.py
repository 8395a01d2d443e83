"""The whole database in one portable file, and back — SQLite to PostgreSQL and the other way.

A backup is a zip: `manifest.json` (what, when, which schema) and one JSON-lines file per table,
every table of the schema in dependency order, so tables added later travel too. There are no
names in the database, so there are none in a backup. A restore goes into an empty database
in one transaction: it either all arrives or nothing does.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import sqlalchemy as sa

from famdata.errors import FamdataError
from famdata.store import Store
from famdata.store.migrations import MIGRATIONS
from famdata.store.schema import classes, metadata, schema_version, settings

FORMAT = "famdata-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Restored by the restore itself (the version) or replaced whole (settings).
SKIPPED = {schema_version.name}


@dataclass(frozen=True)
class BackupSummary:
    schema_version: int
    rows: dict[str, int]

    def describe(self) -> str:
        classes_count = self.rows.get("classes", 0)
        scores_count = self.rows.get("scores", 0)
        return f"{classes_count} classes and {scores_count:,} scores."


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decoder(column: sa.Column) -> Any:
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    return lambda v: v


def backup(store: Store, out: Path | BinaryIO) -> BackupSummary:
    """Write every table to one zip file."""
    rows: dict[str, int] = {}
    target = out.open("wb") if isinstance(out, Path) else out
    try:
        with (
            zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            store.engine.connect() as conn,
        ):
            for table in metadata.sorted_tables:
                if table.name in SKIPPED:
                    continue
                order = [c for c in table.primary_key.columns]
                records = conn.execute(sa.select(table).order_by(*order)).mappings().all()
                lines = (json.dumps({k: _encode(v) for k, v in r.items()}) for r in records)
                archive.writestr(f"{table.name}.jsonl", "\n".join(lines))
                rows[table.name] = len(records)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "schema_version": len(MIGRATIONS),
                "created_at": datetime.now(UTC).isoformat(),
                "rows": rows,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
    finally:
        if isinstance(out, Path):
            target.close()
    return BackupSummary(len(MIGRATIONS), rows)


def _open_archive(source: Path | bytes | BinaryIO) -> zipfile.ZipFile:
    data = source.read_bytes() if isinstance(source, Path) else source
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
        manifest = json.loads(archive.read(MANIFEST))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as error:
        raise FamdataError("This file is not a famdata backup.") from error
    if manifest.get("format") != FORMAT:
        raise FamdataError("This file is not a famdata backup.")
    if manifest.get("schema_version", 0) > len(MIGRATIONS):
        raise FamdataError(
            "This backup comes from a newer famdata: update famdata before restoring it."
        )
    return archive


def restore(store: Store, source: Path | bytes | BinaryIO) -> BackupSummary:
    """Bring a backup back into an empty database (no classes yet), all or nothing."""
    archive = _open_archive(source)
    manifest = json.loads(archive.read(MANIFEST))
    rows: dict[str, int] = {}
    with store.engine.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(classes)).scalar_one():
            raise FamdataError(
                "famdata restores a backup only into an empty database, and this one already "
                "holds classes. Use a new database (FAMDATA_DB), or remove its classes first."
            )
        conn.execute(settings.delete())
        for table in metadata.sorted_tables:
            if table.name in SKIPPED or f"{table.name}.jsonl" not in archive.namelist():
                continue
            text = archive.read(f"{table.name}.jsonl").decode("utf-8")
            decode = {c.name: _decoder(c) for c in table.columns}
            records = [
                {k: decode[k](v) for k, v in json.loads(line).items() if k in decode}
                for line in text.splitlines()
                if line.strip()
            ]
            if records:
                conn.execute(table.insert(), records)
            rows[table.name] = len(records)
        if conn.dialect.name == "postgresql":
            _restart_sequences(conn)
    return BackupSummary(manifest.get("schema_version", 0), rows)


def _restart_sequences(conn: sa.Connection) -> None:
    """Rows came with their ids; new rows must get ids after them."""
    for table in metadata.sorted_tables:
        if "id" not in table.columns:
            continue
        conn.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )
