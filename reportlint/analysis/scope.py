"""Which parts of a document a text rule looks at."""

from __future__ import annotations

from typing import Iterator

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
