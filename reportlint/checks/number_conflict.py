"""One metric with two values (森林覆盖率72.2% … 森林覆盖率28.8%; "47% daily" / "49% daily").

Reads the metric model (reportlint/analysis/metrics.py): every value bound to its
indicator, kind (level, change, rank, target), unit and period, read from the clause's
structure. Two values of one metric in one scope (the whole document by default: a
summary and its detail section, highlights and body) conflict when their periods agree
and their intervals do not meet. No lead-in word (据统计, as noted earlier) is needed or
used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.metrics import Mention, MetricSettings, conflicts
from reportlint.analysis.numbers import fmt_value
from reportlint.diagnostics import Finding, RelatedSpan
from reportlint.document import Document
from reportlint.text import rx

FIELDS = frozenset({"metric", "value", "other_value", "related_line", "line_range"})  # related_line, line_range: the engine fills them
MESSAGE = "{metric}: {other_value} on line {related_line}, {value} here"

_SPACES = rx.compile(r"\s+")


@dataclass(frozen=True)
class Params:
    """Params of the `number-conflict` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()
    scope: str = "document"  # document | section | paragraph
    min_indicator_chars: int = 3
    min_shared_words: int = 3
    min_overlap: float = 0.6
    generic: tuple[str, ...] = ("增速", "增幅", "占比", "比重", "比例", "总量", "总额", "规模", "收入", "产量", "面积", "人口",
                                "余额", "指数", "里程", "数量", "总数", "金额", "投资", "增加值", "营业收入")
    target_words: tuple[str, ...] = ("目标", "预期", "力争", "计划", "争取", "确保", "will", "target", "goal", "plan", "expect")
    max_ratio: float = 1.5  # a stale or mistyped figure is near the right one; 124 vs 23 are two scopes

    def settings(self) -> MetricSettings:
        return MetricSettings(self.exclude, self.scope, self.min_indicator_chars, self.min_shared_words,
                              self.min_overlap, self.generic, self.target_words, self.max_ratio)


def validate(params: Params) -> list[tuple[str, str]]:
    out = []
    if params.scope not in ("section", "paragraph", "document"):
        out.append(("scope", "must be one of section, paragraph, document"))
    if not 0 < params.min_overlap <= 1:
        out.append(("min_overlap", "must be in (0, 1]"))
    return out


def metric_words(doc: Document, m: Mention) -> str:
    """The metric in the document's words: the Chinese indicator, or the English clause around the value."""
    if m.lang == "zh":
        name = _as_written(doc, m).replace("·", "…")
        return name + ("（排名）" if m.kind == "rank" and not name.endswith("排名）") else "")
    if m.kind == "whole" or "#change" in m.words:
        return m.indicator  # "maintainers", "downloads grew": the model keeps these words of the document
    if m.table is not None:  # a table cell: its row's label
        label = doc.text[m.sentence[0] : m.sentence[1]].strip().strip("|").split("|", 1)[0]
        return _SPACES.sub(" ", label).strip(" *_`")
    if "#label" in m.words:  # "Vulnerabilities fixed: 40": the label as written
        return _SPACES.sub(" ", doc.text[m.sentence[0] : m.q.start]).strip(" *_:-")
    s0, s1 = m.sentence
    text = doc.text
    a = max(s0, m.q.start - 50)
    b = min(s1, m.q.end + 50)
    before = text[a : m.q.start]
    after = text[m.q.end : b]
    if a > s0:
        before = before.split(" ", 1)[-1]
    if b < s1:
        after = after.rsplit(" ", 1)[0]
    return _SPACES.sub(" ", f"{before}…{after}").strip(" ,;:.").replace("**", "")


def _as_written(doc: Document, m: Mention) -> str:
    """A Chinese indicator with the spaces its sentence puts between Latin words (GitHub Star总数, not
    GitHubStar总数): the model reads it without spaces, the message quotes the document."""
    if not _LATIN_PAIR.search(m.indicator):
        return m.indicator
    s0, s1 = m.sentence
    spaced = _SPACES.sub(" ", doc.text[s0:s1])
    pattern = r"\s?".join(re.escape(c) for c in m.indicator if c != "·")
    found = re.search(pattern, spaced)
    return _HAN_SPACE.sub("", found.group(0)) if found and "·" not in m.indicator else m.indicator


_LATIN_PAIR = rx.compile(r"[A-Za-z0-9][^·]*[A-Za-z]")
_HAN_SPACE = rx.compile(r"(?<=[\u4e00-\u9fff]) | (?=[\u4e00-\u9fff])")  # 社区 GitHub → 社区GitHub: only Latin words keep their spaces


def run(doc: Document, params: Params) -> Iterator[Finding]:
    for c in conflicts(doc, params.settings()):
        a, b = c.first, c.second
        yield Finding(
            b.q.start, b.q.end,
            {"metric": metric_words(doc, a), "value": fmt_value(b.q), "other_value": fmt_value(a.q)},
            related=(RelatedSpan(a.q.start, a.q.end, fmt_value(a.q)),),
        )
