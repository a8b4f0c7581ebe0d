"""A comparison whose two figures say the opposite ("experienced developers agreed more (73%) than
newer ones (77%)"; 城镇（62%）高于农村（68%）).

A drafter corrects one bracketed figure and leaves the comparative word that the old figures
justified. The comparison is read from the sentence's structure: a comparative (more, higher,
greater, likelier, less, fewer, lower; 高于, 多于, 低于, 少于) with the subject's figure in brackets
next to it, then "than" (or the Chinese comparative itself) and the other side's figure, the first
bracketed share after it. "more" needs the first figure above the second, "less" below it, beyond
the precision both are written with. A figure with a hedge, "rather than"/"other than", and
sentences with a third bracketed share between the two are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.numbers import fmt_value, prose_shares, within
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text import rx

FIELDS = frozenset({"word", "value", "other_value"})
CLAUSES = frozenset({"compared_with"})  # the related place's label, worded in the rule's YAML
MESSAGE = "'{word}' compares {value} with {other_value}: the figures say the opposite"
# Each finding lies in one block and reads only that block and the text just around it: the language
# server re-checks only the blocks an edit reached (reportlint/lsp/incremental.py). Keep it so, or drop this.
BLOCK_LOCAL = True

_MORE = frozenset({"more", "higher", "greater", "larger", "likelier", "bigger", "高于", "多于", "大于", "超过"})
# comparative, at most four words, then the subject's figure in brackets: "agree more (73%)", "more likely (20%)"
_EN_CMP_BEFORE = rx.compile(r"\b(?P<w>more|less|fewer|higher|lower|greater|larger|smaller|likelier|bigger)\b(?:\s+[A-Za-z-]+){0,4}?\s*\(\s*$", re.I)
# the subject's figure, then a comparative and "than" with no number between: "(73%) were more likely than"
_EN_CMP_AFTER = rx.compile(r"^\s*\)(?P<mid>[^()\d.;:!?]{0,60}?)\b(?P<w>more|less|fewer|higher|lower|greater|larger|smaller|likelier|bigger)\b(?:\s+[A-Za-z-]+){0,3}?\s+than\b", re.I)
_EN_THAN = rx.compile(r"^\s*\)[^()\d.;:!?]{0,60}?(?<!rather )(?<!other )\bthan\b", re.I)
_EN_TO_OTHER = rx.compile(r"[^().;:!?]{0,90}?\(\s*$")  # from "than" to the other side's bracket: words only
_THAN_WORD = rx.compile(r"\bthan\b", re.I)  # a "than" before the comparative: the comparison came earlier
# "(76% vs. 71%)": the two sides' figures in one bracket, after "more … than …" with no number between
_VS = rx.compile(r"\s*(?:vs\.?|versus|v\.)\s*", re.I)
_VS_CLOSE = rx.compile(r"\s*\)")
_EN_CMP_THAN_BEFORE = rx.compile(r"\b(?P<w>more|less|fewer|higher|lower|greater|larger|smaller|likelier|bigger)\b(?:[^()\d.;:!?]|(?<=[A-Za-z])\d+){0,120}?(?<!rather )(?<!other )\bthan\b(?:[^()\d.;:!?]|(?<=[A-Za-z])\d+){0,80}?\s*$", re.I)  # a digit inside a word (x86) is no figure
_ZH_CMP = rx.compile(r"^\s*[）)][^，,。；;（(\d]{0,4}?(?P<w>高于|多于|大于|超过|低于|少于|小于)[^，,。；;（(\d]{1,20}?[（(]\s*$")


@dataclass(frozen=True)
class Params:
    """Params of the `number-comparison` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    for bn, shares in prose_shares(doc, params.exclude):
        if len(shares) < 2:
            continue  # a comparison sets two bracketed shares against each other
        if doc.language == "en":
            yield from _tops(doc, bn, shares)
        for s0, s1 in doc.sentences(bn.block):
            sq = within(shares, s0, s1)
            for a, b in zip(sq, sq[1:]):
                if a.hedge or b.hedge or text[a.start - 1 : a.start] not in "(（":
                    continue
                if text[b.start - 1 : b.start] in "(（":
                    word = _comparative(text, s0, a, b)
                elif _VS.fullmatch(text, a.end, b.start) and _VS_CLOSE.match(text, b.end):
                    # "more likely to say they develop for ARM64 than for x86 (76% vs. 71%)": both sides in one bracket
                    cmp = _EN_CMP_THAN_BEFORE.search(text, max(s0, a.start - 160), a.start - 1)
                    word = cmp.group("w") if cmp else None
                else:
                    continue
                if word is None:
                    continue
                more = word.lower() in _MORE
                if (a.hi <= b.lo) if more else (a.lo >= b.hi):
                    yield Finding(a.start, a.end, {"word": word, "value": fmt_value(a), "other_value": fmt_value(b)},
                                  related=(RelatedSpan(b.start, b.end, phrase("compared_with", other_value=fmt_value(b))),))


# "Western Europe getting the highest percentage (26.3% of respondents)": a superlative, up to three words, then the
# top group's share in brackets, followed by what it is a share of
_EN_TOP_BEFORE = rx.compile(r"\b(?P<w>(?:the\s+)?(?:highest|largest|biggest|greatest))(?:\s+[A-Za-z-]+){0,3}?\s*\(\s*$", re.I)
_EN_SHARE_OF = rx.compile(r"\s*of\s+(?:the\s+|all\s+)?(?P<noun>[A-Za-z]+)\b", re.I)
_EN_WHOLE_GROUP = rx.compile(r"\b(?:overall|in total|all (?:of )?(?:the )?respondents|everyone|altogether|combined)\b", re.I)


def _tops(doc: Document, bn, shares) -> Iterator[Finding]:
    """A share called the highest that another share of the same whole in its paragraph exceeds ("Western Europe
    getting the highest percentage (26.3% of respondents)" … "the United States with 27.6% of respondents")."""
    text = doc.text
    sentences = doc.sentences(bn.block)
    for a in shares:
        if a.hedge or text[a.start - 1 : a.start] not in "(（":
            continue
        s0 = _sentence_of(sentences, a.start, (bn.block.start, a.end))[0]
        top = _EN_TOP_BEFORE.search(text, max(s0, a.start - 60), a.start)
        of_a = _EN_SHARE_OF.match(text, a.end)
        if top is None or of_a is None:
            continue
        for b in shares:
            if b is a or b.hedge or b.lo < a.hi:
                continue
            of_b = _EN_SHARE_OF.match(text, b.end)
            if of_b is None or of_b.group("noun").lower() != of_a.group("noun").lower():
                continue  # 27.6% of respondents / 30% of sessions: shares of two wholes
            b0, b1 = _sentence_of(sentences, b.start, (b.start, b.end))
            if _EN_WHOLE_GROUP.search(text, b0, b1):
                continue  # "45% of respondents overall": the whole, not a group the top one is compared with
            yield Finding(a.start, a.end, {"word": top.group("w"), "value": fmt_value(a), "other_value": fmt_value(b)},
                          related=(RelatedSpan(b.start, b.end, phrase("compared_with", other_value=fmt_value(b))),))
            break


def _sentence_of(sentences, pos: int, default: tuple[int, int]) -> tuple[int, int]:
    """The (start, end) of the sentence that holds `pos`, or `default`."""
    return next(((x, y) for x, y in sentences if x <= pos < y), default)


def _comparative(text: str, s0: int, a, b) -> str | None:
    """The comparative that sets a's figure against b's, or None when the sentence does not."""
    between = text[a.end : b.start]
    zh = _ZH_CMP.match(between)
    if zh:
        return zh.group("w")
    after = _EN_CMP_AFTER.match(between)
    if after and not _THAN_WORD.search(after.group("mid")) and _EN_TO_OTHER.match(between, after.end()):
        return after.group("w")
    before = _EN_CMP_BEFORE.search(text, max(s0, a.start - 60), a.start)
    than = _EN_THAN.match(between)
    if before and than and _EN_TO_OTHER.match(between, than.end()):
        return before.group("w")
    return None
