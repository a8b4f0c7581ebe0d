"""Balanced brackets and quotation marks, per paragraph, list item, heading or table row.

textlint's pair rule works per sentence and misses “ ” 《 》; a bracket opened in
one sentence and closed in the next is fine, so the unit here is the block. Each
bracket family has its own stack (one stray `（` does not cascade into errors on
every later `【`), full- and half-width forms of a bracket count as one family
(`（…)` is a width problem, owned by the width rule), and the diagnostic points
at the unmatched character. The inline masking (code spans, URLs, link destinations
are not prose) is the analysis layer's (`analysis.masks`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.diagnostics import Edit, Finding, Fix, RelatedSpan, phrase
from reportlint.document import Block, Document
from reportlint.analysis.examples import example_blocks
from reportlint.analysis.masks import MAX_PER_BLOCK, doc_masks
from reportlint.analysis.reuse import kept
from reportlint.text import rx

# `reason` is a Phrase (its clause worded in the rule's YAML, with `partner`/`want`); `clauses` adds
# "more not listed" (`more`) to the last finding of a crowded paragraph.
FIELDS = frozenset({"char", "reason", "partner", "want", "more", "clauses", "note"})
CLAUSES = frozenset({"its_partner", "no_closing", "no_opening", "more_not_listed", "mixed_opens", "mixed_closes",
                     "reversed_quotes", "quote_opens_with", "quote_closes_with", "odd_straight_quotes"})
MESSAGE = "Unmatched '{char}': {reason}{note}"

# ---------------------------------------------------------------- pairs


@dataclass(frozen=True)
class Params:
    """Params of the `pair` kind: what a rule's YAML `params` may set (validated by the loader)."""
    # Each entry: opening characters, a space, closing characters ("（( ）)": either width pairs).
    pairs: tuple[str, ...] = ("（( ）)", "[ ]", "【 】", "《 》", "〈 〉", "{ }")
    straight_quotes: bool = False  # parity of " in a block
    continued_quotes: bool = True  # a quotation over several paragraphs: each opens with “, the last closes
    skip_enumerators: bool = True  # 1) a) iv) are list numbers, not unmatched brackets
    mixed_width: bool = False  # a pair whose halves differ in width （Alibaba) is reported at its closer


class Families(NamedTuple):
    """What `pairs` means: each bracket character's (family, is opening) and one pattern finding them all."""
    of: dict[str, tuple[int, bool]]
    pattern: re.Pattern[str] | None


@functools.lru_cache(maxsize=64)
def families(pairs: tuple[str, ...]) -> Families:
    """Derived from the params, not stored in them (a pure function of an immutable tuple, cached)."""
    fam: dict[str, tuple[int, bool]] = {}
    for i, entry in enumerate(pairs):
        opens, _, closes = entry.partition(" ")
        for c in opens:
            fam[c] = (i, True)
        for c in closes:
            fam[c] = (i, False)
    return Families(fam, rx.compile("[" + re.escape("".join(fam)) + "]") if fam else None)


def validate(params: Params) -> list[tuple[str, str]]:
    problems = []
    for entry in params.pairs:
        opens, sep, closes = entry.partition(" ")
        if not sep or not opens or not closes or " " in closes:
            problems.append(("pairs", f"'{entry}' must be opening characters, one space, closing characters"))
    return problems


_ENUM_BEFORE_RE = rx.compile(r"(?:^|[\s\u3000，。；：、,;:（(“\"*_]|[\u4e00-\u9fff])(?:\d{1,3}|[A-Za-z]|[ivxIVX]{2,4})$")
_INTERVAL_RE = rx.compile(r"[(\[]\s*[-+−]?[\w.∞]{1,12}\s*[,，]\s*[-+−]?[\w.∞]{1,12}\s*[)\]]")
# The eyes of a smiley before its `)`: `:)`, `;-)`, and the full-width `：）` of Chinese text (文档：）).
_SMILEY_RE = rx.compile(r"[:;=8：；]-?$")
APOSTROPHE_NEIGHBOURS = rx.compile(r"[A-Za-z0-9]")


def _is_apostrophe(text: str, pos: int) -> bool:
    prev = text[pos - 1] if pos > 0 else ""
    nxt = text[pos + 1] if pos + 1 < len(text) else ""
    return bool(APOSTROPHE_NEIGHBOURS.match(prev) or APOSTROPHE_NEIGHBOURS.match(nxt))


_STRAIGHT_QUOTE_RE = rx.compile('"')


def _straight_quote_unmatched(text: str) -> list[int]:
    """Position of an unmatched `"` when a block holds an odd number of them.

    A `"` right after a digit may be an inch mark (a 12" screen); with one of
    those about, an odd count is ambiguous and nothing is reported.
    """
    if '"' not in text:
        return []
    quotes = [m.start() for m in _STRAIGHT_QUOTE_RE.finditer(text)]
    if len(quotes) % 2 == 0 or any(i > 0 and text[i - 1].isdigit() for i in quotes):
        return []
    bad: list[int] = []
    open_at: int | None = None
    for i in quotes:
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if open_at is None:
            if not nxt.isspace():
                open_at = i
            else:
                bad.append(i)
        elif not prev.isspace():
            open_at = None
        else:
            bad.append(open_at)
            open_at = i
    if open_at is not None:
        bad.append(open_at)
    return bad[:1] if bad else quotes[-1:]


def _pairs_and_mixed(text: str, params: Params) -> tuple[tuple[list[int], list[int]], list[tuple[int, int]]]:
    mixed: list[tuple[int, int]] = []
    return block_pairs(text, params, mixed if params.mixed_width else None), mixed


def block_pairs(text: str, params: Params, mixed: list[tuple[int, int]] | None = None) -> tuple[list[int], list[int]]:
    """(unmatched openers, unmatched closers) as positions in `text`.

    `mixed`, when given, collects the pairs whose two halves differ in width: （Alibaba).
    """
    fam, pattern = families(params.pairs)
    if pattern is None:
        return [], []
    stacks: dict[int, list[int]] = {}
    closers: list[int] = []
    for m in pattern.finditer(text):
        i = m.start()
        c = text[i]
        f, is_open = fam[c]
        stack = stacks.get(f)
        if c == "’" and not stack and _is_apostrophe(text, i):
            continue
        if is_open:
            if stack is None:
                stacks[f] = [i]
            else:
                stack.append(i)
        elif stack:
            j = stack.pop()
            if mixed is not None and text[j].isascii() != c.isascii():
                mixed.append((j, i))
        else:
            closers.append(i)
    if not stacks:
        return [], closers
    openers = sorted(p for s in stacks.values() for p in s)
    return openers, closers


def _exempt_closer(text: str, pos: int, params: Params) -> bool:
    c = text[pos]
    before = text[max(0, pos - 6) : pos]
    if c in ")）" and _SMILEY_RE.search(before):
        return True  # an emoticon closes nothing
    if c in ")）" and params.skip_enumerators and _ENUM_BEFORE_RE.search(before):
        return True  # 1) a) iv) number a list
    if c == "]" and text[pos + 1 : pos + 2] == "(":
        return True  # `t](url)`: a broken link, owned by the link rule
    return False


def _code_brace(text: str, pos: int) -> bool:
    """`{` ending its line or `}` opening one: the braces of a code or JSON example (`int f() {`)."""
    if text[pos] == "{":
        end = text.find("\n", pos)
        return not text[pos + 1 : end if end != -1 else len(text)].strip()
    if text[pos] == "}":
        return not text[text.rfind("\n", 0, pos) + 1 : pos].strip()
    return False


def _exempt_opener(text: str, pos: int) -> bool:
    c = text[pos]
    if c == "(" and pos > 0 and text[pos - 1] == "]":
        return True  # `[t](url`: a broken link, owned by the link rule
    if c == "‘" and pos + 1 < len(text) and text[pos + 1].isdigit():
        return True  # ‘90s: an apostrophe typed as an opening quote
    return False


def _starts_with(block: Block, text: str, chars: str) -> int | None:
    """Offset in `text` of a leading quotation mark (after markup and space), else None."""
    i = 0
    while i < len(text) and text[i] in " \t\u3000*_>":
        i += 1
    return i if i < len(text) and text[i] in chars else None


def run(doc: Document, params: Params) -> Iterator[Finding]:
    masks = doc_masks(doc, escapes=False)
    examples = doc.view(example_blocks)
    prose = [i for i, b in enumerate(doc.blocks) if b.is_prose and i not in examples]
    results: dict[int, tuple[list[int], list[int]]] = {}
    mixed: dict[int, list[tuple[int, int]]] = {}
    store = kept(doc)
    for i in prose:
        # of the block's mask alone (positions in it): once per distinct mask in a run, or from the
        # document's last version in the language server (`analysis.reuse.kept`)
        text = masks[i]
        results[i], mixed[i] = store.get("pair.block", (text, params), lambda: _pairs_and_mixed(text, params))
    spanned: dict[int, bool] = {}  # blocks whose first unmatched closer ends a note opened paragraphs before
    for k, i in enumerate(prose):
        block = doc.blocks[i]
        text = masks[i]
        base = block.content_start
        openers, closers = results[i]
        for o, c in mixed[i][:MAX_PER_BLOCK]:
            yield _mixed_finding(text, base, o, c, params)
        if not openers and not closers and not params.straight_quotes:
            continue  # balanced: nothing to report (the common case)
        openers = [p for p in openers if not _exempt_opener(text, p) and not _code_brace(text, p)]
        closers = [p for p in closers if not _exempt_closer(text, p, params) and not _code_brace(text, p)]
        if (openers or closers) and ("," in text or "，" in text):
            ends = {p for m in _INTERVAL_RE.finditer(text) for p in (m.start(), m.end() - 1)}
            openers = [p for p in openers if p not in ends]  # [0, 1) and (0, 100]: half-open intervals
            closers = [p for p in closers if p not in ends]
        if params.continued_quotes and openers and text[openers[-1]] in "“‘「『" and k + 1 < len(prose):
            # A quotation over several paragraphs: each opens with “, only the last closes.
            nxt = prose[k + 1]
            if _starts_with(doc.blocks[nxt], masks[nxt], text[openers[-1]]) is not None:
                openers = openers[:-1]
        if openers and k + 1 < len(prose) and _whole_note_opens(text, openers):
            end = _note_close(doc, prose, k, masks, results, params, text[openers[0]])
            if end is not None:
                openers = openers[1:]
                spanned[end] = True
        if closers and spanned.pop(i, False):
            closers = closers[1:]
        if openers or closers:
            yield from _report(text, base, openers, closers, params)
        if params.straight_quotes:
            for p in _straight_quote_unmatched(text):
                if params.continued_quotes and p == _starts_with(block, text, '"') and k + 1 < len(prose) and \
                        _starts_with(doc.blocks[prose[k + 1]], masks[prose[k + 1]], '"') is not None:
                    continue  # a quotation over several paragraphs, typed with straight quotes
                yield Finding(base + p, base + p + 1, {"char": '"', "reason": phrase("odd_straight_quotes"), "clauses": ()})


def _mixed_finding(text: str, base: int, o: int, c: int, params: Params) -> Finding:
    """A pair of two widths: the half-width half is the odd one around Chinese or Japanese
    (クロージャー(関数閉包）), else the closer, which should match its opener (（Alibaba))."""
    odd, other = (c, o)
    if _CJK_RE.search(text, o + 1, c):
        odd, other = (o, c) if text[o].isascii() else (c, o)
    want = _counterpart(params, text[other], want_open=odd == o)  # the odd half's role, its partner's width
    reason = phrase("mixed_opens" if odd == o else "mixed_closes", partner=text[other], want=want)
    return Finding(base + odd, base + odd + 1, {"char": text[odd], "reason": reason, "clauses": ()},
                   related=(RelatedSpan(base + other, base + other + 1, phrase("its_partner", partner=text[other])),),
                   fix=Fix((Edit(base + odd, base + odd + 1, want),), safe=False, description=f"use '{want}'"))


_CJK_RE = rx.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
NOTE_SPAN = 8  # paragraphs a bracketed note may run over


_ATTRIBUTION_RE = rx.compile(r"^\s*(?:——|—|―|--)\s*\S.{0,100}$", re.S)


def _whole_note_opens(text: str, openers: list[int]) -> bool:
    """The block's only unmatched opener starts it: a note `[Note: …` or a quotation `「…` running on."""
    return len(openers) == 1 and text[openers[0]] in "[(（【「『“" and not text[: openers[0]].strip(" \t\u3000*_>")


def _note_close(doc: Document, prose: list[int], k: int, masks: dict[int, str],
                results: dict[int, tuple[list[int], list[int]]], params: Params, opener: str) -> int | None:
    """The later block whose text ends the note with the opener's partner, the blocks between balanced."""
    family = families(params.pairs).of[opener][0]
    for j in prose[k + 1 : k + 1 + NOTE_SPAN]:
        ops, cls = results[j]
        mine_open = [p for p in ops if families(params.pairs).of[masks[j][p]][0] == family]
        mine_close = [p for p in cls if families(params.pairs).of[masks[j][p]][0] == family]
        if mine_open:
            return None
        if mine_close:
            tail = masks[j][mine_close[0] + 1 :].strip(" \t\u3000*_.。")
            # The partner ends the paragraph, or only the quotation's source follows it: 」——鲁迅
            return j if len(mine_close) == 1 and (not tail or _ATTRIBUTION_RE.match(tail)) else None
    return None


def _closing_of(params: Params, c: str) -> str:
    return _counterpart(params, c, want_open=False)


def _opening_of(params: Params, c: str) -> str:
    return _counterpart(params, c, want_open=True)


def _counterpart(params: Params, c: str, want_open: bool) -> str:
    """The other half of `c`'s pair, of the same width where the family has both: ( → ), （ → ）."""
    f, _ = families(params.pairs).of[c]
    others = [ch for ch, (g, is_open) in families(params.pairs).of.items() if g == f and is_open == want_open]
    if not others:
        return "?"
    same_width = [ch for ch in others if ch.isascii() == c.isascii()]
    return (same_width or others)[0]


def _report(text: str, base: int, openers: list[int], closers: list[int], params: Params) -> Iterator[Finding]:
    # ”…” : a quotation opened with a closing mark; “…“ : closed with an opening one.
    wrong_way: set[int] = set()
    for close_ch, open_ch in (("”", "“"), ("’", "‘")):
        # ”…“ : the two marks of one quotation swapped.
        cl = [p for p in closers if text[p] == close_ch]
        op = [p for p in openers if text[p] == open_ch]
        for c_pos, o_pos in zip(cl, op):
            if c_pos < o_pos and c_pos not in wrong_way and o_pos not in wrong_way:
                wrong_way.update((c_pos, o_pos))
                yield Finding(
                    base + c_pos, base + o_pos + 1,
                    {"char": close_ch, "reason": phrase("reversed_quotes", partner=open_ch), "clauses": ()},
                    fix=Fix((Edit(base + c_pos, base + c_pos + 1, open_ch), Edit(base + o_pos, base + o_pos + 1, close_ch)),
                            safe=False, description="swap the quotation marks"),
                )
    closers = [p for p in closers if p not in wrong_way]
    openers = [p for p in openers if p not in wrong_way]
    for group, fix_pos in ((closers, 0), (openers, 1)):
        by_char: dict[str, list[int]] = {}
        for p in group:
            by_char.setdefault(text[p], []).append(p)
        for ch, ps in by_char.items():
            if ch not in "“”‘’":
                continue
            for a, b in zip(ps[0::2], ps[1::2]):
                target = (a, b)[fix_pos]
                wrong_way.update((a, b))
                other = _opening_of(params, ch) if fix_pos == 0 else _closing_of(params, ch)
                reason = phrase("quote_opens_with" if fix_pos == 0 else "quote_closes_with", want=other)
                yield Finding(
                    base + target, base + target + 1, {"char": ch, "reason": reason, "clauses": ()},
                    fix=Fix((Edit(base + target, base + target + 1, other),), safe=False,
                            description=f"replace '{ch}' with '{other}'"),
                )
    rest = sorted([(p, True) for p in openers if p not in wrong_way] + [(p, False) for p in closers if p not in wrong_way])
    for k, (p, is_open) in enumerate(rest[:MAX_PER_BLOCK]):
        c = text[p]
        if is_open:
            reason = phrase("no_closing", partner=_closing_of(params, c))
        else:
            reason = phrase("no_opening", partner=_opening_of(params, c))
        more = len(rest) - MAX_PER_BLOCK if k == MAX_PER_BLOCK - 1 and len(rest) > MAX_PER_BLOCK else 0
        yield Finding(base + p, base + p + 1, {"char": c, "reason": reason, "more": more,
                                               "clauses": ("more_not_listed",) if more else ()})
