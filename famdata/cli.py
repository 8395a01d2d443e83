"""`python -m famdata ...`: a thin shell over the library, the same functions the pages call.

Every command exits 0 on success and, on bad input, prints one plain-language line to stderr and
exits 2 — never a traceback. Progress goes to stderr so stdout stays clean for `--json`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from famdata import benchmarks, goals, growth, ingest, nights, samples, stats, strategies
from famdata.errors import FamdataError
from famdata.grades import grade_label, parse_grade
from famdata.measures import SKILLS, Profile
from famdata.output import labels, packets
from famdata.output.safe_text import terminal_text
from famdata.store import ClassSpec, Store, backup

EXIT_BAD_INPUT = 2
EXIT_BUG = 3
PROGRESS_FROM_BYTES = 1_000_000  # files that take a noticeable moment to read

Handler = Callable[[argparse.Namespace], None]


class _Parser(argparse.ArgumentParser):
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
    for problem in report["problems"]:
        say(f"  problem: {problem['message']}")


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
            f"{_fmt(change.old)} -> {_fmt(change.new)}"
        )
    if reading.problems:
        say(f"{len(reading.problems)} cells could not be used (run `check` to list them).")
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


def _fmt(value: float | None) -> str:
    return "missing" if value is None else f"{value:g}"


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


def cmd_packets(args: argparse.Namespace) -> None:
    def report(share: float, message: str) -> None:
        progress(f"[{share:4.0%}] {message}")

    folders = packets.build_folders(
        Store(args.db),
        args.class_name,
        args.window,
        measures=args.measure,
        lang=args.lang,
        paper=args.paper,
        absent_only=args.absent_only,
        progress=report,
    )
    written = folders.write(Path(args.out))
    if folders.message:
        say(f"{folders.message} Wrote {written[0]}.")
        return
    say(
        f"Wrote {len(folders.per_family)} family folders to {args.out}: {written[0].name}, "
        f"{written[1].name} and one PDF per family ({written[2].name} …)."
    )


def cmd_labels(args: argparse.Namespace) -> None:
    path = Path(args.file)
    if not path.is_file():
        raise FamdataError(f"There is no file at {path}.")
    table = labels.labels_table(Store(args.db), args.class_name, path)
    out = labels.write_labels(table, args.class_name, Path(args.out))
    say(f"Wrote {len(table)} folder labels to {out}. They hold names: keep the file private.")


def cmd_goals(args: argparse.Namespace) -> None:
    store = Store(args.db)
    if args.action == "import":
        if not args.file or not args.window:
            raise FamdataError("goals import takes a FILE and --window LABEL.")
        entries = goals.read_goal_sheet(Path(args.file))
        saved = goals.import_goals(store, args.class_name, args.window, entries)
        say(f"Saved {len(entries)} goals for {args.class_name}; {len(saved)} set in {args.window}.")
        return
    reviews = goals.review(store, args.class_name)
    if args.json:
        print_json([r.as_json() for r in reviews])
        return
    for r in reviews:
        who = "Class" if r.goal.student is None else f"Student {r.goal.student}"
        state = "not reviewed yet" if r.met is None else ("met" if r.met else "not yet")
        say(
            f"{who}, {r.goal.measure}: {_fmt(r.goal.baseline)} -> target {r.goal.target:g}, "
            f"actual {_fmt(r.actual)} ({state})"
        )


def cmd_growth(args: argparse.Namespace) -> None:
    if bool(args.start) != bool(args.end):
        raise FamdataError(
            "Give both --from and --to, or neither (each class's first and last window)."
        )
    filters = growth.Filters(start=args.start, end=args.end)
    if args.by_attendance:
        _growth_by_attendance(Store(args.db), filters, args)
        return
    table = growth.coach_table(Store(args.db), filters)
    if args.class_name:
        table = table[table["Class"] == args.class_name] if not table.empty else table
    if args.json:
        print_json(growth.growth_json(table))
        return
    say(table.to_string(index=False) if not table.empty else "No class has two windows yet.")


def _day(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FamdataError(f"{flag} takes a date like 2026-10-15, not '{text}'.") from None


def _by_measure(
    pairs: Mapping[str, str], skills: Sequence[str], profiles: Mapping[str, Profile]
) -> dict[str, str]:
    """SKILL=VALUE options keyed by tonight's measure: a measure's name, or the skill code of
    one of tonight's measures."""
    keyed = {}
    for name, value in pairs.items():
        matches = [m for m in skills if name in (m, profiles[m].skill)]
        keyed[matches[0] if matches else name] = value
    return keyed


def cmd_night(args: argparse.Namespace) -> None:
    store = Store(args.db)
    plan = nights.plan_for(store, args.class_name, args.window)
    profiles = store.profiles(args.class_name)
    order = args.skill or [s.measure for s in plan.skills]
    plan = nights.save_plan(
        store,
        nights.planned(
            plan,
            profiles,
            day=_day(args.date, "--date"),
            skills=args.skill,
            chosen=_by_measure(parse_pairs(args.strategy, "--strategy"), order, profiles),
            own=_by_measure(parse_pairs(args.own_strategy, "--own-strategy"), order, profiles),
            next_meeting=_day(args.next_meeting, "--next-meeting"),
        ),
    )
    report = nights.plan_json(plan)
    if args.json:
        print_json(report)
        return
    say(f"{report['class']}, {report['window']}: night on {report['date'] or '(no date yet)'}")
    for skill in plan.skills:
        how = skill.strategy or f"own words: {skill.own_strategy}"
        say(f"  {skill.measure}: {how}")
    for number, step in enumerate(report["agenda"], start=1):
        say(f"  {number}. {step['en']} / {step['es']} ({step['minutes']} min)")
    say(f"  next meeting: {report['next_meeting'] or '(no date yet)'}")


def cmd_strategies(args: argparse.Namespace) -> None:
    if args.skill is not None and args.skill not in SKILLS:
        raise FamdataError(f"'{args.skill}' is not a skill code. Codes: {', '.join(SKILLS)}.")
    found = strategies.for_skill(args.skill)
    if args.json:
        print_json([s.as_json(args.lang) for s in found])
        return
    for strategy in found:
        words = strategy.text(args.lang)
        say(f"{strategy.key} ({strategy.skill}, {strategy.minutes} min): {words.title}")


def cmd_attendance(args: argparse.Namespace) -> None:
    store = Store(args.db)
    found = nights.record_attendance(
        store, args.class_name, args.window, nights.parse_numbers(args.present)
    )
    if args.json:
        print_json(found.as_json())
        return
    say(
        f"{len(found.present)} families came, {len(found.absent)} did not"
        + (f" (numbers {', '.join(map(str, found.absent))})." if found.absent else ".")
    )


def _growth_by_attendance(store: Store, filters: growth.Filters, args: argparse.Namespace) -> None:
    rows = [
        r for r in growth.by_attendance(store, filters) if args.class_name in (None, r.class_name)
    ]
    if args.json:
        print_json([r.as_json() for r in rows])
        return
    if not rows:
        say("No class has attendance taken at a night followed by another window yet.")
        return
    say(growth.attendance_table(rows).to_string(index=False))
    say(growth.ATTENDANCE_CAVEAT)


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=None,
        help="SQLAlchemy URL (default: $FAMDATA_DB, then ~/.famdata/famdata.db)",
    )


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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="famdata", description="Class data for collaboration nights.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="read a spreadsheet and report, saving nothing")
    _add_reading_options(check)
    check.add_argument("--json", action="store_true", help="print one JSON object")
    _add_db(check)
    check.set_defaults(handler=cmd_check)

    imp = commands.add_parser("import", help="read a spreadsheet and save it into a class")
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
    _add_db(imp)
    imp.set_defaults(handler=cmd_import)

    summary = commands.add_parser("summary", help="class figures per window and measure")
    summary.add_argument("--class", dest="class_name", required=True)
    summary.add_argument("--window")
    summary.add_argument("--json", action="store_true")
    _add_db(summary)
    summary.set_defaults(handler=cmd_summary)

    save = commands.add_parser("backup", help="write the whole database to one file")
    save.add_argument("--out", required=True, help="the backup file to write (.zip)")
    save.add_argument(
        "--with-key",
        action="store_true",
        help="carry each class's private key, so another computer recognises returning students",
    )
    _add_db(save)
    save.set_defaults(handler=cmd_backup)

    back = commands.add_parser("restore", help="bring a backup back into an empty database")
    back.add_argument("file", help="a backup written by `famdata backup`")
    _add_db(back)
    back.set_defaults(handler=cmd_restore)

    folders = commands.add_parser("packets", help="family folders as PDFs, one per student number")
    folders.add_argument("--class", dest="class_name", required=True)
    folders.add_argument("--window", required=True)
    folders.add_argument("--out", required=True, help="the folder to write the PDFs into")
    folders.add_argument("--lang", choices=["en", "es"], help="language (default: the class's)")
    folders.add_argument("--measure", action="append", help="a measure to include (default: all)")
    folders.add_argument("--paper", choices=["letter", "a4"], default="letter")
    folders.add_argument(
        "--absent-only",
        action="store_true",
        help="only the families who missed the night (after `attendance`), with a note",
    )
    _add_db(folders)
    folders.set_defaults(handler=cmd_packets)

    labels = commands.add_parser("labels", help="the teacher's name <-> number key for the folders")
    labels.add_argument("file", help="a roster or score file with names")
    labels.add_argument("--class", dest="class_name", required=True)
    labels.add_argument("--out", required=True, help="labels.csv or labels.pdf")
    _add_db(labels)
    labels.set_defaults(handler=cmd_labels)

    goal = commands.add_parser(
        "goals", help="goals and their review; `goals import FILE` adds goals"
    )
    goal.add_argument(
        "action", nargs="?", choices=["import"], help="import goals from a spreadsheet"
    )
    goal.add_argument(
        "file", nargs="?", help="with import: student number, measure, target columns"
    )
    goal.add_argument("--class", dest="class_name", required=True)
    goal.add_argument("--window", help="with import: the window the goals are set in")
    goal.add_argument("--json", action="store_true")
    _add_db(goal)
    goal.set_defaults(handler=cmd_goals)

    grow = commands.add_parser(
        "growth", help="growth between two windows, class by class (coaches)"
    )
    grow.add_argument("--class", dest="class_name")
    grow.add_argument("--from", dest="start", help="window label to measure from")
    grow.add_argument("--to", dest="end", help="window label to measure to")
    grow.add_argument(
        "--by-attendance",
        action="store_true",
        help="growth of students whose families came to the night against those who did not",
    )
    grow.add_argument("--json", action="store_true")
    _add_db(grow)
    grow.set_defaults(handler=cmd_growth)

    night = commands.add_parser("night", help="plan a collaboration night (creates or updates)")
    night.add_argument("--class", dest="class_name", required=True)
    night.add_argument("--window", required=True, help="the window whose data is shared")
    night.add_argument("--date", help="the night's date, YYYY-MM-DD")
    night.add_argument(
        "--skill", action="append", metavar="MEASURE", help="a skill to show, in order (1 to 3)"
    )
    night.add_argument(
        "--strategy",
        action="append",
        metavar="SKILL=KEY",
        help="the at-home strategy for a skill (keys: `famdata strategies`)",
    )
    night.add_argument(
        "--own-strategy",
        action="append",
        metavar="SKILL=TEXT",
        help="the teacher's own at-home activity for a skill, in their words",
    )
    night.add_argument("--next-meeting", help="the next meeting's date, YYYY-MM-DD")
    night.add_argument("--json", action="store_true")
    _add_db(night)
    night.set_defaults(handler=cmd_night)

    library = commands.add_parser("strategies", help="the library of at-home strategies")
    library.add_argument("--skill", metavar="CODE", help="only those for a skill code (e.g. LNF)")
    library.add_argument("--lang", choices=["en", "es"], default="en")
    library.add_argument("--json", action="store_true")
    library.set_defaults(handler=cmd_strategies)

    came = commands.add_parser("attendance", help="record which families came to a night")
    came.add_argument("--class", dest="class_name", required=True)
    came.add_argument("--window", required=True)
    came.add_argument(
        "--present", required=True, help="the numbers of the families who came: 1,2,5 or 3-7"
    )
    came.add_argument("--json", action="store_true")
    _add_db(came)
    came.set_defaults(handler=cmd_attendance)

    delete = commands.add_parser("delete", help="delete a class with its scores and goals")
    delete.add_argument("--class", dest="class_name", required=True)
    delete.add_argument("--yes", action="store_true", help="do not ask to confirm")
    _add_db(delete)
    delete.set_defaults(handler=cmd_delete)

    demo = commands.add_parser("demo", help="load the sample classes")
    _add_db(demo)
    demo.set_defaults(handler=cmd_demo)
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
