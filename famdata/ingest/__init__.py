"""Spreadsheets and CSV files into tidy scores, with every row, column and cell left out reported.

A teacher's workbook and a vendor's export differ in everything but this: somewhere there is a
header row, a column (or two) that says who the student is, and columns or rows of scores. This
package finds them — below title rows, across sheets, in wide or long layout — and hands back one
row per (window, student, measure) plus a report of what it did not use and why. It never saves
anything and never decides a cell means 0. The stages are modules (see `reader` for the order);
the tuning is one `rules.Rules` object.
"""

from famdata.ingest.header import find_header, normalise_header
from famdata.ingest.profiles import FRACTIONS_QUESTION
from famdata.ingest.reader import columns_of, read, read_roster
from famdata.ingest.report import ExcludedRow, IgnoredColumn, Problem, Reading, profile_json
from famdata.ingest.rules import ROLES, RULES, Rules

__all__ = [
    "FRACTIONS_QUESTION",
    "ROLES",
    "RULES",
    "ExcludedRow",
    "IgnoredColumn",
    "Problem",
    "Reading",
    "Rules",
    "columns_of",
    "find_header",
    "normalise_header",
    "profile_json",
    "read",
    "read_roster",
]
