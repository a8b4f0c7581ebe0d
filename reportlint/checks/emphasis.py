"""Emphasis and code markers: unmatched `**` `__` `*` `_` `~~` and backticks, and pairs CommonMark leaves literal.

Two checks (param `check`):

- ``unbalanced``: a marker with no partner in its paragraph, list item, heading
  or table row — an odd count is broken whatever the renderer. Runs on `.txt`
  as on Markdown: drafts pasted from an editor carry `**` anyway.
- ``literal``: a pair that is balanced but that CommonMark does not render,
  because a marker has punctuation on its inner side and a letter on its outer
  side (`**“五个新区”**建设`, commonmark-spec#650). markdownlint says nothing.

Pairing is deliberately looser than CommonMark (a marker opens when a non-space
follows it and closes when a non-space precedes it) so that a marker the
renderer would leave literal is still paired with its partner and the pair is
then judged by the strict flanking rules. Not emphasis: list bullets, `*`
between spaces or digits (maths), intra-word `_` (snake_case), runs of three or
more `_` (blanks to fill in), a single `~` (a range), escaped markers, code,
URLs and link destinations.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.examples import example_blocks
from reportlint.analysis.masks import MASK, MAX_PER_BLOCK, doc_masks, literal_spans
from reportlint.analysis.reuse import kept
from reportlint.diagnostics import Edit, Finding, Fix, Phrase, phrase
from reportlint.document import Block, Document
from reportlint.text import rx

# `reason` and `unit` (the block: paragraph, list_item, table_row, heading) are Phrases worded in the
# rule's YAML; MK004's reason holds `why` (a Phrase with `inside`/`outside`); `clauses` adds "more not listed".
FIELDS = frozenset({"marker", "reason", "unit", "why", "inside", "outside", "more", "clauses", "note"})
CLAUSES = frozenset({"unmatched", "unclosed_code", "more_not_listed", "paragraph", "list_item", "table_row",
                     "heading", "literal", "opener_punctuation", "opener_cannot_open", "closer_punctuation",
                     "closer_cannot_close", "delimiter_runs"})
MESSAGE = "'{marker}': {reason}{note}"
_UNITS = ("list_item", "table_row", "heading")

CHECKS = ("unbalanced", "literal")
_RUN_RE = rx.compile(r"\*+|_+|~+")
_IDENT_PUNCT = frozenset("-/:.~=\\@#$%^&+|<>")
_IDENT_PUNCT_STAR = _IDENT_PUNCT - {"-"}  # non-*lying*: CommonMark opens emphasis after a hyphen
_FENCE_LINE_RE = rx.compile(r"^[ \t]*(```|~~~)")


@dataclass(frozen=True)
class Params:
    """Params of the `emphasis` kind: what a rule's YAML `params` may set (validated by the loader)."""
    check: str = "unbalanced"
    markers: tuple[str, ...] = ("**", "__", "*", "_", "~~", "`")


def validate(params: Params) -> list[tuple[str, str]]:
    problems = []
    if params.check not in CHECKS:
        problems.append(("check", f"unknown check '{params.check}'; allowed: {', '.join(CHECKS)}"))
    bad = [m for m in params.markers if m not in ("**", "__", "*", "_", "~~", "`")]
    if bad:
        problems.append(("markers", f"unknown marker(s) {', '.join(bad)}; allowed: ** __ * _ ~~ `"))
    return problems


class Token(NamedTuple):
    pos: int  # offset in the block's content
    marker: str  # "**", "*", "__", "_", "~~"
    run_start: int  # the whole delimiter run this token belongs to
    run_end: int


class Analysis:
    """Emphasis and code markers of a block, paired or left open (shared by MK003 and MK004).

    A plain class: nothing compares or prints it, and a dataclass costs ~3 M instructions at start-up."""

    __slots__ = ("unmatched", "pairs", "literal", "backticks")

    def __init__(self, unmatched: tuple[Token, ...], pairs: tuple[tuple[Token, Token], ...],
                 literal: tuple[tuple[Token, Token, Phrase], ...], backticks: tuple[tuple[int, int], ...]) -> None:
        self.unmatched = unmatched  # paired by neither CommonMark nor the loose reading (MK003)
        self.pairs = pairs  # pairs CommonMark renders
        self.literal = literal  # loose pairs CommonMark shows literally, and why (MK004)
        self.backticks = backticks  # unmatched backtick runs


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_punct(ch: str) -> bool:
    if ch == "" or ch == MASK:
        return False
    if ch.isascii():
        return not ch.isalnum() and not ch.isspace()
    cat = unicodedata.category(ch)
    return cat.startswith("P") or cat.startswith("S")


class Run(NamedTuple):
    """A delimiter run of `*` or `_` (or a `~~`) that may be emphasis: its span in the block's content.

    `look` says what else it may be: "" a marker; "alike" a look-alike (an identifier, a glob,
    arithmetic, the marker quoted) that pairs if CommonMark pairs it but is never reported as
    unmatched; "spaced" a doubled marker with a space on both sides (`** bold **`), which
    CommonMark never renders but a reader pairs.
    """
    start: int
    end: int
    char: str
    look: str = ""


def _runs(masked: str, plain: bool = False) -> list[Run]:
    """The runs of `*`, `_` and `~~` that can be emphasis markers, look-alikes marked.

    `plain` (a .txt file): a single `*` or `_` is a footnote mark, a wildcard, a grammar or
    arithmetic operator (1*DIGIT, n*8) far more often than emphasis; only doubled markers count.
    """
    out: list[Run] = []
    last_nl, scanned = -1, 0  # line starts found incrementally: rfind from 0 would be quadratic on one long line
    for m in _RUN_RE.finditer(masked):
        s, e = m.start(), m.end()
        k = masked.rfind("\n", scanned, s)
        if k != -1:
            last_nl = k
        scanned = s
        c, n = masked[s], e - s
        prev = masked[s - 1] if s > 0 else ""
        nxt = masked[e] if e < len(masked) else ""
        ls = last_nl + 1
        line_start = s - ls <= 16 and not masked[ls:s].strip()
        if _is_space(prev) and _is_space(nxt):
            if c != "~" and 2 <= n <= 3 and not line_start and prev != "" and nxt != "":
                out.append(Run(s, e, c, "spaced"))  # `** bold **`: spaces inside the markers
            continue  # ` * ` maths, `***` rule, a lone marker between spaces
        if c == "*" and n == 1 and line_start and nxt in (" ", "\t"):
            continue  # a list bullet
        if c == "~":
            if n == 2:
                out.append(Run(s, e, "~"))
            continue
        out.append(Run(s, e, c, "alike" if _look_alike(masked, s, e, prev, nxt, plain) else ""))
    return out


def _look_alike(masked: str, s: int, e: int, prev: str, nxt: str, plain: bool) -> bool:
    """A run that is most likely not meant as emphasis (reported only if CommonMark pairs it)."""
    c, n = masked[s], e - s
    if plain and n == 1:
        return True
    if c == "_":
        if n >= 3:
            return True  # ______ is a blank to fill in
        if _PREFIX_NAME_RE.match(masked, e):
            return True  # “__Host-”前缀, __Secure-: a prefix name spelled with its underscores, not emphasis
        if prev and nxt and not _is_space(prev) and not _is_space(nxt) and not _is_punct(prev) and not _is_punct(nxt):
            return True  # snake_case: intra-word underscores are not emphasis
    if n == 1 and ((prev, nxt) in _ENCLOSED or prev == nxt == MASK):
        return True  # the marker itself, quoted or bracketed: [*], "*", (*), <sup>*</sup>
    glue = _IDENT_PUNCT if c == "_" else _IDENT_PUNCT_STAR
    if n == 1 and (prev in glue and nxt.isascii() and nxt.isalnum() or _in_identifier(masked, s)):
        return True  # part of an identifier, path or glob: stream-_read, /:_auth, ~/.*rc, _PYENV_PREFIX, test_*.py
    if c == "*":
        if n <= 2 and prev.isdigit() and nxt.isdigit():
            return True  # 3*4, 2**32: arithmetic
        if n == 1 and prev != "" and prev in "/\\":
            return True  # a path glob: SourceDetail/*, C:\\*
    return False


# A name that ends with a hyphen is a prefix (cookie prefixes __Host- __Secure-): no emphasis ends so.
_PREFIX_NAME_RE = rx.compile(r"[A-Za-z][A-Za-z0-9]*-(?![A-Za-z0-9])")

_ENCLOSED = frozenset({("[", "]"), ("(", ")"), ("<", ">"), ('"', '"'), ("'", "'"), ("“", "”"), ("‘", "’"),
                       ("（", "）"), ("「", "」"), ("『", "』"), ("《", "》"), ("【", "】")})

_IDENT_WORD_RE = {  # what makes a word code-like around a single marker
    "_": rx.compile(r"_|::|/|\.[A-Za-z0-9]|[a-z][A-Z]"),
    "*": rx.compile(r"_|::|/"),
}


def _in_identifier(masked: str, pos: int) -> bool:
    """Whether the marker at `pos` sits in a code-like word (another `_`, `::`, a path, camelCase, CAPS)."""
    a = pos
    while a > 0 and not masked[a - 1].isspace() and pos - a < 64:
        a -= 1
    b = pos + 1
    while b < len(masked) and not masked[b].isspace() and b - pos < 64:
        b += 1
    # markers at the word's edges are emphasis around it (__foo_, *(_ x_)*), not part of a name
    word = (masked[a:pos] + masked[pos + 1 : b]).strip("*_()[]“”‘’\"'.,;:!?")
    return word.isascii() and bool(_IDENT_WORD_RE[masked[pos]].search(word))


def analyse(block: Block, masked: str, plain: bool = False) -> Analysis:
    """Pair the markers of one block as CommonMark does; pair the rest loosely; what is left is unmatched.

    First CommonMark's delimiter-run algorithm (spec, "process emphasis") on the `*` and `_`
    runs, link texts being separate scopes: what it pairs renders (`pairs`). The delimiters
    it leaves literal are then paired loosely (a marker opens before a non-space and closes
    after one), so that `**“五个新区”**建设` is a pair CommonMark shows literally (`literal`,
    MK004) rather than two stray markers; what neither pairs is `unmatched` (MK003).
    """
    runs = _runs(masked, plain)
    original = block.content

    def at(i: int) -> str:
        if i < 0 or i >= len(masked):
            return ""
        return original[i] if masked[i] == MASK else masked[i]

    emph = [r for r in runs if r.char in "*_" and r.look != "spaced"]
    left = [[r.start, r.end] for r in emph]  # chars of each run not yet used by a rendered pair
    rendered: list[tuple[Token, Token]] = []
    for scope in _scopes(emph, _link_texts(masked)):
        _process_emphasis(scope, emph, left, at, rendered)
    tokens: list[Token] = []
    spaced = {r.start for r in runs if r.look == "spaced"}
    for r in runs:
        if r.look == "spaced":
            tokens.append(Token(r.start, r.char * 2, r.start, r.end))
    for k, r in enumerate(emph):
        lo, hi = left[k]
        if r.look or hi - lo >= 4 and (lo, hi) == (r.start, r.end):
            continue  # a look-alike CommonMark left alone, or a row of four or more asterisks
        while hi - lo >= 2:
            tokens.append(Token(lo, r.char * 2, r.start, r.end))
            lo += 2
        if hi - lo == 1:
            tokens.append(Token(lo, r.char, r.start, r.end))
    tokens += [Token(r.start, "~~", r.start, r.end) for r in runs if r.char == "~"]
    tokens.sort(key=lambda t: t.pos)
    stacks: dict[str, list[Token]] = {}
    loose: list[tuple[Token, Token]] = []
    unmatched: list[Token] = []
    for t in tokens:
        both = t.pos in spaced
        can_open = both or not _is_space(at(t.run_end))
        can_close = both or not _is_space(at(t.run_start - 1))
        stack = stacks.setdefault(t.marker, [])
        if can_close and stack:
            loose.append((stack.pop(), t))
        elif can_open:
            stack.append(t)
        else:
            unmatched.append(t)
    for stack in stacks.values():
        unmatched.extend(stack)
    unmatched = _relocate_to_broken_wrap(masked, runs, unmatched)
    unmatched.sort(key=lambda t: t.pos)
    literal: list[tuple[Token, Token, Phrase]] = []
    for o, c in loose:
        why = _why_literal(masked, original, o, c)
        if why is None and o.marker != "~~":
            why = phrase("delimiter_runs")
        if why is None:
            rendered.append((o, c))  # ~~strikethrough~~ (GFM)
        else:
            literal.append((o, c, why))
    _, ticks = literal_spans(block.content)  # a backtick inside a shortcode is the template's
    return Analysis(tuple(unmatched), tuple(sorted(rendered)), tuple(literal), tuple(ticks))


def _link_ends(masked: str) -> list[tuple[int, int]]:
    """(offset of `[`, offset just past the closing `)`) of each inline link `[text](dest)`."""
    out = []
    for a, b in _link_texts(masked):
        close = masked.find(")", b + 2)
        if close != -1 and "\n" not in masked[b:close]:
            out.append((a - 1, close + 1))
    return out


def _relocate_to_broken_wrap(masked: str, runs: list[Run], unmatched: list[Token]) -> list[Token]:
    """Point a lone unmatched marker at the one link the block's pattern leaves unwrapped.

    In `(**[@a](u)**) and (**[@b](v)) and (**[@c](w)**)` the marker lost after `[@b](v)` makes the
    pairing shift, so the marker left over is the last one, far from the defect. When every other
    link of the block sits between two markers and exactly one has a marker on one side only, that
    one is where the marker was lost.
    """
    if not unmatched:
        return unmatched
    links = _link_ends(masked) if "](" in masked else []
    if len(links) < 2:
        return unmatched
    out = list(unmatched)
    for marker in {t.marker for t in unmatched}:
        lone = [t for t in unmatched if t.marker == marker]
        if len(lone) != 1:
            continue
        mine = [r for r in runs if r.char == marker[0] and r.end - r.start == len(marker)]
        starts = {r.start: r for r in mine}
        ends = {r.end: r for r in mine}
        wrapped, half = 0, []
        for a, b in links:
            before, after = ends.get(a), starts.get(b)
            if before and after:
                wrapped += 1
            elif before or after:
                half.append(before or after)
        if wrapped and len(half) == 1 and half[0].start != lone[0].run_start:
            r = half[0]
            out[out.index(lone[0])] = Token(r.start, marker, r.start, r.end)
    return out


def _link_texts(masked: str) -> list[tuple[int, int]]:
    """The text spans `[...]` of inline links `[...](...)`: emphasis inside one never pairs outside it."""
    out: list[tuple[int, int]] = []
    i = masked.find("](")
    while i != -1:
        depth, j = 0, i - 1
        while j >= 0 and i - j < 1000:
            ch = masked[j]
            if ch == "]":
                depth += 1
            elif ch == "[":
                if depth == 0:
                    out.append((j + 1, i))
                    break
                depth -= 1
            j -= 1
        i = masked.find("](", i + 2)
    # links do not contain links: brackets around an inner link are literal text (CommonMark)
    return [(a, b) for a, b in out if not any(a <= c and d <= b and (c, d) != (a, b) for c, d in out)]


def _scopes(runs: list[Run], links: list[tuple[int, int]]) -> list[list[int]]:
    """Indices of `runs` grouped by the innermost link text holding them (the rest: one scope)."""
    groups: dict[tuple[int, int] | None, list[int]] = {}
    for k, r in enumerate(runs):
        inner = None
        for a, b in links:
            if a <= r.start and r.end <= b and (inner is None or a >= inner[0]):
                inner = (a, b)
        groups.setdefault(inner, []).append(k)
    return list(groups.values())


def _process_emphasis(scope: list[int], runs: list[Run], left: list[list[int]], at, out: list) -> None:
    """CommonMark's "process emphasis" over one scope's delimiter runs (spec 0.31, appendix).

    `left[k]` holds the still-unused chars of run k: an opener gives them up from its inner
    (right) end, a closer from its inner (left) end; rendered pairs are appended to `out`.
    """
    n = len(scope)
    if n < 2:
        return
    info = []
    for k in scope:
        r = runs[k]
        prev, nxt = at(r.start - 1), at(r.end)
        lf, rf = _left_flanking(prev, nxt), _right_flanking(prev, nxt)
        if r.char == "_":
            info.append((lf and (not rf or _is_punct(prev)), rf and (not lf or _is_punct(nxt))))
        else:
            info.append((lf, rf))
    prv = list(range(-1, n - 1))
    nxt_ = list(range(1, n + 1))
    alive = [True] * n

    def remove(i: int) -> None:
        alive[i] = False
        if prv[i] >= 0:
            nxt_[prv[i]] = nxt_[i]
        if nxt_[i] < n:
            prv[nxt_[i]] = prv[i]

    bottom: dict[tuple[str, bool, int], int] = {}
    cur = 0
    while cur < n:
        k = scope[cur]
        can_open, can_close = info[cur]
        if not can_close:
            cur = nxt_[cur]
            continue
        r = runs[k]
        length = r.end - r.start
        key = (r.char, can_open, length % 3)
        floor = bottom.get(key, -1)
        o = prv[cur]
        found = -1
        while o > floor:
            ok = scope[o]
            if runs[ok].char == r.char and info[o][0]:
                olen = runs[ok].end - runs[ok].start
                odd = (info[o][1] or can_open) and (olen + length) % 3 == 0 and not (olen % 3 == 0 and length % 3 == 0)
                if not odd:
                    found = o
                    break
            o = prv[o]
        if found < 0:
            bottom[key] = prv[cur]
            nxt_cur = nxt_[cur]
            if not can_open:
                remove(cur)
            cur = nxt_cur
            continue
        ok = scope[found]
        use = 2 if left[ok][1] - left[ok][0] >= 2 and left[k][1] - left[k][0] >= 2 else 1
        left[ok][1] -= use
        left[k][0] += use
        marker = r.char * use
        ro = runs[ok]
        out.append((Token(left[ok][1], marker, ro.start, ro.end), Token(left[k][0] - use, marker, r.start, r.end)))
        m = nxt_[found]
        while m != cur:  # delimiters between the pair can no longer pair with anything
            following = nxt_[m]
            remove(m)
            m = following
        if left[ok][1] == left[ok][0]:
            remove(found)
        if left[k][1] == left[k][0]:
            following = nxt_[cur]
            remove(cur)
            cur = following


def _left_flanking(prev: str, nxt: str) -> bool:
    return not _is_space(nxt) and (not _is_punct(nxt) or _is_space(prev) or _is_punct(prev))


def _right_flanking(prev: str, nxt: str) -> bool:
    return not _is_space(prev) and (not _is_punct(prev) or _is_space(nxt) or _is_punct(nxt))


def _why_literal(text: str, original: str, opener: Token, closer: Token) -> Phrase | None:
    """Why CommonMark leaves this pair literal, or None when it renders.

    Flanking is decided on the characters CommonMark sees: where `text` is masked
    (code, HTML, a link target), the original character (`, <, () counts.
    """

    def at(i: int) -> str:
        if i < 0 or i >= len(text):
            return ""
        return original[i] if text[i] == MASK else text[i]

    o_prev, o_next = at(opener.run_start - 1), at(opener.run_end)
    c_prev, c_next = at(closer.run_start - 1), at(closer.run_end)
    underscore = opener.marker[0] == "_"
    can_open = _left_flanking(o_prev, o_next) and (
        not underscore or not _right_flanking(o_prev, o_next) or _is_punct(o_prev))
    can_close = _right_flanking(c_prev, c_next) and (
        not underscore or not _left_flanking(c_prev, c_next) or _is_punct(c_next))
    if not can_open:
        if _is_punct(o_next) and not (_is_space(o_prev) or _is_punct(o_prev)):
            return phrase("opener_punctuation", inside=o_next, outside=o_prev)
        return phrase("opener_cannot_open")
    if not can_close:
        if _is_punct(c_prev) and not (_is_space(c_next) or _is_punct(c_next)):
            return phrase("closer_punctuation", inside=c_prev, outside=c_next)
        return phrase("closer_cannot_close")
    return None


def _skip_block(block: Block, doc: Document) -> bool:
    # Published hard-wrapped plain text carries no emphasis markup: `1*base64-data`, `2**60`, `*LWS`.
    return doc.format == "txt" and (doc.layout in ("wrapped", "rst") or bool(_FENCE_LINE_RE.match(block.text)))


def doc_analyses(doc: Document) -> dict[int, Analysis]:
    """`analyse` of every prose block that holds a marker, computed once for MK003 and MK004 (a document view)."""
    return doc.view(_doc_analyses)


def _doc_analyses(doc: Document) -> dict[int, Analysis]:
    masks = doc_masks(doc, escapes=True)
    out: dict[int, Analysis] = {}
    plain = doc.format == "txt"
    store = kept(doc)
    for i, block in enumerate(doc.blocks):
        if not block.is_prose or _skip_block(block, doc):
            continue
        masked = masks[i]
        if "*" in masked or "_" in masked or "~" in masked or "`" in masked:
            # of the block's content and mask alone (offsets in the content): once per distinct block
            # in a run, or from the document's last version in the language server (`analysis.reuse.kept`)
            out[i] = store.get("emphasis.analyse", (block.content, masked, plain),
                               lambda: analyse(block, masked, plain=plain))
    return out


def run(doc: Document, params: Params) -> Iterator[Finding]:
    if params.check != "unbalanced" and doc.format != "md":
        return  # the literal check judges CommonMark rendering only
    masks = doc_masks(doc, escapes=True)
    wanted = set(params.markers)
    examples = doc.view(example_blocks)
    for i, a in doc_analyses(doc).items():
        if i in examples:
            continue
        block = doc.blocks[i]
        masked = masks[i]
        base = block.content_start
        if params.check == "unbalanced":
            unit = phrase(block.kind if block.kind in _UNITS else "paragraph")
            shown = [t for t in a.unmatched if t.marker in wanted]
            for k, t in enumerate(shown[:MAX_PER_BLOCK]):
                end = t.pos + len(t.marker)
                more = len(shown) - MAX_PER_BLOCK if k == MAX_PER_BLOCK - 1 and len(shown) > MAX_PER_BLOCK else 0
                fields = {"marker": t.marker, "unit": unit, "reason": phrase("unmatched"), "more": more,
                          "clauses": ("more_not_listed",) if more else ()}
                yield Finding(
                    base + t.pos, base + end, fields,
                    fix=Fix((Edit(base + t.pos, base + end, ""),), safe=False, description=f"remove the stray '{t.marker}'"),
                )
            if "`" in wanted:
                for s, e in a.backticks:
                    tick = block.content[s:e]
                    yield Finding(base + s, base + e, {"marker": tick, "unit": unit, "reason": phrase("unclosed_code"),
                                                       "clauses": ()})
        elif doc.format == "md":
            for o, c, why in a.literal:
                if o.marker not in wanted:
                    continue
                yield Finding(
                    base + o.pos, base + c.pos + len(c.marker),
                    {"marker": o.marker, "reason": phrase("literal", why=why), "clauses": ()},
                )
