"""Malformed suppression comments (like Ruff's warning on a malformed `noqa`).

A misspelt directive (`reportlint-disable-nextline`) used to be read as `disable`
with odd tokens and silenced a rule to the end of the file. Now a comment that
opens with `reportlint` but is not an exact directive disables nothing, and this
kind reports it where its word starts (reportlint.suppression does the reading).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.diagnostics import Finding
from reportlint.document import Document
from reportlint.suppression import malformed

FIELDS = frozenset({"problem", "word", "near", "directives", "token"})  # problem: a Phrase (RL002's clauses)
CLAUSES = frozenset({"unknown_directive", "unknown_directive_near", "no_space", "bad_token"})
MESSAGE = "Malformed suppression comment: {problem}; it disables nothing"


@dataclass(frozen=True)
class Params:
    """Params of the `suppression-syntax` kind: none."""
    pass


def run(doc: Document, params: Params) -> Iterator[Finding]:
    for m in malformed(doc):
        yield Finding(m.start, m.end, {"problem": m.problem})
