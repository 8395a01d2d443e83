"""Files that hold a class's data (backups, folder labels, family folders), written so that only
the computer account that made them can read them: another account on a shared school computer
must not open a backup or a list of names."""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

PRIVATE_MODE = 0o600  # read and write for the owner, nothing for anyone else


def open_private(path: Path) -> BinaryIO:
    """`path` opened to write bytes from the start, readable by its owner alone.

    A new file is created owner-only; a file that already existed keeps its permissions through
    O_TRUNC, so wider ones are narrowed. A file system without permissions (a FAT USB stick)
    refuses the change, and there is nothing to narrow there.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, PRIVATE_MODE)
    if stat.S_IMODE(os.stat(descriptor).st_mode) & ~PRIVATE_MODE:
        with suppress(PermissionError):
            os.chmod(path, PRIVATE_MODE)
    return os.fdopen(descriptor, "wb")


def write_private(path: Path, data: bytes) -> Path:
    """Write `data` to `path`, readable by its owner alone."""
    with open_private(path) as file:
        file.write(data)
    return path
