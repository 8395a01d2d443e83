"""Family folders: for each student number, the class charts with only that child highlighted,
the child's score in words, the grade-level expectation, and a goal sheet — in the family's
language, printed to PDF. And the teacher-only folder labels (name <-> number).

A folder is built from the store alone, so it can hold no name. Labels are the one thing
famdata writes with names, and only from a file the teacher gives, to where the teacher says.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import escape
from plotly.offline import get_plotlyjs
from plotly.utils import PlotlyJSONEncoder
from pypdf import PdfReader, PdfWriter

from famdata import benchmarks, charts, goals, i18n, ingest, printing
from famdata.benchmarks import band
from famdata.errors import FamdataError
from famdata.ingest import workbook
from famdata.printing import Paper
from famdata.projector import skill_code
from famdata.stats import measure_stats
from famdata.store import Store

TEMPLATES = Path(__file__).resolve().parent / "templates"
PRINT_SIZE = {"width": 720, "height": 360}
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class MeasurePage:
    skill: str
    how: str | None
    expectation: str | None
    class_line: str
    chart_id: str
    base_id: str  # the class chart this page copies
    base_json: str
    focus_json: str  # which bar is this family's, and its call-out
    score_line: str


@dataclass(frozen=True)
class GoalSheet:
    title: str
    prompt: str
    goal_label: str
    target: str | None
    strategy_label: str
    strategy: str | None
    review_label: str
    review: str | None
    contact_label: str
    contact: str | None


@dataclass(frozen=True)
class Folder:
    number: int
    lang: str
    heading: str
    number_label: str
    pages: tuple[MeasurePage, ...]
    goal: GoalSheet


@dataclass(frozen=True)
class FolderSet:
    """Every family's folder: the printable HTML always, PDFs when a browser could print them."""

    class_name: str
    window: str
    html: str
    numbers: tuple[int, ...]
    merged_pdf: bytes | None
    per_family: dict[int, bytes]
    message: str | None  # why there are no PDFs

    def file_name(self, number: int) -> str:
        width = max(2, len(str(max(self.numbers, default=0))))
        return f"family-{number:0{width}d}.pdf"

    def stem(self) -> str:
        from famdata.exports import file_stem

        return file_stem(self.class_name, self.window, "folders")

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for number, pdf in sorted(self.per_family.items()):
                archive.writestr(self.file_name(number), pdf)
        return buffer.getvalue()

    def write(self, folder: Path) -> list[Path]:
        """Write the merged PDF, one PDF per family and the ZIP (or the HTML when no PDFs)."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.merged_pdf is None:
            target = folder / f"{self.stem()}.html"
            target.write_text(self.html, encoding="utf-8")
            return [target]
        written = [folder / f"{self.stem()}.pdf", folder / f"{self.stem()}.zip"]
        written[0].write_bytes(self.merged_pdf)
        written[1].write_bytes(self.zip_bytes())
        for number, pdf in sorted(self.per_family.items()):
            path = folder / self.file_name(number)
            path.write_bytes(pdf)
            written.append(path)
        return written


def _fmt(value: float, lang: str) -> str:
    value = round(value, 1)
    return i18n.fmt_number(value, lang, 0 if float(value).is_integer() else 1)


@dataclass(frozen=True)
class _Skill:
    """What every family's page of one measure shares: computed once per measure and language."""

    rows: pd.DataFrame
    code: str | None
    unit: str
    benchmark: benchmarks.Benchmark | None
    skill: str
    how: str | None
    expectation: str | None
    class_line: str
    chart: dict[str, object]  # the print class chart as plotly JSON, nobody highlighted
    base_id: str
    base_json: str


def _skill(
    scores: pd.DataFrame,
    measure: str,
    window: str,
    grade: int,
    benchmark_for: benchmarks.Resolver,
    lang: str,
    base_id: str,
) -> _Skill:
    rows = scores[(scores["measure"] == measure) & (scores["window"] == window)]
    stats = measure_stats(rows, window, measure, benchmark_for(measure, window))
    code = skill_code(measure, stats)
    unit = i18n.unit_words(code, lang)
    bench = stats.benchmark
    expectation = None
    if bench is not None:
        graders = i18n.GRADERS_EN[grade].capitalize() if lang == "en" else ""
        expectation = i18n.t(
            "folder_expectation",
            lang,
            graders=graders,
            grade=i18n.grade_name(grade, lang),
            expectation=i18n.expectation(code, bench.goal, lang),
            source=bench.source,
        )
    mean = _fmt(stats.mean, lang) if stats.mean is not None else "—"
    if stats.pct_at_or_above is None:
        class_line = i18n.t("folder_class_plain", lang, mean=mean)
    else:
        pct = i18n.fmt_percent(stats.pct_at_or_above, lang)
        class_line = i18n.t("folder_class_line", lang, mean=mean, pct=pct)
    skill = i18n.skill_name(code, measure, lang).capitalize()
    figure = charts.class_chart(
        scores,
        measure=measure,
        window=window,
        benchmark=bench,
        theme="print",
        lang=lang,
        unit=unit or None,
        title=f"{skill} · {window}",
    )
    # Every bar stays anonymous; the child's own number is written under its bar per family, in
    # the room an invisible tick label (a figure space) keeps free.
    figure.update_xaxes(tickmode="array", tickvals=[0], ticktext=["\u2007"])
    figure.update_traces(hovertemplate=None, hoverinfo="skip")
    figure.update_layout(**PRINT_SIZE)
    chart = figure.to_plotly_json()
    return _Skill(
        rows,
        code,
        unit,
        bench,
        skill,
        i18n.skill_how(code, lang),
        expectation,
        class_line,
        chart,
        base_id,
        _script_json(chart),
    )


def _script_json(figure: dict[str, object]) -> str:
    """Plotly JSON that is safe inside a <script> element."""
    return json.dumps(figure, cls=PlotlyJSONEncoder).replace("</", "<\\/")


def _measure_page(skill: _Skill, number: int, lang: str, chart_id: str) -> MeasurePage:
    own = skill.rows.loc[skill.rows["student"] == number, "value"]
    if own.empty or pd.isna(own.iloc[0]):
        score_line = i18n.t("folder_absent", lang, number=number)
    else:
        value = float(own.iloc[0])
        key = "folder_score" if skill.benchmark is not None else "folder_score_plain"
        words = i18n.band_name(band(value, skill.benchmark), lang) if skill.benchmark else ""
        score_line = i18n.t(
            key, lang, number=number, score=_fmt(value, lang), unit=skill.unit, band=words
        )
        score_line = " ".join(score_line.split())
    bars = skill.chart["data"][0]  # type: ignore[index]
    numbers = list(bars["x"])
    position = numbers.index(str(number)) if str(number) in numbers else -1
    focus = {
        "index": position,
        "tick": str(number),
        "label": i18n.t("your_child", lang, number=number),
        "detail": (
            charts.callout_detail(float(bars["y"][position]), lang, skill.unit or None)
            if position >= 0
            else ""
        ),
    }
    return MeasurePage(
        skill=skill.skill,
        how=skill.how,
        expectation=skill.expectation,
        class_line=skill.class_line,
        chart_id=chart_id,
        base_id=skill.base_id,
        base_json=skill.base_json,
        focus_json=_script_json(focus),
        score_line=score_line,
    )


def _goal_sheet(
    scores: pd.DataFrame,
    number: int,
    measure: str,
    window: str,
    lang: str,
    contact: str | None,
    code: str | None,
    goal: goals.Goal | None,
) -> GoalSheet:
    rows = scores[
        (scores["measure"] == measure)
        & (scores["window"] == window)
        & (scores["student"] == number)
    ]
    skill = i18n.skill_name(code, measure, lang)
    if rows.empty or pd.isna(rows["value"].iloc[0]):
        prompt = i18n.t("goal_prompt_absent", lang, skill=skill)
    else:
        score = f"{_fmt(float(rows['value'].iloc[0]), lang)} {i18n.unit_words(code, lang)}".strip()
        prompt = i18n.t("goal_prompt", lang, skill=skill, score=score)
    return GoalSheet(
        title=i18n.t("goal_title", lang),
        prompt=prompt,
        goal_label=i18n.t("goal_label", lang),
        target=_goal_target(goal, code, lang),
        strategy_label=i18n.t("strategy_label", lang),
        strategy=goal.strategy if goal else None,
        review_label=i18n.t("review_label", lang),
        review=_review_when(goal, lang),
        contact_label=i18n.t("contact_label", lang),
        contact=contact,
    )


def _goal_target(goal: goals.Goal | None, code: str | None, lang: str) -> str | None:
    if goal is None:
        return None
    return f"{_fmt(goal.target, lang)} {i18n.unit_words(code, lang)}".strip()


def _review_when(goal: goals.Goal | None, lang: str) -> str | None:
    if goal is None or (goal.review_date is None and not goal.review_window):
        return None
    if goal.review_date is not None:
        return i18n.fmt_date(goal.review_date, lang)
    return goal.review_window


def family_language(class_language: str, chosen: str | None, goal: goals.Goal | None = None) -> str:
    """A family's language: the one on its goal record, else the one chosen for this printing,
    else the class's."""
    if goal is not None and goal.language in i18n.LANGS:
        return goal.language
    return chosen if chosen in i18n.LANGS else class_language


def build_folders(
    store: Store,
    class_name: str,
    window: str,
    *,
    measures: Sequence[str] | None = None,
    lang: str | None = None,
    paper: Paper = "letter",
    progress: Progress = lambda _share, _message: None,
) -> FolderSet:
    """Every family's folder for one window, printed to PDF when a browser is at hand."""
    printing.warm()  # the browser starts while the pages are prepared
    info = store.get_class(class_name)
    scores = store.scores(class_name, window)
    known = [m.name for m in store.measures(class_name)]
    chosen = list(measures) if measures else [m for m in known if m in set(scores["measure"])]
    unknown = [m for m in chosen if m not in known]
    if unknown:
        raise FamdataError(
            f"Class '{class_name}' has no measure '{unknown[0]}'. Measures: {', '.join(known)}."
        )
    if not chosen:
        raise FamdataError(f"Class '{class_name}' has no scores in window '{window}'.")
    benchmark_for = benchmarks.for_class(store, class_name)
    numbers = tuple(sorted(int(n) for n in scores["student"].unique()))
    folders = []
    skills: dict[tuple[str, str], _Skill] = {}
    family_goals = {
        g.student: g
        for g in goals.goals_of(store, class_name, window)
        if g.student and g.measure == chosen[0]
    }
    for position, number in enumerate(numbers):
        progress(
            0.6 * position / max(len(numbers), 1),
            f"Preparing folder {position + 1} of {len(numbers)}…",
        )
        goal = family_goals.get(number)
        family_lang = family_language(info.language, lang, goal)
        for measure in chosen:
            if (measure, family_lang) not in skills:
                skills[measure, family_lang] = _skill(
                    scores,
                    measure,
                    window,
                    info.grade,
                    benchmark_for,
                    family_lang,
                    f"base-{len(skills)}",
                )
        pages = tuple(
            _measure_page(skills[m, family_lang], number, family_lang, f"chart-{number}-{i}")
            for i, m in enumerate(chosen)
        )
        first = measure_stats(
            scores[scores["measure"] == chosen[0]],
            window,
            chosen[0],
            benchmark_for(chosen[0], window),
        )
        folders.append(
            Folder(
                number=number,
                lang=family_lang,
                heading=i18n.t("folder_heading", family_lang, class_name=class_name, window=window),
                number_label=i18n.t("folder_number", family_lang, number=number),
                pages=pages,
                goal=_goal_sheet(
                    scores,
                    number,
                    chosen[0],
                    window,
                    family_lang,
                    info.contact,
                    skill_code(chosen[0], first),
                    goal,
                ),
            )
        )
    return _print(class_name, window, folders, numbers, len(chosen) + 1, paper, progress)


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html"])
    )
    return environment.get_template("folders.html")


def render_html(
    folders: Sequence[Folder],
    *,
    paper: Paper,
    notice: str | None = None,
    title: str = "",
    for_printing: bool = False,
) -> str:
    """The folders as one document: self-contained (plotly inline) to download and open anywhere,
    or, for the browser that prints it, loading plotly.js from the printer's folder."""
    bases = {page.base_id: page.base_json for folder in folders for page in folder.pages}
    return _template().render(
        folders=folders,
        bases=bases,
        look=_script_json(charts.callout_style("print")),
        lang=folders[0].lang if folders else "en",
        title=title,
        paper_css="letter" if paper == "letter" else "A4",
        plotly_src=printing.PLOTLY_SRC if for_printing else None,
        plotly_js=None if for_printing else get_plotlyjs(),
        notice=notice,
    )


def _print(
    class_name: str,
    window: str,
    folders: list[Folder],
    numbers: tuple[int, ...],
    pages_each: int,
    paper: Paper,
    progress: Progress,
) -> FolderSet:
    title = f"{class_name} · {window}"
    charts_count = sum(len(f.pages) for f in folders)
    progress(0.65, "Printing the folders to PDF…")
    try:
        merged = printing.print_pdf(
            render_html(folders, paper=paper, title=title, for_printing=True), charts_count, paper
        )
        reader = PdfReader(io.BytesIO(merged))
        if len(reader.pages) == pages_each * len(folders):
            per_family = _split(reader, numbers, pages_each)
        else:  # a folder ran over a page: print each family on its own
            per_family = {
                folder.number: printing.print_pdf(
                    render_html([folder], paper=paper, title=title, for_printing=True),
                    len(folder.pages),
                    paper,
                )
                for folder in folders
            }
    except FamdataError as error:
        notice = str(error)
        return FolderSet(
            class_name,
            window,
            render_html(folders, paper=paper, notice=notice, title=title),
            numbers,
            None,
            {},
            notice,
        )
    progress(1.0, "Folders ready")
    html = render_html(folders, paper=paper, title=title)
    return FolderSet(class_name, window, html, numbers, merged, per_family, None)


def _split(reader: PdfReader, numbers: tuple[int, ...], pages_each: int) -> dict[int, bytes]:
    split = {}
    for index, number in enumerate(numbers):
        writer = PdfWriter()
        for page in reader.pages[index * pages_each : (index + 1) * pages_each]:
            writer.add_page(page)
        buffer = io.BytesIO()
        writer.write(buffer)
        split[number] = buffer.getvalue()
    return split


# -- folder labels (the teacher's key: names, on request only) -----------------------------------


def labels_table(
    store: Store, class_name: str, source: workbook.Source, filename: str | None = None
) -> pd.DataFrame:
    """Number, student ID and name for every student of a roster or score file this class knows."""
    roster = ingest.read_roster(source, filename=filename)
    numbers = store.numbers_for(class_name, roster["identity"])
    table = pd.DataFrame(
        {
            "Number": [numbers[i] for i in roster["identity"]],
            "Student ID": roster["student_id"],
            "Name": roster["name"],
        }
    )
    known = table[table["Number"].notna()].astype({"Number": int})
    if known.empty:
        raise FamdataError(f"None of the students in this file are in class '{class_name}'.")
    return known.sort_values("Number").reset_index(drop=True)


def labels_html(table: pd.DataFrame, class_name: str) -> str:
    """A printable sheet of the labels (one row per folder)."""
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape('' if pd.isna(v) else v)}</td>" for v in row) + "</tr>"
        for row in table.itertuples(index=False)
    )
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    title = escape(f"{class_name} · {i18n.t('labels_title')}")
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
        "<style>body{font-family:Arial,'DejaVu Sans',sans-serif}"
        "table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #000;padding:8pt;font-size:13pt;text-align:left}</style></head>"
        f"<body><h1>{title}</h1><table><tr>{head}</tr>{rows}</table></body></html>"
    )


def write_labels(table: pd.DataFrame, class_name: str, out: Path) -> Path:
    """labels.csv, or labels.pdf printed by the local browser."""
    if out.suffix.lower() == ".pdf":
        out.write_bytes(printing.print_pdf(labels_html(table, class_name)))
    elif out.suffix.lower() == ".csv":
        out.write_bytes(table.to_csv(index=False).encode("utf-8-sig"))
    else:
        raise FamdataError(
            "Folder labels are written as .csv or .pdf: name the file labels.csv or labels.pdf."
        )
    return out


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF (what a search or a screen reader finds)."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
