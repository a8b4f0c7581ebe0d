"""Shares of a breakdown that add up past 100% (or far below it when the breakdown is complete).

A breakdown is a run of at least `min_shares` exact percentages in one sentence,
in an image's alt text or in its title, each with its own label (34.0% less than
a week, 13.1% less than a month …), and no change words (增长, up from). Many
surveys let people choose several answers, so a sum past 100 is reported only
when the text shows the shares are exclusive: a catch-all answer (other, don't
know, 其他), range labels (less than / more than / 以下 / 以上), a partition named
before the shares (三次产业结构中, 按学历分, "broken down by age,"), or a parallel
breakdown with the same labels that does add up to 100. A sum below 100 is
reported only with the first or last of these cues. Rounding: each share may be
off by half a unit of its last digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.numbers import Breakdown, breakdowns
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Block, Document
from reportlint.text import rx

FIELDS = frozenset({"total", "count", "shares"})
CLAUSES = frozenset({"twin_adds_up", "the_distribution"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "The {count} shares of this breakdown add up to {total}%"



@dataclass(frozen=True)
class Params:
    """Params of the `percent-sum` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()
    min_shares: int = 3
    tolerance: float = 0.0  # percentage points allowed beyond the rounding of the shares (each share may be off by half its last digit; more is impossible)
    below: float = 10.0  # a complete breakdown this far below 100 is reported
    change_words: tuple[str, ...] = ("增长", "下降", "提高", "提升", "上升", "降低", "增加", "减少", "同比", "比上年", "增速", "由", "从", "up from", "down from",
                                     "grew", "growth", "increase", "decrease", "rose", "fell", "drop", "compared")
    catch_all: tuple[str, ...] = ("other", "others", "don't know", "do not know", "not sure", "unsure", "no answer", "prefer not", "preferred not", "rather not", "not to say",
                                  "其他", "其它", "其余", "不清楚", "不确定", "不知道")
    range_words: tuple[str, ...] = ("less than", "more than", "fewer than", "over ", "under ", "between", "以下", "以上", "以内", "不足")


def validate(params: Params) -> list[tuple[str, str]]:
    return [("min_shares", "must be at least 2")] if params.min_shares < 2 else []


def run(doc: Document, params: Params) -> Iterator[Finding]:
    yield from _ratio_breakdowns(doc)
    yield from _list_breakdowns(doc, params)
    for group in breakdowns(doc, params.exclude, params.min_shares, params.change_words):
        for bd in group:
            total = bd.total
            tol = params.tolerance + bd.slack
            low = bd.text.lower()
            catch_all = _catch_all(bd.labels, params.catch_all) or _yes_no(bd.labels)
            ranges = sum(1 for lab in bd.labels if any(w in lab + " " for w in params.range_words)) >= 2
            twin = _twin(bd, group, params)
            # 三次产业结构中，第一产业占8%… / 按学历分，… / "By age, …": the sentence names the whole's partition first
            partition = _PARTITION_CUE.search(bd.text, 0, max(0, bd.shares[0].start - bd.start)) is not None
            if total > 100 + tol and (catch_all or ranges or partition or twin is not None):
                pass
            elif total < 100 - max(tol, params.below) and (catch_all or twin is not None or ranges) and not _CONTINUED.match(bd.text):
                pass  # (a sentence that goes on a ranking, "After that, A (28%), B (20%) …", lists its tail only)
            else:
                continue
            t = f"{total:.1f}".rstrip("0").rstrip(".")
            related = (RelatedSpan(twin.start, twin.end, phrase("twin_adds_up")),) if twin else ()
            yield Finding(bd.shares[0].start, bd.shares[-1].end, {"total": t, "count": len(bd.shares),
                                                                   "shares": ", ".join(q.text for q in bd.shares)},
                          related=related)


_PARTITION_CUE = rx.compile(r"(?:结构|构成)(?:中|上|看|方面)?[，,：:]|按[\u4e00-\u9fff]{1,6}(?:分|划分|统计|区分)[，,：:]|(?:分布|构成)(?:来?看|上)[，,：:]"
                            r"|\b(?:[Bb]roken\s+down\s+by|[Bb]y\s+(?:age|gender|region|country|company\s+size|role|job\s+title|education|income))\b\s*[,:]", re.I)
_CONTINUED = rx.compile(r"[\s*_]*(?:After that|After those|Then|Next|Beyond that|Behind (?:them|those|that)|Followed by|Further down|Lower down|其次|然后|再次|此外|之后)\b", re.I)
_YES = rx.compile(r"\b(?:yes)\b|^是$|(?<![不])是的")
_NO = rx.compile(r"\b(?:no)\b|^否$|不是")


# 三次产业比重为4.0∶37.7∶56.3 / 三次产业结构由8.7∶41.2∶50.1调整为7.4∶39.6∶53: a structure written as a ratio
# of shares of one whole, each ratio of the clause that names the structure (a from-to gives two)
_RATIO_RE = rx.compile(r"(\d+(?:\.\d+)?(?:\s*[∶:]\s*\d+(?:\.\d+)?){2,})")
_RATIO_CUE = rx.compile(r"(?:比重|结构|比例|构成)[^，。；,;！？!?\n]{0,30}$")


_RATIO_BREAKDOWNS_RE = rx.compile(r"\s*[∶:]\s*")


def _ratio_breakdowns(doc: Document) -> Iterator[Finding]:
    """Ratios of three or more shares that read as percentages (they sum to about 100) but miss 100."""
    reuse = doc.reuse
    for b in doc.blocks:
        if b.kind not in ("paragraph", "list_item") or ("∶" not in b.content and "比" not in b.content):
            continue
        if reuse is None:
            yield from _block_ratios(doc, b)
            continue
        # read from the block's content alone: its findings move with it
        base = b.content_start
        was, found = reuse.get("percent-sum.ratios", b.content, lambda: (base, tuple(_block_ratios(doc, b))))
        d = base - was
        yield from (Finding(f.start + d, f.end + d, dict(f.fields)) for f in found) if d else found


def _block_ratios(doc: Document, b: Block) -> Iterator[Finding]:
    """One block's ratios that miss 100 (read from its content alone: the cue is looked for inside it)."""
    text = doc.text
    for m in _RATIO_RE.finditer(text, b.content_start, b.end):
        if not _RATIO_CUE.search(text, max(b.content_start, m.start() - 40), m.start()):
            continue
        parts = _RATIO_BREAKDOWNS_RE.split(m.group(1))
        vals = [float(p) for p in parts]
        slack = sum(0.5 * 10.0 ** -(len(p.split(".")[1]) if "." in p else 0) for p in parts)
        total = sum(vals)
        if not 90 <= total <= 110 or abs(total - 100) <= slack:
            continue  # not shares of 100 (3∶2∶1), or 100 within rounding
        t = f"{total:.1f}".rstrip("0").rstrip(".")
        yield Finding(m.start(1), m.end(1), {"total": t, "count": len(vals), "shares": "∶".join(parts)})


_ITEM_SHARE = rx.compile(r"^[*_\s]*(?P<label>[^:：\d%]{1,40}?)[*_\s]*[:：]\s*[*_]*(?P<pct>\d{1,3}(?:\.\d+)?)\s*%[*_\s]*$")
_DISTRIBUTION = rx.compile(r"distribution|breakdown|split of|share of (?:all|the) |分布|构成|结构", re.I)


def _list_breakdowns(doc: Document, params: Params) -> Iterator[Finding]:
    """A list of `label: P%` items introduced as a distribution (Here's the distribution of languages
    across the responses: / 受访者地区分布如下：): one share per item, the items exclusive, the sum 100."""
    blocks = list(doc.blocks)
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind != "list_item" or b.list_id is None:
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "list_item" and blocks[j].list_id == b.list_id:
            j += 1
        items = blocks[i:j]
        intro = blocks[i - 1] if i else None
        i = j
        if len(items) < params.min_shares or intro is None or intro.kind != "paragraph":
            continue
        head = intro.content.strip()
        if not head.endswith((":", "：")) or not _DISTRIBUTION.search(head) or any(w in head.lower() for w in params.change_words):
            continue
        shares = [_ITEM_SHARE.match(it.content.strip()) for it in items]
        if any(m is None for m in shares):
            continue
        vals = [m.group("pct") for m in shares]
        total = sum(float(v) for v in vals)
        slack = params.tolerance + sum(0.5 * 10.0 ** -(len(v.split(".")[1]) if "." in v else 0) for v in vals)
        if abs(total - 100) <= slack or total < 100 - max(slack, params.below) and not _catch_all(
                tuple(m.group("label").lower() for m in shares), params.catch_all):
            continue
        t = f"{total:.1f}".rstrip("0").rstrip(".")
        yield Finding(items[0].content_start, items[-1].end, {"total": t, "count": len(vals), "shares": ", ".join(v + "%" for v in vals)},
                      related=(RelatedSpan(intro.content_start, intro.end, phrase("the_distribution")),))


def _catch_all(labels: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """A share labelled as the catch-all answer (other, don't know, 其他): the label is that answer, not a
    sentence that happens to contain the word ("a project in another language", "the other top sources")."""
    for lab in labels:
        lab = lab.strip(" ()（）:：-").lower()
        if len(lab.split()) > 4 or len(lab) > 24:
            continue  # "other critical missing features were better error handling": a sentence, not the answer
        for w in words:
            if lab == w or lab.startswith(w + " ") or lab.endswith(" " + w) or (not w.isascii() and w in lab and len(lab) <= len(w) + 4):
                return True
            if w.isascii() and " " in w and w in lab:
                return True  # a phrase: prefer not to say, don't know
    return False


def _yes_no(labels: tuple[str, ...]) -> bool:
    """Labels that answer yes and no: a single-answer question, so its shares are exclusive."""
    return any(_YES.search(lab) for lab in labels) and any(_NO.search(lab) for lab in labels)


def _twin(bd: Breakdown, group: list[Breakdown], params: Params) -> Breakdown | None:
    """Another breakdown in the block over mostly the same labels that adds up to 100."""
    mine = set(bd.labels)
    for other in group:
        if other is bd or len(other.labels) != len(bd.labels):
            continue
        same = len(mine & set(other.labels))
        if same * 4 >= len(mine) * 3 and abs(other.total - 100) <= params.tolerance + other.slack:
            return other
    return None
