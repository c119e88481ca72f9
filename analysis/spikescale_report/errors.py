"""Errors a user can hit (exit status 2). Kept free of heavy imports so that
`bench-report --help` and usage errors answer at once."""


class InputError(Exception):
    """A user-visible problem with an input file or directory (exit status 2)."""


class SchemaError(InputError):
    """A run file whose format or schema version this reader does not know."""
