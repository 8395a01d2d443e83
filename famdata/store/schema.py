"""The tables: what is stored is the tidy model's classes, windows, students (private numbers and
keyed hashes), measures and scores, with goals, ideas and settings — and never a name.

A new table is added here (``create_all`` adds it to an existing database); a change to an
existing table is a function appended to `famdata.store.migrations`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from famdata.errors import FamdataError

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version", metadata, sa.Column("version", sa.Integer, nullable=False)
)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

classes = sa.Table(
    "classes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("grade", sa.Integer, nullable=False),
    sa.Column("school_year", sa.String(20)),
    sa.Column("teacher", sa.String(200)),
    sa.Column("school", sa.String(200)),
    sa.Column("language", sa.String(5), nullable=False, server_default="en"),
    sa.Column("contact", sa.Text),
    sa.Column("is_sample", sa.Boolean, nullable=False, server_default=sa.false()),
    # The id of the class's hash key in the key file (famdata.store.keys): never the key itself.
    sa.Column("key_id", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

windows = sa.Table(
    "windows",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("label", sa.String(100), nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("season", sa.String(20)),
    sa.Column("position", sa.Integer, nullable=False),
    sa.UniqueConstraint("class_id", "label"),
)

students = sa.Table(
    "students",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.UniqueConstraint("class_id", "number"),
)

# One student may be known by several identities (an ID in one file, only a name in the next);
# each is stored as a keyed hash that points at the student.
student_keys = sa.Table(
    "student_keys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("student_id", sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),  # "id" or "name": what was hashed
    sa.UniqueConstraint("class_id", "key_hash"),
)

measures = sa.Table(
    "measures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    # The measure's profile (famdata.measures.Profile): its skill, unit and direction, whether
    # its fractions of 1 are read as percents, and its link to the benchmark table or the
    # class's own expectation.
    sa.Column("skill", sa.String(50)),
    sa.Column("unit", sa.String(50)),
    sa.Column("higher_is_better", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("from_fractions", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("benchmark_source", sa.String(200)),
    sa.Column("expectation", sa.Float),
    sa.Column("expectation_text", sa.Text),
    sa.UniqueConstraint("class_id", "name"),
)

scores = sa.Table(
    "scores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("window_id", sa.ForeignKey("windows.id", ondelete="CASCADE"), nullable=False),
    sa.Column("student_id", sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
    sa.Column("measure_id", sa.ForeignKey("measures.id", ondelete="CASCADE"), nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("missing_reason", sa.String(100)),
    # The assessment platform's own band for this score ("At Benchmark" -> "at"), when it gave one.
    sa.Column("vendor_band", sa.String(20)),
    sa.UniqueConstraint("window_id", "student_id", "measure_id"),
)

# The teacher's edited copy of the benchmark table; empty means "use the shipped table".
benchmark_rows = sa.Table(
    "benchmark_rows",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.String(50), nullable=False),
    sa.Column("measure", sa.String(50), nullable=False),
    sa.Column("grade", sa.Integer, nullable=False),
    sa.Column("season", sa.String(20), nullable=False),
    sa.Column("above", sa.Float),
    sa.Column("goal", sa.Float, nullable=False),
    sa.Column("risk_cut", sa.Float),
    sa.Column("source", sa.Text, nullable=False),
)

# Goals are history: a review never overwrites a goal, the next goal links to the one before.
# `subject` is the student's private number, or 0 for the class's communal goal, so one goal per
# (class, measure, window set, subject) is a plain unique constraint on both databases.
goals = sa.Table(
    "goals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("measure_id", sa.ForeignKey("measures.id", ondelete="CASCADE"), nullable=False),
    sa.Column("set_window_id", sa.ForeignKey("windows.id", ondelete="CASCADE"), nullable=False),
    sa.Column("subject", sa.Integer, nullable=False),
    sa.Column("metric", sa.String(30), nullable=False),
    sa.Column("baseline", sa.Float),
    sa.Column("target", sa.Float, nullable=False),
    sa.Column("review_window", sa.String(100)),
    sa.Column("review_date", sa.Date),
    sa.Column("text_en", sa.Text),
    sa.Column("text_es", sa.Text),
    sa.Column("strategy", sa.Text),
    sa.Column("language", sa.String(5)),
    sa.Column("notes", sa.Text),
    sa.Column("previous_id", sa.ForeignKey("goals.id", ondelete="SET NULL")),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("class_id", "measure_id", "set_window_id", "subject"),
)

ideas = sa.Table(
    "ideas",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("window", sa.String(100)),
    sa.Column("step", sa.String(30), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
)

# What the projector shows right now for a class and window — the skill, the highlighted number,
# the language, the view and the agenda clock — shared by the teacher's control view and the
# projector's tab, and kept across a reload. Not carried by backups: it is the moment, not data.
stages = sa.Table(
    "stages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("window", sa.String(100), nullable=False),
    sa.Column("measure", sa.String(200)),
    sa.Column("highlight", sa.Integer),
    sa.Column("lang", sa.String(2), nullable=False, server_default="en"),
    sa.Column("view", sa.String(20), nullable=False, server_default="skills"),
    sa.Column("bar_order", sa.String(10), nullable=False, server_default="score"),
    sa.Column("clock_step", sa.Integer, nullable=False, server_default="0"),
    sa.Column("clock_elapsed", sa.Float, nullable=False, server_default="0"),
    sa.Column("clock_started", sa.Float),  # seconds since the epoch while the clock runs
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("class_id", "window"),
)

# The collaboration night of one window, as the teacher plans it: its date, the next meeting's,
# and when attendance was taken (None: not yet, so no family counts as absent).
nights = sa.Table(
    "nights",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("window_id", sa.ForeignKey("windows.id", ondelete="CASCADE"), nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("next_meeting", sa.Date),
    sa.Column("attendance_taken_at", sa.DateTime(timezone=True)),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("window_id"),
)

# The one to three skills shown that night, in order, each with its at-home strategy: a key of
# the shipped library or the teacher's own words.
night_skills = sa.Table(
    "night_skills",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("night_id", sa.ForeignKey("nights.id", ondelete="CASCADE"), nullable=False),
    sa.Column("measure_id", sa.ForeignKey("measures.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("strategy", sa.String(100)),
    sa.Column("own_strategy", sa.Text),
    sa.UniqueConstraint("night_id", "measure_id"),
)

# The night's agenda when the teacher changed it; no rows means the default eight steps.
night_steps = sa.Table(
    "night_steps",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("night_id", sa.ForeignKey("nights.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name_en", sa.String(200), nullable=False),
    sa.Column("name_es", sa.String(200), nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.UniqueConstraint("night_id", "position"),
)

# The families who came, by their child's number (a row per family present).
attendance = sa.Table(
    "attendance",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("night_id", sa.ForeignKey("nights.id", ondelete="CASCADE"), nullable=False),
    sa.Column("student_id", sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
    sa.UniqueConstraint("night_id", "student_id"),
)

# At the next night, whether each family practised the strategy of this one: yes, some, not_yet.
practice = sa.Table(
    "practice",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("night_id", sa.ForeignKey("nights.id", ondelete="CASCADE"), nullable=False),
    sa.Column("student_id", sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
    sa.Column("answer", sa.String(10), nullable=False),
    sa.UniqueConstraint("night_id", "student_id"),
)

NIGHT_TABLES = (nights, night_skills, night_steps, attendance, practice)

# A teacher's confirmed column roles, saved under a name to reuse with next month's export.
saved_mappings = sa.Table(
    "saved_mappings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("roles", sa.Text, nullable=False),  # JSON: role -> column header
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
)


def refuse_too_long(column: sa.Column[Any], value: str | None, what: str) -> None:
    """The same length limits on every database: SQLite would keep a 250-character name that
    PostgreSQL refuses, and then a backup of it could not be restored at school."""
    length = getattr(column.type, "length", None)
    if value is not None and length is not None and len(value) > length:
        raise FamdataError(
            f"{what} '{value[:40]}…' is {len(value)} characters long; famdata keeps up to "
            f"{length}: shorten it and try again."
        )
