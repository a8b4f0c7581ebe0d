"""Rules the engine itself raises (unreadable file E001, crashed check E002).

Their YAML gives them identity and docs; `run` finds nothing because the
engine and the reader produce these diagnostics directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.diagnostics import Finding
from reportlint.document import Document

FIELDS = frozenset({"reason"})
MESSAGE = "{reason}"


@dataclass(frozen=True)
class Params:
    """Params of the `internal` kind: what a rule's YAML `params` may set (validated by the loader)."""
    pass


def run(doc: Document, params: Params) -> Iterator[Finding]:
    return iter(())
