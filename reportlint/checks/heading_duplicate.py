"""Two headings with the same text under one parent.

Two sibling sections called the same thing are either one topic split by
mistake or a heading copied and not rewritten. The same title under different
parents (`### Policies` under every `## N.`) is normal and not reported, and
so is a repeated `#` title (a cover page and a title page). A
heading inside a block the duplicate check reports as a pasted copy belongs to
that finding (one cause, one owner) and is not reported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.checks._outline import Item, outline
from reportlint.diagnostics import Finding, RelatedSpan
from reportlint.document import Document

FIELDS = frozenset({"title", "other_line", "description"})
MESSAGE = "{description}"

_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG_RE = re.compile(r"<[^<>]*>")
_STRIP_RE = re.compile(r"[\s*_`~#]+")
_TITLE_END = "。！？；!?;"


@dataclass(frozen=True)
class Params:
    min_chars: int = 2  # titles shorter than this (after normalisation) are ignored


def title_key(doc: Document, it: Item) -> str:
    """The heading's title without number, markup and case; a run-in heading's first sentence."""
    b = doc.blocks[it.block]
    text = doc.text[it.end if it.enum is not None else b.content_start : b.end]
    if b.runin:
        cut = min((text.find(c) for c in _TITLE_END if c in text), default=len(text))
        text = text[:cut]
    text = text.split("\n", 1)[0] if b.kind == "heading" and b.level else text
    text = _TAG_RE.sub("", _LINK_RE.sub(r"\1", text))
    return _STRIP_RE.sub("", text).rstrip("：:，,、.。").lower()


def run(doc: Document, params: Params) -> Iterator[Finding]:
    ol = outline(doc)
    in_copy = _copied_blocks(doc)
    stack: list[Item] = []
    seen: dict[tuple[int, str], Item] = {}
    for it in ol.items:
        if it.soft:
            continue
        while stack and stack[-1].level >= it.level:
            stack.pop()
        parent = stack[-1].block if stack else -1
        stack.append(it)
        if it.md_level == 1:
            continue  # `#` titles: a cover and a title page repeat the document title on purpose
        key = title_key(doc, it)
        if len(key) < params.min_chars:
            continue
        first = seen.setdefault((parent, key), it)
        if first is it or it.block in in_copy:
            continue
        b = doc.blocks[it.block]
        line = doc.index.line_of(first.start)
        title = key if len(key) <= 40 else key[:39] + "…"
        end = it.end if b.runin else max(it.end, min(b.end, doc.index.line_end(b.line)))
        yield Finding(it.start, end, {"title": title, "other_line": line,
                                      "description": f"Heading text repeats the heading on line {line} under the same parent"},
                      related=(RelatedSpan(first.start, first.end, "first heading with this text"),))


def _copied_blocks(doc: Document) -> set[int]:
    try:
        from reportlint.checks.duplicate_runs import duplicate_groups
    except ImportError:
        return set()
    out: set[int] = set()
    for run_ in duplicate_groups(doc):
        a, b = run_.copy_blocks
        out.update(range(a, b + 1))
    return out
