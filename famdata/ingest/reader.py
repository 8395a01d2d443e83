"""A spreadsheet or CSV file into tidy scores, through the stages of this package.

File -> sheets (`workbook`) -> tables under their headers (`header`) -> column roles (`roles`)
-> student rows (`rows`, `people`) -> cells (`cells`) -> tidy scores (`tidy`), with everything left
out collected in a `report.Report`. Nothing is saved and no cell is ever read as 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import numpy as np
import pandas as pd

from famdata.errors import FamdataError
from famdata.ingest import labels, layouts, profiles, tidy, vendors, workbook
from famdata.ingest.cells import is_held_text, title_window, window_label, writes_day_first
from famdata.ingest.header import Table, normalise_header, table_of
from famdata.ingest.people import RosterRows, identities_of, roster_of
from famdata.ingest.report import (
    MAX_LISTED,
    IgnoredColumn,
    Reading,
    Report,
    hide_names,
    summaries_of,
)
from famdata.ingest.roles import RoleGuess, class_hints, file_grade, groups_of, guess_roles
from famdata.ingest.rows import classify_rows, report_title_rows, select_rows
from famdata.ingest.rules import IDENTITY_ROLES, ROLES, RULES, Rules

Stop = Callable[[], bool]
STOPPED = "famdata stopped reading the file: the page that asked for it was closed."


class ReadStopped(FamdataError):
    """The one who asked for the reading is gone (a closed browser tab): stop spending a core."""


def _checkpoint(stop: Stop | None) -> None:
    """Between stages and columns: a closed tab's reading stops here instead of running on."""
    if stop is not None and stop():
        raise ReadStopped(STOPPED)


NO_WINDOW = "this row does not say which assessment window it is from; its scores were left out."
NO_MEASURE = "this row does not say which measure its score is for, so it was left out."
NOT_A_NUMBER = (
    "'{value}' is not a score, so famdata left it out. Type a number, or an absence marker "
    "such as abs."
)


def _add_column(
    assembly: tidy.Assembly,
    table: Table,
    column: str,
    rows: tidy.Rows,
    measure: str | np.ndarray,
    report: Report,
    facts: dict[str, profiles.ValueFacts],
) -> None:
    """One score column of a (filtered) table into the tidy scores, and what its scores look like
    into `facts`; problem cells are reported."""
    parsed = table.cells(column)
    bands, percent = _vendor_bands(table, column), table.shown_as_percent(column)
    if parsed.problem.any():
        raw = table.body[column]
        for position in np.flatnonzero(parsed.problem):
            report.problem(
                table.sheet,
                int(rows.number[position]),
                column,
                raw.iloc[position],
                "not_a_number",
                NOT_A_NUMBER,
            )
        keep = ~parsed.problem
        rows, parsed, percent = rows.take(keep), parsed.take(keep), percent[keep]
        bands = None if bands is None else bands[keep]
        measure = measure if isinstance(measure, str) else measure[keep]
    profiles.gather(facts, measure, parsed, percent)
    assembly.add(
        rows, measure=measure, sheet=table.sheet, column=column, cells=parsed, vendor_band=bands
    )


def _vendor_bands(table: Table, column: str) -> np.ndarray | None:
    """The vendor's own band beside each score, from its status column when the export has one."""
    status = table.first_header(vendors.status_headers(column, normalise_header(column)))
    if status is None:
        return None
    written = table.texts(status)
    bands = {text: vendors.vendor_band(text) if text else None for text in pd.unique(written)}
    return np.array([bands[text] for text in written], dtype=object).reshape(len(written))


def _windows_of(
    table: Table, guess: RoleGuess, sheet_label: str | None, names: labels.Names, report: Report
) -> tuple[np.ndarray, np.ndarray, dict[str, date]]:
    """Each row's window label (None where it has none), which rows are in a window, and the
    first date seen per label. Without a window column every row is in the sheet's window, or in
    none when the file names none."""
    if "window" not in guess.roles:
        every = np.ones(len(table.body), dtype=bool)
        return tidy.constant(sheet_label, len(table.body)), every, {}
    column = guess.roles["window"]
    cells = table.body[column]
    # a CSV's text column is coded by pyarrow without a Python string per row
    local, distinct = pd.factorize(
        cells.array if is_held_text(cells) else cells.to_numpy(dtype=object)
    )
    distinct = np.asarray(distinct, dtype=object)
    day_first = writes_day_first(distinct)
    read = [
        (None, None) if names.is_name(v) else window_label(v, day_first=day_first) for v in distinct
    ]
    found = np.array([label for label, _ in read] + [None], dtype=object)[local]
    has_window = np.array([label is not None for label, _ in read] + [False])[local]
    dates: dict[str, date] = {}
    for label, day in read:
        if label is not None and day is not None and (label not in dates or day < dates[label]):
            dates[label] = day
    for position in np.flatnonzero(~has_window):
        report.problem(
            table.sheet,
            int(table.body.index[position]) + 1,
            column,
            cells.iloc[position],
            *(
                ("name_as_label", labels.NAME_WINDOW)
                if names.is_name(cells.iloc[position])
                else ("no_window", NO_WINDOW)
            ),
        )
    return found, has_window, dates


def _read_table(
    table: Table,
    guess: RoleGuess,
    who: RosterRows,
    sheet_label: str | None,
    names: labels.Names,
    assembly: tidy.Assembly,
    report: Report,
    facts: dict[str, profiles.ValueFacts],
    stop: Stop | None = None,
) -> tuple[dict[str, date], tidy.Listed]:
    """A table's scores into `assembly`; the windows' dates and the students each window lists."""
    is_student = classify_rows(table, guess, who.identity, report)
    table, who = table.keep_rows(is_student), who.take(is_student)
    window, has_window, dates = _windows_of(table, guess, sheet_label, names, report)
    table, who, window = table.keep_rows(has_window), who.take(has_window), window[has_window]
    rows = tidy.Rows(
        who.identity,
        assembly.students.of_coded(who.code, who.distinct),
        window,
        assembly.windows.of(window),
        table.body.index.to_numpy() + 1,
    )
    listed = rows.by_window()
    if guess.layout == "long":
        measure_column = guess.roles["measure"]
        measure = table.texts(measure_column)
        is_name = names.mask(measure)
        named = (measure != "") & ~is_name
        for position in np.flatnonzero(~named):
            report.problem(
                table.sheet,
                int(rows.number[position]),
                measure_column,
                measure[position],
                *(
                    ("name_as_label", labels.NAME_MEASURE)
                    if is_name[position]
                    else ("no_measure", NO_MEASURE)
                ),
            )
        table, rows = table.keep_rows(named), rows.take(named)
        _add_column(assembly, table, guess.roles["score"], rows, measure[named], report, facts)
        return dates, listed
    split = {column: vendors.split_header(column) for column in guess.measures}
    if split and all(split.values()):
        listed = tidy.Listed()  # the headers name the windows; the rows do not
    for column in guess.measures:
        _checkpoint(stop)
        header_split = split[column]
        if header_split is None:
            _add_column(assembly, table, column, rows, column, report, facts)
            continue
        filled = ~table.blank(column)
        if not filled.any():
            continue  # a window the export has columns for but no scores in yet
        measure, header_window = header_split
        in_window = rows.in_window(header_window, assembly.windows.one(header_window))
        _add_column(assembly, table, column, in_window, measure, report, facts)
        listed.add(header_window, rows.identity_code[filled])
    return dates, listed


LISTED_AGAIN = (
    "this student is listed again (first on {first}). Where both rows have a score famdata kept "
    "the first; a score only one of the rows has is kept."
)


def _report_repeats(
    repeats: tidy.Repeats, scored: list[tuple[Table, RoleGuess]], report: Report
) -> None:
    """One problem per row that lists a student again (a student who moved and came back, a file
    put together twice), named by sheet and row in the student's column — never one per cell.
    Of a repeat and the row kept, the later in the file is the one listed again."""
    if not len(repeats.row):
        return  # most files: nobody listed twice, and two empty frames cost milliseconds
    order = {t.sheet: i for i, (t, _) in enumerate(scored)}
    identity_column = {
        t.sheet: next((g.roles[r] for r in IDENTITY_ROLES if r in g.roles), "") for t, g in scored
    }
    places = pd.DataFrame(
        {
            "sheet": repeats.sheet,
            "row": repeats.row,
            "kept_sheet": repeats.kept_sheet,
            "kept_row": repeats.kept_row,
        }
    )
    rank = places["sheet"].map(order).fillna(len(order)).to_numpy()
    kept_rank = places["kept_sheet"].map(order).fillna(len(order)).to_numpy()
    row, kept_row = places["row"].to_numpy(), places["kept_row"].to_numpy()
    later = (rank > kept_rank) | ((rank == kept_rank) & (row > kept_row))
    again = pd.DataFrame(
        {
            "sheet": np.where(later, places["sheet"], places["kept_sheet"]),
            "row": np.where(later, row, kept_row),
            "first_sheet": np.where(later, places["kept_sheet"], places["sheet"]),
            "first_row": np.where(later, kept_row, row),
        }
    ).drop_duplicates(["sheet", "row"])
    listed = again.head(MAX_LISTED)
    for sheet, row_number, first_sheet, first_row in listed.itertuples(index=False):
        first = (
            f"row {first_row}"
            if first_sheet == sheet
            else f"sheet '{first_sheet}', row {first_row}"
        )
        report.problem(
            sheet,
            int(row_number),
            identity_column.get(sheet, ""),
            None,
            "duplicate_student",
            LISTED_AGAIN.format(first=first),
        )
    report.unlisted_problems += len(again) - len(listed)


def _names_no_window(guess: RoleGuess) -> bool:
    """Neither a window column nor score headers such as "LNF_K_Beginning" say the window: a
    teacher's file, whose title row may ("Fall benchmark, September 2026")."""
    return "window" not in guess.roles and not any(vendors.split_header(c) for c in guess.measures)


def _check_mapping(mapping: Mapping[str, str], tables: list[Table]) -> None:
    unknown = set(mapping) - set(ROLES)
    if unknown:
        raise FamdataError(
            f"'{sorted(unknown)[0]}' is not a column role; the roles are {', '.join(ROLES)}."
        )
    headers = {h for t in tables for h in t.headers}
    for role, column in mapping.items():
        if column not in headers:
            known = ", ".join(
                f"'{h}'" for h in list(dict.fromkeys(h for t in tables for h in t.headers))[:30]
            )
            raise FamdataError(
                f"There is no column '{column}' in this file (for {role}). Columns: {known}."
            )
    if ("measure" in mapping) != ("score" in mapping):
        raise FamdataError(
            "A long layout needs both roles: the measure column and the score column "
            "(--map measure=COLUMN --map score=COLUMN)."
        )


def tables_of(sheets: list[workbook.Sheet], report: Report, rules: Rules = RULES) -> list[Table]:
    tables: list[Table] = []
    for sheet in sheets:
        table = table_of(sheet, rules)
        if table is None:
            if not sheet.grid.empty and (sheet.grid != "").to_numpy().any():
                report.ignored.append(
                    IgnoredColumn(f"sheet '{sheet.name}'", "no table of scores in this sheet")
                )
            continue
        tables.append(table)
        report_title_rows(sheet, table.header_row, report)
    return tables


def read(
    source: workbook.Source,
    *,
    filename: str | None = None,
    mapping: Mapping[str, str] | None = None,
    select: Mapping[str, str] | None = None,
    rules: Rules = RULES,
    stop: Stop | None = None,
) -> Reading:
    """Read a spreadsheet or CSV file without saving anything.

    `mapping` overrides guessed roles (role -> column header); `select` keeps only the rows where
    each COLUMN equals VALUE (one class out of a school's export); `rules` holds the tuning;
    `stop`, asked between stages and columns, ends the reading early (`ReadStopped`) once the one
    who asked for it has gone. Whole-file problems raise `FamdataError` with one plain sentence;
    everything else is in the Reading's report.
    """
    name, data = workbook.load_bytes(source, filename)
    sheets = workbook.open_sheets(name, data)
    _checkpoint(stop)
    report = Report()
    tables, per_student = layouts.reshaped(tables_of(sheets, report, rules), rules)
    _checkpoint(stop)
    mapping = dict(mapping or {})
    _check_mapping(mapping, tables)
    if select:
        missing = [c for c in select if not any(c in t.headers for t in tables)]
        if missing:
            raise FamdataError(f"There is no column '{missing[0]}' to select rows by in this file.")
        tables = [select_rows(t, select, report) for t in tables]
    guesses, who_is, names = _guesses(tables, mapping, per_student, rules)
    several = len(sheets) > 1
    scored = [(t, g) for t, g in guesses if (g.measures or g.layout == "long") and id(t) in who_is]
    read_ids = {id(t) for t, _ in scored}
    for t, g in guesses:
        if id(t) not in read_ids:
            why = "no student column" if g.measures else "no score columns"
            report.ignored.append(IgnoredColumn(f"sheet '{t.sheet}'", f"{why} in this sheet"))
    if not scored:
        _refuse_unusable(name, guesses)
    label_sheets = len(scored) > 1 and not per_student
    assembly = tidy.Assembly()
    people: list[RosterRows] = []
    identified: list[tuple[Table, np.ndarray]] = []
    dates: dict[str, date] = {}
    listed = tidy.Listed()
    facts: dict[str, profiles.ValueFacts] = {}
    for table, guess in scored:
        prefix = f"{table.sheet}!" if several else ""
        for column, reason in guess.ignored:
            report.ignored.append(IgnoredColumn(prefix + column, reason))
        sheet_label = table.sheet if label_sheets and "window" not in guess.roles else None
        if sheet_label is not None and labels.is_hidden_sheet(sheet_label):
            labels.report_name_sheet(sheet_label, report)
            sheet_label = None
        if sheet_label is None and _names_no_window(guess):
            sheet_label, day = title_window(table.titles)
            if sheet_label is not None and day is not None:
                dates[sheet_label] = min(day, dates.get(sheet_label, day))
        who = who_is[id(table)]
        start = len(report.problems)
        found_dates, found_listed = _read_table(
            table, guess, who, sheet_label, names, assembly, report, facts, stop
        )
        if len(report.problems) > start:
            hide_names(report, start, set(names.tokens))
        people.append(who)
        identified.append((table, who.identity))
        dates.update({k: v for k, v in found_dates.items() if k not in dates or v < dates[k]})
        listed.update(found_listed)
    result = assembly.finish()
    _report_repeats(result.repeats, scored, report)
    windows = listed.windows()
    layout_name = vendors.recognise(
        [h for t, _ in scored for h in t.headers],
        [normalise_header(h) for t, _ in scored for h in t.headers],
    )
    layout = scored[0][1].layout
    first_roles = scored[0][1].roles
    measure_columns = (
        {pair: first_roles.get("score", "") for pair in (*result.scored, *result.markers)}
        if layout == "long"
        else result.measure_columns
    )
    return Reading(
        file=name,
        layout=layout,
        tidy=result,
        roster_rows=tuple(people),
        windows=windows,
        window_dates=dates,
        measures=result.measures,
        roles=dict(first_roles),
        ignored_columns=labels.hide_in_ignored(report.ignored, names),
        excluded_rows=tuple(report.excluded),
        problems=tuple(report.problems),
        unlisted_problems=report.unlisted_problems,
        unlisted_excluded=report.unlisted_excluded,
        summaries=summaries_of(windows, listed.counts(), result, measure_columns),
        grade=file_grade(scored),
        groups=groups_of(identified, rules),
        class_hints=class_hints(identified, rules),
        layout_name=layout_name,
        guesses={m: profiles.guess(m, facts.get(m), layout_name) for m in result.measures},
    )


def _guesses(
    tables: list[Table], mapping: Mapping[str, str], per_student: bool, rules: Rules
) -> tuple[list[tuple[Table, RoleGuess]], dict[int, RosterRows], labels.Names]:
    """Each table's roles, who each row of a table with a student column is (by `id` of the
    table), and the file's names: a table whose sheet, or a column whose header, is a student's
    name is already without it."""
    guessed = [(t, guess_roles(t, mapping, rules)) for t in tables]
    if per_student:
        guessed = layouts.shared_measures(guessed)
    people = [
        identities_of(t, g.roles) if any(r in g.roles for r in IDENTITY_ROLES) else None
        for t, g in guessed
    ]
    names = labels.Names.of([p.written_names() for p in people if p is not None])
    guesses = [
        (labels.unnamed_sheet(t, i, names), labels.without_name_headers(g, names))
        for i, (t, g) in enumerate(guessed)
    ]
    who_is = {id(t): p for (t, _), p in zip(guesses, people, strict=True) if p is not None}
    return guesses, who_is, names


def _refuse_unusable(name: str, guesses: list[tuple[Table, RoleGuess]]) -> None:
    if not guesses:
        raise FamdataError(
            f"{name} has no table famdata can read: no header row with column names was found."
        )
    if not any(g.measures or g.layout == "long" for _, g in guesses):
        raise FamdataError(
            f"{name} has no score columns: no column holds mostly numbers. If the scores are "
            "there, say which columns they are (Load page: Column roles; command line: --map)."
        )
    raise FamdataError(
        f"famdata could not tell which column names the students in {name}: choose it under Column "
        "roles (command line: --map student=COLUMN or --map name=COLUMN)."
    )


def read_roster(source: workbook.Source, *, filename: str | None = None) -> pd.DataFrame:
    """identity, student_id, name of every student a roster or score file lists (no scores needed).

    For the teacher's own screens and folder labels: the names stay in memory.
    """
    name, data = workbook.load_bytes(source, filename)
    people = []
    tables, _ = layouts.reshaped(tables_of(workbook.open_sheets(name, data), Report()))
    for table in tables:
        guess = guess_roles(table, {})
        if not any(r in guess.roles for r in IDENTITY_ROLES):
            continue
        who = identities_of(table, guess.roles)
        people.append(who.take(classify_rows(table, guess, who.identity, Report())))
    if not people:
        raise FamdataError(f"{name} has no column of student IDs or names famdata recognises.")
    return roster_of(people)


def columns_of(source: workbook.Source, *, filename: str | None = None) -> list[str]:
    """Every header famdata found, in order (for the Load page's role choices)."""
    name, data = workbook.load_bytes(source, filename)
    found: dict[str, None] = {}
    for sheet in workbook.open_sheets(name, data):
        table = table_of(sheet)
        if table is not None:
            found.update(dict.fromkeys(table.headers))
    return list(found)
