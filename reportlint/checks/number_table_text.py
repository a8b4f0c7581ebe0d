"""A sentence that cites a table and gives another figure than the table (the table says 210.63万
for 中国, the paragraph above it 超220万; the table's views fall 25,581 → 16,028, the text says
"27% fewer survey views").

Reads the table model (reportlint/analysis/tables.py) and the prose of the table's section. A
sentence cites a table when it shares words with the table's caption or a column header and
names a row by its label. Two citations are compared:

- a level: a clause naming one row (中国, Germany — not a year) and a value after the name, against
  that row's cell in the column the clause's words point to (or the table's only value column),
  scaled by the unit its header gives (总体数量（万）);
- a change: a sentence naming two rows (2022 and 2023) and one change (增长7.37%, "27% fewer"),
  against the change between the two rows' cells in that column.

Values must be within a ratio of 1.5 of each other to be read as one figure (124 and 23 are two
things), and intervals from the written precision and hedges (超, about) must not meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.changes import change_reading
from reportlint.analysis.numbers import analyse, fmt_value
from reportlint.analysis.tables import Table, tables
from reportlint.diagnostics import Finding, RelatedSpan
from reportlint.document import Document
from reportlint.text.quantities import Quantity
from reportlint.text import rx

FIELDS = frozenset({"value", "cell", "label", "column", "related_line"})  # related_line: the engine fills it
MESSAGE = "{value} here, but the table gives {cell} for {label} ({column})"

_YEAR = rx.compile(r"^(?:19|20)\d\d(?:年)?$")
_CLAUSE = rx.compile(r"[，,；;。：:！？!?]\s*|\.\s+")
_BRACKET_UNIT = rx.compile(r"[（(][^）)]*[）)]")
_EN_WORD = rx.compile(r"[A-Za-z][A-Za-z-]{2,}")
_EN_STOP = frozenset("the and for with from that this are was were has have had our its their total number share rate "
                     "year years survey value values table".split())
_GENERIC_ZH = frozenset({"数值", "数量", "数据", "指标", "总计", "合计", "年份", "年度", "排名", "名称", "类别", "项目"})


@dataclass(frozen=True)
class Params:
    """Params of the `number-table-text` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()
    max_ratio: float = 1.5  # a cited figure is near the cell; farther apart, the sentence means something else
    max_blocks: int = 8  # prose this many blocks before or after the table, in its section
    max_rows: int = 200  # larger tables are not read against the text (bounded work per sentence)


def run(doc: Document, params: Params) -> Iterator[Finding]:
    ts = tables(doc)
    if not ts:
        return
    blocks = list(doc.blocks)
    pos = {id(b): i for i, b in enumerate(blocks)}
    qs_of = {id(bn.block): bn.quantities for bn in analyse(doc, params.exclude)}
    for t in ts:
        if not t.rows:
            continue  # a header and its rule line only: nothing a sentence could cite
        i0, i1 = pos[id(t.header.block)], pos[id(t.rows[-1].block)]
        if len(t.rows) > params.max_rows:
            continue  # a data dump, not a table a paragraph cites row by row
        label_col = _label_column(t)
        cols = _value_columns(t)
        if label_col is None or not cols:
            continue
        topic = _words(t.caption + " " + " ".join(_header(t, c) for c in range(len(t.header.cells))))
        for k in _nearby(blocks, i0, i1, params.max_blocks):
            b = blocks[k]
            qs = [q for q in qs_of.get(id(b), ()) if not q.is_range and q.kind in ("number", "percent", "pp")]
            if not qs:
                continue
            for s0, s1 in doc.sentences(b):
                sent = doc.text[s0:s1]
                if not topic & _words(sent):
                    continue
                sq = [q for q in qs if s0 <= q.start and q.end <= s1]
                yield from _levels(doc, t, label_col, cols, s0, sent, sq, params)
                yield from _changes(doc, t, label_col, cols, s0, sent, sq, params)


def _header(t: Table, i: int) -> str:
    return t.header.cells[i].text if i < len(t.header.cells) else ""


_WORDS_RE = rx.compile(r"[\u4e00-\u9fff]{2,}")


def _words(s: str) -> set[str]:
    """Comparable words: English content words (lower case, a final s dropped) and Chinese bigrams."""
    out = {w.lower().rstrip("s") for w in _EN_WORD.findall(s) if w.lower() not in _EN_STOP}
    for run in _WORDS_RE.findall(s):
        if run in _GENERIC_ZH:
            continue
        out |= {run[i : i + 2] for i in range(len(run) - 1)} - {"年份", "年度", "数量", "数值", "平台"}
    return out


def _nearby(blocks, i0: int, i1: int, n: int) -> list[int]:
    """Prose blocks up to n before and after the table, not past a heading."""
    out = []
    for step, start in ((-1, i0 - 1), (1, i1 + 1)):
        k, seen = start, 0
        while 0 <= k < len(blocks) and seen < n:
            b = blocks[k]
            if b.kind == "heading":
                break
            if b.kind in ("paragraph", "list_item"):
                out.append(k)
                seen += 1
            k += step
    return out


def _label_column(t: Table) -> int | None:
    """The column that names the rows: mostly text (or years), one label per row, all different."""
    for i in range(len(t.header.cells)):
        cells = t.column(i)
        texts = [c.text for c in cells if c is not None]
        if len(texts) != len(cells) or len(set(texts)) != len(texts):
            continue
        if all(c.value is None for c in cells) or all(_YEAR.match(x) for x in texts):
            return i
    return None


def _value_columns(t: Table) -> list[int]:
    out = []
    for i in range(len(t.header.cells)):
        cells = t.column(i)
        if all(c is not None and c.value is not None for c in cells) and not all(_YEAR.match(c.text) for c in cells):
            vals = [c.value.value for c in cells]
            if vals == [float(k) for k in range(1, len(vals) + 1)]:
                continue  # a rank column
            out.append(i)
    return out


def _pick_column(t: Table, cols: list[int], text: str, kind: str) -> int | None:
    """The column a sentence cites: its header's words are in the text; else the only one of its kind."""
    fit = [c for c in cols if (t.column(c)[0].value.kind == "percent") == (kind == "percent")]
    named = [c for c in fit if _words(_BRACKET_UNIT.sub("", _header(t, c))) & _words(text)]
    if len(named) == 1:
        return named[0]
    if not named and len(fit) == 1:
        return fit[0]
    return None


def _cell_q(t: Table, row: int, col: int) -> Quantity:
    q = t.rows[row].cells[col].value
    s = t.scale(col)
    return q._replace(value=q.value * s, lo=q.lo * s, hi=q.hi * s) if s != 1.0 else q


def _mentions(t: Table, label_col: int, text: str, years: bool) -> list[tuple[int, int]]:
    """(row, offset in text) of each row label the text names (years only when `years`)."""
    out = []
    for r, row in enumerate(t.rows):
        lab = row.cells[label_col].text
        is_year = bool(_YEAR.match(lab))
        if is_year != years or len(lab) < 2:
            continue
        lab = lab[:4] if is_year else lab
        pat = rf"(?<![\dA-Za-z]){re.escape(lab)}(?![\dA-Za-z])"
        m = re.search(pat, text)
        if m:
            out.append((r, m.start()))
    return out


def _levels(doc, t, label_col, cols, s0, sent, sq, params) -> Iterator[Finding]:
    cited = []
    for c0, c1 in _clauses(sent):
        clause = sent[c0:c1]
        named = _mentions(t, label_col, clause, years=False)
        if len(named) != 1:
            continue
        r, at = named[0]
        after = [q for q in sq if s0 + c0 + at <= q.start and q.end <= s0 + c1 and change_reading(doc.text, q) is None]
        if after:
            cited.append((r, after[0]))
    if not cited:
        # "Linux remains the most popular platform, used by 52% of respondents": a sentence naming one row
        # and giving one figure after the name, in a later clause
        named = _mentions(t, label_col, sent, years=False)
        levels = [q for q in sq if change_reading(doc.text, q) is None]
        if len(named) == 1 and len(levels) == 1 and levels[0].start >= s0 + named[0][1]:
            cited.append((named[0][0], levels[0]))
    for r, q in cited:
        col = _pick_column(t, cols, sent, q.kind)
        if col is None:
            continue
        cell = _cell_q(t, r, col)
        if not q.disjoint(cell) or max(q.value, cell.value) > params.max_ratio * max(min(q.value, cell.value), 1e-9):
            continue
        yield _finding(doc, q, t, r, col, label_col)


def _changes(doc, t, label_col, cols, s0, sent, sq, params) -> Iterator[Finding]:
    named = _mentions(t, label_col, sent, years=True) + _mentions(t, label_col, sent, years=False)
    rows = sorted({r for r, _ in named})
    if len(rows) != 2:
        return
    changes = [(q, rd) for q in sq if (rd := change_reading(doc.text, q)) in ("pct", "pp")]
    if len(changes) != 1:
        return
    q, reading = changes[0]
    col = _pick_column(t, cols, sent, "number")
    if col is None:
        return
    a, b = _cell_q(t, rows[0], col), _cell_q(t, rows[1], col)
    if a.lo <= 0 or reading != "pct":
        return
    lo, hi = 100 * (b.lo - a.hi) / a.hi, 100 * (b.hi - a.lo) / a.lo
    lo, hi = sorted((abs(lo), abs(hi))) if lo * hi > 0 else (0.0, max(abs(lo), abs(hi)))
    if q.hi > lo and q.lo < hi:
        return
    exp = 100 * (b.value - a.value) / a.value
    yield Finding(
        q.start, q.end,
        {"value": fmt_value(q), "cell": f"{exp:+.1f}%", "label": f"{t.rows[rows[0]].cells[label_col].text} → {t.rows[rows[1]].cells[label_col].text}",
         "column": _header(t, col)},
        related=(RelatedSpan(t.rows[rows[0]].cells[col].start, t.rows[rows[0]].cells[col].end, t.rows[rows[0]].cells[col].text),
                 RelatedSpan(t.rows[rows[1]].cells[col].start, t.rows[rows[1]].cells[col].end, t.rows[rows[1]].cells[col].text)),
    )


def _clauses(sent: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _CLAUSE.finditer(sent):
        if m.start() > 0 and sent[m.start() - 1].isdigit() and m.end() < len(sent) and sent[m.end() - 1].isdigit():
            continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(sent)))
    return [(a, b) for a, b in out if b > a]


def _finding(doc: Document, q: Quantity, t: Table, r: int, col: int, label_col: int) -> Finding:
    cell = t.rows[r].cells[col]
    return Finding(
        q.start, q.end,
        {"value": fmt_value(q), "cell": cell.text + (t.units[col] if col < len(t.units) and t.units[col] else ""),
         "label": t.rows[r].cells[label_col].text, "column": _header(t, col)},
        related=(RelatedSpan(cell.start, cell.end, cell.text),),
    )
