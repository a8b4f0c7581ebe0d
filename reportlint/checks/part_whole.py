"""A part not smaller than its whole (培训11.2万人，其中…培训11.2万人; "3240 of the 3000 responses").

Cues: 其中 / 包括 / of which / including after a whole, and "N of the M" / "N out of M".
The whole is the nearest quantity with the same unit before the cue in the same
sentence; the part the first one after it. A part greater than the whole (their
intervals do not meet) is an error; a part equal to the whole is a warning (a
category that is all of its total is usually a slip). Percentages and changes
(增长, grew) are not levels and are not compared.
"""

from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.numbers import analyse, fmt_value, within
from reportlint.analysis.scope import blocks_text
from reportlint.diagnostics import Finding, RelatedSpan, Severity, phrase
from reportlint.document import Document
from reportlint.text.quantities import Quantity
from reportlint.text import rx
from reportlint.text.prefilter import may_contain

FIELDS = frozenset({"part", "whole", "relation", "relation_zh", "lead", "total"})
CLAUSES = frozenset({"the_whole", "of_which", "total", "period_figure", "running_total"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "The part {part} is {relation} the whole {whole}"
# Each finding lies in one block and reads only that block and the text just around it: the language
# server re-checks only the blocks an edit reached (reportlint/lsp/incremental.py). Keep it so, or drop this.
BLOCK_LOCAL = True

# the words of the zh message around the part and the whole (其中的…总数; a period's figure against a running total: 单期数…累计数)
_WORDS = {"lead": phrase("of_which"), "total": phrase("total")}
_CUMULATIVE_WORDS = {"lead": phrase("period_figure"), "total": phrase("running_total")}

_STOP_RE = rx.compile(r"[。；;，]|,\s")
_N_OF_M = rx.compile(r"^\s+(?:of|out of)\s+(?:the\s+|all\s+|our\s+)?(?:total\s+of\s+)?$", re.I)


@dataclass(frozen=True)
class Params:
    """Params of the `part-whole` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()
    cues: tuple[str, ...] = ("其中", "of which", "of whom", "including")
    change_words: tuple[str, ...] = ("增长", "增加", "提高", "下降", "减少", "降低", "增速", "增幅", "同比", "up", "down",
                                     "grew", "increase", "decrease", "rose", "fell")
    equal_is_warning: bool = True


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    cue_re = rx.compile("|".join(re.escape(c) for c in sorted(params.cues, key=len, reverse=True)), re.I)
    # a document without any cue skips the (case-blind, so position by position) cue search of each sentence
    cued = may_contain(blocks_text(doc), params.cues, ignore_case=True)
    for bn in analyse(doc, params.exclude):
        if "least one" in bn.block.content:  # "at least one", the line maybe broken after "at"
            yield from _at_least_one(doc, bn)
        qs = [q for q in bn.quantities if q.kind == "number" and not q.is_range]
        if len(qs) < 2:
            continue
        prev: list[Quantity] = []
        for s0, s1 in doc.sentences(bn.block):
            sq = within(qs, s0, s1)
            for m in cue_re.finditer(text, s0, s1) if cued else ():
                if not text[s0 : m.start()].strip(" *_“\"") and prev:
                    # …新增就业21万人。其中，高校毕业生30万人。— 其中 opening a sentence refers to the one before
                    yield from _cue(text, m.start(), m.end(), prev[-1:] + sq, params, across=True)
                elif len(sq) >= 2:
                    yield from _cue(text, m.start(), m.end(), sq, params)
            if prev and sq:
                yield from _of_those(text, s0, prev[-1], sq)
            if len(sq) >= 2:
                yield from _framed_part(text, s0, sq, params)
            if len(sq) >= 3:
                yield from _breakdown(text, s0, s1, sq)
            prev = sq
            if len(sq) < 2:
                continue
            for i in range(len(sq) - 1):
                a, b = sq[i], sq[i + 1]
                if _N_OF_M.match(text[a.end : b.start]) and not a.unit and not b.unit:
                    yield from _compare(text, a, b, params)
    if "累计" in text:
        yield from _beyond_cumulative(doc, params)


# 城镇累计新增就业239.2万人 (five years) and, elsewhere, 城镇新增就业248.81万人 (one of those years): a period's
# figure above the running total of the periods it belongs to. The indicator is the words right before the
# number; 累计 marks the total, and the two must read alike once it is removed.
_INDICATOR = rx.compile(r"[\u4e00-\u9fff]{2,16}$")
_NOT_A_LEVEL = rx.compile(r"年均|每年|平均|人均|增长|增加|提高|下降|减少|降低|超过|超|突破|近|约|达到|达")
_TARGET = rx.compile(r"目标|预期|力争|确保|计划|规划|将|要|十五五|左右|以上|以内|不低于|不少于")


def _beyond_cumulative(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    totals: dict[str, Quantity] = {}
    levels: list[tuple[str, Quantity]] = []
    for bn in analyse(doc, params.exclude):
        for q in bn.quantities:
            if q.kind != "number" or q.is_range or not q.unit or q.hedge:
                continue
            m = _INDICATOR.search(text, max(bn.block.content_start, q.start - 16), q.start)
            if m is None:
                continue
            words = m.group(0)
            if "累计" in words:
                key = words.replace("累计", "")
                if len(key) >= 4 and not _NOT_A_LEVEL.search(key):
                    totals.setdefault(key, q)
            elif len(words) >= 4 and not _NOT_A_LEVEL.search(words):
                s0, s1 = _sentence_of(doc.sentences(bn.block), q)
                if not _TARGET.search(text, s0, s1):
                    levels.append((words, q))
    for words, q in levels:
        total = totals.get(words)
        if total is None or not _same_unit(total, q) or q.lo < total.hi or _is_change(text, q, params):
            continue
        yield Finding(q.start, q.end, {"part": fmt_value(q), "whole": fmt_value(total), "relation": "greater than", "relation_zh": "大于", **_CUMULATIVE_WORDS},
                      related=(RelatedSpan(total.start, total.end, phrase("the_whole", whole=fmt_value(total))),))


def _sentence_of(sentences: list[tuple[int, int]], q: Quantity) -> tuple[int, int]:
    """The sentence (of a block's, in order and apart) that `q` starts in; `q`'s own span in none.
    By bisection: a 26,000-character paragraph has hundreds of sentences and quantities."""
    i = bisect.bisect_right(sentences, q.start, key=_FIRST) - 1
    if i >= 0 and q.start < sentences[i][1]:
        return sentences[i]
    return q.start, q.end


_FIRST = operator.itemgetter(0)


# "68% … use at least one of these. Redis was the most common (57%), followed by etcd (10%)": the share that uses
# any of the options bounds the share of each option, given in brackets in the next sentence
_AT_LEAST_ONE = rx.compile(r"\bat\s+least\s+one\b", re.I)
_NEW_BASE = rx.compile(r"\b(?:of|among)\s+(?:those|these|them|whom|which)\b|^[\s*_]*(?:Among|Amongst|For|Of|Within|Across|In|Outside)\b", re.I)


def _at_least_one(doc: Document, bn) -> Iterator[Finding]:
    text = doc.text
    shares = [q for q in bn.quantities if q.kind == "percent" and not q.is_range]
    sentences = doc.sentences(bn.block)
    for (s0, s1), (t0, t1) in zip(sentences, sentences[1:]):
        ws = within(shares, s0, s1)
        if len(ws) != 1 or ws[0].hedge or not _AT_LEAST_ONE.search(text, ws[0].end, s1):
            continue
        whole = ws[0]
        if _NEW_BASE.search(text[t0:t1]):
            continue  # "Of those, …" / "Among large companies, …": shares of another base
        for q in within(shares, t0, t1):
            if not q.hedge and text[q.start - 1 : q.start] == "(" and q.lo >= whole.hi:
                yield Finding(
                    q.start, q.end,
                    {"part": fmt_value(q), "whole": fmt_value(whole), "relation": "greater than", "relation_zh": "大于", **_WORDS},
                    related=(RelatedSpan(whole.start, whole.end, phrase("the_whole", whole=fmt_value(whole))),),
                )
                break


_OF_THOSE = rx.compile(r"[\s*_]*(?:Of|Among)\s+(?:those|these|them|which|the\s+(?P<n>\d[\d,]*))(?:\s+(?P<noun>[a-z]+s))?\s*,\s*", re.I)
_PART_JOIN = rx.compile(r"[^\d%.;:!?]{1,60}?(?:,\s*(?:and\s+|or\s+)?|\s+and\s+)$")


def _of_those(text: str, s0: int, whole: Quantity, sq: list[Quantity]) -> Iterator[Finding]:
    """"This release has 45 enhancements. Of those, 19 are alpha, 16 beta and 12 stable": the parts
    a sentence opening "Of those/these" lists must not add up to more than the whole just stated."""
    m = _OF_THOSE.match(text, s0)
    if m is None or whole.kind != "number" or whole.hedge or not (whole.noun or m.group("noun")):
        return
    if m.group("noun") and whole.noun and _stem(m.group("noun")) != _stem(whole.noun):
        return  # "Of those reviewers" after a count of issues: another whole
    parts = []
    for q in sq:
        if q.start < m.end() or q.kind != "number" or q.unit or q.hedge:
            break
        if parts and not _PART_JOIN.match(text, parts[-1].end, q.start):
            break
        parts.append(q)
    if len(parts) == 1 and _bare_part_of(parts[0], whole):
        yield from _greater(text, parts[0], whole)  # "The foundation hosts 150 projects. Of these, 170 are graduated."
    if len(parts) < 2 or not _sum_exceeds(parts, whole, limit=None):
        return
    yield _together(parts, whole)


# "Of the 1,200 respondents, 1,350 use Rust" / "Out of 500 companies surveyed, 620 …": the frame names the whole
# (the frame opens the sentence: "keeping track of the 3 characters input, 4 characters output" is no frame)
_FRAME_BEFORE = rx.compile(r"[\s*_]*(?:Of|Among|Amongst|Out\s+of)\s+(?:the\s+|all\s+|our\s+|these\s+|those\s+)?")
_FRAME_TO_PART = rx.compile(r"[^\d.;:!?]{0,40}?,\s*(?:only\s+|just\s+)?$", re.I)


def _framed_part(text: str, s0: int, sq: list[Quantity], params: Params) -> Iterator[Finding]:
    """The one count right after an "Of the N X," frame cannot be more than N."""
    for whole, part in zip(sq, sq[1:]):
        if whole.kind != "number" or whole.unit or not whole.noun or part.kind != "number":
            continue
        if not _FRAME_BEFORE.fullmatch(text, s0, whole.start):
            continue
        if _FRAME_TO_PART.fullmatch(text, whole.end, part.start) and _bare_part_of(part, whole):
            yield from _greater(text, part, whole, params)
        return


def _bare_part_of(part: Quantity, whole: Quantity) -> bool:
    """A count given as a part of `whole`: no unit of its own, and no noun but the whole's (the word
    after it is the whole's noun again, or a verb: "1,350 use Rust", "170 are graduated")."""
    return (part.kind == "number" and not part.unit and not part.hedge
            and (not part.noun or part.noun.lower() in _VERB_AFTER_COUNT
                 or bool(whole.noun) and _stem(part.noun) == _stem(whole.noun)))


_VERB_AFTER_COUNT = frozenset("""are were is was have has had do did use used uses say said says report reported reports
chose choose selected select prefer prefers preferred want wanted plan planned work worked would will can could also
still now already never only responded answered agreed""".split())


def _greater(text: str, part: Quantity, whole: Quantity, params: Params | None = None) -> Iterator[Finding]:
    """_compare's finding when the part is greater than the whole (an equal part may be all of it: "Of these, 12 passed")."""
    if part.lo >= whole.hi and part.value > whole.value:
        yield from _compare(text, part, whole, params or Params())


def _together(parts: list[Quantity], whole: Quantity) -> Finding:
    """The finding of parts that together exceed their whole: the parts' span, the whole related."""
    return Finding(
        parts[0].start, parts[-1].end,
        {"part": " + ".join(fmt_value(q) for q in parts), "whole": fmt_value(whole),
         "relation": "together greater than", "relation_zh": "合计大于", **_WORDS},
        related=(RelatedSpan(whole.start, whole.end, phrase("the_whole", whole=fmt_value(whole))),),
    )


# "45 enhancements: 17 stable, 20 beta and 10 alpha" / "Of the 28 maintainers, 22 are employed and 8 are
# volunteers" / 全年发布版本 24 个：大版本 5 个、小版本 20 个 / 28 名维护者中，22 名来自企业，8 名为个人开发者: a whole
# broken down at once, after its colon or as the frame of the sentence. Parts that add up to more cannot all be its.
_BREAKDOWN_OPEN = rx.compile(r"[^\d.;:!?。；：！？]{0,40}?[:：]\s*|[^\d.;!?。；！？，,]{0,16}?中[，,]\s*")
_OF_THE_WHOLE = rx.compile(r"[\s*_]*(?:Of|Among)\s+(?:the|all|our|these)\s+$", re.I)
_FRAME_COMMA = rx.compile(r"[^\d.;:!?]{0,40}?,\s*")  # the whole's noun up to the comma that closes the frame
# a survey's counts of those who chose each answer overlap when several answers could be chosen
_OVERLAPPING = rx.compile(r"\b(?:use[sd]?|using|prefer(?:s|red)?|said|say|report(?:s|ed)?|cho(?:se|ose)|select(?:s|ed)?|want(?:s|ed)?|like[sd]?|plan(?:s|ned)?|would|also|both|multiple|more than one)\b"
                          r"|使用|选择|认为|表示|希望|计划|同时|多选|也", re.I)


def _breakdown(text: str, s0: int, s1: int, sq: list[Quantity]) -> Iterator[Finding]:
    for i, whole in enumerate(sq[:-2]):
        if whole.kind != "number" or whole.hedge or not _exact_count(whole):
            continue
        m = _BREAKDOWN_OPEN.match(text, whole.end, s1)
        if m is None and _OF_THE_WHOLE.search(text, max(s0, whole.start - 12), whole.start):
            m = _FRAME_COMMA.match(text, whole.end, s1)  # "Of the 28 maintainers, …"
        if m is None:
            continue
        parts: list[Quantity] = []
        for q in sq[i + 1 :]:
            if q.start < m.end() or q.kind != whole.kind or not _same_unit(q, whole) or not _whole_number(q):
                break
            if parts and not _PART_SEP.match(text, parts[-1].end, q.start):
                break
            parts.append(q)
        if len(parts) < 2 or _OVERLAPPING.search(text, m.end(), parts[-1].end + 30):
            continue
        if _sum_exceeds(parts, whole) and all(q.lo < whole.hi for q in parts):
            yield _together(parts, whole)
            return


def _whole_number(q: Quantity) -> bool:
    """An exact whole number as written (17, 22名): a part of a breakdown, its noun maybe left to the whole."""
    return q.exact and q.value == int(q.value) and not _ROUNDED_TEXT.search(q.text)


# between two parts of a breakdown: their words and one separator (, 、 ， and)
_PART_SEP = rx.compile(r"[^\d.;:!?。；：！？，,、]{0,40}?(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|[、，])[^\d.;:!?。；：！？，,、]{0,12}$")


def _stem(w: str) -> str:
    return w.lower().rstrip("s")


def _is_change(text: str, q: Quantity, params: Params) -> bool:
    before = text[max(0, q.start - 6) : q.start].lower()
    return any(w in before for w in params.change_words)


_CUE_RE = rx.compile(r"分别|respectively")
_CLAUSE_END_RE = rx.compile(r"[。；;]")


def _cue(text: str, c0: int, c1: int, sq: list[Quantity], params: Params, across: bool = False) -> Iterator[Finding]:
    before = [q for q in sq if q.end <= c0]
    after = [q for q in sq if q.start >= c1]
    if not before or not after:
        return
    part = after[0]
    if _CUE_RE.search(text[c1 : part.start]):
        return
    # the part must come in the clause the cue opens, the whole in the one before it
    if _CLAUSE_END_RE.search(text[c1 : part.start]):
        return
    whole = None
    for q in reversed(before):
        if _same_unit(q, part):
            whole = q
            break
        if _CLAUSE_END_RE.search(text[q.end : c0]) and not across:
            break
    if whole is None or _CLAUSE_END_RE.search(text[whole.end : c0]) and not across:
        return
    # several parts listed after the cue (其中A 301万、B 200万、C超12万): together they must not exceed it
    parts = _parts(text, c1, after, part, params, whole)
    if len(parts) >= 2 and _same_unit(whole, part):
        if _sum_exceeds(parts, whole) and not any(_is_change(text, q, params) for q in parts) and not _is_change(text, whole, params):
            if part.lo < whole.hi:  # a single part already greater is reported below
                yield _together(parts, whole)
                return
    # 其中 may refer to several wholes listed together (A 5万人、B 3万人，其中… / $5m on X and $2m on Y, of which…):
    # the part must exceed their sum too. Together = in the clause of the nearest whole.
    start = max((m.end() for m in _STOP_RE.finditer(text, max(0, whole.start - 200), whole.start)), default=0)
    wholes = [whole]
    for q in reversed([q for q in before if start <= q.start and q.end <= whole.start]):
        # listed together: each joined to the next by 、 / 和 / and … (11,616 个 GPU 的系统……在九个基准测试中，其中十一个:
        # two counts of two things in one clause, not a list of wholes)
        if not _same_unit(q, part) or _is_change(text, q, params) or not _LISTED_WITH.fullmatch(text, q.end, wholes[-1].start):
            break
        wholes.append(q)
    yield from _compare(text, part, whole, params, sum(q.hi for q in wholes), len(wholes))


# between two wholes given together in one clause: their words and one joint (、 和 及 与 and) — no clause end
_LISTED_WITH = rx.compile(r"[^。；;！!？?\d]{0,30}?(?:、|和|及|与|以及|\sand\s|\s(?:on|for)\s)[^。；;！!？?\d]{0,30}")


_CJK_MAG = rx.compile(r"[万亿]")
# Classifiers of things counted one by one (10个平台, 7所学校, 36条措施): a whole number of them written without a
# magnitude (万, 亿) or a hedge is exact, not rounded to the nearest unit.
_COUNTED = frozenset("个项家所条件座处台辆套间张场次位名批类种支只头部本册份宗笔起例株棵艘颗枚盏栋幢届轮")


_ROUNDED_TEXT = rx.compile(r"[.．万亿千百]|[kKmMbB]\b")  # a decimal or a magnitude: a rounded figure


def _exact_count(q: Quantity) -> bool:
    """A count written as an exact whole number: 10个, 36 KEPs (not 21万人, about 40, 4.5 tons)."""
    return _whole_number(q) and (q.unit in _COUNTED or not q.unit and bool(q.noun))


def _sum_exceeds(parts: list[Quantity], whole: Quantity, limit: float | None = 1.5) -> bool:
    """Whether the parts together are more than the whole (and, with a limit, not so much more that they are
    not its parts). Rounded figures compare by their intervals (301万 + 200万 against 500万 may be 500万
    exactly); exact counts by their values, so that 1 + 5 + 5 of 10个 is found and 5 + 5 of 10个 is not."""
    if _exact_count(whole) and all(_exact_count(q) for q in parts):
        lo, hi = float(sum(q.value for q in parts)), whole.value
        over = lo > hi
    else:
        lo, hi = sum(q.lo for q in parts), whole.hi
        over = lo >= hi
    return over and (limit is None or lo <= limit * hi)


_PARTS_RE = rx.compile(r"分别|其中|比|较|占")


def _parts(text: str, c1: int, after: list[Quantity], first: Quantity, params: Params, whole: Quantity) -> list[Quantity]:
    """The parts a cue lists: quantities of the part's unit, one per 、/， item, up to the sentence's end.

    A value larger than the whole is not one of its parts (新增铁路639公里、其中高铁370公里，新增公路2600公里:
    the list of parts ended), and parts that add up to far more than the whole are not one list either."""
    parts = [first]
    for q in after[1:]:
        if q.lo >= whole.hi:
            break
        gap = text[parts[-1].end : q.start]
        sep = [c for c in gap if c in "，,、；;"]
        if len(sep) != 1 or sep[0] in "；;" or not _same_unit(q, first) or q.kind != first.kind:
            break
        if _PARTS_RE.search(gap) or (q.unit or q.noun) != (first.unit or first.noun):
            break
        if not (q.unit or q.noun) and not _CJK_MAG.search(q.text):
            break  # a change, a share or a nested part, not the next item
        parts.append(q)
    return parts


_RESTATED_WHOLE_RE = rx.compile(r"包括|including|include")


def _restated_whole(text: str, whole: Quantity, part: Quantity) -> bool:
    """六个大动脉，包括A、B、…6个工程 / "three methods, including x, y and z (3 in all)": a 包括/including
    list counted again at its end is the whole restated, not a part equal to it."""
    between = text[whole.end : part.start]
    return bool(_RESTATED_WHOLE_RE.search(between)) and ("、" in between or "," in between)


# Counting words that count one kind of thing: business entities are counted in 户 and firms in 家
# (经营主体1461万户，其中企业410万家), so a part in 家 belongs to a whole in 户.
_SAME_COUNT = {"家": "户"}


def _same_unit(a: Quantity, b: Quantity) -> bool:
    if a.unit or b.unit:
        return _SAME_COUNT.get(a.unit, a.unit) == _SAME_COUNT.get(b.unit, b.unit)
    return True


def _compare(text: str, part: Quantity, whole: Quantity, params: Params, total_hi: float = 0.0,
             n_wholes: int = 1) -> Iterator[Finding]:
    if _is_change(text, part, params) or _is_change(text, whole, params):
        return
    if whole.hedge and whole.hi > whole.value * 1.01 and part.lo < whole.hi:
        return  # 突破2300亿元: the whole's upper end is open
    if part.lo >= whole.hi and part.lo >= total_hi:
        rel, rel_zh, sev = "greater than", "大于", None
    elif (part.exact and whole.exact and part.value == whole.value and params.equal_is_warning and n_wholes <= 1
          and not _restated_whole(text, whole, part)):
        rel, rel_zh, sev = "equal to", "等于", Severity.WARNING
    else:
        return
    yield Finding(
        part.start, part.end, {"part": fmt_value(part), "whole": fmt_value(whole), "relation": rel, "relation_zh": rel_zh, **_WORDS},
        related=(RelatedSpan(whole.start, whole.end, phrase("the_whole", whole=fmt_value(whole))),),
        severity=sev,
    )
