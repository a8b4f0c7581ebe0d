"""A range whose lower bound is above its upper bound (五十万元以上十万元以下; "at least 50 and at
most 10 days"): two bounds of one quantity written the wrong way round after an edit.

Read from the bound words each value carries (以上/不少于/不低于 with 以下/不超过/不高于; "at least"
with "at most"/"up to"), on two values of one unit next to each other, never from a plain 至/to
(从10亿元到8亿元 is a fall, not a range).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.numbers import analyse, fmt_value
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text import rx

FIELDS = frozenset({"low", "high"})
CLAUSES = frozenset({"upper_bound"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "The range's lower bound {low} is above its upper bound {high}"
# Each finding lies in one block and reads only that block and the text just around it: the language
# server re-checks only the blocks an edit reached (reportlint/lsp/incremental.py). Keep it so, or drop this.
BLOCK_LOCAL = True

_LOWER_HEDGE = ("以上", "至少", "at least")
_UPPER_HEDGE = ("以下", "以内", "不超过", "最多", "at most", "up to")
_LOWER_BEFORE = rx.compile(r"(?:不少于|不低于|不小于|至少|at least|no less than|no fewer than|a minimum of)\s*$", re.I)
_UPPER_BEFORE = rx.compile(r"(?:不超过|不高于|不大于|最多|at most|no more than|up to|a maximum of)\s*$", re.I)
_JOIN = rx.compile(r"[\u4e00-\u9fff]{0,3}?[\s*_]*(?:[、，,]?\s*(?:且|并且|但|and|but)?\s*)$", re.I)  # 40学时、不超过16学时


@dataclass(frozen=True)
class Params:
    """Params of the `number-range` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()


def _bound(text: str, q) -> str:
    """'lower', 'upper' or '' for the bound a value states."""
    if q.hedge in _LOWER_HEDGE:
        return "lower"
    if q.hedge in _UPPER_HEDGE:
        return "upper"
    before = text[max(0, q.start - 14) : q.start]
    if _LOWER_BEFORE.search(before):
        return "lower"
    if _UPPER_BEFORE.search(before):
        return "upper"
    return ""


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    for bn in analyse(doc, params.exclude):
        qs = [q for q in bn.quantities if q.kind in ("number", "percent") and not q.is_range]
        for a, b in zip(qs, qs[1:]):
            if a.unit != b.unit or a.kind != b.kind or a.noun and b.noun and a.noun != b.noun:
                continue
            if not _gap_ok(text, a, b):
                continue
            if _bound(text, a) == "lower" and _bound(text, b) == "upper" and a.value > b.value:
                yield Finding(
                    a.start, b.end, {"low": fmt_value(a), "high": fmt_value(b)},
                    related=(RelatedSpan(b.start, b.end, phrase("upper_bound", high=fmt_value(b))),),
                )


def _gap_ok(text: str, a, b) -> bool:
    """The text between two bounds holds nothing but a joining word and the second bound's word."""
    gap = text[a.end : b.start]
    if len(gap) > 16:
        return False
    m = _UPPER_BEFORE.search(gap)
    rest = gap[: m.start()] if m else gap
    return _JOIN.fullmatch(rest) is not None
