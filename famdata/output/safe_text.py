"""Text from files and people, escaped for where it goes: plotly's text, a <script> element, the
terminal. A measure name is just a spreadsheet header anyone can type, so it must never become a
link on the projector, a script in the printing browser or a command to the teacher's terminal.

(Streamlit Markdown has its own escaper in `ui/text.py`; HTML is escaped by Jinja's autoescape.)
"""

from __future__ import annotations

import json
import re

from plotly.utils import PlotlyJSONEncoder

# plotly reads <a>, <span style>, <b>... in every text it draws and `%{...}` in hover templates;
# it turns entities back into characters, so the escaped text reads the same.
_PLOTLY = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "%": "&#37;"})
# Inside <script>, `<!--`, `<script` and `</script` change how the HTML parser finds the end of
# the element. Escaped, the JSON means the same; json.dumps already writes every non-ASCII
# character (U+2028 and U+2029, which end a line in older JavaScript, too) as \uXXXX.
_SCRIPT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
# Controls other than newline and tab (C0, DEL, C1), and the bidirectional overrides that make
# a terminal show text in another order than it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plotly_text(text: object) -> str:
    """`text` as plotly shows it literally: in titles, labels, annotations, ticks and hovers."""
    return str(text).translate(_PLOTLY)


def script_json(data: object) -> str:
    """`data` (plotly figures too) as JSON that is safe inside a <script> element."""
    return json.dumps(data, cls=PlotlyJSONEncoder).translate(_SCRIPT)


def terminal_text(text: object) -> str:
    """`text` with every control character a terminal would obey replaced by U+FFFD (a visible
    mark), so a cell cannot retitle, clear or recolour the teacher's terminal."""
    return _CONTROL.sub("\ufffd", str(text))
