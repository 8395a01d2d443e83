"""The whole database in one portable file, and back — SQLite to PostgreSQL and the other way.

A backup is a zip: `manifest.json` (what, when, which schema) and one JSON-lines file per table,
every table of the schema in dependency order, so tables added later travel too. There are no
names in the database, so there are none in a backup. A restore goes into an empty database
in one transaction: it either all arrives or nothing does.

A backup is read as a stranger's file: before anything is stored, a restore checks the manifest,
the unpacked size, every value against its column (the limits PostgreSQL keeps, on SQLite too, so
a laptop's backup restores at school), every key and every link between tables, and refuses a
damaged backup in one sentence that says where the damage is.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import sqlalchemy as sa

from famdata import archives
from famdata.errors import FamdataError
from famdata.private_files import open_private
from famdata.store import Store
from famdata.store.keys import add_keys, key_file, new_key_id, read_keys
from famdata.store.migrations import MIGRATIONS, drop_name_hashes_of_students_with_ids
from famdata.store.schema import (
    NIGHT_TABLES,
    classes,
    metadata,
    schema_version,
    settings,
    stages,
)

FORMAT = "famdata-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Restored by the restore itself (the version), replaced whole (settings), or the moment on the
# projector, not data (stages).
SKIPPED = {schema_version.name, stages.name}
# A school's whole database is a few MB of JSON: far more than that is no backup famdata wrote.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
# PostgreSQL's INTEGER: SQLite stores more, and a backup must restore on both.
INTEGERS = range(-(2**31), 2**31)
NOT_A_BACKUP = "This file is not a famdata backup."

Check = Callable[[Any], Any]
Lines = list[tuple[int, dict[str, Any]]]  # (line number in its file, row)


KEYS = "keys.json"
# The schema version whose classes table still held each class's key (restored into the key file).
KEYS_IN_CLASSES_UNTIL = 2
# Tables added after the first schema, by the schema version that added them: a backup made
# before that version does not carry them, and they restore empty.
ADDED_IN = {table.name: 5 for table in NIGHT_TABLES}


@dataclass(frozen=True)
class BackupSummary:
    schema_version: int
    rows: dict[str, int]
    keys: int = 0  # class keys the backup carries

    def describe(self) -> str:
        classes_count = self.rows.get("classes", 0)
        scores_count = self.rows.get("scores", 0)
        said = f"{classes_count} classes and {scores_count:,} scores"
        if self.keys < classes_count:
            return (
                f"{said}, without the classes' private keys: on another computer famdata cannot "
                "recognise their students in later files (back up with --with-key to carry them)."
            )
        return f"{said}, with the classes' private keys."


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def backup(store: Store, out: Path | BinaryIO, *, with_keys: bool = False) -> BackupSummary:
    """Write every table to one zip file, and each class's hash key only when asked: a backup
    without them is safe to store anywhere, one with them restores on another computer with every
    returning student recognised."""
    rows: dict[str, int] = {}
    keys: dict[str, str] = {}
    target = open_private(out) if isinstance(out, Path) else out
    try:
        with (
            zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            store.engine.connect() as conn,
        ):
            for table in _restored_tables():
                order = [c for c in table.primary_key.columns]
                records = conn.execute(sa.select(table).order_by(*order)).mappings().all()
                lines = (json.dumps({k: _encode(v) for k, v in r.items()}) for r in records)
                archive.writestr(f"{table.name}.jsonl", "\n".join(lines))
                rows[table.name] = len(records)
            if with_keys:
                saved = read_keys(key_file(conn.engine.url))
                key_ids = conn.execute(sa.select(classes.c.key_id)).scalars()
                keys = {key_id: saved[key_id] for key_id in key_ids if key_id in saved}
                archive.writestr(KEYS, json.dumps(keys))
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
    return BackupSummary(len(MIGRATIONS), rows, len(keys))


class _Refused(Exception):
    """Why one value cannot be restored, in plain words; the reader adds where it stands."""


def _damaged(where: str, problem: str) -> FamdataError:
    return FamdataError(f"This backup is damaged: {where}: {problem}; nothing was restored.")


def _shown(value: Any) -> str:
    """A value as a message quotes it: text in quotes, numbers as JSON writes them, cut short."""
    text = repr(value) if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _whole_number(value: Any) -> int:
    if type(value) is not int:
        raise _Refused(f"{_shown(value)} is not a whole number")
    if value not in INTEGERS:
        raise _Refused(f"{_shown(value)} is too large a number for the database")
    return value


def _number(value: Any) -> float:
    if type(value) not in (int, float):
        raise _Refused(f"{_shown(value)} is not a number")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise _Refused(f"{_shown(value)} is not a finite number")
    return number


def _text(length: int | None) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise _Refused(f"{_shown(value)} is not text")
        if length is not None and len(value) > length:
            raise _Refused(f"its {len(value):,} characters are more than the {length} it may hold")
        if "\x00" in value or not _encodable(value):
            raise _Refused(f"{_shown(value)} holds a character no database stores")
        return value

    return check


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which JSON can spell but text cannot hold
        return False
    return True


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise _Refused(f"{_shown(value)} is not true or false")
    return value


def _parsed(parse: Callable[[str], Any], kind: str) -> Check:
    def check(value: Any) -> Any:
        try:
            return parse(value)
        except (TypeError, ValueError):
            raise _Refused(f"{_shown(value)} is not {kind}") from None

    return check


def _checker(column: sa.Column) -> Check:
    """The check (and decoding) of one column's values, empty ones included."""
    kind = column.type
    if isinstance(kind, sa.Boolean):
        check = _flag
    elif isinstance(kind, sa.Integer):
        check = _whole_number
    elif isinstance(kind, sa.Float):
        check = _number
    elif isinstance(kind, sa.DateTime):
        check = _parsed(datetime.fromisoformat, "a date and time")
    elif isinstance(kind, sa.Date):
        check = _parsed(date.fromisoformat, "a date")
    elif isinstance(kind, sa.String):
        check = _text(kind.length)
    else:
        raise TypeError(f"a backup cannot check {column.table.name}.{column.name} ({kind!r})")

    def checked(value: Any) -> Any:
        if value is None:
            if column.nullable:
                return None
            raise _Refused("it is empty, and it must hold a value")
        return check(value)

    return checked


def _restored_tables() -> list[sa.Table]:
    """Every table a backup carries, parents before children (a backup older than a table in
    `ADDED_IN` lacks that one)."""
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED]


def _open_archive(source: Path | bytes | BinaryIO) -> zipfile.ZipFile:
    """The backup's zip, refused before anything is unpacked when it would swell too large."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except zipfile.BadZipFile as error:
        raise FamdataError(NOT_A_BACKUP) from error
    members = archive.infolist()
    if archives.is_bomb(members, MAX_UNPACKED_BYTES):
        archive.close()
        raise FamdataError(
            f"This backup would unpack to {archives.unpacked_bytes(members) // 2**20:,} MB, far "
            "more than any famdata database; nothing was restored."
        )
    return archive


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise _damaged(name, "it could not be unpacked") from error


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The manifest, once it is known to describe a backup this famdata can restore."""
    try:
        manifest = json.loads(_member(archive, MANIFEST))
    except (KeyError, ValueError, RecursionError) as error:
        raise FamdataError(NOT_A_BACKUP) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise FamdataError(NOT_A_BACKUP)
    version = manifest.get("schema_version")
    if type(version) is not int or version < 0:
        raise _damaged(MANIFEST, f"{_shown(version)} is not a schema version")
    format_version = manifest.get("format_version")
    if version > len(MIGRATIONS) or (
        type(format_version) is int and format_version > FORMAT_VERSION
    ):
        raise FamdataError(
            "This backup comes from a newer famdata: update famdata before restoring it."
        )
    if format_version != FORMAT_VERSION:
        raise _damaged(MANIFEST, f"{_shown(format_version)} is not a backup format version")
    if not isinstance(manifest.get("rows"), dict):
        raise _damaged(MANIFEST, "it does not count the rows of each table")
    return manifest


def _read_table(
    archive: zipfile.ZipFile, table: sa.Table, counted: Any, keys: dict[str, str], version: int
) -> Lines:
    """Every row of one table's file, each value checked against its column (a class's key, in a
    backup from before keys left the database, is moved into `keys`)."""
    name = f"{table.name}.jsonl"
    if name not in archive.namelist() and version < ADDED_IN.get(table.name, 0):
        return []
    if name not in archive.namelist():
        raise _damaged(name, "this file is missing from the backup")
    if type(counted) is not int or counted < 0:
        raise _damaged(MANIFEST, f"it does not count the rows of {name}")
    try:
        text = _member(archive, name).decode("utf-8")
    except UnicodeDecodeError as error:
        raise _damaged(name, "it is not text") from error
    checks = {c.name: _checker(c) for c in table.columns}
    adapt = _key_out(keys) if table is classes and version <= KEYS_IN_CLASSES_UNTIL else None
    lines = [
        (number, _row(line, checks, f"{name} line {number}", adapt))
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    ]
    if len(lines) != counted:
        raise _damaged(name, f"it holds {len(lines):,} rows where the manifest counts {counted:,}")
    return lines


def _key_out(keys: dict[str, str]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """For an older backup's class row: its key goes to `keys` under a new id."""

    def adapt(raw: dict[str, Any]) -> dict[str, Any]:
        key = raw.pop("hash_key", None)
        if isinstance(key, str):
            raw["key_id"] = new_key_id()
            keys[raw["key_id"]] = key
        return raw

    return adapt


def _row(
    line: str,
    checks: dict[str, Check],
    where: str,
    adapt: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    try:
        raw = json.loads(line)
    except (ValueError, RecursionError):
        raw = None
    if not isinstance(raw, dict):
        raise _damaged(where, "it is not a row of data")
    if adapt is not None:
        raw = adapt(raw)
    unknown = sorted(raw.keys() - checks.keys())
    if unknown:
        raise _damaged(where, f"{_shown(unknown[0])} is not a column of this table")
    row = {}
    for column, check in checks.items():
        try:
            row[column] = check(raw.get(column))
        except _Refused as refused:
            raise _damaged(f"{where}, column {column}", str(refused)) from None
    return row


def _check_keys(tables: dict[str, Lines]) -> None:
    """No key twice and no link to a row that is not there, found before anything is stored."""
    for table in _restored_tables():
        for columns in _keys(table):
            _check_unique(table, columns, tables[table.name])
        for column in table.columns:
            for link in column.foreign_keys:
                _check_link(table, column, link.column, tables)


def _keys(table: sa.Table) -> list[list[str]]:
    """The primary key and each unique constraint, as column names."""
    uniques = [c for c in table.constraints if isinstance(c, sa.UniqueConstraint)]
    return [[c.name for c in key.columns] for key in (table.primary_key, *uniques)]


def _check_unique(table: sa.Table, columns: list[str], lines: Lines) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for number, row in lines:
        key = tuple(row[c] for c in columns)
        if None in key:  # an empty value never clashes, on either database
            continue
        if key in seen:
            values = " and ".join(f"{c} {_shown(v)}" for c, v in zip(columns, key, strict=True))
            raise _damaged(
                f"{table.name}.jsonl line {number}",
                f"{values} {'is' if len(key) == 1 else 'are'} on line {seen[key]} too",
            )
        seen[key] = number


def _check_link(
    table: sa.Table, column: sa.Column, target: sa.Column, tables: dict[str, Lines]
) -> None:
    present = {row[target.name] for _, row in tables[target.table.name]}
    for number, row in tables[table.name]:
        value = row[column.name]
        if value is not None and value not in present:
            raise _damaged(
                f"{table.name}.jsonl line {number}, column {column.name}",
                f"there is no {target.table.name} row with {target.name} {_shown(value)}",
            )


def _read_backup(
    source: Path | bytes | BinaryIO,
) -> tuple[int, dict[str, Lines], dict[str, str]]:
    """The backup's schema version, every table's rows (all checked) and the class keys it
    carries."""
    with _open_archive(source) as archive:
        manifest = _manifest(archive)
        version = manifest["schema_version"]
        keys = _carried_keys(archive)
        tables = {
            table.name: _read_table(archive, table, manifest["rows"].get(table.name), keys, version)
            for table in _restored_tables()
        }
    _check_keys(tables)
    return version, tables, keys


def _carried_keys(archive: zipfile.ZipFile) -> dict[str, str]:
    if KEYS not in archive.namelist():
        return {}
    try:
        keys = json.loads(_member(archive, KEYS))
    except (ValueError, RecursionError):
        keys = None
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) == 64 for k, v in keys.items()
    ):
        raise _damaged(KEYS, "it is not a list of class keys")
    return keys


def restore(store: Store, source: Path | bytes | BinaryIO) -> BackupSummary:
    """Bring a backup back into an empty database (no classes yet), all or nothing: the whole
    backup is checked first, and a damaged one is refused before anything is stored."""
    version, tables, keys = _read_backup(source)
    with store.engine.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(classes)).scalar_one():
            raise FamdataError(
                "famdata restores a backup only into an empty database, and this one already "
                "holds classes. Use a new database (FAMDATA_DB), or remove its classes first."
            )
        conn.execute(settings.delete())
        for table in _restored_tables():
            _insert(conn, table, [row for _, row in tables[table.name]])
        if conn.dialect.name == "postgresql":
            _restart_sequences(conn)
        drop_name_hashes_of_students_with_ids(conn)  # an older backup may still carry them
        add_keys(key_file(conn.engine.url), keys)
        here = read_keys(key_file(conn.engine.url))
    rows = {name: len(lines) for name, lines in tables.items()}
    known = sum(row["key_id"] in here for _, row in tables["classes"])
    return BackupSummary(version, rows, known)


def _insert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """The backup is consistent in itself, so a clash can only be with rows already here."""
    if not rows:
        return
    try:
        conn.execute(table.insert(), rows)
    except (sa.exc.IntegrityError, sa.exc.DataError) as error:
        raise FamdataError(
            f"The rows of {table.name}.jsonl clash with what this database already holds; "
            "nothing was restored. Restore into a new database (FAMDATA_DB)."
        ) from error


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
