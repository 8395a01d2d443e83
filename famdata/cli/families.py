"""The work around a collaboration night: folders, labels, goals, growth, the night's plan,
the strategies library and attendance."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from famdata import goals, growth, nights, strategies
from famdata.cli.terminal import command, fmt, parse_pairs, print_json, progress, say
from famdata.errors import FamdataError
from famdata.measures import SKILLS, Profile
from famdata.output import labels, packets
from famdata.store import Store


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
            f"{who}, {r.goal.measure}: {fmt(r.goal.baseline)} -> target {r.goal.target:g}, "
            f"actual {fmt(r.actual)} ({state})"
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


def register(commands: argparse._SubParsersAction) -> None:
    """Add these commands to the famdata parser."""
    folders = command(
        commands, "packets", "family folders as PDFs, one per student number", cmd_packets
    )
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

    labels = command(
        commands, "labels", "the teacher's name <-> number key for the folders", cmd_labels
    )
    labels.add_argument("file", help="a roster or score file with names")
    labels.add_argument("--class", dest="class_name", required=True)
    labels.add_argument("--out", required=True, help="labels.csv or labels.pdf")

    goal = command(
        commands, "goals", "goals and their review; `goals import FILE` adds goals", cmd_goals
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

    grow = command(
        commands, "growth", "growth between two windows, class by class (coaches)", cmd_growth
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

    night = command(commands, "night", "plan a collaboration night (creates or updates)", cmd_night)
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

    library = command(
        commands, "strategies", "the library of at-home strategies", cmd_strategies, db=False
    )
    library.add_argument("--skill", metavar="CODE", help="only those for a skill code (e.g. LNF)")
    library.add_argument("--lang", choices=["en", "es"], default="en")
    library.add_argument("--json", action="store_true")

    came = command(commands, "attendance", "record which families came to a night", cmd_attendance)
    came.add_argument("--class", dest="class_name", required=True)
    came.add_argument("--window", required=True)
    came.add_argument(
        "--present", required=True, help="the numbers of the families who came: 1,2,5 or 3-7"
    )
    came.add_argument("--json", action="store_true")
