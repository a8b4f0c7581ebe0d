"""Numbering faults in the outline: skipped, repeated, out-of-order and restarted numbers,
a decimal prefix that does not match its parent, a first child that is not 1, and a
sequence continued in another scheme.

One kind serves several rules: `faults` picks which faults a rule reports and
`sources` whether it reads headings (Markdown, numbered lines, run-in headings)
or in-paragraph sequences (一是……二是……, 第一，……第二，……). The outline is built once
per document (`analysis.outline`). A fault inside a block that the duplicate rule
this one defers to (`defers_to: [DU001]`) reports as a pasted copy is still
reported — it is what a reader sees — and names the copy as its cause. The fix renumbers the whole sibling group (and its
children's decimal prefixes); it is unsafe because the author may have meant a
different order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.context import NOTHING, Deferred
from reportlint.analysis.duplicates import CopySettings
from reportlint.analysis.outline import (
    Item,
    Outline,
    classify_values,
    duplicate_cause,
    inline_sequences,
    table_sequences,
    outline,
    renumber_fix,
)
from reportlint.diagnostics import Edit, Finding, Fix, RelatedSpan, line_range, phrase
from reportlint.document import Document
from reportlint.text.enumerators import inline_numeral

FAULTS = ("skipped", "repeated", "out-of-order", "restart", "first", "prefix", "mixed")
SOURCES = ("headings", "inline", "table")
# Messages live in each rule's YAML; the previous number is the first related location ({related_line}).
# `note` is what the engine words from the finding's `clauses` (CLAUSES, in the rule's YAML): the pasted copy
# the fault lies in, or the unnumbered heading that may have lost the number.
FIELDS = frozenset({"found", "expected", "previous", "note", "fault", "clauses", "copy_range", "original_range",
                    "lost_line"})
CLAUSES = frozenset({"original_of_copy", "previous_number", "heading_without_number", "swapped_number", "in_copy", "lost_number"})  # optional parts of the message, worded in the rule's YAML
DEFERS_TO_KINDS = frozenset({"duplicate-runs"})


@dataclass(frozen=True)
class Params:
    """Params of the `heading-numbering` kind: what a rule's YAML `params` may set (validated by the loader)."""
    faults: tuple[str, ...] = ("skipped",)
    sources: tuple[str, ...] = ("headings",)
    fix: bool = True  # offer the (unsafe) renumbering fix


def validate(params: Params) -> list[tuple[str, str]]:
    out = []
    for f in params.faults:
        if f not in FAULTS:
            out.append(("faults", f"unknown fault {f!r}; allowed: {', '.join(FAULTS)}"))
    for s in params.sources:
        if s not in SOURCES:
            out.append(("sources", f"unknown source {s!r}; allowed: {', '.join(SOURCES)}"))
    if not params.faults:
        out.append(("faults", "at least one fault is needed"))
    return out


def run(doc: Document, params: Params, deferred: Deferred = NOTHING) -> Iterator[Finding]:
    wanted = set(params.faults)
    if "headings" in params.sources:
        yield from _heading_findings(doc, outline(doc), wanted, params.fix, deferred.settings("duplicate-runs"))
    if "inline" in params.sources:
        yield from _inline_findings(doc, wanted, params.fix)
    if "table" in params.sources and doc.format == "md":
        yield from _table_findings(doc, wanted)


def _table_findings(doc: Document, wanted: set[str]) -> Iterator[Finding]:
    """Requirement or row numbers in a table's first column that skip or repeat (2.1.6 twice, 2.2.4 → 2.2.6)."""
    for seq in table_sequences(doc):
        for kind, pos, exp, rel in classify_values([r.value for r in seq], first_check=False, restarts=False):
            if kind not in wanted:
                continue
            it, prev = seq[pos], seq[pos - 1]
            yield Finding(it.start, it.end, {
                "found": doc.text[it.start:it.end], "expected": f"{it.prefix}{exp}",
                "previous": doc.text[prev.start:prev.end], "note": "", "fault": kind,
            }, related=(RelatedSpan(prev.start, prev.end, phrase("previous_number")),))


def _heading_findings(doc: Document, ol: Outline, wanted: set[str], fix: bool,
                      copy_settings: CopySettings | None) -> Iterator[Finding]:
    idx = doc.index
    fixed_groups: set[int] = set()
    for f in ol.faults:
        if f.kind not in wanted:
            continue
        it = ol.items[f.item]
        prev = ol.items[f.previous] if f.previous is not None else None
        cause, dup_related = duplicate_cause(doc, it.block, copy_settings)
        previous = prev.marker if prev else ""
        clauses: list[str] = []
        extra: dict[str, object] = {}
        if cause is not None:
            (ca, cb), (oa, ob) = cause
            clauses.append("in_copy")
            extra.update(copy_range=line_range(ca, cb), original_range=line_range(oa, ob))
        related: list[RelatedSpan] = []
        if prev is not None:
            related.append(RelatedSpan(prev.start, prev.end, phrase("previous_number")))
        lost = _unnumbered_between(ol, f.previous, f.item) if f.kind in ("skipped", "first") else None
        if lost is not None:
            clauses.append("lost_number")
            extra["lost_line"] = idx.line_of(lost.start)
            related.append(RelatedSpan(lost.start, lost.end, phrase("heading_without_number")))
        if f.related is not None:
            other = ol.items[f.related]
            related.append(RelatedSpan(other.start, other.end, phrase("swapped_number")))
        related.extend(dup_related)
        fx = None
        if fix and f.kind not in ("prefix", "mixed") and f.group not in fixed_groups:
            # The group's renumbering goes on its first finding only: a fix per finding would make
            # output quadratic (--fix lints again after applying it, so the others are mended too).
            fixed_groups.add(f.group)
            fx = renumber_fix(doc, ol, f.group)
        if fix and f.kind in ("prefix", "mixed"):
            fx = Fix((Edit(it.start, it.end, f.expected),), safe=False, description=f"write {f.expected}")
        if fix and lost is not None:
            # Give the lost heading its number back rather than renumbering the rest.
            sep = " " if doc.text[it.end : it.end + 1] in (" ", "\t") else ""
            fx = Fix((Edit(lost.start, lost.start, f.expected + sep),), safe=False,
                     description=f"number the heading {f.expected}")
        yield Finding(it.start, it.end, {
            "found": it.marker, "expected": f.expected, "previous": previous, "fault": f.kind,
            "clauses": tuple(clauses), **extra,
        }, related=tuple(related), fix=fx)


def _unnumbered_between(ol: Outline, prev: int | None, item: int) -> Item | None:
    """An unnumbered heading where the missing number would be: a Markdown heading at the
    item's level, or a heading-like plain-text line, between the previous number and this one."""
    it = ol.items[item]
    lo = prev + 1 if prev is not None else 0
    for k in range(item - 1, lo - 1, -1):
        other = ol.items[k]
        if other.enum is not None and other.family == it.family and other.depth <= it.depth:
            break
        if other.enum is None and (other.soft if it.md_level is None else other.md_level == it.md_level):
            return other
    return None


def _inline_findings(doc: Document, wanted: set[str], fix: bool) -> Iterator[Finding]:
    for seq in inline_sequences(doc):
        values = [it.value for it in seq]
        first = True
        for kind, pos, exp, rel in classify_values(values, first_check=False, restarts=False):
            if kind not in wanted:
                continue
            it = seq[pos]
            prev = seq[pos - 1] if pos else None
            a, b = it.num_start - it.start, it.num_end - it.start
            expected = it.marker[:a] + _numeral(it.style, exp) + it.marker[b:]
            related = (RelatedSpan(prev.start, prev.end, phrase("previous_number")),) if prev else ()
            fx = _inline_fix(seq) if fix and first else None  # once per sequence (see above)
            first = False
            yield Finding(it.start, it.end, {
                "found": it.marker, "expected": expected, "previous": prev.marker if prev else "",
                "note": "", "fault": kind,
            }, related=related, fix=fx)


def _numeral(style: str, value: int) -> str:
    try:
        return inline_numeral(style, value)
    except ValueError:
        return str(value)


def _inline_fix(seq) -> Fix | None:
    """Renumber an in-paragraph sequence 1, 2, 3… (restarting where the text restarts at 一)."""
    edits = []
    want = 0
    for pos, it in enumerate(seq):
        want = 1 if (pos == 0 or it.value == 1) else want + 1
        if pos == 0 and it.value != 1:
            want = it.value
        if it.value != want:
            try:
                edits.append(Edit(it.num_start, it.num_end, inline_numeral(it.style, want)))
            except ValueError:
                return None
    return Fix(tuple(edits), safe=False, description="renumber the sequence") if edits else None
