"""The engine: an owner-only SQLite file by default, any SQLAlchemy URL otherwise; and the two
driver-level paths that bulk reads and writes take (rows as tuples, multi-row inserts)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect, Engine

from famdata.store.migrations import create_or_migrate

DEFAULT_DB_PATH = Path.home() / ".famdata" / "famdata.db"


def default_url() -> str:
    """FAMDATA_DB when set, else the SQLite file in the user's home folder."""
    return os.environ.get("FAMDATA_DB") or f"sqlite:///{DEFAULT_DB_PATH}"


def _prepare_sqlite_file(url: sa.URL) -> None:
    """Create the database file readable by its owner only, before SQLite creates it 0644."""
    if not url.database or url.database == ":memory:":
        return
    path = Path(url.database).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (or the default), with the schema created or migrated."""
    parsed = sa.make_url(url or default_url())
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(parsed)
        engine = sa.create_engine(parsed)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = sa.create_engine(parsed, pool_pre_ping=True)
    create_or_migrate(engine)
    return engine


@contextlib.contextmanager
def bulk_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that writes a whole file's rows.

    SQLite checks that each new score's window, student and measure exist: three lookups per row,
    a fifth of a district import. The import finds or makes those rows itself, inside this
    transaction, and SQLite lets one writer in at a time; so on SQLite the check is off for the
    transaction (it can only be switched between transactions) and on again after it, whatever
    happened: a connection that cannot switch it back is thrown away, never reused.

    SQLite's page cache (2 MB) also grows for the transaction: a district's new pages no longer
    spill to the log before the commit, a quarter of SQLite's share of the import.
    """
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            with conn.begin():
                yield conn
            return
        driver = conn.connection.driver_connection
        cache = driver.execute("PRAGMA cache_size").fetchone()[0]
        driver.execute("PRAGMA foreign_keys=OFF")
        driver.execute(f"PRAGMA cache_size={_BULK_CACHE_KIB}")
        try:
            with conn.begin():
                yield conn
        finally:
            try:
                driver.execute("PRAGMA foreign_keys=ON")
                driver.execute(f"PRAGMA cache_size={int(cache)}")
            except Exception:
                conn.invalidate()
                raise


# A negative cache_size is KiB: 64 MB, more than a district's scores take.
_BULK_CACHE_KIB = -64 * 1024


# Rows per multi-row INSERT: as many as keep the bound parameters under 999, the limit of the
# oldest SQLite versions still in use.
_INSERT_PARAMETERS = 990


def insert_rows(
    conn: Connection,
    table: sa.Table,
    columns: Sequence[str],
    rows: np.ndarray | Sequence[tuple[Any, ...]],
) -> None:
    """Insert plain rows (ints, floats, strings, None, in `columns` order) in few statements.

    An executemany of a one-row INSERT costs SQLAlchemy a parameter dict and SQLite a statement
    per row, which was most of an 850,000-score import. A multi-row INSERT is compiled once for
    the engine's dialect and given flat tuples (or dicts, where the driver names parameters).
    """
    if len(rows) == 0:
        return
    table_rows = np.asarray(rows, dtype=object)
    size = max(1, _INSERT_PARAMETERS // len(columns))
    whole = len(table_rows) - len(table_rows) % size
    if whole:
        _insert_batches(
            conn, table, columns, size, table_rows[:whole].reshape(-1, size * len(columns))
        )
    if whole < len(table_rows):
        # The last few rows one at a time: a statement of every size up to `size` compiled and
        # kept would be a few hundred statements.
        _insert_batches(conn, table, columns, 1, table_rows[whole:])


def _insert_batches(
    conn: Connection, table: sa.Table, columns: Sequence[str], size: int, flat: np.ndarray
) -> None:
    """One INSERT of `size` rows for each line of `flat` (the rows' values one after another)."""
    sql, names = _multi_row_insert(table, tuple(columns), size, conn.dialect)
    params = list(map(tuple, flat))
    if names is None:
        conn.exec_driver_sql(sql, params)
    else:
        conn.exec_driver_sql(sql, [dict(zip(names, p, strict=True)) for p in params])


# The multi-row INSERTs compiled so far, by table, columns, rows and the kind of database: a few
# shapes (one per place that inserts, and its one-row twin) for each kind of database.
_COMPILED: dict[tuple[Any, ...], tuple[str, list[str] | None]] = {}


def _multi_row_insert(
    table: sa.Table, columns: tuple[str, ...], size: int, dialect: Dialect
) -> tuple[str, list[str] | None]:
    """The INSERT of `size` rows, compiled for `dialect`, and its parameter names where the
    driver names them (None where they are positional). Compiling a thousand parameters takes
    longer than SQLite takes to insert a thousand rows, so each shape is compiled once."""
    key = (table, columns, size, dialect.name, dialect.driver, dialect.paramstyle)
    if key not in _COMPILED:
        values = [
            {column: sa.bindparam(f"{column}_{i}") for column in columns} for i in range(size)
        ]
        statement = table.insert().values(values).compile(dialect=dialect)
        names = [f"{column}_{i}" for i in range(size) for column in columns]
        _COMPILED[key] = (str(statement), None if statement.positional else names)
    return _COMPILED[key]


def select_tuples(conn: Connection, query: sa.Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of a SELECT as the driver's own tuples.

    SQLAlchemy makes a Row object of each row, which for 850,000 scores was most of `summary`;
    the statement is still SQLAlchemy's, compiled for the engine's dialect.
    """
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup or ())
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()
