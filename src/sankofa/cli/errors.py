"""The error every command raises for a failure the user can act on."""


class CommandError(Exception):
    """The message is the one line shown after `sankofa: `; the exit status is non-zero."""
