"""Block-local rules re-checked only in the blocks an edit reached (the language server).

A check kind whose module sets `BLOCK_LOCAL = True` promises that each of its findings (its
span, related places and fix) lies in one block, and depends only on that block (its fields
and its text) and on the text a few characters around it (`WINDOW`), on the document's
language, format and layout and on the rule's params — never on another block, nor on a
view of the whole document. For such a rule the findings of the blocks an edit did not
reach are those of the document's last version, moved with their blocks; the rule runs
only on the blocks that changed, as a document of those blocks alone (the same text, line
index and reuse; `changed_only`). A rule that defers or is deferred to, or gives facts to
the run, is checked whole, as is every rule when anything else about the document changed
(its language, format, a joined view of wrapped text).

tests/test_incremental.py edits documents at random and compares with fresh checks.
"""

from __future__ import annotations

import bisect
import dataclasses
from typing import Sequence

from reportlint.diagnostics import Finding
from reportlint.document import Block, Document, block_key
from reportlint.engine import CHECK_CRASHED, EngineOptions, Raw
from reportlint.lsp.carry import Change
from reportlint.pipeline import collect
from reportlint.ruleset.loader import Rule

# Characters around a block a block-local check may read (a cue a few characters before a number
# at the start of the block's content, the markers before it); a block this close to an edit is checked again.
WINDOW = 200



def block_local(rules: Sequence[Rule]) -> set[str]:
    """Codes of the rules whose kind is block-local and that stand alone: they defer to no rule, no rule
    defers to them, they give no facts (`run_facts`)."""
    deferred = {c for r in rules for c in r.defers_to}
    return {r.code for r in rules if getattr(r.module, "BLOCK_LOCAL", False) and not r.defers_to
            and r.code not in deferred and not hasattr(r.module, "run_facts")
            and not getattr(r.module, "DEFERS_TO_KINDS", None)}


@dataclasses.dataclass(frozen=True)
class Last:
    """One block-local rule's findings on a version of the document (in its offsets)."""
    rule: Rule  # as loaded then (a config change loads the rules again: nothing is carried)
    doc: Document
    findings: tuple[Finding, ...]


def comparable(old: Document, new: Document) -> bool:
    """The two versions differ in their text and blocks only (block-local findings can be carried)."""
    return (old.language == new.language and old.format == new.format and old.layout == new.layout
            and old.source_text is None and new.source_text is None and not old.format_breaks
            and not new.format_breaks and old.path == new.path)


@dataclasses.dataclass
class Moves:
    """Which blocks of the new version are the old version's, moved (`kept`: new index → old index,
    by the blocks' offsets through the edit), and which changed or are too close to the edit."""
    change: Change
    kept: dict[int, int]
    changed: list[int]

    @classmethod
    def between(cls, old: Document, new: Document) -> "Moves":
        change = Change.between(old.text, new.text)
        delta = change.new_end - change.old_end
        old_at = {b.start: i for i, b in enumerate(old.blocks)}
        kept: dict[int, int] = {}
        changed: list[int] = []
        for i, b in enumerate(new.blocks):
            # the old block at the same place, when the block and its window lie wholly before or after the
            # edit (so the text it may read is the old text, moved); kept if it is the same block
            if b.end + WINDOW < change.start:
                j = old_at.get(b.start)
            elif b.start - WINDOW > change.new_end:
                j = old_at.get(b.start - delta)
            else:
                j = None
            if j is not None and block_key(old.blocks[j]) == block_key(b):
                kept[i] = j
            else:
                changed.append(i)
        return cls(change, kept, changed)

    def move(self, f: Finding) -> Finding:
        """A finding of a kept block at its new offsets (the text around it is the same, moved)."""
        c = self.change
        if f.start < c.start:
            return f
        d = c.new_end - c.old_end
        related = tuple(dataclasses.replace(r, start=r.start + d, end=r.end + d) if r.path is None else r
                        for r in f.related)
        fix = f.fix and dataclasses.replace(f.fix, edits=tuple(dataclasses.replace(e, start=e.start + d, end=e.end + d)
                                                               for e in f.fix.edits))
        return dataclasses.replace(f, start=f.start + d, end=f.end + d, related=related, fix=fix)


def changed_only(doc: Document, indexes: list[int]) -> Document:
    """The document as a block-local check sees the changed blocks: its text, index and reuse, those blocks."""
    return Document(path=doc.path, text=doc.text, format=doc.format, language=doc.language,
                    blocks=tuple(doc.blocks[i] for i in indexes), index=doc.index, layout=doc.layout,
                    source_text=doc.source_text, format_breaks=doc.format_breaks, reuse=doc.reuse)


def recheck(doc: Document, rules: Sequence[Rule], last: dict[str, Last], options: EngineOptions) -> tuple[list[Raw], list[Rule]]:
    """(findings of the rules that could be re-checked in the changed blocks only, the rules left to check
    whole): a rule is re-checked when its last findings are of a comparable version and each lies in
    one of its blocks."""
    by_doc: dict[int, Moves] = {}
    out: list[Raw] = []
    whole: list[Rule] = []
    parts: dict[int, tuple[Document, list[tuple[Rule, list[tuple[int, Finding]]]]]] = {}
    for rule in rules:
        prev = last.get(rule.code)
        if prev is None or prev.rule is not rule or not comparable(prev.doc, doc):
            whole.append(rule)
            continue
        moves = by_doc.get(id(prev.doc))
        if moves is None:
            moves = by_doc[id(prev.doc)] = Moves.between(prev.doc, doc)
        placed = _place(prev, moves)
        if placed is None:
            whole.append(rule)
            continue
        if id(prev.doc) not in parts:
            parts[id(prev.doc)] = (changed_only(doc, moves.changed), [])
        parts[id(prev.doc)][1].append((rule, placed))
    for sub, todo in parts.values():
        fresh = collect(sub, [r for r, _ in todo], options).raw
        by_code: dict[str, list[Finding]] = {}
        for item in fresh:
            by_code.setdefault(item.code, []).append(item.finding)
        crashed = {item.finding.fields.get("code") for item in fresh if item.code == CHECK_CRASHED}
        starts = [b.start for b in sub.blocks]
        for rule, placed in todo:
            if rule.code in crashed:
                whole.append(rule)  # checked whole, as a fresh check would, so an E002 is the same
                continue
            mine = [(_index_in(doc, sub, starts, f), f) for f in by_code.get(rule.code, ())]
            if any(i is None for i, _ in mine):
                whole.append(rule)
                continue
            merged = sorted(placed + mine, key=lambda p: p[0])  # stable: each block's findings in their order
            out.extend(Raw(rule.code, f) for _, f in merged)
    return out, whole


def _place(prev: Last, moves: Moves) -> list[tuple[int, Finding]] | None:
    """The last findings of kept blocks, (new block index, moved finding); None when one lies in no block."""
    old_blocks = prev.doc.blocks
    starts = [b.start for b in old_blocks]
    back = {j: i for i, j in moves.kept.items()}
    out = []
    for f in prev.findings:
        j = bisect.bisect_right(starts, f.start) - 1
        if j < 0 or not _near(f, old_blocks[j]):
            return None  # not a block's finding after all: the rule is checked whole
        i = back.get(j)
        if i is not None:
            out.append((i, moves.move(f)))
    return out


def _near(f: Finding, b: Block) -> bool:
    """The finding starts in the block, and its span, related places and fix lie in the block's window."""
    lo, hi = b.start - WINDOW, b.end + WINDOW
    return (b.start <= f.start <= b.end and f.end <= hi
            and all(r.path is not None or lo <= r.start <= r.end <= hi for r in f.related)
            and (f.fix is None or all(lo <= e.start <= e.end <= hi for e in f.fix.edits)))


def _index_in(doc: Document, sub: Document, starts: list[int], f: Finding) -> int | None:
    """The index in `doc` of the changed block a fresh finding lies in (None: it lies in none of them)."""
    k = bisect.bisect_right(starts, f.start) - 1
    if k < 0 or not _near(f, sub.blocks[k]):
        return None
    return _doc_index(doc, sub.blocks[k])


def _doc_index(doc: Document, block: Block) -> int:
    starts = doc.view(_starts)
    return bisect.bisect_left(starts, block.start, 0, len(starts))


def _starts(doc: Document) -> list[int]:
    return [b.start for b in doc.blocks]


def remember(last: dict[str, Last], doc: Document, rules: Sequence[Rule], raw: Sequence[Raw]) -> None:
    """Keep each block-local rule's findings on `doc` for the next version (not a rule that crashed:
    its findings are unknown, so the next version checks it whole)."""
    by_code: dict[str, list[Finding]] = {r.code: [] for r in rules}
    for item in raw:
        if item.code == CHECK_CRASHED:
            by_code.pop(item.finding.fields.get("code"), None)
        elif item.code in by_code:
            by_code[item.code].append(item.finding)
    for rule in rules:
        found = by_code.get(rule.code)
        if found is None:
            last.pop(rule.code, None)
        else:
            last[rule.code] = Last(rule, doc, tuple(found))
