"""The README is the contract: every command documented, and CI runs its second command."""

from __future__ import annotations

import argparse
import re

from famdata.cli import build_parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_every_command_is_documented_in_the_readme() -> None:
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name in commands.choices:
        assert f"python3 -m famdata {name}" in README, name


def test_ci_runs_exactly_the_readmes_second_command() -> None:
    blocks = re.findall(r"```\n(.+?)\n```", README, flags=re.S)
    second = blocks[1].strip()
    assert "pytest" in second
    assert second in (ROOT / ".ci" / "run").read_text().splitlines()
