"""A zip member's XML in pieces: unpacked a megabyte at a time, straight from its packed bytes,
never past the size its zip entry declares, each piece ending just before a tag.

The scans that measure a workbook before it is read (`extent`, `text_volume`, `formats`) walk
its XML this way, so no member is ever unpacked whole and no tag is split between pieces.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

SCAN_CHUNK_BYTES = 1024 * 1024
MAX_TAG_BYTES = 16 * 1024 * 1024  # XML read at once when no tag starts in it


class UnbrokenXml(ValueError):
    """A member holds MAX_TAG_BYTES of XML in which no tag starts."""


def xml_pieces(archive: zipfile.ZipFile, member: str) -> Iterator[memoryview]:
    """A member's XML in pieces of about SCAN_CHUNK_BYTES, each ending just before a '<'.

    No tag or cell reference is split between pieces, each byte is scanned once, the member is
    never unpacked whole, and one buffer is reused (fresh megabytes cost more than the scan).
    A piece is valid only until the next one is asked for. XML with no tag starting in
    MAX_TAG_BYTES raises `UnbrokenXml`: cutting it would split a tag.
    """
    buffer = bytearray()
    for chunk in _unpacked(archive, archive.getinfo(member)):
        buffer += chunk
        cut = buffer.rfind(b"<")
        if cut <= 0:
            if len(buffer) >= MAX_TAG_BYTES:
                raise UnbrokenXml(member)
            continue
        with memoryview(buffer)[:cut] as piece:
            yield piece
        del buffer[:cut]
    with memoryview(buffer) as piece:
        yield piece


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., file name length, extra length


def _unpacked(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes, unpacked about SCAN_CHUNK_BYTES at a time, never more than the member
    says it holds (the size `archives.is_bomb` judged it by).

    A deflated member (nearly every one) is inflated straight from its packed bytes: zipfile
    inflates 4 KB at a time and checks a CRC, a third of the scan of a district export (the
    spreadsheet reader checks the CRC). Any other member is read through zipfile.
    """
    if info.compress_type != zipfile.ZIP_DEFLATED:
        with archive.open(info) as stream:
            while chunk := stream.read(SCAN_CHUNK_BYTES):
                yield chunk
        return
    packed = memoryview(_packed(archive, info))
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    unpacked = at = 0
    while not inflate.eof:
        if inflate.unconsumed_tail:
            data = inflate.unconsumed_tail
        elif at < len(packed):
            data, at = packed[at : at + _PACKED_STEP], at + _PACKED_STEP
        else:
            raise EOFError(f"{info.filename} ends early")
        chunk = inflate.decompress(data, SCAN_CHUNK_BYTES)
        unpacked += len(chunk)
        if unpacked > info.file_size:
            raise zipfile.BadZipFile(f"{info.filename} unpacks to more than it says")
        if chunk:
            yield chunk
    if unpacked != info.file_size:
        raise zipfile.BadZipFile(f"{info.filename} unpacks to less than it says")


# Packed bytes handed to zlib at a time: what zlib has not used yet is copied back each round.
_PACKED_STEP = 64 * 1024


def _packed(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's packed bytes, found through its local header."""
    archive.fp.seek(info.header_offset)
    header = archive.fp.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        raise zipfile.BadZipFile(f"{info.filename} has no local header")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"{info.filename} has no local header")
    archive.fp.seek(name_length + extra_length, io.SEEK_CUR)
    return archive.fp.read(info.compress_size)


def holds(piece: memoryview | bytes, pattern: str) -> bool:
    """Whether the piece holds a match of `pattern` (RE2, through pyarrow)."""
    found = pc.match_substring_regex(pa.array([bytes(piece)], pa.binary()), pattern)
    return bool(found[0].as_py())
