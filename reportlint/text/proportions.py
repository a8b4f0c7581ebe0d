"""Proportions written in words, read as intervals of percent ("nearly half", "a third", "one in
four", ¼; 近三分之一, 三成, 过半), with the rounding a writer does with a fraction (a third for 30–37%).

Shared by the rule that checks words against the figure beside them (NU015) and the metric model,
which takes "Three out of every four respondents …" as a value of its metric.
"""

from __future__ import annotations

import re

from reportlint.text import rx
from reportlint.text.quantities import Quantity

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
EN_WORDS = rx.compile(
    rf"\b(?:(?P<hedge>{_EN_HEDGE_ALT})\s+(?:(?:reached|reaches|reaching|hit|approached|approaching|made up|make up|makes up)\s+)?)?"
    rf"(?:(?P<frac>{_EN_FRACTION_ALT})(?![\w-])"
    r"|(?P<n>one|two|three|four|five|six|seven|eight|nine)\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<m>two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|(?P<maj>(?:a|the)\s+(?:(?P<size>vast|large|slight|small)\s+)?(?:majority|minority))\b)",
    re.I,
)
_ZH_FRACTIONS = {"一半": 50.0, "半数": 50.0, "三分之一": 100 / 3, "三分之二": 200 / 3, "四分之一": 25.0,
                 "四分之三": 75.0, "五分之一": 20.0, "十分之一": 10.0}
_ZH_HEDGES = {"超过": "above", "超": "above", "逾": "above", "过": "above", "多于": "above",
              "近": "below", "接近": "below", "将近": "below", "约": "about", "大约": "about",
              "不到": "under", "不足": "under", "少于": "under"}
_TENTHS = "一二三四五六七八九"
_ZH_FRACTION_ALT = "|".join(sorted(_ZH_FRACTIONS, key=lambda s: (-len(s), s)))
_ZH_HEDGE_ALT = "|".join(sorted(_ZH_HEDGES, key=lambda s: (-len(s), s)))
ZH_WORDS = rx.compile(
    rf"(?:(?P<hedge>{_ZH_HEDGE_ALT}))?(?:(?P<frac>{_ZH_FRACTION_ALT})(?P<above>以上)?"
    # 三成 is three tenths (not 一成不变, 成员, 成为, 成本, 成果 …: 成 beginning a word)
    rf"|(?P<cheng>[{_TENTHS}])成(?!不变|员|为|立|功|熟|本|果|绩|交|型|就|长|都|效|品|家|人|年)(?P<cheng_above>以上)?"
    rf"|(?P<half>过半|逾半)|(?P<maj>绝大多数|大多数|大部分|绝大部分))"
)


def interval(base: float, hedge: str) -> tuple[float, float]:
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


def en_range(m: re.Match[str]) -> tuple[float, float] | None:
    """The percents an English proportion (a match of EN_WORDS) stands for; None for "over a majority"."""
    hedge = _EN_HEDGES.get((m.group("hedge") or "").lower(), "")
    if m.group("frac"):
        return interval(_EN_FRACTIONS[m.group("frac").lower()], hedge)
    if m.group("n"):
        n, d = _EN_NUM[m.group("n").lower()], _EN_NUM[m.group("m").lower()]
        return interval(100 * n / d, hedge) if 0 < n < d else None
    if hedge:
        return None  # "over a majority": not a phrase a reader takes as a figure
    return _majority((m.group("size") or "").lower(), m.group("maj").lower().endswith("minority"))


def zh_range(m: re.Match[str]) -> tuple[float, float]:
    """The percents a Chinese proportion (a match of ZH_WORDS) stands for."""
    hedge = _ZH_HEDGES.get(m.group("hedge") or "", "")
    if m.group("half"):
        return 49.5, 100.0
    if m.group("maj"):
        return (65.0, 100.0) if m.group("maj").startswith("绝") else (49.5, 100.0)
    if m.group("cheng"):
        return interval(10.0 * (_TENTHS.index(m.group("cheng")) + 1), "above" if m.group("cheng_above") else hedge)
    return interval(_ZH_FRACTIONS[m.group("frac")], "above" if m.group("above") else hedge)


# A fraction that says how much of a group ("One quarter of respondents", "about ¼ of users", "Three out of
# every four respondents"): a cheap test first, most blocks have none
_EN_FRACTION_WORDS = ("half", "Half", "third", "quarter", "fifth", "¼", "⅓", "½", "⅔", "¾", " out of ")  # substring tests: fast
_EN_IN_N = rx.compile(r" in (?:every )?(?:two|three|four|five|six|seven|eight|nine|ten)\b")  # "one in ten" (a literal start: fast)
# the group is a plural noun ("of (all) respondents", "four developers"): "half of the time" is no share of a group
_EN_OF_GROUP = rx.compile(r"\s+of\s+(?:the\s+|all\s+|our\s+|these\s+|those\s+)?[A-Za-z][a-z-]*[a-rt-z]s\b")
_EN_GROUP_NOUN = rx.compile(r"\s+(?:of\s+(?:the\s+|all\s+|our\s+)?)?[A-Za-z][a-z-]*[a-rt-z]s\b")
# … unless the clause gives the figure as well ("about a quarter of respondents … (26%)"): that figure is the value
_EN_FIGURE_AFTER = rx.compile(r"[^.;:!?\n]{0,120}?\(\s*(?:about\s+|~)?\d")


def may_hold_fraction(content: str) -> bool:
    """A cheap test (substrings) that a block may hold a share written in words, in either language."""
    return ("成" in content or "分之" in content or "半" in content or any(w in content for w in _EN_FRACTION_WORDS)
            or _EN_IN_N.search(content) is not None)


def en_fraction_shares(text: str, start: int, end: int) -> list[Quantity]:
    """The group shares written as fractions in text[start:end], as percent quantities whose interval is
    the fraction's (written rounding and hedge included); majorities and minorities are not values."""
    segment = text[start:end]
    if not any(w in segment for w in _EN_FRACTION_WORDS) and not _EN_IN_N.search(segment):
        return []
    out = []
    for m in EN_WORDS.finditer(text, start, end):
        if m.group("maj") or m.group("frac") and not _EN_OF_GROUP.match(text, m.end()):
            continue
        if m.group("n") and not _EN_GROUP_NOUN.match(text, m.end()):
            continue
        if _EN_FIGURE_AFTER.match(text, m.end()):
            continue
        rng = en_range(m)
        if rng is None:
            continue
        lo, hi = rng
        out.append(Quantity(m.start(), m.end(), m.group(0), (lo + hi) / 2, lo, hi, "%", "percent",
                            (m.group("hedge") or "").lower() or "~"))
    return out


# Chinese shares in words: found at their marker (成, 分之, 半: str.find, fast), then read with numeral and hedge
_ZH_NUMERALS = "一二三四五六七八九十"


def _zh_fraction_starts(text: str, start: int, end: int) -> list[int]:
    """Where a fraction's numeral (or 一半/过半/半数) may start: before each 成, 分之 and 半 in text[start:end]."""
    out = []
    for marker in ("成", "分之", "半"):
        i = text.find(marker, start, end)
        while i >= 0:
            if marker == "半":
                if i > start and text[i - 1] in "一过逾":
                    out.append(i - 1)
                elif text.startswith("半数", i):
                    out.append(i)
            elif i > start and text[i - 1] in _ZH_NUMERALS:
                out.append(i - 1)
            i = text.find(marker, i + 1, end)
    return sorted(out)


def zh_fraction_shares(text: str, start: int, end: int) -> list[Quantity]:
    """Shares written as fractions in Chinese (近三成, 超过三分之一, 过半) in text[start:end], as percent
    quantities over the fraction's interval; 大多数 and other majorities are not values."""
    out: list[Quantity] = []
    for c0 in _zh_fraction_starts(text, start, end):
        m = None
        for k in (2, 1, 0):  # a hedge of up to two characters (超过, 接近, 近) before the fraction
            if c0 - k < start or out and c0 - k < out[-1].end:
                continue
            m = ZH_WORDS.match(text, c0 - k, end)
            if m is not None and m.end() > c0 + 1 and (k == 0 or m.group("hedge")):
                break
            m = None
        if m is None or m.group("maj"):
            continue
        lo, hi = zh_range(m)
        hedge = "以上" if m.group("above") or m.group("cheng_above") else m.group("hedge") or "约"  # 三成以上: a bound
        out.append(Quantity(m.start(), m.end(), m.group(0), (lo + hi) / 2, lo, hi, "%", "percent", hedge))
    return out
