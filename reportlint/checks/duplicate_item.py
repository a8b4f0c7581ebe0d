"""Repeated items: the same list item twice in one list, or the same line twice in a row.

Short items are below DU001's threshold (a bullet of six characters says little
on its own), but the same bullet twice in one list is still a slip, and so is a
line repeated right after itself. Items are compared after normalisation; one
pass over the blocks with a set per list.

Not reported: items inside a copy DU001 reports (the whole copy is the finding),
exact copies DU001 already reports as a single block, and headings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.context import NOTHING, Deferred
from reportlint.analysis.duplicates import Unit, list_groups, units, units_in_copies
from reportlint.diagnostics import Edit, Finding, Fix, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text import rx

# related_line / line_range: the engine's (the first occurrence's line, this finding's lines).
FIELDS = frozenset({"line", "other_line", "repeats", "text", "related_line", "line_range"})
CLAUSES = frozenset({"first_occurrence"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "Repeats line {related_line} ({repeats}×)"
DEFERS_TO_KINDS = frozenset({"duplicate-runs"})


@dataclass(frozen=True)
class Params:
    """Params of the `duplicate-item` kind: what a rule's YAML `params` may set (validated by the loader)."""
    min_chars: int = 4  # items that say less than this (letters/digits; a Han character counts 3) are ignored
    in_a_row: bool = True  # also report any line (paragraph, table row) repeated right after itself
    # Items at least this long are also compared across the sub-lists of one list (the same entry
    # under "Alpha" and under "Beta"); shorter ones (names, "TBD") may rightly recur there. 0: off.
    min_chars_nested: int = 30


def validate(params: Params) -> list[tuple[str, str]]:
    problems = [("min_chars", "must be at least 1")] if params.min_chars < 1 else []
    if params.min_chars_nested < 0:
        problems.append(("min_chars_nested", "must be 0 (off) or more"))
    return problems


def run(doc: Document, params: Params, deferred: Deferred = NOTHING) -> Iterator[Finding]:
    us = units(doc)
    streak: list[tuple[int, int, str]] = []  # back-to-back repeats of one line: (unit, earlier, where)
    for j, earlier, where in _repeats(doc, us, params, deferred):
        if streak and earlier == j - 1 == streak[-1][0] and us[j].key == us[streak[-1][0]].key:
            streak.append((j, earlier, where))
            continue
        if streak:
            yield _finding(doc, us, streak)
        streak = [(j, earlier, where)]
    if streak:
        yield _finding(doc, us, streak)


def _repeats(doc: Document, us: list[Unit], params: Params, deferred: Deferred) -> Iterator[tuple[int, int, str]]:
    """(unit, earlier unit, what) for every repeated item or line, in order."""
    reported = units_in_copies(doc, deferred.settings("duplicate-runs"))
    lists = list_groups(doc, us)
    roots = _list_roots(doc, us)
    # A long item twice in one list tree is a paste; three or more times it is a note the
    # author repeats under each entry on purpose ("valid only in the top folder").
    in_tree: dict[tuple[int, str], int] = {}
    keys = [_item_key(doc.blocks[u.block].content, u.key) for u in us]
    for j, u in enumerate(us):
        if roots[j] is not None:
            in_tree[(roots[j], keys[j])] = in_tree.get((roots[j], keys[j]), 0) + 1
    # Two sub-lists that share two or more items are parallel (the steps of the initial and of
    # the final discussion): their common items are the template, not a paste.
    shared = _shared_items(us, lists, roots, keys, in_tree)
    seen: dict[tuple[int, str], int] = {}
    seen_in_tree: dict[tuple[int, str], int] = {}
    blocks = doc.blocks
    steps = _repeated_steps(doc, us, lists, keys)
    prev = -1
    for j, u in enumerate(us):
        b = blocks[u.block]
        group = lists[j][0]
        earlier, where = -1, ""
        # A procedure (ordered list) may repeat a step further down ("Select Apps" again);
        # a bullet list should not hold the same item twice, nor an ordered list a run of
        # its items again in the same order (items 3-4 pasted again as 10-11).
        if group != -1 and b.list_ordered and j in steps:
            earlier, where = steps[j], "List item"
        elif group != -1 and not b.list_ordered:
            first = seen.setdefault((group, keys[j]), j)
            if first != j:
                earlier, where = first, "List item"
            elif roots[j] is not None and 0 < params.min_chars_nested <= u.size and in_tree[(roots[j], keys[j])] == 2:
                first = seen_in_tree.setdefault((roots[j], keys[j]), j)
                if first != j and shared[(lists[first][0], group)] < 2 and not _same_slot(lists, first, j):
                    earlier, where = first, "List item (in another sub-list of the same list)"
        if earlier < 0 and params.in_a_row and prev >= 0 and keys[prev] == keys[j] and u.block == us[prev].block + 1 \
                and _same_words(blocks[us[prev].block].content, b.content):
            earlier, where = prev, "Line" if group == -1 else "List item"
        if not u.heading:
            prev = j
        if earlier < 0 or u.heading or u.size < params.min_chars or j in reported:
            continue
        yield j, earlier, where


_TARGET_RE = rx.compile(r"\]\(([^)\s]*)")
_QUOTES = "\"'"


def _item_key(content: str, key: str) -> str:
    """What makes two items the same: the words (quotation marks around the whole aside) and the link targets.

    `- "Gateway API"` repeats `- Gateway API`; two images with the same alt
    text but other files (`![image](a.png)`, `![image](b.png)`) are not one line twice.
    """
    stripped = key.strip(_QUOTES + " ")
    return stripped + "\x00" + " ".join(_TARGET_RE.findall(content)) if "](" in content else stripped


def _shared_items(us: list[Unit], lists: list[tuple[int, int, int]], roots: list[int | None], keys: list[str],
                  in_tree: dict[tuple[int, str], int]) -> dict[tuple[int, int], int]:
    """(earlier sub-list, later sub-list) → how many items they share (each item found twice in its list tree)."""
    from collections import Counter

    where: dict[tuple[int, str], list[int]] = {}
    for j in range(len(us)):
        if roots[j] is not None and lists[j][0] != -1 and in_tree[(roots[j], keys[j])] == 2:
            where.setdefault((roots[j], keys[j]), []).append(lists[j][0])
    return Counter((g[0], g[1]) for g in where.values() if len(g) == 2)


def _same_slot(lists: list[tuple[int, int, int]], a: int, b: int) -> bool:
    """Items `a` and `b` hold the same place in two sub-lists of one shape (as many items each).

    Minutes give each agenda item the same status note ("Owner has these; wait for the next
    meeting"): one template filled in per entry. A long entry pasted into another sub-list
    lands elsewhere in it, or makes it longer than the other.
    """
    (_, fa, na), (_, fb, nb) = lists[a], lists[b]
    return na == nb and a - fa == b - fb


def _same_words(a: str, b: str) -> bool:
    """Two lines say the same words with the same spacing: a line pasted twice, not two variants shown side by side.

    A style guide sets "在LeanCloud上" under "在 LeanCloud上" on purpose: lines that
    are equal only once spaces and widths are folded are examples, not a repeat.
    """
    return " ".join(a.split()) == " ".join(b.split())


def _repeated_steps(doc: Document, us: list[Unit], lists: list[tuple[int, int, int]], keys: list[str]) -> dict[int, int]:
    """Items of an ordered list that repeat, with their neighbour, two earlier consecutive items of it."""
    first: dict[tuple[int, str], int] = {}
    again: dict[int, int] = {}
    for j, u in enumerate(us):
        g = lists[j][0]
        if g == -1 or not doc.blocks[u.block].list_ordered:
            continue
        e = first.setdefault((g, keys[j]), j)
        if e != j:
            again[j] = e
    return {j: e for j, e in again.items() if again.get(j - 1) == e - 1 or again.get(j + 1) == e + 1}


def _list_roots(doc: Document, us: list[Unit]) -> list[int | None]:
    """Per unit: the top-level Markdown list its item belongs to (through any nesting), else None."""
    out: list[int | None] = []
    root: int | None = None
    for u in us:
        b = doc.blocks[u.block]
        if b.kind == "list_item" and b.list_id is not None:
            if b.depth <= 1:
                root = b.list_id
            out.append(root)
        else:
            if u.heading:
                root = None
            out.append(None)
    return out


def _finding(doc: Document, us: list[Unit], streak: list[tuple[int, int, str]]) -> Finding:
    """One finding for an item, or for a streak of back-to-back repeats of one line."""
    blocks = doc.blocks
    j, earlier, where = streak[0]
    b, o, last = blocks[us[j].block], blocks[us[earlier].block], blocks[us[streak[-1][0]].block]
    adjacent = earlier == j - 1
    fix = None
    if adjacent:
        # Remove the repeats and the line break(s) before them.
        fix = Fix((Edit(o.end, last.end, ""),), safe=False, description="delete the repeated item")
    return Finding(
        b.start, last.end, {"line": b.line, "other_line": o.line, "repeats": len(streak)},
        related=(RelatedSpan(o.start, o.end, phrase("first_occurrence")),), fix=fix,
    )
