"""Rules the pipeline itself raises (unreadable file E001, crashed check E002).

Their YAML gives them identity, docs and message; `run` finds nothing because the
read and collect phases produce these findings, which are stamped like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.diagnostics import Finding
from reportlint.document import Document

FIELDS = frozenset({"reason", "code", "rule_name", "rule_kind", "what"})


@dataclass(frozen=True)
class Params:
    """Params of the `internal` kind: what a rule's YAML `params` may set (validated by the loader)."""
    pass


def run(doc: Document, params: Params) -> Iterator[Finding]:
    return iter(())
