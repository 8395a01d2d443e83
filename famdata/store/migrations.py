"""Named changes to tables that already exist in someone's database, run once, in order, and
recorded in ``schema_version``."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from famdata.ingest.profiles import guess_skill
from famdata.measures import of_skill
from famdata.store.keys import add_keys, key_file, new_key_id
from famdata.store.schema import NIGHT_TABLES, metadata, schema_version, student_keys

Migration = Callable[[Connection], None]


# Changes to tables that already exist in someone's database, in order; never edit or reorder
# an entry once released, only append.
def _add_vendor_band(conn: Connection) -> None:
    conn.execute(sa.text("ALTER TABLE scores ADD COLUMN vendor_band VARCHAR(20)"))


def drop_name_hashes_of_students_with_ids(conn: Connection) -> None:
    """A student known by an ID is known by it alone: a name hash beside it would let a stolen
    database be matched against a class list."""
    with_ids = sa.select(student_keys.c.student_id).where(student_keys.c.kind == "id")
    conn.execute(
        student_keys.delete().where(
            student_keys.c.kind == "name", student_keys.c.student_id.in_(with_ids)
        )
    )


def _move_class_keys_out(conn: Connection) -> None:
    """Each class's hash key leaves the database for the owner-only key file beside it
    (famdata.store.keys); the database keeps only the key's id."""
    if "hash_key" not in {column["name"] for column in sa.inspect(conn).get_columns("classes")}:
        return  # a database made after the move
    conn.execute(sa.text("ALTER TABLE classes ADD COLUMN key_id VARCHAR(64)"))
    rows = conn.execute(sa.text("SELECT id, hash_key FROM classes")).all()
    ids = {class_id: new_key_id() for class_id, _ in rows}
    add_keys(key_file(conn.engine.url), {ids[class_id]: key for class_id, key in rows})
    for class_id, key_id in ids.items():
        conn.execute(
            sa.text("UPDATE classes SET key_id = :key_id WHERE id = :id"),
            {"key_id": key_id, "id": class_id},
        )
    conn.execute(sa.text("ALTER TABLE classes DROP COLUMN hash_key"))


def _measure_profiles(conn: Connection) -> None:
    """Each measure gets its skill and whether its fractions are read as percents; the skill is
    the benchmark measure the teacher linked, else the guess from its name, and brings its unit
    and direction. The old link column goes: the skill is the link now."""
    if "benchmark_measure" not in {c["name"] for c in sa.inspect(conn).get_columns("measures")}:
        return  # a database made after the change
    conn.execute(sa.text("ALTER TABLE measures ADD COLUMN skill VARCHAR(50)"))
    conn.execute(
        sa.text("ALTER TABLE measures ADD COLUMN from_fractions BOOLEAN NOT NULL DEFAULT false")
    )
    rows = conn.execute(sa.text("SELECT id, name, benchmark_measure FROM measures")).all()
    for measure_id, name, linked in rows:
        code = guess_skill(name) if linked is None else (None if linked == "none" else linked)
        profile = of_skill(code)
        conn.execute(
            sa.text(
                "UPDATE measures SET skill = :skill, unit = :unit, "
                "higher_is_better = :higher WHERE id = :id"
            ),
            {
                "skill": code,
                "unit": profile.unit,
                "higher": profile.higher_is_better,
                "id": measure_id,
            },
        )
    conn.execute(sa.text("ALTER TABLE measures DROP COLUMN benchmark_measure"))


def _night_tables(conn: Connection) -> None:
    """The night's plan, agenda, attendance and practice. New tables, so `create_all` has
    usually made them already; the version is recorded so a backup made before them is known
    to lack them (famdata.store.backup)."""
    metadata.create_all(conn, tables=NIGHT_TABLES)


MIGRATIONS: tuple[Migration, ...] = (
    _add_vendor_band,
    drop_name_hashes_of_students_with_ids,
    _move_class_keys_out,
    _measure_profiles,
    _night_tables,
)


def create_or_migrate(engine: Engine) -> None:
    """A new database gets every table at the latest version; an older one gets the changes it
    has not had yet, in order, in one transaction."""
    with engine.begin() as conn:
        fresh = not sa.inspect(conn).has_table("schema_version")
        metadata.create_all(conn)
        if fresh:
            conn.execute(schema_version.insert().values(version=len(MIGRATIONS)))
            return
        current = conn.execute(sa.select(schema_version.c.version)).scalar_one()
        for migration in MIGRATIONS[current:]:
            migration(conn)
        if current != len(MIGRATIONS):
            conn.execute(schema_version.update().values(version=len(MIGRATIONS)))
