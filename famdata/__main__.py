"""`python -m famdata`: see famdata.cli."""

import sys

from famdata.cli import main

sys.exit(main())
