"""One named group with two counts (五大新兴产业 … 六大战略新兴产业; "three pillars" / "four pillars").

A named group is a count word followed by a name that ends in a group noun
(N大新兴产业, N个中心, N项行动; "the three pillars"). Two mentions whose names
are the same, or one a longer form of the other (新兴产业 ⊂ 战略新兴产业), with
different counts, name one group two ways. Names must be long enough to mean
something (`min_name_chars`), and mentions under headings naming different
periods (a five-year plan and the next) are not compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.numbers import analyse, different_periods
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text.quantities import Quantity, parse_en_words
from reportlint.text import rx
from reportlint.text.prefilter import may_contain

FIELDS = frozenset({"name", "count", "other_count", "related_line"})  # related_line: the engine's (first line of the first related span)
CLAUSES = frozenset({"other_count"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "'{name}' is counted as {count} here but {other_count} on line {related_line}"

_NAME_RE = rx.compile(r"[\u4e00-\u9fff]{1,10}")
_EN_GROUP_NOUNS = ("pillars", "priorities", "principles", "goals", "objectives", "themes", "workstreams", "areas", "tracks")
_EN_GROUP_RE = rx.compile(r"\b(?:the|our|its|their)\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?P<name>(?:[a-z-]+\s+){0,2}(?:"
                          + "|".join(_EN_GROUP_NOUNS) + r"))\b", re.I)


@dataclass(frozen=True)
class Params:
    """Params of the `number-group` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()
    units: tuple[str, ...] = ("大",)  # count words whose group is a named set (五大…)
    heads: tuple[str, ...] = ("产业", "行业", "工程", "行动", "战略", "任务", "领域", "集群", "基地", "板块", "功能", "中心", "体系", "平台", "片区",
                              "攻坚战", "举措", "机制", "品牌", "目标", "支柱", "赛道", "经济带", "都市圈", "城市群", "文化带", "战役")
    min_name_chars: int = 4


class _Group(NamedTuple):
    name: str
    q: Quantity
    period: frozenset[str]
    end: int  # where the name ends in the text (an English name follows its count after a space)


def _name_after(text: str, pos: int, heads: tuple[str, ...], min_chars: int) -> str | None:
    """The name from `pos` up to its group noun (新兴产业异军突起 → 新兴产业; 传统支柱产业 → 传统支柱产业)."""
    m = _NAME_RE.match(text, pos)
    if not m:
        return None
    run = m.group(0)
    ends = sorted({run.find(h) + len(h) for h in heads if h in run and run.find(h) + len(h) >= min_chars})
    if not ends:
        return None
    end = ends[0]
    grown = True
    while grown:  # a group noun straight after another belongs to the name (支柱 + 产业)
        grown = False
        for h in heads:
            if run.startswith(h, end):
                end += len(h)
                grown = True
                break
    return run[:end]


def _qualifier(name: str, heads: tuple[str, ...]) -> str:
    """The name without its group nouns: 产业集群 says nothing about which clusters (''), 新兴产业 does (新兴)."""
    for h in sorted(heads, key=len, reverse=True):
        name = name.replace(h, "")
    return name


def _groups(doc: Document, params: Params) -> Iterator[_Group]:
    text = doc.text
    # every English group names one of its nouns: a document without any skips the pattern (case-blind,
    # it is tried at every position of every block)
    english = may_contain(text, _EN_GROUP_NOUNS, ignore_case=True)
    for bn in analyse(doc, params.exclude):
        for q in bn.quantities:
            if q.unit not in params.units or not q.exact or q.kind != "number" or not 2 <= q.value <= 20:
                continue
            if q.start > 0 and text[q.start - 1] in "“\"「第":
                continue  # “两大三新”: a slogan
            name = _name_after(text, q.end, params.heads, params.min_name_chars)
            if name and len(name) >= params.min_name_chars and len(_qualifier(name, params.heads)) >= 2:
                yield _Group(name, q, bn.period, q.end + len(name))
        for m in _EN_GROUP_RE.finditer(text, bn.block.content_start, bn.block.end) if english else ():
            n = m.group("n")
            v = int(n) if n.isdigit() else parse_en_words(n)
            if v is None:
                continue
            q = Quantity(m.start("n"), m.end("n"), n, float(v), v - 0.5, v + 0.5)
            yield _Group(m.group("name").lower(), q, bn.period, m.end("name"))


def run(doc: Document, params: Params) -> Iterator[Finding]:
    by_head: dict[str, list[_Group]] = {}
    reported: set[tuple] = set()  # one finding per pair of counts: pasted copies repeat the same conflict
    for g in _groups(doc, params):
        tail = g.name[-params.min_name_chars :]
        for other in by_head.get(tail, ()):
            if other.q.value == g.q.value or different_periods(other.period, g.period):
                continue
            if not (g.name.endswith(other.name) or other.name.endswith(g.name)):
                continue
            pair = (tail, frozenset((g.q.value, other.q.value)))
            if pair in reported:
                break
            reported.add(pair)
            yield Finding(
                g.q.start, g.end,
                {"name": other.name if len(other.name) <= len(g.name) else g.name, "count": g.q.text,
                 "other_count": other.q.text},
                related=(RelatedSpan(other.q.start, other.end,
                                     phrase("other_count", count=other.q.text, name=doc.text[other.q.end : other.end])),),
            )
            break
        by_head.setdefault(tail, []).append(g)
