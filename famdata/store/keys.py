"""Each class's hash key, kept out of the database: in an owner-only key file beside it.

A stolen database then holds keyed hashes without their keys, so a class list cannot be hashed
and matched against it. The database names each class's key by a random id; the key file maps
ids to keys. For a SQLite file the key file sits beside it (`famdata.db.keys`); for a server
database (PostgreSQL) it lives in the folder `FAMDATA_KEYS` names, else `~/.famdata/keys/`, under
a name derived from the database's address. A backup carries the keys only when asked.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from famdata.errors import FamdataError
from famdata.private_files import write_private

KEYS_FOLDER = Path.home() / ".famdata" / "keys"


def key_file(url: sa.URL) -> Path:
    """Where the class keys of the database at `url` are kept."""
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(f"{Path(url.database).expanduser()}.keys")
    folder = Path(os.environ.get("FAMDATA_KEYS") or KEYS_FOLDER)
    address = url.render_as_string(hide_password=True).encode()
    return folder / f"{hashlib.sha256(address).hexdigest()[:16]}.json"


def new_key_id() -> str:
    return secrets.token_hex(16)


def read_keys(path: Path) -> dict[str, str]:
    """key id -> hex key ({} when there is no key file yet)."""
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise FamdataError(
            f"The class key file {path} could not be read: restore it from a backup made with "
            "--with-key."
        ) from error


def add_keys(path: Path, keys: dict[str, str]) -> None:
    """Add keys to the key file (owner-only), never dropping one already there."""
    if not keys:
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _locked(path):
        merged = {**read_keys(path), **keys}
        temporary = path.with_name(f"{path.name}.{os.getpid()}.new")
        write_private(temporary, json.dumps(merged, indent=1).encode())
        os.replace(temporary, path)


def class_key(conn: sa.Connection, class_row: Any) -> str:
    """The hash key of a class, from the key file of the database `conn` is on."""
    key = read_keys(key_file(conn.engine.url)).get(class_row.key_id)
    if key is None:
        raise FamdataError(
            f"The private key of class '{class_row.name}' is not on this computer (it was not in "
            "the backup it came from), so famdata cannot recognise its students. Restore a backup "
            "made with --with-key, or import the file as a new class."
        )
    return key


@contextmanager
def _locked(path: Path) -> Any:
    """One writer at a time, across the processes of a school install (POSIX file lock)."""
    lock = path.with_name(f"{path.name}.lock")
    handle = os.open(lock, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        with suppress(ImportError):
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)
