"""Folder labels: the teacher's key of names to numbers, made only from a file the teacher gives
and written only where the teacher says. The one place famdata writes a name."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from markupsafe import escape

from famdata import ingest
from famdata.errors import FamdataError
from famdata.ingest import workbook
from famdata.output import exports, printing
from famdata.private_files import write_private
from famdata.store import Store
from famdata.views import wording


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
    title = escape(f"{class_name} · {wording.t('labels_title')}")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f'<meta http-equiv="Content-Security-Policy" content="{escape(printing.CSP)}">'
        f"<title>{title}</title>"
        "<style>body{font-family:Arial,'DejaVu Sans',sans-serif}"
        "table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #000;padding:8pt;font-size:13pt;text-align:left}</style></head>"
        f"<body><h1>{title}</h1><table><tr>{head}</tr>{rows}</table></body></html>"
    )


def labels_pdf(table: pd.DataFrame, class_name: str) -> bytes:
    """The printable sheet of labels as a PDF, printed by the local browser (never saved by
    famdata: the teacher downloads it or names the file)."""
    return printing.print_pdf(labels_html(table, class_name))


def labels_stem(class_name: str) -> str:
    """room-12-folder-labels: the key's download name, the class in it and never a name."""
    return exports.file_stem(class_name, "folder-labels")


def write_labels(table: pd.DataFrame, class_name: str, out: Path) -> Path:
    """labels.csv, or labels.pdf printed by the local browser; for the teacher's account alone, and
    a name that reads as a formula stays text in a spreadsheet."""
    if out.suffix.lower() == ".pdf":
        write_private(out, labels_pdf(table, class_name))
    elif out.suffix.lower() == ".csv":
        write_private(out, exports.to_csv_bytes(table))
    else:
        raise FamdataError(
            "Folder labels are written as .csv or .pdf: name the file labels.csv or labels.pdf."
        )
    return out
