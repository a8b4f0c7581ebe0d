"""Existence of a pattern (Vale's `existence`): forbidden terms, placeholders, TODOs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.scope import blocks_in_scope, validate_scope
from reportlint.diagnostics import Finding
from reportlint.document import Document

FIELDS = frozenset({"match"})
MESSAGE = "Found '{match}'"
# Each finding lies in one block and reads only that block and the text just around it: the language
# server re-checks only the blocks an edit reached (reportlint/lsp/incremental.py). Keep it so, or drop this.
BLOCK_LOCAL = True


@dataclass(frozen=True)
class Params:
    """Params of the `pattern` kind: what a rule's YAML `params` may set (validated by the loader)."""
    pattern: re.Pattern
    scope: tuple[str, ...] = ("prose",)
    exceptions: tuple[str, ...] = ()  # matched text to accept as it is


def validate(params: Params) -> list[tuple[str, str]]:
    return validate_scope(params.scope)


def run(doc: Document, params: Params) -> Iterator[Finding]:
    exceptions = set(params.exceptions)
    for block in blocks_in_scope(doc, params.scope):
        for m in params.pattern.finditer(block.content):
            if m.end() == m.start() or m.group(0) in exceptions:
                continue
            base = block.content_start
            yield Finding(base + m.start(), base + m.end(), {"match": m.group(0)})
