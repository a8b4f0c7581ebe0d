"""Unused suppression comments (like Ruff's RUF100).

Whether a suppression was used is known only after every other rule ran, so the
pipeline's suppress phase raises these findings (`pipeline.suppress`); this kind
gives the rule its fields and finds nothing on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.diagnostics import Finding
from reportlint.document import Document

FIELDS = frozenset({"codes"})


@dataclass(frozen=True)
class Params:
    """Params of the `suppression` kind: what a rule's YAML `params` may set (validated by the loader)."""
    pass


def run(doc: Document, params: Params) -> Iterator[Finding]:
    return iter(())
