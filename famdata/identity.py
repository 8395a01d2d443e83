"""Roster identities -> keyed hashes and private student numbers.

A student is known to famdata only by a keyed hash of their identity (the student ID, or the
normalised name when the file has no ID) and by the class's private number for them. The key is
random per class, so the same child gets unrelated hashes in two classes, and a hash cannot be
reversed without guessing names (see the README on what that does and does not protect).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_NOT_LETTER_OR_DIGIT = re.compile(r"[^\w\s]|_")


def new_class_key() -> str:
    """A fresh random key for one class's hashes (hex, 256 bits)."""
    return secrets.token_hex(32)


def normalise_name(name: str) -> str:
    """The form of a name that does not depend on accents, case, punctuation or word order.

    "García, María", "maria garcia" and "MARIA  GARCIA" are one student: tokens are sorted so a
    "Last, First" column and separate first/last columns agree.
    """
    if name.isascii():  # most names: nothing to decompose, and lower() is casefold() here
        bare = name.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(sorted(_NOT_LETTER_OR_DIGIT.sub(" ", bare).split()))


def name_identity(name: str) -> str:
    """The identity string for a student known only by name."""
    return "name:" + normalise_name(name)


def id_identity(student_id: str) -> str:
    """The identity string for a student known by an ID from the school's system."""
    return "id:" + student_id.strip()


def row_identities(ids: pa.Array, names: Callable[[], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's identity: from its ID when it has one (`ids` as written, stripped), else from
    its name, else '' — for a whole column at once, as (code, distinct): row i's identity is
    `distinct[code[i]]`. Each distinct ID is made into a Python string once, and `names` is
    asked for only when some row has no ID (most exports give every student one)."""
    encoded = pc.dictionary_encode(ids)
    written = encoded.dictionary
    prefix, empty = pa.scalar("id:", written.type), pa.scalar("", written.type)
    with_prefix = pc.binary_join_element_wise(prefix, written, empty)
    distinct = pc.if_else(pc.equal(written, empty), empty, with_prefix).to_numpy(
        zero_copy_only=False
    )
    code = encoded.indices.to_numpy()
    no_id = pc.index(written, empty).as_py()
    if no_id < 0:
        return code, distinct
    found = distinct[code]
    by_id = code != no_id
    written_names = names()
    by_name = ~by_id & (written_names != "")
    known = {name: name_identity(name) for name in pd.unique(written_names[by_name])}
    found[by_name] = [known[name] for name in written_names[by_name]]
    found[found == "name:"] = ""  # a "name" of punctuation only
    return pd.factorize(found)


def key_hash(class_key: str, identity: str) -> str:
    """HMAC-SHA256 of an identity under the class key, as hex: the only form famdata stores."""
    return hmac.new(bytes.fromhex(class_key), identity.encode("utf-8"), hashlib.sha256).hexdigest()


def key_hashes(class_key: str, identities: Iterable[str]) -> dict[str, str]:
    """`key_hash` of each distinct identity, each computed once: a district import hashes
    100,000 identities, and repeating the key's decoding and the HMAC per lookup cost seconds."""
    key = bytes.fromhex(class_key)
    hashes: dict[str, str] = {}
    for identity in identities:
        if identity not in hashes:
            hashes[identity] = hmac.digest(key, identity.encode("utf-8"), "sha256").hex()
    return hashes


def new_numbers(taken: Iterable[int], count: int) -> list[int]:
    """Private numbers for `count` new students, after the numbers already taken.

    The numbers are the next `count` integers, handed out in random order, so the first import is
    a random permutation of 1..N (never alphabetical or in file order) and a returning student
    keeps the number they had.
    """
    start = max(taken, default=0) + 1
    # One draw of 128 bits from the operating system seeds the shuffle: as unpredictable as
    # drawing for every swap, which took a fifth of a second for a district-size class.
    shuffle = np.random.default_rng(secrets.randbits(128))
    return (start + shuffle.permutation(count)).tolist()
