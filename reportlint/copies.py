"""Findings inside a reported copy: what the text output folds and what fixes must not touch.

A block that DU001/DU002 reports as pasted again (a copy of an earlier block) repeats
the original's defects, and its headings continue the outline: renumbering them, or
listing every repeated finding again, treats the copy as text to keep, while the
rule's advice is to delete it. Works on the finished diagnostics (offsets and
related places), so every output format and the fixer read the same relation.
"""

from __future__ import annotations

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


def _in_copy(e: Edit, d: Diagnostic, spans: list[Copy]) -> bool:
    return any(c.diagnostic is not d and c.diagnostic.path == d.path
               and e.start < c.diagnostic.end and c.diagnostic.start < max(e.end, e.start + 1) for c in spans)


def fixable_outside_copies(diags: list[Diagnostic]) -> set[int]:
    """ids of the diagnostics whose fix still has an edit once edits inside copies are dropped."""
    spans = copies(diags)
    return {id(d) for d in diags if d.fix is not None and any(not _in_copy(e, d, spans) for e in d.fix.edits)}


def without_edits_in_copies(diags: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with every fix edit that falls inside a reported copy dropped (a fix left empty goes).

    A copy is to be deleted, not renumbered or corrected: fixing it hides the paste
    (its headings would continue the outline as if it were new text). The copy
    finding's own fix (deleting it) is kept.
    """
    spans = copies(diags)
    if not spans:
        return diags
    out = []
    for d in diags:
        if d.fix is None or not d.fix.edits:
            out.append(d)
            continue
        kept = tuple(e for e in d.fix.edits if not _in_copy(e, d, spans))
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
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diags:
        by_path.setdefault(d.path, []).append(d)
    folded_ids: set[int] = set()
    for c in found:
        mine = by_path.get(c.diagnostic.path, [])
        originals = set()
        if c.original is not None:
            a, b = c.original
            originals = {_key(d) for d in mine if a <= d.line <= b and d.rule not in COPY_RULES}
        for d in mine:
            if id(d) in folded_ids or d.rule in COPY_RULES or d.category == "error" or not c.holds(d):
                continue
            if _key(d) in originals or c.diagnostic.rule in defers.get(d.rule, ()):
                c.folded.append(d)
                folded_ids.add(id(d))
    return [d for d in diags if id(d) not in folded_ids], found
