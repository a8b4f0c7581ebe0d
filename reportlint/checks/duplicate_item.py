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

from reportlint.checks.duplicate_runs import list_groups, units, units_in_copies
from reportlint.diagnostics import Edit, Finding, Fix, RelatedSpan
from reportlint.document import Document

FIELDS = frozenset({"line", "other_line", "where", "text"})
MESSAGE = "{where} repeats line {other_line}"


@dataclass(frozen=True)
class Params:
    min_chars: int = 4  # items that say less than this (letters/digits; a Han character counts 3) are ignored
    in_a_row: bool = True  # also report any line (paragraph, table row) repeated right after itself


def validate(params: Params) -> list[tuple[str, str]]:
    return [("min_chars", "must be at least 1")] if params.min_chars < 1 else []


def run(doc: Document, params: Params) -> Iterator[Finding]:
    us = units(doc)
    reported = units_in_copies(doc)
    lists = list_groups(doc, us)
    seen: dict[tuple[int, str], int] = {}
    blocks = doc.blocks
    prev = -1
    for j, u in enumerate(us):
        b = blocks[u.block]
        group = lists[j][0]
        earlier, where = -1, ""
        # A procedure (ordered list) may repeat a step further down ("Select Apps" again);
        # a bullet list should not hold the same item twice.
        if group != -1 and not b.list_ordered:
            first = seen.setdefault((group, u.key), j)
            if first != j:
                earlier, where = first, "List item"
        if earlier < 0 and params.in_a_row and prev >= 0 and us[prev].key == u.key and u.block == us[prev].block + 1:
            earlier, where = prev, "Line" if group == -1 else "List item"
        if not u.heading:
            prev = j
        if earlier < 0 or u.heading or u.size < params.min_chars or j in reported:
            continue
        o = blocks[us[earlier].block]
        adjacent = earlier == j - 1
        if where == "List item" and adjacent:
            where = "List item (twice in a row)"
        fix = None
        if adjacent:
            # Remove this block and the line break(s) before it.
            fix = Fix((Edit(o.end, b.end, ""),), safe=False, description="delete the repeated item")
        yield Finding(
            b.start, b.end, {"line": b.line, "other_line": o.line, "where": where},
            related=(RelatedSpan(o.start, o.end, "the first occurrence"),), fix=fix,
        )
