"""A change whose word says one way and whose figures go the other (出口额从120亿元下降到135亿元; "WebAssembly
rose from 3% in 2021 to 2% in 2023"; "each rising from 3% to 6% and 2%").

A drafter corrects one end of a from-to and leaves the verb the old figures justified. The direction is read
from the verb that governs the from-to: Chinese 从/由 A 提高/增长/下降…到/至 B and 由 A 增至/降至 B; English a
rise or fall word (rose, increased, grew, fell, dropped, declined …) in the clause right before "from A (in
2021) to B" (and "to B and C": each end). Both figures of one unit; ranks are left alone (升至第5位 is a smaller
number), as are figures without a unit or counted noun (versions, codes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.numbers import analyse, fmt_value
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text.quantities import Quantity
from reportlint.text import rx

FIELDS = frozenset({"word", "start", "end"})
CLAUSES = frozenset({"the_start"})  # the related place's label, worded in the rule's YAML
MESSAGE = "'{word}', but the figures go from {start} to {end}"

_ZH_UP = ("提高", "提升", "增长", "增加", "上升", "扩大", "攀升", "增至", "升至", "上涨")
_ZH_FROM = rx.compile(r"(?:从|由)[\s*_]*$")
_ZH_VERB = rx.compile(r"[\s*_]*(?P<w>提高|提升|增长|增加|上升|扩大|攀升|上涨|下降|降低|减少|缩小|回落|下滑|下跌)(?:了)?(?:到|至)[\s*_]*"
                      r"|[\s*_]*(?P<w2>增至|升至|降至|减至|跌至|缩至)[\s*_]*")
_EN_UP = frozenset({"rose", "risen", "rising", "rise", "rises", "increased", "increasing", "increase", "increases", "grew",
                    "grown", "growing", "grow", "grows", "climbed", "climbing", "jumped", "jumping", "up", "gained", "gaining"})
_EN_DIRECTION = rx.compile(
    r"\b(?P<w>rose|risen|rising|rises?|increased|increasing|increases?|grew|grown|growing|grows?|climbed|climbing|jumped"
    r"|jumping|went up|up|gained|gaining|fell|fallen|falling|falls?|dropped|dropping|drops?|declined|declining|declines?"
    r"|decreased|decreasing|decreases?|went down|down|shrank|shrunk|shrinking)\b[^.,;:!?()\d]{0,40}?\bfrom\s+$", re.I)
# between the two ends: an optional "in 2021" / "in H1" for the start, then "to" (or an arrow)
_EN_TO = rx.compile(r"(?:\s+in\s+(?:\d{4}|[A-Z][A-Za-z0-9 ]{0,12}?))?\s*(?:to|→|->)\s+", re.I)
_EN_AND = rx.compile(r"(?:\s+in\s+\d{4})?\s*(?:,\s*|\s+)(?:and\s+|or\s+)?")


@dataclass(frozen=True)
class Params:
    """Params of the `number-direction` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()


_PLACE_UNITS = frozenset({"位", "名"})  # 由369位上升到235位: a place in a ranking, better as it gets smaller


def _same_measure(a: Quantity, b: Quantity) -> bool:
    if a.kind != b.kind or a.kind == "rank" or a.unit != b.unit or a.unit in _PLACE_UNITS:
        return False
    if not (a.unit or a.noun or b.noun):
        return False  # 1.20 to 1.21: a version or a code, not a measure
    return not (a.noun and b.noun and a.noun != b.noun)


def _contradicts(up: bool, a: Quantity, b: Quantity) -> bool:
    """The end lies the other way from the start, beyond the precision both are written with."""
    return b.hi <= a.lo if up else b.lo >= a.hi


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    for bn in analyse(doc, params.exclude):
        qs = [q for q in bn.quantities if q.kind in ("number", "percent") and not q.is_range and not q.hedge]
        floor = bn.block.content_start
        for i, a in enumerate(qs[:-1]):
            b = qs[i + 1]
            if not _same_measure(a, b) or b.start - a.end > 24:
                continue
            zh = _ZH_VERB.fullmatch(text, a.end, b.start)
            if zh is not None:
                if not _ZH_FROM.search(text, max(floor, a.start - 4), a.start):
                    continue
                word = zh.group("w") or zh.group("w2")
                up = word in _ZH_UP
                ends = [b]
            else:
                if not _EN_TO.fullmatch(text, a.end, b.start):
                    continue
                d = _EN_DIRECTION.search(text, max(floor, a.start - 90), a.start)
                if d is None:
                    continue
                word = d.group("w")
                up = word.lower() in _EN_UP or word.lower() == "went up"
                ends = [b]
                for c in qs[i + 2 :]:  # "to 6% and 2% in 2023, respectively": each listed end
                    if not _same_measure(a, c) or not _EN_AND.fullmatch(text, ends[-1].end, c.start):
                        break
                    ends.append(c)
            for end in ends:
                if _contradicts(up, a, end):
                    yield Finding(end.start, end.end, {"word": word, "start": fmt_value(a), "end": fmt_value(end)},
                                  related=(RelatedSpan(a.start, a.end, phrase("the_start", start=fmt_value(a))),))
