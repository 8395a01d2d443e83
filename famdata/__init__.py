"""famdata: class assessment data for collaboration nights, with private student numbers.

The library never imports streamlit; `app.py` and `pages/` are thin shells over it, and so is
the command line (`python -m famdata`).
"""

from famdata.errors import FamdataError

__all__ = ["FamdataError"]
