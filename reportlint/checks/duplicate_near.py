"""Near-duplicate blocks: a paragraph pasted again and then edited by a word or two.

The similar pairs come from the analysis layer (`analysis.near`); this check keeps
the pairs that look like a stale copy: not one of a family of parallel statements,
not a template slot under two headings, not a rewrite, not sibling API entries.
Exact copies are DU001's: with `defers_to: [DU001]`, a block inside a copy that
rule reports is skipped here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.context import NOTHING, Deferred
from reportlint.analysis.duplicates import (
    Unit,
    changes,
    describe_difference,
    headings_before,
    parallel_sections,
    template_slot,
    units,
    units_in_copies,
)
from reportlint.analysis.near import NearSettings, similar
from reportlint.diagnostics import Finding, RelatedSpan
from reportlint.document import Document
from reportlint.text import rx

FIELDS = frozenset({"line", "other_line", "similarity", "changes"})
MESSAGE = "Near-duplicate of line {other_line} ({similarity}% similar): {changes}"
DEFERS_TO_KINDS = frozenset({"duplicate-runs"})


@dataclass(frozen=True)
class Params:
    """Params of the `duplicate-near` kind: what a rule's YAML `params` may set (validated by the loader)."""
    threshold: float = 0.9  # similarity (0–1, rapidfuzz ratio of normalised text) at which two blocks are near-duplicates
    min_chars: int = 60  # blocks shorter than this (letters/digits, a Han character counts 3) are not compared
    long_chars: int = 200  # shorter blocks in the same position under two different headings are template slots
    max_shared: int = 20  # a shingle found in more blocks than this is boilerplate and proposes no candidates
    # An edited copy differs in a few places; more places, or a longer replaced
    # phrase, is a rewrite (a restatement made on purpose), not a stale copy.
    max_changes: int = 2
    max_replaced_words: int = 3  # a Chinese character counts as half a word


def validate(params: Params) -> list[tuple[str, str]]:
    out = []
    if not 0.5 <= params.threshold < 1.0:
        out.append(("threshold", "must be at least 0.5 and below 1.0 (1.0 is an exact copy: DU001)"))
    if params.min_chars < 1:
        out.append(("min_chars", "must be at least 1"))
    if params.max_shared < 2:
        out.append(("max_shared", "must be at least 2"))
    return out


class NearPair(NamedTuple):
    copy: int  # unit index of the later block
    original: int  # unit index of the earlier block
    similarity: float  # 0–100


def near_pairs(doc: Document, params: Params, deferred: Deferred = NOTHING) -> list[NearPair]:
    """Near-duplicate pairs worth reporting (a document view per params and copies), one per later block."""
    return doc.view(_near_pairs, params, deferred.settings("duplicate-runs"))


def _near_pairs(doc: Document, params: Params, copy_settings) -> list[NearPair]:
    us = units(doc)
    in_copy = units_in_copies(doc, copy_settings)
    verified, partners, similar_ = similar(doc, NearSettings(params.threshold, params.min_chars, params.max_shared))
    headings = headings_before(us)
    best: dict[int, NearPair] = {}
    for a, b, score in verified:
        if b in in_copy:
            continue
        # Three or more mutually similar blocks are a family of parallel statements
        # (the same requirement for Low / Moderate / High), not a stale copy.
        if partners[a] > 1 or partners[b] > 1:
            continue
        if max(us[a].size, us[b].size) < params.long_chars and template_slot(us, headings, b, a):
            continue
        if parallel_sections(us, headings, a, b) or _parallel_neighbours(us, similar_, a, b):
            continue
        if _only_numbers_differ(us[a].key, us[b].key) or _rewritten(doc, us, a, b, params):
            continue
        if _about_another_identifier(doc.blocks[us[a].block].content, doc.blocks[us[b].block].content):
            continue
        if b not in best or (score, -a) > (best[b].similarity, -best[b].original):
            best[b] = NearPair(b, a, score)
    return [best[b] for b in sorted(best)]



def _rewritten(doc: Document, us: list[Unit], a: int, b: int, params: Params) -> bool:
    """More than `max_changes` places differ, or a phrase was replaced by another phrase."""
    cs = changes(doc.blocks[us[a].block].content, doc.blocks[us[b].block].content)
    if len(cs) > params.max_changes:
        return True
    for c in cs:
        if c.old and c.new:
            size = max(_words(c.old, c.old_tokens), _words(c.new, c.new_tokens))
            if size > params.max_replaced_words:
                return True
    return False


def _words(text: str, tokens: int) -> float:
    return tokens if text.isascii() else tokens / 2


def _parallel_neighbours(us: list[Unit], similar: set[tuple[int, int]], a: int, b: int) -> bool:
    """A neighbour of each block is also alike: a restated passage, not one edited paste."""
    for d in (-2, -1, 1, 2):
        x, y = a + d, b + d
        if 0 <= x < len(us) and 0 <= y < len(us) and x != b and y != a and not us[x].heading:
            if (x, y) in similar or us[x].key == us[y].key:
                return True
    return False


_TOKEN_RE = rx.compile(r"\w+|[^\w\s]")


def _only_numbers_differ(a: str, b: str) -> bool:
    """Every change touches a number: the same sentence about other data, not a copy."""
    from rapidfuzz.distance import Indel

    ta, tb = _TOKEN_RE.findall(a), _TOKEN_RE.findall(b)
    changed = False
    for op in Indel.opcodes(ta, tb):
        if op.tag == "equal":
            continue
        changed = True
        words = ta[op.src_start : op.src_end] + tb[op.dest_start : op.dest_end]
        if not any(any(c.isdigit() for c in w) for w in words):
            return False
    return changed


_IDENTIFIER_RE = rx.compile(r"[a-z][A-Z]|_|^[A-Z][a-z]+[A-Z]")


def _about_another_identifier(a: str, b: str) -> bool:
    """The first change swaps a code identifier (maxSatisfying → minSatisfying, oldHeader → newHeader).

    API references describe sibling functions in sibling sentences; two such entries
    are parallel, not a copy. Prose (and Chinese) has no camelCase, snake_case or
    name( to trigger this.
    """
    from rapidfuzz.distance import Indel

    ta, tb = _TOKEN_RE.findall(a), _TOKEN_RE.findall(b)
    for op in Indel.opcodes(ta, tb):
        if op.tag == "equal":
            continue
        for toks, i, j in ((ta, op.src_start, op.src_end), (tb, op.dest_start, op.dest_end)):
            for k in range(i, j):
                if _IDENTIFIER_RE.search(toks[k]) or (k + 1 < len(toks) and toks[k + 1] == "(" and toks[k][:1].isalpha()):
                    return True
        return False
    return False


def run(doc: Document, params: Params, deferred: Deferred = NOTHING) -> Iterator[Finding]:
    us = units(doc)
    blocks = doc.blocks
    for pair in near_pairs(doc, params, deferred):
        c, o = blocks[us[pair.copy].block], blocks[us[pair.original].block]
        fields = {
            "line": c.line, "other_line": o.line, "similarity": int(pair.similarity),
            "changes": describe_difference(o.content, c.content),
        }
        yield Finding(c.start, c.end, fields, related=(RelatedSpan(o.start, o.end, "the similar block"),))
