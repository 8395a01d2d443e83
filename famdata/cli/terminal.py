"""What every command shares: one-line messages for the terminal, progress on stderr, JSON on
stdout, NAME=VALUE options and the --db option."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from famdata.errors import FamdataError
from famdata.output.safe_text import terminal_text

EXIT_BAD_INPUT = 2
EXIT_BUG = 3
PROGRESS_FROM_BYTES = 1_000_000  # files that take a noticeable moment to read


class Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one plain line too."""

    def error(self, message: str) -> NoReturn:
        self.exit(
            EXIT_BAD_INPUT,
            terminal_text(f"famdata: {message} (see `python -m famdata {self._sub()} --help`)\n"),
        )

    def _sub(self) -> str:
        return " ".join(self.prog.split()[1:]) if " " in self.prog else ""


def say(message: str, *, err: bool = False) -> None:
    """Print one message for the terminal. Messages quote cells, names and file names, so every
    control character goes first: a cell must not retitle, clear or recolour the terminal."""
    print(terminal_text(message), file=sys.stderr if err else sys.stdout, flush=err)


def progress(message: str) -> None:
    """Tell the person at the terminal what is happening, without touching stdout."""
    say(message, err=True)


def print_json(data: Any) -> None:
    say(json.dumps(data, ensure_ascii=False, indent=2))


def parse_pairs(pairs: Sequence[str] | None, flag: str) -> dict[str, str]:
    """ROLE=COLUMN (or COLUMN=VALUE) options into a dict."""
    result: dict[str, str] = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise FamdataError(f"{flag} takes NAME=VALUE, not '{pair}'.")
        result[key.strip()] = value.strip()
    return result


def command(
    commands: argparse._SubParsersAction,
    name: str,
    help_text: str,
    handler: Callable[[argparse.Namespace], None],
    *,
    db: bool = True,
) -> argparse.ArgumentParser:
    """A subcommand run by `handler`; with `db`, its --db option (listed last in its help)."""
    parser: argparse.ArgumentParser = commands.add_parser(name, help=help_text)
    parser.set_defaults(handler=handler)
    if db:
        parser.add_argument_group("database").add_argument(
            "--db",
            default=None,
            help="SQLAlchemy URL (default: $FAMDATA_DB, then ~/.famdata/famdata.db)",
        )
    return parser


def fmt(value: float | None) -> str:
    return "missing" if value is None else f"{value:g}"
