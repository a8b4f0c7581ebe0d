"""Punctuation width: half-width , ; : ! ? ( ) inside Chinese text, full-width marks inside English.

Reports mix both languages, so each mark is judged by the characters around it,
not by the document's language: a mark is Chinese when a Han character stands
next to it (markup such as `**` and spaces skipped) and the other side is
Chinese too — Han, full-width punctuation, a number, the end of the paragraph,
or Latin text inside a sentence that is mostly Chinese. Half-width brackets are
reported when they enclose Chinese (帮(代)办, 报告(摘要)); `人工智能(AI)` is a
common house style and left alone. Untouched: numbers (1,234.5), times
(10:30), URLs, code, heading enumerators at a block start (`(一)` belongs to the
heading rules), ASCII-only text. One finding per paragraph, at its first mark,
with every mark of the paragraph in its (safe) fix.
"""

from __future__ import annotations

import functools

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.examples import code_text, example_blocks, quoted_code
from reportlint.analysis.masks import MASK, InlineLink, InlineParse, block_inline, doc_masks, parse_inline, unit_name
from reportlint.analysis.reuse import kept
from reportlint.diagnostics import Edit, Finding, Fix, RelatedSpan, phrase
from reportlint.document import Block, Document
from reportlint.text.cjk import CJK_PUNCT, HALF_TO_FULL, HAN_RE, is_han as _is_han_char
from reportlint.text.enumerators import match_enumerator
from reportlint.text import rx

FIELDS = frozenset({"mark", "replacement", "count", "more"})
CLAUSES = frozenset({"same_mark"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "Half-width '{mark}' in Chinese text; use '{replacement}'{more}"

CHECKS = ("halfwidth", "fullwidth")
HALF_TO_FULL_ZH = HALF_TO_FULL | {".": "。"}  # a Chinese sentence ended with '.'
FULL_TO_HALF_EN = {"，": ",", "；": ";", "：": ":", "！": "!", "？": "?", "（": "(", "）": ")", "。": "."}
_SKIP = " \t\u3000*_~"
_CJK_OPEN = "“‘《〈「『【（"
_LATIN_RE = rx.compile(r"[A-Za-z]")
_PAREN_RE = rx.compile(r"[()]")
_CJK_TEXT_RE = rx.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")  # Han, kana, Hangul
_DOTTED_HAN_RE = rx.compile(r"[\u4e00-\u9fff]{1,6}\.[\u4e00-\u9fff]{1,6}\.[\u4e00-\u9fff]")
_REF_LINK_RE = rx.compile(r"(?<![\\\]])\[[^\[\]\n]+\](?P<label>\[[^\[\]\n]*\])")  # [text][label], [text][]
# `:tropical_drink:`, `:+1:`: an emoji shortcode (GitHub, Slack); its colons are part of the code, not punctuation.
_SHORTCODE_RE = rx.compile(r"(?<![A-Za-z0-9_:]):[a-z0-9_+-]{2,40}:(?![A-Za-z0-9_:])")
_QUOTED = frozenset({('"', '"'), ("'", "'"), ("“", "”"), ("‘", "’"), ("「", "」"), ("(", ")"), ("[", "]")})
WINDOW = 24  # characters each side that decide whether a sentence is mostly Chinese
MAX_RELATED = 20
WIDE = 60  # the wider context that tells an English sentence quoting Chinese words from Chinese text


@dataclass(frozen=True)
class Params:
    """Params of the `punctuation-width` kind: what a rule's YAML `params` may set (validated by the loader)."""
    check: str = "halfwidth"
    marks: str = ",;:!?()"
    min_han_share: float = 0.5  # Han share of the letters around a mark that makes Latin neighbours Chinese text
    min_context_share: float = 0.3  # below this Han share of the wider context, the text is English quoting Chinese
    per: str = "block"  # one finding per "block", or one per "document" (a typing habit is one cause)


def validate(params: Params) -> list[tuple[str, str]]:
    problems = []
    if params.check not in CHECKS:
        problems.append(("check", f"unknown check '{params.check}'; allowed: {', '.join(CHECKS)}"))
    table = HALF_TO_FULL_ZH if params.check == "halfwidth" else FULL_TO_HALF_EN
    bad = [c for c in params.marks if c not in table]
    if bad:
        problems.append(("marks", f"no counterpart for {''.join(bad)}; allowed: {''.join(table)}"))
    if params.per not in ("block", "document"):
        problems.append(("per", f"unknown value '{params.per}'; allowed: block, document"))
    if not 0.0 <= params.min_han_share <= 1.0:
        problems.append(("min_han_share", "must be between 0 and 1"))
    return problems


def is_han(ch: str) -> bool:
    return len(ch) == 1 and _is_han_char(ch)


@functools.lru_cache(maxsize=16)
def _marks_re(marks: str) -> re.Pattern[str]:
    """One class of a rule's marks, built once per marks (not once per block: a lazy pattern each time)."""
    return rx.compile("[" + re.escape(marks) + "]")


def _neighbour_at(text: str, pos: int, step: int) -> int:
    """The offset of `_neighbour`'s character (-1 or len(text) past either end)."""
    i = pos + step
    while 0 <= i < len(text) and text[i] in _SKIP:
        i += step
    return i


def _links_by_end(content: str, links: list[InlineLink]) -> dict[int, tuple[int, int]]:
    """The last character of each link's syntax (`)` of `[t](url)`, `]` of `[t][ref]`) → (the link's start,
    the `]` that ends the text a reader sees): a mark after a link borders the link's text, and the
    sentence around the link, not its brackets."""
    out = {lk.end - 1: (lk.start, lk.text_end) for lk in links}
    for m in _REF_LINK_RE.finditer(content):
        out.setdefault(m.end() - 1, (m.start(), m.start("label") - 1))
    return out


def _neighbour(text: str, pos: int, step: int) -> str:
    i = pos + step
    while 0 <= i < len(text) and text[i] in _SKIP:
        i += step
    return text[i] if 0 <= i < len(text) else ""


def _cjk_punct(ch: str) -> bool:
    return ch != "" and (ch in CJK_PUNCT or 0xFF01 <= ord(ch) <= 0xFF5E and not ch.isalnum())


def _han_share(text: str, pos: int, width: int = WINDOW) -> float:
    window = text[max(0, pos - width) : pos + width]
    han = len(HAN_RE.findall(window))
    latin = len(_LATIN_RE.findall(window))
    return han / (han + latin) if han + latin else 0.0


def _numeric(ch: str) -> bool:
    return ch.isdigit() or ch in "%‰"


def _chinese_side(text: str, pos: int, other: str, params: Params) -> bool:
    if other == "" or other == "\n" or is_han(other) or _cjk_punct(other) or _numeric(other):
        return True
    return bool(_LATIN_RE.match(other)) and _han_share(text, pos) >= params.min_han_share


def _enumerator_span(block: Block) -> tuple[int, int]:
    """The heading enumerator at the start of the block's content (relative offsets), or (0, 0)."""
    text = block.content
    lead = len(text) - len(text.lstrip(" \t\u3000*_"))
    if block.enumerator is not None:
        return block.enumerator.start, block.enumerator.end
    enum = match_enumerator(text, lead)
    return (enum.start, enum.end) if enum is not None else (0, 0)


def _paren_pairs(text: str) -> dict[int, int]:
    """Half-width ( ) matched within the text: open → close and close → open."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _PAREN_RE.finditer(text):
        i, c = m.start(), m.group(0)
        if c == "(":
            stack.append(i)
        elif stack:
            j = stack.pop()
            pairs[j] = i
            pairs[i] = j
    return pairs


def halfwidth_marks(block: Block, masked: str, params: Params, parsed: InlineParse | None = None) -> list[int]:
    """Offsets (in the block's content) of half-width marks that sit in Chinese text."""
    e_start, e_end = _enumerator_span(block)
    pairs = _paren_pairs(masked) if "(" in params.marks or ")" in params.marks else {}
    links = _links_by_end(block.content, (parsed or parse_inline(block.content)).links) \
        if "](" in masked or "][" in masked else {}
    codes = {p for s in _SHORTCODE_RE.finditer(masked) for p in (s.start(), s.end() - 1)} if ":" in masked else set()
    out: list[int] = []
    for m in _marks_re(params.marks).finditer(masked):
        i, c = m.start(), m.group(0)
        if e_start <= i < e_end or i in codes:
            continue
        prev, nxt = _neighbour(masked, i, -1), _neighbour(masked, i, 1)
        if links and prev in ")]":
            k = _neighbour_at(masked, i, -1)
            if k in links:  # after a link the reader sees its text, not its syntax: [配置说明](url),然后
                prev = _neighbour(masked, links[k][1], -1) or prev
        if MASK in (prev, nxt):
            continue
        if c in "()":
            j = pairs.get(i)
            if j is not None:
                a, b = min(i, j), max(i, j)
                if not HAN_RE.search(masked, a + 1, b):
                    continue  # 人工智能(AI), 报告(2026): house style, not reported
                outside = (_neighbour(masked, a, -1), _neighbour(masked, b, 1))
                whole = outside == ("", "") and _han_share(masked[a + 1 : b], (b - a) // 2, b - a) >= 0.5
                if not whole and not any(is_han(ch) or _cjk_punct(ch) for ch in outside):
                    continue  # an English sentence quoting Chinese: spellings (帐户 → 账户) are fine
                # (译注：墙内用户……。) alone in its paragraph is a Chinese note typed with half-width brackets
                out.append(i)
            elif is_han(prev) or is_han(nxt):
                out.append(i)
            continue
        if _numeric(prev) and _numeric(nxt) or prev.isdigit() and nxt.isdigit():
            continue  # 1,234.5 and 10:30
        if c == ".":
            if _chinese_full_stop(masked, i, prev, nxt):
                out.append(i)
            continue
        if c == ":" and masked[i + 1 : i + 3] == "//":
            continue
        if c in "!?" and masked[i + 1 : i + 2].isascii() and masked[i + 1 : i + 2].isalpha():
            continue  # a prefix of the Latin word it is glued to: !important, ?query
        if prev in "\"'" and is_han(nxt) and is_han(_neighbour(masked, masked.rfind(prev, 0, i), -1)):
            out.append(i)  # 你"好",再见: after a straight-quoted Chinese word
            continue
        if is_han(prev) and _chinese_side(masked, i, nxt, params) or is_han(nxt) and (
            _cjk_punct(prev) or _numeric(prev) or bool(_LATIN_RE.match(prev)) and _han_share(masked, i) >= params.min_han_share
        ):
            spaced = i + 1 < len(masked) and masked[i + 1] in " \t"
            if spaced and _han_share(masked, i, WIDE) < params.min_context_share:
                continue  # English punctuation in an English sentence listing Chinese terms (帐户 → 账户, 截止到 → 截至)
            out.append(i)
    return out


def _neighbour_prose(doc: Document, i: int) -> str:
    """The end of the prose block before block i and the start of the one after (comments, code skipped)."""
    out = []
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(doc.blocks) and not doc.blocks[k].is_prose:
            k += step
        if 0 <= k < len(doc.blocks):
            text = doc.blocks[k].content
            out.append(text[-WINDOW:] if step < 0 else text[:WINDOW])
    return "".join(out)


def _sentence_before(text: str, pos: int) -> str:
    """The sentence that the mark at `pos` ends: back to the previous sentence end or paragraph start."""
    i = pos
    while i > 0 and text[i - 1] not in "。！？!?\n" and pos - i < 400:
        i -= 1
    return text[i:pos]


def _touching(before: str, after: str) -> str:
    """The words that touch a mark on either side (no space between): `results，however` → results, however."""
    i = len(before)
    while i > 0 and not before[i - 1].isspace():
        i -= 1
    j = 0
    while j < len(after) and not after[j].isspace():
        j += 1
    return before[i:] + after[:j]


def _chinese_full_stop(text: str, pos: int, prev: str, nxt: str) -> bool:
    """A '.' that ends a Chinese sentence: after a Han character, before the end, a space or Han; not '...'."""
    if not is_han(prev) or text[pos - 1 : pos] == "." or text[pos + 1 : pos + 2] == ".":
        return False
    if is_han(nxt) and _DOTTED_HAN_RE.search(text, max(0, pos - 12), pos + 13):
        return False  # 主版本号.次版本号.修订号: a dotted format, not a sentence end
    return nxt == "" or nxt == "\n" or is_han(nxt) or nxt in "”’）」』"


def fullwidth_marks(block: Block, masked: str, params: Params, context: str = "",
                    parsed: InlineParse | None = None) -> list[int]:
    """Offsets of full-width marks with English on both sides and no Chinese nearby.

    `context`: the text of the blocks before and after, which decides a mark that ends its block.
    """
    out: list[int] = []
    links = _links_by_end(block.content, (parsed or parse_inline(block.content)).links) \
        if "](" in masked or "][" in masked else {}
    for m in _marks_re(params.marks).finditer(masked):
        i, c = m.start(), m.group(0)
        prev, nxt = _neighbour(masked, i, -1), _neighbour(masked, i, 1)
        ascii_prev = prev != "" and prev.isascii() and (prev.isalnum() or prev in ")\"'")
        ascii_next = nxt == "" or nxt.isascii() and (nxt.isalnum() or nxt in "(\"'")
        if c in "（":
            ascii_prev = prev == "" or prev.isascii() and prev not in "\n"
        if not (ascii_prev and ascii_next):
            continue
        if (prev, nxt) in _QUOTED:
            continue  # the mark itself, quoted: "，" is named, not used
        # The script around the mark decides, read past what is masked (a link's target, code, a URL):
        # `…请参阅[配置说明](https://x.org/a)。` ends a Chinese sentence.
        before = masked[max(0, i - 8 * WINDOW) : i].replace(MASK, "")[-WINDOW:]
        after = masked[i + 1 : i + 1 + 8 * WINDOW].replace(MASK, "")[:WINDOW]
        if _CJK_TEXT_RE.search(before) or _CJK_TEXT_RE.search(after):
            continue
        start = i
        if links and prev in ")]" and (k := _neighbour_at(masked, i, -1)) in links:
            # A trailing link's English text does not make the sentence English: the script before
            # the link decides (这是第一句。![Architecture diagram…](a.png)。).
            start = links[k][0]
            if _CJK_TEXT_RE.search(masked[max(0, start - 8 * WINDOW) : start].replace(MASK, "")[-WINDOW:]):
                continue
        if c not in "（）" and _CJK_TEXT_RE.search(_sentence_before(masked, start)):
            continue  # the sentence is Chinese: …动态追踪 (in-band schema tracking)。, 参考Satyam Sharma，Johannes…
        if c not in "（）" and nxt == "" and _CJK_TEXT_RE.search(context):
            continue  # `Kubernetes：` introducing a Chinese list: the text around the block decides
        touching = _touching(before, after)
        if not _LATIN_RE.search(touching):
            continue  # 1？2！: no English word touching the mark, only digits and symbols
        out.append(i)
    return out


def run(doc: Document, params: Params) -> Iterator[Finding]:
    masks = doc_masks(doc, escapes=True)
    table = HALF_TO_FULL_ZH if params.check == "halfwidth" else FULL_TO_HALF_EN
    groups: list[tuple[Block, list[int]]] = []  # (block, absolute offsets of its marks)
    examples = doc.view(example_blocks)
    # A block's marks are read from its own content (and, full-width, the prose around it) alone: once
    # per distinct block in a run, or taken from the document's last version in the language server
    # (`analysis.reuse.kept`). A batch run has every block's inline parse at hand (other views read it).
    store = kept(doc)
    inline = block_inline(doc) if doc.reuse is None else {}
    for i, block in enumerate(doc.blocks):
        if not block.is_prose or i in examples:
            continue
        masked = masks[i]
        if params.check == "halfwidth":
            if masked.isascii() or not HAN_RE.search(masked):
                continue  # every mark halfwidth_marks reports has a Han character next to it or inside its brackets
            found = store.get("punctuation-width.half", (block.content, block.enumerator, masked, params),
                              lambda: halfwidth_marks(block, masked, params, inline.get(i)))
            if found and (quoted := quoted_code(masked, doc.view(code_text))):
                found = [p for p in found if not any(s <= p < e for s, e in quoted)]  # the program's own text
        else:
            if not any(c in masked for c in params.marks) or not _LATIN_RE.search(masked):
                continue  # every mark fullwidth_marks reports touches an English word
            context = _neighbour_prose(doc, i)
            found = store.get("punctuation-width.full", (block.content, masked, params, context),
                              lambda: fullwidth_marks(block, masked, params, context, inline.get(i)))
        if found:
            groups.append((block, [block.content_start + p for p in found]))
    if params.per == "document" and groups:
        groups = [(groups[0][0], [p for _, ps in groups for p in ps])]
    for block, found in groups:
        yield _finding(doc.text, block, found, table, params)


def _finding(text: str, block: Block, found: list[int], table: dict[str, str], params: Params) -> Finding:
    edits = []
    for p in found:
        rep = table[text[p]]
        if params.check == "fullwidth" and rep in ",;:!?." and p + 1 < len(text) and not text[p + 1].isspace():
            rep += " "
        edits.append(Edit(p, p + 1, rep))
    first, n = found[0], len(found)
    where = "file" if params.per == "document" else unit_name(block)
    more = f" ({n - 1} more in this {where}, all fixed together)" if n > 1 else ""
    related = tuple(RelatedSpan(p, p + 1, phrase("same_mark", mark=text[p])) for p in found[1 : 1 + MAX_RELATED])
    fields = {"mark": text[first], "replacement": table[text[first]], "count": n, "more": more}
    return Finding(
        # A safe fix may only touch what its diagnostic spans: a paragraph's span runs from its first mark to its last.
        first, (found[-1] + 1 if params.per == "block" else first + 1), fields, related=related,
        fix=Fix(tuple(edits), safe=params.check == "halfwidth",
                description=f"convert {n} mark(s) to their {'full' if params.check == 'halfwidth' else 'half'}-width form"),
    )

