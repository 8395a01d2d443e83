"""Students: identities resolved to private numbers in bulk, through keyed hashes only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from famdata.identity import key_hash, key_hashes, name_identity, new_numbers
from famdata.store.classes import class_row
from famdata.store.engine import insert_rows, select_tuples
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
            known = known_keys(conn, row.id)
            number_of = dict(
                conn.execute(
                    sa.select(students.c.id, students.c.number).where(students.c.class_id == row.id)
                ).all()
            )
        result: dict[str, int | None] = {}
        for identity in identities:
            student = known.get(key_hash(row.hash_key, identity))
            result[identity] = None if student is None else number_of[student]
        return result


def known_keys(conn: Connection, class_id: int) -> dict[str, int]:
    return dict(
        select_tuples(
            conn,
            sa.select(student_keys.c.key_hash, student_keys.c.student_id).where(
                student_keys.c.class_id == class_id
            ),
        )
    )


def _students_with_ids(conn: Connection, class_id: int) -> set[int]:
    query = sa.select(student_keys.c.student_id).where(
        student_keys.c.class_id == class_id, student_keys.c.kind == "id"
    )
    return {student for (student,) in select_tuples(conn, query)}


def _name_alias(roster: pd.DataFrame) -> dict[str, str]:
    """identity -> name identity, for students the file knows by ID and also names."""
    aliases: dict[str, str] = {}
    if "name" not in roster.columns:
        return aliases
    for identity, name in zip(roster["identity"], roster["name"], strict=True):
        if identity.startswith("id:") and isinstance(name, str) and name.strip():
            aliases[identity] = name_identity(name)
    return aliases


def resolve_students(
    conn: Connection, class_row: Any, identities: list[str], roster: pd.DataFrame
) -> tuple[dict[str, int], int, int]:
    """Map each identity to a student row id, creating new students with new numbers.

    An ID finds its student; a name finds a student known by that name. A file with IDs finds a
    student earlier known only by name through the name, but never one who has another ID: two
    children may share a name.
    """
    known = known_keys(conn, class_row.id)
    with_ids = _students_with_ids(conn, class_row.id)
    wanted = set(identities)
    aliases = {i: name for i, name in _name_alias(roster).items() if i in wanted}
    hashes = key_hashes(class_row.hash_key, [*identities, *aliases.values()])
    resolved: dict[str, int] = {}
    unknown: list[str] = []
    for identity in identities:
        student = known.get(hashes[identity])
        if student is None and identity in aliases:
            by_name = known.get(hashes[aliases[identity]])
            student = by_name if by_name not in with_ids else None
        if student is None:
            unknown.append(identity)
        else:
            resolved[identity] = student
    taken = conn.execute(
        sa.select(students.c.number).where(students.c.class_id == class_row.id)
    ).scalars()
    numbers = new_numbers(taken, len(unknown))
    resolved.update(_insert_students(conn, class_row.id, dict(zip(unknown, numbers, strict=True))))
    new_keys = []
    for identity, student in resolved.items():
        for key in (identity, aliases.get(identity)):
            if key is not None and hashes[key] not in known:
                known[hashes[key]] = student
                new_keys.append(
                    (class_row.id, student, hashes[key], "id" if key.startswith("id:") else "name")
                )
    # In the order of the unique index (class, hash), SQLite appends to it instead of writing
    # 100,000 hashes at random places in it: a third of the time.
    new_keys.sort(key=lambda row: row[2])
    insert_rows(conn, student_keys, ("class_id", "student_id", "key_hash", "kind"), new_keys)
    return resolved, len(unknown), len(resolved) - len(unknown)


def _insert_students(conn: Connection, class_id: int, numbers: dict[str, int]) -> dict[str, int]:
    """identity -> row id of a new student, for identity -> private number.

    The students go in together and their ids come back by number in one SELECT: asking the
    database for each new row's id made a 50,000-student import 50,000 round trips.
    """
    if not numbers:
        return {}
    insert_rows(conn, students, ("class_id", "number"), [(class_id, n) for n in numbers.values()])
    id_of = dict(
        select_tuples(
            conn, sa.select(students.c.number, students.c.id).where(students.c.class_id == class_id)
        )
    )
    return {identity: id_of[number] for identity, number in numbers.items()}
