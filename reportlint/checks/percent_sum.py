"""Shares of a breakdown that add up past 100% (or far below it when the breakdown is complete).

A breakdown is a run of at least `min_shares` exact percentages in one sentence,
in an image's alt text or in its title, each with its own label (34.0% less than
a week, 13.1% less than a month …), and no change words (增长, up from). Many
surveys let people choose several answers, so a sum past 100 is reported only
when the text shows the shares are exclusive: a catch-all answer (other, don't
know, 其他), range labels (less than / more than / 以下 / 以上), or a parallel
breakdown with the same labels that does add up to 100. A sum below 100 is
reported only with the first or last of these cues. Rounding: each share may be
off by half a unit of its last digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.checks._number_common import analyse, within
from reportlint.diagnostics import Finding, RelatedSpan
from reportlint.document import Document
from reportlint.text.quantities import Quantity
from reportlint.text import rx

FIELDS = frozenset({"total", "count", "shares"})
MESSAGE = "The {count} shares of this breakdown add up to {total}%"

_IMAGE_RE = rx.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<url>[^\s)]*)(?:\s+\"(?P<title>[^\"]*)\")?\)")


@dataclass(frozen=True)
class Params:
    """Params of the `percent-sum` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()
    min_shares: int = 3
    tolerance: float = 1.0  # percentage points allowed beyond the rounding of the shares
    below: float = 10.0  # a complete breakdown this far below 100 is reported
    change_words: tuple[str, ...] = ("增长", "下降", "提高", "提升", "上升", "降低", "增加", "减少", "同比", "比上年", "增速", "由", "从", "up from", "down from",
                                     "grew", "growth", "increase", "decrease", "rose", "fell", "drop", "compared")
    catch_all: tuple[str, ...] = ("other", "others", "don't know", "do not know", "not sure", "unsure", "no answer", "prefer not",
                                  "其他", "其它", "其余", "不清楚", "不确定", "不知道")
    range_words: tuple[str, ...] = ("less than", "more than", "fewer than", "over ", "under ", "between", "以下", "以上", "以内", "不足")


class _Breakdown(NamedTuple):
    start: int
    end: int
    shares: tuple[Quantity, ...]
    labels: tuple[str, ...]
    text: str

    @property
    def total(self) -> float:
        return sum(q.value for q in self.shares)

    @property
    def slack(self) -> float:
        return sum(q.hi - q.value for q in self.shares)


def validate(params: Params) -> list[tuple[str, str]]:
    return [("min_shares", "must be at least 2")] if params.min_shares < 2 else []


def _segments(doc: Document, block) -> list[tuple[int, int]]:
    """Sentences of the block, with each image's alt text and title as segments of their own."""
    text = doc.text
    segs: list[tuple[int, int]] = []
    images = list(_IMAGE_RE.finditer(text, block.content_start, block.end))
    for m in images:
        segs.append((m.start("alt"), m.end("alt")))
        if m.group("title") is not None:
            segs.append((m.start("title"), m.end("title")))
    for s0, s1 in doc.sentences(block):
        if any(m.start() < s1 and s0 < m.end() for m in images):
            continue
        segs.append((s0, s1))
    out = []
    for s0, s1 in segs:
        # "2016: a, b. 2017: c, d" — a year label opens a new breakdown
        pos = s0
        for m in re.finditer(r"(?:19|20)\d\d\s*[:：]", text[s0:s1]):
            if s0 + m.start() > pos:
                out.append((pos, s0 + m.start()))
            pos = s0 + m.start()
        out.append((pos, s1))
    return out


def breakdowns(doc: Document, params: Params) -> Iterator[list[_Breakdown]]:
    text = doc.text
    for bn in analyse(doc, params.exclude):
        pcts = [q for q in bn.quantities if q.kind == "percent"]
        if len(pcts) < params.min_shares:
            continue
        found = []
        for s0, s1 in _segments(doc, bn.block):
            shares = within(pcts, s0, s1)
            if len(shares) < params.min_shares or any(not q.exact for q in shares):
                continue
            seg = text[s0:s1]
            low = seg.lower()
            if any(w in low for w in params.change_words) or "分别" in seg or "respectively" in low:
                continue
            labels = _labels(text, s0, s1, shares)
            if labels is None:
                continue
            found.append(_Breakdown(s0, s1, tuple(shares), labels, seg))
        if found:
            yield found


def _labels(text: str, s0: int, s1: int, shares: list[Quantity]) -> tuple[str, ...] | None:
    """The label of each share: the words after it (34.0% less than a week) or before it (女性占25%)."""
    after = []
    for i, q in enumerate(shares):
        end = shares[i + 1].start if i + 1 < len(shares) else s1
        lab = re.sub(r"[\s,，、;；.。*_]+", " ", text[q.end : end]).strip().lower()
        after.append(lab)
    if all(re.search(r"[A-Za-z\u4e00-\u9fff]", lab) for lab in after):
        return tuple(after)
    before = []
    for i, q in enumerate(shares):
        start = shares[i - 1].end if i else s0
        lab = re.sub(r"[\s,，、;；.。*_]+", " ", text[start : q.start]).strip().lower()
        before.append(lab)
    if all(re.search(r"[A-Za-z\u4e00-\u9fff]", lab) for lab in before):
        return tuple(before)
    return None


def run(doc: Document, params: Params) -> Iterator[Finding]:
    for group in breakdowns(doc, params):
        for bd in group:
            total = bd.total
            tol = params.tolerance + bd.slack
            low = bd.text.lower()
            catch_all = any(w in low for w in params.catch_all)
            ranges = sum(1 for lab in bd.labels if any(w in lab + " " for w in params.range_words)) >= 2
            twin = _twin(bd, group, params)
            if total > 100 + tol and (catch_all or ranges or twin is not None):
                pass
            elif total < 100 - max(tol, params.below) and (catch_all or twin is not None or ranges):
                pass
            else:
                continue
            t = f"{total:.1f}".rstrip("0").rstrip(".")
            related = (RelatedSpan(twin.start, twin.end, "a breakdown with the same labels adds up to 100%"),) if twin else ()
            yield Finding(bd.shares[0].start, bd.shares[-1].end, {"total": t, "count": len(bd.shares),
                                                                   "shares": ", ".join(q.text for q in bd.shares)},
                          related=related)


def _twin(bd: _Breakdown, group: list[_Breakdown], params: Params) -> _Breakdown | None:
    """Another breakdown in the block over mostly the same labels that adds up to 100."""
    mine = set(bd.labels)
    for other in group:
        if other is bd or len(other.labels) != len(bd.labels):
            continue
        same = len(mine & set(other.labels))
        if same * 4 >= len(mine) * 3 and abs(other.total - 100) <= params.tolerance + other.slack:
            return other
    return None
