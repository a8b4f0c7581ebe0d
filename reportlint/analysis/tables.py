"""The table model: each Markdown table as a header and rows of cells, each cell's number read.

A table states its figures twice over: a growth column repeats what the value column gives, a
rank column orders a value column, a total row sums the rows above it, and the paragraph around
it cites its cells. The number checks compare those; this view gives them the cells with their
document offsets, the number each cell holds (with the interval its written precision covers),
the header's words and unit (`总体数量（万）`: the column's values are in 万), and the caption
(the short paragraph right above the table, `表 2.2 …`).
"""

from __future__ import annotations

from typing import NamedTuple

from reportlint.document import Block, Document
from reportlint.text.quantities import Quantity
from reportlint.text import rx

_NUM = rx.compile(r"^(?P<sign>[-−–+]?)\s*(?P<num>(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+)(?:\.\d+)?)\s*(?P<pct>%|％)?$")
_MARK = rx.compile(r"^[*_`\s]+|[*_`\s]+$")
_HEADER_UNIT = rx.compile(r"[（(](?:单位[:：])?\s*(?P<u>[^）)]{1,8})[）)]\s*$")
_MAGS = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "万亿": 1e12, "千万": 1e7, "thousand": 1e3, "thousands": 1e3,
         "million": 1e6, "millions": 1e6, "billion": 1e9, "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}


class Cell(NamedTuple):
    start: int
    end: int
    text: str  # the cell's text without its markup
    value: Quantity | None  # the number the cell holds, if it holds only a number


class Row(NamedTuple):
    block: Block
    cells: tuple[Cell, ...]


class Table(NamedTuple):
    table_id: int
    header: Row
    rows: tuple[Row, ...]  # body rows, in order
    caption: str  # the short paragraph right above the table ('' when none)
    caption_block: Block | None
    units: tuple[str, ...]  # per column: the unit its header names in brackets ('' when none)

    def column(self, i: int) -> list[Cell | None]:
        return [r.cells[i] if i < len(r.cells) else None for r in self.rows]

    def scale(self, i: int) -> float:
        """The magnitude the header gives a column's values (总体数量（万） → 1e4)."""
        u = self.units[i] if i < len(self.units) else ""
        return _MAGS.get(u.strip().lower(), 1.0)


def tables(doc: Document) -> tuple[Table, ...]:
    """Every table of the document (one view per document)."""
    return doc.view(_tables)


def _cells(doc: Document, b: Block) -> tuple[Cell, ...]:
    """The cells of a row with their document offsets (a leading and a trailing | are borders)."""
    line = doc.text[b.start : b.end]
    bars = [i for i, ch in enumerate(line) if ch == "|" and (i == 0 or line[i - 1] != "\\")]
    edges = list(bars)
    if not line.lstrip().startswith("|"):
        edges.insert(0, -1)
    if not line.rstrip().endswith("|"):
        edges.append(len(line))
    out = []
    for x, y in zip(edges, edges[1:]):
        raw = line[x + 1 : y]
        clean = _MARK.sub("", raw)
        lead = len(raw) - len(raw.lstrip(" *_`"))
        s = b.start + x + 1 + lead
        out.append(Cell(s, s + len(clean), clean, _number(clean, s)))
    return tuple(out)


_DIGIT_GROUPING_RE = rx.compile(r"[,\u00a0\u202f ]")


def _number(s: str, start: int) -> Quantity | None:
    m = _NUM.match(s)
    if not m:
        return None
    num = _DIGIT_GROUPING_RE.sub("", m.group("num"))
    v = float(num)
    step = 10.0 ** -(len(num) - num.index(".") - 1) if "." in num else 1.0
    if m.group("sign") in ("-", "−", "–"):
        v = -v
    pct = bool(m.group("pct"))
    return Quantity(start, start + len(s), s, v, v - step / 2, v + step / 2, "%" if pct else "", "percent" if pct else "number")


def _tables(doc: Document) -> tuple[Table, ...]:
    rows: dict[int, list[Block]] = {}
    order: list[int] = []
    for b in doc.blocks:
        if b.kind == "table_row" and b.table_id is not None:
            if b.table_id not in rows:
                order.append(b.table_id)
            rows.setdefault(b.table_id, []).append(b)
    if not rows:
        return ()
    blocks = list(doc.blocks)
    pos = {id(b): i for i, b in enumerate(blocks)}
    out = []
    for tid in order:
        bl = rows[tid]
        header = Row(bl[0], _cells(doc, bl[0]))
        body = tuple(Row(b, _cells(doc, b)) for b in bl[1:])
        k = pos[id(bl[0])] - 1
        cap_block = blocks[k] if k >= 0 and blocks[k].kind in ("paragraph", "heading") and len(blocks[k].content) <= 80 else None
        units = tuple((m.group("u") if (m := _HEADER_UNIT.search(c.text)) else "") for c in header.cells)
        out.append(Table(tid, header, body, cap_block.content if cap_block else "", cap_block, units))
    return tuple(out)
