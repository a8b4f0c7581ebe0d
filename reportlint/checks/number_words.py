"""A proportion said in words that the figure given with it contradicts ("Over half of respondents
(48%)", "almost a third (36%)", 近三成（45%）, 全部开工、开工率96.5%).

Drafters round a share into words and give the figure beside it; when the figure is updated
and the words are not, the sentence says two things. The words are bound to the figure by the
sentence's structure only: the figure is the percentage in brackets that follows the words in
the same clause (no other number, comma or clause mark between them, at most a few words), or,
for 全部/均已 + a verb, the rate of that same verb (开工 … 开工率) in the same sentence. A figure
of another base (`(23% of all respondents)`, `（占全部的23%）`) is not bound: the brackets must
hold the percentage alone.

What each phrase allows, in percent of F (the fraction the words name):
- more than / over / 超过 / …以上: above F (the figure's written precision counted);
- less than / under / 不到 / …以下: below F;
- nearly / almost / 近 / 接近: up to F (5% of F above it for rounding), and above 0.6 F;
- about / 约 / …左右, and F alone: 0.8 F to 1.2 F;
- a majority / 过半 / 多数 / 大部分: above 50; a minority / 少数: below 50;
- nearly all / the vast majority / 绝大多数 / 几乎所有: 70 or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.numbers import analyse, fmt_value, within
from reportlint.diagnostics import Finding
from reportlint.document import Block, Document
from reportlint.text import rx
from reportlint.text.cjk import HAN_RE
from reportlint.text.quantities import Quantity

FIELDS = frozenset({"words", "share", "expected"})
MESSAGE = "'{words}' does not fit the figure given with it, {share} (the words say {expected})"

_EN_NUMS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_EN_FRACTIONS = {
    "half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "two thirds": 200 / 3, "a quarter": 25.0,
    "one quarter": 25.0, "one fourth": 25.0, "a fourth": 25.0, "three quarters": 75.0, "a fifth": 20.0,
    "one fifth": 20.0, "two fifths": 40.0, "a tenth": 10.0, "one tenth": 10.0,
}
_EN_MODS = {
    "more than": "over", "over": "over", "above": "over", "upwards of": "over", "in excess of": "over",
    "just over": "over", "well over": "over", "less than": "under", "under": "under", "fewer than": "under",
    "below": "under", "well under": "under", "just under": "nearly", "nearly": "nearly", "almost": "nearly",
    "close to": "nearly", "approaching": "nearly", "about": "about", "around": "about", "roughly": "about",
    "approximately": "about", "some": "about",
}
_EN_GROUPS = {"a majority": "majority", "the majority": "majority", "a minority": "minority",
              "nearly all": "vast", "almost all": "vast", "virtually all": "vast", "the vast majority": "vast",
              "the overwhelming majority": "vast", "an overwhelming majority": "vast", "a vast majority": "vast"}


def _alternation(words) -> str:
    return "|".join(w.replace(" ", r"[\s-]+") for w in sorted(words, key=len, reverse=True))


_EN_RE = rx.compile(
    r"(?<![\w-])(?:(?P<group>" + _alternation(_EN_GROUPS) + r")"
    r"|(?:(?P<mod>" + _alternation(_EN_MODS) + r")\s+)?"
    r"(?:(?P<frac>" + _alternation(_EN_FRACTIONS) + r")"
    r"|(?P<n>one|two|three|four|five|six|seven|eight|nine)\s+(?:in|out\s+of)\s+(?P<d>two|three|four|five|ten)))"
    r"(?![\w-])",
    re.I,
)
# `the first half of 2024`, `a half-day`: a time or a measure, not a share of a group
_EN_NOT_SHARE_BEFORE = rx.compile(r"(?i)(?:first|second|latter|former|back|front|top|bottom|other)\s+$")

_ZH_FRACTIONS = {"一半": 50.0, "半数": 50.0, "三分之一": 100 / 3, "三分之二": 200 / 3, "四分之一": 25.0, "四分之三": 75.0,
                 "五分之一": 20.0, "五分之二": 40.0, "五分之三": 60.0, "五分之四": 80.0, "十分之一": 10.0}
_ZH_TENTHS = "一二三四五六七八九"
_ZH_MODS = {"超过": "over", "逾": "over", "多于": "over", "高于": "over", "不到": "under", "不足": "under",
            "少于": "under", "低于": "under", "近": "nearly", "接近": "nearly", "将近": "nearly", "几乎": "nearly",
            "约": "about", "大约": "about", "大概": "about"}
_ZH_GROUPS = {"过半数": "majority", "过半": "majority", "大多数": "majority", "大部分": "majority", "多数": "majority",
              "少数": "minority", "绝大多数": "vast", "绝大部分": "vast", "几乎所有": "vast", "几乎全部": "vast"}
_ZH_RE = rx.compile(
    r"(?P<group>" + "|".join(sorted(_ZH_GROUPS, key=len, reverse=True)) + r")"
    r"|(?P<mod>" + "|".join(sorted(_ZH_MODS, key=len, reverse=True)) + r")?"
    r"(?:(?P<frac>" + "|".join(sorted(_ZH_FRACTIONS, key=len, reverse=True)) + r")|(?P<tenth>[" + _ZH_TENTHS + r"])成(?!不变|员|为|立|功|熟|本|果|绩|交|型|就|长|都))"
    r"(?P<suf>以上|以下|左右)?"
)
_ZH_SUFFIX = {"以上": "over", "以下": "under", "左右": "about"}
# 全部开工、开工率96.5%: "all" of a verb, then the rate of the same verb below 100%
_ZH_ALL_RE = rx.compile(r"(?:全部|均已|全都)(?P<verb>[\u4e00-\u9fff]{2})")
_GAP_STOP = rx.compile(r"[\d.,;:!?，。；：！？、]")
_MAX_GAP = 60
_CLAUSE_END = rx.compile(r"[.;!?。；！？](?:\s|$)|[。；！？]")
_ANOTHER_SHARE = rx.compile(r"[(（]\s*[约~≈]?\s*\d[\d.,]*\s*[%％]")


class Claim(NamedTuple):
    start: int
    end: int
    relation: str  # over, under, nearly, about, majority, minority, vast
    fraction: float  # percent of the whole the words name (50 for half); 50 for majority/minority


@dataclass(frozen=True)
class Params:
    """Params of the `number-words` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()


def validate(params: Params) -> list[tuple[str, str]]:
    return []


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    for bn in analyse(doc, params.exclude):
        if bn.block.kind == "heading":
            continue
        shares = [q for q in bn.quantities if q.kind == "percent" and not q.is_range]
        if not shares:
            continue
        content = bn.block.content
        base = bn.block.content_start
        bracketed = "(" in content or "（" in content  # a share in words is bound only to a bracketed figure
        for claim in _claims(content, base) if bracketed else ():
            q = _bracketed_share(text, claim.end, shares)
            if q is not None and not _fits(claim, q):
                yield Finding(claim.start, q.end, {"words": text[claim.start : claim.end], "share": fmt_value(q),
                                                   "expected": _expected(claim)})
        if "率" in content:
            yield from _all_but_rate(doc, bn.block, shares)


def _claims(content: str, base: int) -> Iterator[Claim]:
    """Every proportion said in words in a block's content, with what it allows."""
    if HAN_RE.search(content):
        for m in _ZH_RE.finditer(content):
            group = m.group("group")
            if group:
                yield Claim(base + m.start(), base + m.end(), _ZH_GROUPS[group], 50.0)
                continue
            fraction = _ZH_FRACTIONS[m.group("frac")] if m.group("frac") else 10.0 * (_ZH_TENTHS.index(m.group("tenth")) + 1)
            relation = _ZH_SUFFIX.get(m.group("suf") or "") or _ZH_MODS.get(m.group("mod") or "") or "about"
            yield Claim(base + m.start(), base + m.end(), relation, fraction)
    for m in _EN_RE.finditer(content):
        if _EN_NOT_SHARE_BEFORE.search(content, max(0, m.start() - 12), m.start()):
            continue
        group = m.group("group")
        if group:
            yield Claim(base + m.start(), base + m.end(), _EN_GROUPS[_norm(group)], 50.0)
            continue
        if m.group("frac"):
            fraction = _EN_FRACTIONS[_norm(m.group("frac"))]
        else:
            fraction = 100.0 * _EN_NUMS[m.group("n").lower()] / _EN_NUMS[m.group("d").lower()]
        yield Claim(base + m.start(), base + m.end(), _EN_MODS.get(_norm(m.group("mod") or ""), "about"), fraction)


def _norm(words: str) -> str:
    return re.sub(r"[\s-]+", " ", words.lower())


def _bracketed_share(text: str, after: int, shares: list[Quantity]) -> Quantity | None:
    """The first percentage after `after` when it is alone in brackets and nothing but words lies between."""
    q = next((s for s in shares if s.start >= after), None)
    if q is None or q.start - after > _MAX_GAP:
        return None
    gap = text[after : q.start]
    before = gap.rstrip()
    if not before.endswith(("(", "（")) or _GAP_STOP.search(before[:-1]):
        return None
    close = text[q.end : q.end + 3].lstrip()
    if close[:1] not in (")", "）"):
        return None
    # `the vast majority … work on Linux (63%) and macOS (55%)`: the words are the options together,
    # each bracketed figure one option's share
    # (a bracketed figure that follows with a proportion word of its own is that word's: `…(48%), and a
    # quarter (24%)`)
    rest = text[q.end : q.end + _MAX_GAP]
    stop = _CLAUSE_END.search(rest)
    other = _ANOTHER_SHARE.search(rest[: stop.start() if stop else len(rest)])
    if other is None:
        return q
    between = rest[: other.start()]
    return q if _ZH_RE.search(between) or _EN_RE.search(between) else None


def _fits(claim: Claim, q: Quantity) -> bool:
    f = claim.fraction
    if claim.relation in ("over", "majority"):
        return q.hi > f
    if claim.relation in ("under", "minority"):
        return q.lo < f
    if claim.relation == "nearly":
        return q.lo <= f * 1.05 and q.hi >= f * 0.6
    if claim.relation == "vast":
        return q.hi >= 70.0
    return q.hi >= f * 0.8 and q.lo <= f * 1.2


def _expected(claim: Claim) -> str:
    f = f"{claim.fraction:.0f}%"
    return {"over": f"> {f}", "majority": "> 50%", "under": f"< {f}", "minority": "< 50%", "vast": "≥ 70%",
            "nearly": f"≤ {f}"}.get(claim.relation, f"≈ {f}")


def _all_but_rate(doc: Document, block: Block, shares: list[Quantity]) -> Iterator[Finding]:
    """全部/均已 + a verb, and that verb's rate below 100% in the same sentence."""
    text = doc.text
    for s0, s1 in doc.sentences(block):
        sentence = text[s0:s1]
        for m in _ZH_ALL_RE.finditer(sentence):
            verb = m.group("verb")
            rate = sentence.find(verb + "率", m.end())
            if rate == -1:
                continue
            pos = s0 + rate + len(verb) + 1
            q = next((s for s in within(shares, pos, s1) if s.start - pos <= 4), None)
            if q is not None and q.hi < 100.0 and not _GAP_STOP.search(text[pos : q.start]):
                yield Finding(s0 + m.start(), q.end, {"words": m.group(0), "share": fmt_value(q), "expected": "100%"})
