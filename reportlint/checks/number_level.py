"""A level that contradicts the figure stated with it in the same breath (地区生产总值突破4万亿元、达3.6万亿元;
累计净增经营主体515万户、总量达474万户; "passed 1,000 contributors, reaching 950").

Work reports and annual reports join a claim about a level to the level itself: a threshold passed
(突破/超过/逾/迈上 X、达 Y; "passed X, reaching Y") or an increase (净增/新增/增加 X、总量达 Y; "added X,
bringing the total to Y"). A drafter who updates one figure and not the other leaves a level below the
threshold it is said to pass, or an increase larger than the total it produced. Both figures must be of
one unit, the second clause must open with the verb that gives the level (达/达到/为/增至, with
总量/总数/累计 before it for an increase; "reaching", "to reach", "bringing the total to"), so that the
two figures are one subject's; a second clause that names another subject (人均达到7万元) is left alone.
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

FIELDS = frozenset({"claim", "level"})
CLAUSES = frozenset({"the_level"})  # the related place's label, worded in the rule's YAML
MESSAGE = "'{claim}' does not fit the level stated with it, {level}"

# A threshold passed: the quantity reader keeps the word as the value's hedge (突破4万亿元: at least 4万亿元)
_THRESHOLD_HEDGES = frozenset({"突破", "超过", "超", "逾", "over", "more than"})
_ZH_THRESHOLD_BEFORE = rx.compile(r"(?:迈上|跨上|跨越|跨过|站上|越过)[\s*_]*$")
_EN_THRESHOLD_BEFORE = rx.compile(r"\b(?:passed|surpassed|exceeded|topped|crossed)\s+(?:the\s+)?$", re.I)
# An increase: the verb, at most a short object (净增各类经营主体155万户), then the value
_ZH_INCREASE_BEFORE = rx.compile(r"(?:净增加?|新增|(?<!年均)增加|净增长)[^\d，,。；;：:、（）()%]{0,12}?[\s*_]*$")
_EN_INCREASE_BEFORE = rx.compile(r"\b(?:added|adding|gained|gaining|a net (?:gain|increase) of)\s+(?:a\s+net\s+|another\s+)?$", re.I)
# The second clause gives the level, with nothing before its verb but a separator (and 总量 for a total)
_ZH_LEVEL_JOIN = rx.compile(r"[\s*_]*[、，,][\s*_]*(?P<total>总量|总数|总计|累计|总规模|规模)?(?:达到了|达到|达|为|增至|增加到|增加至|升至|提高到|提高至)[\s*_]*")
# English: the counted noun and a few words may stand between ("1,000 contributors this year, reaching 950")
_EN_LEVEL_JOIN = rx.compile(r"[A-Za-z\s-]{0,40}?,\s+(?:(?P<total>bringing\s+(?:the|its|our)\s+total\s+to|for\s+a\s+total\s+of)|(?P<reach>reaching|to\s+reach))\s+", re.I)


@dataclass(frozen=True)
class Params:
    """Params of the `number-level` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()


def _relation(text: str, floor: int, a: Quantity, zh: bool) -> str:
    """'threshold' or 'increase' for what the first figure claims about the level after it, or ''."""
    before = text[max(floor, a.start - 20) : a.start]
    if a.hedge in _THRESHOLD_HEDGES or (_ZH_THRESHOLD_BEFORE if zh else _EN_THRESHOLD_BEFORE).search(before):
        return "threshold"
    if a.hedge:
        return ""
    if (_ZH_INCREASE_BEFORE if zh else _EN_INCREASE_BEFORE).search(before):
        return "increase"
    return ""


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    for bn in analyse(doc, params.exclude):
        qs = [q for q in bn.quantities if q.kind == "number" and not q.is_range]
        floor = bn.block.content_start
        for a, b in zip(qs, qs[1:]):
            if b.hedge or b.start - a.end > 48 or not (a.unit or a.noun):
                continue
            zh = bool(a.unit) and a.unit == a.noun and not a.unit.isascii()
            if zh and a.unit != b.unit or not zh and (a.unit != b.unit or b.noun not in ("", a.noun)):
                continue  # two units, or two things counted
            join = (_ZH_LEVEL_JOIN if zh else _EN_LEVEL_JOIN).fullmatch(text, a.end, b.start)
            if join is None:
                continue
            relation = _relation(text, floor, a, zh)
            if not relation or not zh and (relation == "increase") != bool(join.group("total")):
                continue  # "added 40 maintainers, reaching …" / "passed 1,000, bringing the total to": not the pair read here
            # 突破4万亿元 covers [4, 5) 万亿: a level below its lower end did not pass it; an increase
            # whose lowest reading is above the level's highest is more than the total it produced
            lo = a.lo if relation == "increase" else a.value
            if b.hi <= lo:
                yield Finding(
                    a.start, b.end, {"claim": text[a.start : a.end] if a.hedge else _claim(text, floor, a), "level": fmt_value(b)},
                    related=(RelatedSpan(b.start, b.end, phrase("the_level", level=fmt_value(b))),),
                )


_CLAIM_START = rx.compile(r"(?:迈上|跨上|跨越|跨过|站上|越过|净增加?|新增|增加|净增长|passed|surpassed|exceeded|topped|crossed|added|adding|gained|gaining)", re.I)


def _claim(text: str, floor: int, a: Quantity) -> str:
    """The claim as written: from its verb to the end of the first figure (净增各类经营主体515万户)."""
    a0 = max(floor, a.start - 20)
    starts = [m.start() for m in _CLAIM_START.finditer(text, a0, a.start)]
    return text[starts[-1] if starts else a.start : a.end]
