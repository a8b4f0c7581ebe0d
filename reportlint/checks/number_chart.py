"""A share stated in the text that disagrees with the chart it describes (chart: 33.8% vscode; text: VSCode at 34.1%).

Charts in reports carry their data in the image's alt text or title as a
breakdown of labelled shares (see percent-sum). When the prose of the same
section then names one of those labels right before a percentage ("VSCode
adoption at 34.1%"), the two should agree. Only labels that are names (at
least `min_label_chars` letters, not a stock answer such as yes/no/other) are
matched, a label found in two breakdowns of the section is ambiguous and
skipped, and a percentage with a time or change word between it and the label
("up from last year's 3.8%") is another figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.numbers import analyse, breakdowns, fmt_value, within
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text.quantities import Quantity
from reportlint.text import rx

FIELDS = frozenset({"label", "value", "other_value", "related_line"})  # related_line: the engine's (first line of the first related span)
CLAUSES = frozenset({"chart_gives"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "'{label}' is {value} in the text but {other_value} in the chart on line {related_line}"

_LABEL_RE = rx.compile(r"[a-z][a-z0-9.+#-]*(?: [a-z][a-z0-9.+#-]*){0,2}")


BREAKDOWN_MIN_SHARES = 3  # a chart's breakdown has at least three shares (as percent-sum's default)


@dataclass(frozen=True)
class Params:
    """Params of the `number-chart` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()
    min_label_chars: int = 4
    max_words_between: int = 4  # words allowed between the label and the percentage in the text
    stock_labels: tuple[str, ...] = ("yes", "none", "other", "others", "not sure", "don't know", "unsure", "daily", "weekly", "monthly", "rarely", "never")
    other_words: tuple[str, ...] = ("last year", "previous", "prior", "up from", "down from", "from", "compared", "versus", "vs", "in 20", "in 19",
                                    "grew", "rose", "fell", "increase", "decrease", "growth", "drop")


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    blocks = analyse(doc, params.exclude)
    section_of = {bn.block.start: bn.section for bn in blocks}
    charts: dict[tuple[int, str], list[Quantity]] = {}
    in_chart: set[int] = set()
    for group in breakdowns(doc, params.exclude, BREAKDOWN_MIN_SHARES, ()):
        for bd in group:
            block = doc.block_at(bd.start)
            section = section_of.get(block.start if block else -1, -1)
            for q, label in zip(bd.shares, bd.labels):
                in_chart.add(q.start)
                if _LABEL_RE.fullmatch(label) and len(label) >= params.min_label_chars and label not in params.stock_labels:
                    charts.setdefault((section, label), []).append(q)
    if not charts:
        return
    labels_by_section: dict[int, list[str]] = {}
    for section, label in charts:
        labels_by_section.setdefault(section, []).append(label)
    label_res = {
        sec: re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(l) for l in sorted(ls, key=len, reverse=True)) + r")(?![a-z0-9])")
        for sec, ls in labels_by_section.items()
    }
    for bn in blocks:
        label_re = label_res.get(bn.section)
        if label_re is None:
            continue
        pcts = [q for q in bn.quantities if q.kind == "percent" and q.exact and q.start not in in_chart]
        if not pcts:
            continue
        for s0, s1 in doc.sentences(bn.block):
            for q in within(pcts, s0, s1):
                before = text[max(s0, q.start - 80) : q.start].lower()
                m = None
                for m in label_re.finditer(before):
                    pass
                if m is None:
                    continue
                label = m.group(0)
                between = before[m.end() :]
                if len(between.split()) > params.max_words_between or "%" in between:
                    continue
                if any(w in between for w in params.other_words):
                    continue
                chart = charts[(bn.section, label)]
                if len({c.value for c in chart}) != 1:
                    continue  # the label is in two breakdowns: which one the text means is unclear
                c = chart[0]
                if not c.disjoint(q):
                    continue
                yield Finding(
                    q.start, q.end,
                    {"label": label, "value": fmt_value(q), "other_value": fmt_value(c)},
                    related=(RelatedSpan(c.start, c.end, phrase("chart_gives", value=fmt_value(c), label=label)),),
                )
