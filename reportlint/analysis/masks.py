"""Inline masking shared by the markup checks: template expressions and shortcodes, code spans, URLs,
autolinks, HTML tags, link destinations, math, escapes and entities are not prose, so the checks see
them as MASK characters (same length, so offsets stay exact)."""

from __future__ import annotations

import re
from typing import NamedTuple

from reportlint.analysis.reuse import kept
from reportlint.document import Block, Document
from reportlint.text import rx

MAX_PER_BLOCK = 10  # a paragraph of 10 000 stray brackets is one problem, not 10 000 diagnostics

# Stand-in for masked characters: neither Han, Latin, space nor punctuation.
MASK = "\ue000"

# Text that is not prose: inline code is handled by `code_spans`; these are masked too.
_URL_STOP = "\\s<>\"'“”‘’\\[\\]\u3000-\u303f\uff00-\uffef\u4e00-\u9fff"  # a curly quote ends a URL
_URL_RE = rx.compile(
    rf"(?:(?:https?|ftp)://|www\.)[^{_URL_STOP}]*[^{_URL_STOP}.,;:!?)*_~]"
)
_AUTOLINK_RE = rx.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
_HTML_TAG_RE = rx.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>|<!--.*?-->", re.S)
# Inline maths (pandoc's rule: no space inside the dollars, no digit after the closing one): $x_{i}$, $$a*b$$.
# A `$` that a closing quote or bracket follows (“$”) is the character itself, as is one after an opening mark.
_MATH_RE = rx.compile(r"\$\$[^$]+\$\$|\$[^\s$”’)\]}>,.;:!?](?:[^$\n]*[^\s$“‘(\[{<])?\$(?!\d)")
# reStructuredText inline markup that is not prose: roles (`:ref:`, `:pep:`) before or after interpreted
# text, substitution references (`|name|`), footnote and citation references (`[#]_`, `[1]_`, `[RFC2119]_`)
# and the underscores that make a name or quoted text a hyperlink reference (`Python_`, `` `text <url>`_ ``).
_RST_INLINE_RE = rx.compile(
    r":[A-Za-z][\w.+:-]*:(?=`)|(?<=`):[A-Za-z][\w.+:-]*:|(?<![\w|])\|[^|\s](?:[^|\n]*[^|\s])?\|(?:__?)?(?![\w|])"
    r"|\[(?:#[\w-]*|\*|\d+|[A-Za-z][\w.-]*)\]_|(?<=[`\w])__?(?![\w])|<[^<>\s]+>(?=`)"
)
_ESCAPE_RE = rx.compile(r"\\[!-/:-@\[-`{-~]")
_ENTITY_RE = rx.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BACKTICKS_RE = rx.compile(r"`+")
# Template expressions and shortcodes of site generators (Jinja, Liquid, Hugo, Go templates, Handlebars):
# `{{ page.title }}`, `{% link a.md %}`, `{# note #}`, Hugo's `{{< ref "a.md" >}}` and `{{% notice %}}`.
# The generator expands them before the Markdown is rendered, so they are no more prose than code is.
# No brace inside, so a scan never runs past the next brace (linear on any input).
_TEMPLATE_RE = rx.compile(r"\{\{\{?[^{}]*\}?\}\}|\{%[^{}]*%\}|\{#[^{}]*#\}")
_NOT_NEWLINE_RE = rx.compile(r"[^\n]")


def code_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(code spans, unmatched backtick runs) as CommonMark pairs backtick strings of equal length.

    A backslash escapes a backtick only outside code: `\\` is a span holding a backslash,
    so a run after a backslash cannot open a span but can close one.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(text)]
    spans: list[tuple[int, int]] = []
    unmatched: list[tuple[int, int]] = []
    by_len: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(runs):
        by_len.setdefault(e - s, []).append(i)
    i, n = 0, len(runs)
    used_upto = -1
    while i < n:
        s, e = runs[i]
        if s < used_upto:
            i += 1
            continue
        if _escaped(text, s):
            s += 1  # \`` : a literal backtick, then a run one shorter
            if s == e:
                i += 1
                continue
        # the next run of the same length after this one, escaped or not
        j = _next_index(by_len.get(e - s, []), i)
        if j is None:
            unmatched.append((s, e))
            i += 1
            continue
        spans.append((s, runs[j][1]))
        used_upto = runs[j][1]
        i = j + 1
    return spans, unmatched


def template_spans(text: str) -> list[tuple[int, int]]:
    """Spans of template expressions and shortcodes (`{{ … }}`, `{% … %}`, `{{< … >}}`, `{# … #}`)."""
    if "{" not in text:
        return []
    return [(m.start(), m.end()) for m in _TEMPLATE_RE.finditer(text)]


def literal_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(spans that are not prose, unmatched backtick runs): templates, then code spans in what is left.

    Templates come first, as the site generator expands them before Markdown is read: a backtick
    inside a shortcode (`{{< highlight `go` >}}` aside) neither opens nor closes a code span.
    """
    templates = template_spans(text)
    if "`" not in text:
        return templates, []
    base = _blank(text, templates) if templates else text
    # a backtick in a link's destination is the URL's (`[t](https://x.org/a`b)`), not a code span's
    spans, unmatched = inline_structure(base)[1:] if "](" in base else code_spans(base)
    return (sorted(templates + spans) if templates else spans), unmatched


class InlineLink(NamedTuple):
    """An inline link or image `[text](dest "title")` as CommonMark reads it (offsets in the text)."""
    start: int  # the `[` (or `!` of an image)
    text_end: int  # the `]`
    dest_start: int
    dest_end: int
    end: int  # after the closing `)`
    image: bool


_INLINE_SYNTAX_RE = rx.compile(r"\\|`+|<|\[|\]")  # what the inline scan stops at
_PUNCT_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TITLE_CLOSE = {'"': '"', "'": "'", "(": ")"}


def inline_structure(text: str) -> tuple[list[InlineLink], list[tuple[int, int]], list[tuple[int, int]]]:
    """(inline links, code spans, unmatched backtick runs) in one left-to-right pass, as CommonMark
    (and markdown-it) read them: a code span, autolink or HTML tag that starts first wins over link
    brackets; a link's destination is raw text (a backtick or `$` in it is the URL's); a link cannot
    contain a link (the outer brackets are then literal); reference links are not read here.
    Templates are expected blanked already (`literal_spans` order)."""
    links: list[InlineLink] = []
    spans: list[tuple[int, int]] = []
    unmatched: list[tuple[int, int]] = []
    openers: list[list[int]] = []  # [position, is_image, active]
    n = len(text)
    ticks = _tick_runs(text) if "`" in text else {}
    escaped_upto = -1  # a `!` escaped by a backslash does not make an image
    m = _INLINE_SYNTAX_RE.search(text)
    while m is not None:
        i = m.start()
        c = text[i]
        if c == "\\":
            if i + 1 < n and text[i + 1] in _PUNCT_ESCAPABLE:
                escaped_upto = i + 2
                i += 2
            else:
                i += 1
        elif c == "`":
            j = m.end()
            close = _closing_run(ticks, i, j - i)
            if close is None:
                unmatched.append((i, j))
                i = j
            else:
                spans.append((i, close))
                i = close
        elif c == "<":
            tag = _AUTOLINK_RE.match(text, i) or _HTML_TAG_RE.match(text, i)
            i = tag.end() if tag else i + 1
        elif c == "[":
            image = i > 0 and text[i - 1] == "!" and escaped_upto != i
            openers.append([i - 1 if image else i, image, True])
            i += 1
        elif openers:  # "]"
            start, image, active = openers.pop()
            got = _inline_target(text, i + 1) if active else None
            if got is None:
                i += 1
            else:
                ds, de, end = got
                links.append(InlineLink(start, i, ds, de, end, image))
                if not image:
                    for o in openers:
                        if not o[1]:
                            o[2] = False  # links may not contain other links
                i = end
        else:
            i += 1
        m = _INLINE_SYNTAX_RE.search(text, i)
    return links, spans, unmatched


class InlineParse(NamedTuple):
    """One block's inline structure: links, code spans and unmatched backtick runs (templates blanked
    first, as the site generator expands them before Markdown is read), and the templates."""
    links: list[InlineLink]
    code: list[tuple[int, int]]
    unmatched: list[tuple[int, int]]
    templates: list[tuple[int, int]]


def parse_inline(text: str) -> InlineParse:
    templates = template_spans(text)
    return InlineParse(*inline_structure(_blank(text, templates) if templates else text), templates)


def inline_links(text: str) -> list[InlineLink]:
    """The inline links and images of a block's content, templates blanked first (expanded before Markdown)."""
    return parse_inline(text).links if "](" in text else []


def block_inline(doc: Document) -> dict[int, InlineParse]:
    """The inline parse of each prose block that has a link (`](`), once per document (a view): the
    masks, MK011 and the width rules read the same parse instead of scanning a block each."""
    return doc.view(_block_inline)


def _block_inline(doc: Document) -> dict[int, InlineParse]:
    return {i: parse_inline(b.content) for i, b in enumerate(doc.blocks) if b.is_prose and "](" in b.content}


def _tick_runs(text: str) -> dict[int, list[int]]:
    """Start offsets of backtick runs, by run length."""
    out: dict[int, list[int]] = {}
    for m in _BACKTICKS_RE.finditer(text):
        out.setdefault(m.end() - m.start(), []).append(m.start())
    return out


def _closing_run(ticks: dict[int, list[int]], start: int, length: int) -> int | None:
    """The end of the next backtick run of exactly `length` after the run at `start` (None: no span)."""
    import bisect

    starts = ticks.get(length, [])
    k = bisect.bisect_right(starts, start)
    return starts[k] + length if k < len(starts) else None


def _skip_space(text: str, j: int) -> tuple[int, bool]:
    """Past spaces, tabs and at most one line end (a blank line ends the paragraph anyway)."""
    k, newline = j, False
    while k < len(text) and (text[k] in " \t" or text[k] == "\n" and not newline):
        newline = newline or text[k] == "\n"
        k += 1
    return k, k > j


_DEST_PLAIN_RE = rx.compile(r"[^\x00-\x20\x7f()\\]+")  # destination characters with no meaning of their own


def _inline_target(text: str, j: int) -> tuple[int, int, int] | None:
    """(dest start, dest end, end) of `(dest "title")` at `j`, or None when it is not one."""
    n = len(text)
    if j >= n or text[j] != "(":
        return None
    k, _ = _skip_space(text, j + 1)
    ds = k
    if k < n and text[k] == "<":
        k += 1
        while k < n and text[k] not in "<>\n":
            k += 2 if text[k] == "\\" and k + 1 < n else 1
        if k >= n or text[k] != ">":
            return None
        k += 1
    else:
        depth = 0
        while k < n:
            plain = _DEST_PLAIN_RE.match(text, k)  # skip the run of ordinary characters at once (most of a URL)
            if plain is not None:
                k = plain.end()
                if k >= n:
                    break
            ch = text[k]
            if ch <= " " or ch == "\x7f":
                break
            if ch == "\\" and k + 1 < n and text[k + 1] in _PUNCT_ESCAPABLE:
                k += 2
                continue
            if ch == "(":
                depth += 1
                if depth > 32:
                    return None
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            k += 1
        if depth:
            return None
    de = k
    k, spaced = _skip_space(text, k)
    if spaced and k < n and text[k] in _TITLE_CLOSE and k > de:
        close, t = _TITLE_CLOSE[text[k]], k + 1
        while t < n and text[t] != close:
            if text[t] == "\\":
                t += 1
            elif text[k] == "(" and text[t] == "(":
                return None
            t += 1
        if t >= n:
            return None
        k, _ = _skip_space(text, t + 1)
    if k < n and text[k] == ")":
        return ds, de, k + 1
    return None


def _next_index(indices: list[int], i: int) -> int | None:
    import bisect

    k = bisect.bisect_right(indices, i)
    return indices[k] if k < len(indices) else None


def _escaped(text: str, pos: int) -> bool:
    k = pos
    while k > 0 and text[k - 1] == "\\":
        k -= 1
    return (pos - k) % 2 == 1


def masked_content(block: Block, fmt: str, escapes: bool = True) -> str:
    """A block's content with code spans, URLs, link destinations, HTML (and escapes) masked.

    Same length as `block.content`, so offsets carry over. An escaped `\\[` is a
    literal bracket that still pairs, so the pair check keeps escapes
    (`escapes=False`); the emphasis check masks them.
    """
    return _mask_escapes(block.content, _masked_base(block.content, fmt), escapes)


def _masked_base(text: str, fmt: str, parsed: InlineParse | None = None) -> str:
    """`masked_content` before escapes are masked: the part both escape settings share
    (`parsed`: the block's inline parse when the document's view has it)."""
    links: list[InlineLink] = []
    if fmt == "md" and "](" in text:
        parsed = parsed or parse_inline(text)
        links = parsed.links
        spans = sorted(parsed.templates + parsed.code)
    else:
        spans, _ = literal_spans(text) if "`" in text or "{" in text else ([], [])
    if fmt == "rst" and any(c in text for c in ":|_<"):
        spans = spans + [(m.start(), m.end()) for m in _RST_INLINE_RE.finditer(text)]
    text = _blank(text, spans)
    found: list[tuple[int, int]] = []
    if "://" in text or "www." in text or "<" in text or "&" in text:
        for pattern in (_AUTOLINK_RE, _URL_RE, _ENTITY_RE):
            for m in pattern.finditer(text):
                end = m.end()
                # GFM: a URL keeps a closing parenthesis that balances one inside it (wiki/Rust_(language)).
                depth = m.group(0).count("(") - m.group(0).count(")")
                while depth > 0 and end < len(text) and text[end] == ")":
                    end += 1
                    depth -= 1
                found.append((m.start(), end))
        text = _blank(text, found)
    if "$" in text:
        maths = [(m.start(), m.end()) for m in _MATH_RE.finditer(text)]
        if links and maths:  # `[x $a](b) c$`: the dollars are the link text's and the prose's, not maths
            syntax = sorted(p for lk in links for p in (lk.start, lk.text_end, lk.end - 1))
            maths = [(a, b) for a, b in maths if not _any_in(syntax, a, b)]
        text = _blank(text, maths)
    if fmt == "md" and ("<" in text or links):
        found = [(m.start(), m.end()) for m in _HTML_TAG_RE.finditer(text)] if "<" in text else []
        found += [(lk.dest_start, lk.end - 1) for lk in links]  # the destination and its title
        text = _blank(text, found)
    return text


def _any_in(sorted_points: list[int], start: int, end: int) -> bool:
    import bisect

    k = bisect.bisect_left(sorted_points, start)
    return k < len(sorted_points) and sorted_points[k] < end


def _mask_escapes(content: str, text: str, escapes: bool) -> str:
    """`text` (masked `content`) with backslash escapes masked: the whole escape, or only the backslash."""
    if "\\" in text:
        found = [(m.start(), m.start() + 1 if not escapes else m.end())
                 for m in _ESCAPE_RE.finditer(content) if not _escaped(content, m.start())]
        text = _blank(text, found)
    return text


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span replaced by MASK characters (newlines kept), in one pass."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for s, e in sorted(spans):
        s = max(s, pos)
        if e <= s:
            continue
        out.append(text[pos:s])
        seg = text[s:e]
        out.append(_NOT_NEWLINE_RE.sub(MASK, seg) if "\n" in seg else MASK * len(seg))
        pos = e
    out.append(text[pos:])
    return "".join(out)


def unit_name(block: Block) -> str:
    """How a message names the block a marker is unmatched in."""
    return {"list_item": "list item", "table_row": "table row", "heading": "heading"}.get(block.kind, "paragraph")


def doc_masks(doc: Document, escapes: bool = True) -> dict[int, str]:
    """Masked content of every prose block, shared by the markup checks (a document view)."""
    return doc.view(_doc_masks, escapes)


def _masks_before_escapes(doc: Document) -> dict[int, str]:
    syntax = "rst" if doc.layout == "rst" else doc.format  # a .rst file's inline markup is masked too
    # A block's mask depends on its content alone: made once per distinct content in a run, or taken
    # from the document's last version in the language server (`analysis.reuse.kept`). A batch run has
    # every block's inline parse at hand (other views read it); the server parses only what it misses.
    store = kept(doc)
    inline = doc.view(_block_inline) if syntax == "md" and doc.reuse is None else {}
    return {i: store.get("masks.base", (b.content, syntax), lambda: _masked_base(b.content, syntax, inline.get(i)))
            for i, b in enumerate(doc.blocks) if b.is_prose}


def _doc_masks(doc: Document, escapes: bool) -> dict[int, str]:
    shared = doc.view(_masks_before_escapes)  # the two escape settings differ only in the last step
    return {i: _mask_escapes(doc.blocks[i].content, text, escapes) for i, text in shared.items()}
