"""The class's data in and out: check, import, summary, backup, restore, delete and demo."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from famdata import benchmarks, ingest, samples, stats
from famdata.cli.terminal import command, fmt, parse_pairs, print_json, progress, say
from famdata.errors import FamdataError
from famdata.grades import grade_label, parse_grade
from famdata.store import ClassSpec, Store, backup

PROGRESS_FROM_BYTES = 1_000_000  # files that take a noticeable moment to read


def _mapping(args: argparse.Namespace) -> dict[str, str]:
    """The column roles: a saved mapping (--preset), corrected by any --map."""
    saved = Store(args.db).mapping(args.preset) if args.preset else {}
    return saved | parse_pairs(args.map, "--map")


def _read(args: argparse.Namespace) -> ingest.Reading:
    path = Path(args.file)
    if not path.is_file():
        raise FamdataError(f"There is no file at {path}.")
    if path.stat().st_size > PROGRESS_FROM_BYTES:
        progress(f"Reading {path.name}…")
    reading = ingest.read(
        path,
        mapping=_mapping(args),
        select=parse_pairs(getattr(args, "select", None), "--select"),
    )
    return _answered(reading, args)


def _answered(reading: ingest.Reading, args: argparse.Namespace) -> ingest.Reading:
    """The reading with the fractions the teacher named (--as-percent) read as percents."""
    named = args.as_percent or []
    unknown = [m for m in named if m not in reading.measures]
    if unknown:
        raise FamdataError(
            f"--as-percent: this file has no measure '{unknown[0]}'. "
            f"Measures: {', '.join(reading.measures)}."
        )
    return reading.reading_as_percents(named) if named else reading


def cmd_check(args: argparse.Namespace) -> None:
    reading = _read(args)
    report = reading.to_check_json()
    if args.json:
        print_json(report)
        return
    say(f"{report['file']}: {report['layout']} layout")
    for window in report["windows"]:
        label = window["label"] or "(not named in the file)"
        say(f"  window {label}: {window['students']} students")
        for m in window["measures"]:
            counts = f"{m['scores']} scores, {m['missing']} missing"
            way = "higher is better" if m["higher_is_better"] else "lower is better"
            what = ", ".join(str(x) for x in (m["skill"], m["unit"], way) if x)
            say(f"    {m['name']} (column '{m['column']}'): {counts}; {what}")
            if "question" in m:
                say(f"      question: {m['question']} (answer with --as-percent '{m['name']}')")
    for col in report["ignored_columns"]:
        say(f"  left out column '{col['column']}': {col['reason']}")
    for row in report["excluded_rows"]:
        say(f"  left out {row['sheet']} row {row['row']}: {row['reason']}")
    if report["excluded_rows_not_listed"]:
        say(f"  ... and {report['excluded_rows_not_listed']:,} more rows left out, not listed")
    for problem in report["problems"]:
        say(f"  problem: {problem['message']}")
    if report["problems_not_listed"]:
        say(f"  ... and {report['problems_not_listed']:,} more problems, not listed")


def cmd_import(args: argparse.Namespace) -> None:
    if args.split_by:
        _import_each(args)
        return
    if not args.class_name:
        raise FamdataError("Say which class these scores belong to: --class NAME.")
    reading = _read(args)
    grade = parse_grade(args.grade) if args.grade is not None else reading.grade
    progress(f"Saving {len(reading.scores):,} scores into {args.class_name}…")
    store = Store(args.db)
    result = store.save_import(ClassSpec(args.class_name, grade=grade), reading, args.window)
    say(result.describe())
    if args.save_preset:
        store.save_mapping(args.save_preset, reading.roles)
        say(f"Saved these column roles as '{args.save_preset}': use --preset next time.")
    for change in result.changes:
        say(
            f"  changed: {change.window}, student {change.student}, {change.measure}: "
            f"{fmt(change.old)} -> {fmt(change.new)}"
        )
    if reading.problem_count:
        say(f"{reading.problem_count:,} cells could not be used (run `check` to list them).")
    _ask_about_fractions(store, args.class_name, reading)


def _ask_about_fractions(store: Store, class_name: str, reading: ingest.Reading) -> None:
    """Fractions of a percent that were saved as written are named, with the way to fix them."""
    profiles = store.profiles(class_name)
    for measure in reading.fraction_questions:
        if not profiles[measure].from_fractions:
            say(
                f"Note: the scores of '{measure}' look like fractions of 1 (such as 0.96), so they "
                f"were saved as written. If they are percents, import the file again with "
                f"--as-percent '{measure}'.",
                err=True,
            )


def _import_each(args: argparse.Namespace) -> None:
    """A whole school's export into one class per value of a column (a coach's import)."""
    groups = [g for g in _read(args).groups if g.column == args.split_by]
    if not groups:
        raise FamdataError(
            f"'{args.split_by}' does not split this file into classes: choose a class, teacher "
            "or grade column."
        )
    grade = parse_grade(args.grade) if args.grade is not None else None
    store = Store(args.db)
    for group in groups:
        progress(f"Saving {group.value} ({group.students} students)…")
        selection = {**parse_pairs(args.select, "--select"), group.column: group.value}
        reading = ingest.read(Path(args.file), mapping=_mapping(args), select=selection)
        reading = _answered(reading, args)
        say(store.save_import(ClassSpec(group.value, grade=grade), reading, args.window).describe())
        _ask_about_fractions(store, group.value, reading)


def cmd_summary(args: argparse.Namespace) -> None:
    store = Store(args.db)
    info = store.get_class(args.class_name)
    frame = store.scores(args.class_name, args.window)
    profiles = store.profiles(args.class_name)
    by_window: dict[str, list[dict[str, Any]]] = {}
    for summary in stats.summarize(frame, benchmarks.for_class(store, args.class_name)):
        by_window.setdefault(summary.window, []).append(
            stats.stats_json(summary) | ingest.profile_json(profiles[summary.measure])
        )
    report = {
        "class": info.name,
        "grade": info.grade,
        "windows": [{"label": label, "measures": items} for label, items in by_window.items()],
    }
    if args.json:
        print_json(report)
        return
    say(f"{info.name} (grade {grade_label(info.grade)})")
    for window in report["windows"]:
        say(f"  {window['label']}")
        for m in window["measures"]:
            say(
                f"    {m['measure']}: {m['n']} assessed, {m['missing']} missing, "
                f"mean {m['mean']}, median {m['median']}, range {m['min']}-{m['max']}"
            )
            if m["benchmark"]:
                say(
                    f"      {m['pct_at_or_above']}% at or above the benchmark of "
                    f"{m['benchmark']['goal']:g} ({m['benchmark']['source']})"
                )


def cmd_delete(args: argparse.Namespace) -> None:
    store = Store(args.db)
    info = store.get_class(args.class_name)
    if not args.yes:
        if not sys.stdin.isatty():
            raise FamdataError(
                f"Deleting '{info.name}' removes its scores, goals and ideas for good: add --yes "
                "to confirm."
            )
        answer = input(f"Delete '{info.name}' with all its scores, goals and ideas? Type yes: ")
        if answer.strip().lower() != "yes":
            say("Nothing was deleted.")
            return
    store.delete_class(info.name)
    say(f"Deleted {info.name}.")


def cmd_demo(args: argparse.Namespace) -> None:
    results = samples.load_samples(Store(args.db), progress)
    for result in results:
        say(result.describe())


def cmd_backup(args: argparse.Namespace) -> None:
    progress("Writing the backup…")
    summary = backup.backup(Store(args.db), Path(args.out), with_keys=args.with_key)
    say(f"Backed up to {args.out}: {summary.describe()}")


def cmd_restore(args: argparse.Namespace) -> None:
    path = Path(args.file)
    if not path.is_file():
        raise FamdataError(f"There is no file at {path}.")
    progress("Restoring…")
    summary = backup.restore(Store(args.db), path)
    say(f"Restored {summary.describe()}")


def _add_reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="spreadsheet or CSV file")
    parser.add_argument(
        "--map",
        action="append",
        metavar="ROLE=COLUMN",
        help=f"say which column plays a role ({', '.join(ingest.ROLES)})",
    )
    parser.add_argument(
        "--preset", metavar="NAME", help="column roles saved earlier with import --save-preset"
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="COLUMN=VALUE",
        help="keep only the rows where COLUMN is VALUE (one class out of a school export)",
    )
    parser.add_argument(
        "--as-percent",
        action="append",
        metavar="MEASURE",
        help="read this measure's fractions of 1 (0.965) as percents (96.5)",
    )


def register(commands: argparse._SubParsersAction) -> None:
    """Add these commands to the famdata parser."""
    check = command(commands, "check", "read a spreadsheet and report, saving nothing", cmd_check)
    _add_reading_options(check)
    check.add_argument("--json", action="store_true", help="print one JSON object")

    imp = command(commands, "import", "read a spreadsheet and save it into a class", cmd_import)
    _add_reading_options(imp)
    imp.add_argument("--class", dest="class_name", help="class name (not with --split-by)")
    imp.add_argument("--grade", help="K or 1-12 (needed for a new class)")
    imp.add_argument("--window", help="assessment window label, e.g. 2026-09 or Fall")
    imp.add_argument("--save-preset", metavar="NAME", help="save the column roles under NAME")
    imp.add_argument(
        "--split-by",
        metavar="COLUMN",
        help="one class per value of COLUMN (a whole school at once)",
    )

    summary = command(commands, "summary", "class figures per window and measure", cmd_summary)
    summary.add_argument("--class", dest="class_name", required=True)
    summary.add_argument("--window")
    summary.add_argument("--json", action="store_true")

    save = command(commands, "backup", "write the whole database to one file", cmd_backup)
    save.add_argument("--out", required=True, help="the backup file to write (.zip)")
    save.add_argument(
        "--with-key",
        action="store_true",
        help="carry each class's private key, so another computer recognises returning students",
    )

    back = command(commands, "restore", "bring a backup back into an empty database", cmd_restore)
    back.add_argument("file", help="a backup written by `famdata backup`")
    delete = command(commands, "delete", "delete a class with its scores and goals", cmd_delete)
    delete.add_argument("--class", dest="class_name", required=True)
    delete.add_argument("--yes", action="store_true", help="do not ask to confirm")

    command(commands, "demo", "load the sample classes", cmd_demo)
