"""The one exception type whose message is meant for a teacher.

Any code that detects a problem a teacher can fix raises `FamdataError` with a plain-language
sentence; the CLI prints it as one line and the pages show it as an error box. Anything else
escaping famdata is a bug.
"""

from __future__ import annotations


class FamdataError(Exception):
    """A problem explained in plain language, safe to show to a teacher as it is."""
