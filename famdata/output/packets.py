"""Family folders printed: one HTML document for every family, printed to PDF by the computer's
own Chromium, split per family, zipped and written to disk."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from plotly.offline import get_plotlyjs
from pypdf import PdfReader, PdfWriter

from famdata.errors import FamdataError
from famdata.output import charts, printing
from famdata.output.exports import file_stem
from famdata.output.printing import Paper
from famdata.output.safe_text import script_json
from famdata.private_files import write_private
from famdata.store import Store
from famdata.views.folders import Folder, FolderPlan, Progress, prepare_folders

TEMPLATES = Path(__file__).resolve().parent / "templates"


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
    langs: tuple[str, ...] = ()  # the languages the folders are in ("en", "es", or both)

    def family(self, number: int) -> str:
        """family-07: one folder's name inside the set (a ZIP or a folder named by `stem`)."""
        width = max(2, len(str(max(self.numbers, default=0))))
        return f"family-{number:0{width}d}"

    def file_name(self, number: int) -> str:
        return f"{self.family(number)}.pdf"

    def stem(self, what: str = "folders") -> str:
        """room-12-2026-09-es-folders: class, window and language, so the English and the
        Spanish folders of a night never download under one name and overwrite each other."""
        return file_stem(self.class_name, self.window, *self.langs, what)

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for number, pdf in sorted(self.per_family.items()):
                archive.writestr(self.file_name(number), pdf)
        return buffer.getvalue()

    def write(self, folder: Path) -> list[Path]:
        """Write the merged PDF, one PDF per family and the ZIP (or the HTML when no PDFs), each
        readable by the teacher's account alone: they hold every family's scores."""
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.merged_pdf is None:
            return [write_private(folder / f"{self.stem()}.html", self.html.encode("utf-8"))]
        files = {
            f"{self.stem()}.pdf": self.merged_pdf,
            f"{self.stem()}.zip": self.zip_bytes(),
            **{self.file_name(n): pdf for n, pdf in sorted(self.per_family.items())},
        }
        return [write_private(folder / name, data) for name, data in files.items()]


def build_folders(
    store: Store,
    class_name: str,
    window: str,
    *,
    measures: Sequence[str] | None = None,
    lang: str | None = None,
    paper: Paper = "letter",
    absent_only: bool = False,
    students: Collection[int] | None = None,
    progress: Progress = lambda _share, _message: None,
) -> FolderSet:
    """Every family's folder for one window (or only the absent families', or only `students`'
    to reprint a lost folder), printed to PDF when a browser is at hand."""
    printing.warm()  # the browser starts while the pages are prepared
    plan = prepare_folders(
        store,
        class_name,
        window,
        measures=measures,
        lang=lang,
        absent_only=absent_only,
        students=students,
        progress=progress,
    )
    return _print(plan, paper, progress)


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
        look=script_json(charts.callout_style("print")),
        lang=folders[0].lang if folders else "en",
        title=title,
        paper_css="letter" if paper == "letter" else "A4",
        plotly_src=printing.PLOTLY_SRC if for_printing else None,
        plotly_js=None if for_printing else get_plotlyjs(),
        notice=notice,
        csp=printing.CSP,
    )


def _print(plan: FolderPlan, paper: Paper, progress: Progress) -> FolderSet:
    class_name, window, folders, numbers = plan.class_name, plan.window, plan.folders, plan.numbers
    pages_each = plan.pages_each
    langs = tuple(sorted({folder.lang for folder in folders}))
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
            langs,
        )
    progress(1.0, "Folders ready")
    html = render_html(folders, paper=paper, title=title)
    return FolderSet(class_name, window, html, numbers, merged, per_family, None, langs)


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


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF (what a search or a screen reader finds)."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
