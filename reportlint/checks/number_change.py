"""A change stated beside its two levels that does not fit them (由120增至150、增长30%; "a 3pp
increase – 82% in 2023 and 77% in 2022"; 累计234万个、较上年增长137万个、增幅100%).

A drafter updates one figure of a trio (the new level, the old level, the change) and leaves the
others. The check reads the trio from the sentence's structure, never from lead-in words:

- two levels of one quantity linked as a before and an after: ``从/由 A … 到/至/为 B``,
  ``B，较/比（上年/2024年的）A``; "from A to B", "A in 2023 and B in 2022", "B … compared
  with / vs / up from (last year's) A";
- one change in the same sentence marked as a change (增长/提高/下降 C%, C个百分点, C倍;
  "a C pp increase", "up C%", "a C-point jump");
- or a level, the increment that led to it and the rate of that increment
  (``B、较上年增长 D、增幅 C%``; lists of each under 分别, paired in order).

The change must fit the levels within the precision they are written with (and their hedges):
percentage points are the difference of two shares, a percent change is the relative change (for
two shares either reading is accepted), 倍 is read both as the ratio and as the ratio less one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.changes import change_reading as _change_reading
from reportlint.analysis.numbers import analyse, fmt_value, within
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text.quantities import Quantity
from reportlint.text import rx

FIELDS = frozenset({"change", "before", "after", "expected", "expected_zh"})
CLAUSES = frozenset({"levels", "level_and_change"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "A change of {change} from {before} to {after}: the levels give {expected}"
# Each finding lies in one block and reads only that block and the text just around it: the language
# server re-checks only the blocks an edit reached (reportlint/lsp/incremental.py). Keep it so, or drop this.
BLOCK_LOCAL = True

_YEARISH = r"(?:(?:19|20)\d\d\s*年(?:底|末|初)?|上年|去年|上一年|同期|上年同期|[“”\"]?十[二三四五]五[“”\"]?(?:末|时期)?)"
_SKIP = r"[\s*_]*"
_LISTED_WITH_RE = rx.compile(_SKIP + r"[\u4e00-\u9fff]{0,2}?" + _SKIP + r"(?:和|、|及|与|,|，)" + _SKIP)  # a number listed with the one before (D1、D2)
# 从/由 A … 到/至/为 B (the verb, a year or 的 between them)
_ZH_FROM = rx.compile(r"(?:从|由)" + _SKIP + rf"(?:{_YEARISH}\s*的?)?" + _SKIP + "$")
_ZH_TO = rx.compile(_SKIP + r"(?:[\u4e00-\u9fff]{0,2}?)(?:提高|提升|增加|增长|上升|下降|降低|减少|缩小|扩大|跃升|增|升|降|减)?(?:了)?"
                    r"(?:到|至|为)" + _SKIP + rf"(?:{_YEARISH}\s*的?)?" + _SKIP)
# B，较/比 2024 年的 A
_ZH_THAN = rx.compile(_SKIP + r"[，,]?" + _SKIP + rf"(?:较|比|相比|相较)" + _SKIP + rf"(?:{_YEARISH})?\s*的?" + _SKIP)
_ZH_INCREMENT_BEFORE = rx.compile(r"(?:增长|增加|新增|减少|下降)(?:了)?(?:分别为|分别)?" + _SKIP + "$")
_ZH_RATE_BEFORE = rx.compile(r"(?:增幅|增速|增长率|涨幅|降幅|增长|提高)(?:了|为|达)?(?:分别为|分别)?" + _SKIP + "$")
_ZH_DOWN = rx.compile(r"下降|降低|减少|回落|降幅|缩小")

_EN_FROM = rx.compile(r"\bfrom" + _SKIP + "$", re.I)
_EN_TO = rx.compile(_SKIP + r"(?:to|→|->|–>)" + _SKIP + "$", re.I)
_EN_THAN = rx.compile(r"\b(?:compared (?:to|with)|vs\.?|versus|up from|down from|from)\s+(?:(?:last|the previous|the prior) (?:year|survey|edition)['’]s\s+)?" + _SKIP + "$", re.I)
_EN_YEAR_AFTER = rx.compile(r"^" + _SKIP + r"\s+in\s+((?:19|20)\d\d)\b")
_EN_AND = rx.compile(r"^" + _SKIP + r"\s+in\s+(?:19|20)\d\d" + _SKIP + r"(?:,\s*|\s+)(?:and|vs\.?|versus|compared (?:to|with))\s+" + _SKIP + "$", re.I)


@dataclass(frozen=True)
class Params:
    """Params of the `number-change` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()
    margin: float = 0.0  # relative slack beyond the written precision of the three figures (which already bounds unrounded levels)


def validate(params: Params) -> list[tuple[str, str]]:
    return [("margin", "must be in [0, 1)")] if not 0 <= params.margin < 1 else []


class _Change(NamedTuple):
    q: Quantity
    reading: str  # pp | pct | times


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    for bn in analyse(doc, params.exclude):
        if bn.block.kind == "heading":
            continue
        qs = [q for q in bn.quantities if q.kind in ("number", "percent", "pp") and not q.is_range]
        if len(qs) < 3:
            continue
        for s0, s1 in doc.sentences(bn.block):
            sq = within(qs, s0, s1)
            if len(sq) < 3:
                continue
            yield from _trios(text, sq, params)
            yield from _increments(text, sq, params)


# ---------------------------------------------------------------- before, after, change


def _pairs(text: str, sq: list[Quantity]) -> list[tuple[Quantity, Quantity, int]]:
    """(before, after, index of the quantity the pair ends at) for each linked pair of levels."""
    out = []
    for i in range(len(sq) - 1):
        a, b = sq[i], sq[i + 1]
        between = text[a.end : b.start]
        head = text[max(0, a.start - 20) : a.start]
        if (_ZH_FROM.search(head) and _ZH_TO.fullmatch(between)) or (_EN_FROM.search(head) and _EN_TO.search(between) and len(between) < 12):
            out.append((a, b, i + 1))  # 从A到B / from A to B
        elif _ZH_THAN.fullmatch(between):
            out.append((b, a, i + 1))  # B，较上年的A
        elif _EN_AND.match(between) and _EN_YEAR_AFTER.match(text[b.end : b.end + 20]):
            ya = int(_EN_YEAR_AFTER.match(between).group(1))
            yb = int(_EN_YEAR_AFTER.match(text[b.end : b.end + 20]).group(1))
            if ya != yb:
                out.append((a, b, i + 1) if ya < yb else (b, a, i + 1))  # A in 2023 and B in 2022
    for j, b in enumerate(sq):
        if j and _EN_THAN.search(text, max(0, b.start - 60), b.start) and not any(p[2] == j for p in out):
            prior = [q for q in sq[:j] if q.kind == b.kind and q.unit == b.unit and not _is_change(text, q)]
            if prior:
                out.append((b, prior[-1], j))  # A … compared with last year's B
    return out


def _is_change(text: str, q: Quantity) -> bool:
    return _change_reading(text, q) is not None




_AFTER_GAP = rx.compile(_SKIP + r"[、，,]?" + _SKIP + r"(?:an?\s+|同比|比上年|较上年)?[^，,；;。、]{0,16}$")


_ATTACHED_RE = rx.compile(r"[，,；;。]")


def _attached(text: str, sq: list[Quantity], c: Quantity, a: Quantity, b: Quantity) -> bool:
    """Whether the change is said of the pair: next to it (no other figure between them) and, outside
    it, in the same clause (before it) or right after it (…到1.6万亿元、增长33%; …, a 5-point jump)."""
    lo, hi = min(a.start, b.start), max(a.end, b.end)
    if lo < c.start < hi:
        return True
    if c.start > hi:
        if any(hi <= q.start < c.start for q in sq):
            return False
        gap = text[hi : c.start]
        return len(gap) <= 24 and "分别" not in gap and _AFTER_GAP.match(gap) is not None
    if any(c.end <= q.start < lo for q in sq):
        return False
    return not _ATTACHED_RE.search(text[c.end : lo])


def _aside(text: str, c: Quantity, a: Quantity, b: Quantity) -> bool:
    """A change in brackets that do not hold the levels (28% (an increase of 1pp), and 47%, up from
    42%) is said of what the brackets follow."""
    lo, hi = min(a.start, b.start), max(a.end, b.end)
    for op, cl in (("(", ")"), ("（", "）")):
        o = text.rfind(op, 0, c.start)
        if o >= 0 and text.find(cl, o, c.start) < 0 and not o < lo < hi <= text.find(cl, c.end) + 1:
            close = text.find(cl, c.end)
            if close >= 0 and not (o < lo and hi <= close):
                return True
    return False


def _interval(a: Quantity, b: Quantity, reading: str) -> list[tuple[float, float]]:
    """The changes from a to b the written levels allow, one interval per accepted reading."""
    out = []
    diff = (b.lo - a.hi, b.hi - a.lo)
    if reading == "pp" and a.kind == b.kind == "percent":
        out.append(diff)
    if reading == "pct":
        if a.lo > 0:
            out.append((100 * diff[0] / a.hi if diff[0] >= 0 else 100 * diff[0] / a.lo,
                        100 * diff[1] / a.lo if diff[1] >= 0 else 100 * diff[1] / a.hi))
        if a.kind == b.kind == "percent":
            out.append(diff)  # "up 3%" between two shares is often points
    if reading == "times" and a.lo > 0:
        r = (b.lo / a.hi, b.hi / a.lo)
        out += [r, (r[0] - 1, r[1] - 1)]
    return [(min(abs(x), abs(y)) if x * y > 0 else 0.0, max(abs(x), abs(y))) for x, y in out]


def _fits(c: Quantity, intervals: list[tuple[float, float]], margin: float) -> bool:
    """Whether the stated change meets an allowed interval, widened by `margin` (a rate computed
    from unrounded levels) — points are differences of the written shares: no margin."""
    return any(c.hi > lo * (1 - margin) and c.lo < hi * (1 + margin) for lo, hi in intervals)


def _trios(text: str, sq: list[Quantity], params: Params) -> Iterator[Finding]:
    pairs = [(a, b, j) for a, b, j in _pairs(text, sq) if a.unit == b.unit and a.kind == b.kind]
    if len(pairs) != 1:
        return  # none, or several levels compared in one sentence: which change is whose is a guess
    a, b, j = pairs[0]
    near = sq[max(0, j - 4) : j + 4]  # the change is next to the pair: a bounded look, linear on a giant line
    changes = [(q, r) for q in near if q is not a and q is not b and (r := _change_reading(text, q))
               and not _aside(text, q, a, b) and _attached(text, near, q, a, b)]
    if len(changes) != 1:
        return
    c, reading = changes[0]
    if reading == "pp" and c.kind == "pp" and a.kind != "percent":
        return
    intervals = _interval(a, b, reading)
    if not intervals or _fits(c, intervals, 0.0 if reading == "pp" else params.margin):
        return
    lo, hi = intervals[0]
    yield Finding(
        c.start, c.end,
        {"change": fmt_value(c), "before": fmt_value(a), "after": fmt_value(b), "expected": _expected(a, b, reading),
         "expected_zh": _expected(a, b, reading).replace(" pp", "个百分点").replace("×", "").replace(" / ", "或")},
        related=(RelatedSpan(min(a.start, b.start), max(a.end, b.end), phrase("levels", before=fmt_value(a), after=fmt_value(b))),),
    )


def _expected(a: Quantity, b: Quantity, reading: str) -> str:
    if reading == "pp" or (reading == "pct" and a.kind == "percent"):
        pts = b.value - a.value
        if reading == "pp":
            return f"{pts:+.3g} pp"
        return f"{pts:+.3g} pp / {100 * pts / a.value:+.3g}%" if a.value else f"{pts:+.3g} pp"
    if reading == "times":
        return f"×{b.value / a.value:.3g}" if a.value else "?"
    return f"{100 * (b.value - a.value) / a.value:+.3g}%" if a.value else "?"


# ---------------------------------------------------------------- level, increment, rate


def _like(q: Quantity, value: float) -> str:
    """A computed value in the magnitude the level is written in (97 万, 1.2亿, 970,000)."""
    for mag, mult in (("亿", 1e8), ("万", 1e4)):
        if mag in q.text:
            return f"{value / mult:.4g}{' ' if ' ' + mag in q.text else ''}{mag}"
    return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"


_CLAUSE_END_RE = rx.compile(r"[。；;]")
_INCREMENTS_RE = rx.compile(r"较|比|同比")


def _increments(text: str, sq: list[Quantity], params: Params) -> Iterator[Finding]:
    """B、较上年增长D、增幅C% (and lists of each under 分别): C must be D over the level before it."""
    incs = [i for i, q in enumerate(sq) if q.kind == "number" and _ZH_INCREMENT_BEFORE.search(text, max(0, q.start - 10), q.start)]
    if not incs:
        return
    first = incs[0]
    # the increments: the first and those listed with it (和/、/及)
    group = [first]
    for i in range(first + 1, len(sq)):
        if sq[i].kind == "number" and _LISTED_WITH_RE.fullmatch(text[sq[i - 1].end : sq[i].start]):
            group.append(i)
        else:
            break
    n = len(group)
    levels = [q for q in sq[:first] if q.kind == "number" and not _is_change(text, q)][-n:]
    after = sq[group[-1] + 1 :]
    rates = []
    for k, q in enumerate(after):
        if q.kind != "percent":
            break
        if k == 0 and not _ZH_RATE_BEFORE.search(text, max(0, q.start - 10), q.start):
            return
        rates.append(q)
    rates = rates[:n]
    if len(levels) != n or len(rates) != n:
        return
    gap = text[levels[-1].end : sq[first].start]
    if _CLAUSE_END_RE.search(gap) or not _INCREMENTS_RE.search(gap):
        return  # the increment must be stated of the levels just named (较上年增长…)
    down = bool(_ZH_DOWN.search(text, max(0, sq[first].start - 10), sq[first].start))
    for level, k, rate in zip(levels, group, rates):
        d = sq[k]
        if d.hi > level.lo and not down:
            return  # not an increment of this level: the lists do not pair
        prior = ((level.lo - d.hi, level.hi - d.lo) if not down else (level.lo + d.lo, level.hi + d.hi))
        if prior[0] <= 0:
            continue
        lo, hi = 100 * d.lo / prior[1], 100 * d.hi / prior[0]
        if not _fits(rate, [(lo, hi)], params.margin):
            before_v = level.value - d.value if not down else level.value + d.value
            yield Finding(
                rate.start, rate.end,
                {"change": fmt_value(rate), "before": _like(level, before_v), "after": fmt_value(level),
                 "expected": f"{100 * d.value / before_v:+.3g}%", "expected_zh": f"{100 * d.value / before_v:+.3g}%"},
                related=(RelatedSpan(level.start, d.end, phrase("level_and_change", before=fmt_value(level), change=fmt_value(d))),),
            )
