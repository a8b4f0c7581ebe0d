"""Heading levels that jump down more than one step (`#` → `###`; Word's Heading 1 → Heading 3).

A heading may go up any number of levels but down only one at a time, or the
outline (a table of contents, a PDF's bookmarks, a screen reader's heading
list) gets a level with no parent. The first heading may be at any level.
Headings inside block quotes are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.diagnostics import Edit, Finding, Fix, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text import rx

FIELDS = frozenset({"level", "previous", "expected"})  # the previous heading is the related location
CLAUSES = frozenset({"previous_heading"})  # the related places' labels, worded in the rule's YAML

_ATX_RE = rx.compile(r"[ ]{0,3}(#{1,6})(?=[ \t]|$)")


@dataclass(frozen=True)
class Params:
    """Params of the `heading-level` kind: what a rule's YAML `params` may set (validated by the loader)."""
    fix: bool = True  # offer an (unsafe) fix that raises the heading to the expected level (ATX headings)


def run(doc: Document, params: Params) -> Iterator[Finding]:
    if doc.format != "md" and doc.layout != "docx":  # levels: Markdown's #s, a Word document's heading styles
        return
    prev = None
    for b in doc.blocks:
        if b.kind != "heading" or not b.level or b.in_quote:
            continue
        if prev is not None and b.level > prev.level + 1:
            want = prev.level + 1
            m = _ATX_RE.match(b.text)
            end = b.start + (m.end() if m else len(b.text.split("\n", 1)[0]))
            fix = None
            if params.fix and m:
                fix = Fix((Edit(b.start + m.start(1), b.start + m.end(1), "#" * want),), safe=False,
                          description=f"make it a level-{want} heading")
            yield Finding(b.start, end, {"level": b.level, "previous": prev.level, "expected": want},
                          related=(RelatedSpan(prev.start, prev.end, phrase("previous_heading")),), fix=fix)
        prev = b
