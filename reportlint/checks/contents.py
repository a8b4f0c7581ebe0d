"""A table of contents that does not match the body it lists.

A plain-text document's contents (`contents` blocks, read by reportlint/plaintext.py:
dot-leader entries or the outline under a `Contents` title) is written by hand
or generated once and then left behind while sections move. An entry whose
number heads a section with another title, or whose number heads no section
at all, sends the reader to the wrong place. Titles are compared without case,
spacing and punctuation, and an entry may shorten its title or the heading may
(`2.4.1 Distribution choice and parameter estimation` lists `2.4.1 Distribution
choice`). When the body has no numbered headings at all, nothing is compared.

A Markdown contents is a run of list items that are each one internal link
(`- [Scope](#scope)`): each entry is the heading its anchor names (as GitHub and
the other common renderers write anchors; an anchor that names nothing is HD015's).
An entry whose number is not its heading's (`[3. Methods](#2-methods)`) is a
mismatch. In both forms an entry whose heading comes before the heading of the
entry above is out of order, and, with `check: missing`, a heading at a level the
contents covers (it lists most headings of that level) that the contents leaves
out is reported on the heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.references import fold, references, rendered, same_title
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Block, Document
from reportlint.plaintext import CONTENTS_TITLE_LINE_RE, LEADER_RE
from reportlint.text.enumerators import Enumerator, match_enumerator
from reportlint.text import rx

FIELDS = frozenset({"entry", "number", "title", "note", "clauses", "heading_line", "heading_title", "title_line",
                    "previous_line", "level"})
MESSAGE = "Contents entry '{entry}' does not match {note}"
CLAUSES = frozenset({"section_it_lists", "section_listed_above", "section_with_this_number", "section_with_this_title", "the_contents", "heading_it_links_to", "heading_listed_above", "no_heading", "other_title", "title_elsewhere", "out_of_order", "other_number"})  # in the YAML
CHECKS = ("entries", "missing")

_PAGE_RE = rx.compile(r"\s{2,}\d{1,4}\s*$")
_KEY_STRIP_RE = rx.compile(r"[\W_]+")


@dataclass(frozen=True)
class Params:
    """Params of the `contents` kind: what a rule's YAML `params` may set (validated by the loader)."""
    min_similarity: float = 0.6  # titles at least this alike (difflib ratio) are the same title
    check: str = "entries"  # entries: each entry against the body; missing: body headings the contents leaves out
    min_coverage: float = 0.6  # a level counts as covered when the contents lists at least this share of its headings
    min_entries: int = 3  # fewer linked list items than this are a list of links, not a contents


def validate(params: Params) -> list[tuple[str, str]]:
    out = []
    if not 0 < params.min_similarity <= 1:
        out.append(("min_similarity", "must be in (0, 1]"))
    if params.check not in CHECKS:
        out.append(("check", f"must be one of {', '.join(CHECKS)}"))
    if not 0 < params.min_coverage <= 1:
        out.append(("min_coverage", "must be in (0, 1]"))
    return out


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
    return same_title(a, b, params.min_similarity)


def run(doc: Document, params: Params) -> Iterator[Finding]:
    if doc.format == "md":
        yield from _markdown(doc, params)
    yield from _plain(doc, params)


# ---------------------------------------------------------------- plain-text contents


def _plain(doc: Document, params: Params) -> Iterator[Finding]:
    blocks = [b for b in doc.blocks if b.kind == "contents"]
    listed = [e for b in blocks for e in entries(doc, b)]
    if not listed and doc.format == "md":
        blocks, listed = titled_contents(doc)
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
    if params.check == "missing":
        after = blocks[-1].end
        listed_keys = {en.key for en in listed}
        # siblings share a family and the number of their parent (2.4.1 and 2.4.3 under 2.4)
        body = [((k[0], k[1][:-1], k[2]), k in listed_keys, b) for k, hs in headings.items() for b, _ in hs
                if b.start > after]
        titles = {_norm(en.title) for en in listed}
        for _, b in _unlisted_siblings(body, params):
            if _norm(_heading_title(b)) in titles:
                continue  # listed under another number: the entry's mismatch is HD013's
            yield _missing(doc, b, blocks[-1], b.enumerator.marker.strip() if b.enumerator else "", b.level)
        return
    by_title = {_norm(t): b for hs in headings.values() for b, t in hs}
    present = [en.key in headings for en in listed]
    placed = [(i, headings[en.key][0][0].start) for i, en in enumerate(listed) if en.key in headings]
    late = _out_of_order(placed)
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
            if i not in late:
                continue
            b = found[0][0]
            prev = headings[listed[late[i]].key][0][0]
            yield Finding(en.start, en.end, {"number": en.marker, "title": en.title, "entry": _entry(en.marker, en.title),
                                             "clauses": ("out_of_order",),
                                             "heading_line": b.line, "previous_line": prev.line},
                          related=(RelatedSpan(b.start, b.end, phrase("section_it_lists")),
                                   RelatedSpan(prev.start, prev.end, phrase("section_listed_above"))))
            continue
        else:
            b, t = found[0]
            clauses = ["other_title"]
            fields = {"heading_line": b.line, "heading_title": t}
        other = by_title.get(_norm(en.title))
        related = []
        if found is not None:
            related.append(RelatedSpan(found[0][0].start, found[0][0].end, phrase("section_with_this_number")))
        if other is not None:
            clauses.append("title_elsewhere")
            fields["title_line"] = other.line
            related.append(RelatedSpan(other.start, other.end, phrase("section_with_this_title")))
        yield Finding(en.start, en.end, {"number": en.marker, "title": en.title, "entry": _entry(en.marker, en.title),
                                         "clauses": tuple(clauses), **fields},
                      related=tuple(related))


def _out_of_order(placed: list[tuple[int, int]]) -> dict[int, int]:
    """Entries (index, body position) off the longest run in body order → the entry listed above them.

    `1 2 4 3 5`: 3 (or 4) is the one out of place; a whole contents in order gives nothing.
    """
    if len(placed) < 3:
        return {}
    n = len(placed)
    best = [1] * n
    back = [-1] * n
    for j in range(n):
        for k in range(j):
            if placed[k][1] < placed[j][1] and best[k] + 1 > best[j]:
                best[j], back[j] = best[k] + 1, k
    j = max(range(n), key=lambda x: best[x])
    keep = set()
    while j >= 0:
        keep.add(j)
        j = back[j]
    return {placed[j][0]: placed[j - 1][0] for j in range(1, n) if j not in keep}


def _unlisted_siblings(body: list[tuple[object, bool, Block]], params: Params) -> list[tuple[object, Block]]:
    """Headings (sibling group, listed?, block) the contents leaves out, in groups it otherwise lists.

    A group counts as covered when the contents lists at least two and at least `min_coverage`
    of its headings: a contents of the top-level sections says nothing of their subsections,
    and one that lists a single subsection of many chose that one.
    """
    from collections import Counter

    total = Counter(g for g, _, _ in body)
    hit = Counter(g for g, listed, _ in body if listed)
    covered = {g for g, n in total.items() if hit[g] >= 2 and hit[g] / n >= params.min_coverage}
    return sorted(((g, b) for g, listed, b in body if g in covered and not listed), key=lambda gb: gb[1].start)


def _entry(number: str, title: str) -> str:
    """How a message names an entry or heading: its number and title (`2.4.1 Distribution choice`)."""
    return f"{number} {title}".strip()


def _heading_title(b: Block) -> str:
    line = b.content.split("\n", 1)[0]
    if b.enumerator is not None:
        line = line[b.enumerator.end :]
    return rendered(line) if b.level else line.strip()


def _missing(doc: Document, b: Block, contents: Block, number: str, level: int | None) -> Finding:
    title = _heading_title(b)
    return Finding(b.start, min(b.end, doc.index.line_end(b.line)), {"number": number, "title": title[:60],
                                                                     "entry": _entry(number, title[:60]),
                                                                     "level": level or 0},
                   related=(RelatedSpan(contents.start, contents.end, phrase("the_contents")),))


# ---------------------------------------------------------------- Markdown contents under a title


# Spaces, tabs and emphasis marks, deleted from a line before it is read as a contents title (runs of
# one or more: `*` would also match the empty string at every position of every paragraph, to no effect)
_EMPHASIS_LEAD_RE = rx.compile(r"[ \t*_]+")


def titled_contents(doc: Document) -> tuple[list[Block], list[Entry]]:
    """A Markdown `## 目录` / `Contents` title and the numbered lines under it, up to the next heading.

    (`- 一、总体要求……1`, `1. Scope`): entries like a plain-text contents, matched with the body by number.
    Fewer than `MIN_TITLED_ENTRIES` numbered lines are not a contents. (A document view: HD013 and HD016 share it.)
    """
    return doc.view(_titled_contents)


_CONTENTS_HINT_RE = rx.compile(r"(?i)contents|目[ \t\u3000]*[录次]")


def _titled_contents(doc: Document) -> tuple[list[Block], list[Entry]]:
    if not _CONTENTS_HINT_RE.search(doc.text):
        return [], []
    for i, b in enumerate(doc.blocks):
        if b.kind not in ("heading", "paragraph") or not CONTENTS_TITLE_LINE_RE.fullmatch(
                _EMPHASIS_LEAD_RE.sub("", b.content.strip().strip("*_"))):
            continue
        found: list[Entry] = []
        last = b
        for nb in doc.blocks[i + 1 :]:
            if nb.kind == "heading" and nb.level:
                break
            if nb.kind not in ("list_item", "paragraph"):
                continue
            pos = nb.content_start
            # an ordered list's own number is the entry's (`1. 总体要求`: the item's content is `总体要求`)
            prefix = f"{nb.list_number}. " if nb.kind == "list_item" and nb.list_ordered and nb.list_number else ""
            for raw in nb.content.split("\n"):
                start, pos = pos, pos + len(raw) + 1
                line = prefix + _PAGE_RE.sub("", LEADER_RE.sub("", raw)).strip().strip("*_ ")
                prefix = ""
                e = match_enumerator(line)
                if e is None or e.scheme == "decimal-bare" or len(line) > MAX_TITLED_ENTRY:
                    continue
                lead = raw.find(line[:1]) if line else 0
                found.append(Entry(_key(e), e.marker.strip(), line[e.end :].strip(), start + max(lead, 0),
                                   start + len(raw.rstrip())))
                last = nb
        if len(found) >= MIN_TITLED_ENTRIES:
            return [Block("contents", b.start, last.end, b.line, last.end_line, "", b.start)], found
    return [], []


MIN_TITLED_ENTRIES = 3
MAX_TITLED_ENTRY = 80  # a contents line is a title, not a paragraph that happens to start with a number


# ---------------------------------------------------------------- Markdown contents (lists of anchor links)


class LinkEntry(NamedTuple):
    text: str
    heading: int | None  # block index of the heading its anchor names
    block: int
    start: int
    end: int


# The link text may wrap onto the item's next line (`[Setting up your development\n    environment](#…)`).
_ENTRY_RE = rx.compile(r"\s*\[(?P<text>[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]\(\s*<?#(?P<frag>[^)\s>]*)>?\s*\)\s*$")
_SPACES_RE = rx.compile(r"\s+")


def link_contents(doc: Document, params: Params) -> list[list[LinkEntry]]:
    """Runs of consecutive list items that are each one internal link: a Markdown table of contents."""
    view = None
    runs: list[list[LinkEntry]] = []
    run: list[LinkEntry] = []
    for i, b in enumerate(doc.blocks):
        m = _ENTRY_RE.match(b.content) if b.kind == "list_item" and "](#" in b.content else None
        if m is None:
            if b.kind != "list_item" and run:  # a list item of other text is part of the list, not an entry
                runs.append(run)
                run = []
            continue
        if view is None:
            view = references(doc)
        frag = fold(m.group("frag"))
        if frag.startswith("user-content-"):
            frag = frag[len("user-content-") :]
        run.append(LinkEntry(rendered(_SPACES_RE.sub(" ", m.group("text"))), view.headings_by_anchor.get(frag), i,
                             b.content_start + m.start("text") - 1, b.content_start + m.end()))
    if run:
        runs.append(run)
    return [r for r in runs if len(r) >= params.min_entries]


def _markdown(doc: Document, params: Params) -> Iterator[Finding]:
    runs = link_contents(doc, params)
    for run in runs:
        resolved = [e for e in run if e.heading is not None]
        if params.check == "missing":
            yield from _markdown_missing(doc, run, resolved, params)
            continue
        late = _out_of_order([(k, e.heading) for k, e in enumerate(run) if e.heading is not None])
        for k, e in enumerate(run):
            if e.heading is None:
                continue  # an anchor that names nothing: HD015's
            h = doc.blocks[e.heading]
            title = rendered(h.content.split("\n", 1)[0])
            mine, theirs = match_enumerator(e.text), match_enumerator(title)
            number = mine.marker.strip() if mine else ""
            shown = e.text[mine.end :].strip() if mine else e.text
            if mine and theirs and mine.family == theirs.family and mine.parts != theirs.parts:
                yield Finding(e.start, e.end, {"number": number, "title": shown, "entry": e.text, "clauses": ("other_number",),
                                               "heading_line": h.line, "heading_title": title},
                              related=(RelatedSpan(h.start, h.end, phrase("heading_it_links_to")),))
            elif k in late:
                prev = doc.blocks[run[late[k]].heading]
                yield Finding(e.start, e.end, {"number": number, "title": shown, "entry": e.text, "clauses": ("out_of_order",),
                                               "heading_line": h.line, "previous_line": prev.line},
                              related=(RelatedSpan(h.start, h.end, phrase("heading_it_links_to")),
                                       RelatedSpan(prev.start, prev.end, phrase("heading_listed_above"))))


def _markdown_missing(doc: Document, run: list[LinkEntry], resolved: list[LinkEntry], params: Params
                      ) -> Iterator[Finding]:
    if len(resolved) < params.min_entries:
        return
    after = doc.blocks[run[-1].block].end
    listed = {e.heading for e in resolved}
    stack: list[tuple[int, int]] = []  # (level, block index) of the open headings
    body: list[tuple[object, bool, Block]] = []
    for i, b in enumerate(doc.blocks):
        if b.kind != "heading" or not b.level or b.in_quote:
            continue
        while stack and stack[-1][0] >= b.level:
            stack.pop()
        parent = stack[-1][1] if stack else -1
        stack.append((b.level, i))
        if b.start > after:
            body.append(((parent, b.level), i in listed, b))
    first = doc.blocks[run[0].block]
    contents = Block("list_item", first.start, after, first.line, doc.blocks[run[-1].block].end_line, "", first.start)
    for _, b in _unlisted_siblings(body, params):
        e = b.enumerator
        yield _missing(doc, b, contents, e.marker.strip() if e else "", b.level)
