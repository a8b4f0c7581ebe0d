"""Changed lines of a Word document since a git revision (`--diff-base`): git sees a .docx as binary,
so the two versions' lines (reader.py) are compared instead."""

from __future__ import annotations

import difflib


def changed_ranges(old: bytes | None, new: bytes, path: str) -> list[tuple[int, int]] | None:
    """1-based inclusive line ranges of `new` that differ from `old`; None when either cannot be read
    (then every line counts as changed)."""
    from reportlint.sources import ReadError
    from reportlint.word import read_source

    if old is None:
        return None
    a, b = read_source(path, old), read_source(path, new)
    if isinstance(a, ReadError) or isinstance(b, ReadError):
        return None
    before, after = a.text.split("\n"), b.text.split("\n")
    out: list[tuple[int, int]] = []
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag in ("replace", "insert"):
            out.append((j1 + 1, j2))
        elif tag == "delete":  # the paragraphs on either side of a removed one (a number now skips)
            out.append((max(1, j1), j1 + 1))
    return out
