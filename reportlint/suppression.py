"""Inline suppression comments (DESIGN §5.4).

    <!-- reportlint-disable DU001 -->  …  <!-- reportlint-enable DU001 -->
    <!-- reportlint-disable-next-line NU -->
    <!-- reportlint-disable-line MK005 -- a reason after two dashes is kept -->
    <!-- reportlint-disable-file -->

The same comments work in `.txt` files. Tokens are codes, prefixes, names or
categories; no token means every rule; text after ` -- ` is the reason. Any other
comment that starts with `reportlint` (a misspelt directive, a stray character in a
token) is malformed: it disables nothing and RL002 reports it (`malformed`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlint.analysis.masks import code_spans
from reportlint.diagnostics import Phrase, phrase
from reportlint.document import Document
from reportlint.text import rx

KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
# Any comment that opens with "reportlint" is meant as a directive; only the exact forms are one.
CANDIDATE_RE = rx.compile(r"<!--[ \t]*(?P<word>reportlint[^\s>]*)(?P<args>[^\n]*?)-->")
TOKEN_RE = rx.compile(r"[A-Za-z][A-Za-z0-9_-]*")


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
    reason: str = ""  # the text after ` -- `


@dataclass
class Region:
    """A line range where a directive silences some rules."""
    directive: Directive
    token: str  # "*" for all
    first_line: int
    last_line: int  # inclusive


class Malformed:
    """A comment meant as a directive that is not one: where its word starts, and what is wrong.

    A plain class: nothing compares or prints it, and a dataclass costs ~3 M instructions at start-up."""

    __slots__ = ("start", "end", "problem")

    def __init__(self, start: int, end: int, problem: Phrase) -> None:
        self.start = start
        self.end = end
        self.problem = problem  # worded in RL002's YAML: unknown_directive(_near), no_space, bad_token


_CODE_SEPARATOR_RE = rx.compile(r"[\s,]+")


def _read(doc: Document) -> tuple[list[Directive], list[Malformed]]:
    if "reportlint" not in doc.text:
        return [], []
    good: list[Directive] = []
    bad: list[Malformed] = []
    spans: dict[int, list[tuple[int, int]]] = {}  # a Markdown block's inline code spans, read once
    for m in CANDIDATE_RE.finditer(doc.text):
        block = doc.block_at(m.start())
        if block is not None and block.kind == "code":
            continue  # a comment shown in a code sample (documentation about reportlint) is not a directive
        if block is not None and doc.format == "md" and "`" in block.content:
            if block.start not in spans:
                spans[block.start] = [(block.content_start + a, block.content_start + b)
                                      for a, b in code_spans(block.content)[0]]
            if any(a <= m.start() < b for a, b in spans[block.start]):
                continue  # `<!-- reportlint-disable-line MK001 -->` quoted in inline code: shown, not meant
        word, args = m.group("word"), m.group("args")
        what = word[len("reportlint-"):] if word.startswith("reportlint-") else ""
        if what not in KINDS:
            bad.append(Malformed(m.start("word"), m.end("word"), _unknown(word)))
            continue
        if args and not args[0].isspace():
            bad.append(Malformed(m.start("word"), m.end("args"), phrase("no_space", word=word)))
            continue
        codes, sep, reason = args.partition(" -- ")
        if not sep and codes.rstrip().endswith(" --"):
            codes = codes.rstrip()[:-2]
        tokens = tuple(t for t in _CODE_SEPARATOR_RE.split(codes.strip()) if t)
        wrong = [t for t in tokens if not TOKEN_RE.fullmatch(t)]
        if wrong:
            bad.append(Malformed(m.start("word"), m.end("args"), phrase("bad_token", token=wrong[0])))
            continue
        line, col = doc.index.position(m.start())
        good.append(Directive(what, tokens, line, col, m.start(), m.end(), reason=reason.strip()))
    return good, bad


def _unknown(word: str) -> Phrase:
    import difflib

    near = difflib.get_close_matches(word, [f"reportlint-{k}" for k in KINDS], n=1, cutoff=0.6)
    if near:
        return phrase("unknown_directive_near", word=word, near=near[0])
    return phrase("unknown_directive", word=word, directives=", ".join("reportlint-" + k for k in KINDS))


def parse_directives(doc: Document) -> list[Directive]:
    """The well-formed directives of a document, in order (malformed ones disable nothing)."""
    return doc.view(_read)[0]


def malformed(doc: Document) -> list[Malformed]:
    """Comments meant as directives that are not (RL002)."""
    return doc.view(_read)[1]


def build_regions(directives: list[Directive], last_line: int) -> list[Region]:
    regions: list[Region] = []
    open_: dict[str, tuple[Directive, int]] = {}
    for d in directives:
        toks = d.tokens or ("*",)
        if d.kind == "disable-file":
            regions.extend(Region(d, t, 1, last_line) for t in toks)
        elif d.kind == "disable-next-line":
            regions.extend(Region(d, t, d.line + 1, d.line + 1) for t in toks)
        elif d.kind == "disable-line":  # markdownlint's form: the line the comment is on
            regions.extend(Region(d, t, d.line, d.line) for t in toks)
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
