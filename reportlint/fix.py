"""Applying fixes: non-overlapping edits, atomic writes that keep encoding, BOM and newlines."""

from __future__ import annotations

import os
from pathlib import Path

from reportlint.diagnostics import Diagnostic, Edit
from reportlint.sources import Source
from reportlint.text import rx


def applicable_fixes(diags: list[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    return [d for d in diags if d.fix is not None and d.fix.edits and (d.fix.safe or unsafe)]


def apply_edits(text: str, diags: list[Diagnostic]) -> tuple[str, int]:
    """Apply each diagnostic's edits unless they overlap an earlier fix; (new text, fixes applied)."""
    chosen: list[Edit] = []
    taken: list[tuple[int, int]] = []
    applied = 0
    for d in sorted(diags, key=lambda d: (d.fix.edits[0].start, d.rule)):
        edits = sorted(d.fix.edits, key=lambda e: e.start)
        if any(_overlaps(e, taken) for e in edits):
            continue
        if any(e.start < 0 or e.end > len(text) or e.start > e.end for e in edits):
            continue
        chosen.extend(edits)
        taken.extend((e.start, e.end) for e in edits)
        applied += 1
    out = []
    pos = 0
    for e in sorted(chosen, key=lambda e: (e.start, e.end)):
        out.append(text[pos : e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out), applied


def _overlaps(e: Edit, taken: list[tuple[int, int]]) -> bool:
    for s, t in taken:
        if e.start < t and s < e.end:
            return True
        if e.start == e.end == s or (e.start == s and s == t):  # two insertions at one point
            return True
    return False


def diff_path(path: str) -> str:
    """The path a patch names: relative to the current folder when under it, POSIX, no './' (git apply)."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            pass
    return os.path.normpath(p).replace(os.sep, "/")


_LINES_RE = rx.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")  # each line with its own ending


def unified_diff(source: Source, new_text: str) -> bytes:
    """A patch `git apply` / `patch -p1` applies byte for byte: each line in the file's own bytes (its
    encoding, BOM on the first line, line endings, as `git diff` shows them), a marker for a missing
    last newline. UTF-16 is the exception: line tools read a patch as ASCII-compatible bytes, so no
    UTF-16 patch applies anywhere; its patch is in UTF-8, for reading (use --fix to change the file)."""
    import difflib

    from reportlint.sources import encode

    readable_only = source.encoding.startswith("utf-16")

    def lines(text: str) -> list[bytes]:
        raw = encode(source, text)
        if readable_only:
            raw = raw[len(source.bom):].decode(source.encoding).encode("utf-8")
        out = _LINES_RE.findall(raw)
        if out and not out[-1].endswith((b"\n", b"\r")):
            out[-1] += b"\n\\ No newline at end of file\n"
        return out

    name = os.fsencode(diff_path(source.path))
    return b"".join(difflib.diff_bytes(difflib.unified_diff, lines(source.text), lines(new_text),
                                       fromfile=b"a/" + name, tofile=b"b/" + name))

