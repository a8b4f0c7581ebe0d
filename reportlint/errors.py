"""The errors that end a run with exit status 2, in one place.

`ConfigError` is a rule file, a config file or a command-line value that is wrong, with
the position to fix (`path:line:col: what`); `SelectionError` a `--select`/`--ignore`
token that matches no rule. Problems with a document (unreadable, a crashed check) are
not errors of the run: they are the E001 and E002 findings.
"""

from __future__ import annotations


class ConfigError(Exception):
    """A rule file or config file is wrong; the message is `path:line:col: what`."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        self.path, self.line, self.column, self.message = path, line, column, message
        super().__init__(f"{path}:{line}:{column}: {message}")


class SelectionError(ValueError):
    """A `--select` or `--ignore` token that matches no rule (with a did-you-mean)."""
