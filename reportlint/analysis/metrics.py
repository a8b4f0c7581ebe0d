"""The metric model: every stated value bound to what it measures.

A mention is one value with its metric: the indicator it belongs to (森林覆盖率,
城镇新增就业, "respondents use generics"), the subject inside it (城镇 / 农村 stay part
of the indicator; the document's own area, 全省 / 全市 / 我省, is dropped), the period
(2025年, 上年, 五年来 / the headings above), the kind of value (level, change, rank,
target, start of a from-to) and the unit. It is read from the clause's structure, not
from words in front of the sentence:

- Chinese: ``指标 + 达到/为/增长/提高到 + 值`` (the noun phrase before the verb is the
  indicator), ``值、增长 P%`` after a level (the change is of that level's indicator),
  and ``建设 + 值 + 对象`` (a verb, the value, the object counted);
- English: the content words of the clause the value sits in ("47% did so on a daily
  basis"), compared as a set, with names (capitalised words) kept apart.

Two mentions of one metric — same indicator, kind, unit and a compatible period — whose
intervals (written precision and hedges) do not meet give two answers to one question,
whatever words precede them (据统计, as noted earlier). That is `conflicts(doc, settings)`.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.numbers import CONDITION_ZH, MAX_CLAUSE, BlockNumbers, _within_year, analyse, different_periods, parallel, place_key, shifted, within
from reportlint.analysis.reuse import memo
from reportlint.document import Document
from reportlint.text.proportions import en_fraction_shares, may_hold_fraction, zh_fraction_shares
from reportlint.text.quantities import PLURAL_RE, Quantity
from reportlint.text import rx


@dataclass(frozen=True)
class MetricSettings:
    """What a rule may tune of the model (all from its YAML `params`)."""
    exclude: tuple[str, ...] = ()
    scope: str = "document"  # document | section | paragraph
    min_indicator_chars: int = 3  # Chinese: characters an indicator needs (占比 alone says nothing)
    min_shared_words: int = 3  # English: content words two clauses must share to be one metric
    min_overlap: float = 0.6  # English: shared / the smaller clause's content words
    generic: tuple[str, ...] = ()  # indicators that do not say what they measure (增速, 规模)
    target_words: tuple[str, ...] = ()  # the sentence states a target, not an outcome
    max_ratio: float = 0.0  # 0: any two disjoint values conflict; else only within this ratio of each other


class Mention(NamedTuple):
    q: Quantity
    indicator: str  # normalised metric (Chinese noun phrase, or English content words joined by spaces)
    words: frozenset[str]  # English: the content words; Chinese: empty
    names: frozenset[str]  # English: capitalised words (subjects) of the clause
    kind: str  # level | change | rank | target | from
    unit: str
    period: str  # explicit period of the clause or sentence ('2025', 'prev', 'cum', …) or ''
    heading_period: frozenset[str]
    section: int
    block_start: int
    list_id: int | None  # the list the value's item belongs to (parallel items state different things)
    provision: int | None  # the statute article the value is in (two articles: two subjects' rules)
    sentence: tuple[int, int]
    lang: str  # zh | en
    # English: the group the value is about when the sentence opens with it ("Among students, 41% …",
    # "In Europe, …"): values of two groups, or of a group and everyone, are two metrics
    scope: frozenset[str] = frozenset()
    # English: the clause's subject, the content words before its verb ("StackOverflow remains the most
    # popular resource at 65%" / "Reading source code (57%) remains another popular resource"): two
    # subjects sharing a predicate are two metrics
    subject: frozenset[str] = frozenset()
    template: str = ""  # the heading template of its section (analysis.numbers.BlockNumbers.template)
    table: int | None = None  # a table cell's value: the table it is in (compared with the text, not with other cells)


class Conflict(NamedTuple):
    first: Mention
    second: Mention


# ---------------------------------------------------------------- Chinese

_STOP_ZH = "，,；;。：:、！？!?\n（）()「」【】《》"
_MARKUP = rx.compile(r"[*_`\s\u3000“”\"']")
_OWN_AREA = rx.compile(r"^(?:全省|全市|全区|全县|全州|全盟|我省|我市|我区|我县|本省|本市|全年|年度|一年来|今年|当年|去年|上年|上一年|同时|此外|另外|其中|其|共|累计|总计|合计|全部|整体|预计|初步|预估|在|使|让|推动|实现)+")
# Adverbs between an indicator and its verb (进出口总额接连突破): not part of the indicator.
_ADVERB_END = rx.compile(r"(?:接连|连续|分别|均|稳定|持续|累计|首次|已|已经|进一步|再|又|总计|共)+$")
_TO_VERB = rx.compile(r"^(?:提高|提升|增长|增加|下降|降低|减少|扩大|缩小|上升)?(?:到|至)(?:(?:19|20)\d\d年(?:底|末)?的?)?$")
_DATED_END = rx.compile(r"(?<=[从由到至])(?:19|20)\d\d年(?:底|末)?的?$")
# Verbs between an indicator and its value, longest first; the group says the kind of value.
_VERB_ZH = rx.compile(
    r"(?P<from>从|由)$"
    r"|(?P<change>(?:同比|比上年|较上年|比上年同期|较上年同期|比去年|较去年|年均|平均)?(?:增长|增加|提高|提升|下降|降低|减少|上升|回落|扩大|缩小|上涨|下跌|下滑|回升|攀升|增长了|增加了|提高了|下降了|减少了|上涨了|下跌了|下滑了|回升了|上升了))$"
    r"|(?P<level>(?:分别)?(?:达到了|达到|达|为|是|有|保持在|稳定在|维持在|约为|超过|超|突破|逾|增至|增加到|增加至|提高到|提高至|提升到|提升至|升至|降至|下降到|下降至|降低到|降低至|减少到|减少至|扩大到|扩大至|增长到|增长至|跃升至|跃居|居|位居|位列|排名|控制在|高达|多达|仅|约|近|总量|总额|规模|数量|总数)(?:了)?)$"
)
# A $-anchored search tries every start position; no match of these is longer than this, so a
# search from that far before the end finds the same leftmost match (tests/test_analysis_views.py).
_VERB_ZH_WIDTH = 8
_YEAR_ZH = rx.compile(r"((?:19|20)\d\d)年")
_PREV_ZH = rx.compile(r"上年|去年|前年|同期|上一年|此前|以前|原来|原有")
_CUM_ZH = rx.compile(r"五年来|过去五年|十年来|近十年|十年间|以来|十[二三四五]五|累计|历年|总共|先后")
_PART_ZH = rx.compile(r"上半年|下半年|[一二三四]季度|前[一二三]季度|[1-9]月份?|1-\d+月|1至\d+月")
_TARGET_ZH = rx.compile(r"目标|预期|力争|争取|计划|确保|规划|将|拟|要|左右|以内|以上|控制在|不低于|不超过")
_BOUNDS = frozenset({"以上", "以下", "以内", "不足", "不超过", "不到", "左右", "上下", "至少", "最多",
                     "at least", "at most", "up to", "less than", "fewer than", "under"})

_MAGNITUDE_ZH = rx.compile(r"\d[\s*]*[万亿]")  # Star 总数达到 25 万: a figure in 万 or 亿 is a stated value, its unit left to the words
_COMPARE_ZH = rx.compile(r"高于|低于|快于|慢于|相比|差距|超出|多于|少于|^比|^较|^与")


def _zh_clause_start(text: str, pos: int, floor: int) -> int:
    i = pos - 1
    floor = max(floor, pos - MAX_CLAUSE)
    while i >= floor and text[i] not in _STOP_ZH:
        i -= 1
    return i + 1


def _zh_clause_end(text: str, pos: int, ceil: int) -> int:
    i = pos
    ceil = min(ceil, pos + MAX_CLAUSE)
    while i < ceil and text[i] not in _STOP_ZH:
        i += 1
    return i


_BASE_ZH = rx.compile(r"(?:比|较|与|同)(?:上年|去年|上一年|前一年)(?:同期)?|同比|环比")


def _period_zh(s: str) -> str:
    """The period a clause names: a year, the previous period, a cumulative span, part of a year.
    The base of a change (比上年增长5.3%, 较去年同期) is not its period: the change is this period's."""
    if "比" in s or "较" in s or "与" in s or "同" in s:
        s = _BASE_ZH.sub("", s)
    if _PREV_ZH.search(s):
        return "prev"
    years = _YEAR_ZH.findall(s)
    if years:
        return years[-1] + ("q" if _PART_ZH.search(s) else "")
    if _CUM_ZH.search(s):
        return "cum"
    if _PART_ZH.search(s):
        return "part"
    return ""


_REGION = rx.compile(r"全国|全省|全市|全区|全球|世界|中部|西部|东部|东北|同类城市|副省级城市|省会城市")


_REGION_END = rx.compile(r"(?:全国|全省|全市|全区|全球|世界|中部|西部|东部|东北|同类城市|副省级城市|省会城市)$")
_REGION_END_WIDTH = 5


@functools.lru_cache(maxsize=16)
def _words_re(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation of a rule's word list, compiled once per list."""
    alts = sorted({re.escape(w) for w in words if w}, key=lambda w: (-len(w), w))
    return rx.compile("|".join(alts)) if alts else None


def _region(text: str, a: int, b: int) -> str:
    m = _REGION.search(text, a, b)
    return m.group(0) if m else ""


_KEPT = rx.compile(r"(?:保持在|稳定在|维持在)[\s*_]*$")  # 覆盖率保持在54%以上: a level kept above a bound, a stated value


_RESPECTIVELY_RE = rx.compile("分别|依次")


def _respectively_spans(sentence: str, s0: int) -> list[tuple[int, int]]:
    """Document spans of the clauses governed by 分别/依次: from the clause start before the word to
    the clause end after it (clauses end at ，；。：)."""
    out = []
    for m in _RESPECTIVELY_RE.finditer(sentence):
        a = max(sentence.rfind(c, 0, m.start()) for c in "，,；;：:") + 1
        ends = [i for i in (sentence.find(c, m.end()) for c in "，,；;。") if i >= 0]
        out.append((s0 + a, s0 + (min(ends) if ends else len(sentence))))
    return out


# A period opening the phrase (五年来全省常住人口城镇化率): the period, read above, not the indicator
_LEAD_PERIOD_ZH = rx.compile(r"^(?:五年来|过去五年|近五年|十年来|过去一年|一年来|今年以来|去年以来|“?十[二三四五]五”?(?:时期|期间|以来)?)+(?:，)?(?:全省|全市|全区|全县|我省|我市|我区)?")
# Verbs of what a government or a project did, counted by their object (新建50个区域养老服务中心)
_ACTION_ZH = rx.compile(
    r"(?:累计|共|新|再|全年|当年|年内)?(?P<verb>实施|新建|建成|建设|新增|完成|打造|培育|引进|开工|新开工|开通|创建|改造|新改建|改建"
    r"|认定|举办|开展|落地|签约|招引|设立|组建|推出|办好|办成|建立|新设|新培育|新认定|新开工建设)")
_PERIOD_WORDS_RE = rx.compile(r"截至|截止|到|至|年底|年末|底|末|的")
_DIGIT_RE = rx.compile(r"\d")
# a number in a clause's words that is a value of its own, not a digit of a name (PM2.5, 5G, H2)
_OTHER_NUMBER_RE = rx.compile(r"(?<![A-Za-z.\d])\d+(?:\.\d+)?(?![A-Za-z.\d])")
_OBJECT_START_RE = rx.compile(r"[\u4e00-\u9fffA-Za-z]")
_DIGIT_OR_PERCENT_RE = rx.compile(r"[\d%]")


def _zh_mentions(doc: Document, bn: BlockNumbers, settings: MetricSettings) -> Iterator[Mention]:
    text = doc.text
    qs = [q for q in bn.quantities if q.kind in ("number", "percent", "pp", "rank") and not q.is_range]
    # 近三成, 超过三分之一: a share written in words is a value of the metric before it
    fractions = zh_fraction_shares(text, bn.block.content_start, bn.block.end) if may_hold_fraction(bn.block.content) else []
    if fractions:
        qs = sorted([q for q in qs if not any(f.start <= q.start < f.end for f in fractions)] + fractions, key=lambda q: q.start)
    if not qs:
        return
    sentences = doc.sentences(bn.block)
    # 五年来，… / 2025年，…: a period opening the paragraph holds for the values after it
    lead = _period_zh(_MARKUP.sub("", text[sentences[0][0] : _zh_clause_end(text, sentences[0][0], sentences[0][1])])) if sentences else ""
    k = 0
    list_target = False  # a target list (主要预期目标是：a；b；c。) runs on through sentences ended by ；
    reuse = doc.reuse
    for s0, s1 in sentences:
        while k < len(qs) and qs[k].start < s0:
            k += 1  # sentences and quantities are both in order: one walk, no search per sentence
        j = k
        while j < len(qs) and qs[j].start < s1:
            j += 1
        sq = [q for q in qs[k:j] if q.end <= s1]
        k = j
        if not sq:
            continue
        if reuse is None:
            found, list_target = _zh_sentence_mentions(text, s0, s1, sq, bn, settings, lead, list_target)
            yield from found
            continue
        # The language server: a sentence's mentions depend on its text, its values, the paragraph's
        # lead period, whether a target list runs on into it, the block's place and the settings alone,
        # so a sentence an edit of its long paragraph did not reach is not read again (moved with it).
        key = (text[s0:s1], tuple((q.start - s0, q.end - s0, q[2:]) for q in sq), lead, list_target,
               place_key(bn), bn.block.list_id, settings)
        was, found, list_target = reuse.get("metrics.sentence", key, lambda: (
            s0, *_zh_sentence_mentions(text, s0, s1, sq, bn, settings, lead, list_target)))
        b0 = bn.block.start
        if was != s0 or found and found[0].block_start != b0:
            found = tuple(_moved(m, s0 - was, b0) for m in found)
        yield from found


def _zh_sentence_mentions(text: str, s0: int, s1: int, sq: list[Quantity], bn: BlockNumbers, settings: MetricSettings,
                          lead: str, list_target: bool) -> tuple[tuple[Mention, ...], bool]:
    """One sentence's mentions (read from `text[s0:s1]` and its values `sq` alone), and whether a target
    list runs on into the next sentence."""
    out: list[Mention] = []
    sentence = text[s0:s1]
    # A、B分别增长x、y: values of several metrics in one phrase (which is which is the reader's
    # guess): the clause of 分别 is left out, the other clauses of the sentence are read
    shared = _respectively_spans(sentence, s0) if "分别" in sentence or "依次" in sentence else ()
    # 主要预期目标是：… — a target word that opens a colon list makes the list's values targets
    colon = max(sentence.rfind("："), sentence.rfind(":"))
    target_re = _words_re(settings.target_words)
    target_at = colon if colon > 0 and target_re is not None and target_re.search(sentence, 0, colon) else -1
    if list_target and target_at < 0:
        target_at = 0
    list_target = (target_at >= 0) and sentence.rstrip().endswith(("；", ";"))
    cond = CONDITION_ZH.search(sentence)
    cond_at = s0 + cond.start() if cond else s1
    sent_period, seen_to = "", s0  # the last period named in the sentence so far (read once, left to right)
    prev: Mention | None = None
    prev_end = -1
    for q in sq:
        if q.kind in ("number", "pp") and not q.unit and not _MAGNITUDE_ZH.search(q.text) or q.hedge in _BOUNDS and not _KEPT.search(text, max(s0, q.start - 6), q.start):
            prev = None
            continue  # a bare number (a code, a label) or a bound (十万元以上, 5%左右): not a stated value
        if shared and any(a <= q.start < b for a, b in shared):
            prev = None
            continue
        c0 = _zh_clause_start(text, q.start, s0)
        c1 = _zh_clause_end(text, q.end, s1)
        raw = text[c0 : q.start]
        pre = _MARKUP.sub("", raw)
        if not pre and c0 > s0 and text[c0 - 1] in "：:":
            # 贡献者：1,200人 / **城镇新增就业**：118.6万人: a label and its value; the label names the metric
            l0 = _zh_clause_start(text, c0 - 1, s0)
            label = _MARKUP.sub("", text[l0 : c0 - 1])
            if label and not _DIGIT_RE.search(label):
                raw, pre = text[l0 : c0 - 1], label
        if c0 > seen_to:
            sent_period = _period_zh(text[seen_to:c0]) or sent_period
            seen_to = c0
        period = _period_zh(pre) or sent_period or lead
        region = ""
        if q.kind == "rank":
            r = _REGION_END.search(pre, max(0, len(pre) - _REGION_END_WIDTH))
            if r:
                region, pre = r.group(0), pre[: r.start()]
        dated = _DATED_END.search(pre)
        if dated:
            pre = pre[: dated.start()]  # 从2020年的53.2%: the year is the period (read above), the verb is 从
        m = _VERB_ZH.search(pre, max(0, len(pre) - _VERB_ZH_WIDTH))  # the verb ends the phrase
        kind = "level"
        head = pre
        if m:
            head = pre[: m.start()]
            kind = "from" if m.group("from") else "change" if m.group("change") else "level"
            if m.group("change") and m.group("change").startswith(("年均", "平均")):
                kind = "average-change"  # 年均增长5%: over the plan period, not this year's change
        if q.kind == "rank":
            kind = "rank"
        elif q.kind == "pp" or (kind == "level" and head.endswith(("增速", "增幅", "增长"))):
            kind = "change"
        head = _ADVERB_END.sub("", _YEAR_ZH.sub("", head))
        head = _PERIOD_WORDS_RE.sub("", head) if period else head
        head = _OWN_AREA.sub("", _LEAD_PERIOD_ZH.sub("", head))
        if "等" in head and not _ACTION_ZH.match(head):
            tail = head.rsplit("等", 1)[1]
            head = tail if len(tail) >= settings.min_indicator_chars else head  # 贵阳等夜间消费聚集区: the category
        indicator = ""
        if cond_at < q.start or "<" in raw or "=" in raw:
            prev = None
            continue  # 如果…为0 / width="90%": a condition or markup, not a statement
        if prev is not None and prev.kind == "from" and _TO_VERB.match(_MARKUP.sub("", text[prev.q.end : q.start])):
            indicator, kind, head = prev.indicator, "level", ""  # 从11.37万亿元提高到14.58万亿元: the level reached
        elif _OTHER_NUMBER_RE.search(head) or _COMPARE_ZH.search(head):
            head = ""  # a clause with another number before this one: not a plain metric phrase
        action = _ACTION_ZH.match(head) if head and not indicator else None
        if action and "等" in head[action.end() :] and len(head.rsplit("等", 1)[1]) >= settings.min_indicator_chars:
            head = head[: action.end()] + head.rsplit("等", 1)[1]  # 打造贵阳青云市集等夜间消费聚集区: the category
            action = _ACTION_ZH.match(head)
        if action and (action.end() == len(head) or head.endswith("等")):
            # 实施30项市级疏堵工程 / 实施杜家坎等30项市级疏堵工程: an action verb, the value, the object
            # counted (the examples before 等 name some of the objects, not the metric)
            obj = _DIGIT_OR_PERCENT_RE.split(_MARKUP.sub("", text[q.end : c1]), 1)[0][:12]
            if len(obj) >= 2 and _OBJECT_START_RE.match(obj):
                indicator = action.group("verb") + "·" + obj
        if indicator:
            pass
        elif head:
            indicator = head
        elif kind in ("change", "rank") and prev is not None and text[prev_end:c0].strip("*_ ") in ("、", "，", ","):
            # 地区生产总值14.38万亿元、增长3.9% / 森林覆盖率72.2%，全省第一: the change or rank of that value
            indicator = prev.indicator if kind == "change" else prev.indicator + "（" + _region(text, c0, q.start) + "排名）"
        elif not pre or m is not None and not head:
            # 建设47.8万亩高标准农田: the verb (if any), the value, the object counted
            obj = _MARKUP.sub("", text[q.end : c1])
            obj = _DIGIT_OR_PERCENT_RE.split(obj, 1)[0][:12]
            verb = m.group(0) if m else ""
            if obj and _OBJECT_START_RE.match(obj) and (verb or pre == "") and len(obj) >= 2:
                indicator = (verb + "·" if verb else "·") + obj
        prev, prev_end = None, -1
        if not indicator or len(indicator.replace("·", "")) < settings.min_indicator_chars or len(indicator) > 24:
            continue
        if indicator in settings.generic or indicator.startswith(("该", "这", "此", "其", "上述", "以上")):
            continue
        if kind == "rank" and head:
            indicator += "（" + region + "排名）"
        if kind in ("level", "change") and (0 <= target_at < q.start - s0 or target_re is not None and target_re.search(raw)):
            kind = "target-" + kind  # 主要预期目标是：…增长5%: a target word before the value
        heading_period = bn.period
        if raw.lstrip("*_ ").startswith("在") and "基础上" in text[q.end : c1]:
            heading_period = frozenset()  # 在研发投入强度达到3.4%的基础上: the level reached, in a plan section
        mention = Mention(q, indicator, frozenset(), frozenset(), kind, q.unit, period, heading_period, bn.section,
                          bn.block.start, bn.block.list_id, bn.provision, (s0, s1), "zh", template=bn.template)
        prev, prev_end = mention, q.end
        out.append(mention)
    return tuple(out), list_target




# ---------------------------------------------------------------- English

_EN_STOP = frozenset("""a an the of in on at to for by with from and or but as is are was were be been being this that these those
it its their our we they he she you i who whom which what when where how than then so such also just about around over
under more most less fewer some any all each per into onto out up down did do does done has have had yes very
there here while still even both either other another same said say says report reported reports around nearly
almost roughly approximately percent respondents respondent responses answers people users survey year years
compared comparison versus vs relative larger smaller higher lower greater""".split())  # a comparison's frame says how, not what
_EN_WORD = rx.compile(r"[A-Za-z][A-Za-z'-]+")
# Clause ends. A line break is not one: a soft-wrapped paragraph's lines are one text.
_EN_STOPS = rx.compile(r"[;:()\[\]—–]|,\s|\.\s")
# A value that is all its brackets hold ("Most respondents (68%) write tests", "… in Go code (29%)"):
# the share of the clause around the brackets, which the value annotates
_EN_PAREN_OPEN = rx.compile(r"\(\s*(?:about |around |nearly |almost |roughly |~)?$")
# A bracketed breakdown of answers ("(90% satisfied, 6% dissatisfied)"): the value's label, up to two words
_EN_PAREN_LABEL = rx.compile(r"\s+(?P<label>[A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*)?)\s*[,;)]")
_EN_PAREN_CLOSE = rx.compile(r"\s*(?:,\s*n\s*=\s*[\d,]+\s*)?\)")
# The group a sentence is about, opening it: "Among students, …", "In Europe, …", "For new users, …"
_EN_SCOPE_LEAD = rx.compile(r"\s*(?:Among|Amongst|For|Of|Within|Across|In|Outside)\s+([^,.;:()]{2,60}?),\s")
# A level reached by a change ("down to 28%", "rose to 41%"): a level, not the change
_EN_TO_LEVEL = rx.compile(r"\b(?:up|down|rose|risen|fell|fallen|dropped|grew|grown|increased|decreased|declined|climbed|jumped|went)\s+to\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?$", re.I)
# A count of a whole ("received 4,512 responses", "this year's 8,233 responses", "8,323 total responses",
# "a total of 45 enhancements"): the size of the set itself, whatever the clause around it says
_EN_WHOLE_BEFORE = rx.compile(r"(?:\b(?:received|collected|gathered|had|got|drew|attracted|a total of|in total|among the|of the|of all|all"
                              r"|consists?\s+of|consisted\s+of|comprises?|comprised|contains?|contained|includes?|included|brings?|brought|totals?|totall?ed|counts"
                              r"|reached|(?:grew|grown|rose|risen|climbed|increased|jumped)\s+to)|['’]s)\s+(?:a\s+)?(?:record\s+|total\s+|over\s+|nearly\s+|almost\s+|about\s+)?[*_]{0,2}$", re.I)
# The same for a count written in figures after a determiner or "has" ("Our 14 maintainers", "The 9,540
# responses came from …", "The team now has 12 maintainers"): ten or more, so that "the 3 proposals above"
# (a few things just named) is not read as the size of a set
_EN_WHOLE_DET = rx.compile(r"\b(?:the|our|its|their|has|have)\s+[*_]{0,2}$", re.I)
_EN_WHOLE_MIN = 10
# A name or a naming word right before a bare number: the number names (GCC 4.3 provides …, version 6 of the ABI)
_EN_NAMED_BEFORE = rx.compile(r"(?:\b[A-Z][A-Za-z+#]*|\b(?:version|release|v|level|stage|step|phase|part|chapter|section|article|figure|table|page|rule|item|option|type|tier|round|issue|number|no\.))\s+$")
# A change stated with what changed: "downloads grew 40%", "revenue was up 12%" (the noun before the verb) and
# "a 45% increase in downloads" (the noun after "in"): one metric, whatever else the clause says
_EN_CHANGE_BEFORE = rx.compile(
    r"(?P<y>[A-Za-z][A-Za-z-]+)\s+(?:have\s+|has\s+)?(?P<v>grew|grown|rose|risen|increased|jumped|climbed|fell|fallen|dropped"
    r"|declined|decreased|(?:was|were|are|is)\s+(?:up|down))\s+(?:by\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+)?[*_]{0,2}$", re.I)
_EN_CHANGE_AFTER = rx.compile(
    r"[*_]{0,2}\s*(?P<v>increase|rise|growth|jump|gain|drop|decline|decrease|fall|reduction)\s+in\s+(?:the\s+)?(?:number\s+of\s+)?"
    r"(?P<y>[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)", re.I)
_EN_DOWN = frozenset({"fell", "fallen", "dropped", "declined", "decreased", "down", "drop", "decline", "decrease", "fall", "reduction"})
# … unless a phrase after the noun narrows the set ("30 responses from Europe", "12 responses mentioning CI")
# "responses from 120 countries", "responses in four weeks": the extent of the whole set, not a part of it
_EN_EXTENT = rx.compile(r"\s+(?:from|across|in|over)\s+(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|dozens\s+of|hundreds\s+of)\s+[a-z]+", re.I)
_EN_QUALIFIED = rx.compile(r"\s+(?:from|in|of|for|among|by|with|about|on|at|per|who|that|which|to|[a-z]+ing)\b", re.I)
# The verb that ends a clause's subject, and the words that open a reported clause ("found that …",
# "Chart showing …"): the subject is read after them. A short list, not a tagger: an unknown verb
# leaves the subject unread (empty), which never tells two metrics apart.
_EN_VERB_TOKEN = rx.compile(
    r"\b(?:is|are|was|were|remains?|remained|has|have|had|said|says|say|reported|reports|use[sd]?|became|becomes"
    r"|continues?|continued|stays?|stayed|accounts?|accounted|makes|made|represents?|represented|reached|grew|rose|fell"
    r"|dropped|increased|decreased|saw|sees|prefers?|preferred|wants?|wanted|needs?|needed|writes?|wrote|do|does|did"
    r"|plans?|planned|expects?|expected|selected|chose|indicated|mentioned|cited|agreed|felt|thinks?|thought"
    r"|believes?|believed|works?|worked|runs?|ran|can|could|will|would|should|may|might|must|were)\b", re.I)
_EN_REPORTED = rx.compile(r".*\b(?:that|whether|showing|shows|found|while|whereas|although)\s+", re.I | re.S)
# Words that name how much of a group, not who: "a quarter of respondents", "the majority"
_EN_AMOUNT_WORDS = frozenset({"quarter", "quarters", "third", "thirds", "half", "halves", "majority", "majorities", "minority",
                              "minorities", "fraction", "share", "proportion", "percentage", "number", "total", "many", "few",
                              "several", "one", "two", "three", "large", "small", "vast", "slight"})
# After a bracketed value, a conjunction starts the next coordinated item ("at work (72%) and outside of work (62%)")
_EN_NEXT_ITEM = rx.compile(r"\s*,?\s*(?:and|or|but|while|whereas|with|compared)\b", re.I)

# An attribute whose value is text a reader sees (an image's alt text or title)
_EN_ATTR_TEXT = rx.compile(r"\b(?:alt|title)\s*=\s*([\"'])")
_EN_CHANGE = rx.compile(r"\b(?:increase|increased|decrease|decreased|up|down|grew|growth|rose|fell|drop|dropped|more|fewer|less|higher|lower|gain|gained|change|changed)\b", re.I)
_EN_FROM = rx.compile(r"\bfrom\s+$", re.I)
_EN_FROM_TO = rx.compile(r"\s*(?:to|→|->|–>)\s*", re.I)  # between the two levels of "from A to B"
# "last year" is the previous period; "(during) the last year" / "the prior year" is the trailing twelve months,
# the survey's own
_EN_PREV = rx.compile(r"\b(?:(?<!the )last year|previous|(?<!the )prior(?! to\b)|earlier (?:survey|year|edition)|in (?:19|20)\d\d|(?:19|20)\d\d['’]s)\b", re.I)
_EN_YEAR = rx.compile(r"\b((?:19|20)\d\d)\b")
_EN_YEAR_OPENING = rx.compile(r"[\s*_]*(?:In|During|Throughout|For)\s+((?:19|20)\d\d)\b(?!\s*[-–/])")
_EN_ATTACHED = rx.compile(r"\s*(?:with|which|who|where|whereby)\b|.*\b(?:it|its|they|them|their|this|these)\b", re.I | re.S)
_EN_GROUPS_COMPARED = rx.compile(r"\b(?:more|less)\s+likely\b.*\bthan\b", re.I | re.S)
_EN_EARLIER = rx.compile(r"\b(?:the\s+)?(?:last|previous|prior|earlier)\s+(?:survey|edition|report|round|release|quarter)\b", re.I)
_EN_BASE_BEFORE = rx.compile(r"\b(?:from|than|since|compared\s+(?:with|to)|vs\.?|versus|over)\s*$", re.I)
_EN_WHEN = rx.compile(r",?\s*when\b", re.I)
# A coordinated clause between two values: the second value's clause starts after it
_EN_COORD = rx.compile(r"(?:,\s*|\s+)(?:and|while|whereas|but)\s+(?!.*\b(?:and|while|whereas|but)\s)", re.I | re.S)
_EN_TARGET = rx.compile(r"\b(?:will|target|goal|plan|expect|aim|should|must)\b", re.I)


_EN_JOINED = rx.compile(r"\s*(?:[A-Za-z]+\s*)?(?:,|and|to|or|,\s*and|-|–|/|x|×)?\s*")
_EN_VERB = rx.compile(r"\b(?:said|say|says|use|used|using|reported|selected|chose|answered)\b", re.I)


_EN_POLARITY = frozenset({"only", "not", "never", "no", "without", "except", "exclusively", "none", "neither", "nor",
                          "unable", "cannot", "can't", "don't", "doesn't", "didn't", "won't", "aren't", "isn't", "weren't"})


@functools.lru_cache(maxsize=8192)
def _stem(w: str) -> str:
    """One form for a word's inflections (use / uses / used / using, study / studies, integrate / integrates):
    the suffix dropped, a final e dropped, and a two-letter root given its e back (us-ing → use)."""
    w = w.lower().strip("'-")
    if len(w) > 4 and w.endswith(("ies", "ied")):
        return w[:-3] + "y"
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and not w.endswith("ss"):
            root = w[: -len(suf)]
            if len(root) >= 3 or len(root) == 2 and suf in ("ing", "ed", "es") and root[-1] not in "aeiou":
                w = root if len(root) >= 3 else root + "e"
                break
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


def _en_scope(sentence: str) -> frozenset[str]:
    """The group a sentence opens with ("Among students," / "In Europe,"), as stems; years are periods."""
    m = _EN_SCOPE_LEAD.match(sentence)
    if m is None or _EN_YEAR.search(m.group(1)) or _EN_TIME_SCOPE.fullmatch(m.group(1).strip()):
        return frozenset()  # "In 2024," "In June," "For the last quarter,": a time, not a group
    words = frozenset(_stem(w) for w in _EN_WORD.findall(m.group(1)) if w.lower() not in _EN_STOP)
    return frozenset() if words <= _EN_DISCOURSE else words  # "In total," "For example," "In particular,": no group


_EN_TIME_SCOPE = rx.compile(
    r"(?:(?:early|mid|late)[\s-]+)?(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Q[1-4]|H[12]|(?:the\s+)?(?:first|second|third|fourth|last|past|next|previous)\s+(?:half|quarter|month|week|year|months|weeks|years)"
    r"|(?:this|that|each|every)\s+(?:month|week|quarter|year|period))", re.I)


# Words of a sentence-opening phrase that links the text rather than naming a group ("In total,", "Of course,")
_EN_DISCOURSE = frozenset(_stem(w) for w in """total all short general particular fact addition practice example instance
course contrast summary comparison sum brief turn words conclusion part cases case effect theory principle retrospect
hindsight light view short future past meantime meanwhile order spite""".split())


def _en_attr_bounds(text: str, s0: int, q: Quantity) -> tuple[int, int] | None | bool:
    """Where `q` sits in markup: (start, end) of the alt/title text it is in, None when in no tag,
    False when inside a tag elsewhere (width="90%")."""
    lt = text.rfind("<", max(s0, q.start - 400), q.start)
    if lt < 0 or text.find(">", lt, q.start) >= 0:
        return None
    attrs = list(_EN_ATTR_TEXT.finditer(text, lt, q.start))
    if attrs:
        quote = attrs[-1].group(1)
        start = attrs[-1].end()
        end = text.find(quote, start)
        if text.find(quote, start, q.start) < 0 and end >= q.end:
            return start, end
    return False


def _en_mentions(doc: Document, bn: BlockNumbers, settings: MetricSettings) -> Iterator[Mention]:
    text = doc.text
    qs = [q for q in bn.quantities if q.kind in ("percent", "number", "rank") and not q.is_range]
    # "One quarter of respondents …", "Three out of every four respondents …": a share written in words
    fractions = en_fraction_shares(text, bn.block.content_start, bn.block.end)
    if fractions:  # the fraction is the value, not a number inside it ("four" of "three out of every four")
        qs = sorted([q for q in qs if not any(f.start <= q.start < f.end for f in fractions)] + fractions, key=lambda q: q.start)
    if not qs:
        return
    for s0, s1 in doc.sentences(bn.block):
        sq = within(qs, s0, s1)
        if not sq:
            continue
        sentence = text[s0:s1]
        if "respectively" in sentence:
            continue
        if sum(1 for q in sq if q.kind == "percent") >= 3 and not _EN_VERB.search(sentence):
            continue  # a breakdown of shares (a chart's data): percent-sum and chart-text compare those
        if _EN_GROUPS_COMPARED.search(sentence):
            continue  # "those at large organizations are more likely to … (48%) than …": two groups' shares, not the metric
        scope = _en_scope(sentence) if sentence[:1].isupper() or sentence[:1] in " *_" else frozenset()
        start_of: Mention | None = None  # the "from" value just read: "grew from 21% to 26%"
        for i, q in enumerate(sq):
            if q.hedge in _BOUNDS:
                continue  # at least 20 bits: a requirement's bound, not a measurement
            if start_of is not None and start_of.q is sq[i - 1] and _EN_FROM_TO.fullmatch(text, start_of.q.end, q.start):
                # the level the change reached, with the metric of its "from" value; compared only with the ends of
                # other from-to changes (a plain level nearby may be either end: "was 41.2%" … "rose from 41.2% to 45%")
                yield start_of._replace(q=q, kind="to", unit=q.unit or q.noun, period=start_of.period if start_of.period != "prev" else "")
                start_of = None
                continue
            start_of = None
            from_value = _EN_FROM.search(text, max(s0, q.start - 8), q.start) is not None
            lo = sq[i - 1].end if i else s0
            stated = _stated_answer(text, lo, q)
            if not from_value and stated is None and (i and _EN_JOINED.fullmatch(text, sq[i - 1].end, q.start)
                                                      or i + 1 < len(sq) and _EN_JOINED.fullmatch(text, q.end, sq[i + 1].start)):
                continue  # 20 minutes and 50.52 seconds, 3 to 5 days: one compound value, an example's parts
            label = _en_label(text, s0, s1, q) if not i and q.kind in ("number", "percent") else None
            if label is not None:
                # "Vulnerabilities fixed: 40", "**Response rate**: 23%": a label and its value, one key figure;
                # the same label elsewhere with another value is the same figure twice
                words = frozenset({"#label"}) | label
                yield Mention(q, " ".join(sorted(label)), words, frozenset(), "level", q.unit or q.noun,
                              _EN_YEAR.findall(text[s0 : q.start])[-1] if _EN_YEAR.search(text, s0, q.start) else "",
                              bn.period, bn.section, bn.block.start, bn.block.list_id, bn.provision, (s0, s1), "en",
                              scope, template=bn.template)
                continue
            if q.kind == "number" and not (q.unit or PLURAL_RE.fullmatch(q.noun or "")):
                continue  # a bare number (a section, a code): what it counts is not written next to it
            if q.kind == "number" and not q.unit and not q.text[:1].isdigit() and _EN_LIST_FOLLOWS.match(text, _after_noun(text, q)):
                continue  # "The three authentication factors are something you know, …": a list's count, not a measure
            if q.kind == "number" and not q.unit and not text[s0 : q.start].strip(" *_-"):
                continue  # "1003 indicates that …": a code opening its definition
            if q.kind == "number" and not q.unit and _EN_NAMED_BEFORE.search(text, max(s0 + 1, q.start - 24), q.start):
                continue  # GCC 3.3, Python 3, version 5, Stage 2: a number that names a release or a part
            if "=" in text[max(s0, q.start - 3) : q.start]:
                continue  # width="90%": markup, not a statement
            hi = sq[i + 1].start if i + 1 < len(sq) else s1
            attr = _en_attr_bounds(text, s0, q) if "<" in sentence else None
            if attr is False:
                continue  # inside a tag, not in its text
            if attr:
                lo, hi = max(lo, attr[0]), min(hi, attr[1])  # an image's alt text is a sentence of its own
            stops_before = [m.end() for m in _EN_STOPS.finditer(text, lo, q.start)]
            c0 = stops_before[-1] if stops_before else lo
            m_after = _EN_STOPS.search(text, q.end, hi)
            c1 = m_after.start() if m_after else hi
            if len(stops_before) >= 1 and _EN_ATTACHED.match(text, c0, q.start):
                # "VS Code remains the most used editor, with 68% of respondents using it", "…`gopls`, which
                # was knowingly used by 65%": the clause hangs on the one before it, which names the metric
                c0 = stops_before[-2] if len(stops_before) >= 2 else lo
            if i and lo == sq[i - 1].end:
                joined = _EN_COORD.search(text, max(c0, lo), q.start)
                if joined:  # "38% preferred VS Code and 35% preferred GoLand": this value's clause starts after "and"
                    c0 = joined.end()
            before, after = text[c0 : q.start], text[q.end : c1]
            close = _EN_PAREN_CLOSE.match(text, q.end)
            if close and _EN_PAREN_OPEN.search(text, max(lo, q.start - 12), q.start):
                # "Most respondents (68%) write tests": the value annotates the clause its brackets sit in
                po = text.rfind("(", lo, q.start)
                stops_before = [m.end() for m in _EN_STOPS.finditer(text, lo, po)]
                c0 = stops_before[-1] if stops_before else lo
                m_after = _EN_STOPS.search(text, close.end(), hi)
                c1 = m_after.start() if m_after else hi
                if _EN_NEXT_ITEM.match(text, close.end(), c1):
                    c1 = close.end()  # the bracketed value closes its item
                before, after = text[c0:po], text[close.end() : c1]
            elif stated is not None:
                before, after = stated, ""
            opener = _EN_REPORTED.match(before) if stated is None else None  # a stated answer's clause is read whole
            if opener:
                before = before[opener.end() :]  # "We also found that …", "Chart showing …": the clause reported
            clause = before + " " + after
            subject = _en_subject(clause)
            kind = "level"
            near = text[max(c0, q.start - 24) : min(c1, q.end + 24)]
            if q.kind == "rank":
                kind = "rank"
            elif _EN_FROM.search(before):
                kind = "from"
            elif _EN_TO_LEVEL.search(before):
                kind = "level"  # down to 28%: the level the change reached
            elif q.kind == "pp" or _EN_CHANGE.search(near):
                kind = "change"
            period = ""
            pm = _EN_PREV.search(clause)
            if pm is None:
                # "a notable difference from the last survey in H1, when 43% preferred VS Code": the earlier
                # survey named before the value, as its time (not as the base of a comparison, "than in H1")
                earlier = _EN_EARLIER.search(text, s0, q.start)
                if earlier and (not _EN_BASE_BEFORE.search(text, max(s0, earlier.start() - 14), earlier.start())
                                or _EN_WHEN.search(text, earlier.end(), q.start)):
                    pm = earlier
            opening = _EN_YEAR_OPENING.match(text, s0, q.start)
            if opening:
                period = opening.group(1)  # "In 2023, our community grew to …": the sentence's own year, not an earlier one
            elif pm:
                period = "prev"
            else:
                years = _EN_YEAR.findall(clause) or _EN_YEAR.findall(text[s0:c0])
                if years:
                    period = years[-1]
            unit = q.unit or q.noun
            if (q.kind == "number" and not q.unit and kind == "level" and PLURAL_RE.fullmatch(q.noun or "")
                    and (_EN_WHOLE_BEFORE.search(text, max(s0, q.start - 30), q.start)
                         or q.text[:1].isdigit() and q.value >= _EN_WHOLE_MIN and _EN_WHOLE_DET.search(text, max(s0, q.start - 12), q.start))
                    and not (_EN_QUALIFIED.match(text, _after_noun(text, q)) and not _EN_EXTENT.match(text, _after_noun(text, q)))):
                # received 4,512 responses / this year's 4,215 responses: the size of the whole set
                words = frozenset({"#whole", _stem(q.noun)})
                yield Mention(q, q.noun, words, _en_names(text, s0, q.start), "whole", unit, period,
                              bn.period, bn.section, bn.block.start, bn.block.list_id, bn.provision, (s0, s1), "en", scope, template=bn.template)
                continue
            if not period:
                parts = _within_year(sentence)  # "in Q1", "in March": a part of the year is a period of its own
                if parts:
                    period = min(parts)
            counted = _en_counted(text, c0, c1, q) if q.kind == "number" and kind == "level" else None
            if counted is not None:
                # closed 1,240 issues / 1,420 issues were closed; raised $1.5 million in funding: what was done to
                # how many of what, or the sum a money noun names
                yield Mention(q, " ".join(counted), frozenset({"#count", *counted}), _en_names(text, c0, c1, skip=q), "level",
                              unit, period, bn.period, bn.section, bn.block.start, bn.block.list_id, bn.provision, (s0, s1),
                              "en", scope, template=bn.template)
                continue
            changed = _en_changed(text, c0, c1, q) if q.kind == "percent" else None
            if changed is not None:
                # downloads grew 40% / a 45% increase in downloads: the change of that noun
                words = frozenset({"#change", changed[0], changed[1]})
                yield Mention(q, changed[2], words, _en_names(text, c0, c1, skip=q), "change", unit,
                              _EN_YEAR.findall(clause)[-1] if _EN_YEAR.search(clause) else "", bn.period,
                              bn.section, bn.block.start, bn.block.list_id, bn.provision, (s0, s1), "en", scope, template=bn.template)
                continue
            words = [w for w in _EN_WORD.findall(clause)]
            # a name counts however short (Go, R, C#'s C); an amount word (a quarter of) says how many, not what;
            # the verb that says a level was reached (rose to, reached) says nothing of what was measured
            content = frozenset(_LEMMA.get(w.lower(), _stem(w)) for w in words if w.lower() not in _EN_STOP and w.lower() not in _EN_AMOUNT_WORDS
                                and (len(w) > 2 or w.lower() == "no" or w[0].isupper())
                                and not (kind == "level" and w.lower() in _EN_LEVEL_VERBS))
            names = frozenset(w.lower() for w in words[1:] if w[0].isupper() and w.lower() not in _EN_STOP)
            if len(content) < settings.min_shared_words:
                continue
            if _EN_TARGET.search(sentence) and kind in ("level", "change"):
                kind = "target-" + kind
            mention = Mention(q, " ".join(sorted(content)), content, names, kind, unit, period, bn.period,
                              bn.section, bn.block.start, bn.block.list_id, bn.provision, (s0, s1), "en", scope, subject, bn.template)
            start_of = mention if kind == "from" else None
            yield mention


# A key figure's label: the whole clause before the value, ending in a colon ("Vulnerabilities fixed: 40");
# the value then ends its sentence, alone or with its unit or a bracketed note.
_EN_LABEL = rx.compile(r"[\s*_]*(?P<label>[A-Za-z][A-Za-z '/&-]{2,60}?)[\s*_]*:[\s*_]*$")
_EN_LABEL_TAIL = rx.compile(r"[\s*_]*(?:[A-Za-z-]+[\s*_]*){0,2}(?:\([^()]*\))?[\s*_]*[.;]?[\s*_]*$")
_EN_LABEL_MAX_WORDS = 6


def _en_label(text: str, s0: int, s1: int, q: Quantity) -> frozenset[str] | None:
    """The content words of the label a value stands under as `Label: value`, or None."""
    m = _EN_LABEL.fullmatch(text, s0, q.start)
    if m is None or not _EN_LABEL_TAIL.fullmatch(text, q.end, s1):
        return None
    words = _EN_WORD.findall(m.group("label"))
    if len(words) > _EN_LABEL_MAX_WORDS:
        return None
    content = frozenset(_stem(w) for w in words if w.lower() not in _EN_STOP)
    return content if len(content) >= 2 else None


_LEMMA = {"usage": "use", "adoption": "adopt"}  # a noun for the act, read as its verb: "Rust usage" = "use Rust"
_EN_LEVEL_VERBS = frozenset("""rose risen grew grown reached reaching hit climbed jumped stood stands totaled totalled
totals amounted amounts""".split())
# a count's verb: what was done to the things counted (closed 1,240 issues / 1,420 issues were closed)
_EN_COUNT_VERB = frozenset("""closed merged fixed resolved shipped released published landed reviewed triaged opened filed
reported accepted rejected deprecated removed added onboarded welcomed hosted held organized organised ran trained
mentored sponsored funded awarded granted donated raised answered received handled processed completed delivered
deployed migrated audited patched""".split())
_EN_COUNT_BEFORE = rx.compile(r"(?:^|\s)(?P<verb>[a-z]+)\s+(?:a\s+total\s+of\s+|over\s+|more\s+than\s+|nearly\s+|almost\s+|about\s+|some\s+)?[*_]{0,2}$", re.I)
_EN_COUNT_PASSIVE = rx.compile(r"\s+(?:[a-z-]+\s+)?(?P<noun>[a-z-]+s)\s+(?:were|was|have\s+been|has\s+been|had\s+been|got)\s+(?P<verb>[a-z]+)\b", re.I)
_EN_MONEY_NOUNS = frozenset("""funding funds revenue budget income donations grants sponsorship spending expenses costs
investment investments raised salaries payroll""".split())
_MONEY_SAME = {"raised": "fund", "funds": "fund", "funding": "fund"}  # raised $1m = $1m of funding
_CURRENCY = frozenset({"$", "€", "£", "¥", "USD", "EUR", "GBP", "CNY", "RMB"})


def _en_counted(text: str, c0: int, c1: int, q: Quantity) -> tuple[str, ...] | None:
    """(verb, noun) of a count ("closed 1,240 issues", "1,420 issues were closed"), ('#money', noun) of a sum
    a money noun names ("$1.5 million in funding", "funding reached $1.5 million"), or None."""
    if q.unit in _CURRENCY:
        nouns = {_MONEY_SAME.get(w.lower(), _stem(w)) for w in _EN_WORD.findall(text, c0, c1) if w.lower() in _EN_MONEY_NOUNS}
        return ("#money", nouns.pop()) if len(nouns) == 1 else None
    if q.unit or not PLURAL_RE.fullmatch(q.noun or ""):
        passive = _EN_COUNT_PASSIVE.match(text, q.end, c1) if not q.unit else None
        if passive and passive.group("verb").lower() in _EN_COUNT_VERB:
            return (_stem(passive.group("verb")), _stem(passive.group("noun")))
        return None
    before = _EN_COUNT_BEFORE.search(text, max(c0, q.start - 40), q.start)
    if before and before.group("verb").lower() in _EN_COUNT_VERB:
        return (_stem(before.group("verb")), _stem(q.noun))
    passive = _EN_COUNT_PASSIVE.match(text, q.start + len(q.text), c1)
    if passive and _stem(passive.group("noun")) == _stem(q.noun) and passive.group("verb").lower() in _EN_COUNT_VERB:
        return (_stem(passive.group("verb")), _stem(q.noun))
    return None


def _en_names(text: str, a: int, b: int, skip: Quantity | None = None) -> frozenset[str]:
    """Capitalised words of text[a:b] that are not the sentence's first word: the names a value is said of."""
    out = set()
    for m in _EN_WORD.finditer(text, a, b):
        w = m.group(0)
        if skip is not None and skip.start <= m.start() < skip.end or not w[0].isupper() or w.lower() in _EN_STOP:
            continue
        before = text[max(0, m.start() - 2) : m.start()].strip(" *_")
        if m.start() == a or before[-1:] in (".", "!", "?", "") and m.start() - 2 <= a:
            continue
        out.add(w.lower())
    return frozenset(out)


def _en_changed(text: str, c0: int, c1: int, q: Quantity) -> tuple[str, str, str] | None:
    """(direction, noun stem, the metric in words) of a change given with what changed, or None."""
    m = _EN_CHANGE_BEFORE.search(text, max(c0, q.start - 60), q.start)
    if m is not None:
        noun, verb = m.group("y"), m.group("v").split()[-1].lower()
    else:
        m = _EN_CHANGE_AFTER.match(text, q.end, c1)
        if m is None:
            return None
        verb = m.group("v").lower()
        words = [w for w in m.group("y").split() if w.lower() not in _EN_STOP]
        noun = words[-1] if len(words) == 1 or PLURAL_RE.fullmatch(words[-1].lower() or "") else words[0] if words else ""
    if not noun or noun.lower() in _EN_STOP or noun.lower() in _EN_AMOUNT_WORDS:
        return None
    said = " ".join(m.group(0).strip(" *_").split())  # the metric in the document's words: "downloads grew"
    return ("down" if verb in _EN_DOWN else "up"), _stem(noun), said


def _stated_answer(text: str, lo: int, q: Quantity) -> str | None:
    """The clause a bracketed answer's share belongs to, when the clause states that answer: "… said they felt
    satisfied … (90% satisfied, 6% dissatisfied)" gives 90% to the clause; 6% (dissatisfied) is another answer's."""
    if text[q.start - 1 : q.start] != "(" and not _EN_PAREN_OPEN.search(text, max(lo, q.start - 12), q.start):
        return None
    label = _EN_PAREN_LABEL.match(text, q.end)
    if label is None:
        return None
    po = text.rfind("(", lo, q.start)
    if po < 0:
        return None
    stops_before = [m.end() for m in _EN_STOPS.finditer(text, lo, po)]
    c0 = stops_before[-1] if stops_before else lo
    said = {_stem(w) for w in _EN_WORD.findall(text, c0, po)}
    return text[c0:po] if {_stem(w) for w in _EN_WORD.findall(label.group("label"))} <= said else None


def _en_subject(before: str) -> frozenset[str]:
    """Content words of the clause's subject: before its first verb, after any reporting opener."""
    v = _EN_VERB_TOKEN.search(before)
    if v is None:
        return frozenset()
    m = _EN_REPORTED.match(before, 0, v.start())
    return frozenset(_stem(w) for w in _EN_WORD.findall(before, m.end() if m else 0, v.start())
                     if w.lower() not in _EN_STOP and w.lower() not in _EN_AMOUNT_WORDS and len(w) > 2)


def _after_noun(text: str, q: Quantity) -> int:
    """Offset just past the noun a count counts ("4,512 responses", "8,323 total responses")."""
    i = text.find(q.noun, q.end, q.end + len(q.noun) + 24) if q.noun else -1  # "46 security reports": a compound's last word
    return i + len(q.noun) if i >= 0 else q.end


# after a count's noun, the list of what it counts: "… factors are something you know, …", "… steps: a, b and c"
_EN_LIST_FOLLOWS = rx.compile(r"\s*(?::|\s+(?:are|were)\s)")


# ---------------------------------------------------------------- the model


def mentions(doc: Document, settings: MetricSettings) -> tuple[Mention, ...]:
    """Every value of the document bound to its metric (one view per document and settings)."""
    return doc.view(_mentions, settings)


_HAN = rx.compile(r"[\u4e00-\u9fff]")


def _mentions(doc: Document, settings: MetricSettings) -> tuple[Mention, ...]:
    out: list[Mention] = []
    reuse = doc.reuse
    known, language, fmt = memo(doc), doc.language, doc.format
    rows: dict[int, BlockNumbers] = {}
    for bn in analyse(doc, settings.exclude):
        if bn.block.kind == "table_row":
            rows[bn.block.start] = bn
            continue
        if not bn.quantities and not _fraction_only(doc, bn):
            continue
        if bn.block.kind == "heading":
            continue  # a heading's numbers number the section
        if reuse is None:
            # What a block's text says of its values is read once per distinct content (`Memo`):
            # read at the block's offset with its place left open, then placed where it stands.
            b, base = bn.block, bn.block.content_start
            was, found = known.get("metrics.mentions", (b.content, language, fmt, settings),
                                   lambda: (base, tuple(_block_mentions(doc, bn._replace(period=_PLACE), settings))))
            out.extend(_placed(m, base - was, bn) for m in found)
            continue
        # A block's mentions are read from its own text and its place in the outline (section,
        # headings' periods, provision, list): unchanged in those since the last version, they are moved with it.
        b = bn.block
        key = (b.text, b.content_start - b.start, b.kind, b.list_id, place_key(bn), doc.language, doc.format, settings)
        was, found = reuse.get("metrics.mentions", key, lambda: (b.start, tuple(_block_mentions(doc, bn, settings))))
        out.extend(found if was == b.start else (_moved(m, b.start - was, b.start) for m in found))
    if rows:
        cells = list(_table_mentions(doc, rows, settings))
        if cells:
            out = sorted(out + cells, key=lambda m: m.q.start)
    return tuple(out)


# ---------------------------------------------------------------- tables
# A table states a metric in a row: its label (the first cell) names the indicator, the column header
# the period or the kind of value (2025年, 比上年增长（%）), the label's or header's brackets the unit
# (地区生产总值（亿元）). Only columns whose header adds no dimension of its own are read: a year, a word
# for the value itself, a change; "城镇 / 农村" or "Professional / Hobby" columns are two metrics.
_CELL_UNIT = rx.compile(r"[（(](?:单位[:：])?\s*(?P<u>[^（）()]{1,8})[）)]\s*$")
_HEADER_YEAR = rx.compile(r"(?:19|20)\d\d")
_HEADER_CHANGE = rx.compile(r"增长|增速|增幅|比上年|同比|变化|变动|\bchange\b|\bgrowth\b|\byoy\b|\bincrease\b|\bdecrease\b|[Δ±]", re.I)
_HEADER_PLAIN = rx.compile(
    r"(?:(?:19|20)\d\d(?:年度?|年底|年末|年)?|本年|全年|当年|今年|本期|数值|数量|绝对值|总量|总额|金额|指标值|实际|完成|完成值|完成情况|实绩"
    r"|value|values|total|amount|count|number|actual|result|results|share|percent|percentage|%|％|fy\s*(?:19|20)\d\d)?", re.I)
_LABEL_SKIP = rx.compile(r"^(?:合计|总计|小计|其中|其他|其它|总数|共计|全部|total|sum|all|overall|other|others|average|mean|median)\b", re.I)


def _column_reading(header: str) -> tuple[str, str] | None:
    """(kind, period) of a value column from its header, or None for a header that names a dimension."""
    h = _MARKUP.sub("", _CELL_UNIT.sub("", header)).strip(":：")
    years = _HEADER_YEAR.findall(h)
    if _HEADER_CHANGE.search(h):
        return "change", years[-1] if len(years) == 1 else ""
    if _HEADER_PLAIN.fullmatch(h.replace(" ", "")):
        return "level", years[-1] if years else ""
    return None


def _table_mentions(doc: Document, rows: dict[int, BlockNumbers], settings: MetricSettings) -> Iterator[Mention]:
    from reportlint.analysis.tables import tables
    from reportlint.text.quantities import scan

    for t in tables(doc):
        if len(t.header.cells) < 2 or not t.rows:
            continue
        columns = [(j, _column_reading(c.text)) for j, c in enumerate(t.header.cells) if j]
        columns = [(j, r) for j, r in columns if r is not None]
        if not columns:
            continue
        for row in t.rows:
            bn = rows.get(row.block.start)
            if bn is None or len(row.cells) < 2 or row.cells[0].value is not None:
                continue
            label = row.cells[0].text
            um = _CELL_UNIT.search(label)
            name = (label[: um.start()] if um else label).strip()
            if not name or _LABEL_SKIP.match(name) or _DIGIT_RE.search(name):
                continue
            zh = bool(_HAN.search(name))
            for j, (kind, period) in columns:
                if j >= len(row.cells) or row.cells[j].value is None:
                    continue
                cell = row.cells[j]
                unit = um.group("u") if um else (t.units[j] if j < len(t.units) else "")
                if kind == "change" and not cell.text.endswith(("%", "％")):
                    unit = "%"  # 比上年增长（%）: the column's changes are shares
                written = cell.text if cell.text.endswith(("%", "％")) or not unit else cell.text + unit.strip()
                found = [q for q in scan(written, 0, settings.exclude, "zh" if zh else "en") if q.end == len(written)]
                if len(found) != 1 or found[0].kind not in ("number", "percent") or not (found[0].unit or found[0].kind == "percent"):
                    continue
                q = found[0]._replace(start=cell.start, end=cell.end, text=written)
                if zh:
                    indicator = _OWN_AREA.sub("", _MARKUP.sub("", name))
                    v = _VERB_ZH.search(indicator, max(0, len(indicator) - _VERB_ZH_WIDTH))
                    if v and v.group("level"):
                        indicator = indicator[: v.start()]  # 社会消费品零售总额: read as the text reads 零售总额5300亿元
                    if len(indicator) < settings.min_indicator_chars or indicator in settings.generic or len(indicator) > 24:
                        continue
                    words: frozenset[str] = frozenset()
                    names: frozenset[str] = frozenset()
                else:
                    tokens = _EN_WORD.findall(name)
                    words = frozenset(_stem(w) for w in tokens if w.lower() not in _EN_STOP and (len(w) > 2 or w[0].isupper()))
                    if len(words) < settings.min_shared_words:
                        continue
                    names = frozenset(w.lower() for w in tokens[1:] if w[0].isupper() and w.lower() not in _EN_STOP)
                    indicator = " ".join(sorted(words))
                yield Mention(q, indicator, words, names, kind, q.unit, period, bn.period, bn.section, row.block.start,
                              None, bn.provision, (row.block.start, row.block.end), "zh" if zh else "en",
                              template=bn.template, table=t.table_id)


def _fraction_only(doc: Document, bn: BlockNumbers) -> bool:
    """A block with no figure that still gives a share in words (近三成, "One quarter of respondents …")."""
    b = bn.block
    if not may_hold_fraction(b.content):
        return False
    read = zh_fraction_shares if _HAN.search(b.content) else en_fraction_shares
    return bool(read(doc.text, b.content_start, b.end))


def _block_mentions(doc: Document, bn: BlockNumbers, settings: MetricSettings) -> Iterator[Mention]:
    if _HAN.search(bn.block.content):
        return _zh_mentions(doc, bn, settings)
    return _en_mentions(doc, bn, settings)


_BLOCK_START, _SENTENCE = Mention._fields.index("block_start"), Mention._fields.index("sentence")
_HEADING_PERIOD = Mention._fields.index("heading_period")
_TEMPLATE = Mention._fields.index("template")
# The headings' periods of a block whose place is left open (its mentions read for `Memo`): a value
# no heading gives, replaced by the block's own periods wherever a mention keeps it (`_placed`).
_PLACE = frozenset({"\0the block's"})


def _placed(m: Mention, delta: int, bn: BlockNumbers) -> Mention:
    """A mention read with its block's place left open (`_PLACE`), moved by `delta` and given the place of `bn`."""
    fields = list(m)
    if delta:
        fields[0] = shifted(m.q, delta)
        fields[_SENTENCE] = (m.sentence[0] + delta, m.sentence[1] + delta)
    if m.heading_period is _PLACE:
        fields[_HEADING_PERIOD] = bn.period
    b = bn.block
    fields[_HEADING_PERIOD + 1: _SENTENCE] = (bn.section, b.start, b.list_id, bn.provision)
    fields[_TEMPLATE] = bn.template
    return tuple.__new__(Mention, fields)


def _moved(m: Mention, delta: int, block_start: int) -> Mention:
    """A mention whose block moved by `delta` characters (every offset field of Mention moves here)."""
    fields = list(m)
    fields[0] = shifted(m.q, delta)
    fields[_BLOCK_START] = block_start
    fields[_SENTENCE] = (m.sentence[0] + delta, m.sentence[1] + delta)
    return tuple.__new__(Mention, fields)  # _replace's result, at a third of its cost


def conflicts(doc: Document, settings: MetricSettings) -> tuple[Conflict, ...]:
    """Pairs of mentions of one metric in one scope whose values cannot both be true."""
    return doc.view(_conflicts, settings)


def _scope(m: Mention, scope: str) -> tuple:
    return () if scope == "document" else (m.section,) if scope == "section" else (m.block_start,)


def _prev_of(m: Mention) -> str:
    """The period a "previous period" word (去年, last year) names from where it stands: the year before the
    year its headings name (2026年重点工作 → 2025), or the review part when it stands in a plan part."""
    years = [int(y) for y in m.heading_period if y.isdigit()]
    if years:
        return str(max(years) - 1)
    return "review" if "plan" in m.heading_period else ""


def _compatible_periods(a: Mention, b: Mention) -> bool:
    if (a.period == "prev") != (b.period == "prev") and not (a.period and b.period):
        # 去年全省生产总值增长5.3% in the 2026 plan vs 全省生产总值增长5.5% in the 2025 review: one year
        prev, plain = (a, b) if a.period == "prev" else (b, a)
        resolved = _prev_of(prev)
        return bool(resolved) and resolved in plain.heading_period and prev.section != plain.section
    if a.period == b.period == "prev" and _prev_of(a) and _prev_of(b):
        return _prev_of(a) == _prev_of(b)  # 上年 in the 2025 review (2024) and 去年 in the 2026 plan (2025)
    if a.period or b.period:
        if a.period == b.period:
            return True
        if {a.period, b.period} == {"cum", ""} and a.heading_period == b.heading_period and not any(y[:1].isdigit() for y in a.heading_period):
            # 五年来…培育商圈150个 / 培育商圈140个 in one part whose headings name no year: the review's figure twice
            return True
        if "prev" in (a.period, b.period) or "cum" in (a.period, b.period) or "part" in (a.period, b.period):
            return False
        if a.period and b.period:
            return False
        explicit, other = (a, b) if a.period else (b, a)
        return explicit.period.rstrip("q") in other.heading_period  # 2025年… vs a value under a 2025 heading
    return not different_periods(a.heading_period, b.heading_period)


def _background(ms: list[Mention]) -> frozenset[str]:
    """Words in so many of a document's English mentions that they tell no metric from another: the
    document's own subject and setting ('go' and 'work' in a Go survey, 'rust' in a Rust one)."""
    if len(ms) < _BACKGROUND_MIN:
        return frozenset()
    df = Counter(w for m in ms for w in m.words)
    limit = max(_BACKGROUND_MIN / 2, _BACKGROUND_SHARE * len(ms))
    return frozenset(w for w, c in df.items() if c >= limit)


_BACKGROUND_MIN = 8  # mentions a document needs before a word's frequency says anything
_BACKGROUND_SHARE = 0.4  # a word in this share of the mentions is the document's background


def _weight(words: frozenset[str], background: frozenset[str]) -> float:
    return len(words) - 0.5 * len(words & background) if background else float(len(words))


_WORDS_JACCARD = 0.5  # shared / all content words two clauses must exceed when one gives its share in words


def _in_words(m: Mention) -> bool:
    """A share written as a fraction ("one in ten respondents", "about ¼ of users"), not a figure."""
    return m.q.kind == "percent" and not any(c.isdigit() for c in m.q.text)


def _same_metric_en(a: Mention, b: Mention, settings: MetricSettings, background: frozenset[str] = frozenset()) -> bool:
    if a.scope != b.scope:
        return False  # "Among students, 41% …" / "68% …": a group's share and everyone's
    if "#label" in a.words or "#label" in b.words or "#count" in a.words or "#count" in b.words:
        # two key figures under one label; two counts of one thing done (closed issues), two sums of one money noun
        return a.words == b.words and not (a.names and b.names and a.names != b.names)
    if a.kind == "whole" or b.kind == "whole" or "#change" in a.words or "#change" in b.words:
        # two sizes of one whole set (4,512 responses / this year's 4,215 responses), two changes of one noun
        # (downloads grew 40% / a 45% increase in downloads) — unless said of two names (Linux / Windows users)
        return a.words == b.words and not (a.names and b.names and a.names != b.names)
    if a.subject and b.subject and not a.subject & b.subject:
        return False  # StackOverflow / reading source code "remains a popular resource": two subjects
    # a background word (the document's subject: 'go' in a Go survey) weighs half a word
    shared = _weight(a.words & b.words, background)
    if shared < settings.min_shared_words:
        return False
    if shared < settings.min_overlap * min(_weight(a.words, background), _weight(b.words, background)):
        return False
    if (_in_words(a) or _in_words(b)) and shared <= _WORDS_JACCARD * _weight(a.words | b.words, background):
        return False  # a share in words is a rough figure: only a clause with more than half its words in common restates it
    if (a.words ^ b.words) & _POLARITY_STEMS:
        return False  # "use modules" / "only use modules": another set of respondents
    if (a.words ^ b.words) & _EN_FREQUENCY:
        return False  # "use Go at work" / "use Go at work on a daily basis": a part of them
    return not (a.names - b.names and b.names - a.names)  # PD memory / TiKV memory: two subjects


# How often or how much: a share qualified by one is a subset of the unqualified share
_EN_FREQUENCY = frozenset(_stem(w) for w in """daily weekly monthly yearly annually hourly regularly occasionally always
often sometimes frequently rarely seldom primarily mainly mostly usually professionally personally""".split())

_RATE_WORDS = frozenset(_stem(w) for w in ("rate", "share", "ratio", "percentage", "proportion", "coverage"))
_POLARITY_STEMS = frozenset(_stem(w) for w in _EN_POLARITY)  # mentions' words are stems


def _named_rate(m: Mention) -> bool:
    """A share that names its rate (森林覆盖率, "the response rate"): any two of its values conflict, however far apart."""
    return m.lang == "zh" or bool(m.words & _RATE_WORDS)


_MEASURE_END = rx.compile(r"(?:总规模|规模|总量|数量|总数)$")
_GENERIC_VERB_ZH = rx.compile(r"^(?:累计)?(?:完成|实现|实施|开展)(?:了)?")
_NEUTRAL_ZH = (rx.compile(r"^地区"), rx.compile(r"总"))
_SYNONYM_ZH = {"规模以上": "规上"}  # what every other match of _SYNONYMS_ZH becomes: nothing
_SYNONYMS_ZH = rx.compile(r"规模以上|全社会|国内外|外贸(?=进出口)|(?<=研发)经费|(?:现已|现|共|拥|已)有(?=[\u4e00-\u9fff]{2})")


@functools.lru_cache(maxsize=4096)
def _canonical(indicator: str, min_chars: int) -> str:
    """One key for the ways a drafter words one indicator: a trailing measure word dropped
    (活跃开发者规模 = 活跃开发者) and the word order left out (新增城镇就业 = 城镇新增就业)."""
    bare = _MEASURE_END.sub("", indicator)
    if len(bare.replace("·", "")) >= min_chars:
        indicator = bare
    # 粮食总产量 = 粮食产量, 地区生产总值 = 生产总值, 实际利用外资 = 实际使用外资: words a drafter adds or
    # swaps without changing what is measured
    indicator = indicator.replace("利用", "使用")
    # 规模以上工业 = 规上工业 (the statistics' own short form); 全社会研发经费投入 = 研发投入, 外贸进出口 = 进出口,
    # 接待国内外游客 = 接待游客: qualifiers that name the whole of what is measured, not a part of it; 社区现有会员 =
    # 社区会员: a verb of having between the subject and what it has
    indicator = _SYNONYMS_ZH.sub(lambda m: _SYNONYM_ZH.get(m.group(0), ""), indicator)
    generic = _GENERIC_VERB_ZH.sub("", indicator)
    if len(generic.replace("·", "")) >= min_chars:
        indicator = generic  # 完成棚户区改造 = 棚户区改造, 实施…工程 = 完成…工程
    for neutral in _NEUTRAL_ZH:
        plain = neutral.sub("", indicator)
        if len(plain.replace("·", "")) >= min_chars:
            indicator = plain
    return "".join(sorted(indicator)) if len(indicator) >= 4 and "·" not in indicator else indicator


def _conflicts(doc: Document, settings: MetricSettings) -> tuple[Conflict, ...]:
    groups: dict[tuple, list[Mention]] = {}
    en: dict[tuple, list[Mention]] = {}
    for m in mentions(doc, settings):
        if m.lang == "zh":
            key = _canonical(_unnamed(m.indicator), max(settings.min_indicator_chars, 4))
            groups.setdefault((key, m.kind, m.unit, m.q.kind) + _scope(m, settings.scope), []).append(m)
        else:
            en.setdefault((m.kind, m.unit, m.q.kind) + _scope(m, settings.scope), []).append(m)
    out: list[Conflict] = []
    for vals in groups.values():
        names = {_subject_name(m.indicator) for m in vals}
        out.extend(_pairs(vals, settings, None if names == {""} else functools.partial(_same_named, several=len(names - {""}) > 1)))
    background = _background([m for vals in en.values() for m in vals])
    same_en = functools.partial(_same_metric_en, background=background) if background else _same_metric_en
    for vals in en.values():
        out.extend(_pairs(vals, settings, same_en))
    out.sort(key=lambda c: c.second.q.start)
    return tuple(out)


# Dromara社区GitHub Star总数 / 社区GitHub Star总数: a project's name before 社区 (项目, 公司 …) names the subject the
# document is about; the same indicator without it is the same metric unless the document names several subjects
_NAMED_SUBJECT = rx.compile(r"^[A-Za-z][A-Za-z0-9.+-]*(?=社区|项目|公司|团队|平台|基金会|开源社区)")


def _subject_name(indicator: str) -> str:
    m = _NAMED_SUBJECT.match(indicator)
    return m.group(0) if m else ""


def _unnamed(indicator: str) -> str:
    name = _subject_name(indicator)
    return indicator[len(name) :] if name else indicator


def _same_named(a: Mention, b: Mention, settings: MetricSettings, several: bool = False) -> bool:
    """One subject: the same name, or one unnamed where the document's values of this indicator name one subject."""
    na, nb = _subject_name(a.indicator), _subject_name(b.indicator)
    return na == nb or not several and not (na and nb)


def _pairs(vals: list[Mention], settings: MetricSettings, same) -> Iterator[Conflict]:
    """Each value that agrees with no earlier value of its metric, against the nearest earlier one it contradicts."""
    if len(vals) < 2:
        return
    if len(vals) > 12 and (same is None or vals[0].lang == "zh"):
        return  # a template repeated across the document (占比#%), not one figure stated twice
    for i in range(1, len(vals)):
        b = vals[i]
        clash = None
        for a in vals[:i]:
            if same is not None and not same(a, b, settings):
                continue
            if a.lang == "en" and a.sentence == b.sentence or not _compatible_periods(a, b):
                continue
            if a.table is not None and b.table is not None:
                continue  # two cells: the table checks compare a table with itself
            if a.list_id is not None and a.list_id == b.list_id and a.block_start != b.block_start:
                continue
            if a.provision is not None and b.provision is not None and a.provision != b.provision:
                continue  # two statute articles: two subjects' rules, not one figure twice
            if parallel(a.section, a.template, b.section, b.template):
                continue  # two releases of a changelog, two functions of a reference: each entry's own figure
            if not a.q.disjoint(b.q):
                clash = None
                break  # the figure restated as it was: b agrees with what came before
            if settings.max_ratio and b.kind != "rank" and not (b.q.kind == "percent" and _named_rate(b)) and max(a.q.value, b.q.value) > settings.max_ratio * max(min(a.q.value, b.q.value), 1e-9):
                continue
            clash = a
        if clash is not None:
            yield Conflict(clash, b)
