"""Zip files famdata opens (workbooks, backups): how large they would be once unpacked, known
from their table of contents before a byte is inflated, so a small file that unpacks to
gigabytes is refused instead of filling the memory."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

# Spreadsheet XML and backup JSON compress well (10-20x); a thousandfold ratio is a bomb.
MAX_RATIO = 200
RATIO_CHECK_FROM_BYTES = 10 * 1024 * 1024


def unpacked_bytes(members: Sequence[zipfile.ZipInfo]) -> int:
    """What the members declare they unpack to (zipfile stops reading a member at that size)."""
    return sum(m.file_size for m in members)


def is_bomb(members: Sequence[zipfile.ZipInfo], max_unpacked_bytes: int) -> bool:
    """True when the archive would unpack to more than `max_unpacked_bytes`, or one large member
    is compressed far more than real data ever is."""
    swollen = any(
        m.file_size > RATIO_CHECK_FROM_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1)
        for m in members
    )
    return swollen or unpacked_bytes(members) > max_unpacked_bytes
