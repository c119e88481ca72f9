"""python3 -m spikescale_report: the same as bench-report."""
import sys

from .cli import main

sys.exit(main())
