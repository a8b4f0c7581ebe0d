"""The parsed, read-only document: text, line index and blocks with exact line ranges.

Every check receives the same Document; it is parsed once per file and never
mutated afterwards (derived analyses go through `Document.memo`).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import operator
import re
from itertools import accumulate, chain, repeat
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterator, TypeVar

from reportlint import plaintext
from reportlint.diagnostics import Edit, Finding
from reportlint.text.cjk import HAN_RE, detect_language, display_width
from reportlint.text.enumerators import Enumerator, match_enumerator
from reportlint.text.sentences import split_sentences
from reportlint.text import rx

_V = TypeVar("_V")

BLOCK_KINDS = (
    "heading",
    "paragraph",
    "list_item",
    "code",
    "table_row",
    "front_matter",
    "html_comment",
    "html",
    "page_number",
    # plain text as published (reportlint/plaintext.py):
    "page_furniture",  # form feeds, page footers (`[Page 4]`), running headers and footers
    "contents",  # a table of contents: dot-leader entries, or the outline under a `Contents` title
    "preformatted",  # indented code, grammar (ABNF), figures, tables; reST literal blocks
    "rule",  # a line of one repeated punctuation mark: a reST section adornment or a horizontal rule
    "directive",  # reST explicit markup: `.. note::`, `.. _target: url`, comments
)

# Blocks that carry prose; code, front matter, comments, page numbers and furniture,
# contents, preformatted text, rules and directives do not.
PROSE_KINDS = frozenset({"heading", "paragraph", "list_item", "table_row"})

SENTENCE_FINAL = "。！？；…!?;.：:”’」』）)》"
# A heading line is short: at most this many characters after its enumerator.
MAX_HEADING_CHARS_ZH = 40
MAX_HEADING_CHARS_EN = 100
MAX_COMMA_HEADING_CHARS_ZH = 80  # a Chinese heading with commas but no sentence end inside

_MONTH_RE = rx.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
                       r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)(?![A-Za-z])")

PAGE_NUMBER_RE = rx.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[/／,，]?\s*共\s*\d{1,4}\s*页)?|[Pp]age\s+\d{1,4}(?:\s+of\s+\d{1,4})?|·\s*\d{1,4}\s*·)\s*$"
)
BULLET_RE = rx.compile(r"^(?P<indent>[ \t\u3000]*)(?P<bullet>[-*+•·▪●○◆■]|——)[ \t\u3000]*(?=\S)")
# Front matter closes with its opening line; kramdown-rfc (IETF drafts in Markdown) closes it with the
# first section marker instead: `--- abstract`, `--- middle`, `--- note_…`.
FRONT_MATTER_RE = rx.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?\n)?(\1)(?:[ \t]+[a-z][\w-]*)?[ \t]*(\n|\Z)", re.S)


class LineIndex:
    """Maps character offsets to 1-based (line, column); columns count code points."""

    __slots__ = ("starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = plaintext.line_starts(text.split("\n"))  # (summed line lengths: no Python step a line)

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        return self.starts[line - 1]

    def line_end(self, line: int) -> int:
        """Offset of the end of `line` (before its newline)."""
        if line < len(self.starts):
            return self.starts[line] - 1
        return len(self.text)

    def line_text(self, line: int) -> str:
        return self.text[self.line_start(line) : self.line_end(line)]

    def display_column(self, offset: int) -> int:
        """0-based display cell of `offset` on its line (CJK = 2 cells)."""
        line, _ = self.position(offset)
        return display_width(self.text[self.line_start(line) : offset])


class JoinedIndex(LineIndex):
    """The line index of a joined view: offsets into the view's text, lines and columns of the source.

    A hard-wrapped paragraph is read with its wraps joined (`plaintext.wrap_joiner`): the view's text
    drops each line break and indent inside it (or puts one space there). Checks work in the view's
    offsets; this index reports them where they stand in the source (one line index, columns exact),
    and `to_source` maps a finding's offsets back before it leaves the document.
    """

    __slots__ = ("source", "_vs", "_ss", "_ln")

    def __init__(self, view: str, source: LineIndex, view_starts: list[int], source_starts: list[int],
                 lengths: list[int], line_starts: list[int]) -> None:
        # The kept stretches of the source, in order: where each starts in the view and in the source, and
        # its length; a replacement (a space or nothing) stands between two of them. `line_starts`: `to_view`
        # of each source line's start (`_joined_line_starts` knows them from the wraps).
        self.text = view
        self.source = source
        self._vs = view_starts
        self._ss = source_starts
        self._ln = lengths
        self.starts = line_starts

    def to_source(self, offset: int) -> int:
        i = max(0, bisect.bisect_right(self._vs, offset) - 1)
        off = offset - self._vs[i]
        return self._ss[i] + min(off, self._ln[i])  # inside a replacement: where the source's break starts

    def to_view(self, offset: int, after: bool = True) -> int:
        """The view offset of a source offset; one inside a joined break goes past the replacement
        (`after`, for starts) or to its start (for ends)."""
        j = max(0, bisect.bisect_right(self._ss, offset) - 1)
        off = offset - self._ss[j]
        if off < self._ln[j] or j + 1 == len(self._vs):
            return self._vs[j] + min(off, self._ln[j])
        return self._vs[j + 1] if after else self._vs[j] + self._ln[j]

    @property
    def line_count(self) -> int:
        return self.source.line_count

    def line_of(self, offset: int) -> int:
        return self.source.line_of(self.to_source(offset))

    def position(self, offset: int) -> tuple[int, int]:
        return self.source.position(self.to_source(max(0, min(offset, len(self.text)))))

    def line_end(self, line: int) -> int:
        return self.to_view(self.source.line_end(line), after=False)

    def display_column(self, offset: int) -> int:
        return self.source.display_column(self.to_source(offset))


@dataclass(frozen=True)
class Block:
    """One block of a document (heading, paragraph, list item, table row…) with its exact span."""
    kind: str
    start: int  # offset of the first character (line start)
    end: int  # offset just past the last character (before the final newline)
    line: int  # 1-based first line
    end_line: int  # 1-based last line, inclusive
    text: str  # the raw source text of the block, markers included
    content_start: int  # offset where the content starts, after '#', '-', '1.', '>' markers
    level: int | None = None  # Markdown heading level
    enumerator: Enumerator | None = None  # offsets relative to content_start
    runin: bool = False  # a numbered heading at the start of a longer paragraph
    # A numbered paragraph that is not a heading: a statute's article (第X条 with its text) or an item of
    # an enumeration (`1）…` lines after a colon). Its number is checked with the outline; it opens no section.
    item: bool = False
    list_id: int | None = None
    list_ordered: bool = False
    list_number: int | None = None  # the number a Markdown ordered list item carries
    depth: int = 0  # list nesting depth
    table_id: int | None = None
    in_quote: bool = False

    @functools.cached_property
    def content(self) -> str:
        """The text after the block's markers (read by most checks, so sliced once)."""
        return self.text[self.content_start - self.start :]

    @property
    def is_prose(self) -> bool:
        return self.kind in PROSE_KINDS

    @property
    def is_heading(self) -> bool:
        """A Markdown heading, a standalone numbered heading line or a run-in heading (not an article or item)."""
        return (self.kind == "heading" or self.runin) and not self.item

    @property
    def numbered(self) -> bool:
        """A block whose number belongs to the outline: a heading, a run-in heading, an article or an item."""
        return self.kind == "heading" or self.runin or self.item


# A block's fields that say where it is, not what it is (its list and table ids count the lists before it).
_PLACE = frozenset({"start", "end", "line", "end_line", "content_start", "list_id", "table_id"})
_WHAT = operator.attrgetter(*(f.name for f in dataclasses.fields(Block) if f.name not in _PLACE))


def block_key(b: Block) -> tuple:
    """Everything a block is but where it is (its text, kind, markers' length, level, enumerator, …):
    equal for a block that only moved, so a result read from the block alone is keyed by it
    (the language server's reuse, `analysis.reuse`, and its block-local re-check)."""
    return (b.content_start - b.start, b.list_id is None, b.table_id is None, *_WHAT(b))


@dataclass
class Document:
    """A parsed, read-only document: the text, its blocks and one line index. Checks never mutate it."""
    path: str
    text: str
    format: str  # "md" | "txt"
    language: str  # "zh" | "en"
    blocks: tuple[Block, ...]
    index: LineIndex
    # How the text is laid out: "markdown", or for plain text "lines" (one paragraph per line) or
    # "wrapped" (hard-wrapped at a fixed width, read by reportlint/plaintext.py; `*` and `_` there are
    # characters, not emphasis markup), or "docx" for a Word document (one line per paragraph or table row).
    layout: str = "markdown"
    # The text as read from the file when `text` is a joined view (hard-wrapped plain text), else None.
    # Checks read `text` and report its offsets; `source_finding` maps them to the source's.
    source_text: str | None = None
    # Offsets where a Word document's character formatting changes (bold, italic…: word/model.LineInfo.breaks).
    # Markdown writes these edges as `**` in the text; a Word text has only the words.
    format_breaks: frozenset[int] = frozenset()
    _views: dict[tuple, Any] = field(default_factory=dict, repr=False)
    # What the views derived from this document's blocks in its last version (`analysis.reuse.Reuse`):
    # handed in by the language server's session for one document; None in a batch run.
    reuse: Any = field(default=None, repr=False, compare=False)
    # What the views derived from a block's content alone, shared by the documents of a batch run
    # (`analysis.reuse.Memo`, handed in by `pipeline.run`); None: the document keeps its own.
    memo: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def parse(cls, text: str, path: str = "<text>", fmt: str | None = None, language: str = "auto",
              reuse: Any = None, memo: Any = None) -> "Document":
        """`reuse`: the language server's `analysis.reuse.Reuse` for this document (its last version's
        results, by content); `memo`: the run's `analysis.reuse.Memo`. The document is the same with
        them or without them, only made faster."""
        if fmt is None:
            fmt = format_of(path)
        rst = fmt == "rst"
        if rst:  # reStructuredText is plain text to the rules (format "txt"), read in its own layout
            fmt = "txt"
        lang = detect_language(text) if language in (None, "auto") else language
        index = LineIndex(text)
        layout = "markdown"
        try:
            if fmt == "md":
                blocks = _parse_markdown(text, index, lang, reuse)
            else:
                blocks, layout, index = _parse_text(text, index, lang, rst)
        except RecursionError:  # pathological nesting the Markdown parser cannot take: still check the text
            blocks, layout, index = _parse_text(text, index, lang)
        blocks = mark_numbered_items(blocks)
        joined = isinstance(index, JoinedIndex)
        return cls(path=path, text=index.text, format=fmt, language=lang, blocks=tuple(blocks), index=index,
                   layout=layout, source_text=text if joined else None, reuse=reuse, memo=memo)

    @property
    def source(self) -> str:
        """The text as read (what stamping, fixes and output see)."""
        return self.text if self.source_text is None else self.source_text

    @property
    def source_index(self) -> LineIndex:
        return self.index.source if isinstance(self.index, JoinedIndex) else self.index

    def source_offset(self, offset: int) -> int:
        return self.index.to_source(offset) if isinstance(self.index, JoinedIndex) else offset

    def view_offset(self, offset: int, after: bool = True) -> int:
        """The offset in `text` of an offset in the source (see `JoinedIndex.to_view`)."""
        return self.index.to_view(offset, after) if isinstance(self.index, JoinedIndex) else offset

    def source_finding(self, f: Finding) -> Finding:
        """A finding's offsets (its span, related spans in this file, fix edits) in the source's terms."""
        if not isinstance(self.index, JoinedIndex):
            return f
        m = self.index.to_source
        related = tuple(dataclasses.replace(r, start=m(r.start), end=m(r.end)) if r.path is None else r
                        for r in f.related)
        fix = f.fix and dataclasses.replace(f.fix, edits=tuple(Edit(m(e.start), m(e.end), e.text) for e in f.fix.edits))
        return dataclasses.replace(f, start=m(f.start), end=m(f.end), related=related, fix=fix)

    @classmethod
    def from_source(cls, src: Any, language: str = "auto", reuse: Any = None, memo: Any = None) -> "Document":
        """The document of a read Source: a Word document's lines come with their structure (reportlint/word)."""
        structure = getattr(src, "structure", None)
        if structure is not None:
            doc = cls.from_word(src.text, structure, src.path, language)
            doc.reuse, doc.memo = reuse, memo
            return doc
        return cls.parse(src.text, src.path, language=language, reuse=reuse, memo=memo)

    @classmethod
    def from_word(cls, text: str, infos: tuple, path: str, language: str = "auto") -> "Document":
        """A Word document: one block per line, kinds from Word's structure (reportlint/word/model.py).

        Its text carries no markup, so it is read as plain text (format "txt", layout "docx")."""
        from reportlint.word.model import build_blocks

        lang = detect_language(text) if language in (None, "auto") else language
        index = LineIndex(text)
        blocks = build_blocks(text, infos, index, lang)
        breaks = frozenset(index.line_start(i + 1) + col for i, info in enumerate(infos) for col in info.breaks)
        return cls(path=path, text=text, format="txt", language=lang, blocks=tuple(blocks), index=index, layout="docx",
                   format_breaks=breaks)

    def view(self, compute: Callable[..., _V], *settings: Hashable) -> _V:
        """A derived view of this document, `compute(self, *settings)`, computed once per document.

        Keyed by the function and its settings (hashable values, typically a frozen
        Params), never by a free string: two checks asking the same function with the
        same settings share one result; other settings get their own.
        """
        key = (compute, settings)
        try:
            return self._views[key]
        except KeyError:
            value = self._views[key] = compute(self, *settings)
            return value

    def prose_blocks(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind in PROSE_KINDS)

    def sentences(self, block: Block) -> list[tuple[int, int]]:
        """Sentence spans (document offsets) of a block's content; split once per block for every check."""
        cache = self.view(_sentence_cache)
        key = (block.start, block.content_start, block.end)
        spans = cache.get(key)
        if spans is None:
            # A block's sentences depend on its content alone: split once per distinct content in a
            # run (`memo`, `analysis.reuse.Memo`) or kept from the last version (the language server's
            # `reuse`), and moved with the block.
            store = self.reuse if self.reuse is not None else self.memo
            if store is None:
                spans = cache[key] = split_sentences(block.content, block.content_start)
            else:
                content, base = block.content, block.content_start
                was, spans = store.get("sentences", content, lambda: (base, split_sentences(content, base)))
                if was != base:
                    spans = [(s + base - was, e + base - was) for s, e in spans]
                cache[key] = spans
        return spans

    def block_at(self, offset: int) -> Block | None:
        starts = self.view(_block_starts)
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset <= self.blocks[i].end:
            return self.blocks[i]
        return None


def _sentence_cache(doc: Document) -> dict[tuple[int, int, int], list[tuple[int, int]]]:
    return {}


def _block_starts(doc: Document) -> list[int]:
    return [b.start for b in doc.blocks]


# ---------------------------------------------------------------- headings


_HEADING_LEAD_RE = rx.compile(r"(?:[ \t\u3000*_]|<a\b[^<>\n]*>[ \t]*</a>|<a\b[^<>\n]*/>)*")


def classify_numbered_line(content: str, language: str, allow_bare: bool = False) -> tuple[Enumerator | None, bool]:
    """(enumerator, is_standalone_heading) for a line or paragraph's content.

    Standalone: short, no sentence-final punctuation after the title. Otherwise a
    numbered paragraph is a run-in heading (`（一）加快推进…。正文…`).
    """
    # Emphasis markers and empty HTML anchors (`<a name="x"></a>4.1 Overview`) may precede the number.
    stripped = content[_HEADING_LEAD_RE.match(content).end() :]
    lead = len(content) - len(stripped)
    enum = match_enumerator(stripped)
    if enum is None:
        return None, False
    if enum.scheme == "decimal-bare" and not allow_bare:
        return None, False
    if lead:
        enum = enum._replace(start=enum.start + lead, end=enum.end + lead)
    rest = stripped[enum.end - lead :].strip()
    if not rest:
        return (enum, True) if enum.scheme not in ("alpha-upper", "alpha-lower", "roman-lower") else (None, False)
    if enum.scheme in ("alpha-upper", "alpha-lower", "roman-upper", "roman-lower") and not (
        rest[0].isupper() or HAN_RE.match(rest[0])
    ):
        return None, False
    if enum.scheme in ("arabic-dot", "decimal-bare") and _MONTH_RE.match(rest):
        return None, False  # `### 19. April, 11:00` is a date in a timeline, not section 19
    zh = bool(HAN_RE.search(rest))
    limit = MAX_HEADING_CHARS_ZH if zh else MAX_HEADING_CHARS_EN
    if zh and not any(c in rest for c in "。！？；"):
        # A Chinese heading may run long with commas inside (二、一张蓝图绘到底，奋力谱写…新篇章):
        # without a sentence end anywhere it is still one title line.
        limit = MAX_COMMA_HEADING_CHARS_ZH
    # A closing full stop makes a sentence in English too ("1. The applicant shall apply.").
    standalone = "\n" not in rest and len(rest) <= limit and rest[-1] not in "。！？；;!?，,、."
    if (not standalone and enum.scheme == "zh-chapter" and enum.unit not in _ARTICLE_UNITS and not enum.punct
            and HAN_RE.match(stripped, enum.end - lead)):
        return None, False  # 第十四章会介绍……。: a sentence that names a chapter, not chapter 14's heading
    if not standalone and enum.scheme in ("alpha-upper", "alpha-lower", "roman-upper", "roman-lower", "decimal-bare"):
        return None, False  # "A. long English sentence" is prose, not a run-in heading
    return enum, standalone


# ---------------------------------------------------------------- articles and enumerations

_ARTICLE_UNITS = frozenset("条條")
_NAMED_ARTICLE_UNITS = frozenset({"§", "article", "ARTICLE"})  # `§ 3 The Member States…`, `Article 5. Each…`
_INTRO_END = ("：", ":")
_ARTICLE_PUNCT = "，。；：,;:"
MIN_BARE_ENUMERATION = 3  # adjacent numbered lines with no text between them and no colon before them


def _numbered_paragraph(b: Block) -> bool:
    """A numbered line or paragraph that is not a Markdown heading (a standalone numbered line or a run-in heading)."""
    return b.enumerator is not None and b.level is None and not b.in_quote and (b.kind == "heading" or b.runin)


def introduced_by_colon(blocks: list[Block], i: int) -> bool:
    """The block before `i` is prose that ends with a colon (`愿景是：`, `有下列情形之一的：`, `as follows:`)."""
    if i == 0:
        return False
    p = blocks[i - 1]
    return p.kind in ("paragraph", "list_item") and p.text.rstrip(" \t*_").endswith(_INTRO_END)


_NESTED_SCHEMES = frozenset({"alpha-lower", "alpha-upper", "roman-lower", "arabic-dot", "arabic-paren", "arabic-rparen",
                             "zh-paren", "circled"})
MIN_NESTED_ENUMERATION = 3  # paragraphs in a row, counting from 1, make a nested enumeration


def _nested_enumerator(content: str) -> Enumerator | None:
    enum = match_enumerator(content.lstrip(" \t"))
    if enum is None or enum.scheme not in _NESTED_SCHEMES:
        return None
    lead = len(content) - len(content.lstrip(" \t"))
    return enum._replace(start=enum.start + lead, end=enum.end + lead) if lead else enum


def _nested_candidate(b: Block) -> bool:
    return b.kind == "paragraph" and b.enumerator is not None and not b.runin and not b.item and b.level is None


def _mark_nested_enumerations(out: list[Block]) -> None:
    """Paragraphs inside a list item that each open with the next letter or number (a. b. c.) are
    the items of a nested enumeration; a paragraph that merely starts with `a.` keeps no number."""
    i, n = 0, len(out)
    while i < n:
        if not _nested_candidate(out[i]):
            i += 1
            continue
        e = out[i].enumerator
        j = i + 1
        while j < n and _nested_candidate(out[j]) and out[j].enumerator.family == e.family:
            j += 1
        run = out[i:j]
        values = [b.enumerator.value for b in run]
        # counts from 1 and mostly upwards: a typo inside is what the numbering rules are for
        ordered = sum(1 for a, b in zip(values, values[1:]) if b > a) * 2 >= len(values) - 1
        keep = len(run) >= MIN_NESTED_ENUMERATION and values[0] == 1 and ordered
        for k in range(i, j):
            out[k] = _replace(out[k], item=True) if keep else _replace(out[k], enumerator=None)
        i = j


def mark_numbered_items(blocks: list[Block]) -> list[Block]:
    """Numbered paragraphs that are not headings, decided by form and context rather than the number.

    An article of a statute or regulation (`第三条 在中华人民共和国境内…。`) is a provision with its own
    text inside a chapter, not a section: chapters hold articles. Numbered lines that follow one another
    with nothing between them, introduced by a colon (`愿景是：` then `1）构建…` `2）适配…`) or at least
    three of them, are the items of an enumeration. Both keep their numbers in the outline (a statute
    numbers its articles through the chapters) but open no section.
    """
    out = list(blocks)
    _mark_nested_enumerations(out)
    for i, b in enumerate(out):
        e = b.enumerator
        if _numbered_paragraph(b) and e.scheme == "zh-chapter" and e.unit in _ARTICLE_UNITS and (
                b.runin or any(c in b.content[e.end:] for c in _ARTICLE_PUNCT)):
            # with its text (`第二条 本法适用于下列情形：`); `第五条 立法目的` alone is the article's title
            out[i] = _replace(b, kind="paragraph", item=True)
        elif _numbered_paragraph(b) and e.scheme == "named" and e.unit in _NAMED_ARTICLE_UNITS | {"Article"} and b.runin:
            # `§ 3 The authority shall publish…`: a provision with its text, as 第三条 is
            out[i] = _replace(b, kind="paragraph", item=True)
    i, n = 0, len(out)
    while i < n:
        b = out[i]
        e = b.enumerator
        if not _numbered_paragraph(b) or b.item or e.scheme in ("zh-chapter", "named"):
            i += 1
            continue
        j = i + 1
        while j < n and _numbered_paragraph(out[j]) and not out[j].item and out[j].enumerator.family == e.family \
                and out[j].enumerator.depth == e.depth:
            j += 1
        bare = j - i >= MIN_BARE_ENUMERATION and all(r.kind == "heading" for r in out[i:j])
        if j - i >= 2 and (bare or introduced_by_colon(out, i)):
            for k in range(i, j):
                out[k] = _replace(out[k], kind="paragraph", item=True)
        i = j
    return out


# ---------------------------------------------------------------- plain text


def format_of(path: str) -> str:
    """The format a file's name says: "txt" for plain text, "rst" for reStructuredText, else "md"."""
    name = path.lower()
    if name.endswith(".txt"):
        return "txt"
    return "rst" if name.endswith((".rst", ".rest")) else "md"


def _parse_text(text: str, index: LineIndex, language: str, rst: bool = False) -> tuple[list[Block], str, LineIndex]:
    """The blocks of a plain text, its layout ("wrapped": reportlint/plaintext.py, "rst" — a .rst file,
    read the same way whatever its line width: a line break inside a reST paragraph means nothing —
    or "lines") and the index of the text the checks read (a joined view of a wrapped text)."""
    lines = text.split("\n")
    if rst or plaintext.is_hard_wrapped(lines):
        blocks, index = _hard_wrapped_blocks(lines, index, language, rst)
        return blocks, "rst" if rst else "wrapped", index
    blocks: list[Block] = []
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < n and lines[j].strip():
            j += 1
        _text_group(lines, i, j, index, language, blocks)
        i = j
    listed = plaintext.listed_under_contents_title(lines) if plaintext.CONTENTS_TITLE_LINE_RE.search(text) else ()
    if listed:  # `目　　录` then the chapter titles, before the body repeats the first of them
        blocks = [_replace(b, kind="contents", enumerator=None, runin=False)
                  if b.line == b.end_line and b.line - 1 in listed else b for b in blocks]
    return blocks, "lines", index


def _ends_sentence(line: str) -> bool:
    s = line.rstrip()
    return bool(s) and s[-1] in SENTENCE_FINAL


def _text_group(lines: list[str], i: int, j: int, index: LineIndex, language: str, out: list[Block]) -> None:
    """A run of non-blank lines: one paragraph per line, or one hard-wrapped paragraph."""
    group = lines[i:j]
    kinds = [_line_kind(l, language) for l in group]
    if len(group) > 1:
        prose = [k for k, l in zip(kinds[:-1], group[:-1]) if k[0] == "paragraph"]
        ended = sum(1 for k, l in zip(kinds[:-1], group[:-1]) if k[0] == "paragraph" and _ends_sentence(l))
        per_line = not prose or ended * 2 >= len(prose)
    else:
        per_line = True
    start = i
    for k in range(i, j + 1):
        if k < j:
            kind = kinds[k - i]
            # In wrapped mode a line joins the block before it unless it opens a new one.
            if not per_line and k > start and kind[0] == "paragraph" and kinds[start - i][0] in ("paragraph", "list_item"):
                continue
            if k == start:
                continue
        _emit_text_block(lines, start, k, kinds[start - i], index, language, out)
        start = k


def _line_kind(line: str, language: str) -> tuple[str, Any]:
    if PAGE_NUMBER_RE.match(line):
        return ("page_number", None)
    if _contents_line(line):
        return ("contents", None)
    if len(line) <= 40 and plaintext.CONTENTS_TITLE_RE.match(line):
        return ("title", None)
    m = BULLET_RE.match(line)
    if m:
        return ("list_item", m.end())
    enum, standalone = classify_numbered_line(line, language)
    if enum is not None and standalone:
        return ("heading", enum)
    return ("paragraph", (enum, standalone))  # a block of this one line is classified already


def _contents_line(line: str) -> bool:
    """A contents entry: a title, dot leaders and a page number (`第一章 总则……1`)."""
    return ("…" in line or ". ." in line or "..." in line or "·" in line) and bool(plaintext.LEADER_RE.search(line))


def _emit_text_block(lines: list[str], a: int, b: int, kind: tuple[str, Any], index: LineIndex, language: str, out: list[Block]) -> None:
    start = index.line_start(a + 1)
    end = index.line_end(b)
    text = index.text[start:end]
    name, extra = kind
    content_start = start
    enum = None
    runin = False
    if name == "title":
        name = "paragraph"  # a `目录` / `Contents` title: a paragraph of its own, never joined to a neighbour
    elif name == "list_item":
        content_start = start + extra
    elif name == "heading":
        enum = extra
    elif name == "paragraph":
        # One line: the line's own reading (its text is the line); a paragraph of several lines is read whole
        enum, standalone = extra if b == a + 1 else classify_numbered_line(text, language)
        runin = enum is not None and not standalone
        if enum is not None and standalone:
            name = "heading"
    out.append(
        Block(name, start, end, a + 1, b, text, content_start, enumerator=enum, runin=runin)
    )


def _hard_wrapped_blocks(lines: list[str], index: LineIndex, language: str,
                         rst: bool = False) -> tuple[list[Block], LineIndex]:
    """Blocks of a hard-wrapped text (reportlint/plaintext.py reads the layout) over its joined view: inside a
    paragraph or list item each wrap (line break and indent, or page furniture between two pages) reads as
    `plaintext.wrap_joiner` says, nothing between Chinese characters, a space between words."""
    reader = plaintext.Reader(lines, lambda line, bare=False: classify_numbered_line(line, language, allow_bare=bare), rst,
                              text=index.text, starts=index.starts)
    spans = reader.spans()
    text = index.text
    tails, heads = plaintext.wraps(spans, reader.lines)
    if not tails:
        view_index: LineIndex = index
    else:
        # Each wrap drops the white space from the end of a line's text to the start of the next line's text
        # (a newline and indent, or page furniture): the kept stretches of the source run from one to the next.
        starts = index.starts
        ends = list(map(operator.add, map(starts.__getitem__, tails),
                        map(len, map(str.rstrip, map(lines.__getitem__, tails)))))
        head_lines = list(map(lines.__getitem__, heads))
        kept = [0, *map(operator.sub, map(operator.add, map(starts.__getitem__, heads), map(len, head_lines)),
                        map(len, map(str.lstrip, head_lines)))]
        ends.append(len(text))
        joiners = plaintext.joiners(tails, heads, reader.lines, text.isascii())
        lengths = list(map(operator.sub, ends, kept))
        joiners.append("")
        view_starts = list(accumulate(map(operator.add, lengths, map(len, joiners)), initial=0))
        view_starts.pop()
        view = "".join(chain.from_iterable(zip(map(text.__getitem__, map(slice, kept, ends)), joiners)))
        view_index = JoinedIndex(view, index, view_starts, kept, lengths,
                                 _joined_line_starts(starts, tails, heads, view_starts, kept))
    view = view_index.text
    # A block starts at a line start and ends before a newline, and neither is ever inside a joined break
    # (joins lie within a block, between its lines): the view's line starts give both ends.
    starts, n = view_index.starts, len(view_index.starts)
    out = []
    append = out.append
    for s in spans:
        start = starts[s.first]
        end = starts[s.last + 1] - 1 if s.last + 1 < n else len(view)
        append(_span_block(s.kind, start, end, s.first + 1, s.last + 1, view[start:end], start + s.content_col,
                           s.level, s.enumerator, s.runin))
    return out, view_index


def _joined_line_starts(starts: list[int], tails: list[int], heads: list[int], view_starts: list[int],
                        kept: list[int]) -> list[int]:
    """Where each source line starts in a joined view (`JoinedIndex.to_view` of `starts`), from its wraps
    (`tails`, `heads`: `plaintext.wraps`) and kept stretches (stretch j + 1 starts at the text of line
    heads[j]): a line moves with the stretch it lies in; the line after a wrap, and the page furniture or
    blank lines inside the wrap, start where the stretch after it starts. (At C speed but for a step a wrap:
    the bisection of every line start in the stretches took three times as long.)"""
    begun = [0] * len(starts)  # 1 on each line where a stretch begins
    for h in heads:
        begun[h] = 1
    shift = list(map(operator.sub, view_starts, kept))
    out = list(map(operator.add, starts, map(shift.__getitem__, accumulate(begun))))
    for t, h, v in zip(tails, heads, view_starts[1:]):
        if h > t + 1:
            out[t + 1 : h] = repeat(v, h - t - 1)
        out[h] = v
    return out


_BLOCK_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Block)}
_new = object.__new__


def _span_block(kind: str, start: int, end: int, line: int, end_line: int, text: str, content_start: int,
                level: int | None, enumerator: Enumerator | None, runin: bool) -> Block:
    """`Block(kind, start, end, line, end_line, text, content_start, level=…, enumerator=…, runin=…)`, its fields
    written to the instance's dict at once: the frozen dataclass's `__init__` sets each of its 18 fields through
    `object.__setattr__` (a wrapped text has one block per span; equal to the constructor's, test_document)."""
    b = _new(Block)
    d = b.__dict__
    d.update(_BLOCK_DEFAULTS)
    d["kind"], d["start"], d["end"], d["line"], d["end_line"], d["text"], d["content_start"] = \
        kind, start, end, line, end_line, text, content_start
    d["level"], d["enumerator"], d["runin"] = level, enumerator, runin
    return b


# ---------------------------------------------------------------- Markdown

@functools.lru_cache(maxsize=1)
def _markdown_parser():
    """One parser per process (it keeps no state between parses), built on the first Markdown file.

    markdown-it compiles 77 fixed patterns as it is imported (~68 M instructions): they come
    from the compiled-pattern store like the package's own."""
    with rx.serving_re():  # the import only: the parser's constructor builds one pattern from a set (hash order)
        from markdown_it import MarkdownIt

    # Only block structure is used: inline parsing (links, emphasis) is skipped, which
    # saves time and avoids markdown-it's recursion on brackets nested thousands deep.
    # Nesting is capped well below Python's recursion limit (blockquotes, lists).
    return MarkdownIt("commonmark", {"maxNesting": 100}).enable("table").disable("inline")


_MD_LEAD = r"^[ \t]*(?:>[ \t]?)*[ \t]*"  # indentation and block-quote marks
_MD_LIST_MARKER = r"(?:[-*+]|\d{1,9}[.)])"
_MD_MARKER_RE = rx.compile(_MD_LEAD + r"(?:#{1,6}(?:[ \t]+|$)|" + _MD_LIST_MARKER + r"(?:[ \t]+|$))?")
# A list item's markers: every marker on its first line (`- 1. text` is a bullet holding an ordered item)
_MD_ITEM_MARKERS_RE = rx.compile(_MD_LEAD + r"(?:" + _MD_LIST_MARKER + r"(?:[ \t]+|$))*")
_MD_ONE_MARKER_RE = rx.compile(_MD_LEAD + _MD_LIST_MARKER)
# Block tokens that may open on an item's own first line (`- 1. text`, `- # Title`, `- > quote`)
_ITEM_CHILD_OPENERS = frozenset({"bullet_list_open", "ordered_list_open", "heading_open", "blockquote_open",
                                 "fence", "code_block", "table_open", "html_block"})


def _parse_markdown(text: str, index: LineIndex, language: str, reuse: Any = None) -> list[Block]:
    blocks: list[Block] = []
    parse_text = text
    fm_lines = 0
    fm = FRONT_MATTER_RE.match(text)
    if fm:
        fm_lines = text[: fm.end()].count("\n") + (0 if fm.group(4) else 1)
        fm_end_line = text[: fm.end()].rstrip("\n").count("\n") + 1
        blocks.append(_md_block("front_matter", 0, fm_end_line, index))
        parse_text = "\n" * (fm_lines) + text[fm.end() :]
    if reuse is not None and "\r" not in parse_text:  # (markdown-it reads a lone CR as a line break; LineIndex does not)
        blocks.extend(_chunked_blocks(parse_text, fm_lines, index, language, reuse))
        return blocks
    found, _, _ = _token_blocks(_markdown_parser().parse(parse_text), index, language)
    blocks.extend(found)
    blocks.sort(key=lambda blk: (blk.start, blk.end))
    return blocks


def _token_blocks(tokens: list, index: LineIndex, language: str) -> tuple[list[Block], int, int]:
    """The blocks of markdown-it's block tokens (line maps read through `index`), page numbers marked,
    sorted; and how many lists and tables they hold (list and table ids count from 1)."""
    blocks: list[Block] = []
    list_stack: list[tuple[int, bool]] = []  # (list_id, ordered)
    list_counter = 0
    item_stack: list[dict[str, Any]] = []
    table_id = 0
    quote_depth = 0
    for tok in tokens:
        t = tok.type
        if t in _ITEM_CHILD_OPENERS and item_stack and item_stack[-1]["first"] and tok.map \
                and item_stack[-1]["map"] and tok.map[0] == item_stack[-1]["map"][0]:
            item_stack[-1]["shared"] = True  # the item's first line is this child's: the item is only its marker
        if t in ("bullet_list_open", "ordered_list_open"):
            list_counter += 1
            list_stack.append((list_counter, t == "ordered_list_open"))
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif t == "list_item_open":
            number = int(tok.info) if tok.info and tok.info.isdigit() else None
            item_stack.append({"first": True, "number": number, "map": tok.map})
        elif t == "list_item_close":
            item = item_stack.pop()
            if item["first"] and item["map"]:  # an empty item or one that holds no paragraph
                lid, ordered = list_stack[-1]
                a, b = item["map"]
                blk = _md_block("list_item", a, min(b, a + 1), index, list_id=lid, list_ordered=ordered,
                                list_number=item["number"], depth=len(list_stack))
                if item.get("shared"):  # `- 1. text`: the line's text is the nested item's; this one keeps its marker
                    marker = _MD_ONE_MARKER_RE.match(blk.text)
                    cut = blk.start + (marker.end() if marker else 0)
                    blk = _replace(blk, end=cut, text=index.text[blk.start : cut], content_start=cut)
                blocks.append(blk)
        elif t == "blockquote_open":
            quote_depth += 1
        elif t == "blockquote_close":
            quote_depth -= 1
        elif t == "heading_open" and tok.map:
            a, b = tok.map
            blk = _md_block("heading", a, b, index, level=int(tok.tag[1]), in_quote=quote_depth > 0)
            enum, _ = classify_numbered_line(blk.content, language, allow_bare=True)
            blocks.append(_replace(blk, enumerator=enum))
        elif t == "paragraph_open" and tok.map:
            a, b = tok.map
            if item_stack and item_stack[-1]["first"] and not tok.hidden is None:
                item = item_stack[-1]
                item["first"] = False
                lid, ordered = list_stack[-1]
                a = min(a, item["map"][0])
                blocks.append(
                    _md_block("list_item", a, b, index, list_id=lid, list_ordered=ordered,
                              list_number=item["number"], depth=len(list_stack), in_quote=quote_depth > 0)
                )
                continue
            if item_stack:
                item_stack[-1]["first"] = False
            blk = _md_block("paragraph", a, b, index, in_quote=quote_depth > 0)
            if not list_stack:
                enum, standalone = classify_numbered_line(blk.content, language)
                if enum is not None:
                    blk = _replace(blk, kind="heading" if standalone else "paragraph", enumerator=enum, runin=not standalone)
            else:
                # A numbered paragraph inside a list item (`1. Agencies shall:` then `a.  Establish…`):
                # a candidate item of a nested enumeration, confirmed by its siblings (mark_numbered_items).
                enum = _nested_enumerator(blk.content)
                if enum is not None:
                    blk = _replace(blk, enumerator=enum)
            blocks.append(blk)
        elif t in ("fence", "code_block") and tok.map:
            if item_stack:
                item_stack[-1]["first"] = False
            a, b = tok.map
            blocks.append(_md_block("code", a, b, index))
        elif t == "html_block" and tok.map:
            a, b = tok.map
            kind = "html_comment" if tok.content.lstrip().startswith("<!--") else "html"
            blocks.append(_md_block(kind, a, b, index))
        elif t == "table_open":
            table_id += 1
        elif t == "tr_open" and tok.map:
            a, b = tok.map
            blocks.append(_md_block("table_row", a, b, index, table_id=table_id))
    blocks.sort(key=lambda blk: (blk.start, blk.end))
    return _mark_page_numbers(blocks), list_counter, table_id


# ---------------------------------------------------------------- Markdown, in pieces (the language server)

# A line that may follow a blank line inside a block begun before it: indented (a list item's or indented
# code's continuation), a list marker (the next item of the same list) or a block quote mark.
_MD_CONTINUES_RE = rx.compile(r"[ \t>]|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)")
CHUNK_SPREAD = 4  # about one cut in this many places where a cut is possible (content-defined)


def _cuts(lines: list[str], first: int) -> list[int]:
    """Lines where the text may be cut into pieces that markdown-it parses alone exactly as the whole
    text: after a blank line (spaces and tabs only, as markdown-it reads blank), at a line that opens a
    block of its own rather than continuing one (`_MD_CONTINUES_RE`). Every block begun before such a
    line has ended at the blank line (a paragraph, list, quote, table, indented code, an HTML block of
    the kinds a blank line ends), except a fence or an HTML block that only its own end marker closes:
    `_chunked_blocks` parses a piece that leaves one open together with the next.

    Chosen by the line's own content (its length and last character), not by position, so an edit
    moves only the cuts around it: the other pieces have the same text as in the last version."""
    cuts = [first] if first else []
    blank = True
    match = _MD_CONTINUES_RE.match
    for x in range(first, len(lines)):
        line = lines[x]
        if not line.strip(" \t"):
            blank = True
            continue
        if blank and x > first and (len(line) + ord(line[-1])) % CHUNK_SPREAD == 0 and not match(line):
            cuts.append(x)
        blank = False
    return cuts


def _chunked_blocks(text: str, first: int, index: LineIndex, language: str, reuse: Any) -> list[Block]:
    """`_token_blocks` of the whole text, parsed in pieces (`_cuts`), each piece's blocks taken from the
    document's last version when the piece's text was there too (`reuse`, by the piece's text and the
    language its headings are read in), moved to where the piece now starts."""
    lines = text.split("\n")
    starts = index.starts
    offsets = [0]  # where each line starts in `text` (before the front matter's end it is not `index`'s)
    total = 0
    for line in lines:
        total += len(line) + 1
        offsets.append(total)
    bounds = [*_cuts(lines, first), len(lines)]
    if not bounds or bounds[0] != 0:
        bounds.insert(0, 0)
    out: list[Block] = []
    lists = tables = 0
    a, k = bounds[0], 1
    while k < len(bounds):
        b = bounds[k]
        last = b == len(lines)
        piece = text[offsets[a]: offsets[b] if not last else len(text)]
        if a < first:  # the front matter's lines (blank in `text`): no block
            a, k = b, k + 1
            continue
        got = reuse.get("markdown.piece", (piece, language, last), lambda: _piece_blocks(piece, language, last))
        if got is None:  # a fence or an HTML block left open at the cut: parse it with the next piece
            k += 1
            continue
        found, n_lists, n_tables = got
        shift, line_shift = starts[a], a
        if shift or line_shift or lists or tables:
            found = [_moved(blk, shift, line_shift, lists, tables) for blk in found]
        out.extend(found)
        lists += n_lists
        tables += n_tables
        a, k = b, k + 1
    return out


def _piece_blocks(piece: str, language: str, last: bool) -> tuple[list[Block], int, int] | None:
    """One piece's blocks in its own offsets, lines and list and table ids; None when a fence or an HTML
    block is still open at its end (unless it is the text's last piece)."""
    tokens = _markdown_parser().parse(piece)
    if not last:
        n = piece.count("\n")
        if any(t.map and t.map[1] >= n and t.type in ("fence", "html_block") for t in tokens):
            return None
    return _token_blocks(tokens, LineIndex(piece), language)


def _moved(block: Block, shift: int, line_shift: int, lists: int, tables: int) -> Block:
    """The block moved by `shift` characters and `line_shift` lines, its list and table ids counted on."""
    b = _new(Block)
    d = b.__dict__
    d.update(block.__dict__)
    d["start"] += shift
    d["end"] += shift
    d["content_start"] += shift
    d["line"] += line_shift
    d["end_line"] += line_shift
    if lists and d["list_id"] is not None:
        d["list_id"] += lists
    if tables and d["table_id"] is not None:
        d["table_id"] += tables
    return b


def _mark_page_numbers(blocks: list[Block]) -> list[Block]:
    return [_replace(b, kind="page_number") if b.kind == "paragraph" and PAGE_NUMBER_RE.match(b.text) else b for b in blocks]


def _replace(block: Block, **changes: Any) -> Block:
    fields = {**block.__dict__, **changes}
    fields.pop("content", None)  # the cached property, not a field
    return Block(**fields)


def _md_block(kind: str, a: int, b: int, index: LineIndex, **extra: Any) -> Block:
    """A block from markdown-it's 0-based half-open line map [a, b)."""
    last = max(a + 1, b)
    while last > a + 1 and not index.line_text(last).strip():
        last -= 1
    start = index.line_start(a + 1)
    end = index.line_end(min(last, index.line_count))
    text = index.text[start:end]
    content_start = start
    if kind in ("heading", "list_item", "paragraph"):
        m = (_MD_ITEM_MARKERS_RE if kind == "list_item" else _MD_MARKER_RE).match(text)
        if m:
            content_start = start + m.end()
    return Block(kind, start, end, a + 1, min(last, index.line_count), text, content_start, **extra)
