"""A proportion in words beside its figure that the figure does not fit ("Over half of respondents
used AWS (48%)", "almost a third of users (36%)"; 超过一半的企业（48%）; 项目全部开工、开工率96.5%).

A drafter updates the figure in the brackets and keeps the words around it, or the reverse. The
words are read as an interval of percent: the fraction (half, a third, a quarter, two thirds, one
in five, nine out of ten, a majority; 一半, 三分之一, 四分之一, 半数, 大多数) with its hedge (over,
nearly, about, less than; 超过, 近, 约, 不到), allowing the rounding a writer does with a fraction
(a third for 30-37%). The figure must be the share the words describe: in brackets right after
them, in the same clause, with no other number between (the words and "of the N respondents" may
run between). 全部/all with a rate of the same verb below 100% (全部开工、开工率96.5%) is the same
mismatch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.numbers import fmt_value, prose_shares
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text.quantities import Quantity
from reportlint.text import rx

FIELDS = frozenset({"words", "share", "expected", "expected_zh"})
CLAUSES = frozenset({"words_say"})  # the related place's label, worded in the rule's YAML
MESSAGE = "'{words}' does not fit the figure beside it, {share} ({expected})"

# ---------------------------------------------------------------- the words, as percent

_EN_FRACTIONS = {
    "half": 50.0, "a half": 50.0, "one half": 50.0, "½": 50.0,
    "a third": 100 / 3, "one third": 100 / 3, "one-third": 100 / 3, "⅓": 100 / 3,
    "two thirds": 200 / 3, "two-thirds": 200 / 3, "⅔": 200 / 3,
    "a quarter": 25.0, "one quarter": 25.0, "one-quarter": 25.0, "¼": 25.0,
    "three quarters": 75.0, "three-quarters": 75.0, "¾": 75.0,
    "a fifth": 20.0, "one fifth": 20.0, "one-fifth": 20.0,
}
_EN_NUM = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_EN_HEDGES = {  # hedge -> how the interval is drawn around the fraction
    "over": "above", "more than": "above", "just over": "above", "above": "above", "well over": "above",
    "nearly": "below", "almost": "below", "close to": "below", "just under": "below",
    "about": "about", "around": "about", "roughly": "about", "approximately": "about", "some": "about",
    "less than": "under", "under": "under", "fewer than": "under",
}
_EN_FRACTION_ALT = "|".join(sorted((re.escape(k) for k in _EN_FRACTIONS), key=lambda s: (-len(s), s)))
_EN_HEDGE_ALT = "|".join(sorted((re.escape(k) for k in _EN_HEDGES), key=lambda s: (-len(s), s)))
_EN_WORDS = rx.compile(
    rf"\b(?:(?P<hedge>{_EN_HEDGE_ALT})\s+(?:(?:reached|reaches|reaching|hit|approached|approaching|made up|make up|makes up)\s+)?)?"
    rf"(?:(?P<frac>{_EN_FRACTION_ALT})(?![\w-])"
    r"|(?P<n>one|two|three|four|five|six|seven|eight|nine)\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<m>two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|(?P<maj>(?:a|the)\s+(?:(?P<size>vast|large|slight|small)\s+)?(?:majority|minority))\b)",
    re.I,
)
# Between the words and the bracketed figure: "of (the) respondents used AWS", no number, no clause end
_EN_BETWEEN = rx.compile(r"[^\d.;:!?()\[\]]{0,80}?\(\s*(?:about\s+|around\s+|~)?$")
_EN_CLAUSE_BREAK = rx.compile(r",\s|\s(?:and|but|while|whereas)\s+(?:a|an|the|\d|about|over|nearly|almost)\b", re.I)

_ZH_FRACTIONS = {"一半": 50.0, "半数": 50.0, "三分之一": 100 / 3, "三分之二": 200 / 3, "四分之一": 25.0,
                 "四分之三": 75.0, "五分之一": 20.0, "十分之一": 10.0}
_ZH_HEDGES = {"超过": "above", "超": "above", "逾": "above", "过": "above", "多于": "above",
              "近": "below", "接近": "below", "将近": "below", "约": "about", "大约": "about",
              "不到": "under", "不足": "under", "少于": "under"}
_TENTHS = "一二三四五六七八九"
_ZH_FRACTION_ALT = "|".join(sorted(_ZH_FRACTIONS, key=lambda s: (-len(s), s)))
_ZH_HEDGE_ALT = "|".join(sorted(_ZH_HEDGES, key=lambda s: (-len(s), s)))
_ZH_WORDS = rx.compile(
    rf"(?:(?P<hedge>{_ZH_HEDGE_ALT}))?(?:(?P<frac>{_ZH_FRACTION_ALT})(?P<above>以上)?"
    # 三成 is three tenths (not 一成不变, 成员, 成为, 成本, 成果 …: 成 beginning a word)
    rf"|(?P<cheng>[{_TENTHS}])成(?!不变|员|为|立|功|熟|本|果|绩|交|型|就|长|都|效|品|家|人|年)(?P<cheng_above>以上)?"
    rf"|(?P<half>过半|逾半)|(?P<maj>绝大多数|大多数|大部分|绝大部分))"
)
_ZH_BETWEEN = rx.compile(r"[^\d，,。；;：:！？!?（）()]{0,16}?[（(]\s*(?:约)?$")
# 全部开工、开工率96.5%: all of them did V, and the V rate is below 100%
_ZH_ALL_RATE = rx.compile(r"全部(?P<v>[\u4e00-\u9fff]{2})[\s*_]*[、，,][\s*_]*(?P=v)率(?:达到|达|为)?[\s*_]*$")


def _interval(base: float, hedge: str) -> tuple[float, float]:
    """The percents a fraction with a hedge may stand for (written rounding allowed)."""
    tol = max(3.0, min(base, 100 - base) * 0.12)  # a third: 29-37%, half: 44-56%
    if hedge == "above":
        return base - 0.5, 100.0
    if hedge == "below":
        return base - 2.5 * tol, base + 0.5
    if hedge == "under":
        return 0.0, base + 0.5
    if hedge == "about":
        return base - 1.5 * tol, base + 1.5 * tol
    return base - tol, base + tol


def _majority(size: str, minority: bool) -> tuple[float, float]:
    if minority:
        return (0.0, 50.5) if size not in ("small",) else (0.0, 35.0)
    return {"vast": (65.0, 100.0), "large": (55.0, 100.0)}.get(size, (49.5, 100.0))


def _en_range(m: re.Match[str]) -> tuple[float, float] | None:
    hedge = _EN_HEDGES.get((m.group("hedge") or "").lower(), "")
    if m.group("frac"):
        return _interval(_EN_FRACTIONS[m.group("frac").lower()], hedge)
    if m.group("n"):
        n, d = _EN_NUM[m.group("n").lower()], _EN_NUM[m.group("m").lower()]
        return _interval(100 * n / d, hedge) if 0 < n < d else None
    if hedge:
        return None  # "over a majority": not a phrase a reader takes as a figure
    return _majority((m.group("size") or "").lower(), m.group("maj").lower().endswith("minority"))


def _zh_range(m: re.Match[str]) -> tuple[float, float]:
    hedge = _ZH_HEDGES.get(m.group("hedge") or "", "")
    if m.group("half"):
        return 49.5, 100.0
    if m.group("maj"):
        return (65.0, 100.0) if m.group("maj").startswith("绝") else (49.5, 100.0)
    if m.group("cheng"):
        return _interval(10.0 * (_TENTHS.index(m.group("cheng")) + 1), "above" if m.group("cheng_above") else hedge)
    return _interval(_ZH_FRACTIONS[m.group("frac")], "above" if m.group("above") else hedge)


@dataclass(frozen=True)
class Params:
    """Params of the `number-proportion` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()


def _expected(lo: float, hi: float) -> tuple[str, str]:
    """The interval in words, English and Chinese (under 34%, over 50%, 29–37%)."""
    if lo <= 0:
        return f"under {hi:.0f}%", f"低于{hi:.0f}%"
    if hi >= 100:
        return f"over {lo:.0f}%", f"高于{lo:.0f}%"
    return f"{lo:.0f}–{hi:.0f}%", f"{lo:.0f}%–{hi:.0f}%"


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    for bn, shares in prose_shares(doc, params.exclude):
        for q in shares:
            yield from _check(doc, text, bn.block.content_start, q)


# After the figure's bracket, another bracketed figure of a coordinated item
_ITEM_BREAKDOWN = rx.compile(r"\s*[)）]\s*(?:,\s*|，|、|\s(?:and|or)\s+|和|与|及)[^.;:()（）。；\d]{0,40}[(（]\s*(?:about\s+|~|约)?\d", re.I)
_HAN = rx.compile(r"[\u4e00-\u9fff]")
_BRACKETED = rx.compile(r"[（(]\s*(?:about\s+|around\s+|~|约)?$")


def _check(doc: Document, text: str, floor: int, q: Quantity) -> Iterator[Finding]:
    a = max(floor, q.start - 120)
    window = text[a : q.start]
    if _BRACKETED.search(window, max(0, len(window) - 12)) is None:
        # not in brackets: only 全部V、V率P% can apply (a cheap test first: most shares are neither)
        all_rate = _ZH_ALL_RATE.search(window) if "率" in window[-8:] and "全部" in window else None
        if all_rate is not None and q.hi < 99.95:
            yield _finding(q, a + all_rate.start(), a + all_rate.end("v"), text, ("100%", "100%"))
        return
    if _ITEM_BREAKDOWN.match(text, q.end):
        return  # "on Linux (63%) and macOS (55%)": the brackets split the words' group by item
    if _HAN.search(window):
        matches = [m for m in _ZH_WORDS.finditer(window) if _ZH_BETWEEN.fullmatch(window, m.end())]
        rng = _zh_range(matches[-1]) if matches else None
    else:
        matches = [m for m in _EN_WORDS.finditer(window)
                   if _EN_BETWEEN.fullmatch(window, m.end()) and not _EN_CLAUSE_BREAK.search(window, m.end())]
        rng = _en_range(matches[-1]) if matches else None
    if rng is not None and (q.hi <= rng[0] or q.lo >= rng[1]):
        yield _finding(q, a + matches[-1].start(), a + matches[-1].end(), text, _expected(*rng))


def _finding(q: Quantity, w0: int, w1: int, text: str, expected: tuple[str, str]) -> Finding:
    fields = {"words": text[w0:w1], "share": fmt_value(q), "expected": expected[0], "expected_zh": expected[1]}
    return Finding(q.start, q.end, fields,
                   related=(RelatedSpan(w0, w1, phrase("words_say", expected=expected[0], expected_zh=expected[1])),))
