"""bench-scale: expands a scaling experiment into runs, renders job scripts,
launches them locally or through SLURM, tracks and resumes them (DESIGN §7)."""
