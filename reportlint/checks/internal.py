"""Rules the pipeline itself raises (unreadable file E001, crashed check E002).

Their YAML gives them identity, docs and message; `run` finds nothing because the
read and collect phases produce these findings, which are stamped like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.diagnostics import Finding
from reportlint.document import Document

# E001's `reason` and E002's `what` are Phrases worded in their YAML (`clauses:`), with the fields below.
FIELDS = frozenset({"reason", "code", "rule_name", "rule_kind", "what", "size", "limit", "error", "errno_name",
                    "encoding", "byte", "exception", "detail", "where", "seconds", "missing", "mimetype"})
CLAUSES = frozenset({"missing", "directory", "too_large", "permission", "unreadable", "binary", "undecodable",
                     "invalid_encoding", "crashed", "crashed_cross_file", "timeout", "unworded", "unchecked",
                     # the Word reader's (reportlint/word): what a file is instead of a .docx it can read
                     "word_encrypted", "word_97_doc", "excel_xls", "ole_file", "word_empty", "rtf", "word_not_zip",
                     "odt", "zip_of_type", "excel_xlsx", "powerpoint", "zip_not_word", "word_no_body",
                     "word_bad_zip", "word_bad_xml", "word_corrupt", "word_part_too_large"})


@dataclass(frozen=True)
class Params:
    """Params of the `internal` kind: what a rule's YAML `params` may set (validated by the loader)."""
    pass


def run(doc: Document, params: Params) -> Iterator[Finding]:
    return iter(())
