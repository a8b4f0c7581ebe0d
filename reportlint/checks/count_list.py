"""A count that disagrees with its list (A、B、C、D、E等3个; "three priorities: A, B, C, D").

Forms, Chinese and English:

- list then count: ``A、B和C等N个X`` / ``A、B、C N大X`` — the items directly before the
  count;
- count then list: ``N项举措：A、B、C`` / ``N件大事：一是…二是…`` / "the following
  three X: A, B and C" / "The five types are A, B, and C";
- count then a run: a paragraph ending in a count (重点做好十个方面工作。 / "in one
  of three ways:") followed by list items or a numbered run of headings
  (（一）…（十一）), found through the document model's `Block.enumerator`.

More items than N is an error; fewer is an error too unless 等 / including /
such as says the list is partial. A count far from the number of items (24家
after two names) counts something else and is left alone, as are lists whose
items carry numbers of their own (棚户区16.72万套、老旧小区6594个).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple

from reportlint.analysis.masks import MASK, masked_content
from reportlint.analysis.numbers import MAX_CLAUSE, analyse, shifted
from reportlint.analysis.tables import tables
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Block, Document, block_key
from reportlint.text.numerals import parse_zh_int
from reportlint.text.quantities import Quantity, parse_en_words
from reportlint.text import rx

FIELDS = frozenset({"count", "items", "what", "counted"})  # counted: the count and its noun as one phrase
CLAUSES = frozenset({"items_listed"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "The text counts {count} {what} but lists {items}"

_OPEN = "（(《“‘「『【〔[\"'"
_CLOSE = "）)》”’」』】〕]\"'"
_ZH_ORD = "一二三四五六七八九十"
_YISHI_RE = rx.compile(rf"(?:^|[。；;：:，,！!\s“])(?:其)?([{_ZH_ORD}]{{1,3}})是")
_EN_NUM = r"(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_EN_COUNT_RE = rx.compile(
    rf"\b(?P<pre>the following |these |those |the |our |its |their |following )?(?P<n>{_EN_NUM})\s+(?P<what>(?:[A-Za-z-]+\s+){{0,3}}?[A-Za-z-]+s)\b"
    rf"(?P<mid>[^.:;!?—–]{{0,80}}?)(?P<sep>:\s*|\s+[—–]\s+|\s+(?:are|were)\s+)(?P<list>(?:[^.;!?]|\.(?=\d))*)(?P<end>[.;!?]|$)",
    re.I,
)
# Reads as (?<![A-Za-z])(?:\d{1,2}|[Tt]wo|[Tt]hree|…|[Tt]welve|TWO|THREE|FOUR|FIVE)\s+[A-Za-z] with each
# alternative's first character in one leading class (a search then skips to candidates in C) and
# the left boundary checked right after it.
_EN_COUNT_HINT = rx.compile(
    r"[\dEFNSTefnst](?<![A-Za-z].)(?:(?<=\d)\d?|(?<=[Tt])wo|(?<=[Tt])hree|(?<=[Ff])our|(?<=[Ff])ive|(?<=[Ss])ix"
    r"|(?<=[Ss])even|(?<=[Ee])ight|(?<=[Nn])ine|(?<=[Tt])en|(?<=[Ee])leven|(?<=[Tt])welve|(?<=T)WO|(?<=T)HREE|(?<=F)OUR|(?<=F)IVE)\s+[A-Za-z]"
)
_LATIN_WORD = rx.compile(r"[A-Za-z]{3}")
# A capitalised word right before a number that is not a determiner: the number is part of a name.
_LABEL_BEFORE = rx.compile(r"(?<![.!?:]\s)(?<!^)\b(?!(?:The|These|Those|Our|Its|Their|All|Only|First|Last|Top|Next|Over|About|With|In|Of|For|And|Or|But|Of)\b)[A-Z][a-z]+\s+$")


@dataclass(frozen=True)
class Params:
    """Params of the `count-list` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()
    classifiers: tuple[str, ...] = ("个", "项", "大", "类", "种", "家", "所", "条", "座", "方面", "批", "支", "件", "位", "名", "处", "只", "艘", "台", "部")
    partial_zh: tuple[str, ...] = ("等", "包括", "如", "例如", "比如", "诸如")
    partial_en: tuple[str, ...] = ("including", "include", "includes", "such as", "e.g.", "for example", "for instance", "among", "like", "at least", "some of", "of the following", "any")
    verbs_zh: tuple[str, ...] = ("达到", "达", "共", "累计", "跨", "迈上", "迈过", "跨越", "突破", "超过", "超", "突破", "增至", "增加", "新增", "为", "是", "有", "约", "近", "合计", "总计")
    conjunctions_zh: tuple[str, ...] = ("以及", "和", "及", "与", "同")
    run_nouns_zh: tuple[str, ...] = ("方面", "项", "件", "个", "大", "条", "点")
    max_count: int = 30  # larger counts are totals, not enumerations
    max_gap: int = 3  # a count more than this far above the items counts something else
    max_item_chars: int = 16  # Chinese list items are short noun phrases
    max_item_words: int = 8  # English list items too


def validate(params: Params) -> list[tuple[str, str]]:
    return [("max_count", "must be at least 2")] if params.max_count < 2 else []


def run(doc: Document, params: Params) -> Iterator[Finding]:
    blocks = analyse(doc, params.exclude)
    seen: set[int] = set()
    all_blocks = list(doc.blocks)
    pos_of = {id(b): i for i, b in enumerate(all_blocks)}
    reuse = doc.reuse
    text = doc.text
    for bn in blocks:
        b = bn.block
        content = b.content
        at = pos_of.get(id(b), -1)
        # the readings that look at the block and a few characters around it: kept for the block in the
        # language server (`analysis.reuse`), by what it is and the characters around it, and moved with it
        if reuse is None:
            local = _local(doc, b, bn.quantities, params)
        else:
            key = (block_key(b), text[max(0, b.start - _AROUND) : b.start], text[b.end : b.end + _AROUND],
                   doc.language, doc.format, params)
            base = b.start
            was, local = reuse.get("count-list.local", key, lambda: (base, _local(doc, b, bn.quantities, params)))
            if was != base:
                local = local.moved(base - was)
        latin, hints = local.latin, local.hints
        # each reading of a count, tried where its cue is in the block; the first finding at a place wins
        readings: list[Iterable[Finding]] = [_resolved(doc, local.found, params, all_blocks, at)]
        if "following" in content and b.kind == "paragraph":
            readings.append(_en_following(doc, b, params, all_blocks, at))
        if latin:
            readings.append(_en_counts(doc, b, params, all_blocks, at, hints))
            if "First" in content or (at + 1 < len(all_blocks) and all_blocks[at + 1].content.startswith("First")):
                readings.append(_en_ordinal_run(doc, b, params, all_blocks, at))
        if b.kind == "list_item" and (")" in content or "）" in content):
            readings.append(_item_count(doc, b, params, all_blocks, at))
        if b.kind == "paragraph" and (latin or "表" in content) and at + 1 < len(all_blocks) and all_blocks[at + 1].kind == "table_row":
            readings.append(_table_rows(doc, b, bn.quantities, params))
        for f in itertools.chain.from_iterable(readings):
            if f.start not in seen:
                seen.add(f.start)
                yield f


# How far around a block the block's own readings look (a character before a count, the noun after it)
_AROUND = 40


class _Run(NamedTuple):
    """A count whose items are the list or numbered run after its block (`_following_run`), told apart
    from the block's own findings: the blocks after it are read fresh every time."""
    q: Quantity
    headings_only: bool
    yishi: bool
    what: str


class _Local(NamedTuple):
    """What the readings of one block find in the block itself: findings and runs to count, in the
    order the readings give them; whether it has Latin words, and where its English count words are."""
    found: tuple[Finding | _Run, ...]
    latin: bool
    hints: list[tuple[int, int]]

    def moved(self, d: int) -> "_Local":
        found = tuple(_Run(shifted(x.q, d), *x[1:]) if isinstance(x, _Run) else _moved(x, d) for x in self.found)
        return _Local(found, self.latin, [(s + d, e + d) for s, e in self.hints])


def _moved(f: Finding, d: int) -> Finding:
    return dataclasses.replace(f, start=f.start + d, end=f.end + d,
                               related=tuple(dataclasses.replace(r, start=r.start + d, end=r.end + d) for r in f.related))


def _local(doc: Document, b: Block, qs: tuple[Quantity, ...], params: Params) -> _Local:
    """The readings that depend on the block alone and the text a few characters (`_AROUND`) around it."""
    content = b.content
    latin = bool(_LATIN_WORD.search(content))
    readings: list[Iterable[Finding | _Run]] = [_zh_list_then_count(doc, b, qs, params), _zh_count_then_list(doc, b, qs, params)]
    if "（" in content or "分别" in content or "即" in content:
        readings.append(_given_lists(doc, b, qs, params))
    if "”" in content:
        readings.append(_zh_shared_word(doc, b, params))
        readings.append(_zh_quoted(doc, b, qs, params))
    if "下降" in content or "提升" in content or "提高" in content or "增长" in content:
        readings.append(_zh_tally(doc, b, params))
    if _PLACE_COUNT.search(content):
        readings.append(_zh_place_count(doc, b, params))
    if latin and "top" in content.lower():
        readings.append(_en_top_n(doc, b, params))
    appositive = bool(_APPOSITION_HINT.search(content))  # "APIs, AdminPolicy …", the line maybe broken after the comma
    # where a count word stands in the block, found once for the two English readings that start there
    hints = [h.span() for h in _EN_COUNT_HINT.finditer(doc.text, b.content_start, b.end)] \
        if latin or appositive else []
    if appositive:
        readings.append(_en_apposition(doc, b, params, hints))
    if latin and hints and ("(" in content or "namely" in content or "includ" in content or "i.e." in content):
        readings.append(_en_given_lists(doc, b, params))
    return _Local(tuple(itertools.chain.from_iterable(readings)), latin, hints)


def _resolved(doc: Document, found: tuple[Finding | _Run, ...], params: Params, blocks: list[Block],
              bi: int) -> Iterator[Finding]:
    """The block's own findings, and each run it counts, counted in the blocks after it now."""
    for x in found:
        if not isinstance(x, _Run):
            yield x
            continue
        q = x.q
        k = _following_run(doc, blocks, bi, x.headings_only, x.yishi)
        if k is None and not x.headings_only:
            k = _fewer_headings(blocks, bi, int(q.value))
        if k is None or k == q.value or abs(k - q.value) > params.max_gap:
            continue
        yield Finding(q.start, q.end, _zh_fields(q.text, k, x.what))


# ---------------------------------------------------------------- Chinese: A、B、C等N个X


_QUOTED_COUNT = rx.compile(r"“(?P<list>[^“”]{3,80})”\s*(?P<n>[一二两三四五六七八九十])(?P<x>[\u4e00-\u9fff])")


def _zh_shared_word(doc: Document, b: Block, params: Params) -> Iterator[Finding]:
    """“算力、算法、算据、算网”四算一体 / “铁路、公路、水路”三路: a quoted list counted by the character all its
    items share (四算: four items with 算). The shared character ties the count to the list."""
    text = doc.text
    for m in _QUOTED_COUNT.finditer(text, b.content_start, b.end):
        items = _split_items(m.group("list"))
        x = m.group("x")
        if len(items) < 2 or any(not 1 < len(it) <= 6 or x not in it for it in items):
            continue
        n = parse_zh_int(m.group("n"))
        if n is None or n == len(items) or not 2 <= n <= params.max_count or abs(n - len(items)) > params.max_gap:
            continue
        yield Finding(m.start("n"), m.end("x"), _zh_fields(m.group("n") + x, len(items), ""),
                      related=(RelatedSpan(m.start("list"), m.end("list"), phrase("items_listed", items=len(items))),))


_HAN_1_4 = rx.compile(r"[\u4e00-\u9fff]{1,4}")
_ZH_COUNT_CHAR = rx.compile(r"[二两三四五六七八九十]")
_FIGURE_OR_PAIR = rx.compile(r"[\d，,；;]")


def _zh_quoted(doc: Document, b: Block, qs: tuple[Quantity, ...], params: Params) -> Iterator[Finding]:
    """A list and a count joined by quotation marks: the quoted list counted right after it (围绕“资源、客源、
    服务”三大要素) or the list right before the quoted name that counts it (新建布局、优化提升、整合重组、调整淘汰
    “四个一批”). The quotes make the list one unit, so the count next to them is its count."""
    text = doc.text
    for q in qs:
        if not (q.kind == "number" and q.exact and q.unit in params.classifiers and q.value == int(q.value)
                and 2 <= q.value <= params.max_count):
            continue
        n = int(q.value)
        if q.start > b.content_start and text[q.start - 1] == "”":
            # “A、B、C”N大X: the quoted list, counted by what follows it
            o = text.rfind("“", max(b.content_start, q.start - 82), q.start - 1)
            if o < 0 or not _HAN_CHAR_RE.match(text, q.end) or _IN_ITEM_RE.match(text, q.end):
                continue
            start, end = o + 1, q.start - 1
        elif q.start > b.content_start and text[q.start - 1] == "“":
            # A、B、C“N个X”: the list right before the name; the name closes within a few characters
            close = text.find("”", q.end, q.end + 8)
            if close < 0 or text[close + 1 : close + 2] == "、" or not _HAN_1_4.fullmatch(text, q.end, close):
                continue  # “四个一批”、“两清两改”: one of several names, not a count of the list before it
            if _ZH_COUNT_CHAR.search(text, q.end, close):
                continue  # “两大三新”: a name that counts two lists at once
            end = q.start - 1
            start = _clause_start(text, end, b.content_start)
        else:
            continue
        segment = text[start:end]
        if "等" in segment or "分别" in segment or _FIGURE_OR_PAIR.search(segment):
            continue  # a partial list, items that carry figures of their own, pairs (“人口多、土地少，小生产、大市场”)
        items = _split_items(segment)
        if len(items) < 2 or any(not 0 < len(it) <= params.max_item_chars or not _WORDY.search(it) for it in items[1:]):
            continue
        if not 0 < len(items[0]) <= params.max_item_chars + 4 or any(v in items[-1] for v in params.verbs_zh):
            continue
        k = len(items)
        joined = any(c in items[-1][1:-1] for c in params.conjunctions_zh)  # 机构和基础设施: the last item may be two
        if k == n or joined and k + 1 == n or abs(k - n) > params.max_gap:
            continue
        yield Finding(q.start, q.end, _zh_fields(q.text, k, _noun_phrase(text, q.end)),
                      related=(RelatedSpan(start, end, phrase("items_listed", items=k)),))


# 刑事案件、涉案金额和人员实现“三下降” / 事故起数、死亡人数“双下降”: a tally of the list right before it, each
# item having fallen (or risen) — the tally word counts the items
_TALLY = rx.compile(r"(?P<n>[双两三四五六七八九])(?P<v>下降|降低|减少|提升|提高|增长|上升|增加)")
_DIGIT = rx.compile(r"\d")
_TALLY_LEAD = rx.compile(r"(?:(?:实现了?|均|全部|继续|保持|持续|呈现|出现)[\s*_]*[“\"]?|[“\"])$")  # the verb or quote before it


def _zh_tally(doc: Document, b: Block, params: Params) -> Iterator[Finding]:
    """A tally word (“三下降”, 双提升) after the list of what fell or rose: a list relation, like 等N项."""
    text = doc.text
    for m in _TALLY.finditer(text, b.content_start, b.end):
        lead = _TALLY_LEAD.search(text, max(b.content_start, m.start() - 6), m.start())
        if lead is None:
            continue  # a bare 双提升 inside a phrase (游客和消费双提升) needs its quotes or its verb to be a tally
        start = _clause_start(text, lead.start(), b.content_start)
        items = _split_items(text[start : lead.start()].strip(" *_"))
        last = items[-1]
        counts = {len(items)} | {len(items) + 1 for c in params.conjunctions_zh if c in last[1:-1]}
        if max(counts) < 2 or any(not _WORDY.search(it) or _DIGIT.search(it) for it in items):
            continue
        if any(len(it) > params.max_item_chars for it in items[1:]) or len(items[0]) > params.max_item_chars + 10:
            continue
        n = 2 if m.group("n") == "双" else parse_zh_int(m.group("n"))
        if n is None or n in counts or abs(n - len(items)) > params.max_gap:
            continue
        k = min(counts) if n < min(counts) else max(counts)
        yield Finding(m.start("n"), m.end("v"), _zh_fields(m.group("n") + m.group("v"), k, ""),
                      related=(RelatedSpan(start, lead.start(), phrase("items_listed", items=k)),))


# 南昌、赣江新区、九江三地 / 中、日、韩三国: places counted by a place word (地 省 市 县 国), not a unit the quantity
# reader knows; a compound (三省一市) counts two kinds and is left alone
_PLACE_COUNT = rx.compile(r"(?P<n>[两二三四五六七八九十])(?P<u>[地省市县国])(?![一二三四五六七八九十两])")


def _zh_place_count(doc: Document, b: Block, params: Params) -> Iterator[Finding]:
    """Places listed with 、 and counted right after by a place word: the items are the places."""
    text = doc.text
    for m in _PLACE_COUNT.finditer(text, b.content_start, b.end):
        start = _clause_start(text, m.start(), b.content_start)
        items = _split_items(text[start : m.start()].strip(" *_"))
        if len(items) < 2 or any(not 0 < len(it) <= 8 or _DIGIT.search(it) or not _WORDY.search(it) for it in items[1:]):
            continue  # places are short names: a longer item is a clause, and one item is no list
        if any(c in it for c in params.conjunctions_zh for it in items):
            continue  # 部市、院市、央地及京津两市: the count may be of the last pair only
        n = parse_zh_int(m.group("n"))
        if n is None or n == len(items) or abs(n - len(items)) > params.max_gap:
            continue
        k = len(items)
        yield Finding(m.start("n"), m.end("u"), _zh_fields(m.group(0), k, ""),
                      related=(RelatedSpan(start, m.start(), phrase("items_listed", items=k)),))


_TOP_N = rx.compile(rf"\b[Tt]op\s+(?P<n>{_EN_NUM})\s+(?P<what>[a-z][a-z-]*s)\b", re.I)
_SHARE_NOTE = rx.compile(r"\s\((?:\d{1,3}(?:\.\d+)?%)\)")


_NEVER_RE = rx.compile(r"(?!)")


@functools.lru_cache(maxsize=8)
def _partial_words(words: tuple[str, ...], whole: bool) -> re.Pattern | rx.LazyPattern:
    """One pattern for a rule's `partial_en` words, each from a word boundary (and to one when `whole`):
    a search of it matches where any word's own search would (one compile per rule, not one per word)."""
    if not words:
        return _NEVER_RE
    end = r"\b" if whole else ""
    return rx.compile_now("|".join(rf"\b{re.escape(w)}{end}" for w in words))


_BETWEEN_SHARES_RE = rx.compile(r"\s*,?\s*(?:and\s+|or\s+)?\S")
_LIST_END_RE = rx.compile(r"\s*[.;]")


def _en_top_n(doc: Document, b: Block, params: Params) -> Iterator[Finding]:
    """"The top three responses were A (23%), B (22%) and C (14%)": the answers a top-N names each
    carry their share in brackets, so the brackets count the list, whatever verb introduces it."""
    text = doc.text
    for s0, s1 in doc.sentences(b):
        for m in _TOP_N.finditer(text, s0, s1):
            n = _en_number(m.group("n").lower())
            if n is None or not 2 <= n <= params.max_count:
                continue
            notes = list(_SHARE_NOTE.finditer(text, m.end(), s1))
            if len(notes) < 2 or len(notes) == n or abs(len(notes) - n) > params.max_gap:
                continue
            between = [text[x.end() : y.start()] for x, y in zip(notes, notes[1:])]
            if not all(_BETWEEN_SHARES_RE.match(g) and len(g) < 120 and ";" not in g for g in between):
                continue
            if text[notes[-1].end() : s1].strip(" .,*_)") and not _LIST_END_RE.match(text[notes[-1].end() : s1]):
                continue  # the list goes on after its last share: not every item is bracketed
            low = text[m.end() : notes[0].start()].lower()
            if _partial_words(params.partial_en, True).search(low):
                continue
            yield Finding(m.start("n"), m.end("what"), _en_fields(m.group("n"), len(notes), m.group("what")),
                          related=(RelatedSpan(notes[0].start(), notes[-1].end(), phrase("items_listed", items=len(notes))),))


def _split_items(s: str) -> list[str]:
    """Split on 、 outside brackets and quotes."""
    items, depth, cur = [], 0, []
    for ch in s:
        if ch in _OPEN and not (ch in "\"'" and depth):
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        if ch == "、" and depth == 0:
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    return items


def _clause_start(text: str, pos: int, floor: int) -> int:
    """Start of the clause that ends at `pos` (after the last ，。；：！？ outside brackets)."""
    depth = 0
    i = pos - 1
    floor = max(floor, pos - MAX_CLAUSE)
    while i >= floor:
        ch = text[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN and depth:
            depth -= 1
        elif depth == 0 and ch in "，,。；;：:！!？?\n":
            return i + 1
        i -= 1
    return floor


_NAME_OPEN = "“\"「『‘《"
_NAME_CLOSE = "”\"」』’》"
_MAGNITUDE_AFTER = rx.compile(r"(?:月|星期|小时|钟头|倍|(?<=位)数)")


def _is_count(q: Quantity, params: Params, text: str = "", named: bool = False) -> bool:
    """A count of items. named: a quoted count (“五个突破”) is one too, because a list relation follows it."""
    if text and not named and q.start > 0 and text[q.start - 1] in _NAME_OPEN:
        return False  # “四个中心”, “两大三新”: a slogan's name, not a count of a list
    if text and _MAGNITUDE_AFTER.match(text, q.end):
        return False  # 三个月以下 (a length of time), 两位数增长 (a magnitude): not a count of the items near it
    return (q.kind == "number" and q.exact and q.unit in params.classifiers and q.value == int(q.value)
            and 2 <= q.value <= params.max_count)


_CATEGORY_AFTER_RE = rx.compile(r"[\u4e00-\u9fff“\"《A-Za-z0-9]")
_DIGIT_RE = rx.compile(r"\d")


def _zh_list_then_count(doc: Document, b: Block, qs: tuple[Quantity, ...], params: Params) -> Iterator[Finding]:
    text = doc.text
    for q in qs:
        if not _is_count(q, params, text):
            continue
        after = text[q.end : q.end + 2]
        if not after or not _CATEGORY_AFTER_RE.match(after):
            continue  # 3个。 — no category: not a count of a list
        if _IN_ITEM_RE.match(text, q.end):
            continue  # …世界杯、铁人三项世界杯、成都网球公开赛: the count is inside one item of a longer list
        end = q.start
        partial = False
        for w in params.partial_zh:
            if text.startswith(w, end - len(w)) and w == "等":
                partial, end = True, end - len(w)
                break
        if text.startswith("等", end - 1):
            partial, end = True, end - 1
        start = _clause_start(text, end, b.content_start)
        segment = text[start:end]
        items = _split_items(segment)
        # A half-width or full-width comma inside a list of short nouns (氢能、白酒、新材料,非常规天然气)
        if start > b.content_start and text[start - 1] in "，," and len(items) >= 1:
            prev_start = _clause_start(text, start - 1, b.content_start)
            prev = _split_items(text[prev_start : start - 1])
            if len(prev) >= 2 and all(0 < len(p) <= 6 and not _DIGIT_RE.search(p) for p in prev):
                items = prev + items
                start = prev_start
        if len(items) < 2 or any(not _WORDY.search(it) for it in items):
            continue  # an item needs a word: `1、[三种数据类型]` is an enumerator and a bracket, not two items
        if "分别" in segment or any(_DIGIT_RE.search(it) and _has_quantity(it) for it in items):
            continue
        if any(_item_len(it) > params.max_item_chars for it in items[1:]) or _item_len(items[0]) > params.max_item_chars + 10:
            continue
        last = items[-1]
        if any(v in last for v in params.verbs_zh) and not partial:
            continue
        counts = _zh_counts(items, params.conjunctions_zh)
        n = int(q.value)
        if any(_consistent(n, k, partial, params) for k in counts):
            continue
        if n > max(counts) + params.max_gap:
            continue
        k = min(counts) if n < min(counts) else max(counts) if n > max(counts) else len(items)
        if n > k and _DIGIT_RE.match(text[q.end : q.end + 1]):
            continue  # 格尔木、德令哈3座35万千瓦光热电站: places listed, several sized objects at them
        yield Finding(q.start, q.end, _zh_fields(q.text, k, _noun_phrase(text, q.end)),
                      related=(RelatedSpan(start, end, phrase("items_listed", items=k)),))


_QUOTED_NAME = rx.compile(r"“[^“”]{1,12}”|《[^《》]{1,20}》")


def _item_len(item: str) -> int:
    """An item's length with each quoted name counted as one word (“一带一路”大商圈重要节点: a noun phrase, not a clause)."""
    return len(_QUOTED_NAME.sub("名", item)) if "“" in item or "《" in item else len(item)


_SERIES_ITEM_CHARS = 6  # an item of a plain series of nouns: 互联网、金融、制造业和教育
# the 和 or 以及 that joins the last two of a series; 与/及/同 also join the halves of one name
# (航空航天与低空经济), and 和 is part of words (和谐, 和平, 总和, 共和国)
_SERIES_AND_RE = rx.compile(r"(?<=[^总饱缓温柔调融附共])和(?![谐平解美睦气善])|以及")


def _zh_counts(items: list[str], conjunctions: tuple[str, ...]) -> set[int]:
    """How many things A、B、C和D lists. In a series of short nouns whose last joins two more by 和, the 和 is
    the series' own (覆盖互联网、金融、制造业和教育: four); elsewhere it may join words inside one item
    (完善机构和基础设施), so both counts are read."""
    k = len(items)
    last = items[-1]
    series = items[1:-1] if k >= 3 else items[:-1]  # the first of three or more may carry the clause's lead-in
    if all(0 < _item_len(it) <= _SERIES_ITEM_CHARS for it in series):
        halves = _SERIES_AND_RE.split(last)
        if (len(halves) == 2 and all(0 < _item_len(h) <= _SERIES_ITEM_CHARS for h in halves)
                and not any(_SERIES_AND_RE.search(it) for it in items[:-1])):
            return {k + 1}
    return {k} | {k + 1 for c in conjunctions if c in last[1:-1] and not any(c in it for it in items[:-1])}


def _zh_fields(count: str, items: int, what: str) -> dict[str, object]:
    """A Chinese count and its noun are one phrase with no space between (3个方面)."""
    return {"count": count, "items": items, "what": what, "counted": count + what}


def _en_fields(count: str, items: int, what: str) -> dict[str, object]:
    return {"count": count, "items": items, "what": what, "counted": f"{count} {what}"}


_WORDY = rx.compile(r"[\u4e00-\u9fffA-Za-z]")

# The count's noun phrase, then 、: the phrase is an item of a list, not the list's count.
_IN_ITEM_RE = rx.compile(r"[\u4e00-\u9fffA-Za-z0-9“”\"]{0,12}、")


_NOUN_PHRASE_RE = rx.compile(r"[\u4e00-\u9fffA-Za-z0-9“”\"]{1,12}")


def _noun_phrase(text: str, pos: int) -> str:
    """The words a count counts, up to the next punctuation (千亿级产业集群), without quotes."""
    m = _NOUN_PHRASE_RE.match(text, pos)
    return m.group(0).strip("“”\"") if m else ""


_HAS_QUANTITY_RE = rx.compile(r"\d+(?:\.\d+)?(?:万|亿)?[\u4e00-\u9fff%]")


def _has_quantity(s: str) -> bool:
    return bool(_HAS_QUANTITY_RE.search(s))


def _consistent(n: int, items: int, partial: bool, params: Params) -> bool:
    """Whether N fits the items. 等 makes a list partial, but only where the count is clearly a larger
    total: two unnamed items at least (北京、上海、广州等5个城市), or a list of one or two examples
    (北京、上海等3个城市). Three items or more and 等 with one more (经济发展、创新驱动、民生福祉、安全保障等五大类)
    is a full list with an item lost."""
    if items == n:
        return True
    return partial and items < n and (n - items >= 2 or items <= 2)


# ---------------------------------------------------------------- a count and the list it is given right after
# 三类企业（初创企业、上市公司、外企） / 设有4个分会场，分别为云原生、AI、开源治理 / "5 people (Alice, Bob and Carol)" /
# "two releases, namely 1.2 and 1.3": brackets, 分别为 and "namely" give the counted things themselves, all of them.
# "3 platforms, including A, B, C and D": including gives some of them, so more items than the count cannot be.
_ZH_GIVEN = rx.compile(r"(?P<what>[\u4e00-\u9fffA-Za-z]{1,10}?)(?:（(?P<br>[^（）()]{3,120})）|[，,]\s*(?:分别(?:为|是)|即)[：:]?(?P<resp>[^。；;！!？?\n]{3,160}))")
_EN_GIVEN = rx.compile(
    rf"\b(?P<n>{_EN_NUM})\s+(?P<what>(?:[A-Za-z-]+\s+){{0,2}}?(?:[A-Za-z-]+s|people))\b"
    r"(?:\s*\((?P<br>[^()]{3,200})\)|,\s+(?P<how>namely|including|i\.e\.,?)\s+(?P<list>[^.;:!?()]{3,200}?)(?=[.;!?]|$|\s*\())",
    re.I,
)
_EN_EXAMPLES = rx.compile(r"\be\.g\.|\b(?:for example|for instance|such as|including|like|see|etc|and others|among others|and more)\b", re.I)
_GIVEN_NOT_ITEMS = rx.compile(r"[\d%=@/]|\b(?:and|or)\s+(?:so\s+on|more|others)\b")


def _given_lists(doc: Document, b: Block, qs: tuple[Quantity, ...], params: Params) -> Iterator[Finding]:
    """A count followed at once by its items in brackets, after 分别为 / 即, or after "namely" or "including"."""
    if doc.language != "zh":
        return
    text = doc.text
    for q in qs:
        if not _is_count(q, params, text) or q.unit not in params.classifiers:
            continue
        m = _ZH_GIVEN.match(text, q.end, b.end)
        if m is None or _NOT_A_COUNT_BEFORE_RE.search(text[max(b.content_start, q.start - 4) : q.start]):
            continue
        if "等" in text[max(b.content_start, q.start - 1) : q.start]:
            continue  # A、B等三类（…）: the list before the count is the one it counts
        items_text = (m.group("br") or m.group("resp")).strip(" 。；")
        if any(w in items_text for w in params.partial_zh) or _has_quantity(items_text):
            continue
        items = _split_items(items_text)
        if len(items) < 2 or not all(0 < _item_len(it) <= params.max_item_chars for it in items):
            continue
        counts = _zh_counts(items, params.conjunctions_zh)
        if q.value in counts:
            continue
        k = min(counts, key=lambda c: abs(c - q.value))
        if abs(k - q.value) > params.max_gap:
            continue
        yield Finding(q.start, q.end, _zh_fields(q.text, k, m.group("what")),
                      related=(RelatedSpan(m.start("br") if m.group("br") else m.start("resp"), m.end(), phrase("items_listed", items=k)),))


def _en_given_lists(doc: Document, b: Block, params: Params) -> Iterator[Finding]:
    text = doc.text
    for m in _EN_GIVEN.finditer(text, b.content_start, b.end):
        n = _en_number(m.group("n").lower())
        what = m.group("what")
        if n is None or not 2 <= n <= params.max_count or _is_duration(what):
            continue
        lead = text[max(b.content_start, m.start() - 14) : m.start()].lower()
        if lead[-1:] and not (lead[-1].isspace() or lead[-1] in _OPEN):
            continue  # HTTP/2 pseudoheaders, v2 APIs: the number belongs to the word before it
        if _BOUND_BEFORE_RE.search(lead) or _N_OF_BEFORE_RE.search(lead) or _TOP_BEFORE_RE.search(lead):
            continue
        if _DIGIT_RE.match(m.group("n")) and (_MONEY_OR_LABEL_BEFORE_RE.search(lead) or _LABEL_BEFORE.search(text, b.content_start, m.start("n"))):
            continue
        lst = m.group("br") or m.group("list")
        how = (m.group("how") or "").lower()
        if _GIVEN_NOT_ITEMS.search(lst) or (how != "including" and _EN_EXAMPLES.search(lst)):
            continue
        parts = [p for p in _EN_ITEM_SEPARATOR_RE.split(lst) if p.strip()]
        if len(parts) < 2 or any(len(p.split()) > 4 for p in parts):
            continue
        counts = _en_items(lst)
        if not counts or n in counts:
            continue
        if how == "including":
            if min(counts) <= n:
                continue  # some of them: fewer items than the count is what including means
            k = min(counts)
        else:
            k = min(counts, key=lambda c: abs(c - n))
        if abs(k - n) > params.max_gap:
            continue
        span = m.span("br") if m.group("br") else m.span("list")
        yield Finding(m.start("n"), m.end("what"), _en_fields(m.group("n"), k, what),
                      related=(RelatedSpan(span[0], span[1], phrase("items_listed", items=k)),))


# ---------------------------------------------------------------- Chinese: N项X：A、B、C / 一是…二是… / (一)…(N)


_YISHI_START_RE = rx.compile(rf"[\s*]*(?:其)?([{_ZH_ORD}]{{1,3}})是")
_TO_COLON_RE = rx.compile(r"[^。；;！!？?]{0,24}?[：:]")
_TO_NAMELY_RE = rx.compile(r"[^。；;！!？?：:，,]{0,12}?[”」』\"][，,]?即")
# 分别是/分别为 (“respectively are”) after a count's noun introduces its items as a colon would
_TO_RESPECTIVELY_RE = rx.compile(r"[^。；;！!？?：:，,、]{0,12}?[，,]?分别[是为]")
_RESPECTIVELY_TAIL_RE = rx.compile(r"[，,]?分别$")
_TO_END_RE = rx.compile(r"[^。；;！!？?：:]{0,14}[。]?\s*$")


_DUN_RE = rx.compile(r"[、]")
_NOT_A_COUNT_BEFORE_RE = rx.compile(r"(?:其中|分别|第|前|近|后|这|那|每|各|上述|以上)\s*$")
_HAN_CHAR_RE = rx.compile(r"[\u4e00-\u9fff]")
_ASPECTS_END_RE = rx.compile(r"(?:方面|项|件)[^。]{0,6}(?:工作|任务|重点|举措|措施)?[。]?\s*$")


def _zh_count_then_list(doc: Document, b: Block, qs: tuple[Quantity, ...], params: Params) -> Iterator[Finding | _Run]:
    """N项举措：A、B、C / N件大事：一是…二是… in the block; a count that ends the block is a `_Run`, counted
    in the blocks after it (`_resolved`)."""
    text = doc.text
    for q in qs:
        if not _is_count(q, params, text, named=True) or q.unit not in params.run_nouns_zh + params.classifiers:
            continue
        # the count's phrase runs to a colon (inline list / 一是…) or ends the block (a run follows)
        m = _TO_COLON_RE.match(text, q.end, b.end)  # the list's colon is in the count's own block
        if m and masked_content(b, doc.format)[m.end() - 1 - b.content_start] == MASK:
            m = None  # the colon of a URL or a link's destination ([三种数据类型](https://…)): not a list's
        namely = None
        if m is None:
            namely = _TO_NAMELY_RE.match(text, q.end, b.end)  # 开展“三项行动”，即稳岗行动、扩岗行动: 即 as the colon
            if namely is None:
                namely = _TO_RESPECTIVELY_RE.match(text, q.end, b.end)  # 四种语言分别是Python、Java、Go和Rust
            m = namely
        if not _is_count(q, params, text):
            # a quoted count names a slogan (“两个毫不动摇”) unless the name is closed right before the colon
            # of its list: 实现“五个突破”：一是…
            if m is None or namely is None and text[m.end() - 2 : m.end() - 1] not in _NAME_CLOSE:
                continue
        sentence_end = _TO_END_RE.match(text, q.end, b.end)
        before = text[max(b.content_start, q.start - 4) : q.start]
        if "等" in before[-1:] or _DUN_RE.search(text[_clause_start(text, q.start, b.content_start) : q.start]):
            continue  # a list-then-count form, handled above
        if _NOT_A_COUNT_BEFORE_RE.search(before):
            continue
        if m:
            colon = m.end()
            phrase = _RESPECTIVELY_TAIL_RE.sub("", text[q.end : m.end() - 1])
            if _HAN_CHAR_RE.search(phrase) is None and q.unit not in ("方面", "大"):
                continue
            rest_end = _sentence_end(text, colon, b.end)
            rest = text[colon:rest_end]
            yishi = _yishi_run(text[colon:b.end])
            k = None
            if yishi >= 2:
                k = yishi
            elif rest.strip() and colon < b.end - 1:
                items = _split_items(rest.strip(" 。；"))
                if len(items) >= 2 and all(0 < len(it) <= params.max_item_chars for it in items) and "等" not in rest[-6:] and not any(w in rest for w in ("等", "包括", "如")):
                    counts = _zh_counts(items, params.conjunctions_zh)
                    if q.value in counts:
                        continue  # bytes、strings、strconv和unicode包: the last item is two joined by 和
                    k = min(counts, key=lambda c: abs(c - q.value))
            elif colon >= b.end - 1:
                yield _Run(q, False, False, phrase.strip("“”\"，, 」』") or q.unit)
                continue
            if k is None or k == q.value or abs(k - q.value) > params.max_gap:
                continue
            yield Finding(q.start, q.end, _zh_fields(q.text, k, phrase.strip("“”\"，, 」』") or q.unit))
        elif (run := _yishi_after_sentence(text, q.end, b.end)) and q.unit in ("方面", "个", "项", "件", "大", "条"):
            # 重点抓好三项工作。一是稳投资。二是促消费。三是…: the run opens the sentence after the count's
            if run != q.value and abs(run - q.value) <= params.max_gap:
                yield Finding(q.start, q.end, _zh_fields(q.text, run, _noun_phrase(text, q.end)))
        elif sentence_end and q.unit in ("方面", "个", "项", "件") and _ASPECTS_END_RE.search(text[q.end - 2 : b.end]):
            # 重点抓好四个方面工作。then （一）… headings, or 一是…/二是… paragraphs of their own
            yield _Run(q, True, True, _noun_phrase(text, q.end))


_ANNOUNCE_END_RE = rx.compile(r"[^。；;！!？?：:，,、]{0,14}[。]")


def _yishi_after_sentence(text: str, pos: int, limit: int) -> int:
    """Items of the 一是…二是… run that opens the sentence right after the count's, when the count's
    short sentence ends there (重点抓好三项工作。一是…); 0 when no run follows."""
    m = _ANNOUNCE_END_RE.match(text, pos, limit)
    if m is None:
        return 0
    run = _yishi_run(text[m.end() : limit])
    return run if run >= 2 else 0


def _sentence_end(text: str, pos: int, limit: int) -> int:
    m = rx.compile(r"[。；;！!？?]").search(text, pos, limit)
    return m.start() if m else limit


def _yishi_run(s: str) -> int:
    """Length of the 一是…二是…三是… run at the start of `s` (0 when it does not start with 一是)."""
    expected = 1
    for m in _YISHI_RE.finditer(" " + s):
        v = parse_zh_int(m.group(1))
        if v == expected:
            expected += 1
        elif expected == 1:
            return 0
    return expected - 1


_RUN_RANK = {"zh-chapter": 0, "zh-dun": 1, "roman-upper": 1, "zh-paren": 2, "arabic-dot": 3, "decimal": 3, "arabic-paren": 4, "circled": 5}


_SUMMARY_ITEM_RE = rx.compile(r"(?:\*\*|__)?(?:(?:Both|All|Each|Either|Neither|These|Together|The (?:remaining|rest|other)|Other|Others)\b|(?:NOTE|Note|注|备注)\s*[:：]|以上|上述|两者|这些|二者|其余|其他)")


def _inline_next_item(content: str, n: int) -> bool:
    """The item's text continues the numbering with item n on a line of its own ("and 3) …")."""
    return re.search(rf"\n\s*(?:and\s+|or\s+)?{n}[).]\s", content) is not None


def _list_resumes(rest: list[Block], i: int, first: Block) -> bool:
    """The code blocks from rest[i] on are followed by an item of the list `first` opened (another list
    of the same depth, as Markdown parses a list cut by a fenced block)."""
    for b in rest[i:]:
        if b.kind == "code":
            continue
        return b.kind == "list_item" and b.depth == first.depth
    return False


_CLOSING_HEADING = rx.compile(r"[\s*_#]*(?:Summary|Conclusions?|Wrapping up|Closing|Other|Others|Next steps|What's next|总结|小结|结语|结束语|其他|其它|下一步)\b", re.I)


def _fewer_headings(blocks: list[Block], bi: int, n: int) -> int | None:
    """"Here are the five highlights:" then unnumbered headings of one level: how many there are, when
    fewer than `n` before the section they sit in ends. Only fewer is read: a heading of the same level
    after the counted ones (### Deprecations) may open another subject, but the count's own headings
    cannot be fewer than it says."""
    if bi < 0 or bi + 1 >= len(blocks) or blocks[bi + 1].kind != "heading" or blocks[bi + 1].level is None:
        return None
    level = blocks[bi + 1].level
    k = 0
    for b in blocks[bi + 1 :]:
        if b.kind != "heading" or b.level is None or b.level > level:
            continue
        if b.level < level or _CLOSING_HEADING.match(b.content):
            break
        k += 1
        if k >= n:
            return None
    return k if k >= 2 else None


def _following_run(doc: Document, blocks: list[Block], bi: int, headings_only: bool = False,
                   yishi: bool = False) -> int | None:
    """Items of the list or numbered run that starts right after block `bi`, or None. headings_only: a
    numbered run of headings only, or (yishi) paragraphs opening 一是、二是 — not plain list items."""
    if bi < 0 or bi + 1 >= len(blocks):
        return None
    nxt = blocks[bi + 1]
    if (yishi or not headings_only) and nxt.kind == "paragraph" and _YISHI_START_RE.match(nxt.content):
        # 一是…… / 二是…… as paragraphs of their own
        # 一是…… / 二是…… may each head a paragraph or two of body text: the run goes on through
        # body paragraphs and ends at a heading, another numbering or the next 一是
        k = 0
        for b in blocks[bi + 1 : bi + 200]:
            if b.kind != "paragraph" or b.enumerator is not None or b.runin:
                break
            m = _YISHI_START_RE.match(b.content)
            if m is None:
                continue
            if parse_zh_int(m.group(1)) != k + 1:
                break
            k += 1
        return k or None
    if nxt.kind == "list_item" and not headings_only:
        k, last, list_id, resumed = 0, nxt, nxt.list_id, False
        rest = blocks[bi + 1 :]
        for i, b in enumerate(rest):
            if b.kind == "list_item" and (b.list_id == list_id or list_id is None or resumed) and b.depth == nxt.depth:
                k += 1  # (plain text bullets have no list id: consecutive items are one list)
                last, list_id, resumed = b, b.list_id, False
            elif b.kind == "list_item" and b.depth > nxt.depth:
                continue
            elif b.kind != "list_item" and b.text[:1] in (" ", "\t"):
                continue  # a paragraph or code block indented under the item belongs to it
            elif b.kind == "code" and _list_resumes(rest, i, nxt):
                resumed = True  # an example between two items (* a … ```js …``` * b): the list goes on after it
            else:
                break
        if k > 2 and _SUMMARY_ITEM_RE.match(last.content):
            k -= 1  # "- Both file types can appear anywhere": a note on the items, not one of them
        while k and _inline_next_item(last.content, k + 1):
            k += 1  # "2) people who … work,\nand 3) people who …": a lazy line that goes on numbering the list
        return k
    e = nxt.enumerator
    if e is None or e.value != 1 or not nxt.numbered:
        return None
    rank = _RUN_RANK.get(e.scheme, 6)
    k = 0
    for b in blocks[bi + 1 : bi + 5000]:
        be = b.enumerator
        if be is None or not b.numbered:
            if b.kind == "heading" and nxt.level is not None and b.level is not None and b.level <= nxt.level:
                break
            continue
        if be.scheme == e.scheme:
            if be.value == 1 and k:
                break  # a restart: the run ended
            k += 1
        elif _RUN_RANK.get(be.scheme, 6) < rank:
            break
    return k or None


# ---------------------------------------------------------------- English


def _en_number(s: str) -> int | None:
    return int(s) if s.isdigit() else parse_en_words(s)


_OPEN_GROUP, _CLOSE_GROUP = "([{（【", ")]}）】"


def _flatten_groups(s: str) -> str:
    """`s` with the inside of every bracket pair blanked ("_"), so commas and "and" there do not split items."""
    if not any(c in s for c in _OPEN_GROUP):
        return s
    out, depth = [], 0
    for c in s:
        if c in _OPEN_GROUP:
            depth += 1
            out.append(c)
        elif c in _CLOSE_GROUP and depth:
            depth -= 1
            out.append(c)
        else:
            out.append("_" if depth and not c.isspace() else c)
    return "".join(out)


_COMMA_SEPARATOR_RE = rx.compile(r",\s*|;\s*")
_AND_OR_LEAD_RE = rx.compile(r"(?:and|or)\b")
_AND_OR_WORD_RE = rx.compile(r"\b(?:and|or)\b")
_AND_OR_PREFIX_RE = rx.compile(r"^(?:and|or)\s+")


_SLASHED_RE = rx.compile(r"(?<![/:\w.])[A-Za-z]{3,}/[A-Za-z]{3,}(?![/\w.])")  # before/after: two items in one
_ITEM_COUNT_RE = rx.compile(r"(?:an?\s+|the\s+)?(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:[A-Za-z-]+\s+){0,2}[A-Za-z-]+s\b", re.I)


def _en_items(s: str) -> list[int]:
    """Possible item counts of 'A, B, and C' (an 'and' inside an item is ambiguous; so is 'before/after',
    and an item that counts itself, "two thread error detectors", may be that many of the counted)."""
    counts = _en_item_counts(s)
    if not counts:
        return counts
    extra = len(_SLASHED_RE.findall(s))
    for m in _ITEM_COUNT_RE.finditer(s):
        before = s[: m.start()].rstrip()
        if not before or before[-1] in ",;:" or before.endswith((" and", " or")):
            n = _en_number(m.group("n"))
            extra += n - 1 if n else 0
    return counts + [c + extra for c in counts if extra and c + extra not in counts]


def _en_item_counts(s: str) -> list[int]:
    s = s.strip().rstrip(".")
    if not s:
        return []
    parts = [p.strip() for p in _COMMA_SEPARATOR_RE.split(s) if p.strip()]
    if not parts:
        return []
    for i in range(1, len(parts) - 1):
        if _AND_OR_LEAD_RE.match(parts[i]):
            parts = parts[: i + 1]  # "A, or B, using C": the list ends with its and/or item
            break
    last = parts[-1]
    n_and = len(_AND_OR_WORD_RE.findall(last))
    if len(parts) > 1 and _AND_OR_LEAD_RE.match(last):
        parts[-1] = _AND_OR_PREFIX_RE.sub("", last)
        return [len(parts)]
    if n_and:
        if len(parts) > 1 and _plain_series(parts):
            return [len(parts) + 1]
        return [len(parts) + 1, len(parts)] if len(parts) > 1 else [2]
    return [len(parts)] if len(parts) > 1 else []


_SERIES_ITEM_WORDS = 3


def _plain_series(parts: list[str]) -> bool:
    """"docs, tests, upgrades and monitoring": short items whose last holds the series' one 'and', which then
    joins its last two; in "testing, research and development" (longer or irregular) it may join one item's words."""
    halves = _AND_OR_WORD_RE.split(parts[-1])
    return (len(halves) == 2 and all(0 < len(h.split()) <= _SERIES_ITEM_WORDS for h in halves)
            and all(0 < len(p.split()) <= _SERIES_ITEM_WORDS and not _AND_OR_WORD_RE.search(p) for p in parts[:-1]))


_TIME_UNITS = frozenset("seconds minutes hours days weeks months quarters years decades centuries".split())


def _is_duration(what: str) -> bool:
    """A count of units of time (five years, 18 months) measures a length, not a number of listed items;
    so does one that sizes what follows in them ("two year terms", "a 3 month period": two-year terms)."""
    words = what.lower().split()
    return words[-1] in _TIME_UNITS or len(words) > 1 and words[0] + "s" in _TIME_UNITS


_TOP_BEFORE_RE = rx.compile(r"\btop\s*$")
_THE_TOP_BEFORE_RE = rx.compile(r"\b(?:the|our|their|its)\s+top\s*$")
_BOUND_BEFORE_RE = rx.compile(r"(?:at least|at most|up to|any|more than|fewer than|over|about|first|last|next)\s*$")
_N_OF_BEFORE_RE = rx.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|all|both|each|none|some)\s+of\s+(?:the\s+|these\s+|those\s+)?$")
_MONEY_OR_LABEL_BEFORE_RE = rx.compile(r"[$€£#§]|\d[.,]?$")
_LIST_INTRO_RE = rx.compile(r",?\s*(?:in order|in descending order|as follows)?\s*:\s*")
_SENTENCE_STOP_RE = rx.compile(r"\.(?:\s|$)")
# an agent, or a new subject with its verb, in what follows "are"/"were": a clause goes on, not a list of names
_CLAUSE_IN_LIST_RE = rx.compile(r"\bby\b|\b(?:the|a|an|our|their|its|this|these|those)\s+(?:[\w-]+\s+){1,3}(?:is|are|was|were|has|have|had|will|would)\b", re.I)
_NUMBER_WORD_RE = rx.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)
_OF_IN_FOR_RE = rx.compile(r"\s*(?:of|in|for)\b")
_BRACKETED_RE = rx.compile(r"\s*\([^()]*\)")
_BRACKETED_SHARE_RE = rx.compile(r"\s*\([^()]*%\)")
_COMMA_AND_OR_RE = rx.compile(r",\s+(?:and|or)\s")
_EN_ITEM_SEPARATOR_RE = rx.compile(r",\s*|;\s*|\s+(?:and|or)\s+")


def _en_counts(doc: Document, b: Block, params: Params, blocks: list[Block], bi: int,
               hints: list[tuple[int, int]]) -> Iterator[Finding]:
    """`hints`: the spans of _EN_COUNT_HINT's matches over the block. A sentence no match overlaps has
    none of its own (a match the sentence holds is one of the block's, or inside one that reaches into
    the sentence), so only the others are searched."""
    text = b.content
    base = b.content_start
    h = 0  # the first hint that ends after the sentence starts
    for s0, s1 in doc.sentences(b):
        while h < len(hints) and hints[h][1] <= s0:
            h += 1
        if h == len(hints) or hints[h][0] >= s1 or not _EN_COUNT_HINT.search(doc.text, s0, s1):
            continue
        sent = doc.text[s0:s1]
        for m in _EN_COUNT_RE.finditer(sent):
            n = _en_number(m.group("n"))
            if n is None or not 2 <= n <= params.max_count or _is_duration(m.group("what")):
                continue  # "maintained for five years: two of bug fixes, three of security fixes" — a length of time
            lead = sent[max(0, m.start() - 14) : m.start()].lower()
            top = bool(_TOP_BEFORE_RE.search(lead))
            if _BOUND_BEFORE_RE.search(lead):
                continue
            if _N_OF_BEFORE_RE.search(lead):
                continue  # "3 of the 5 options": a part of a set, not its list
            if _DIGIT_RE.match(m.group("n")) and _MONEY_OR_LABEL_BEFORE_RE.search(lead):
                continue
            if _DIGIT_RE.match(m.group("n")) and _LABEL_BEFORE.search(sent, 0, m.start("n")) and m.group("pre") is None:
                continue  # "Stage 3 proposals", "Level 2 requirements": a number that names, not counts
            mid = m.group("mid")
            lst = m.group("list")
            colon = m.group("sep").strip() != "" and m.group("sep").strip() not in ("are", "were")  # ':' or a dash: "five languages — Go, Java and Rust"
            ordered = _LIST_INTRO_RE.match(lst)
            if not colon and ordered and ordered.group(0).strip(" ,"):
                lst = lst[ordered.end():]  # "The top 10 countries were, in order: A (22%), B (12%), …"
            elif top and not colon and not _THE_TOP_BEFORE_RE.search(lead):
                continue  # "the top 3 of these", "top 10 projects such as …": a rank, not the list's size
            if m.group("end") == ";":
                stop = _SENTENCE_STOP_RE.search(sent[m.end("list") :])
                lst = sent[m.start("list") : m.end("list") + (stop.start() if stop else len(sent))]  # "…: a, to x; b, to y; and c"
            if _NUMBER_WORD_RE.search(mid):
                continue  # "4 chairs and 3 tech leads: A, B, C" — the list belongs to the later count
            if not colon and _CLAUSE_IN_LIST_RE.search(lst):
                continue  # "The three priorities were set by the board, and the ten projects were audited": a passive, not a list
            full = (mid + " " + lst).lower()
            if _partial_words(params.partial_en, False).search(full):
                continue
            if m.group("sep").strip() == ":" and not lst.strip() and s1 >= b.end - 1:
                k = _following_run(doc, blocks, bi)
                if k is None:
                    k = _fewer_headings(blocks, bi, n)
                if k is None or k == n or abs(k - n) > params.max_gap:
                    continue
                yield Finding(s0 + m.start("n"), s0 + m.end("what"), _en_fields(m.group("n"), k, m.group("what")))
                continue
            pre = m.group("pre") is not None or top and _THE_TOP_BEFORE_RE.search(lead) is not None  # "The top three X were …"
            if not colon and not (ordered and ordered.group(0).strip(" ,")) and (not pre or len(mid.split()) > 4
                                                   or mid.strip() and not _OF_IN_FOR_RE.match(mid)):
                continue  # "N things are …" only as "The N things (of X) are A, B and C"
            if ":" in lst:
                if m.group("sep").strip() == ":":
                    continue  # "Two charts: 2016: …" — a nested label, not a flat list
                lst = lst.split(":", 1)[1]
            if "%" in _BRACKETED_RE.sub("", lst):
                continue  # a breakdown of shares (percent-sum's business), not a list of named things
            lst = _BRACKETED_SHARE_RE.sub("", lst)  # "Germany (12%)": the item is Germany
            lst = _flatten_groups(lst)  # "Event Loop (code) and a Thread Pool (fs, dns, …)": two items
            if ";" in lst:
                # items separated by semicolons may hold commas of their own: "`Display`, to print …; `Debug`, …"
                items = [p for p in lst.split(";") if p.strip()]
                if len(items) == n or len(items) + 1 == n and _COMMA_AND_OR_RE.search(items[-1]):
                    continue
            parts = [p for p in _EN_ITEM_SEPARATOR_RE.split(lst) if p.strip()]
            if any(len(p.split()) > params.max_item_words for p in parts):
                continue
            counts = _en_items(lst)
            if not counts or n in counts or len(parts) < 2:
                continue
            if abs(min(counts, key=lambda c: abs(c - n)) - n) > params.max_gap:
                continue
            k = min(counts, key=lambda c: abs(c - n))
            yield Finding(s0 + m.start("n"), s0 + m.end("what"), _en_fields(m.group("n"), k, m.group("what")),
                          related=(RelatedSpan(s0 + m.start("list"), s0 + m.end("list"), phrase("items_listed", items=k)),))
    # a paragraph whose last sentence ends "… N things:" followed by a list
    del text, base


_EN_FOLLOWING = rx.compile(rf"\bthe following\s+(?P<n>{_EN_NUM})\s+(?P<what>(?:[A-Za-z-]+\s+){{0,2}}?[A-Za-z-]+s)\b", re.I)


_COLON_THEN_TEXT_RE = rx.compile(r"[:;]\s*\S")


def _en_following(doc: Document, b: Block, params: Params, blocks: list[Block], bi: int) -> Iterator[Finding]:
    """"… the following four meetings, which …" in a paragraph's last sentence, with the list right after the
    paragraph: "the following" points to that list, wherever the sentence goes on and however it ends."""
    sentences = doc.sentences(b)
    if bi < 0 or bi + 1 >= len(blocks) or blocks[bi + 1].kind != "list_item" or not sentences:
        return
    s0, s1 = sentences[-1]
    m = _EN_FOLLOWING.search(doc.text, s0, s1)
    if m is None or _EN_FOLLOWING.search(doc.text, m.end(), s1):
        return
    if _COLON_THEN_TEXT_RE.search(doc.text[m.end() : s1]):
        return  # "the following three: a, b and c" — an inline list, read by _en_counts
    n = _en_number(m.group("n").lower())
    k = _following_run(doc, blocks, bi)
    if _is_duration(m.group("what")) or n is None or k is None or not 2 <= n <= params.max_count or k == n or abs(k - n) > params.max_gap:
        return
    yield Finding(m.start("n"), m.end("what"), _en_fields(m.group("n"), k, m.group("what")))


_NAME = r"(?:`[^`\n]{1,40}`|\[[^\]\n]{1,60}\]\([^()\s]{1,200}\)|[A-Z][A-Za-z0-9.+#-]*(?:\s+[A-Z][A-Za-z0-9.+#-]*){0,2})"  # a name, code or a link
# "our three core APIs, AdminPolicy and BaselinePolicy, …": a count whose noun is followed by the names it
# counts in apposition (names or code only: capitalised or in backticks, the apposition closed by , . ; or ))
_APPOSITION_HINT = rx.compile(r"s,\s+[A-Z`\[]")  # a plural noun, its comma, then a name, code or link
_EN_DETERMINER_BEFORE = rx.compile(r"\b(?:our|its|their|the|these|those)\s+(?:(?:top|largest|biggest|main|major|leading)\s+)?$")
_EN_APPOSITION = rx.compile(
    rf"(?P<n>{_EN_NUM})\s+(?P<what>(?:[a-z][a-z-]*\s+){{0,2}}?[A-Za-z][A-Za-z-]*s),\s+"
    rf"(?P<list>{_NAME}(?:,\s+{_NAME})*,?\s+(?:and|or)\s+{_NAME})(?=\s*[,.;)]|\s*$|\s+(?:on|in|for|to|about|with|at)\s+[a-z])")


def _en_apposition(doc: Document, b: Block, params: Params, hints: list[tuple[int, int]]) -> Iterator[Finding]:
    """`hints`: the spans of _EN_COUNT_HINT's matches over the block (a count word starts each)."""
    text = doc.text
    for start, _ in hints:  # at each count word only, not at every word
        if not _EN_DETERMINER_BEFORE.search(text, max(b.content_start, start - 16), start):
            continue
        m = _EN_APPOSITION.match(text, start, b.end)
        if m is None:
            continue
        n = _en_number(m.group("n").lower())
        k = len(re.findall(_NAME, m.group("list")))
        if _is_duration(m.group("what")) or n is None or not 2 <= n <= params.max_count or k == n or abs(k - n) > params.max_gap:
            continue
        yield Finding(m.start("n"), m.end("what"), _en_fields(m.group("n"), k, m.group("what")),
                      related=(RelatedSpan(m.start("list"), m.end("list"), phrase("items_listed", items=k)),))


# A sentence that points to the table under it and counts what the table lists (下表列出5个重点项目 /
# "The table below lists the five largest projects"): the count is the number of the table's rows.
_ZH_TABLE_POINTER = rx.compile(r"(?:下表|如下表|以下表格|下列表格|见下表|表中)")
_EN_TABLE_POINTER = rx.compile(r"\b(?:(?:the\s+)?(?:table|chart)\s+below|(?:the\s+)?following\s+table|below\s+(?:is|are)\s+(?:a|the)\s+(?:table|list))\b", re.I)
_EN_TABLE_COUNT = rx.compile(rf"\b(?P<n>{_EN_NUM})\s+(?P<what>(?:[a-z][a-z-]*\s+){{0,2}}?[a-z][a-z-]*s)\b", re.I)
_TOTAL_ROW = rx.compile(r"^\s*(?:合计|总计|小计|总数|共计|全部|total|sum|all|overall)\b", re.I)


_ZH_BACK_REF = rx.compile(r"(?:上述|以上|前述|前面|上面|这|这些|其中|各|每)\s*$")
_EN_PART_LEAD = rx.compile(r"(?:at least|at most|up to|more than|fewer than|over|about|first|last|next|of|these|those|above)\s*$")


def _table_rows(doc: Document, b: Block, qs: tuple[Quantity, ...], params: Params) -> Iterator[Finding]:
    """A count in the paragraph right above a table, in a sentence that points to the table (下表 / "the
    table below"), against the table's body rows (a total row is not an item). A count that equals the
    number of the table's value columns counts those instead ("the table below compares three years")."""
    table = next((t for t in tables(doc) if t.caption_block is b), None)
    if table is None:
        table = next((t for t in tables(doc) if t.header.block.start > b.end), None)
        if table is None or doc.text[b.end : table.header.block.start].strip():
            return
    rows = [r for r in table.rows if r.cells and not _TOTAL_ROW.match(r.cells[0].text)]
    columns = max(0, len(table.header.cells) - 1)
    k = len(rows)
    text = doc.text
    for s0, s1 in doc.sentences(b):
        sent = text[s0:s1]
        if _ZH_TABLE_POINTER.search(sent):
            for q in qs:
                if s0 <= q.start < s1 and _is_count(q, params, text) and q.unit != "大":
                    if _ZH_BACK_REF.search(text[max(s0, q.start - 4) : q.start]):
                        break  # 上述三种方法: a count of things named before, which the rows may split or join
                    n = int(q.value)
                    if n not in (k, columns) and abs(n - k) <= params.max_gap and k >= 2:
                        yield Finding(q.start, q.end, _zh_fields(q.text, k, _noun_phrase(text, q.end)))
                    break
        elif _EN_TABLE_POINTER.search(sent):
            m = _EN_TABLE_COUNT.search(sent)
            if m is None or _is_duration(m.group("what")):
                continue
            n = _en_number(m.group("n").lower())
            if n is None or not 2 <= n <= params.max_count or n in (k, columns) or abs(n - k) > params.max_gap or k < 2:
                continue
            lead = sent[max(0, m.start() - 14) : m.start()].lower()
            if _EN_PART_LEAD.search(lead):
                continue  # "the first three rows", "two of the five": a part of the table, not its size
            yield Finding(s0 + m.start("n"), s0 + m.end("what"), _en_fields(m.group("n"), k, m.group("what")))


# "There are four reasons. First, … Second, … Third, …": a count the sentences or paragraphs after it take up
# one by one with ordinal words. The count's sentence announces them: There are N X / the following N X / N X:
_EN_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_EN_ORDINAL_LEAD = rx.compile(r"[\s*_]*(?P<w>First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Finally|Lastly)(?:ly)?\b\s*(?:of all\s*)?,", re.I)
_EN_ANNOUNCE = rx.compile(
    rf"(?:\bthere\s+(?:are|were|is|was)\s+|\bthe\s+following\s+|\bfor\s+"
    rf"|\b(?:has|have|had|set|identified|agreed\s+on|chose|pursued)\s+(?:(?:our|its|their|the)\s+)?)(?P<n>{_EN_NUM})\s+(?:(?:main|key|major|primary|important|other|basic|broad|big)\s+)?"
    rf"(?P<what>[a-z][a-z-]*s)\b(?P<rest>[^.:;!?]{{0,40}})[.:]\s*$", re.I)


def _ordinal_step(text: str, expected: int) -> int | None:
    """1-based place of the ordinal a sentence or paragraph opens with, when it is the one expected next
    (Finally/Lastly close the run at the expected place), else None."""
    m = _EN_ORDINAL_LEAD.match(text)
    if m is None:
        return None
    w = m.group("w").lower()
    if w in ("finally", "lastly"):
        return expected if expected > 2 else None
    place = _EN_ORDINALS.index(w) + 1
    return place if place == expected else None


def _en_ordinal_run(doc: Document, b: Block, params: Params, blocks: list[Block], bi: int) -> Iterator[Finding]:
    text = doc.text
    sentences = doc.sentences(b)
    for i, (s0, s1) in enumerate(sentences):
        m = _EN_ANNOUNCE.search(text, s0, s1)
        if m is None or len(m.group("rest").split()) > 6 or _is_duration(m.group("what")):
            continue
        n = _en_number(m.group("n").lower())
        if n is None or not 2 <= n <= params.max_count:
            continue
        k = 0
        if i + 1 < len(sentences):
            # inline: the sentences right after it, one per item
            for t0, t1 in sentences[i + 1 :]:
                step = _ordinal_step(text[t0:t1], k + 1)
                if step is None:
                    break
                k = step
                if _EN_ORDINAL_LEAD.match(text[t0:t1]).group("w").lower() in ("finally", "lastly"):
                    break
        elif bi + 1 < len(blocks):
            # spread over the paragraphs after it; body paragraphs may come between, a heading ends the run
            idle = 0
            for nb in blocks[bi + 1 : bi + 60]:
                if nb.kind != "paragraph":
                    break
                step = _ordinal_step(nb.content, k + 1)
                if step is None:
                    if k == 0 or idle >= 2:
                        break
                    idle += 1
                    continue
                k, idle = step, 0
                if _EN_ORDINAL_LEAD.match(nb.content).group("w").lower() in ("finally", "lastly"):
                    break
        if k < 2 or k == n or abs(k - n) > params.max_gap:
            continue
        yield Finding(m.start("n"), m.end("what"), _en_fields(m.group("n"), k, m.group("what")))


# A list item that counts its own sub-items: "- Stable (four KEPs)" over its nested items, 试点（3项）
_ITEM_COUNT = rx.compile(
    rf"[(（]\s*(?:(?P<en>{_EN_NUM})\s+(?P<what>[A-Za-z][A-Za-z-]*s)|(?:共)?(?P<zh>\d{{1,2}}|[一二两三四五六七八九十]{{1,3}})\s*(?P<zhwhat>项|个|条|篇|类|家|名))\s*[)）]"
    r"[\s*_]*[:：]?[\s*_]*$", re.I)


def _item_count(doc: Document, b: Block, params: Params, blocks: list[Block], bi: int) -> Iterator[Finding]:
    """A count in brackets ending a list item's first line binds to the item's own sub-items (the next
    level of the list under it), the list relation a nested list draws; none of its siblings count."""
    if bi < 0:
        return
    first = b.content.split("\n", 1)[0]
    m = _ITEM_COUNT.search(first)
    if m is None:
        return
    n = _en_number(m.group("en").lower()) if m.group("en") else parse_zh_int(m.group("zh")) if not m.group("zh").isdigit() else int(m.group("zh"))
    if n is None or not 2 <= n <= params.max_count:
        return
    k = 0
    for nb in blocks[bi + 1 :]:
        if nb.kind != "list_item" or nb.depth <= b.depth:
            break
        if nb.depth == b.depth + 1:
            k += 1
    if k < 2 or k == n or abs(k - n) > params.max_gap:
        return
    start = b.content_start + m.start() + 1
    if m.group("en"):
        yield Finding(start, b.content_start + m.end("what"), _en_fields(m.group("en"), k, m.group("what")))
    else:
        yield Finding(start, b.content_start + m.end("zhwhat"), _zh_fields(m.group("zh") + m.group("zhwhat"), k, ""))
