"""The generated-method store: a dataclass's methods compiled once per installation, not once per run.

`dataclasses` writes each class's `__init__`, `__repr__`, `__eq__` (and `__hash__`,
`__setattr__`, `__delattr__` of a frozen one) as Python source and compiles that source
with `exec` every time the class is created: ~2.3 M instructions for a plain five-field
class, ~4 M for a frozen one, and a check run creates about a hundred dataclasses (the
records, the 40 check kinds' Params, markdown-it's) before it reads a line: ~125 M of the
~735 M instructions of `reportlint check` on a one-line file (benchmarks/RESULTS.md,
fifth session). The compiled code depends only on that source text and on the
interpreter, so the CLI keeps it the way Python keeps bytecode: in the user cache (the
rule cache's folder), one file per interpreter build, and hands `dataclasses` the code
instead of the text. The classes are the same dataclasses: same fields, methods and
behaviour (compiling the text is all `exec` would have done first).

Only the CLI turns this on (`use_folder`, with the rule cache's folder): library use,
`--no-cache` and tests create their dataclasses as Python does. On any surprise (a
missing or corrupt file, another interpreter) the text is compiled as usual. A leaf
module: it imports nothing of the package but the atomic writer.
"""

from __future__ import annotations

import __future__
import builtins
import dataclasses
import sys
from pathlib import Path
from types import CodeType
from typing import Any

MAX_ENTRIES = 4096  # past this, a save keeps only the entries this process used
# `exec` of a string compiles it with the calling module's __future__ features: so does the store.
_FUTURE_FLAGS = sum(getattr(__future__, name).compiler_flag for name in __future__.all_feature_names)


def interpreter_tag() -> str:
    """What compiled code depends on besides its source: the exact interpreter build (bytecode is per build)."""
    return f"{sys.implementation.cache_tag}|{sys.version}|{sys.hexversion}"


class CodeStore:
    """Code objects of generated dataclass methods, keyed by their source text, backed by one file."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self._codes: dict[str, CodeType] | None = None
        self._new: dict[str, CodeType] = {}
        self._used: set[str] = set()

    def use_folder(self, folder: Path | None) -> None:
        """Back the store with `folder` and route `dataclasses`' compiling through it (None: as Python does)."""
        usable = folder is not None and sys.implementation.name == "cpython"
        self.path = folder / f"dataclass-code-{sys.implementation.cache_tag}.marshal" if usable else None
        self._codes = None
        if self.path is not None:
            dataclasses.exec = self.exec  # type: ignore[attr-defined]  # the module's one `exec` call
        elif isinstance(getattr(getattr(dataclasses, "exec", None), "__self__", None), CodeStore):
            del dataclasses.exec  # type: ignore[attr-defined]  # `dataclasses` has one module: one hook

    def code(self, source: str, flags: int = 0) -> CodeType:
        """The compiled module code of `source`, as `exec(source)` compiles it in a module whose
        __future__ features are `flags` (none in `dataclasses`; this module's must not leak in)."""
        codes = self._load()
        key = f"\0{flags}\0{source}" if flags else source  # no source starts with NUL
        code = codes.get(key)
        if code is None:
            code = self._new[key] = builtins.compile(source, "<string>", "exec", flags, dont_inherit=True)
            codes[key] = code
        else:
            self._used.add(key)
        return code

    def exec(self, source: Any, globals: dict[str, Any] | None = None, locals: Any = None) -> None:
        """`exec` for `dataclasses`: a source string's code comes from the store."""
        frame = sys._getframe(1)
        if globals is None:  # exec's default: the caller's namespace, not this module's
            globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
        if isinstance(source, str) and self.path is not None:
            source = self.code(source, frame.f_code.co_flags & _FUTURE_FLAGS)
        builtins.exec(source, globals, locals)

    def _load(self) -> dict[str, CodeType]:
        if self._codes is None:
            from reportlint.atomic import load_marshalled

            self._codes = load_marshalled(self.path, interpreter_tag()) if self.path is not None else {}
        return self._codes

    def save(self) -> None:
        """Write the code compiled by this process for the next one; never raises."""
        if self.path is None or not self._new:
            return
        codes = dict(self._load())
        if len(codes) > MAX_ENTRIES:
            codes = {k: v for k, v in codes.items() if k in self._used or k in self._new}
        from reportlint.atomic import save_marshalled

        if save_marshalled(self.path, interpreter_tag(), codes):
            self._new = {}


# One per process, like the compiled-pattern store; the CLI points it at its folder first thing.
STORE = CodeStore()
