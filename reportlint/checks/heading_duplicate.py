"""Two headings with the same text under one parent.

Two sibling sections called the same thing are either one topic split by
mistake or a heading copied and not rewritten. The same title under different
parents (`### Policies` under every `## N.`) is normal and not reported, and
so is a `#` title repeated after a table of contents (a cover page, the
contents, then the title page), and so are
section titles repeated after an unnumbered dated or versioned sibling (a flat
changelog: `### [10.0.1] (2023-11-02)` then `### Bug Fixes` again). A
heading inside a block the duplicate check reports as a pasted copy belongs to
that finding (one cause, one owner) and is not reported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.context import NOTHING, Deferred
from reportlint.analysis.duplicates import blocks_in_copies
from reportlint.analysis.outline import Item, outline
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text import rx

FIELDS = frozenset({"title"})  # the first heading with this text is the related location
CLAUSES = frozenset({"first_same_heading"})  # the related places' labels, worded in the rule's YAML
DEFERS_TO_KINDS = frozenset({"duplicate-runs"})

_LINK_RE = rx.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG_RE = rx.compile(r"<[^<>]*>")
_STRIP_RE = rx.compile(r"[\s*_`~#]+")
_TITLE_END = "。！？；!?;"
_DIGIT_RE = rx.compile(r"\d")


@dataclass(frozen=True)
class Params:
    """Params of the `heading-duplicate` kind: what a rule's YAML `params` may set (validated by the loader)."""
    min_chars: int = 2  # titles shorter than this (after normalisation) are ignored


def title_key(doc: Document, it: Item) -> str:
    """The heading's title without number and markup; a run-in heading's first sentence."""
    b = doc.blocks[it.block]
    text = doc.text[it.end if it.enum is not None else b.content_start : b.end]
    if b.runin:
        cut = min((text.find(c) for c in _TITLE_END if c in text), default=len(text))
        text = text[:cut]
    text = text.split("\n", 1)[0] if b.kind == "heading" and b.level else text
    text = _TAG_RE.sub("", _LINK_RE.sub(r"\1", text))
    return _STRIP_RE.sub("", text).rstrip("：:，,、.。")  # case kept: `module` and `Module` differ


def _contents_between(doc: Document, first: Item, it: Item) -> bool:
    """A table of contents (plain-text contents, or a list of internal links) lies between two headings."""
    between = doc.blocks[first.block + 1 : it.block]
    return any(b.kind == "contents" or b.kind == "list_item" and "](#" in b.content for b in between)


def run(doc: Document, params: Params, deferred: Deferred = NOTHING) -> Iterator[Finding]:
    ol = outline(doc)
    in_copy = blocks_in_copies(doc, deferred.settings("duplicate-runs"))
    stack: list[Item] = []
    seen: dict[tuple[int, str], tuple[Item, int]] = {}
    separators: dict[int, int] = {}  # parent → unnumbered dated/versioned siblings seen so far
    for it in ol.items:
        if it.soft:
            continue
        if doc.blocks[it.block].item:
            continue  # an article or enumeration item is no heading: its text is not a title
        while stack and stack[-1].level >= it.level:
            stack.pop()
        parent = stack[-1].block if stack else -1
        stack.append(it)
        if it.enum is None and _DIGIT_RE.search(doc.text[it.start : it.end]):
            # `### [10.0.1] (2023-11-02)` beside `### Bug Fixes`: a flat changelog, where each
            # release heading opens a new run of the same section titles.
            separators[parent] = separators.get(parent, 0) + 1
        key = title_key(doc, it)
        if it.md_level == 1 and (parent, key) in seen and _contents_between(doc, seen[(parent, key)][0], it):
            continue  # a cover, the contents, then the title page repeat the document title on purpose
        if len(key) < params.min_chars or not any(c.isalpha() for c in key):
            continue  # a date or a bare number is not a title (`2.17.3 (2017-05-29)`)
        run_no = separators.get(parent, 0)
        first, first_run = seen.setdefault((parent, key), (it, run_no))
        if first is not it and first_run != run_no:
            seen[(parent, key)] = (it, run_no)
            continue
        if first is it or it.block in in_copy:
            continue
        b = doc.blocks[it.block]
        title = key if len(key) <= 40 else key[:39] + "…"
        end = it.end if b.runin else max(it.end, min(b.end, doc.index.line_end(b.line)))
        yield Finding(it.start, end, {"title": title},
                      related=(RelatedSpan(first.start, first.end, phrase("first_same_heading")),))
