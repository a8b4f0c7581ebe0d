"""A table whose figures contradict each other: a growth column that its value column does not
give, a value that breaks the order of its rank column, a total row that is not the sum of its rows.

Reads the table model (reportlint/analysis/tables.py). Each relation is checked only where the
table shows it holds: a growth column must fit most of its rows before one that does not is
reported (a column of some other change is left alone), a ranked column must be in order but for
one step, a total row must be labelled as one (合计, 总计, Total). One mistyped cell breaks two
growth rates (its own and the next year's): the cell is reported once, not the two rates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.tables import Cell, Table, tables
from reportlint.diagnostics import Finding, RelatedSpan
from reportlint.document import Document
from reportlint.text import rx

FIELDS = frozenset({"cell", "column", "problem", "expected", "problem_zh", "expected_zh"})
MESSAGE = "Table cell {cell} ({column}): {problem}; expected {expected}"

_GROWTH = rx.compile(r"同比|增长率|增速|增幅|增长|变化率|growth|change|yoy|y/y|increase", re.I)
_RANK = rx.compile(r"^(?:排名|排序|名次|位次|序号|rank(?:ing)?|#|no\.?)$", re.I)
_TOTAL = rx.compile(r"^(?:合计|总计|共计|总数|总和|全部|total|totals|sum|overall|all)$", re.I)


@dataclass(frozen=True)
class Params:
    """Params of the `number-table` kind: what a rule's YAML `params` may set (validated by the loader)."""
    min_rows: int = 3  # fewer rows show no pattern to hold the odd one against
    fit_share: float = 0.6  # share of a growth column's rows that must fit before a misfit is reported
    checks: tuple[str, ...] = ("growth", "rank", "total")


def validate(params: Params) -> list[tuple[str, str]]:
    out = []
    if params.min_rows < 2:
        out.append(("min_rows", "must be at least 2"))
    if not 0 < params.fit_share <= 1:
        out.append(("fit_share", "must be in (0, 1]"))
    bad = set(params.checks) - {"growth", "rank", "total"}
    if bad:
        out.append(("checks", f"unknown check(s) {sorted(bad)}: use growth, rank, total"))
    return out


def run(doc: Document, params: Params) -> Iterator[Finding]:
    for t in tables(doc):
        if len(t.rows) < params.min_rows:
            continue
        if "growth" in params.checks:
            yield from _growth(t, params)
        if "rank" in params.checks:
            yield from _rank(t)
        if "total" in params.checks:
            yield from _total(t)


def _header(t: Table, i: int) -> str:
    return t.header.cells[i].text if i < len(t.header.cells) else ""


def _numeric(cells: list[Cell | None]) -> bool:
    return all(c is not None and c.value is not None for c in cells)


# ---------------------------------------------------------------- growth column


def _growth(t: Table, params: Params) -> Iterator[Finding]:
    ncol = len(t.header.cells)
    for g in range(1, ncol):
        if not _GROWTH.search(_header(t, g)):
            continue
        gcells = t.column(g)
        if not all(c is None or c.value is None or c.value.kind == "percent" for c in gcells):
            continue
        v = next((i for i in range(g - 1, -1, -1) if _numeric(t.column(i))
                  and all(c.value.kind == "number" for c in t.column(i)) and not _periods(t.column(i))), None)
        if v is None or not _periods(t.column(0)):
            continue  # growth of what, over which periods: the table must say (a value column, years in order)
        vals = t.column(v)
        checked, bad = 0, []
        for i in range(1, len(vals)):
            gc = gcells[i]
            if gc is None or gc.value is None:
                continue
            a, b = vals[i - 1].value, vals[i].value
            if a.lo <= 0:
                continue
            checked += 1
            lo, hi = 100 * (b.lo - a.hi) / a.hi, 100 * (b.hi - a.lo) / a.lo
            if gc.value.hi < lo or gc.value.lo > hi:
                bad.append(i)
        pair = len(bad) == 2 and bad[1] == bad[0] + 1  # one mistyped value breaks two rates: one cause
        causes, rows = (1, checked - 1) if pair else (len(bad), checked)
        if checked < params.min_rows - 1 or rows - causes < params.fit_share * rows or len(bad) > 2:
            continue
        if pair:
            i = bad[0]  # the value of row i breaks its own growth and the next one's: the value is wrong
            c = vals[i]
            exp = vals[i - 1].value.value * (1 + gcells[i].value.value / 100)
            yield _finding(c, _header(t, v), ("does not give the growth rates beside it", "与旁列增长率不符"),
                           (f"about {exp:,.0f}", f"约{exp:,.0f}"), gcells[i], gcells[i + 1])
            continue
        for i in bad:
            gc = gcells[i]
            a, b = vals[i - 1].value.value, vals[i].value.value
            yield _finding(gc, _header(t, g), (f"{vals[i - 1].text} → {vals[i].text} is not this change", f"{vals[i - 1].text}→{vals[i].text}不是这一增幅"),
                           (f"{100 * (b - a) / a:+.2f}%",) * 2, vals[i])


_PERIODS_RE = rx.compile(r"(?:19|20)\d\d(?:年)?")


def _periods(cells: list[Cell | None]) -> bool:
    """Years in increasing order, one row each (2017, 2018, …)."""
    ys = []
    for c in cells:
        if c is None or not _PERIODS_RE.fullmatch(c.text):
            return False
        ys.append(int(c.text[:4]))
    return len(ys) >= 2 and all(b == a + 1 for a, b in zip(ys, ys[1:]))


# ---------------------------------------------------------------- rank column


def _rank(t: Table) -> Iterator[Finding]:
    ncol = len(t.header.cells)
    r = next((i for i in range(ncol) if _RANK.match(_header(t, i))), None)
    if r is None:
        return
    ranks = t.column(r)
    if not _numeric(ranks) or [c.value.value for c in ranks] != [float(k) for k in range(1, len(ranks) + 1)]:
        return  # ties, gaps or another order: not a plain ranking
    for col in range(ncol):
        cells = t.column(col)
        if col == r or not _numeric(cells) or _periods(cells):
            continue
        vals = [c.value.value for c in cells]
        if vals[0] < vals[-1]:
            continue  # a ranking puts the largest first (Top 10 tables); a rising column is another order
        steps = [i for i in range(len(vals) - 1) if vals[i + 1] > vals[i]]
        if len(steps) != 1:
            continue  # in order, or not ordered by this column at all
        i = steps[0]
        ok_without_next = i + 2 >= len(vals) or vals[i + 2] <= vals[i]
        odd, other = (cells[i + 1], cells[i]) if ok_without_next else (cells[i], cells[i + 1])
        above = odd is cells[i + 1]
        yield _finding(odd, _header(t, col), (f"breaks the order of the {_header(t, r)} column", f"与“{_header(t, r)}”列的次序不符"),
                       (f"{'at most' if above else 'at least'} {other.text}", f"{'不高于' if above else '不低于'}{other.text}"), other)


# ---------------------------------------------------------------- total row


def _total(t: Table) -> Iterator[Finding]:
    start = 0
    for k, row in enumerate(t.rows):
        if not row.cells or not _TOTAL.match(row.cells[0].text):
            continue
        body = t.rows[start:k]
        start = k + 1
        if len(body) < 2:
            continue
        for col in range(1, len(row.cells)):
            tc = row.cells[col]
            cells = [b.cells[col] if col < len(b.cells) else None for b in body]
            if tc.value is None or not _numeric(cells) or any(c.value.kind != tc.value.kind for c in cells):
                continue
            if tc.value.kind == "percent" and _GROWTH.search(_header(t, col)):
                continue  # a growth rate of the total is not the sum of the rows' rates
            lo = sum(c.value.lo for c in cells)
            hi = sum(c.value.hi for c in cells)
            if tc.value.hi < lo or tc.value.lo > hi:
                total = f"{sum(c.value.value for c in cells):,.6g}"
                yield _finding(tc, _header(t, col), (f"the {len(cells)} rows above add up to {total}", f"上方{len(cells)}行合计为{total}"),
                               (total, total), *cells[:1])


def _finding(c: Cell, column: str, problem: tuple[str, str], expected: tuple[str, str], *related: Cell) -> Finding:
    """`problem` and `expected` each in English and Chinese: the rule's YAML words the message around them."""
    return Finding(c.start, c.end, {"cell": c.text, "column": column, "problem": problem[0], "expected": expected[0],
                                    "problem_zh": problem[1], "expected_zh": expected[1]},
                   related=tuple(RelatedSpan(x.start, x.end, x.text) for x in related if x is not None))
