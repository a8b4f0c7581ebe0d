"""The compiled-pattern store: regular expressions compiled once per installation, not once per run.

CPython compiles patterns in pure Python, and a character class over a CJK range
walks every code point in it (一-鿿 alone is 21 000 steps). reportlint's modules
and built-in rules hold about 250 patterns, many with such classes: ~50 ms of a
0.2 s start-up on a small file, more than any other single cost (see
benchmarks/RESULTS.md). The compiled program depends only on the pattern, the
flags and the regex engine, so the CLI keeps it the way Python keeps bytecode:
in the user cache, keyed by the exact interpreter build and engine version, and
handed back to the engine's own constructor on the next run.

Only patterns fixed by code or by rule files go through here (the interface is
`reportlint.text.rx`, which also makes module patterns lazy); patterns built from
a document's text use `re` directly, so the cache does not grow with the documents
checked. A leaf module: it imports nothing of the package but the atomic writer. Without a cache folder (library use, `--no-cache`, tests) and
on any surprise (another Python, a corrupt file, an engine that rejects the
program) this is plain `re.compile`.
"""

from __future__ import annotations

import contextlib
import re
import sys
from array import array
from pathlib import Path
from typing import Any, Iterator

try:  # the engine's internals as of CPython 3.11; elsewhere the persistent cache is off
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - CPython 3.10 names them sre_*
    _sre = _compiler = _parser = None  # type: ignore[assignment]

_re_compile = re.compile  # the engine's own: `serving_re` replaces the module attribute for a while
MAX_ENTRIES = 4096  # past this, a save keeps only the entries this process used

# flags, code (machine words as bytes: a list of ints makes the file ~10x slower to load), groups, group names
Program = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]
_WORD = "I"  # array typecode of one code word; checked against the engine's CODESIZE in engine_tag()


def engine_tag() -> str:
    """What a compiled program depends on, beyond the pattern and flags."""
    magic = getattr(_sre, "MAGIC", None)
    size = getattr(_sre, "CODESIZE", None)
    return f"{sys.implementation.cache_tag}|{sys.version}|{magic}|{size}={array(_WORD).itemsize}|{sys.maxunicode}"


def _program(pattern: str, flags: int) -> Program:
    """What `re._compiler.compile` hands to `_sre.compile`, as plain marshal-able values."""
    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | p.state.flags), array(_WORD, code).tobytes(), p.state.groups - 1, groupindex, tuple(indexgroup))


def _build(pattern: str, program: Program) -> re.Pattern:
    flags, code, groups, groupindex, indexgroup = program
    words = array(_WORD)
    words.frombytes(code)
    return _sre.compile(pattern, flags, words.tolist(), groups, groupindex, indexgroup)


class _CharsetMemo:
    """Inside the block, the engine's compiler optimises each distinct character class once.

    `re._compiler._optimize_charset` builds a 65,536-entry map for any class that reaches past
    U+00FF, so `[\u4e00-\u9fff]` costs ~3 ms each time a pattern holds it, twice per pattern
    (its prefix and its body), and reportlint's patterns hold a few such classes hundreds of
    times: about half of compiling them all. The function's result depends only on its
    arguments (the parsed class, and the case-folding functions and table when ignoring case),
    so it is remembered here for the store's patterns only; outside the block `re` is untouched.
    """

    def __init__(self) -> None:
        self._memo: dict[tuple[Any, ...], tuple[list[Any], bool]] = {}
        self._saved: Any = None

    def _optimize(self, charset: Any, iscased: Any = None, fixup: Any = None, fixes: Any = None) -> Any:
        try:
            key = (tuple(charset), iscased, fixup, id(fixes) if fixes is not None else None)
            hit = self._memo.get(key)
        except TypeError:  # an operand the engine added that does not hash: no memo
            return self._saved(charset, iscased, fixup, fixes)
        if hit is None:
            hit = self._memo[key] = self._saved(charset, iscased, fixup, fixes)
        out, hascased = hit
        return list(out), hascased

    def __enter__(self) -> None:
        saved = getattr(_compiler, "_optimize_charset", None)
        if saved is None or self._saved is not None:  # another engine, or a nested compile
            return
        self._saved = saved
        _compiler._optimize_charset = self._optimize

    def __exit__(self, *exc: Any) -> None:
        if self._saved is not None and _compiler._optimize_charset == self._optimize:
            _compiler._optimize_charset = self._saved
        self._saved = None


class PatternStore:
    """Compiled patterns of this process, backed by a file of compiled programs."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self._programs: dict[tuple[str, int], Program] | None = None
        self._new: dict[tuple[str, int], Program] = {}
        self._used: set[tuple[str, int]] = set()
        self._compiled: dict[tuple[Any, int], re.Pattern] = {}
        self._charsets = _CharsetMemo()

    def use_folder(self, folder: Path | None) -> None:
        """Back the store with `folder` (None: compile in memory only)."""
        usable = folder is not None and _sre is not None and sys.implementation.name == "cpython"
        # One file per interpreter line (cpython-311, …): two Pythons sharing a cache do not overwrite each other.
        self.path = folder / f"regex-programs-{sys.implementation.cache_tag}.marshal" if usable else None
        self._programs = None

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern:
        flags = int(flags)
        if isinstance(pattern, str):
            flags &= ~int(re.UNICODE)  # implied for str patterns; a pickled pattern's flags carry it
        key = (pattern, flags)
        hit = self._compiled.get(key)
        if hit is not None:
            return hit
        with self._charsets:
            compiled = self._from_program(pattern, flags) if self.path is not None and isinstance(pattern, str) else None
            if compiled is None:
                compiled = _re_compile(pattern, flags)
        self._compiled[key] = compiled
        return compiled

    @contextlib.contextmanager
    def serving_re(self) -> Iterator[None]:
        """`re.compile` of a str pattern goes through the store inside the block, for a library that
        compiles its fixed patterns at import (markdown-it: 77); outside it `re` is untouched.

        Only for imports: a pattern built from a document's text must not reach the store. The CLI
        parses files in one thread (`--jobs` uses processes), so no other caller sees the window.
        """
        if self.path is None:
            yield
            return

        def compile(pattern: Any, flags: int = 0) -> re.Pattern:  # noqa: A001 — stands in for re.compile
            return self.compile(pattern, flags) if isinstance(pattern, str) else _re_compile(pattern, flags)

        re.compile = compile  # type: ignore[assignment]
        try:
            yield
        finally:
            re.compile = _re_compile  # type: ignore[assignment]

    def _from_program(self, pattern: str, flags: int) -> re.Pattern | None:
        programs = self._load()
        key = (pattern, flags)
        program = programs.get(key)
        if program is not None:
            try:
                compiled = _build(pattern, program)
            except Exception:  # noqa: BLE001 — the engine refused it: compile afresh below
                programs.pop(key, None)
            else:
                self._used.add(key)
                return compiled
        try:
            program = _program(pattern, flags)
            compiled = _build(pattern, program)
        except Exception:  # noqa: BLE001 — re.error included: re.compile raises it with its usual message
            return None
        self._new[key] = program
        return compiled

    def _load(self) -> dict[tuple[str, int], Program]:
        if self._programs is None:
            from reportlint.atomic import load_marshalled

            self._programs = load_marshalled(self.path, engine_tag())  # type: ignore[arg-type]
        return self._programs

    def save(self) -> None:
        """Write the programs compiled by this process for the next one; never raises."""
        if self.path is None or not self._new:
            return
        programs = dict(self._load())
        if len(programs) + len(self._new) > MAX_ENTRIES:
            programs = {k: v for k, v in programs.items() if k in self._used}
        programs.update(self._new)
        from reportlint.atomic import save_marshalled

        if save_marshalled(self.path, engine_tag(), programs):
            self._programs, self._new = programs, {}


# One per process, like `re`'s own cache; patterns are compiled on first use, by then the CLI
# has pointed the store at its folder (or has not: library use compiles in memory).
STORE = PatternStore()
