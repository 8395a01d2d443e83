"""The sample classes a fresh install opens on, so a teacher sees famdata working at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from famdata import data, ingest
from famdata.store import ClassSpec, ImportResult, Store

SEEDED_SETTING = "samples_seeded"


@dataclass(frozen=True)
class SampleClass:
    file: str
    spec: ClassSpec


SAMPLE_CLASSES = (
    SampleClass(
        "grade4_fluency.xlsx",
        ClassSpec(
            "Sample: Grade 4, Room 12",
            grade=4,
            school_year="2026-27",
            teacher="Ms. Rivera",
            school="Sample Elementary",
            is_sample=True,
        ),
    ),
    SampleClass(
        "kindergarten_letters.xlsx",
        ClassSpec(
            "Sample: Kindergarten, Room 3",
            grade=0,
            school_year="2026-27",
            teacher="Mr. Okafor",
            school="Sample Elementary",
            is_sample=True,
        ),
    ),
)


def load_samples(
    store: Store, progress: Callable[[str], None] = lambda _message: None
) -> list[ImportResult]:
    """Import every sample class (again: importing twice changes nothing)."""
    results = []
    for sample in SAMPLE_CLASSES:
        progress(f"Loading {sample.spec.name}…")
        reading = ingest.read(data.read_bytes("samples", sample.file), filename=sample.file)
        results.append(store.save_import(sample.spec, reading))
    store.set_setting(SEEDED_SETTING, "yes")
    return results


def seed_if_new(store: Store) -> bool:
    """Load the samples into a database that has never had them; True when it did."""
    if store.setting(SEEDED_SETTING) or store.classes():
        return False
    load_samples(store)
    return True
