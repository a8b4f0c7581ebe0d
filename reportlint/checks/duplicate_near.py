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
    CHANGE_CLAUSES,
    CHANGE_FIELDS,
    Unit,
    changes,
    describe_difference,
    headings_before,
    list_groups,
    parallel_sections,
    quotes_the_other,
    template_slot,
    units,
    units_in_copies,
)
from reportlint.analysis.near import NearSettings, similar
from reportlint.analysis.passages import parallel_passage
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Block, Document
from reportlint.text import rx
from reportlint.text.normalize import content_length, normalize

FIELDS = frozenset({"line", "other_line", "similarity", "changes", "related_line", "line_range"}) | CHANGE_FIELDS
CLAUSES = CHANGE_CLAUSES | {"the_similar_block"}  # `changes` and the related label, worded in the rule's YAML
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
    lists = list_groups(doc, us)
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
        if parallel_passage(doc, a, b):
            continue
        if headings[a] == headings[b] and _spacing_only(us[a].key, us[b].key):
            continue  # variants of one line set side by side (a style guide's right and wrong forms)
        ba, bb = doc.blocks[us[a].block], doc.blocks[us[b].block]
        if quotes_the_other(doc, us[a].block, us[b].block):
            continue  # a block quotation cites the text it repeats
        if _variants_the_heading_names(us, headings, changes(ba.content, bb.content), b):
            continue
        slots = _slot_changes(ba.content, bb.content)
        if _siblings(ba, bb) or (lists[a][0] != -1 and lists[a][0] == lists[b][0]):
            if slots == "figure" and min(us[a].size, us[b].size) >= params.long_chars:
                pass  # entries a paragraph long, one figure apart: a paragraph kept with one figure edited
            elif slots != "":
                continue  # entries of one list or table differ in their slots (a name, an id, a figure)
            elif any(c.old and c.new for c in changes(ba.content, bb.content)):
                continue  # or put one word for another: the variants a list enumerates
        elif slots == "figure":
            pass  # a paragraph copied with one figure edited: last year's text kept beside this year's
        elif slots:
            continue
        if _items_of_parallel_enumerations(doc, us, a, b):
            continue
        if _rewritten(doc, us, a, b, params):
            continue
        if b not in best or (score, -a) > (best[b].similarity, -best[b].original):
            best[b] = NearPair(b, a, score)
    return [best[b] for b in sorted(best)]



_ENUMERATOR_RE = rx.compile(r"^\(?[〇一二三四五六七八九十百\d]+[).、]\s*")


def _items_of_parallel_enumerations(doc: Document, us: list[Unit], a: int, b: int) -> bool:
    """The same item, numbered differently, at the same place in two enumerations built alike.

    Two articles of a statute ("律师有下列行为之一的，…：" / "律师事务所有下列行为之一
    的，…：") list the same violation under their own numbers, (三) and (七): parallel
    provisions for two parties. Or the item closes both enumerations, each numbered in
    sequence up to it: the closing slot of a provision's template (the same catch-all
    item ending the lists of two articles, (八) and (三), each list followed by a
    paragraph that opens alike, "人民警察依照前款规定使用警械，…"). An item pasted into
    another list has neither: it lands among unlike lead-ins, elsewhere in the list,
    out of its numbering, or before text unlike its source's.
    """
    ka, kb = us[a].key, us[b].key
    ma, mb = _ENUMERATOR_RE.match(ka), _ENUMERATOR_RE.match(kb)
    if not (ma and mb) or ka[ma.end():] != kb[mb.end():]:
        return False
    if _closes_its_enumeration(doc, us, a) and _closes_its_enumeration(doc, us, b) and _alike_closings(us, a, b):
        return True
    la, lb = _lead_in(us, a), _lead_in(us, b)
    if la is None or lb is None or la == lb:
        return False
    from rapidfuzz.fuzz import ratio

    return ratio(us[la].key, us[lb].key) >= 60


def _closes_its_enumeration(doc: Document, us: list[Unit], j: int) -> bool:
    """Unit `j` is the last item of an enumeration whose items are numbered in sequence up to it.

    The item before it carries the number one lower in the same scheme; the unit after
    it, if any, is not another item of that scheme (the next article, or the paragraph
    that closes the article).
    """
    e = doc.blocks[us[j].block].enumerator
    if e is None or j == 0 or e.value < 2:
        return False
    prev = doc.blocks[us[j - 1].block].enumerator
    if prev is None or prev.family != e.family or prev.depth != e.depth or prev.value != e.value - 1:
        return False
    if j + 1 < len(us):
        nxt = doc.blocks[us[j + 1].block].enumerator
        if nxt is not None and nxt.family == e.family and nxt.depth == e.depth:
            return False
    return True


_FIRST_CLAUSE_RE = rx.compile(r"[^,.;:!?]*")
_MIN_CLAUSE_CHARS = 20  # letters and digits (a Han character counts 3): "人民警察依照前款规定", not "此外"


def _alike_closings(us: list[Unit], a: int, b: int) -> bool:
    """The blocks right after items `a` and `b` open with the same clause and then differ.

    The paragraph that closes each of two provisions of one template ("人民警察依照前款
    规定使用警械，应当…" / "…，不得…"): the template's fixed words, its slots filled apart.
    """
    x, y = a + 1, b + 1
    if y >= len(us) or x == b or us[x].heading or us[y].heading or us[x].key == us[y].key:
        return False
    cx = _FIRST_CLAUSE_RE.match(us[x].key).group()  # type: ignore[union-attr]
    return cx == _FIRST_CLAUSE_RE.match(us[y].key).group() and content_length(cx) >= _MIN_CLAUSE_CHARS  # type: ignore[union-attr]


def _lead_in(us: list[Unit], j: int) -> int | None:
    """The unit that introduces the enumeration item `j` belongs to (a paragraph ending in a colon)."""
    k = j - 1
    while k >= 0 and not us[k].heading and _ENUMERATOR_RE.match(us[k].key):
        k -= 1
    if k < 0 or us[k].heading or not us[k].key.rstrip().endswith((":", "：")):
        return None
    return k


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


# Tokens for comparing two entries: a code-like run (names, paths, ticket ids,
# versions: letters, digits and . _ / - # : joined) is one token; so is a number;
# a Han character is a token of its own.
_TOKEN_RE = rx.compile(r"\d+(?:[.,]\d+)*%?(?![A-Za-z0-9_])|[A-Za-z0-9_]+(?:[-./#:][A-Za-z0-9_]+)*|[^\w\s]|\w")
# A number: digits, or Chinese numerals (第一次 / 第二次 修订, 二〇二三年): an ordinal or a date
# edited is a figure like any other.
_NUMBER_RE = rx.compile(r"\d+(?:[.,]\d+)*%?|[〇零一二三四五六七八九十百千万亿两]+")
_CODE_RE = rx.compile(r"\d|[a-z][A-Z]|_|[./#:-]\w|^[A-Z][A-Z]+$")
_JOINERS = "-_./"


def _slot_changes(a: str, b: str) -> str:
    """What the differences between two similar entries are, when they sit in the slots of a template.

    "figure": one number changed (a paragraph copied and one figure edited, or
    sibling entries counting other things); "numbers": several numbers changed
    (the same sentence about other data); "identifiers": every change swaps a
    code identifier, ticket id, version or path (`[JENKINS-74028] … choiceParameterCommon.jelly`
    / `[JENKINS-74030] … ChoiceParameter/index.jelly`, maxSatisfying / minSatisfying:
    sibling API or task entries). "" when the differences are words of prose.
    """
    from rapidfuzz.distance import Indel

    a = normalize(_code_as_one_token(a), punctuation=False, fold_case=False)  # link targets and emphasis are not words
    b = normalize(_code_as_one_token(b), punctuation=False, fold_case=False)
    ta, tb = _TOKEN_RE.findall(a), _TOKEN_RE.findall(b)
    kinds: list[str] = []
    spans: list[list[int]] = []  # adjacent insertions and deletions are one change
    for op in Indel.opcodes(ta, tb):
        if op.tag == "equal":
            continue
        if spans and spans[-1][1] == op.src_start and spans[-1][3] == op.dest_start:
            spans[-1][1], spans[-1][3] = op.src_end, op.dest_end
        else:
            spans.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    for s0, s1, d0, d1 in spans:
        old, new = ta[s0:s1], tb[d0:d1]
        words = [w for w in old + new if w[0].isalnum() or w[0] == "_"]
        if not words:
            continue  # punctuation only
        if all(_NUMBER_RE.fullmatch(w) for w in words):
            kinds.append("number")
        elif all(_NUMBER_RE.fullmatch(w) or _CODE_RE.search(w) for w in words) or _qualified(old, new):
            kinds.append("identifier")
        else:
            kinds.append("word")
    if not kinds:
        return ""
    if all(k == "number" for k in kinds):
        return "figure" if len(kinds) == 1 else "numbers"
    if "word" not in kinds or kinds[0] == "identifier":  # sibling entries name their subject first
        return "identifiers"
    return ""


_CODE_SPAN_RE = rx.compile(r"`([^`\n]+)`")
_NOT_WORD_RE = rx.compile(r"\W+")


def _code_as_one_token(text: str) -> str:
    """Each inline code span as one identifier token (its non-word characters joined by `_`).

    A command, URL or path in backticks is a slot of the entry, not words of prose:
    `…/commits?author=ID` put for `…/issues?q=commenter:ID` is one identifier changed.
    """
    if "`" not in text:
        return text
    return _CODE_SPAN_RE.sub(lambda m: "_" + _NOT_WORD_RE.sub("_", m.group(1)) + "_", text)


def _qualified(old: list[str], new: list[str]) -> bool:
    """One term put for a compound built on it: `name` → `attribute-name`, `cookie_path` → `path`.

    A parallel algorithm restates a step for a more specific subject by qualifying
    its terms; the compound (joined by - _ . /) is the name of another thing, a slot
    of the template, not a word edited in a stale copy.
    """
    if len(old) != 1 or len(new) != 1:
        return False
    short, long = sorted((old[0], new[0]), key=len)
    if short == long or not short[0].isalnum():
        return False
    return (long.endswith(short) and long[-len(short) - 1] in _JOINERS) or \
        (long.startswith(short) and long[len(short)] in _JOINERS)


def _variants_the_heading_names(us: list[Unit], headings: list[int], cs: list, b: int) -> bool:
    """Every change puts one term for another, or drops or adds words, that the section's heading names.

    Under "Split Regions for the primary key and secondary indexes" one paragraph
    covers the primary key and the next the secondary indexes: the instances the
    heading announces, not a stale copy.
    """
    h = headings[b]
    if h < 0 or not cs:
        return False
    title = us[h].key
    ends = " ,.;:!?()\"'"
    # a term put for another, both named by the heading; or the lead-in the heading now carries
    # ("**Authenticator Assurance Level 1**: AAL1 provides …" restated under "4.1 Authenticator
    # Assurance Level 1" without its lead-in)
    return all((normalize(c.old).strip(ends) in title if c.old else True)
               and (normalize(c.new).strip(ends) in title if c.new else True) for c in cs)


def _spacing_only(a: str, b: str) -> bool:
    return a.replace(" ", "") == b.replace(" ", "")


def _siblings(a: Block, b: Block) -> bool:
    """Two items of one list or two rows of one table: entries side by side, not paragraphs."""
    return (a.list_id is not None and a.list_id == b.list_id) or (a.table_id is not None and a.table_id == b.table_id)


def run(doc: Document, params: Params, deferred: Deferred = NOTHING) -> Iterator[Finding]:
    us = units(doc)
    blocks = doc.blocks
    for pair in near_pairs(doc, params, deferred):
        c, o = blocks[us[pair.copy].block], blocks[us[pair.original].block]
        fields = {
            "line": c.line, "other_line": o.line, "similarity": int(pair.similarity),
            "changes": describe_difference(o.content, c.content),
        }
        yield Finding(c.start, c.end, fields, related=(RelatedSpan(o.start, o.end, phrase("the_similar_block")),))
