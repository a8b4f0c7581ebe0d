"""Shared analysis for the number checks: quantities per block, clauses, sections.

Every NU rule needs the same parse of the document's numbers; it is computed
once per document (through `Document.memo`) for a given not-a-quantity list.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple, Sequence

from reportlint.document import Block, Document
from reportlint.text.quantities import Quantity, scan
from reportlint.text import rx

# Blocks whose numbers are text: prose, table cells, headings (image alt/title text is inside them).
NUMBER_KINDS = frozenset({"paragraph", "list_item", "table_row", "heading"})

_CLAUSE_ZH = rx.compile(r"[，,；;。！？!?：:]")
_CLAUSE_EN = rx.compile(r"(?<=[.!?;:])\s+|;\s*")


_PERIOD_RE = rx.compile(r"(?:19|20)\d\d(?!\d)|十[一二三四五六七八九]五|[一二三四五六七八九十]+五(?=规划|时期)|\b(?:FY)?(?:19|20)\d\d\b")
_SCHEME_RANK = {"zh-chapter": 0, "zh-dun": 1, "roman-upper": 1, "zh-paren": 2, "decimal": 2, "arabic-dot": 3, "arabic-paren": 4}


class BlockNumbers(NamedTuple):
    block: Block
    section: int  # index of the section (heading-delimited) the block is in
    quantities: tuple[Quantity, ...]
    period: frozenset[str] = frozenset()  # years / plan periods named by the headings above it


def analyse(doc: Document, exclude: tuple[str, ...]) -> tuple[BlockNumbers, ...]:
    """Quantities of every text block, with its section index (memoised per exclude list)."""
    return doc.memo(f"nu.quantities:{hash(exclude)}", lambda: _analyse(doc, exclude))


def _analyse(doc: Document, exclude: tuple[str, ...]) -> tuple[BlockNumbers, ...]:
    out = []
    section = 0
    ancestors: dict[int, frozenset[str]] = {}
    period: frozenset[str] = frozenset()
    for b in doc.blocks:
        rank = _heading_rank(b)
        if rank is not None:
            section += 1
            ancestors = {r: v for r, v in ancestors.items() if r < rank}
            ancestors[rank] = frozenset(_PERIOD_RE.findall(b.content.split("\n", 1)[0][:80]))
            period = frozenset().union(*ancestors.values())
        if b.kind not in NUMBER_KINDS:
            continue
        qs = tuple(scan(b.content, b.content_start, exclude, doc.language))
        out.append(BlockNumbers(b, section, qs, period))
    return tuple(out)


def _heading_rank(b: Block) -> int | None:
    """The outline rank of a heading block (smaller = higher); None for a block that is not one."""
    if b.kind == "heading":
        if b.level is not None:
            return b.level
        return _SCHEME_RANK.get(b.enumerator.scheme, 5) if b.enumerator is not None else 5
    if b.kind == "paragraph" and b.runin and b.enumerator is not None and b.enumerator.scheme in ("zh-dun", "zh-chapter"):
        return _SCHEME_RANK[b.enumerator.scheme]
    return None


def different_periods(a: frozenset[str], b: frozenset[str]) -> bool:
    """Headings above two places name different years or plan periods (2025年工作回顾 / 2026年重点工作)."""
    return bool(a) and bool(b) and not (a & b)


def clauses(text: str, base: int, language: str) -> list[tuple[int, int]]:
    """(start, end) document offsets of the comma-delimited clauses of `text` (Chinese)."""
    spans = []
    pos = 0
    for m in _CLAUSE_ZH.finditer(text):
        # a comma between digits (1,234) does not end a clause
        if m.group(0) == "," and 0 < m.start() < len(text) - 1 and text[m.start() - 1].isdigit() and text[m.start() + 1].isdigit():
            continue
        if m.group(0) in ".:" and 0 < m.start() < len(text) - 1 and text[m.start() + 1].isdigit():
            continue
        if m.start() > pos:
            spans.append((base + pos, base + m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((base + pos, base + len(text)))
    return [(s, e) for s, e in spans if e > s]


# A clause longer than this is not a list or a metric phrase; walks stop here (linear on a 20 MB line).
MAX_CLAUSE = 200


def within(qs: Sequence[Quantity], start: int, end: int) -> list[Quantity]:
    """The quantities (sorted by start) that lie inside [start, end), found by bisection."""
    lo = bisect.bisect_left(qs, start, key=lambda q: q.start)
    hi = bisect.bisect_left(qs, end, key=lambda q: q.start)
    return [q for q in qs[lo:hi] if q.end <= end]


def fmt_value(q: Quantity) -> str:
    return q.text.strip()
