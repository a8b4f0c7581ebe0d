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
from reportlint.text.proportions import EN_WORDS, ZH_WORDS, en_range, zh_range
from reportlint.text.quantities import Quantity
from reportlint.text import rx

FIELDS = frozenset({"words", "share", "expected", "expected_zh"})
CLAUSES = frozenset({"words_say"})  # the related place's label, worded in the rule's YAML
MESSAGE = "'{words}' does not fit the figure beside it, {share} ({expected})"

# ---------------------------------------------------------------- the words, as percent

# Between the words and the bracketed figure: "of (the) respondents used AWS", no number, no clause end
_EN_BETWEEN = rx.compile(r"[^\d.;:!?()\[\]]{0,80}?\(\s*(?:about\s+|around\s+|~)?$")
_EN_CLAUSE_BREAK = rx.compile(r",\s|\s(?:and|but|while|whereas)\s+(?:a|an|the|\d|about|over|nearly|almost)\b", re.I)

_ZH_BETWEEN = rx.compile(r"[^\d，,。；;：:！？!?（）()]{0,16}?[（(]\s*(?:约)?$")
# 全部开工、开工率96.5%: all of them did V, and the V rate is below 100%
_ZH_ALL_RATE = rx.compile(r"全部(?P<v>[\u4e00-\u9fff]{2})[\s*_]*[、，,][\s*_]*(?P=v)率(?:达到|达|为)?[\s*_]*$")


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
# Inside the figure's bracket, another share (the words' group split in parts) or a threshold that defines
# the group ("60% or more", "20% of time or less"), not the group's share
_INNER_BREAKDOWN = rx.compile(r"[^()（）\d]{0,30}?[,，、;；]\s*(?:and\s+|或|和)?(?:about\s+|~|约)?\d+(?:\.\d+)?\s*[%％]", re.I)
_THRESHOLD = rx.compile(r"\s*(?:of\s+(?:the\s+)?(?:time|their\s+time)\b|or\s+(?:less|more|fewer|above|below|higher|lower)\b|and\s+(?:above|below|over|under)\b|以上|以下)", re.I)
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
    if _INNER_BREAKDOWN.match(text, q.end) or _THRESHOLD.match(text, q.end):
        return  # "(22% frequently, 39% occasionally)": the group broken down; "(20% of time or less)": what defines it
    if _HAN.search(window):
        matches = [m for m in ZH_WORDS.finditer(window) if _ZH_BETWEEN.fullmatch(window, m.end())]
        rng = zh_range(matches[-1]) if matches else None
    else:
        matches = [m for m in EN_WORDS.finditer(window)
                   if _EN_BETWEEN.fullmatch(window, m.end()) and not _EN_CLAUSE_BREAK.search(window, m.end())]
        rng = en_range(matches[-1]) if matches else None
    if rng is not None and (q.hi <= rng[0] or q.lo >= rng[1]):
        yield _finding(q, a + matches[-1].start(), a + matches[-1].end(), text, _expected(*rng))


def _finding(q: Quantity, w0: int, w1: int, text: str, expected: tuple[str, str]) -> Finding:
    fields = {"words": text[w0:w1], "share": fmt_value(q), "expected": expected[0], "expected_zh": expected[1]}
    return Finding(q.start, q.end, fields,
                   related=(RelatedSpan(w0, w1, phrase("words_say", expected=expected[0], expected_zh=expected[1])),))
