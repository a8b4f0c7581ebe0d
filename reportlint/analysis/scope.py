"""Which parts of a document a text rule looks at."""

from __future__ import annotations

from typing import Iterator, Sequence

from reportlint.document import Block, Document

SCOPES = ("heading", "paragraph", "list_item", "table_row", "prose", "text")


def validate_scope(scope: tuple[str, ...]) -> list[tuple[str, str]]:
    bad = [s for s in scope if s not in SCOPES]
    return [("scope", f"unknown scope {', '.join(bad)}; allowed: {', '.join(SCOPES)}")] if bad else []


def blocks_in_scope(doc: Document, scope: tuple[str, ...]) -> Iterator[Block]:
    """Blocks whose content a rule with this scope checks ('prose' = all prose blocks)."""
    kinds = set(scope)
    if "prose" in kinds or "text" in kinds:
        kinds |= {"heading", "paragraph", "list_item", "table_row"}
    for b in doc.blocks:
        if b.kind in kinds:
            yield b


def blocks_text(doc: Document, blocks: Sequence[Block] | None = None) -> str:
    """The text a pre-filter (text/prefilter.py) tests before a rule searches the content of `blocks`
    (default: all the document's): the document's text when they are all of it and cover most of it
    (no copy made), else their contents joined. The language server checks a block-local rule on
    the few blocks an edit reached, as a document of those blocks whose text is the whole report's
    (lsp/incremental.py `changed_only`): there the joined contents are a fraction of the text."""
    blocks = doc.blocks if blocks is None else blocks
    if len(blocks) == len(doc.blocks) and 2 * sum(b.end - b.content_start for b in blocks) >= len(doc.text):
        return doc.text
    return "\n".join(b.content for b in blocks)
