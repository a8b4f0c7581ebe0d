"""Findings of the previous text moved through an edit, for the first of two publications.

A change re-checks a long document in two tiers (session.py): the rules that look at a
block or a line run first and are published with the previous check's findings of the
whole-document rules (copies, numbers, numbering), moved through the edit; the
whole-document rules then run and their fresh findings replace the carried ones. An edit
is the span between the texts' common prefix and suffix (one typing burst). A finding
wholly before it keeps its offsets; one wholly after it moves by the change in length — but
only when no line was added or removed, since a finding's fields may name line numbers; a
finding touching the edit, or whose related places or fix do, is not carried (it waits for
the fresh check).
"""

from __future__ import annotations

import dataclasses
from typing import Iterable

from reportlint.diagnostics import Finding
from reportlint.engine import Raw


def common_prefix(a: str, b: str) -> int:
    """Length of the common prefix (binary search over slice comparisons: C speed on long texts)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most `limit` characters."""
    lo, hi = 0, min(len(a), len(b), limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:len(a) - lo] == b[len(b) - mid:len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


@dataclasses.dataclass(frozen=True)
class Change:
    """old[start:old_end] became new[start:new_end]."""
    start: int
    old_end: int
    new_end: int
    same_lines: bool  # no line added or removed

    @classmethod
    def between(cls, old: str, new: str) -> "Change":
        p = common_prefix(old, new)
        s = common_suffix(old, new, min(len(old), len(new)) - p)
        old_end, new_end = len(old) - s, len(new) - s
        return cls(p, old_end, new_end, old.count("\n", p, old_end) == new.count("\n", p, new_end))

    def move(self, start: int, end: int) -> tuple[int, int] | None:
        if end <= self.start:
            return start, end
        if start >= self.old_end and self.same_lines:
            delta = self.new_end - self.old_end
            return start + delta, end + delta
        return None


def carry(items: Iterable[Raw], change: Change) -> list[Raw]:
    """The findings that survive the change, with their offsets (and related places, fix) moved."""
    out = []
    for item in items:
        moved = _move(item.finding, change)
        if moved is not None:
            out.append(Raw(item.code, moved))
    return out


def _move(f: Finding, change: Change) -> Finding | None:
    span = change.move(f.start, f.end)
    if span is None:
        return None
    related = []
    for r in f.related:
        if r.path is not None:  # another file: its own positions
            related.append(r)
            continue
        rs = change.move(r.start, r.end)
        if rs is None:
            return None
        related.append(dataclasses.replace(r, start=rs[0], end=rs[1]))
    fix = f.fix
    if fix is not None:
        edits = []
        for e in fix.edits:
            es = change.move(e.start, e.end)
            if es is None:
                return None
            edits.append(dataclasses.replace(e, start=es[0], end=es[1]))
        fix = dataclasses.replace(fix, edits=tuple(edits))
    return dataclasses.replace(f, start=span[0], end=span[1], related=tuple(related), fix=fix)
