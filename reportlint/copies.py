"""Findings inside a reported copy: what the text output folds and what fixes must not touch.

A block that DU001/DU002 reports as pasted again (a copy of an earlier block) repeats
the original's defects, and its headings continue the outline: renumbering them, or
listing every repeated finding again, treats the copy as text to keep, while the
rule's advice is to delete it. Works on the finished diagnostics (offsets and
related places), so every output format and the fixer read the same relation.
"""

from __future__ import annotations

import bisect
import dataclasses

from reportlint.diagnostics import Diagnostic, Edit

COPY_RULES = ("DU001", "DU002")  # the rules whose finding is a whole block pasted again


class Copy:
    """One reported copy: its finding, its span (offsets and lines) and the original's lines.

    A plain class (nothing compares or prints it): a dataclass costs ~3 M instructions at start-up."""

    __slots__ = ("diagnostic", "original", "folded")

    def __init__(self, diagnostic: Diagnostic, original: tuple[int, int] | None) -> None:
        self.diagnostic = diagnostic
        self.original = original  # first and last line of the original, when the finding names it
        self.folded: list[Diagnostic] = []

    def holds(self, d: Diagnostic) -> bool:
        c = self.diagnostic
        return d.path == c.path and c.start <= d.start and d.end <= max(c.end, c.start + 1) and d is not c


def copies(diags: list[Diagnostic]) -> list[Copy]:
    out = []
    for d in diags:
        if d.rule not in COPY_RULES or d.end <= d.start:
            continue
        orig = next(((r.line, r.end_line or r.line) for r in d.related if r.path == d.path), None)
        out.append(Copy(d, orig))
    return out


class _Spans:
    """The reported copies of each file, found by offset: whether an edit falls inside one of them
    in O(log n), not by a test against every copy of the run (a 10 MB document: 1,222 copies, 900 fixes)."""

    __slots__ = ("_by_path",)

    def __init__(self, spans: list[Copy]) -> None:
        grouped: dict[str, list[Copy]] = {}
        for c in spans:
            grouped.setdefault(c.diagnostic.path, []).append(c)
        # per file: the copies' starts in order, and for each prefix of them the two largest ends
        # (of two different copies) with the copy of the largest: the test below excludes one copy
        self._by_path: dict[str, tuple[list[int], list[tuple[int, Copy | None, int]]]] = {}
        for path, cs in grouped.items():
            cs.sort(key=lambda c: c.diagnostic.start)
            best: list[tuple[int, Copy | None, int]] = []
            top, top_copy, second = -1, None, -1
            for c in cs:
                end = c.diagnostic.end
                if end > top:
                    top, top_copy, second = end, c, top
                elif end > second:
                    second = end
                best.append((top, top_copy, second))
            self._by_path[path] = ([c.diagnostic.start for c in cs], best)

    def holds_edit(self, e: Edit, d: Diagnostic) -> bool:
        """Whether edit `e` of diagnostic `d` overlaps a copy other than `d`'s own finding."""
        got = self._by_path.get(d.path)
        if got is None:
            return False
        starts, best = got
        i = bisect.bisect_left(starts, max(e.end, e.start + 1))  # copies starting before the edit ends
        if i == 0:
            return False
        top, top_copy, second = best[i - 1]
        if top_copy is not None and top_copy.diagnostic is not d:
            return e.start < top
        return e.start < second


def fixable_outside_copies(diags: list[Diagnostic]) -> set[int]:
    """ids of the diagnostics whose fix still has an edit once edits inside copies are dropped."""
    spans = _Spans(copies(diags))
    return {id(d) for d in diags if d.fix is not None and any(not spans.holds_edit(e, d) for e in d.fix.edits)}


def without_edits_in_copies(diags: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with every fix edit that falls inside a reported copy dropped (a fix left empty goes).

    A copy is to be deleted, not renumbered or corrected: fixing it hides the paste
    (its headings would continue the outline as if it were new text). The copy
    finding's own fix (deleting it) is kept.
    """
    found = copies(diags)
    if not found:
        return diags
    spans = _Spans(found)
    out = []
    for d in diags:
        if d.fix is None or not d.fix.edits:
            out.append(d)
            continue
        kept = tuple(e for e in d.fix.edits if not spans.holds_edit(e, d))
        if len(kept) == len(d.fix.edits):
            out.append(d)
        elif kept:
            out.append(dataclasses.replace(d, fix=dataclasses.replace(d.fix, edits=kept)))
    return out


def _key(d: Diagnostic) -> tuple[str, str]:
    return d.rule, " ".join((d.flagged_text or d.message).split())


def fold(diags: list[Diagnostic], defers: dict[str, tuple[str, ...]] | None = None
         ) -> tuple[list[Diagnostic], list[Copy]]:
    """(findings to list, copies with the findings folded under them).

    A finding inside a copy is folded when it repeats a finding of the original (same
    rule, same flagged text) or its rule defers to the copy's rule (`defers`: rule code
    → codes it defers to, e.g. a heading restart that the paste explains).
    """
    found = copies(diags)
    if not found:
        return diags, []
    defers = defers or {}
    # per file, its diagnostics in order and by start offset and by line, so that each copy reads only
    # the findings inside it and in its original (not every finding of the file once per copy)
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diags:
        by_path.setdefault(d.path, []).append(d)
    by_start = {p: sorted(range(len(ds)), key=lambda i, ds=ds: ds[i].start) for p, ds in by_path.items()}
    starts = {p: [by_path[p][i].start for i in order] for p, order in by_start.items()}
    by_line = {p: sorted(range(len(ds)), key=lambda i, ds=ds: ds[i].line) for p, ds in by_path.items()}
    lines = {p: [by_path[p][i].line for i in order] for p, order in by_line.items()}
    folded_ids: set[int] = set()
    for c in found:
        path = c.diagnostic.path
        mine = by_path.get(path, [])
        originals = set()
        if c.original is not None:
            a, b = c.original
            order = by_line[path][bisect.bisect_left(lines[path], a) : bisect.bisect_right(lines[path], b)]
            originals = {_key(mine[i]) for i in order if mine[i].rule not in COPY_RULES}
        lo = bisect.bisect_left(starts[path], c.diagnostic.start)
        hi = bisect.bisect_right(starts[path], max(c.diagnostic.end, c.diagnostic.start + 1))
        for i in sorted(by_start[path][lo:hi]):  # those that may lie inside, in the diagnostics' order
            d = mine[i]
            if id(d) in folded_ids or d.rule in COPY_RULES or d.category == "error" or not c.holds(d):
                continue
            if _key(d) in originals or c.diagnostic.rule in defers.get(d.rule, ()):
                c.folded.append(d)
                folded_ids.add(id(d))
    return [d for d in diags if id(d) not in folded_ids], found
