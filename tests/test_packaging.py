"""famdata installs as a package: `pip install .` brings the library, its data and the command."""

from __future__ import annotations

import re
import tomllib

from famdata import data
from tests.conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def requirement_names(lines: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~ ]", line.strip(), maxsplit=1)[0].lower() for line in lines}


def test_the_app_requirements_hold_every_library_dependency() -> None:
    app = [
        line
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert requirement_names(PROJECT["dependencies"]) <= requirement_names(app)


def test_the_famdata_command_runs_the_command_line() -> None:
    assert PROJECT["scripts"] == {"famdata": "famdata.cli:main"}


def test_the_shipped_tables_and_samples_are_package_data() -> None:
    assert data.benchmark_table()["source"].notna().all()
    for sample in ("grade4_fluency.xlsx", "kindergarten_letters.xlsx"):
        assert data.read_bytes("samples", sample).startswith(b"PK")
