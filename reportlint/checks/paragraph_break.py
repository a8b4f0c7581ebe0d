"""Paragraph integrity: split paragraphs, truncated paragraphs and empty sections (param `check`).

- ``split``: a paragraph ends without closing punctuation and goes on in the
  next block — across blank lines, a page-number line (`- 12 -`, `第12页`,
  `Page 12`, a bare `12`) or, in plain-text reports with one paragraph per
  line, a bare line break (质效 / 益，站在了). One diagnostic spans both
  fragments; an unsafe fix joins them.
- ``truncated``: a paragraph ends mid-sentence before a heading or the end of the file.
- ``empty-section``: a heading with no body before the next heading of the same
  or a higher level, or before the end of the file.

Chinese paragraphs end with punctuation, so a long Chinese paragraph that does
not is broken. English is looser (captions, labels, link lines), so an English
fragment needs more evidence: the next paragraph starts in lower case, or the
fragment ends with a comma or a word that cannot end a sentence (the, of, and).
Headings, list intros ending in ：/:, table rows, code, captions (图1, Table 2)
and short title lines are not paragraphs for this rule; list items count only
when they hold several sentences (the `——` paragraphs of Chinese reports).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.masks import MASK, doc_masks
from reportlint.diagnostics import Edit, Finding, Fix, RelatedSpan, phrase
from reportlint.document import PAGE_NUMBER_RE, Block, Document
from reportlint.plaintext import stray_line_breaks
from reportlint.text.cjk import HAN_RE, is_han
from reportlint.text.enumerators import ZH_UNIT_RANK, Enumerator, match_enumerator
from reportlint.text import rx

FIELDS = frozenset({"tail", "head", "separator", "heading"})
CLAUSES = frozenset({"paragraph_continues", "next_heading"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "Paragraph ends without closing punctuation ('{tail}')"

CHECKS = ("split", "truncated", "empty-section")
_BARE_PAGE_RE = rx.compile(r"^\s*\d{1,4}\s*$")
_TRAILING_MARKUP_RE = rx.compile(r"(?:\s|\*|_|~|<br\s*/?>|\[\^[^\]]*\])+$")
_TRAILING_MARKUP_LAST = "*_~>]"  # the last character of a _TRAILING_MARKUP_RE match, besides white space
_CAPTION_RE = rx.compile(r"^\s*(?:\*\*|__)?\s*(?:图|表|Figure|Fig\.|Table|Exhibit|Chart|Source|来源|资料来源)\s*[\dA-Z一二三四五六七八九十]", re.I)
# A line wholly in bold or italics is a heading in disguise, not a paragraph.
_PSEUDO_HEADING_RE = rx.compile(r"^(\*\*|__|\*|_)(?!\s)[^\n]*[^\s]\1$")
_COMMENT_RE = rx.compile(r"<!--.*?-->", re.S)
_WORD_RE = rx.compile(r"[A-Za-z]+$")
_LATIN_RE = rx.compile(r"[A-Za-z]")
_SPACED_HAN_RE = rx.compile(r"[\u4e00-\u9fff][ \t\u3000]+[\u4e00-\u9fff]")
_TAG_RE = rx.compile(r"<[^>]*>")
# A quotation that ends with its source after a dash (`…做对事。——Rhichy`, `… — Ada Lovelace`): complete.
_ATTRIBUTION_RE = rx.compile(r"[。！？!?.…”」』\"'*_]\s*(?:——|—|――|--)\s*[^。！？；，,.!?;\n——]{1,40}$")
# A line of its own that opens with a dash: a signature or dateline under a text (`—— 江波，开源社理事长`,
# `——二〇二六年一月二十七日在…会议上`, `— Ada Lovelace, mathematician`), complete without a full stop.
_SIGNATURE_RE = rx.compile(r"^[ \t\u3000]*(?:——|—|――|--|－－)[ \t\u3000]*[^\s。！？；、!?;—][^。！？；、!?;\n—]{0,40}$")
# A line ending a sentence or a bracketed aside: lines of a block that all end so hold one sentence each.
_LINE_END_CLOSED = "。！？；!?;）)」』”’"
_OPEN_END = "，,、—-–"
# `escaped = DQUOTE *(TEXTDATA / COMMA) DQUOTE`, `name := value`: a grammar rule or assignment, not a sentence.
_DEFINITION_RE = rx.compile(r"^\s*[A-Za-z][\w.-]*\s*(?:=|:=|::=|=/)\s")
# A paragraph that opens with a speaker's name or initials and a colon (meeting notes, transcripts, interviews).
# A paragraph that opens with an emphasized label and a colon (`**target：** *string*型`, `**Note**: …`): the
# next entry of a definition list or a labelled note, not the rest of a sentence cut off above it.
_LABEL_RE = rx.compile(r"^[ \t]*(\*\*|__)[^\n*_:：。！？]{1,30}(?:[:：]\1|\1[ \t]*[:：])")
_SPEAKER_RE = rx.compile(r"^[ \t]*(?:\*\*|__)?(?:[A-Z][A-Za-z.\-]{0,15}(?: [A-Z][A-Za-z.\-]{0,15})?(?:\*\*|__)?[:：](?:\*\*|__)?\s|[\u4e00-\u9fff]{2,5}(?:\*\*|__)?[:：])")
ZH_CLOSE_INSIDE = "，。；！？"
ZH_SENTENCE_END = "。！？；"


@dataclass(frozen=True)
class Params:
    """Params of the `paragraph-break` kind: what a rule's YAML `params` may set (validated by the loader)."""
    check: str = "split"
    min_chars_zh: int = 20  # a Chinese fragment shorter than this is a title, not a paragraph
    min_words_en: int = 8  # likewise for English
    # English words that cannot end a sentence: a fragment ending with one is cut off. Pronouns that
    # can (this, that, these, some, any, each: "Great work on this") are not among them.
    open_words: tuple[str, ...] = (
        "the", "a", "an", "of", "and", "or", "to", "in", "for", "with", "by", "on", "at", "from", "that",
        "which", "as", "is", "are", "was", "were", "be", "its", "their", "our",
        "into", "than", "but", "nor", "between", "such", "every", "about",
    )


def validate(params: Params) -> list[tuple[str, str]]:
    problems = []
    if params.check not in CHECKS:
        problems.append(("check", f"unknown check '{params.check}'; allowed: {', '.join(CHECKS)}"))
    if params.min_chars_zh < 1 or params.min_words_en < 1:
        problems.append(("min_chars_zh", "minimum sizes must be positive"))
    return problems


def is_page_marker(block: Block) -> bool:
    """A page-number line: `- 12 -`, `第12页`, `Page 12`, or a bare number on its own."""
    if block.kind == "page_number":
        return True
    return block.kind in ("paragraph", "list_item", "heading") and block.line == block.end_line and bool(
        PAGE_NUMBER_RE.match(block.text) or _BARE_PAGE_RE.match(block.text))


def _ignorable(block: Block) -> bool:
    return block.kind in ("html_comment", "front_matter") or is_page_marker(block)


class Tail(NamedTuple):
    end: int  # document offset just past the fragment's last character
    text: str  # the fragment's content without trailing markup
    zh: bool


def _tail(block: Block, masked: str) -> Tail | None:
    """The fragment's end when it ends without closing punctuation, else None."""
    content = block.content
    if content and content[-1] not in _TRAILING_MARKUP_LAST and not content[-1].isspace():
        cut = len(content)  # no trailing markup can end here: skip the search (most blocks end with punctuation)
    else:
        window = max(0, len(content) - 400)  # trailing markup is short; never scan a huge block from its start
        m = _TRAILING_MARKUP_RE.search(content, window)
        cut = m.start() if m else len(content)
    body = content[:cut]
    if not body or masked[cut - 1 : cut] == MASK:
        return None  # ends in code, a URL or a link destination
    last = body[-1]
    if not (is_han(last) or last.isalnum() or last in _OPEN_END):
        return None
    near = body[-400:]  # the language of the cut-off end decides
    han = len(HAN_RE.findall(near))
    latin = len(_LATIN_RE.findall(near))
    zh = han >= latin
    end = block.content_start + len(body)
    return Tail(end, body, zh)


_PROSE_LIKE_RE = rx.compile(r"[a-z]{2}[.!?]\s+[A-Z]")


def _prose_like(block: Block, tail: Tail, min_chars_zh: int, min_words_en: int) -> bool:
    body = tail.text
    if _CAPTION_RE.match(body) or _PSEUDO_HEADING_RE.match(block.content.strip()):
        return False
    if tail.zh:
        if _SPACED_HAN_RE.search(_last_clause(body)):
            return False  # 本报记者 戴冰摄: a byline or caption, not a sentence (Chinese puts no spaces between words)
        inner = body[:-1]
        if len(body) < min_chars_zh or not any(c in inner for c in ZH_CLOSE_INSIDE):
            return False
        if block.kind == "list_item":
            return any(c in inner for c in ZH_SENTENCE_END)
        return True
    words = body.split()
    if len(words) < min_words_en or _DEFINITION_RE.match(body):
        return False
    if block.kind == "list_item":
        return bool(_PROSE_LIKE_RE.search(body))
    return True


def _ends_open_en(tail: Tail, params: Params) -> bool:
    if tail.text[-1] in ",、，":
        return True
    m = _WORD_RE.search(tail.text)
    return bool(m) and m.group(0).lower() in params.open_words


def _last_clause(text: str) -> str:
    """What follows the last sentence end: the part of a fragment that is cut off."""
    cut = max(text.rfind(c) for c in ZH_SENTENCE_END + ".!?")
    return text[cut + 1 :]


def _standalone_line(block: Block, params: Params) -> bool:
    """A short line that ends with punctuation and has none inside (各位代表：): not a continuation."""
    body = block.content.strip()
    return (len(body) < params.min_chars_zh and bool(body) and not is_han(body[-1])
            and not any(c in body[:-1] for c in ZH_CLOSE_INSIDE + "，,:："))


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _starts_lower(block: Block) -> bool:
    s = block.content.lstrip(" \t\u3000*_")
    return bool(s) and s[0].isascii() and s[0].islower()


def _next(doc: Document, i: int) -> tuple[int | None, list[Block]]:
    """Index of the next block that is not a page number or comment, and the page numbers skipped."""
    skipped: list[Block] = []
    j = i + 1
    while j < len(doc.blocks) and _ignorable(doc.blocks[j]):
        if is_page_marker(doc.blocks[j]):
            skipped.append(doc.blocks[j])
        j += 1
    return (j if j < len(doc.blocks) else None), skipped


def run(doc: Document, params: Params) -> Iterator[Finding]:
    if params.check == "empty-section":
        yield from _empty_sections(doc)
        return
    masks = doc_masks(doc, escapes=True)
    for i, tail, j, pages in _fragments(doc, params):
        a = doc.blocks[i]
        b = doc.blocks[j] if j is not None else None
        if b is None or b.is_heading:
            if params.check == "truncated" and (tail.zh or _ends_open_en(tail, params)):
                before = "the end of the file" if b is None else "a heading"
                yield Finding(tail.end - 1, tail.end, {"tail": _short_tail(tail), "head": "", "separator": before, "heading": before})
            continue
        if params.check != "split" or b.kind != "paragraph" or is_page_marker(b):
            continue
        if not tail.zh and not (_starts_lower(b) or _ends_open_en(tail, params)):
            continue
        if _SPEAKER_RE.match(b.content) or _LABEL_RE.match(b.content):
            continue  # `SYG: I want…`, `主持人：`, `**target：**`: a new speaker's turn or the next labelled entry
        if doc.format == "txt" and _indent(b.text) > _indent(a.text) + 1:
            continue  # plain text: a more indented block is a displayed example (code, a formula), not the sentence going on
        if tail.zh and _standalone_line(b, params):
            continue
        yield _split_finding(doc, a, b, tail, pages)
    if params.check == "split":
        yield from _page_lines_inside(doc, masks)
        yield from _stray_breaks(doc)


def _stray_breaks(doc: Document) -> Iterator[Finding]:
    """A hard-wrapped paragraph cut by a line break left by an edit (the reader finds them: plaintext.py)."""
    for s in doc.view(stray_line_breaks):
        tail = doc.text[doc.index.line_start(s.line) : s.end].split()
        head = doc.text[s.head_start : s.head_end].split()
        yield Finding(s.end - 1, s.head_end, {"tail": " ".join(tail[-3:]), "head": " ".join(head[:3]),
                                               "separator": "a line break", "heading": ""},
                      related=(RelatedSpan(s.head_start, s.head_end, phrase("paragraph_continues")),))


def _fragments(doc: Document, params: Params) -> list[tuple[int, Tail, int | None, list[Block]]]:
    """(block index, tail, next block index, page lines skipped) of each prose fragment without closing
    punctuation; shared by the split and truncated checks (a document view per size thresholds)."""
    return doc.view(_fragments_view, params.min_chars_zh, params.min_words_en)


def _fragments_view(doc: Document, min_chars_zh: int, min_words_en: int) -> list[tuple[int, Tail, int | None, list[Block]]]:
    masks = doc_masks(doc, escapes=True)
    out = []
    for i, a in enumerate(doc.blocks):
        if a.kind not in ("paragraph", "list_item") or is_page_marker(a) or a.in_quote:
            continue  # in_quote: a Markdown block quote, a Word quotation style
        if _ATTRIBUTION_RE.search(a.text.rstrip()) or _SIGNATURE_RE.match(a.text.rstrip()):
            continue
        if _one_sentence_per_line(doc, a):
            continue
        tail = _tail(a, masks[i])
        if tail is None or not _prose_like(a, tail, min_chars_zh, min_words_en):
            continue
        j, pages = _next(doc, i)
        out.append((i, tail, j, pages))
    return out


def _one_sentence_per_line(doc: Document, a: Block) -> bool:
    """A plain-text block of three or more lines, each but the last ending a sentence (or an aside).

    Such a block is a list of notes, not a hard-wrapped paragraph (whose lines end mid-clause), so a last
    line without its full stop has lost the stop, not the rest of the sentence.
    """
    if doc.format != "txt" or a.end_line - a.line < 2:
        return False  # at least two lines before the last: one closed line may just precede a cut
    lines = [doc.index.line_text(n).rstrip() for n in range(a.line, a.end_line)]
    return all(line and line[-1] in _LINE_END_CLOSED for line in lines)


def _separator(doc: Document, a: Block, b: Block, pages: list[Block]) -> str:
    if pages:
        return f"the page number '{pages[0].text.strip()}'"
    if b.line == a.end_line + 1:
        return "a line break"
    return "a blank line"


def _short_tail(tail: Tail) -> str:
    return tail.text[-8:] if tail.zh else " ".join(tail.text.split()[-3:])


def _split_finding(doc: Document, a: Block, b: Block, tail: Tail, pages: list[Block]) -> Finding:
    head_line_end = doc.index.line_end(b.line)
    head = doc.text[b.content_start : head_line_end]
    head = head[:8] if tail.zh else " ".join(head.split()[:3])
    joiner = "" if tail.zh or is_han(doc.text[b.content_start : b.content_start + 1] or "a") else " "
    fix = Fix((Edit(tail.end, b.content_start, joiner),), safe=False, description="join the two fragments")
    sep = _separator(doc, a, b, pages)
    return Finding(
        tail.end - 1, head_line_end,
        {"tail": _short_tail(tail), "head": head, "separator": sep, "heading": ""},
        related=(RelatedSpan(b.content_start, head_line_end, phrase("paragraph_continues")),),
        fix=fix,
    )


def _page_lines_inside(doc: Document, masks: dict[int, str]) -> Iterator[Finding]:
    """A page-number line inside one Markdown paragraph (no blank lines around it)."""
    for i, a in enumerate(doc.blocks):
        if a.kind != "paragraph" or a.line == a.end_line:
            continue
        for line in range(a.line + 1, a.end_line):
            s = doc.index.line_text(line)
            if PAGE_NUMBER_RE.match(s):
                ls, le = doc.index.line_start(line), doc.index.line_end(line)
                before = doc.text[doc.index.line_start(line - 1) : ls - 1]
                after = doc.text[le + 1 : doc.index.line_end(line + 1)]
                yield Finding(
                    ls - 1, doc.index.line_end(line + 1),
                    {"tail": before[-8:], "head": after[:8], "separator": f"the page number '{s.strip()}'", "heading": ""},
                    fix=Fix((Edit(ls - 1, le, ""),), safe=False, description="remove the page-number line"),
                )


# ---------------------------------------------------------------- empty sections

# Chinese official numbering, outermost first (GB/T 9704 §7.3.3).
_ZH_RANK = {"zh-chapter": 0, "zh-dun": 1, "zh-paren": 2, "arabic-dot": 3, "arabic-paren": 4, "circled": 5}


def _enumerator(block: Block) -> Enumerator | None:
    if block.enumerator is not None:
        return block.enumerator
    if block.level is None:
        return None
    text = _TAG_RE.sub("", block.content).lstrip(" \t\u3000*_")
    enum = match_enumerator(text)
    return enum if enum is not None and enum.scheme == "decimal" else None


def _rank(block: Block) -> tuple[str, int] | None:
    """(system, level) of a heading: its numbering when it has one (5.2 > 5.2.1), else its Markdown level.

    Level-1 Markdown headings without a number are titles (a title page often
    stacks several `#` lines), so they get no rank.
    """
    e = _enumerator(block)
    if e is None:
        if block.level is not None and block.level > 1:
            return ("md", block.level)
        return None
    if e.scheme == "decimal":
        return ("decimal", e.depth)
    if e.scheme == "zh-chapter":
        return ("zh", ZH_UNIT_RANK.get(e.unit, 0.25))  # 第二章 then 第一节: the chapter's first section
    if e.scheme in _ZH_RANK:
        return ("zh", _ZH_RANK[e.scheme])
    return (e.scheme, 0)


def _has_body(doc: Document, start: int, end: int) -> bool:
    gap = _COMMENT_RE.sub("", doc.text[start:end])
    return any(line.strip() and not PAGE_NUMBER_RE.match(line) and not _BARE_PAGE_RE.match(line)
               for line in gap.split("\n"))


def _empty_sections(doc: Document) -> Iterator[Finding]:
    """Headings with no body before the next heading of the same or a higher rank.

    In Markdown only `#` headings count: a numbered paragraph read as a heading (`1）构建…`,
    `第一条 …`) is a guess, and a run-in heading carries its own text, so it is body.
    """
    blocks = doc.blocks
    md = doc.format == "md"
    for i, h in enumerate(blocks):
        if h.kind != "heading" or h.runin or h.in_quote or md and h.level is None:
            continue
        rank = _rank(h)
        if rank is None:
            continue
        j, _ = _next(doc, i)
        if j is None:
            if not _has_body(doc, h.end, len(doc.text)):
                yield Finding(h.content_start, h.end, {"tail": "", "head": "", "separator": "", "heading": h.content.strip()[:40]},
                              message=None)
            continue
        n = blocks[j]
        if not n.is_heading or n.runin or md and n.level is None or _has_body(doc, h.end, n.start):
            continue
        if h.level is not None and n.level is not None and n.level > h.level:
            continue  # ## 第二章 then ### 第一节: a subsection, so the chapter has a body
        if h.level is not None and n.level is not None and n.line == h.end_line + 1:
            continue  # Markdown headings on consecutive lines: one heading over two lines, or aliases sharing a body
        nrank = _rank(n)
        if nrank is None or nrank[0] != rank[0] or nrank[1] > rank[1]:
            continue
        yield Finding(h.content_start, h.end, {"tail": "", "head": "", "separator": "", "heading": h.content.strip()[:40]},
                      related=(RelatedSpan(n.start, n.end, phrase("next_heading")),))
