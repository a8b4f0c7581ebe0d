"""Numbering of Markdown ordered lists: 1. 2. 2. 4. is a numbering defect.

A list is a list, not a heading, but its numbers are read like a heading
sequence. Lists written all `1.` (Markdown renumbers them) are accepted. A list
interrupted by a paragraph, a comment or a code block becomes a new list in
Markdown; when that new list starts at a number other than 1 it continues the
previous ordered list at the same depth in the same section, and the numbers are
checked across the interruption (1. … 3. … 2. … 4. is a swap). A list that
starts at 1 again after an interruption is a new list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.outline import classify_values, descending
from reportlint.diagnostics import Edit, Finding, Fix, RelatedSpan, phrase
from reportlint.text import rx
from reportlint.document import Block, Document

FAULTS = ("skipped", "repeated", "out-of-order", "restart")
FIELDS = frozenset({"found", "expected", "previous", "fault"})  # the previous item is the related location
CLAUSES = frozenset({"previous_item"})  # the related places' labels, worded in the rule's YAML


@dataclass(frozen=True)
class Params:
    """Params of the `list-numbering` kind: what a rule's YAML `params` may set (validated by the loader)."""
    faults: tuple[str, ...] = FAULTS
    fix: bool = True  # offer the (unsafe) renumbering fix


def validate(params: Params) -> list[tuple[str, str]]:
    return [("faults", f"unknown fault {f!r}; allowed: {', '.join(FAULTS)}") for f in params.faults if f not in FAULTS]


def sequences(doc: Document) -> list[list[Block]]:
    """Ordered-list items grouped into numbered sequences, interruptions joined (memoised)."""
    return doc.view(_sequences)


def _sequences(doc: Document) -> list[list[Block]]:
    lists: dict[int, list[Block]] = {}
    order: list[int] = []
    events: list[tuple[int, str, int]] = []  # (block index, "heading" | "list", list id)
    for i, b in enumerate(doc.blocks):
        if b.kind == "heading" and not b.in_quote:
            events.append((i, "heading", 0))
        elif b.kind == "list_item" and b.list_ordered and b.list_id is not None and b.list_number is not None:
            if b.list_id not in lists:
                lists[b.list_id] = []
                order.append(b.list_id)
                events.append((i, "list", b.list_id))
            lists[b.list_id].append(b)
        elif b.kind == "list_item" and not b.list_ordered:
            pass
    seqs: list[list[Block]] = []
    last_at_depth: dict[int, int] = {}  # depth → index into seqs of the latest ordered list there
    for _, what, lid in events:
        if what == "heading":
            last_at_depth.clear()
            continue
        items = lists[lid]
        depth = items[0].depth
        for d in [d for d in last_at_depth if d > depth]:
            del last_at_depth[d]  # a shallower list item starts a new parent for deeper lists
        prev = last_at_depth.get(depth)
        if items[0].list_number != 1 and prev is not None and not _lazy([b.list_number or 0 for b in items]):
            seqs[prev].extend(items)
        else:
            last_at_depth[depth] = len(seqs)
            seqs.append(list(items))
    return seqs


def run(doc: Document, params: Params) -> Iterator[Finding]:
    if doc.format != "md":
        return
    wanted = set(params.faults)
    for seq in sequences(doc):
        values = [b.list_number or 0 for b in seq]
        if len(values) < 2 or _lazy(values) or descending(values):
            continue  # all-`1.` (or `0.`) lists are renumbered by Markdown; a countdown counts down on purpose
        first = True
        for kind, pos, exp, rel in classify_values(values, first_check=False):
            if kind not in wanted:
                continue
            b = seq[pos]
            prev = seq[pos - 1]
            s, e, marker = _marker(b)
            ps, pe, pmarker = _marker(prev)
            expected = f"{exp}{marker[len(str(b.list_number)):]}"
            fx = _renumber(seq) if params.fix and first else None  # once per list: output stays linear
            first = False
            yield Finding(s, e, {"found": marker, "expected": expected, "previous": pmarker, "fault": kind},
                          related=(RelatedSpan(ps, pe, phrase("previous_item")),), fix=fx)


_NUMBER_MARKER_RE = rx.compile(r"\d{1,9}[.)]")


def _lazy(values: list[int]) -> bool:
    """Every item typed with one number, as Markdown allows (`1.` `1.` `1.`, `0.` `0.`): it renumbers them.

    Two items with the same number other than 0 or 1 (`3.` `3.` after `1.` `2.`) are a repeat, not this idiom."""
    return len(set(values)) == 1 and (values[0] in (0, 1) or len(values) >= 3)


def _marker(b: Block) -> tuple[int, int, str]:
    """Document offsets and text of an item's `3.` / `3)` marker (the last one before its content: `- 3. text`)."""
    text = b.text
    last = None
    for last in _NUMBER_MARKER_RE.finditer(text, 0, b.content_start - b.start):
        pass
    if last is not None:
        return b.start + last.start(), b.start + last.end(), last.group(0)
    i = 0
    while i < len(text) and text[i] in " \t>":
        i += 1
    j = i
    while j < len(text) and text[j].isdigit():
        j += 1
    if j < len(text) and text[j] in ".)":
        j += 1
    return b.start + i, b.start + j, text[i:j]


def _renumber(seq: list[Block]) -> Fix | None:
    """Renumber from the sequence's first number on; an interrupted list keeps counting."""
    edits = []
    base = seq[0].list_number or 1
    for pos, b in enumerate(seq):
        want = base + pos
        if b.list_number != want:
            s, _, marker = _marker(b)
            n = len(str(b.list_number))
            edits.append(Edit(s, s + n, str(want)))
    return Fix(tuple(edits), safe=False, description="renumber the list") if edits else None
