"""References to a section, article, figure or anchor this document does not have.

A report edited by many hands keeps its cross-references after the sections they
name were renumbered, merged or cut: `see Section 4.4.2` when 4.4 has no 4.4.2,
`详见第五部分` in a report of four parts, `Figure 5` below four figures, a quoted
title that is no longer the section's (`Section 3, "Methods"` above `3. Data`), a
`[scope](#scope)` link to a heading that was renamed. The references and their
targets are read by `analysis/references.py`; a kind of target is resolved only
where the document numbers that kind itself from 1 (or A), and a reference that
names another document (`Section 3 of RFC 2119`, `《刑法》第二十条`) is not one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.references import KIND_WORDS, fold, format_number, references, same_title
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Document

FIELDS = frozenset({"reference", "kind", "number", "quoted", "title", "target_line", "note", "clauses", "anchor"})
MESSAGE = "Reference {reference}: {note}"
CLAUSES = frozenset({"target_with_this_number", "no_target", "other_title"})  # worded in the rule's YAML
CHECKS = ("numbers", "anchors")
# Fragments a page has without any heading: the top of the page, and renderers' own anchors.
_PAGE_ANCHORS = frozenset({"top", "", "main", "content", "readme"})


@dataclass(frozen=True)
class Params:
    """Params of the `cross-reference` kind: what a rule's YAML `params` may set (validated by the loader)."""
    check: str = "numbers"  # numbers: section/figure/article references; anchors: Markdown `#fragment` links
    min_similarity: float = 0.6  # a quoted title at least this alike to the target's (difflib ratio) is the same


def validate(params: Params) -> list[tuple[str, str]]:
    out = []
    if params.check not in CHECKS:
        out.append(("check", f"must be one of {', '.join(CHECKS)}"))
    if not 0 < params.min_similarity <= 1:
        out.append(("min_similarity", "must be in (0, 1]"))
    return out


def run(doc: Document, params: Params) -> Iterator[Finding]:
    if params.check == "anchors":
        yield from _anchors(doc)
    else:
        yield from _numbers(doc, params)


def _numbers(doc: Document, params: Params) -> Iterator[Finding]:
    view = references(doc)
    if not view.resolvable:
        return
    tops: dict[str, int] = {}
    depths: set[tuple[str, int]] = set()  # (kind, depth) the document numbers: 4.2 is checked where some x.y is
    for kind, parts in view.targets:
        tops[kind] = max(tops.get(kind, 0), parts[0])
        depths.add((kind, len(parts)))
    for ref in view.references:
        if ref.kind not in view.resolvable:
            continue
        number = format_number(ref.kind, ref.parts)
        fields = {"reference": ref.text, "kind": KIND_WORDS.get(ref.kind, ref.kind), "number": number}
        found = view.targets.get((ref.kind, ref.parts))
        if found is None:
            if ref.cites_other and not ref.explicit:
                continue  # its paragraph cites another document: the number may well be that one's
            if ref.parts[0] > 2 * tops[ref.kind] + 2:
                continue  # Section 508 in a text of seven: a part of another text (a law's), not a renumbered one
            parent = (ref.kind, ref.parts[:1])
            if len(ref.parts) > 1 and parent not in view.targets and ref.parts[0] <= tops[ref.kind]:
                continue  # 7.3 where the body has no 7: a part the reader did not take for a heading
            if (ref.kind, len(ref.parts)) not in depths:
                continue  # 2.1 in a document that numbers only its top-level sections: unnumbered subsections
            if _in_gap(view.targets, ref.kind, ref.parts):
                continue  # 4.2 then 4.4: the heading's number is wrong, and the numbering rule (HD001) says so
            yield Finding(ref.start, ref.end, {**fields, "clauses": ("no_target",)})
            continue
        target = found[0]
        if ref.quoted and target.title and not same_title(ref.quoted, target.title, params.min_similarity):
            yield Finding(ref.start, ref.end, {**fields, "clauses": ("other_title",), "quoted": ref.quoted,
                                               "title": target.title, "target_line": doc.index.line_of(target.start)},
                          related=(RelatedSpan(target.start, target.end, phrase("target_with_this_number")),))


def _anchors(doc: Document) -> Iterator[Finding]:
    if doc.format != "md":
        return
    view = references(doc)
    if not view.anchor_links or not view.headings_by_anchor:
        return  # a page without headings (Markdown or HTML) takes its anchors from somewhere this file does not show
    for link in view.anchor_links:
        frag = fold(link.fragment)
        if frag in _PAGE_ANCHORS or frag in view.anchors:
            continue
        if frag.startswith("user-content-") and frag[len("user-content-") :] in view.anchors:
            continue
        yield Finding(link.start, link.end, {"reference": link.text[:40], "anchor": "#" + link.fragment})


def _in_gap(targets: dict, kind: str, parts: tuple[int, ...]) -> bool:
    """The number, or one of its parents, is missing between two siblings that exist (4.3 between 4.2 and 4.4)."""
    for n in range(1, len(parts) + 1):
        q = parts[:n]
        if (kind, q) in targets:
            continue
        before, after = q[:-1] + (q[-1] - 1,), q[:-1] + (q[-1] + 1,)
        return (kind, before) in targets and (kind, after) in targets
    return False
