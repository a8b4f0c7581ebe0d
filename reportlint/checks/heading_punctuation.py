"""Heading numbers written with the wrong punctuation or width for their scheme.

GB/T 15834-2011 appendix B.3 and GB/T 9704: 一、 takes a 顿号, 1. a full stop,
bracketed numbers （一） （1） take full-width brackets and nothing after them,
第一章 takes nothing. One diagnostic per heading, whatever is wrong with its
marker (half-width brackets and a stray 、 are one fix: `(一)、` → `（一）`); the
markup width check leaves heading enumerators to this rule.

Half-width or mixed brackets and punctuation after brackets or after 第X章 are
always reported: they are width and doubling errors, not a choice. The
punctuation after an unbracketed number (一. for 一、, 1、 for 1.) is a choice
many documents make consistently; it is reported where a document mixes forms
(each heading that departs from the standard form the document also uses), and
for a document that uses a non-standard form throughout only when `house_style`
is on (then once, at its first heading).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.outline import Item, outline
from reportlint.diagnostics import Edit, Finding, Fix, Severity
from reportlint.document import Document

# `problem` names what is wrong with the number's form; the rule's YAML words the message.
FIELDS = frozenset({"found", "expected", "problem"})

BRACKETED = ("zh-paren", "arabic-paren")
# Punctuation after an unbracketed number that counts as the standard form.
STANDARD_PUNCT = {"zh-dun": ("、",), "arabic-dot": (".", "．"), "circled": ("",)}


@dataclass(frozen=True)
class Params:
    """Params of the `heading-punctuation` kind: what a rule's YAML `params` may set (validated by the loader)."""
    schemes: tuple[str, ...] = ("zh-dun", "zh-paren", "arabic-dot", "arabic-paren", "arabic-rparen", "circled", "zh-chapter")
    house_style: bool = False  # also report a non-standard form used consistently (once per document)


def validate(params: Params) -> list[tuple[str, str]]:
    known = set(BRACKETED) | set(STANDARD_PUNCT) | {"zh-chapter", "arabic-rparen"}
    return [("schemes", f"unknown scheme {s!r}; allowed: {', '.join(sorted(known))}") for s in params.schemes if s not in known]


def run(doc: Document, params: Params) -> Iterator[Finding]:
    wanted = set(params.schemes)
    items = [it for it in outline(doc).items if it.enum is not None and it.enum.scheme in wanted]
    style: dict[str, list[Item]] = defaultdict(list)  # scheme → items whose only fault is a punctuation choice
    standard_seen: set[str] = set()
    for it in items:
        e = it.enum
        if e.scheme in BRACKETED:
            if e.marker != e.canonical():
                what = "half-width brackets" if e.halfwidth_brackets else "punctuation after the brackets"
                if e.halfwidth_brackets and e.punct:
                    what = "half-width brackets and punctuation after them"
                yield _finding(it, what, safe=True)
        elif e.scheme == "arabic-rparen":
            if e.marker != e.canonical():
                yield _finding(it, "a half-width bracket in Chinese text", safe=True)
        elif e.scheme == "zh-chapter":
            if e.punct:
                yield _finding(it, "punctuation after the number", safe=True)
        elif e.punct in STANDARD_PUNCT.get(e.scheme, ()):
            standard_seen.add(e.scheme)
        else:
            style[e.scheme].append(it)
    for scheme, bad in style.items():
        if scheme in standard_seen:
            for it in bad:
                e = it.enum
                yield _finding(it, f"a form other than the {e.canonical()} used elsewhere in this document", safe=True)
        elif params.house_style:
            first = bad[0]
            e = first.enum
            edits = tuple(Edit(it.start, it.end, it.enum.canonical()) for it in bad)
            problem = f"a non-standard form used on all {len(bad)} headings of this scheme"
            yield Finding(first.start, first.end, {"found": e.marker, "expected": e.canonical(), "problem": problem},
                          fix=Fix(edits, safe=False, description=f"write {e.canonical()} throughout"),
                          severity=Severity.INFO)


def _finding(it: Item, problem: str, safe: bool) -> Finding:
    e = it.enum
    fix = Fix((Edit(it.start, it.end, e.canonical()),), safe=safe, description=f"write {e.canonical()}")
    return Finding(it.start, it.end, {"found": e.marker, "expected": e.canonical(), "problem": problem}, fix=fix)
