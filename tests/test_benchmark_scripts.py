"""The benchmark scripts keep working as famdata changes (they are not run here: they time)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from benchmarks.classes import generated_class
from famdata.store import ClassSpec, Store
from tests.conftest import ROOT

HELPERS = {"__init__", "classes"}
SCRIPTS = sorted(p.stem for p in (ROOT / "benchmarks").glob("*.py") if p.stem not in HELPERS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_benchmark_script_imports(script: str) -> None:
    assert callable(importlib.import_module(f"benchmarks.{script}").main)


def test_a_benchmarks_generated_class_is_saved_as_an_import_would_be(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'bench.db'}")
    store.save_import(ClassSpec("Class of 3", grade=4), generated_class(3, 1))
    scores = store.scores("Class of 3")
    assert scores.groupby(["window", "measure"]).size().to_dict() == {
        ("2026-09", "Accuracy (%)"): 3,
        ("2026-09", "ORF (wcpm)"): 3,
        ("2026-10", "Accuracy (%)"): 3,
        ("2026-10", "ORF (wcpm)"): 3,
    }
