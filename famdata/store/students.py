"""Students: identities resolved to private numbers in bulk, through keyed hashes only."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from famdata.errors import FamdataError
from famdata.identity import key_hash, key_hashes, name_identity, new_numbers
from famdata.store.classes import class_row
from famdata.store.engine import insert_rows, select_tuples
from famdata.store.keys import class_key
from famdata.store.schema import (
    student_keys,
    students,
)


class StudentTables:
    """The Store's students."""

    engine: Engine

    def numbers_for(self, class_name: str, identities: Iterable[str]) -> dict[str, int | None]:
        """The private number of each identity (None for a student this class has not seen)."""
        with self.engine.connect() as conn:
            row = class_row(conn, class_name)
            key = class_key(conn, row)
            known = known_keys(conn, row.id)
            number_of = dict(
                conn.execute(
                    sa.select(students.c.id, students.c.number).where(students.c.class_id == row.id)
                ).all()
            )
        result: dict[str, int | None] = {}
        for identity in identities:
            student = known.get(key_hash(key, identity))
            result[identity] = None if student is None else number_of[student]
        return result

    def class_for_file(
        self, identities: Sequence[str], hints: Iterable[str], among: Iterable[str]
    ) -> str | None:
        """The class among `among` that a file belongs to, for the Load page to save into: the
        one that already knows more than half of the file's students (through each class's own
        keyed hashes), else the one whose name the file gives in a title or a class column.

        Without it, a teacher loading next month's file would make a second class by default,
        and every child would get a second number. A sample of `RECOGNISE_SAMPLE` students is
        enough to tell, and keeps a district file from hashing 100,000 identities per class.
        """
        candidates = list(among)
        sample = list(dict.fromkeys(identities))[:RECOGNISE_SAMPLE]
        best, best_known = None, 0
        with self.engine.connect() as conn:
            for name in candidates:
                row = class_row(conn, name)
                try:
                    key = class_key(conn, row)
                except FamdataError:  # its key is not on this computer: it recognises no one
                    continue
                known = known_keys(conn, row.id)
                count = sum(h in known for h in key_hashes(key, sample).values())
                if count > best_known:
                    best, best_known = name, count
        if best is not None and 2 * best_known > len(sample):
            return best
        return named_in(hints, candidates)


# How many of a file's students are hashed to recognise the class it belongs to.
RECOGNISE_SAMPLE = 200


def named_in(hints: Iterable[str], names: Iterable[str]) -> str | None:
    """The class whose name the file gives, as a whole phrase in any case and spacing: "Room 12"
    in the title "Room 12 - September", never in "Room 120". The longest name wins, so "Grade
    4, Room 12" is preferred to "Room 12" where both fit."""
    texts = list(hints)
    for name in sorted(names, key=len, reverse=True):
        words = name.split()
        if not words:
            continue
        phrase = re.compile(
            r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE
        )
        if any(phrase.search(text) for text in texts):
            return name
    return None


def known_keys(conn: Connection, class_id: int) -> dict[str, int]:
    return dict(
        select_tuples(
            conn,
            sa.select(student_keys.c.key_hash, student_keys.c.student_id).where(
                student_keys.c.class_id == class_id
            ),
        )
    )


def _name_only_keys(conn: Connection, class_id: int) -> dict[str, int]:
    """key hash -> student, for the students this class knows by name alone (no ID yet)."""
    query = sa.select(student_keys.c.key_hash, student_keys.c.student_id).where(
        student_keys.c.class_id == class_id, student_keys.c.kind == "name"
    )
    return dict(select_tuples(conn, query))


def _refuse_names_for_a_class_known_by_ids(conn: Connection, class_row: Any) -> None:
    """A file of names alone cannot find children the class knows by student ID (famdata keeps
    no name hash for them): saving it would give every child a second number."""
    query = sa.select(sa.func.count()).where(
        student_keys.c.class_id == class_row.id, student_keys.c.kind == "id"
    )
    if conn.execute(query).scalar_one():
        raise FamdataError(
            f"Class '{class_row.name}' knows its students by student ID, and this file has only "
            "names: add the student ID column (as in the class's first file) so every child keeps "
            "their number."
        )


def _name_alias(roster: pd.DataFrame, identities: set[str]) -> dict[str, str]:
    """identity -> name identity, for the given ID identities that the file also names."""
    if "name" not in roster.columns:
        return {}
    return {
        identity: name_identity(name)
        for identity, name in zip(roster["identity"], roster["name"], strict=True)
        if identity in identities and isinstance(name, str) and name.strip()
    }


def resolve_students(
    conn: Connection, class_row: Any, identities: list[str], roster: pd.DataFrame
) -> tuple[dict[str, int], int, int]:
    """Map each identity to a student row id, creating new students with new numbers.

    An ID finds its student; a name finds a student known by that name alone. A new ID finds,
    through the name beside it, a student known so far only by name, and from then on that
    student is known by the ID only: famdata keeps no name hash for a student who has an ID, so
    a stolen database and a class list cannot be matched through names.
    """
    known = known_keys(conn, class_row.id)
    if identities and not any(i.startswith("id:") for i in identities):
        _refuse_names_for_a_class_known_by_ids(conn, class_row)
    key = class_key(conn, class_row)
    hashes = key_hashes(key, identities)
    new_ids = {i for i in identities if i.startswith("id:") and hashes[i] not in known}
    by_name = _name_only_keys(conn, class_row.id) if new_ids else {}
    aliases = _name_alias(roster, new_ids) if by_name else {}
    hashes.update(key_hashes(key, aliases.values()))
    resolved: dict[str, int] = {}
    unknown: list[str] = []
    named_then: list[str] = []  # name hashes of students now known by an ID
    for identity in identities:
        student = known.get(hashes[identity])
        if student is None and identity in aliases:
            student = by_name.get(hashes[aliases[identity]])
            if student is not None:
                named_then.append(hashes[aliases[identity]])
        if student is None:
            unknown.append(identity)
        else:
            resolved[identity] = student
    taken = conn.execute(
        sa.select(students.c.number).where(students.c.class_id == class_row.id)
    ).scalars()
    numbers = new_numbers(taken, len(unknown))
    resolved.update(_insert_students(conn, class_row.id, dict(zip(unknown, numbers, strict=True))))
    new_keys = [
        (class_row.id, student, hashes[identity], "id" if identity.startswith("id:") else "name")
        for identity, student in resolved.items()
        if hashes[identity] not in known
    ]
    # In the order of the unique index (class, hash), SQLite appends to it instead of writing
    # 50,000 hashes at random places in it: a third of the time.
    new_keys.sort(key=lambda row: row[2])
    if named_then:
        conn.execute(
            student_keys.delete().where(
                student_keys.c.class_id == class_row.id, student_keys.c.key_hash.in_(named_then)
            )
        )
    insert_rows(conn, student_keys, ("class_id", "student_id", "key_hash", "kind"), new_keys)
    return resolved, len(unknown), len(resolved) - len(unknown)


def _insert_students(conn: Connection, class_id: int, numbers: dict[str, int]) -> dict[str, int]:
    """identity -> row id of a new student, for identity -> private number.

    The students go in together and their ids come back by number in one SELECT: asking the
    database for each new row's id made a 50,000-student import 50,000 round trips. They go in
    by number, so their row ids follow the private numbers, not the file's (often alphabetical)
    order, and SQLite appends to the (class, number) index instead of writing all over it.
    """
    if not numbers:
        return {}
    insert_rows(
        conn, students, ("class_id", "number"), [(class_id, n) for n in sorted(numbers.values())]
    )
    id_of = dict(
        select_tuples(
            conn, sa.select(students.c.number, students.c.id).where(students.c.class_id == class_id)
        )
    )
    return {identity: id_of[number] for identity, number in numbers.items()}
