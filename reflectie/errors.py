"""The one kind of error the user sees: a Dutch message that says what went wrong and what to do.

Every failure the core expects (a file that cannot be read or written, a round that is open
elsewhere, a bad value) is a ``ReflectieError`` or a subclass; screens and the command line catch
that one class and show ``str(exc)``. No Textual here.
"""

from __future__ import annotations

from pathlib import Path


class ReflectieError(Exception):
    """A failure with a Dutch message meant for the user."""


class StoreError(ReflectieError):
    """Saving or reading one's own data failed; the message says what the user can do."""


class ReadOnlyError(ReflectieError):
    """The round is open for writing in another window; this window only reads it."""


class AnswersFileError(ReflectieError):
    """An answers file that cannot be used; ``reason`` is Dutch and names the fault."""

    def __init__(self, path: Path | str, reason: str):
        from reflectie.clean import clean_line

        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{clean_line(self.path.name)}: {reason}")
