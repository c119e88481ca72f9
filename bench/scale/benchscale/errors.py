"""Error types. A UsageError is something the user can fix (bad option, bad
experiment file, unsafe value); the command line turns it into exit status 2."""


class UsageError(Exception):
    """A configuration or usage error; the message names what is wrong."""


EXIT_USAGE = 2
