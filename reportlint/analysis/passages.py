"""Parallel passages: two sections that share text in more than one place.

A paste is one act: a block (or a run of blocks) put a second time somewhere.
Deliberate repetition follows the document's structure instead: a procedure
restated for another party repeats its first step, its closing note and its
approval step; a checklist restates each requirement of the directive it
summarises. Those sections are linked by several separate repetitions, each at
its own distance from the one before (the text between them differs), where
an edited paste keeps one distance throughout.

`links(doc)` finds the repetitions between blocks (exact copies of a block and
similar pairs, `analysis.near`), collapses each run of consecutive ones into one
link, and files the links by the pair of sections (nearest heading) they join.
`parallel_passage(doc, a, b)` asks whether units `a` and `b` sit in two
different sections that another link, at another distance, also joins. Linear:
one pass over the units plus the similar pairs.
"""

from __future__ import annotations

from typing import NamedTuple

from reportlint.analysis.duplicates import headings_before, names_only_its_source, units
from reportlint.analysis.near import NearSettings, similar
from reportlint.document import Document

# A block this short (letters and digits; a Han character counts 3) says too little
# to link two sections ("Yes.", "注：").
_MIN_LINK_CHARS = 20
# A block found more often than this is the document's formula (a table header, "This section
# is informative.") and links no two sections in particular.
_MAX_OCCURRENCES = 3


# How far (in blocks) the other repetition of a parallel passage may lie from this one.
_NEARBY = 40


class Link(NamedTuple):
    """A run of consecutive repeated units: earlier unit `a` .. `a + length - 1` ↔ later `b` ..."""
    a: int
    b: int
    length: int


class Links(NamedTuple):
    by_sections: dict[tuple[int, int], list[Link]]  # (heading of a, heading of b) → links
    headings: list[int]  # per unit: its nearest heading (unit index, -1 if none)


def links(doc: Document) -> Links:
    """The repetitions between blocks of `doc`, filed by the pair of sections they join (a view)."""
    return doc.view(_links)


def _links(doc: Document) -> Links:
    us = units(doc)
    headings = headings_before(us)
    pairs: set[tuple[int, int]] = set()
    positions: dict[str, list[int]] = {}
    for j, u in enumerate(us):
        if not u.heading and u.size >= _MIN_LINK_CHARS:
            positions.setdefault(u.key, []).append(j)
    for ps in positions.values():
        if 2 <= len(ps) <= _MAX_OCCURRENCES:
            pairs.update((x, y) for k, x in enumerate(ps) for y in ps[k + 1:])
    pairs.update((a, b) for a, b, _ in similar(doc, NearSettings()).verified)
    by_sections: dict[tuple[int, int], list[Link]] = {}
    for a, b in sorted(pairs):
        if (a - 1, b - 1) in pairs:
            continue  # inside a run already counted from its start
        n = 1
        while (a + n, b + n) in pairs:
            n += 1
        by_sections.setdefault((headings[a], headings[b]), []).append(Link(a, b, n))
    return Links(by_sections, headings)


def parallel_passage(doc: Document, a: int, b: int, length: int = 1) -> bool:
    """Units `a` (earlier) and `b` sit in two different sections joined by another repetition too.

    The other link must be at another distance (b - a): a paste edited in the
    middle leaves two links at one distance, and stays a paste. It must also run
    in step with this one (after it in both sections, or before it in both) and lie
    within `_NEARBY` blocks of it.
    """
    found = links(doc)
    ha, hb = found.headings[a], found.headings[b]
    if ha < 0 or hb < 0 or ha == hb:
        return False
    for other in found.by_sections.get((ha, hb), ()):
        if other.b - other.a == b - a:
            continue
        da, db = other.a - a, other.b - b
        # A restated passage runs in step with its source: the other link lies on the same
        # side of this one in both sections, and nearby. Two pastes between the same two
        # sections cross or lie far apart.
        if da * db <= 0 or abs(da) > _NEARBY or abs(db) > _NEARBY:
            continue
        # ... unless the block speaks of the other section's subject: pasted from there
        us = units(doc)
        return not names_only_its_source(us[b].key, us[ha].key, us[hb].key)
    return False
