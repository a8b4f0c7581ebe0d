"""Shared analysis for the number checks: quantities per block, clauses, sections.

Every NU rule needs the same parse of the document's numbers; it is computed
once per document (a `Document.view`) for a given not-a-quantity list.
"""

from __future__ import annotations

import bisect
import operator
import re
from typing import Iterator, NamedTuple, Sequence

from reportlint.document import Block, Document
from reportlint.analysis.masks import literal_spans
from reportlint.analysis.reuse import memo
from reportlint.text.quantities import Quantity, scan
from reportlint.text import rx

# Blocks whose numbers are text: prose, table cells, headings (image alt/title text is inside them).
NUMBER_KINDS = frozenset({"paragraph", "list_item", "table_row", "heading"})

_CLAUSE_ZH = rx.compile(r"[，,；;。！？!?：:]")
_CLAUSE_EN = rx.compile(r"(?<=[.!?;:])\s+|;\s*")
# 如果… / 当请求数量为5万条时 / 在请求数量达到10万条的时候: the values after it hold under that condition only
CONDITION_ZH = rx.compile(r"如果|假如|若|倘若|一旦|只要|当[^，,。；;]{1,30}?时|在[^，,。；;]{1,30}?(?:之?时|的时候)(?=[，,])")


_PERIOD_RE = rx.compile(r"(?:19|20)\d\d(?!\d)|十[一二三四五六七八九]五|[一二三四五六七八九十]+五(?=规划|时期)|\b(?:FY)?(?:19|20)\d\d\b")
_SCHEME_RANK = {"zh-chapter": 0, "zh-dun": 1, "roman-upper": 1, "zh-paren": 2, "decimal": 2, "arabic-dot": 3, "arabic-paren": 4}


class BlockNumbers(NamedTuple):
    block: Block
    section: int  # index of the section (heading-delimited) the block is in
    quantities: tuple[Quantity, ...]
    period: frozenset[str] = frozenset()  # years / plan periods named by the headings above it
    # The statute article (第三十九条 / Article 5 / § 3) the block belongs to, numbered through the
    # document; None outside articles. An article prescribes for its own subject and case: two
    # articles giving different fines state two rules, not one figure twice.
    provision: int | None = None
    # The title of the innermost heading above the block with its figures, names and quoted or code text
    # masked ("## 2018-03-29, Version 6.14.0 'Boron' (LTS)" -> "## #, Version # ' (LTS)"): two sections
    # with one such template are parallel entries (a changelog's releases, an API reference's functions,
    # one subsection under each parent), whose figures are each entry's own, not one figure stated twice.
    template: str = ""


def parallel(a_section: int, a_template: str, b_section: int, b_template: str) -> bool:
    """Two places in two parallel entries: different sections under headings of one template."""
    return bool(a_template) and a_template == b_template and a_section != b_section


_TEMPLATE_MASKS = rx.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|“[^”]*”|‘[^’]*’|「[^」]*」|《[^》]*》|@[\w.-]+|[vV]?\d[\d.,:/-]*")


def heading_template(title: str) -> str:
    """A heading's title with what tells parallel entries apart masked: figures, versions, dates, names
    after @, quoted and code text."""
    return " ".join(_TEMPLATE_MASKS.sub("#", title.strip(" #*_")).split())


_ARTICLE_NAMES = frozenset({"§", "Article", "article", "ARTICLE"})


def _opens_provision(b: Block) -> bool:
    """An article of a statute or regulation: a numbered paragraph (not a heading) of unit 条 or Article/§."""
    e = b.enumerator
    return b.item and e is not None and (e.scheme == "zh-chapter" and e.unit in "条條" or e.scheme == "named" and e.unit in _ARTICLE_NAMES)


def analyse(doc: Document, exclude: tuple[str, ...]) -> tuple[BlockNumbers, ...]:
    """Quantities of every text block, with its section index (memoised per exclude list)."""
    return doc.view(_analyse, exclude)


def _analyse(doc: Document, exclude: tuple[str, ...]) -> tuple[BlockNumbers, ...]:
    out = []
    reuse = doc.reuse
    # A block's quantities at offset 0, by its content: a report repeats paragraphs, a run's drafts of
    # one report share most of theirs, and the quantities depend on the content alone (`Memo`).
    known, language, fmt = memo(doc), doc.language, doc.format
    section = 0
    ancestors: dict[int, frozenset[str]] = {}
    period: frozenset[str] = frozenset()
    provision: int | None = None
    articles = 0
    template = ""
    for b in doc.blocks:
        if _opens_provision(b):
            articles += 1
            provision = articles
        elif b.is_heading:
            provision = None  # a chapter heading ends the article before it
        rank = _heading_rank(b)
        if rank is None and _period_line(b):
            rank = 1  # “十四五”时期工作回顾 / 2026年重点工作 on a line of its own: a part of the report
        if rank is not None:
            section += 1
            ancestors = {r: v for r, v in ancestors.items() if r < rank}
            first = b.content.split("\n", 1)[0][:80]
            ancestors[rank] = frozenset(_PERIOD_RE.findall(first)) | _mode(first) | _within_year(first)
            period = frozenset().union(*ancestors.values())
            template = heading_template(first)
        if b.kind not in NUMBER_KINDS:
            continue
        if reuse is None:
            content = b.content
            qs = known.get("numbers.quantities", (content, exclude, language, fmt),
                           lambda: _quantities(content, 0, exclude, language, fmt))
            if b.content_start:
                qs = tuple(shifted(q, b.content_start) for q in qs)
        else:  # a block's quantities depend on its content alone: moved with it
            content, base = b.content, b.content_start
            was, qs = reuse.get("numbers.quantities", (content, exclude, doc.language, doc.format),
                                lambda: (base, _quantities(content, base, exclude, doc.language, doc.format)))
            if was != base:
                qs = tuple(shifted(q, base - was) for q in qs)
        out.append(BlockNumbers(b, section, qs, period, provision, template))
    return tuple(out)


def _quantities(content: str, base: int, exclude: tuple[str, ...], language: str, fmt: str) -> tuple[Quantity, ...]:
    qs = tuple(scan(content, base, exclude, language))
    if qs and fmt == "md" and ("`" in content or "{" in content):
        # `12` in a code span or `{{< figure width="300" >}}` is a literal of the code, not a figure of the text
        spans = [(base + x, base + y) for x, y in literal_spans(content)[0]]
        qs = tuple(q for q in qs if not any(x <= q.start and q.end <= y for x, y in spans))
    return qs


def place_key(bn: BlockNumbers) -> tuple:
    """What a block's numbers know of their place in the document — every field of BlockNumbers but
    the block and its quantities (the section, the headings' periods, the provision, …): part of the key
    of a result reused for the block in the language server (`analysis.reuse`), a new field included."""
    return tuple(v for name, v in zip(bn._fields, bn) if name not in ("block", "quantities"))


def shifted(q: Quantity, delta: int) -> Quantity:
    """`q` moved by `delta` characters (its block moved between two versions of the document)."""
    return tuple.__new__(Quantity, (q[0] + delta, q[1] + delta, *q[2:]))  # start, end first: 3x _replace's speed


_PERIOD_LINE_END = rx.compile(r"[。；;，,：:！？!?.]\s*$")


_REVIEW_RE = rx.compile(r"回顾|过去|总结|成就|成绩|review|retrospective", re.I)
_PLAN_RE = rx.compile(r"安排|任务|目标|计划|部署|展望|重点工作|主要工作|规划|plan|roadmap|goals", re.I)


def _mode(heading: str) -> frozenset[str]:
    """Whether a heading opens a review of results or a plan (工作回顾 / 工作安排): two kinds of period."""
    if _REVIEW_RE.search(heading):
        return frozenset({"review"})
    if _PLAN_RE.search(heading):
        return frozenset({"plan"})
    return frozenset()


def _period_line(b: Block) -> bool:
    """A paragraph whose first line is short, without end punctuation, and names a period: a plain-text
    part heading (“十四五”时期工作回顾 / 2026年重点工作), alone or run into the text below it."""
    c = b.content.split("\n", 1)[0]
    return (b.kind == "paragraph" and len(c) <= 30 and not _PERIOD_LINE_END.search(c)
            and _PERIOD_RE.search(c) is not None)


def _heading_rank(b: Block) -> int | None:
    """The outline rank of a heading block (smaller = higher); None for a block that is not one."""
    if b.kind == "heading":
        if b.level is not None:
            return b.level
        return _SCHEME_RANK.get(b.enumerator.scheme, 5) if b.enumerator is not None else 5
    if b.kind == "paragraph" and (b.runin or b.item) and b.enumerator is not None and b.enumerator.scheme in ("zh-dun", "zh-chapter"):
        return _SCHEME_RANK[b.enumerator.scheme]
    return None


def prose_shares(doc: Document, exclude: tuple[str, ...]) -> Iterator[tuple[BlockNumbers, list[Quantity]]]:
    """Each paragraph or list item with the shares (single percents, not ranges) written in it."""
    for bn in analyse(doc, exclude):
        if bn.block.kind in ("paragraph", "list_item"):
            shares = [q for q in bn.quantities if q.kind == "percent" and not q.is_range]
            if shares:
                yield bn, shares


def different_periods(a: frozenset[str], b: frozenset[str]) -> bool:
    """Headings above two places name different years or plan periods (2025年工作回顾 / 2026年重点工作),
    or different months, quarters or halves (## January / ## February under one year's heading)."""
    sa, sb = {p for p in a if p[:1] == "~"}, {p for p in b if p[:1] == "~"}
    if sa and sb and not (sa & sb):
        return True
    if sa or sb:
        a, b = a - sa, b - sb
    return bool(a) and bool(b) and not (a & b)


_MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WITHIN_YEAR_RE = rx.compile(
    r"\b(?P<en>(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?![A-Za-z])"
    r"|\b(?P<q>Q[1-4]|H[12])\b"
    r"|(?<![\d\-–~至到])(?P<zm>1[0-2]|[1-9])月(?!份?\s*[\-–~至到]\s*\d)"
    r"|(?P<zq>第?[一二三四1-4]季度)|(?P<zh>上半年|下半年)"
)
_ZH_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}


def _within_year(heading: str) -> frozenset[str]:
    """The months, quarters and halves a heading names, as '~m3', '~q1', '~h2' (a part of a year)."""
    out = set()
    for m in _WITHIN_YEAR_RE.finditer(heading):
        if m.group("en"):
            out.add(f"~m{_MONTHS_EN.index(m.group('en')[:3].lower()) + 1}")
        elif m.group("q"):
            out.add("~" + m.group("q").lower())
        elif m.group("zm"):
            out.add("~m" + m.group("zm"))
        elif m.group("zq"):
            d = m.group("zq").lstrip("第")[0]
            out.add("~q" + _ZH_DIGITS.get(d, d))
        else:
            out.add("~h1" if m.group("zh") == "上半年" else "~h2")
    return frozenset(out)


def clauses(text: str, base: int, language: str) -> list[tuple[int, int]]:
    """(start, end) document offsets of the comma-delimited clauses of `text` (Chinese)."""
    spans = []
    pos = 0
    for m in _CLAUSE_ZH.finditer(text):
        # a comma between digits (1,234) does not end a clause
        if m.group(0) == "," and 0 < m.start() < len(text) - 1 and text[m.start() - 1].isdigit() and text[m.start() + 1].isdigit():
            continue
        if m.group(0) in ".:" and 0 < m.start() < len(text) - 1 and text[m.start() + 1].isdigit():
            continue
        if m.start() > pos:
            spans.append((base + pos, base + m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((base + pos, base + len(text)))
    return [(s, e) for s, e in spans if e > s]


# A clause longer than this is not a list or a metric phrase; walks stop here (linear on a 20 MB line).
MAX_CLAUSE = 200


_START = operator.attrgetter("start")


def within(qs: Sequence[Quantity], start: int, end: int) -> list[Quantity]:
    """The quantities (sorted by start) that lie inside [start, end), found by bisection."""
    lo = bisect.bisect_left(qs, start, key=_START)
    hi = bisect.bisect_left(qs, end, lo, key=_START)
    return [q for q in qs[lo:hi] if q.end <= end]


_EMPHASIS = rx.compile(r"\*\*|__|\*(?=\S)|(?<=\S)\*")


_SPACES_RE = rx.compile(r"\s{2,}")


def fmt_value(q: Quantity) -> str:
    """A value as written, without the emphasis markup inside it (接近 **234 万 → 接近 234 万)."""
    text = q.text.strip()
    return _SPACES_RE.sub(" ", _EMPHASIS.sub("", text)).strip() if "*" in text or "__" in text else text


# ---------------------------------------------------------------- breakdowns (shares of a whole)

_IMAGE_RE = rx.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<url>[^\s)]*)(?:\s+\"(?P<title>[^\"]*)\")?\)")


class Breakdown(NamedTuple):
    """A run of labelled shares in one segment (sentence, alt text or title)."""
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


_YEAR_LABEL_RE = rx.compile(r"(?:19|20)\d\d\s*[:：]")


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
        for m in _YEAR_LABEL_RE.finditer(text[s0:s1]):
            if s0 + m.start() > pos:
                out.append((pos, s0 + m.start()))
            pos = s0 + m.start()
        out.append((pos, s1))
    return out


def breakdowns(doc: Document, exclude: tuple[str, ...], min_shares: int,
               change_words: tuple[str, ...]) -> Iterator[list[Breakdown]]:
    """Per block, its breakdowns: `min_shares` or more exact percentages in one segment, each
    with its own label, and no change word (增长, up from) or 分别/respectively in the segment."""
    reuse = doc.reuse
    for bn in analyse(doc, exclude):
        pcts = [q for q in bn.quantities if q.kind == "percent"]
        if len(pcts) < min_shares:
            continue
        if reuse is None:
            found = _block_breakdowns(doc, bn.block, pcts, min_shares, change_words)
        else:  # read from the block's content alone (its sentences, its quantities): moved with it
            b = bn.block
            base = b.content_start
            was, found = reuse.get("numbers.breakdowns", (b.content, exclude, doc.language, doc.format, min_shares,
                                                          change_words),
                                   lambda: (base, _block_breakdowns(doc, b, pcts, min_shares, change_words)))
            if was != base and found:
                d = base - was
                found = [Breakdown(bd.start + d, bd.end + d, tuple(shifted(q, d) for q in bd.shares), bd.labels, bd.text)
                         for bd in found]
        if found:
            yield found


def _block_breakdowns(doc: Document, block: Block, pcts: list[Quantity], min_shares: int,
                      change_words: tuple[str, ...]) -> list[Breakdown]:
    """The breakdowns of one block, given its percentages."""
    text = doc.text
    found = []
    for s0, s1 in _segments(doc, block):
        shares = within(pcts, s0, s1)
        if len(shares) < min_shares or any(not q.exact for q in shares):
            continue
        seg = text[s0:s1]
        low = seg.lower()
        if any(w in low for w in change_words) or "分别" in seg or "respectively" in low:
            continue
        labels = _labels(text, s0, s1, shares)
        if labels is None:
            continue
        found.append(Breakdown(s0, s1, tuple(shares), labels, seg))
    return found


_LABEL_JOINERS_RE = rx.compile(r"[\s,，、;；.。*_]+")
_WORD_CHAR_RE = rx.compile(r"[A-Za-z\u4e00-\u9fff]")


def _labels(text: str, s0: int, s1: int, shares: list[Quantity]) -> tuple[str, ...] | None:
    """The label of each share: the words after it (34.0% less than a week) or before it (女性占25%)."""
    after = []
    for i, q in enumerate(shares):
        end = shares[i + 1].start if i + 1 < len(shares) else s1
        lab = _LABEL_JOINERS_RE.sub(" ", text[q.end : end]).strip().lower()
        after.append(lab)
    if all(_WORD_CHAR_RE.search(lab) for lab in after):
        return tuple(after)
    before = []
    for i, q in enumerate(shares):
        start = shares[i - 1].end if i else s0
        lab = _LABEL_JOINERS_RE.sub(" ", text[start : q.start]).strip().lower()
        before.append(lab)
    if all(_WORD_CHAR_RE.search(lab) for lab in before):
        return tuple(before)
    return None
