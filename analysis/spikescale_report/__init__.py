"""bench-report: figures, tables and reproducibility reports from spikescale run files.

The package reads HDF5 run records (docs/run-record.md, schema v1) and experiment
directories written by bench-scale, aggregates them with proper statistics
(stats.py) and renders figures, an HTML page, Markdown, LaTeX and a summary HDF5.
"""

SUPPORTED_SCHEMA_VERSIONS = (1,)
SUMMARY_FORMAT = "spikescale-summary"
SUMMARY_VERSION = 1
