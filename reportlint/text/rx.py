"""The one way the package compiles a fixed pattern.

`compile` returns a pattern that is compiled on first use, through the compiled-pattern
store (`reportlint.patternstore`: programs kept in the user cache, keyed by interpreter
build). A check that does not run on a file never builds its patterns, and the CLI may
point the store at its folder after the modules are imported. Once built, a lazy
pattern's methods are the compiled pattern's own bound methods (no extra indirection
in hot loops). `compile_now` compiles at once (rule params: a bad pattern is reported
while the rule file is read).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reportlint import patternstore

# What a pattern offers: copied onto a lazy pattern when it is first built.
_ATTRS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "scanner",
          "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    """A regular expression compiled on first use; it then behaves as the compiled pattern."""

    def __init__(self, pattern: Any, flags: int = 0) -> None:
        self.__dict__["_key"] = (pattern, int(flags))

    def _build(self) -> re.Pattern:
        compiled = patternstore.STORE.compile(*self.__dict__["_key"])
        for name in _ATTRS:
            self.__dict__[name] = getattr(compiled, name)
        self.__dict__["compiled"] = compiled
        return compiled

    @property
    def built(self) -> bool:
        return "compiled" in self.__dict__

    def __getattr__(self, name: str) -> Any:  # only for what is not yet in __dict__
        if name.startswith("__") or name == "_key":
            raise AttributeError(name)
        return getattr(self._build(), name)

    def __reduce__(self) -> tuple:
        return (compile, self.__dict__["_key"])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPattern):
            return self.__dict__["_key"] == other.__dict__["_key"]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.__dict__["_key"])

    def __repr__(self) -> str:
        return f"rx.compile({self.__dict__['_key'][0]!r})"


def compile(pattern: Any, flags: int = 0) -> LazyPattern:  # noqa: A001 — the name `re` users expect
    return LazyPattern(pattern, flags)


def compile_now(pattern: Any, flags: int = 0) -> re.Pattern:
    """Compile at once (and raise re.error now): for patterns a rule file gives."""
    return patternstore.STORE.compile(pattern, flags)


def serving_re():
    """A block in which `re.compile` of a library's imports is served by the store (patternstore.serving_re)."""
    return patternstore.STORE.serving_re()


def use_folder(folder: Path | None) -> None:
    """Keep compiled programs in `folder` (the CLI's cache); None compiles in memory only."""
    patternstore.STORE.use_folder(folder)


def save() -> None:
    """Write the programs this process compiled for the next run; never raises."""
    patternstore.STORE.save()
