"""Fixtures shared by the whole suite.

Every test gets its own SQLite file through FAMDATA_DB, so nothing touches the teacher's real
database. Store tests take `db_url`, which runs them against SQLite and against the PostgreSQL
server named by FAMDATA_TEST_PG_URL (a fresh database per test). Without that variable the
PostgreSQL half is skipped on a developer's machine and fails in CI, where it must run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "famdata" / "data" / "samples"
PG_URL = os.environ.get("FAMDATA_TEST_PG_URL")


@pytest.fixture(autouse=True)
def private_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'famdata.db'}"
    monkeypatch.setenv("FAMDATA_DB", url)
    # Key files of server databases go here, never into the home folder (SQLite's sit beside it).
    monkeypatch.setenv("FAMDATA_KEYS", str(tmp_path / "keys"))
    monkeypatch.delenv("FAMDATA_DEBUG", raising=False)
    return url


def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must provide a PostgreSQL server through FAMDATA_TEST_PG_URL")
        pytest.skip("no PostgreSQL server (set FAMDATA_TEST_PG_URL to run these)")
    name = f"famdata_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _drop_database(admin, name)
        admin.dispose()


def _drop_database(admin: sa.Engine, name: str) -> None:
    """Drop a test database, even while an autovacuum worker is visiting it.

    FORCE may not end a worker that no role owns unless the test role holds pg_signal_backend;
    then the drop waits (bounded) for the worker to finish instead of failing the test.
    """
    drop = sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for _ in range(600):
        try:
            with admin.connect() as conn:
                conn.execute(drop)
            return
        except sa.exc.DBAPIError as error:
            if "pg_signal_backend" not in str(error) and "being accessed" not in str(error):
                raise
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT pg_sleep(0.1)"))
    pytest.fail(f"test database {name} stayed in use for a minute")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL: once a SQLite file, once a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    else:
        yield from postgres_database()


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR
