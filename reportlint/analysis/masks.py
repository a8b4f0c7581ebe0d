"""Inline masking shared by the markup checks: template expressions and shortcodes, code spans, URLs,
autolinks, HTML tags, link destinations, math, escapes and entities are not prose, so the checks see
them as MASK characters (same length, so offsets stay exact)."""

from __future__ import annotations

import re

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
# A link destination `](dest)` or `](dest "title")`, one level of nested parentheses.
_LINK_DEST_RE = rx.compile(r"(?<=\]\()(?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?(?=\))")
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
    spans, unmatched = code_spans(_blank(text, templates) if templates else text)
    return (sorted(templates + spans) if templates else spans), unmatched


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


def _masked_base(text: str, fmt: str) -> str:
    """`masked_content` before escapes are masked: the part both escape settings share."""
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
        text = _blank(text, [(m.start(), m.end()) for m in _MATH_RE.finditer(text)])
    if fmt == "md" and ("<" in text or "](" in text):
        found = [(m.start(), m.end()) for pattern in (_HTML_TAG_RE, _LINK_DEST_RE) for m in pattern.finditer(text)]
        text = _blank(text, found)
    return text


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
    return {i: _masked_base(b.content, syntax) for i, b in enumerate(doc.blocks) if b.is_prose}


def _doc_masks(doc: Document, escapes: bool) -> dict[int, str]:
    shared = doc.view(_masks_before_escapes)  # the two escape settings differ only in the last step
    return {i: _mask_escapes(doc.blocks[i].content, text, escapes) for i, text in shared.items()}
