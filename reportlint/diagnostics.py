"""Findings (what a check returns, in offsets) and diagnostics (what users see)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

# The vocabulary is defined once, in a leaf of its own (the CLI reads it without creating these records).
from reportlint.vocabulary import (CATEGORIES, DOCUMENT_FORMATS, FAIL_ON, LANGUAGE_CHOICES, LANGUAGES,  # noqa: F401
                                   PREFIX_CATEGORY, SEVERITIES)


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]

    def __str__(self) -> str:  # "error", "warning", "info"
        return self.name.lower()


RANGE_DASH = "–"  # one range style in every message: 12–15


def line_range(a: int, b: int) -> str:
    """`12–15`, or `12` for one line: the one range style of every message."""
    return f"{a}{RANGE_DASH}{b}" if b > a else str(a)


@dataclass(frozen=True)
class Phrase:
    """A part of a message worded in the rule's YAML (`clauses:`), in the reader's language.

    A check gives data, not sentences: a reason kind (`no_closing`), a change (`replaced`) is a
    clause name plus its own fields, and the engine renders it. A field whose value is a Phrase
    becomes that clause's text; a tuple of Phrases becomes a list of them (LIST_SEPARATOR).
    """
    clause: str
    fields: tuple[tuple[str, Any], ...] = ()


def phrase(clause: str, **fields: Any) -> Phrase:
    return Phrase(clause, tuple(fields.items()))


LIST_SEPARATOR = {"zh": "，"}  # how a tuple of phrases is joined in a language; ", " otherwise


def code_prefix(code: str) -> str:
    return code.rstrip("0123456789")


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with `text` (offsets into the document's text)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fix:
    """Edits that resolve one finding; `safe` ones are applied by --fix, the rest need --unsafe-fixes."""
    edits: tuple[Edit, ...]
    safe: bool = True
    description: str = ""


@dataclass(frozen=True)
class RelatedSpan:
    """Another place a finding refers to; `path` is set only for another file."""

    start: int
    end: int
    message: str | Phrase = ""  # a Phrase is worded, like a message field, in the reader's language
    path: str | None = None
    # For another file the engine cannot map offsets; the check gives positions.
    line: int | None = None
    column: int | None = None
    end_line: int | None = None


@dataclass(frozen=True)
class Finding:
    """What a check kind yields: offsets plus fields for the rule's message template.

    The engine stamps rule identity, severity and line/column positions.
    """

    start: int
    end: int
    fields: dict[str, Any] = field(default_factory=dict)
    related: tuple[RelatedSpan, ...] = ()
    fix: Fix | None = None
    severity: Severity | None = None  # a kind may lower/raise severity (e.g. "equal is a warning")
    message: str | None = None  # a fully formed message overrides the template


@dataclass(frozen=True)
class Related:
    """Another place a diagnostic points to (the original of a copy, the other value of a conflict)."""
    path: str
    line: int
    column: int
    message: str = ""
    end_line: int | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"path": self.path, "line": self.line, "column": self.column, "message": self.message}
        if self.end_line is not None:
            d["end_line"] = self.end_line
        return d


@dataclass
class Diagnostic:
    """A finding with rule identity and line/column positions: what every output format renders."""
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    category: str
    severity: Severity
    message: str
    related: list[Related] = field(default_factory=list)
    fix: Fix | None = None
    # Not part of the JSON contract: used for fixes, baselines and excerpts.
    start: int = 0
    end: int = 0
    flagged_text: str = ""

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.end_line, self.end_column, self.message)

    def fix_json(self) -> dict[str, Any] | None:
        if self.fix is None:
            return None
        return {
            "safe": self.fix.safe,
            "description": self.fix.description,
            "edits": [{"start": e.start, "end": e.end, "text": e.text} for e in self.fix.edits],
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": str(self.severity),
            "message": self.message,
            "related": [r.to_json() for r in self.related],
            "fix": self.fix_json(),
        }
