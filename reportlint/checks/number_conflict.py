"""One metric with two values in one scope (森林覆盖率72.2% … 森林覆盖率28.8%; 全省第一 / 全省第三).

A metric is a noun phrase that ends in a metric word (…率, …占比, …总量, rate,
share) directly before its value, with at most a linking word between (为, 达到,
保持在, is, was, of). Within one scope (a section by default) two disjoint values
of one metric conflict — unless a time qualifier (2021年, 上年, last year), a
change verb (增长, 提高到, from … to) or a target word on either side tells them
apart, or the headings above them name different periods. A rank right after a
value (森林覆盖率72.2%，全省第一) is that metric's rank; two ranks in one region
conflict too. Generic metrics (增速, 占比 alone) say nothing about what they
measure and are skipped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.numbers import MAX_CLAUSE, analyse, different_periods, fmt_value, within
from reportlint.diagnostics import Finding, RelatedSpan
from reportlint.document import Document
from reportlint.text.quantities import Quantity
from reportlint.text import rx

FIELDS = frozenset({"metric", "value", "other_value", "other_line"})
MESSAGE = "{metric} is {value} here but {other_value} on line {other_line}"

_RUN_CHAR = rx.compile(r"[\u4e00-\u9fffA-Za-z0-9.]")
# "Rust ranked 3rd among …": the subject before the verb names what is ranked, the "among/in" phrase where
_EN_RANKED = rx.compile(r"(?P<m>[A-Za-z][A-Za-z' -]{2,40}?)\s+(?:was\s+|is\s+|were\s+|are\s+)?(?:ranked|ranks|placed|finished)\s+(?:\w+\s+)?$")
_EN_AMONG = rx.compile(r"\s+((?:among|in|of)\s+(?:the\s+)?[A-Za-z-]+(?:\s+[A-Za-z-]+)?)")
_OWN_AREA = rx.compile(r"^(?:全市|全省|全区|全县|全州|全盟)")
_DIGIT = rx.compile(r"\d")
_EN_LEAD = rx.compile(r"\s*(?:(?:the|our|its|their|overall|total)\s+)?", re.I)
_EN_LINK = rx.compile(r"\b(?:is|was|of|at|reached)\s+$")
_REGION = rx.compile(r"(全国|全省|全市|全区|全球|世界|中部|西部|东部|东北|同类城市|副省级城市|省会城市)")
_EN_METRIC = rx.compile(r"(?P<m>(?:[A-Za-z-]+\s+){0,3}(?:rate|share|ratio|percentage|proportion|index|score|headcount|revenue|turnover|coverage))\s+(?:is|was|of|at|stood at|reached|remained at)\s+$", re.I)


@dataclass(frozen=True)
class Params:
    """Params of the `number-conflict` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()
    scope: str = "section"  # section | paragraph | sentence | document
    metric_suffixes: tuple[str, ...] = ("率", "占比", "比重", "比例", "指数", "总量", "总额", "总值", "增加值", "产量", "面积", "人口", "收入", "余额", "浓度", "寿命", "里程", "装机容量", "吞吐量")
    linking: tuple[str, ...] = ("为", "是", "达到", "达", "保持在", "稳定在", "维持在", "约为", "在")
    generic: tuple[str, ...] = ("增速", "增幅", "占比", "比重", "比例", "总量", "总额", "规模", "收入", "产量", "面积", "人口", "余额", "指数", "里程", "该比例", "这一比例", "其比重")
    time_words: tuple[str, ...] = ("上年", "去年", "前年", "同期", "今年", "明年", "年底", "年末", "年初", "以来", "期间", "时期", "末", "last year", "this year", "previous", "prior", "in 19", "in 20")
    change_words: tuple[str, ...] = ("增长", "增加", "提高", "提升", "下降", "降低", "减少", "增至", "降至", "升至", "提高到", "提升到", "增加到", "下降到", "降到", "由", "从", "扩大", "缩小", "from", "to ", "up ", "down ", "rose", "fell", "grew", "increase", "decrease")
    target_words: tuple[str, ...] = ("目标", "预期", "力争", "计划", "争取", "确保", "将", "要", "target", "goal", "will", "expect", "plan")
    min_metric_chars: int = 3


class _Val(NamedTuple):
    metric: str
    q: Quantity
    scope: tuple
    clause: str
    sentence: str
    period: frozenset[str]


def validate(params: Params) -> list[tuple[str, str]]:
    if params.scope not in ("section", "paragraph", "sentence", "document"):
        return [("scope", "must be one of section, paragraph, sentence, document")]
    return []


@functools.lru_cache(maxsize=16)
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    """The linking words, longest first (sorted once per rule, not once per number)."""
    return tuple(sorted(words, key=len, reverse=True))


def _metric_zh(text: str, clause_start: int, q: Quantity, params: Params) -> str | None:
    before = text[clause_start : q.start]
    for w in _longest_first(params.linking):
        if before.endswith(w):
            before = before[: -len(w)]
            break
    before = before.rstrip("：:“”\"")
    i = len(before)
    while i > 0 and _RUN_CHAR.match(before[i - 1]):
        i -= 1
    run = before[i:]
    if not run:
        return None
    if _DIGIT.search(run):
        return None
    if not run.endswith(params.metric_suffixes):
        return None
    run = _OWN_AREA.sub("", run)  # 全市森林覆盖率 in a city's report is its 森林覆盖率 (全国 is not stripped)
    if len(run) < params.min_metric_chars or run in params.generic or len(run) > 14:
        return None
    return run


def _values(doc: Document, params: Params) -> Iterator[_Val]:
    text = doc.text
    for bn in analyse(doc, params.exclude):
        qs = [q for q in bn.quantities if q.kind in ("number", "percent", "pp", "rank")]
        if not qs:
            continue
        for s0, s1 in doc.sentences(bn.block):
            sentence = text[s0:s1]
            if "分别" in sentence or "respectively" in sentence:
                continue
            last_metric: tuple[str, int] | None = None
            for q in within(qs, s0, s1):
                c0 = _clause_start(text, q.start, s0)
                c1 = _clause_end(text, q.end, s1)
                clause = text[c0:c1]
                metric = None
                if q.kind == "rank":
                    region = _REGION.search(text, c0, q.start)
                    pre = text[c0 : q.start]
                    if last_metric and region and c0 - last_metric[1] <= 2 and not re.search(r"[\u4e00-\u9fff]{2,}(?:居|位居|排名|位列)", pre[: region.start() - c0] if region else pre):
                        metric = f"{last_metric[0]}（{region.group(1)}排名）"
                    elif not region:
                        m = _EN_RANKED.search(text, max(s0, q.start - 80), q.start)
                        if m and _EN_LEAD.fullmatch(text, max(s0, c0), m.start("m")):
                            after = _EN_AMONG.match(text, q.end)
                            metric = f"{m.group('m').strip().lower()} (rank{' ' + after.group(1).lower() if after else ''})"
                else:
                    metric = _metric_zh(text, c0, q, params)
                    if metric is None:
                        m = _EN_METRIC.search(text, max(s0, q.start - 60), q.start) if _EN_LINK.search(text, max(s0, q.start - 14), q.start) else None
                        if m and not _EN_LEAD.fullmatch(text, c0, m.start()):
                            m = None  # "in the US survey the response rate was …": the metric is qualified, not bare
                        if m and q.kind in ("percent", "number"):
                            metric = m.group("m").lower().strip()
                            if len(metric.split()) < 2:
                                metric = None
                    if metric is not None:
                        last_metric = (metric, c1)
                    else:
                        last_metric = None
                if metric is None:
                    continue
                scope = _scope_key(params.scope, bn, s0)
                yield _Val(metric, q, scope, clause, sentence, bn.period)


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = pos - 1
    floor = max(floor, pos - MAX_CLAUSE)
    while i >= floor and text[i] not in "，,；;。：:、！？!?\n":
        i -= 1
    return i + 1


def _clause_end(text: str, pos: int, ceil: int) -> int:
    i = pos
    ceil = min(ceil, pos + MAX_CLAUSE)
    while i < ceil and text[i] not in "，,；;。：:、！？!?\n":
        i += 1
    return i


def _scope_key(scope: str, bn, s0: int) -> tuple:
    if scope == "document":
        return ()
    if scope == "section":
        return (bn.section,)
    if scope == "paragraph":
        return (bn.block.start,)
    return (bn.block.start, s0)


def _told_apart(a: _Val, b: _Val, params: Params) -> bool:
    for v in (a, b):
        if any(w in v.clause for w in params.time_words) or re.search(r"(?:19|20)\d\d", v.clause):
            return True
        if any(w in v.clause.lower() for w in params.change_words):
            return True
    ta = any(w in a.sentence for w in params.target_words)
    tb = any(w in b.sentence for w in params.target_words)
    return ta != tb


def run(doc: Document, params: Params) -> Iterator[Finding]:
    groups: dict[tuple, list[_Val]] = {}
    for v in _values(doc, params):
        groups.setdefault((v.metric, v.q.kind, v.q.unit) + v.scope, []).append(v)
    for vals in groups.values():
        if len(vals) < 2:
            continue
        for i in range(1, len(vals)):
            b = vals[i]
            for a in vals[:i]:
                if not (a.q.exact and b.q.exact and a.q.disjoint(b.q)):
                    continue
                if different_periods(a.period, b.period) or _told_apart(a, b, params):
                    continue
                yield Finding(
                    b.q.start, b.q.end,
                    {"metric": a.metric, "value": fmt_value(b.q), "other_value": fmt_value(a.q),
                     "other_line": doc.index.line_of(a.q.start)},
                    related=(RelatedSpan(a.q.start, a.q.end, f"{a.metric}: {fmt_value(a.q)}"),),
                )
                break
