"""The rows below a text file's header, read by pyarrow's CSV reader (on every core for a
district's file).

pandas' C reader takes well over twice as long for a district export, most of it making Python
strings of the text columns. pyarrow parses and types the columns in one pass, in parallel; the
frame then holds what pandas' reader gives for the file (`workbook._read_below`): numbers typed
(int64 without blanks, float64 with NaN for a blank), `text_columns` and every other column as
written, '' for a blank; text stays in pyarrow (`TEXT`) until a Python string is asked for.

A column pyarrow types as dates or times is read again as text, and `cells` reads it as it
reads any text. A file pyarrow would read differently again is left to pandas (`None`): a row
with more or fewer fields than the header line's width (a blank line is one), quotes above the
first data line (title rows counted as lines and as records could differ), a number pyarrow
takes as hex ("0x10"), "nan" or "inf", one too large for a float, a whole number past 2**53, a
vertical tab or form feed or a quoted line break (pandas strips them from around a number),
"+6E 1" (pandas skips the space), a byte-order mark opening the first row, and a column whose
first block of lines is all numbers but a later one is not.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from famdata.ingest.text_extent import megabytes

_PANDAS_TYPES = (pa.types.is_int64, pa.types.is_float64, pa.types.is_null, pa.types.is_boolean)


def _every_case(word: str) -> list[str]:
    return [
        "".join(letters) for letters in itertools.product(*zip(word, word.upper(), strict=True))
    ]


# the words pandas reads as True and False, in any case: a column of them is a tick-box column
_TRUE, _FALSE = _every_case("true"), _every_case("false")
_EXACT_FLOAT_LIMIT = 2.0**53  # past it, a float holds only some whole numbers
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # a column of text, '' for a blank
# Below two of pyarrow's 1 MB blocks its threads gain nothing, and a process that has started
# them can abort as it exits (apache/arrow#34314): a class's file is read on one thread.
_THREADED_BYTES = 2 << 20


def body_rows(
    data: bytes,
    encoding: str,
    delimiter: str,
    width: int,
    header_row: int,
    text_columns: Collection[int],
) -> pd.DataFrame | None:
    """The rows after line `header_row` (0-based) in columns 0 .. width-1, or None when pandas
    must read them."""
    start = after_lines(data, header_row + 1)
    if start is None or width < 2:  # one column: pyarrow reads a blank line as "", pandas as NaN
        return None
    if b'"' in data[:start]:  # title lines counted as lines and as records could differ
        return None
    body = data[start:]
    if _read_otherwise(body):
        return None
    if encoding not in ("utf-8", "utf-8-sig"):
        body = body.decode(encoding).encode("utf-8")
    text = {str(c) for c in text_columns if c < width}
    table = _read(body, delimiter, width, text)
    if table is None:
        return None
    retyped = {name for name in table.column_names if _read_as_text(table.column(name))}
    typed = [table.column(name) for name in table.column_names if name not in text | retyped]
    if any(_read_by_pandas(cells) for cells in typed):
        return None
    if b'"' in body and any(_edged_by_a_line_break(cells) for cells in typed):
        return None
    if b"+" in body and any(_spaced_exponent(cells) for cells in typed):
        return None
    if retyped:
        table = _read(body, delimiter, width, text | retyped)
        if table is None:
            return None
    return pd.DataFrame(
        {position: _column(table.column(str(position))) for position in range(width)}, copy=False
    )


def after_lines(data: bytes, count: int) -> int | None:
    """Where the line after the first `count` lines starts (None: the file has fewer)."""
    start = 0
    for _ in range(count):
        end = data.find(b"\n", start)
        if end < 0:
            return None
        start = end + 1
    return start


def _read_otherwise(body: bytes) -> bool:
    """Bytes pyarrow reads otherwise than pandas: a byte-order mark opening the first row
    (pyarrow drops it), a vertical tab or form feed (pandas strips them from around a number),
    a hex prefix."""
    return (
        body.startswith(b"\xef\xbb\xbf")
        or b"\x0b" in body
        or b"\x0c" in body
        or (_has_hex_prefix(body))
    )


def _has_hex_prefix(body: bytes) -> bool:
    """A "0x" or "0X" anywhere."""
    for piece in megabytes(body, overlap=1):
        is_x = (piece[1:] | 0x20) == ord("x")  # | 0x20: lower case
        is_x &= piece[:-1] == ord("0")
        if is_x.any():
            return True
    return False


def _read(body: bytes, delimiter: str, width: int, text: set[str]) -> pa.Table | None:
    """The rows with `text` columns as strings and the others typed by pyarrow; None for a row
    of another width (pyarrow stops at the first) or a later block that does not fit the type
    of the first."""
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(body),
            read_options=pa_csv.ReadOptions(
                column_names=[str(c) for c in range(width)],
                use_threads=len(body) >= _THREADED_BYTES,
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=b'"' in body,  # slower, and only needed inside quotes
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(text, pa.string()),
                null_values=[""],
                true_values=_TRUE,
                false_values=_FALSE,
                strings_can_be_null=False,
                timestamp_parsers=[],
            ),
        )
    except pa.ArrowInvalid:
        return None
    return None if table.num_rows == 0 else table


def _read_as_text(cells: pa.ChunkedArray) -> bool:
    """A column pyarrow typed as pandas does not: dates and times."""
    kind = cells.type
    return not pa.types.is_string(kind) and not any(is_typed(kind) for is_typed in _PANDAS_TYPES)


def _read_by_pandas(cells: pa.ChunkedArray) -> bool:
    """A column of numbers pandas reads otherwise: one holding "nan", "inf" or a number too
    large for a float (pyarrow and pandas spell and round them differently), or a whole number
    past 2**53 that pandas keeps exact (int64 for "+9007199254740993", uint64, a Python int) and
    pyarrow makes a float."""
    if not pa.types.is_float64(cells.type) or cells.null_count == len(cells):
        return False
    if pc.any(pc.invert(pc.is_finite(cells))).as_py() is True:
        return True
    return pc.max(pc.abs(cells)).as_py() >= _EXACT_FLOAT_LIMIT


def _spaced_exponent(cells: pa.ChunkedArray) -> bool:
    """A cell pandas reads as a number and pyarrow as text: after a "+" sign, pandas lets a space
    follow the exponent's letter ("+6E 1" is 60)."""
    if not pa.types.is_string(cells.type):
        return False
    return pc.any(pc.match_substring_regex(cells, r"^\s*\+[0-9.]*[eE]\s")).as_py() is True


def _edged_by_a_line_break(cells: pa.ChunkedArray) -> bool:
    """A quoted cell opening or closing with a line break: pandas reads "5⏎" as a number,
    pyarrow as text."""
    if not pa.types.is_string(cells.type):
        return False
    return pc.any(pc.match_substring_regex(cells, r"^\s*[\r\n]|[\r\n]\s*$")).as_py() is True


def _column(cells: pa.ChunkedArray) -> pd.Series:
    if pa.types.is_string(cells.type):  # kept in pyarrow: a Python string is made only if asked
        return pd.Series(cells, dtype=TEXT, copy=False)
    if pa.types.is_boolean(cells.type):  # as pandas: True and False, '' for a blank
        if cells.null_count == 0:
            return pd.Series(cells.to_numpy(zero_copy_only=False), dtype=bool, copy=False)
        written = cells.to_numpy(zero_copy_only=False).astype(object)
        written[cells.is_null().to_numpy(zero_copy_only=False)] = ""
        return pd.Series(written, dtype=object, copy=False)
    if pa.types.is_int64(cells.type) and cells.null_count == 0:
        return pd.Series(cells.to_numpy(), copy=False)
    # safe=False: a whole number beyond 2**53 with a blank in its column rounds, as in pandas
    return pd.Series(
        cells.cast(pa.float64(), safe=False).to_numpy(zero_copy_only=False), copy=False
    )
