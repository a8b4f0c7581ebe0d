"""A table of contents that does not match the body it lists.

A plain-text document's contents (`contents` blocks, read by reportlint/plaintext.py:
dot-leader entries or the outline under a `Contents` title) is written by hand
or generated once and then left behind while sections move. An entry whose
number heads a section with another title, or whose number heads no section
at all, sends the reader to the wrong place. Titles are compared without case,
spacing and punctuation, and an entry may shorten its title or the heading may
(`2.4.1 Distribution choice and parameter estimation` lists `2.4.1 Distribution
choice`). When the body has no numbered headings at all, nothing is compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.diagnostics import Finding, RelatedSpan
from reportlint.document import Block, Document
from reportlint.plaintext import LEADER_RE
from reportlint.text.enumerators import Enumerator, match_enumerator
from reportlint.text import rx

FIELDS = frozenset({"number", "title", "note", "clauses", "heading_line", "heading_title", "title_line"})
MESSAGE = "Contents entry {number} '{title}' does not match the body{note}"
CLAUSES = frozenset({"no_heading", "other_title", "title_elsewhere"})  # worded in the rule's YAML

_PAGE_RE = rx.compile(r"\s{2,}\d{1,4}\s*$")
_KEY_STRIP_RE = rx.compile(r"[\W_]+")


@dataclass(frozen=True)
class Params:
    """Params of the `contents` kind: what a rule's YAML `params` may set (validated by the loader)."""
    min_similarity: float = 0.6  # titles at least this alike (difflib ratio) are the same title


def validate(params: Params) -> list[tuple[str, str]]:
    if not 0 < params.min_similarity <= 1:
        return [("min_similarity", "must be in (0, 1]")]
    return []


class Entry(NamedTuple):
    key: tuple  # the number: (family, parts, unit)
    marker: str
    title: str
    start: int  # document offsets of the entry's line
    end: int


def _key(e: Enumerator) -> tuple:
    return (e.family, e.parts, e.unit)


def entries(doc: Document, block: Block) -> list[Entry]:
    """The numbered entries of a contents block; a line without a number continues the entry above."""
    out: list[Entry | None] = []  # None: an entry without a number (`Acknowledgements . . . 28`)
    pos = block.start
    open_title = False  # the entry above has no page number yet: its title wraps onto this line
    for raw in block.text.split("\n"):
        start, pos = pos, pos + len(raw) + 1
        line = _PAGE_RE.sub("", LEADER_RE.sub("", raw)).strip()
        paged = line != raw.strip()
        lead = len(raw) - len(raw.lstrip())
        e = match_enumerator(line)
        if not line:
            continue
        if open_title and out and out[-1] is not None and (e is None or e.scheme == "decimal-bare"):
            prev = out[-1]
            out[-1] = prev._replace(title=f"{prev.title} {line}", end=start + len(raw.rstrip()))
        elif e is None or e.scheme == "decimal-bare":
            out.append(None)
        else:
            out.append(Entry(_key(e), e.marker.strip(), line[e.end :].strip(), start + lead, start + len(raw.rstrip())))
        open_title = not paged
    return [e for e in out if e is not None]


def _norm(title: str) -> str:
    return _KEY_STRIP_RE.sub(" ", title.lower()).strip()


def _same(a: str, b: str, params: Params) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b or a.startswith(b) or b.startswith(a):
        return True
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= params.min_similarity


def run(doc: Document, params: Params) -> Iterator[Finding]:
    listed = [e for b in doc.blocks if b.kind == "contents" for e in entries(doc, b)]
    if not listed:
        return
    headings: dict[tuple, list[tuple[Block, str]]] = {}
    for b in doc.blocks:
        if b.kind == "heading" and b.enumerator is not None:
            e = b.enumerator
            title = b.text[e.end + b.content_start - b.start :].split("\n", 1)[0].strip()
            headings.setdefault(_key(e), []).append((b, title))
    if len(headings) < 2:
        return  # the body's sections are not numbered (or not read as headings): nothing to compare
    by_title = {_norm(t): b for hs in headings.values() for b, t in hs}
    present = [en.key in headings for en in listed]
    for i, en in enumerate(listed):
        found = headings.get(en.key)
        if found is None:
            # A number no heading carries, between entries that head sections: a section lost or renumbered.
            # (A run of absent entries is more likely headings this reader does not take for headings.)
            if not (0 < i < len(listed) - 1 and present[i - 1] and present[i + 1]):
                continue
            clauses = ["no_heading"]
            fields: dict[str, object] = {}
        elif any(_same(en.title, t, params) for _, t in found):
            continue
        else:
            b, t = found[0]
            clauses = ["other_title"]
            fields = {"heading_line": b.line, "heading_title": t}
        other = by_title.get(_norm(en.title))
        related = []
        if found is not None:
            related.append(RelatedSpan(found[0][0].start, found[0][0].end, "the section with this number"))
        if other is not None:
            clauses.append("title_elsewhere")
            fields["title_line"] = other.line
            related.append(RelatedSpan(other.start, other.end, "the section with this title"))
        yield Finding(en.start, en.end, {"number": en.marker, "title": en.title, "clauses": tuple(clauses), **fields},
                      related=tuple(related))
