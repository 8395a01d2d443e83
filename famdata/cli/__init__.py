"""`python -m famdata ...`: a thin shell over the library, the same functions the pages call.

Every command exits 0 on success and, on bad input, prints one plain-language line to stderr and
exits 2 — never a traceback. Progress goes to stderr so stdout stays clean for `--json`.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence

from famdata.cli import families, scores
from famdata.cli.terminal import EXIT_BAD_INPUT, EXIT_BUG, Parser, say
from famdata.errors import FamdataError

Handler = Callable[[argparse.Namespace], None]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="famdata", description="Class data for collaboration nights.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    scores.register(commands)
    families.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, or a usage mistake already explained in one line
        return int(stop.code or 0)
    handler: Handler = args.handler
    try:
        handler(args)
    except FamdataError as error:
        say(f"famdata: {error}", err=True)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        say("famdata: stopped; nothing was saved by the unfinished step.", err=True)
        return EXIT_BAD_INPUT
    except Exception as error:
        if os.environ.get("FAMDATA_DEBUG"):
            raise
        # The message of an unexpected error may quote a cell, so only its type is shown.
        say(
            f"famdata: something unexpected went wrong ({type(error).__name__}); nothing was "
            "saved by the unfinished step. Set FAMDATA_DEBUG=1 to see the details.",
            err=True,
        )
        return EXIT_BUG
    return 0
