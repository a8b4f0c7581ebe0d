"""Duplicated runs of blocks: a section, paragraph or list pasted a second time.

The copies themselves are the analysis layer's (`analysis.duplicates`: one hash per
block, the longest earlier run each block repeats, PMD CPD style); this check
reports them, one finding per copy, and lists back-to-back copies of one original
beyond `max_listed` as one finding.

Across files (`--cross-file`), `run_many` hashes every file's blocks with a
stable hash and reports the runs one file shares with an earlier one, minus the
boilerplate listed in `cross_file_allow`.

Rules that would report a consequence of a copy (a numbering restart inside it, a
sentence or item of it) say `defers_to: [DU001]` in their YAML; the engine hands
them this rule's settings, so they see exactly the copies reported here.
"""

from __future__ import annotations

from typing import Iterator

from reportlint.analysis.duplicates import (CHANGE_CLAUSES, CHANGE_FIELDS, CopySettings, DuplicateRun, Unit,
                                            describe_difference, find_runs, units)
from reportlint.diagnostics import Finding, RelatedSpan
from reportlint.document import Document
from reportlint.text.normalize import normalize, stable_hash

Params = CopySettings  # the kind's params are the copy settings every deferring rule shares

# line_range / related_range / related_line: the engine's (this finding's lines, the original's).
FIELDS = frozenset({"line_range", "related_range", "related_line", "blocks", "occurrences", "change", "other_file",
                    "copies", "line", "end_line", "other_line", "other_end_line"}) | CHANGE_FIELDS
CLAUSES = CHANGE_CLAUSES  # `change`: Phrases of what the edited copy changed, worded in the rule's YAML
MESSAGE = "Repeats line {related_range} {other_file}({blocks} block(s), {occurrences} copies in all; edited: {change})"
NOTHING_EDITED = "—"


def validate(params: Params) -> list[tuple[str, str]]:
    out = []
    for name in ("min_chars", "long_chars", "section_chars", "max_listed"):
        if getattr(params, name) < 1:
            out.append((name, "must be at least 1"))
    if params.cross_file_max_files == 1 or params.cross_file_max_files < 0:
        out.append(("cross_file_max_files", "must be 0 (no limit) or at least 2"))
    if any(not normalize(a) for a in params.cross_file_allow):
        out.append(("cross_file_allow", "an allowed text is empty after normalisation"))
    if params.boilerplate_copies < 2:
        out.append(("boilerplate_copies", "must be at least 2 (a copy is two occurrences)"))
    if not 0.5 <= params.near_threshold <= 1.0:
        out.append(("near_threshold", "must be between 0.5 and 1.0"))
    if not 0.0 <= params.max_differing < 1.0:
        out.append(("max_differing", "must be between 0 and 1 (exclusive)"))
    return out


def run(doc: Document, params: Params) -> Iterator[Finding]:
    runs = find_runs(doc, params)
    copies: dict[int, int] = {}  # original's first block → copies pointing at it
    for r in runs:
        copies[r.original_blocks[0]] = copies.get(r.original_blocks[0], 0) + 1
    unit_of = {u.block: j for j, u in enumerate(units(doc))}
    tandem: list[DuplicateRun] = []  # back-to-back copies of one original beyond max_listed
    listed = 0
    prev: DuplicateRun | None = None
    for r in runs:
        back_to_back = prev is not None and r.original_blocks == prev.original_blocks \
            and unit_of[r.copy_blocks[0]] == unit_of[prev.copy_blocks[1]] + 1
        if not back_to_back:
            if tandem:
                yield _tandem_finding(doc, tandem, copies[tandem[0].original_blocks[0]])
                tandem = []
            listed = 0
        prev = r
        listed += 1
        if listed > params.max_listed:
            tandem.append(r)
            continue
        yield _finding(doc, r, copies[r.original_blocks[0]])
    if tandem:
        yield _tandem_finding(doc, tandem, copies[tandem[0].original_blocks[0]])


def _finding(doc: Document, r: DuplicateRun, n: int) -> Finding:
    blocks = doc.blocks
    c0, c1 = r.copy_blocks
    o0, o1 = r.original_blocks
    (cl, cel), (ol, oel) = r.copy_lines, r.original_lines
    change = NOTHING_EDITED
    if r.differing:  # the words that differ, in the first edited block (its lines are the finding's)
        cb, ob = r.differing[0]
        change = describe_difference(blocks[ob].content, blocks[cb].content)
    fields = {
        "blocks": r.length, "occurrences": n + 1, "change": change, "other_file": "", "copies": n,
        "line": cl, "end_line": cel, "other_line": ol, "other_end_line": oel,
    }
    return Finding(
        blocks[c0].start, blocks[c1].end, fields,
        related=(RelatedSpan(blocks[o0].start, blocks[o1].end, "the original"),),
    )


def _tandem_finding(doc: Document, runs: list[DuplicateRun], n: int) -> Finding:
    """One finding for the back-to-back copies after the first `max_listed` (a line pasted 100 000 times)."""
    blocks = doc.blocks
    first, last = runs[0], runs[-1]
    (ol, oel) = first.original_lines
    o0, o1 = first.original_blocks
    return Finding(
        blocks[first.copy_blocks[0]].start, blocks[last.copy_blocks[1]].end,
        {"blocks": sum(r.length for r in runs), "occurrences": n + 1, "change": NOTHING_EDITED,
         "other_file": "", "copies": len(runs), "line": first.copy_lines[0], "end_line": last.copy_lines[1],
         "other_line": ol, "other_end_line": oel},
        related=(RelatedSpan(blocks[o0].start, blocks[o1].end, "the original"),),
    )


def run_many(docs: list[Document], params: Params) -> Iterator[tuple[int, Finding]]:
    """Blocks shared between the files of one run (`--cross-file`), one finding per shared run.

    Blocks are hashed with a stable hash (blake2b, the same in every process); a
    block of `min_chars` first seen in an earlier file is shared, and consecutive
    shared blocks that follow one run of that file are one finding. Linear in the
    total size of the files.
    """
    allowed = [normalize(a) for a in params.cross_file_allow]
    first: dict[int, tuple[int, int]] = {}  # hash → (doc index, unit index) of its first occurrence
    files: dict[int, set[int]] = {}
    per_doc: list[list[tuple[int, int]]] = []  # per doc: (unit index, hash) of eligible units
    for d, doc in enumerate(docs):
        eligible = []
        for j, u in enumerate(units(doc)):
            if u.heading or u.size < params.min_chars or any(a in u.key for a in allowed):
                continue
            h = stable_hash(u.key)
            eligible.append((j, h))
            first.setdefault(h, (d, j))
            files.setdefault(h, set()).add(d)
        per_doc.append(eligible)
    for d, doc in enumerate(docs):
        us = units(doc)
        run_: list[tuple[int, int, int]] = []  # (unit here, other doc, other unit)
        for j, h in per_doc[d]:
            od, oj = first[h]
            if od == d or (params.cross_file_max_files and len(files[h]) >= params.cross_file_max_files):
                if run_:
                    yield d, _cross_file_finding(doc, us, docs[run_[0][1]], run_)
                    run_ = []
                continue
            if run_ and not (run_[-1][1] == od and run_[-1][0] < j and run_[-1][2] < oj):
                yield d, _cross_file_finding(doc, us, docs[run_[0][1]], run_)
                run_ = []
            run_.append((j, od, oj))
        if run_:
            yield d, _cross_file_finding(doc, us, docs[run_[0][1]], run_)


def _cross_file_finding(doc: Document, us: list[Unit], other: Document, run_: list[tuple[int, int, int]]) -> Finding:
    a, b = doc.blocks[us[run_[0][0]].block], doc.blocks[us[run_[-1][0]].block]
    ous = units(other)
    oa, ob = other.blocks[ous[run_[0][2]].block], other.blocks[ous[run_[-1][2]].block]
    rel = RelatedSpan(oa.start, ob.end, "the same text in another file", path=other.path, line=oa.line,
                      column=1, end_line=ob.end_line)
    fields = {"blocks": len(run_), "occurrences": 2, "change": NOTHING_EDITED, "other_file": other.path + " ",
              "copies": 1, "line": a.line, "end_line": b.end_line, "other_line": oa.line, "other_end_line": ob.end_line}
    return Finding(a.start, b.end, fields, related=(rel,))
