"""Copied sentences: a sentence of one paragraph pasted into another.

Every sentence of every prose block is normalised and hashed; a sentence of at
least `min_chars` that was already seen in a different block is a copy. A long
run of clauses shared with another block's sentence (`min_passage_chars`) is a
copy too, even when the sentence around it was rewritten: pasting the second
half of a sentence into another one is the same accident. Linear: one hash per
sentence and per clause.

Not reported: blocks inside the copies of the rule this one defers to (DU001: their
sentences are consequences), blocks similar to each other (`analysis.near`), blocks that are exact copies of each other, and
sentences that occur `boilerplate_copies` times or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.context import NOTHING, Deferred
from reportlint.analysis.duplicates import (
    Unit,
    headings_before,
    is_picture,
    parallel_sections,
    quotes_the_other,
    template_slot,
    units,
    units_in_copies,
)
from reportlint.analysis.near import NearSettings, similar
from reportlint.analysis.passages import parallel_passage
from reportlint.analysis.reuse import kept, reused
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Block, Document
from reportlint.text.normalize import content_length, normalize
from reportlint.text import rx

FIELDS = frozenset({"line", "other_line", "sentences", "related_line", "line_range"})
CLAUSES = frozenset({"original_sentence"})  # the related places' labels, worded in the rule's YAML
DEFERS_TO_KINDS = frozenset({"duplicate-runs"})
MESSAGE = "Copied from line {other_line} ({sentences} sentence(s))"

_CLAUSE_END_RE = rx.compile(r"[,;:，；：、]")
_NEAR = (-3, -2, -1, 0, 1, 2, 3)  # how far (in blocks) a restated passage's other sentences may be


@dataclass(frozen=True)
class Params:
    """Params of the `duplicate-sentence` kind: what a rule's YAML `params` may set (validated by the loader)."""
    min_chars: int = 36  # a copied sentence says at least this much (letters/digits; a Han character counts 3)
    min_passage_chars: int = 120  # a shared run of clauses this long is a copy even inside a rewritten sentence
    boilerplate_copies: int = 3  # a sentence found this many times is a formula, not a copy
    long_chars: int = 200  # a shorter paragraph in the same slot under two sibling headings is a template


def validate(params: Params) -> list[tuple[str, str]]:
    out = []
    if params.min_chars < 1:
        out.append(("min_chars", "must be at least 1"))
    if params.min_passage_chars < params.min_chars:
        out.append(("min_passage_chars", "must be at least min_chars"))
    if params.boilerplate_copies < 2:
        out.append(("boilerplate_copies", "must be at least 2"))
    return out


class _Sentence(NamedTuple):
    unit: int
    start: int
    end: int
    key: str
    size: int  # content_length(key)


def run(doc: Document, params: Params, deferred: Deferred = NOTHING) -> Iterator[Finding]:
    us = units(doc)
    skip_units = units_in_copies(doc, deferred.settings("duplicate-runs"))
    skip_pairs = similar(doc, NearSettings()).pairs  # similar blocks (parallel statements) share sentences on purpose
    sentences: list[_Sentence] = []
    count: dict[str, int] = {}
    keys: dict[str, tuple[str, int]] = {}  # sentence text → (key, size): sentences recur, each normalised once
    store = kept(doc)
    min_chars = params.min_chars
    for j, u in enumerate(us):
        if u.heading or j in skip_units or is_picture(u):
            continue  # an image's alt text describes it (often as its caption does): not a sentence of the text
        block = doc.blocks[u.block]
        # A block's sentences and their keys depend on its content alone: read once per distinct
        # content in a run, or taken from the document's last version in the language server
        # (`analysis.reuse.kept`), and moved with the block.
        base, content = block.content_start, block.content
        was, keyed = store.get("duplicate-sentence.sentences", (content, block.kind == "code"),
                               lambda: (base, _keyed(doc, block, u, keys)))
        d = base - was  # moved since they were read: each sentence kept is placed as it is taken
        for s, e, key, size in keyed:
            if size >= min_chars:
                sentences.append(_Sentence(j, s + d, e + d, key, size))
                count[key] = count.get(key, 0) + 1
    first: dict[str, _Sentence] = {}
    hits: list[tuple[_Sentence, _Sentence]] = []
    related = set(skip_pairs)  # unit pairs that share text in any way
    for sen in sentences:
        orig = first.get(sen.key)
        if orig is None:
            first[sen.key] = sen
            continue
        if orig.unit == sen.unit:
            continue
        related.add((orig.unit, sen.unit))
        if count[sen.key] >= params.boilerplate_copies:
            continue
        if us[orig.unit].key == us[sen.unit].key or (orig.unit, sen.unit) in skip_pairs:
            continue
        hits.append((sen, orig))
    passages = _passages(doc, us, sentences, first, skip_pairs, params)
    related.update((orig.unit, sen.unit) for sen, orig in passages)
    hits = _isolated(doc, us, hits + passages, related, params)
    hits.sort(key=lambda h: (h[0].start, h[0].end))
    yield from _merge(doc, hits)


def _keyed(doc: Document, block: Block, unit: Unit, keys: dict[str, tuple[str, int]]) -> list[tuple[int, int, str, int]]:
    """The block's sentences: (start, end), normalised key, what the key says (`keys`: the
    key and size of each sentence text met so far, filled in here)."""
    spans = _sentences(doc, block)
    if len(spans) == 1 and spans[0] == (block.content_start, block.end) and block.kind != "code":
        # One sentence, the whole content: its key is the unit's (normalize(content)), and the
        # full stop stripped from it counts nothing (content_length counts letters and digits).
        return [(block.content_start, block.end, unit.key.rstrip(".!?;"), unit.size)]
    out = []
    reuse = doc.reuse
    for s, e in spans:
        text = doc.text[s:e]
        found = keys.get(text)
        if found is None:
            # the language server: a sentence of a long paragraph an edit did not change keeps its key
            found = keys[text] = _sentence_key(text) if reuse is None else \
                reuse.get("duplicate-sentence.key", text, lambda: _sentence_key(text))
        out.append((s, e, *found))
    return out


def _sentence_key(text: str) -> tuple[str, int]:
    key = normalize(text).rstrip(".!?;")
    return key, content_length(key)


def _sentences(doc: Document, block: Block) -> list[tuple[int, int]]:
    """The block's sentences, none ending inside inline code.

    A path or URL in backticks holds dots and question marks (`…/issues?q=author:ID`) that end
    no sentence: two items that differ only inside their code would otherwise share the
    piece before it as a "sentence".
    """
    spans = doc.sentences(block)
    if len(spans) < 2 or doc.format != "md" or "`" not in block.content:
        return spans
    from reportlint.analysis.masks import code_spans

    code = [(a + block.content_start, b + block.content_start) for a, b in code_spans(block.content)[0]]
    if not code:
        return spans
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and any(a < out[-1][1] < b for a, b in code):
            out[-1] = (out[-1][0], e)  # the previous piece ended inside a code span
        else:
            out.append((s, e))
    return out


def _isolated(doc: Document, us: list[Unit], hits: list[tuple[_Sentence, _Sentence]],
              related: set[tuple[int, int]], params: Params) -> list[tuple[_Sentence, _Sentence]]:
    """Keep the copies that are a pasted sentence, not a restated passage.

    A paragraph that takes sentences from two neighbouring paragraphs, or whose
    neighbours also share text with the neighbours of its source, belongs to a
    restated passage (a summary, an overview). Sections with titles alike but for
    their numbering state the same rule for each level on purpose, and a short
    paragraph in the same slot under two sibling headings is a template. Two
    paragraphs that also share wording outside the copied sentence are parallel
    provisions (two statute articles ending in the same rule, a requirement
    restated in each procedure): a pasted sentence is the only thing its new
    paragraph shares with its source.
    """
    headings = headings_before(us)
    copied: dict[tuple[int, int], list[tuple[_Sentence, _Sentence]]] = {}
    for sen, orig in hits:
        copied.setdefault((orig.unit, sen.unit), []).append((sen, orig))
    out = []
    later: dict[int, set[int]] = {}  # unit → the later units it shares text with
    for x, y in related:
        later.setdefault(x, set()).add(y)
    for sen, orig in hits:
        a, b = orig.unit, sen.unit
        if _near_related(later, a, b):
            continue
        if parallel_sections(us, headings, a, b) or quotes_the_other(doc, us[a].block, us[b].block):
            continue
        if us[b].size < params.long_chars and template_slot(us, headings, b, a):
            continue
        if parallel_passage(doc, a, b) or _share_more(doc, us, a, b, copied[(a, b)]) or _rows_of_one_table(doc, us, a, b):
            continue
        if _fields_of_one_form(us, headings, a, b):
            continue
        if _closing_clause(doc, us, sen) and _closing_clause(doc, us, orig) \
                and _provisions_of_one_sequence(doc, us, headings, a, b):
            continue  # two articles of a chapter ending in one consequence ("…；构成犯罪的，依法追究刑事责任。")
        if _cites_a_title(doc, us, sen, orig, params):
            continue
        out.append((sen, orig))
    return out


def _near_related(later: dict[int, set[int]], a: int, b: int) -> bool:
    """Another pair of units within `_NEAR` of (a, b) shares text too (a restated passage)."""
    for d in _NEAR:
        ys = later.get(a + d)
        if ys and any(b + e in ys for e in _NEAR if d or e):
            return True
    return False


# Shared wording outside the copied sentence that makes two paragraphs parallel:
# this many word trigrams (Latin) or runs of four Han characters.
# this many word trigrams (Latin) or runs of four Han characters, and this share of the
# shorter paragraph's (long paragraphs on one subject share a few phrases by chance).
_SHARED_GRAMS = 4
_SHARED_SHARE = 0.15
_WORD_RE = rx.compile(r"[a-z0-9]+|[\u3400-\u9fff]")


def _share_more(doc: Document, us: list[Unit], a: int, b: int, copied: list[tuple[_Sentence, _Sentence]]) -> bool:
    """Paragraphs `a` and `b` share `_SHARED_GRAMS` word trigrams (4 Han characters) besides the copies.

    A function of the two paragraphs' keys and the copied sentences' keys alone: taken again for them
    in the language server (two long paragraphs' gram sets take milliseconds to intersect)."""
    ka, kb = us[a].key, us[b].key
    if doc.reuse is None:
        return _shares_more(doc, ka, kb, copied)
    key = (ka, kb, tuple((sen.key, orig.key) for sen, orig in copied))
    return doc.reuse.get("duplicate-sentence.share-more", key, lambda: _shares_more(doc, ka, kb, copied))


def _shares_more(doc: Document, ka: str, kb: str, copied: list[tuple[_Sentence, _Sentence]]) -> bool:
    for sen, orig in copied:
        shared = reused(doc, "duplicate-sentence.shared", (sen.key, orig.key), lambda: _shared(sen, orig))
        ka, kb = ka.replace(shared, " ", 1), kb.replace(shared, " ", 1)
    later = reused(doc, "duplicate-sentence.grams", kb, lambda: _grams(kb))
    earlier = reused(doc, "duplicate-sentence.grams", ka, lambda: _grams(ka))
    common = len(later & earlier)
    return common >= _SHARED_GRAMS and common >= _SHARED_SHARE * min(len(later), len(earlier))


def _rows_of_one_table(doc: Document, us: list[Unit], a: int, b: int) -> bool:
    """Two rows of one table: cells of sibling rows share their wording by design.

    (Items of one list do not count: an action's sentence pasted onto the next
    action of a numbered list is a paste.)
    """
    ta, tb = doc.blocks[us[a].block].table_id, doc.blocks[us[b].block].table_id
    return ta is not None and ta == tb


# A field's label: a short term and a colon leading an entry ("componentName: (optional) …",
# "作用域：GLOBAL"), or a short paragraph of its own ending in a colon ("Published specification:").
_LEAD_LABEL_RE = rx.compile(r"[*_`]*([^\s:：*_`][^:：\n]{0,38}?)[*_`]*\s*[:：]\s*\S")
_LABEL_CHARS = 40  # a label says at most this much (letters and digits, a Han character counts 3)
_VALUE_BLOCKS = 3  # a labelled field's value runs this many blocks at most after a label of its own


def _label(us: list[Unit], headings: list[int], j: int) -> tuple[str, str] | None:
    """The label of the field unit `j` fills in, and how it is given ("lead" or "line"); None if none."""
    key = us[j].key
    m = _LEAD_LABEL_RE.match(key)
    if m and content_length(m.group(1)) <= _LABEL_CHARS and not _ENDS_SENTENCE_RE.search(m.group(1)):
        return m.group(1).strip(), "lead"
    for k in range(j - 1, max(headings[j], j - 1 - _VALUE_BLOCKS), -1):
        if us[k].heading:
            break
        if us[k].key.endswith((":", "：")) and content_length(us[k].key) <= _LABEL_CHARS:
            return us[k].key.rstrip(":：").strip(), "line"
    return None


_ENDS_SENTENCE_RE = rx.compile(r"[.!?。！？；;]")


def _fields_of_one_form(us: list[Unit], headings: list[int], a: int, b: int) -> bool:
    """Units `a` and `b` are the values of two differently labelled fields of one form.

    A registration template or a definition list answers each field on its own:
    "Interoperability considerations: … can be found in Section 2." and
    "Published specification: … can be found in Section 2." repeat the answer on
    purpose, as "componentName: … MUST not contain a colon" and "measurementName: …
    MUST not contain a colon" restate a constraint for each field. The fields sit in
    one section and give their labels the same way.
    """
    if headings[a] != headings[b]:
        return False
    la, lb = _label(us, headings, a), _label(us, headings, b)
    return la is not None and lb is not None and la[1] == lb[1] and la[0] != lb[0]


def _shared(sen: _Sentence, orig: _Sentence) -> str:
    """The text two copied sentences share: all of it, or the run of clauses two rewritten ones share."""
    if sen.key == orig.key:
        return sen.key
    from difflib import SequenceMatcher

    m = SequenceMatcher(None, sen.key, orig.key, autojunk=False).find_longest_match(0, len(sen.key), 0, len(orig.key))
    return sen.key[m.a:m.a + m.size]


_LINK_TEXT_RE = rx.compile(r"\[([^\]]+)\]\(")


def _cites_a_title(doc: Document, us: list[Unit], sen: _Sentence, orig: _Sentence, params: Params) -> bool:
    """What the two sentences share is mostly a link's text: the title of a cited page, named twice.

    "Follow the instructions at [Use the admin center to enable SMTP AUTH](…)" and a
    resource list naming the same page share its title, not prose.
    """
    shared = _shared(sen, orig)
    for unit in (sen.unit, orig.unit):
        content = doc.blocks[us[unit].block].content
        for m in _LINK_TEXT_RE.finditer(content):
            shared = shared.replace(normalize(m.group(1)), " ")
    return content_length(shared) < params.min_chars


def _grams(key: str) -> set[tuple[str, ...]]:
    toks = _WORD_RE.findall(key)
    # a token is a Latin word or one Han character: count the Han ones in the key itself
    n = 4 if len(_HAN_CHAR_RE.findall(key)) > len(toks) / 2 else 3
    return set(zip(*(toks[k:] for k in range(n))))


_HAN_CHAR_RE = rx.compile(r"[\u3400-\u9fff]")


def _passages(doc: Document, us: list[Unit], sentences: list[_Sentence], first: dict[str, _Sentence],
              skip_pairs: set[tuple[int, int]], params: Params) -> list[tuple[_Sentence, _Sentence]]:
    """Sentences that share a long run of trailing or leading clauses with an earlier sentence."""
    reuse = doc.reuse
    seen: dict[str, _Sentence] = {}
    edge_count: dict[str, int] = {}
    found = []
    for sen in sentences:
        if first.get(sen.key) is not sen:
            continue  # a whole-sentence copy is reported as such
        if reuse is None:
            heads, tails = _edges(sen.key, sen.size, params.min_passage_chars)
        else:
            heads, tails = reuse.get("duplicate-sentence.edges", (sen.key, params.min_passage_chars),
                                     lambda: _edges(sen.key, sen.size, params.min_passage_chars))
        hit = None
        for edge in tails + heads:
            orig = seen.get(edge)
            if orig is not None and orig.unit != sen.unit and (orig.unit, sen.unit) not in skip_pairs \
                    and us[orig.unit].key != us[sen.unit].key:
                hit = orig, edge
                break
        if hit is not None:
            found.append((sen, hit[0], hit[1]))
        for edge in heads + tails:
            seen.setdefault(edge, sen)
            edge_count[edge] = edge_count.get(edge, 0) + 1
    # A passage found three times is a formula ("the verifier SHALL implement a rate-limiting mechanism …").
    headings = headings_before(us)
    return [(sen, orig) for sen, orig, edge in found if edge_count[edge] < params.boilerplate_copies
            and not (edge.startswith(">") and _provisions_of_one_sequence(doc, us, headings, orig.unit, sen.unit))]


def _provisions_of_one_sequence(doc: Document, us: list[Unit], headings: list[int], a: int, b: int) -> bool:
    """Units `a` and `b` belong to two provisions of one enumerated sequence under one heading.

    Two articles of a statute's chapter that end in the same consequence ("…，对单位判处罚金，
    并对其直接负责的主管人员和其他直接责任人员依照刑法有关规定追究刑事责任") attach one rule to
    two conditions: parallel provisions. A provision is the paragraph that opens with an
    enumerator (第三十九条, 4.) and the unnumbered paragraphs after it.
    """
    if headings[a] != headings[b]:
        return False
    pa, pb = _provision(doc, us, headings, a), _provision(doc, us, headings, b)
    if pa is None or pb is None or pa == pb:
        return False
    ea, eb = doc.blocks[us[pa].block].enumerator, doc.blocks[us[pb].block].enumerator
    return ea.scheme == eb.scheme and ea.unit == eb.unit


def _closing_clause(doc: Document, us: list[Unit], sen: _Sentence) -> bool:
    """The "sentence" is the clause after a semicolon that ends its block: the consequence of a provision.

    "…的，依法给予处分；构成犯罪的，依法追究刑事责任。" closes the sentence that states the
    condition; a whole sentence (after a full stop) pasted onto the end of a paragraph is not one.
    """
    block = doc.blocks[us[sen.unit].block]
    if normalize(doc.text[sen.end:block.end]).strip(".!?;"):
        return False
    return doc.text[block.start:sen.start].rstrip(" \t*_").endswith(("；", ";"))


def _provision(doc: Document, us: list[Unit], headings: list[int], j: int) -> int | None:
    """The unit that opens the provision unit `j` belongs to (None when no enumerated paragraph does)."""
    for k in range(j, headings[j], -1):
        b = doc.blocks[us[k].block]
        if b.enumerator is not None and b.kind == "paragraph":
            return k
    return None


def _edges(key: str, size: int, min_chars: int) -> tuple[list[str], list[str]]:
    """The shortest run of leading clauses and of trailing clauses that says `min_chars` (tagged).

    `size` is content_length(key), the sum of its clauses' sizes: a sentence that says
    less than `min_chars` in all has no such run (half the sentences with clauses, on the benchmark).
    """
    if size < min_chars:
        return [], []
    cuts = [m.end() for m in _CLAUSE_END_RE.finditer(key)]
    if not cuts:
        return [], []
    bounds = [0] + cuts + ([len(key)] if cuts[-1] < len(key) else [])
    sizes = [content_length(key[bounds[k]:bounds[k + 1]]) for k in range(len(bounds) - 1)]
    heads, tails = [], []
    total = 0
    for k, size in enumerate(sizes[:-1]):
        total += size
        if total >= min_chars:
            heads.append("<" + key[: bounds[k + 1]])
            break
    total = 0
    for k in range(len(sizes) - 1, 0, -1):
        total += sizes[k]
        if total >= min_chars:
            tails.append(">" + key[bounds[k]:].strip())
            break
    return heads, tails


def _merge(doc: Document, hits: list[tuple[_Sentence, _Sentence]]) -> Iterator[Finding]:
    """One finding per run of consecutive copied sentences from the same block."""
    i = 0
    while i < len(hits):
        sen, orig = hits[i]
        j = i + 1
        while j < len(hits) and hits[j][0].unit == sen.unit and hits[j][1].unit == orig.unit:
            j += 1
        last, last_orig = hits[j - 1]
        n = j - i
        fields = {
            "line": doc.index.line_of(sen.start), "other_line": doc.index.line_of(orig.start),
            "sentences": n,
        }
        yield Finding(
            sen.start, last.end, fields,
            related=(RelatedSpan(orig.start, max(orig.end, last_orig.end), phrase("original_sentence")),),
        )
        i = j
