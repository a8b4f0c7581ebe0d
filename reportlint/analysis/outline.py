"""The numbered outline of a document, built once and shared by the heading checks.

Items are Markdown headings (numbered or not), standalone numbered heading lines
and run-in headings (`（一）加快推进…。正文…`). Each numbered item belongs to a
sibling group: the items of one numbering family (一、 / （一） / 1. 1.1 / A. / I. …)
under one parent. A group closes when a higher item appears (its parent
advances), so （一） may legitimately start again under 二、.

Levels: a Markdown heading's level is its `#` count; a numbered line or run-in
heading ranks by GB/T 9704 order for Chinese schemes (第X章 > 一、 > （一） > 1. >
（1） > ①) and by order of first appearance otherwise, below every Markdown
heading. Decimal numbers (1, 1.1, 1.1.1) carry their own depth and parent.

Each group's numbers are then read left to right against the expected next
number (FIELD-NOTES "Checking"): +1 is fine, the same number is a repeat, 1 is a
restart without a new parent, a lower number is out of order, a higher one
skips. A group that goes on counting from the previous parent's group
(（一） 1. 2. （二） 3. 4.) is a numbering style and is accepted. One look-ahead keeps one cause to one finding: 三 二 is one swap, and a
wrong number followed by the right sequence (1 2 5 4) is one wrong number.
"""

from __future__ import annotations

import bisect
from typing import Iterable, NamedTuple

from reportlint.analysis.duplicates import CopySettings, copies
from reportlint.analysis.reuse import kept
from reportlint.text import rx
from reportlint.diagnostics import Edit, Fix, RelatedSpan, phrase
from reportlint.document import Block, Document
from reportlint.text.cjk import HAN_RE
from reportlint.text.enumerators import Enumerator

# GB/T 9704-2012 §7.3.3 order; 条 (articles) and § count through the whole document.
GB_RANK = {
    "zh-chapter-部分": 1.0, "zh-chapter-篇": 1.0, "zh-chapter-编": 1.0,
    "zh-chapter-章": 2.0, "zh-chapter-讲": 2.0, "zh-chapter-节": 3.0,
    "zh-chapter-条": 4.0, "zh-chapter-條": 4.0,
    "zh-dun": 5.0, "zh-paren": 6.0, "dec": 7.0, "arabic-paren": 8.0, "circled": 9.0,
}
GLOBAL_FAMILIES = frozenset({"zh-chapter-条", "zh-chapter-條", "named-§"})
OPENING_BLOCKS = 2  # a heading among a file's first blocks (after a title or front matter) opens it
LONE_TITLE_SCHEMES = frozenset({"decimal-bare", "named", "roman-upper", "roman-lower", "alpha-upper", "alpha-lower"})
TEXT_BELOW_MARKDOWN = 10.0  # numbered paragraphs in Markdown rank below every `#` heading
FIRST_APPEARANCE_BASE = 20.0


class Item(NamedTuple):
    """One heading of the outline."""

    block: int  # index into doc.blocks
    enum: Enumerator | None
    family: str | None
    depth: int  # decimal depth (1 for other schemes)
    level: float  # smaller is higher
    md_level: int | None
    start: int  # document offsets of the enumerator (of the heading text when unnumbered)
    end: int
    num_start: int  # document offsets of the numeral
    num_end: int
    soft: bool = False  # a short unnumbered line in plain text that reads like a heading
    runin_list: bool = False  # a numbered paragraph below headings of its own scheme (English plain text)
    opens_list: bool = False  # the first item of an enumeration (after `愿景是：`, or nested under a new list item)

    @property
    def value(self) -> int:
        return self.enum.value if self.enum else 0

    @property
    def marker(self) -> str:
        return self.enum.marker if self.enum else ""


class Fault(NamedTuple):
    """A numbering fault at `item` (an index into `Outline.items`)."""

    kind: str  # skipped | repeated | out-of-order | restart | first | prefix | mixed
    item: int
    previous: int | None  # the item it was compared with
    expected: str  # the marker that was expected there
    group: int
    related: int | None = None  # the other item of a swap


class Outline:
    """The numbered headings of a document grouped into levels and sibling runs (a read-only view).

    A plain class: nothing compares or prints it, and a dataclass costs ~3 M instructions at start-up."""

    __slots__ = ("items", "groups", "faults", "unstarted")

    def __init__(self, items: tuple[Item, ...], groups: tuple[tuple[int, ...], ...], faults: tuple[Fault, ...],
                 unstarted: frozenset[int] = frozenset()) -> None:
        self.items = items
        self.groups = groups
        self.faults = faults
        self.unstarted = unstarted  # groups whose first number should have been 1


def outline(doc: Document) -> Outline:
    """The document's outline and numbering faults (memoised per document)."""
    return doc.view(_build)


# ---------------------------------------------------------------- items


def outline_blocks(doc: Document) -> Iterable[tuple[int, Block]]:
    """Blocks that are headings: Markdown headings, numbered heading lines and run-in headings."""
    for i, b in enumerate(doc.blocks):
        if b.in_quote:
            continue
        if b.kind == "heading" or b.item or (b.kind == "paragraph" and b.runin and b.enumerator is not None
                                             and b.enumerator.scheme != "named"):  # "Section 3 describes…" is prose
            yield i, b


_SOFT_END = set("。！？；：，、;:,.!?…）)”’》")
MAX_SOFT_HEADING = 30


def _soft_heading(doc: Document, b: Block) -> bool:
    """A short unnumbered plain-text line without closing punctuation (`2026年主要任务`).

    Such a line may be a parent heading whose number is missing, so a sequence that
    starts again at 1 after it is not reported as a restart.
    """
    if doc.format != "txt" or b.kind != "paragraph" or b.runin or b.enumerator is not None or b.line != b.end_line:
        return False
    t = b.content.strip()
    return 2 <= len(t) <= MAX_SOFT_HEADING and t[-1] not in _SOFT_END and bool(HAN_RE.search(t))


def _counts_something(b: Block, e: Enumerator) -> bool:
    """A bare number followed by a lower-case word counts things (`2 spaces`); a section title is capitalised."""
    rest = b.content[e.end :].lstrip()
    return bool(rest) and rest[0].islower()


def _items(doc: Document) -> list[Item]:
    md = doc.format == "md"
    first_seen: dict[str, int] = {}
    out: list[Item] = []
    for i, b in enumerate(doc.blocks):
        if _soft_heading(doc, b):
            out.append(Item(i, None, None, 1, 0.0, None, b.content_start, b.end, b.content_start, b.content_start, soft=True))
    for i, b in outline_blocks(doc):
        e = b.enumerator
        if e is not None and e.scheme == "decimal-bare" and _counts_something(b, e):
            e = None  # `### 2 spaces of indentation` is a quantity, not section 2
        md_level = b.level if b.kind == "heading" and b.level else None
        if e is None and md_level is None:
            continue
        family = e.family if e else None
        depth = e.depth if e is not None and family == "dec" else 1
        if md_level is not None:
            level = float(md_level)
        else:
            assert family is not None
            if doc.language == "zh" and _gb_family(family) in GB_RANK:
                rank = GB_RANK[_gb_family(family)]
            else:
                rank = FIRST_APPEARANCE_BASE + first_seen.setdefault(family, len(first_seen))
            level = (TEXT_BELOW_MARKDOWN if md else 0.0) + rank + (0.01 * (depth - 1))
        # Outside GB/T 9704 schemes a numbered paragraph ("1. The applicant shall…") is a list item
        # under headings that may use the same scheme ("1. Introduction"): one level deeper.
        runin_list = b.runin and not (doc.language == "zh" and _gb_family(family) in GB_RANK)
        if runin_list:
            level += 0.5
        if e is not None:
            s = b.content_start + e.start
            opens = b.item and e.value == 1 and _opens_enumeration(doc.blocks, i)
            out.append(Item(i, e, family, depth, level, md_level, s, b.content_start + e.end,
                            s + e.num_offset, s + e.num_offset + e.num_len, runin_list=runin_list, opens_list=opens))
        else:
            end = min(b.end, b.content_start + len(b.content.split("\n", 1)[0]))
            out.append(Item(i, None, None, 1, level, md_level, b.content_start, end, b.content_start, b.content_start))
    out.sort(key=lambda it: it.start)
    return out


def _gb_family(family: str | None) -> str | None:
    """The GB/T 9704 family of a compound number: 第三讲第二节 ranks as a 节."""
    if family and family.startswith("zh-chapter-") and family not in GB_RANK:
        return "zh-chapter-" + family[-1]
    return family


def _opens_enumeration(blocks: tuple[Block, ...], i: int) -> bool:
    """An enumeration item numbered 1 that does not follow an item of its own scheme starts a new
    enumeration (after `愿景是：`, or under the next list item); after its siblings it restarts one."""
    e = blocks[i].enumerator
    if e.scheme == "zh-chapter":
        return False  # articles count through the whole statute
    if i == 0:
        return True
    p = blocks[i - 1]
    return not (p.item and p.enumerator is not None and p.enumerator.family == e.family)


def _key(it: Item) -> tuple | None:
    if it.family is None:
        return None
    if it.md_level is not None:
        # Decimals carry their depth, so 3.2.4 under a mistyped `######` is still 3.2.3's sibling.
        return (it.family, it.depth, "md", False) if it.family == "dec" and it.depth > 1 else (it.family, it.depth, it.md_level, False)
    return (it.family, it.depth, None, it.runin_list)


# ---------------------------------------------------------------- groups


def _build(doc: Document) -> Outline:
    items = _items(doc)
    groups: list[list[int]] = []
    open_groups: dict[tuple, int] = {}
    faults: list[Fault] = []
    pre_faults: dict[int, Fault] = {}  # item → prefix/mixed fault found while grouping
    last_dec: dict[tuple[bool, int], int] = {}  # (markdown?, depth) → last decimal item
    soft_closed: set[int] = set()  # groups whose parent may have advanced at an unnumbered line
    closed_last: dict[tuple, int] = {}  # key → last number of the latest closed group with that key
    running: set[int] = set()  # groups that keep counting from the previous parent's group (1. 2. | 3. 4.)
    for idx, it in enumerate(items):
        if it.soft:
            text_groups = [g for k, g in open_groups.items() if k[2] is None]
            if text_groups:
                top = min(items[groups[g][-1]].level for g in text_groups)
                soft_closed.update(g for g in text_groups if items[groups[g][-1]].level > top)
            continue
        key = _key(it)
        gid = open_groups.get(key) if key is not None and not it.opens_list else None
        if gid is not None and gid in soft_closed:
            soft_closed.discard(gid)
            if it.value == 1:
                gid = None
        if key is not None and it.family == "dec" and it.depth > 1:
            parent = last_dec.get((it.md_level is not None, it.depth - 1))
            prefix = it.enum.parts[:-1]
            if parent is not None and items[parent].enum.parts != prefix:
                expected = items[parent].enum.parts + (1,)
                if gid is not None:
                    sib = items[groups[gid][-1]]
                    if sib.enum.parts[:-1] == items[parent].enum.parts:
                        expected = sib.enum.parts[:-1] + (sib.value + 1,)
                pre_faults[idx] = Fault("prefix", idx, parent, _dec_marker(it.enum, expected), -1)
            elif gid is not None and items[groups[gid][-1]].enum.parts[:-1] != prefix:
                gid = None  # a new parent number (3.9 → 4.1) starts a new group
        elif key is not None and gid is not None and it.enum.depth > 1 \
                and items[groups[gid][-1]].enum.parts[:-1] != it.enum.parts[:-1]:
            gid = None  # a compound number under a new first part (第三讲第九节 → 第四讲第一节)
        if key is not None and gid is None and it.value != 1 and idx not in pre_faults:
            gid = _continuation(items, groups, open_groups, it, idx, pre_faults)
        # This item closes every open group below it.
        for k, g in list(open_groups.items()):
            if g == gid or k[0] in GLOBAL_FAMILIES:
                continue
            other = items[groups[g][-1]]
            if other.level > it.level or (
                it.family == "dec" and k[0] == "dec" and k[1] > it.depth and (k[2] is None) == (it.md_level is None)
            ):
                closed_last[k] = other.value
                del open_groups[k]
        if it.family == "dec":
            kind = it.md_level is not None
            last_dec[(kind, it.depth)] = idx
            for d in [d for (m, d) in last_dec if m == kind and d > it.depth]:
                del last_dec[(kind, d)]
        if key is None:
            continue
        if gid is None:
            gid = len(groups)
            groups.append([])
            if it.value != 1 and closed_last.get(key) == it.value - 1:
                running.add(gid)  # numbered on through the parents: a style, not a fault
        groups[gid].append(idx)
        open_groups[key] = gid
    group_of = {m: g for g, members in enumerate(groups) for m in members}
    base = _file_base(items, group_of)
    for gid, members in enumerate(groups):
        # A lone bare number (`## 10 Years of Rust`, `## Part 2`) or letter (`X. Old notes`, `Appendix C`)
        # is a title, not a sequence that lost its start.
        lone_bare = len(members) == 1 and items[members[0]].enum.scheme in LONE_TITLE_SCHEMES
        first_check = gid not in running and not lone_bare and gid != base
        faults.extend(_classify(items, members, gid, pre=pre_faults, first_check=first_check))
    for f in pre_faults.values():
        faults.append(Fault(f.kind, f.item, f.previous, f.expected, group_of.get(f.item, -1), f.related))
    faults.sort(key=lambda f: (items[f.item].start, f.kind))
    unstarted = frozenset(f.group for f in faults if f.kind == "first")
    return Outline(tuple(items), tuple(tuple(g) for g in groups), tuple(faults), unstarted)


def _file_base(items: list[Item], group_of: dict[int, int]) -> int | None:
    """The group of a file that starts mid-way through a larger work, or None.

    A book chapter or manual page saved as its own file starts at its own number: `## 11.5 Compose
    模板文件`, `# 2. Common Requirements`, `# 第五章 …`. When the file's first numbered heading is a
    decimal number deeper than one part, or a Markdown heading (or the file's opening line) numbered
    as a chapter or section (decimal, 第X章, Chapter N), that number is the file's base, not a sequence that lost its start.
    A plain-text report that starts at 二、, or an unnumbered sibling heading before the first number,
    still has lost its first part.
    """
    first = next((k for k, it in enumerate(items) if it.enum is not None), None)
    if first is None or first not in group_of:
        return None
    it = items[first]
    if any(o.md_level is not None and it.md_level is not None and o.md_level >= it.md_level for o in items[:first]):
        return None  # `## Background` then `## 2. Method`: the first heading lost its number
    chapter_like = it.family == "dec" or it.enum.scheme in ("zh-chapter", "named")
    opens = it.block <= OPENING_BLOCKS  # the file opens with it (`**第五章 …**` on line 1)
    if (it.family == "dec" and it.depth > 1) or (chapter_like and (it.md_level is not None or opens)):
        return group_of[first]
    return None


def _continuation(items: list[Item], groups: list[list[int]], open_groups: dict[tuple, int], it: Item, idx: int,
                  pre_faults: dict[int, Fault]) -> int | None:
    """An open group this item continues although its key differs.

    The same family at another Markdown level (a mistyped `#####` before `## 2`) continues
    silently; another family at the same Markdown level continuing the count is a
    mixed scheme (## 1. then ## II.).
    """
    best = None
    for k, g in open_groups.items():
        last = items[groups[g][-1]]
        if last.value != it.value - 1:
            continue
        if k[0] == it.family and k[1] == it.depth and last.enum.parts[:-1] == it.enum.parts[:-1]:
            if best is None or groups[g][-1] > groups[best][-1]:
                best = g
    if best is not None:
        return best
    for k, g in open_groups.items():
        last_idx = groups[g][-1]
        last = items[last_idx]
        if last.value != it.value - 1 or k[0] == it.family:
            continue
        # Only Markdown levels say two schemes are one level; a numbered line after
        # another scheme may as well be its child that lost the first number.
        if it.md_level is not None and last.md_level == it.md_level:
            expected = last.enum.with_value(it.value)
            pre_faults[idx] = Fault("mixed", idx, last_idx, expected, g)
            return g
    return None


def _dec_marker(e: Enumerator, parts: tuple[int, ...]) -> str:
    num = ".".join(str(p) for p in parts)
    return e.marker[: e.num_offset] + num + e.marker[e.num_offset + e.num_len :]


def classify_values(values: list[int], first_check: bool = True, restarts: bool = True) -> list[tuple[str, int, int, int | None]]:
    """Faults in one sequence of numbers: (kind, position, expected value, related position).

    `restarts=False` treats a 1 as the start of a new sequence (lists, in-paragraph items).
    """
    out: list[tuple[str, int, int, int | None]] = []
    n = len(values)
    if not n:
        return out
    if first_check and values[0] != 1:
        out.append(("first", 0, 1, None))
    exp = values[0] + 1
    i = 1
    while i < n:
        v = values[i]
        nxt = values[i + 1] if i + 1 < n else None
        if v == exp:
            exp += 1
        elif v == 1 and not restarts and not (exp == 2 and (nxt == 3 or nxt is None)):
            exp = 2  # a new sequence (in-paragraph items, lists); but 一是 一是 三是 (or 一是 一是 and no
            # more): the second is a repeat, where 一是 一是…二是 starts a new enumeration
        elif v == exp - 1:
            out.append(("repeated", i, exp, None))
            if nxt == exp + 1:
                exp += 1  # this one should have been `exp`
        elif v == 1:
            if restarts:
                out.append(("restart", i, exp, None))
            # （一）（二）（三）（一）（五）: a wrong 1 in a count that goes on, not a new sequence
            exp = exp + 1 if nxt == exp + 1 else 2
        elif v > exp:
            after = values[i + 2] if i + 2 < n else None
            if nxt == exp and (after is None or after == v + 1 or after == 1):
                out.append(("out-of-order", i, exp, i + 1))
                exp = v + 1
                i += 2
                continue
            if nxt == exp + 1:
                out.append(("skipped", i, exp, None))  # a wrong number: the next one follows on
                exp += 1
            else:
                out.append(("skipped", i, exp, None))
                exp = v + 1
        else:
            out.append(("out-of-order", i, exp, None))
        i += 1
    return out


def descending(values: list[int]) -> bool:
    """Numbers that mostly go down (release notes: 2.32.3, 2.32.2, 2.32.1) count backwards on purpose."""
    down = sum(1 for a, b in zip(values, values[1:]) if b < a)
    up = sum(1 for a, b in zip(values, values[1:]) if b > a)
    return down > up


def _classify(items: list[Item], members: list[int], gid: int, pre: dict[int, Fault], first_check: bool) -> list[Fault]:
    values = [items[m].value for m in members]
    if descending(values):
        return []
    out = []
    for kind, pos, exp, rel in classify_values(values, first_check=first_check):
        idx = members[pos]
        if idx in pre:
            continue  # already explained by a wrong decimal prefix or a mixed scheme
        prev = members[pos - 1] if pos > 0 else None
        related = members[rel] if rel is not None else None
        out.append(Fault(kind, idx, prev, items[idx].enum.with_value(exp), gid, related))
    return out


# ---------------------------------------------------------------- fix


def renumber_fix(doc: Document, ol: Outline, gid: int) -> Fix | None:
    """Renumber a sibling group consistently, from its first number on, with its children's decimal prefixes.

    Memoised per group: every fault of a group shares one fix (linear in the group).
    None when the scheme cannot write a number the group needs (㉑).
    """
    if gid < 0:
        return None
    return doc.view(_renumber, gid)


def _renumber(doc: Document, gid: int) -> Fix | None:
    ol = outline(doc)
    members = ol.groups[gid]
    items = ol.items
    first = items[members[0]]
    base = 1 if gid in ol.unstarted else first.value  # a group may go on counting from its parent's (3. 4.)
    edits: list[Edit] = []
    for pos, m in enumerate(members):
        it = items[m]
        want = base + pos
        if want == it.value:
            continue
        try:
            edits.append(Edit(it.num_start, it.num_end, it.enum.numeral_with(want)))
        except ValueError:
            return None
        if it.family == "dec":
            old_parts = it.enum.parts
            stop = members[pos + 1] if pos + 1 < len(members) else len(items)
            for c in range(m + 1, stop):
                child = items[c]
                if child.family == "dec" and child.depth > it.depth and child.enum.parts[: it.depth] == old_parts:
                    edits.append(Edit(child.num_start, child.num_end, child.enum.numeral_with(want, it.depth - 1)))
    if not edits:
        return None
    return Fix(tuple(edits), safe=False, description="renumber the sequence")


# ---------------------------------------------------------------- duplicates


def duplicate_cause(doc: Document, block: int, settings: CopySettings | None
                    ) -> tuple[tuple[tuple[int, int], tuple[int, int]] | None, tuple[RelatedSpan, ...]]:
    """((copy lines, original lines), related span) when `block` lies in a copy that the duplicate
    rule with `settings` reports (None when it does not, or that rule does not run: `settings` None)."""
    if settings is None:
        return None, ()
    runs, starts = doc.view(_copies, settings)
    k = bisect.bisect_right(starts, block) - 1  # copies never overlap one another
    if k < 0 or not runs[k].copy_blocks[0] <= block <= runs[k].copy_blocks[1]:
        return None, ()
    run = runs[k]
    blocks = doc.blocks
    span = RelatedSpan(blocks[run.original_blocks[0]].start, blocks[run.original_blocks[1]].end,
                       phrase("original_of_copy"))  # worded in the YAML of each rule of the kind that asks
    return (run.copy_lines, run.original_lines), (span,)


def _copies(doc: Document, settings: CopySettings) -> tuple[list, list[int]]:
    """The copies under `settings`, sorted by first block."""
    runs = sorted(copies(doc, settings), key=lambda r: r.copy_blocks)
    return runs, [r.copy_blocks[0] for r in runs]


# ---------------------------------------------------------------- in-paragraph sequences


class InlineItem(NamedTuple):
    block: int
    start: int  # document offsets of the enumerator
    end: int
    num_start: int
    num_end: int
    value: int
    marker: str
    style: str


MAX_INLINE_GAP = 3  # a sequence survives this many paragraphs without an enumerator (an item's own paragraphs)


def inline_sequences(doc: Document) -> list[list[InlineItem]]:
    """一是……二是…… and 第一，……第二，…… sequences (memoised).

    A sequence runs inside a paragraph and on into the next paragraph when that one
    opens with a later number (paragraphs that each start 一是 / 二是 / 三是), also
    across a few paragraphs without enumerators (an item that runs over several
    paragraphs). A heading ends every sequence.
    """
    return doc.view(_inline)


def _inline(doc: Document) -> list[list[InlineItem]]:
    from reportlint.text.enumerators import find_inline_enumerators

    seqs: list[list[InlineItem]] = []
    open_seq: dict[str, int] = {}  # style → index of the sequence the previous prose block left open
    gap = 0  # prose blocks without enumerators since the last one with
    store = kept(doc)
    for i, b in enumerate(doc.blocks):
        if b.kind == "heading" or b.kind not in ("paragraph", "list_item"):
            if b.kind not in ("html_comment", "page_number"):
                open_seq.clear()
            continue
        if b.runin:
            open_seq.clear()
        # of the block's content alone (offsets in it): read once per distinct content in a run, or
        # taken from the document's last version in the language server (`analysis.reuse.kept`)
        found = store.get("outline.inline", b.content, lambda: find_inline_enumerators(b.content))
        if not found:
            gap += 1
            if gap > MAX_INLINE_GAP:
                open_seq.clear()
            continue
        gap = 0
        still_open: dict[str, int] = {}
        for e in found:
            base = b.content_start
            it = InlineItem(i, base + e.start, base + e.end, base + e.num_start, base + e.num_end, e.value, e.marker, e.style)
            s = still_open.get(e.style)
            if s is None:
                s = open_seq.get(e.style)
                # a 1 opens a new sequence, unless the open one has only reached 1: 一是 / 一是 / 三是 is one
                # sequence with a repeated number (classify_values tells it from 一是 / 一是…二是…)
                if e.value == 1 and s is not None and seqs[s][-1].value != 1:
                    s = None
                if s is None:
                    s = len(seqs)
                    seqs.append([])
            seqs[s].append(it)
            still_open[e.style] = s
        open_seq = still_open
    return seqs


# ---------------------------------------------------------------- numbered table rows


class RowNumber(NamedTuple):
    block: int
    start: int  # document offsets of the number in the row's first cell
    end: int
    prefix: str  # "2.1." of 2.1.6; "" for a plain 6
    value: int


_ROW_NUMBER_RE = rx.compile(r"\|?[ \t]*(?:\*\*|__|`)?(?P<num>(?:\d{1,3}\.){0,4}\d{1,3})\.?(?:\*\*|__|`)?[ \t]*\|")
MIN_TABLE_SEQUENCE = 3  # rows of one prefix before their numbers read as an enumeration


def table_sequences(doc: Document) -> list[list[RowNumber]]:
    """Numbers in the first cell of a Markdown table's rows (requirement IDs **2.1.6**, 序号 1 2 3), one
    sequence per table and prefix, in row order (memoised). Only a column that counts its rows does:
    it starts at 1 (2.1.1, 1), has three or more rows, never steps back or by more than 2, and ends
    within 2 of its row count, so a column of years, versions or sample values is no sequence."""
    return doc.view(_table_sequences)


def _table_sequences(doc: Document) -> list[list[RowNumber]]:
    by_key: dict[tuple[int, str], list[RowNumber]] = {}
    for i, b in enumerate(doc.blocks):
        if b.kind != "table_row" or b.table_id is None:
            continue
        m = _ROW_NUMBER_RE.match(b.content)
        if m is None:
            continue
        num = m.group("num")
        prefix, _, last = num.rpartition(".")
        start = b.content_start + m.start("num")
        item = RowNumber(i, start, start + len(num), prefix + "." if prefix else "", int(last))
        by_key.setdefault((b.table_id, item.prefix), []).append(item)
    out = []
    for seq in by_key.values():
        values = [r.value for r in seq]
        if len(seq) >= MIN_TABLE_SEQUENCE and values[0] == 1 and abs(values[-1] - len(values)) <= 2 \
                and all(0 <= b - a <= 2 for a, b in zip(values, values[1:])):
            out.append(seq)  # it counts its rows, give or take a slip: 1 2 2 4 5, 1 2 3 5
    return out
