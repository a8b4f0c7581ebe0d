"""Inline suppression comments (DESIGN §5.4).

    <!-- reportlint-disable DU001 -->  …  <!-- reportlint-enable DU001 -->
    <!-- reportlint-disable-next-line NU -->
    <!-- reportlint-disable-file -->

The same comments work in `.txt` files. Tokens are codes, prefixes, names or
categories; no token means every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportlint.document import Document
from reportlint.text import rx

DIRECTIVE_RE = rx.compile(
    r"<!--\s*reportlint-(?P<what>disable-next-line|disable-file|disable|enable)\b(?P<args>[^>]*?)\s*-->"
)


@dataclass
class Directive:
    """One `reportlint-disable…` comment and which rules it actually silenced (for RL001)."""
    kind: str
    tokens: tuple[str, ...]  # empty = every rule
    line: int
    column: int
    start: int
    end: int
    used: set[str] = field(default_factory=set)  # tokens (or "*") that suppressed something


@dataclass
class Region:
    """A line range where a directive silences some rules."""
    directive: Directive
    token: str  # "*" for all
    first_line: int
    last_line: int  # inclusive


def parse_directives(doc: Document) -> list[Directive]:
    if "reportlint-" not in doc.text:
        return []
    out = []
    for m in DIRECTIVE_RE.finditer(doc.text):
        block = doc.block_at(m.start())
        if block is not None and block.kind == "code":
            continue  # a comment shown in a code sample (documentation about reportlint) is not a directive
        line, col = doc.index.position(m.start())
        tokens = tuple(t for t in re.split(r"[\s,]+", m.group("args").strip()) if t)
        out.append(Directive(m.group("what"), tokens, line, col, m.start(), m.end()))
    return out


def build_regions(directives: list[Directive], last_line: int) -> list[Region]:
    regions: list[Region] = []
    open_: dict[str, tuple[Directive, int]] = {}
    for d in directives:
        toks = d.tokens or ("*",)
        if d.kind == "disable-file":
            regions.extend(Region(d, t, 1, last_line) for t in toks)
        elif d.kind == "disable-next-line":
            regions.extend(Region(d, t, d.line + 1, d.line + 1) for t in toks)
        elif d.kind == "disable":
            for t in toks:
                open_.setdefault(t, (d, d.line))
        elif d.kind == "enable":
            for t in toks:
                keys = list(open_) if t == "*" else [t]
                for k in keys:
                    if k in open_:
                        od, start = open_.pop(k)
                        regions.append(Region(od, k, start, d.line))
    for t, (d, start) in open_.items():
        regions.append(Region(d, t, start, last_line))
    return regions


def region_hit(regions: list[Region], line: int, matches) -> Region | None:
    """The first region silencing a finding on `line` whose rule `matches(token)` accepts."""
    for reg in regions:
        if reg.first_line <= line <= reg.last_line and (reg.token == "*" or matches(reg.token)):
            return reg
    return None


def unused_tokens(directives: list[Directive]) -> list[tuple[Directive, str]]:
    """(directive, what it named) for each disable comment with tokens that silenced nothing (RL001)."""
    out = []
    for dv in directives:
        if dv.kind == "enable":
            continue
        toks = dv.tokens or ("*",)
        unused = [t for t in toks if t not in dv.used]
        if unused:
            out.append((dv, "every rule" if unused == ["*"] else ", ".join(unused)))
    return out
