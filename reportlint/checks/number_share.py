"""A share stated beside its part and its whole that they do not give (总装机9157万千瓦，新能源装机
4091万千瓦、占比47.4%; "1,130 of the 3,588 respondents (41%)").

The share is read from the sentence's structure: ``部分 + 、/，占比（达/为）P%`` after a whole of the
same unit stated earlier in the sentence and named as a total (总, 全部, 合计, 累计 in its clause),
or "N of (the) M … (P%)" / "N out of M, or P%". It must fit part ÷ whole within the precision the
three figures are written with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.numbers import analyse, fmt_value, within
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text.quantities import Quantity
from reportlint.text import rx

FIELDS = frozenset({"share", "part", "whole", "expected"})
CLAUSES = frozenset({"part_of_whole"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "The share {share} does not fit {part} of {whole} ({expected})"
# Each finding lies in one block and reads only that block and the text just around it: the language
# server re-checks only the blocks an edit reached (reportlint/lsp/incremental.py). Keep it so, or drop this.
BLOCK_LOCAL = True

_ZH_SHARE_BEFORE = rx.compile(r"^[\s*_]*[、，,]?[\s*_]*(?:其中)?(?:占比|占全部|占总量的?|占全省的?|占全市的?|占)(?:达到|达|为|提高到|提升至|升至)?[\s*_]*$")
_ZH_TOTAL = rx.compile(r"总|全部|合计|共计|累计|全省|全市|全区")
_EN_OF = rx.compile(r"^\s+(?:of|out of)\s+(?:the\s+|all\s+|our\s+)?$", re.I)
_EN_SHARE = rx.compile(r"^[^.;:!?\d]{0,60}?(?:\(|,\s*(?:or\s+)?|—\s*|–\s*)$")


@dataclass(frozen=True)
class Params:
    """Params of the `number-share` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    for bn in analyse(doc, params.exclude):
        if bn.block.kind == "heading":
            continue
        qs = [q for q in bn.quantities if q.kind in ("number", "percent") and not q.is_range]
        if len(qs) < 3:
            continue
        for s0, s1 in doc.sentences(bn.block):
            sq = within(qs, s0, s1)
            for i, p in enumerate(sq):
                if p.kind != "percent" or i < 2 or p.hedge:
                    continue
                part = sq[i - 1]
                if part.kind != "number":
                    continue
                whole = None
                if _ZH_SHARE_BEFORE.match(text[part.end : p.start]):
                    whole = next((q for q in reversed(sq[max(0, i - 12) : i - 1]) if q.kind == "number" and q.unit == part.unit and part.unit
                                  and _ZH_TOTAL.search(_clause_head(text, q.start, s0))), None)
                elif i >= 2 and sq[i - 2].kind == "number" and _EN_OF.match(text[sq[i - 2].end : part.start]) \
                        and _EN_SHARE.match(text[part.end : p.start]):
                    part, whole = sq[i - 2], part  # "1,130 of the 3,588 respondents (41%)"
                if whole is None or whole.lo <= 0 or part.hi > whole.hi * 1.0001 or whole.hedge and whole.hedge not in ("约", "about"):
                    continue
                lo, hi = 100 * part.lo / whole.hi, 100 * part.hi / whole.lo
                if part.hedge:
                    lo, hi = 100 * part.lo / whole.hi * 0.9, min(100.0, 100 * part.hi / whole.lo * 1.1)
                if p.hi <= lo or p.lo >= hi:
                    yield Finding(
                        p.start, p.end,
                        {"share": fmt_value(p), "part": fmt_value(part), "whole": fmt_value(whole),
                         "expected": f"{100 * part.value / whole.value:.1f}%"},
                        related=(RelatedSpan(whole.start, part.end, phrase("part_of_whole", part=fmt_value(part), whole=fmt_value(whole))),),
                    )


def _clause_head(text: str, pos: int, floor: int) -> str:
    """The words of the clause before a value (总装机达 / 全省新增发电装机)."""
    i = pos - 1
    while i >= floor and text[i] not in "，,；;。：:、" and pos - i < 40:
        i -= 1
    return text[i + 1 : pos]
