"""Reading plain text as it is published: hard-wrapped paragraphs, page furniture, contents, preformatted text.

A `.txt` file comes in one of two layouts, decided from the text itself
(`is_hard_wrapped`):

- *one paragraph per line* (Chinese reports pasted from a word processor): every
  line is a paragraph; document.py's per-line reader handles it, as before;
- *hard-wrapped* (RFCs, internet-drafts, PEPs, specifications, manuals): lines
  are cut at a fixed width, so a line break inside a paragraph means nothing.
  This module reads that layout: it joins wrapped lines into one paragraph,
  reads pages (form feeds, `[Page 4]` footers, running headers) as furniture a
  paragraph runs across, a table of contents as one block, indented code,
  grammar, figures and tables as preformatted text, hanging-indent lists as
  items, reStructuredText section adornments and explicit markup, and takes as
  headings only numbered titles at the left margin that open a section.

The reader returns `Span`s (kind, first and last line, where the content starts,
which lines inside are furniture); document.py turns them into `Block`s.
"""

from __future__ import annotations

import re
import unicodedata
import operator
from bisect import bisect_right
from itertools import accumulate, compress, repeat
from typing import Callable, Iterable, Iterator, NamedTuple

from reportlint.text.cjk import CJK_PUNCT, HAN_RE
from reportlint.text.enumerators import Enumerator, match_enumerator
from reportlint.text.numerals import CIRCLED, ZH_NUMERAL_CHARS
from reportlint.text import rx

SENTENCE_END = "。！？；…!?;.：:”’」』）)》\"'"
_CLOSED = "。！？；…!?;.”’」』\"'"  # ends a sentence (a colon opens what follows)
_CLOSED_OR_COLON = frozenset(_CLOSED + "：:")

# ---------------------------------------------------------------- page furniture

FORM_FEED = "\f"
# Page marks, found over the whole text (`_page_marks`; `[^\S\n]` is white space within a line): a footer that
# ends with `[Page 4]` (RFCs, internet-drafts: `Fette & Melnikov  …  [Page 4]`), or a page number alone on its
# line (`- 12 -`, `第 3 页 共 9 页`, `Page 2 of 7`, `· 4 ·`).
_PAGE_FOOTER_RE = rx.compile(r"\[[^\S\n]*[Pp]age[^\S\n]+\d{1,4}[^\S\n]*\][^\S\n]*$", re.M)
_PAGE_LINE_RE = rx.compile(
    r"\n[^\S\n]*+(?:[-—–][^\S\n]*\d{1,4}[^\S\n]*[-—–]"
    r"|第[^\S\n]*\d{1,4}[^\S\n]*页(?:[^\S\n]*[/／,，]?[^\S\n]*共[^\S\n]*\d{1,4}[^\S\n]*页)?"
    r"|[Pp]age[^\S\n]+\d{1,4}(?:[^\S\n]+of[^\S\n]+\d{1,4})?|·[^\S\n]*\d{1,4}[^\S\n]*·)[^\S\n]*$", re.M
)


def _page_marks(whole: WholeText) -> set[int]:
    """0-based lines that mark a page: page footers and numbers (above), form feeds."""
    return whole.lines_found(_PAGE_FOOTER_RE) | whole.lines_matching(_PAGE_LINE_RE) | whole.lines_with(FORM_FEED)


_DIGITS_RE = rx.compile(r"\d+")
# A running header or footer sits this close (in lines) to a page break.
_FURNITURE_REACH = 4

# ---------------------------------------------------------------- contents

# Dot leaders then a page number: `1.1.  Background . . . . 4`, `第一章 总则……1`, `Scope ····· 3`.
# (Each alternative opens with its mark written out, so a search skips at C speed to the next `.`, `…`, `·`
# or `_` instead of trying the pattern at every character: `(?:\.\s?){3,}` is `\.\s?(?:\.\s?){2,}`.)
LEADER_RE = rx.compile(r"(?:\.\s?(?:\.\s?){2,}|……+|·\s?(?:·\s?){2,}|_\s?(?:_\s?){3,})\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$")
_CONTENTS_TITLE = r"[ \t\u3000]*(?:(?:table|tables)\s+of\s+contents|contents|目[ \t\u3000]*录|目[ \t\u3000]*次)[ \t\u3000]*:?[ \t\u3000]*"
CONTENTS_TITLE_RE = rx.compile(rf"^{_CONTENTS_TITLE}$", re.I)
CONTENTS_TITLE_LINE_RE = rx.compile(rf"^{_CONTENTS_TITLE}$", re.I | re.M)  # anywhere in a text: is there one?

# ---------------------------------------------------------------- lines

_BULLET_RE = rx.compile(r"(?P<bullet>[-*+•·▪●○◆■o]|——)[ \t]+(?=\S)")
# A reference or bibliography entry: `[RFC2616]  Fielding, R., …`, `[12] Smith, J.`, `[#] note`.
_REFERENCE_RE = rx.compile(r"\[[^\]\s]{1,40}\][ \t]+(?=\S)")
# A line whose body starts with a character that starts what `_BULLET_RE` or `_REFERENCE_RE` matches.
_MARKER_LINE_RE = rx.compile(r"\n[^\S\n]*+[-*+•·▪●○◆■o—\[]")
_ADORNMENT_RE = rx.compile(r"^([=\-~^\"'`#*+_.:<>])\1{2,}\s*$")
_DIRECTIVE_RE = rx.compile(r"^\.\.(?:\s|$)")
_FOOTNOTE_RE = rx.compile(r"^\.\.\s+\[(?:#?[\w-]*|\*|\d+)\]\s+")
# reST directives whose body is not prose (tables of contents, data tables, maths, raw output, lists of
# names, diagrams); code directives are `_CODE_DIRECTIVE_RE`. Other directives (admonitions, version
# notes, Sphinx's object descriptions `.. confval::`, `.. py:function::`, unknown ones) keep a body of text.
_MARKUP_DIRECTIVE_RE = rx.compile(
    r"^\.\.\s+(?:toctree|csv-table|list-table|table|math|raw|graphviz|digraph|graph|autosummary|automodule"
    r"|autoclass|autofunction|image|figure|tabularcolumns|include|literalinclude|kernel-doc|meta|contents"
    r"|sectnum|header|footer|index|uml|mermaid|plot|program-output|command-output|testoutput|testsetup"
    r"|testcleanup)::", re.I)
_DIRECTIVE_NAME_RE = rx.compile(r"^\.\.\s+[\w.+-]+(?::[\w.+-]+)*::")  # `.. note::`, `.. py:function::`
# A label that titles a section: a few capitalised words and a colon, alone between blank lines.
_LABEL_TITLE_RE = rx.compile(r"[A-Z][A-Za-z'’-]*(?: [A-Za-z'’-]+){0,5}:$")
_TABLE_BORDER_RE = rx.compile(r"^=+(?: +=+)+$")  # a reST simple table's border: `=====  =========`
_HEADER_FIELD_RE = rx.compile(r"[A-Z][\w-]*:(?:[ \t]+|$)")  # `Title: …`, `Post-History:` in a PEP's header
# A field list line: `:Author: …`, `:param x: …` (reST only: `:ref:` roles start no line of prose).
_FIELD_RE = rx.compile(r":(?![\s:`])[^:`\n]*?(?<=[^\s\\]):(?:[ \t]+|$)")
_CODE_DIRECTIVE_RE = rx.compile(r"^\.\.\s+(?:code|code-block|sourcecode|literalinclude|math|parsed-literal|highlight|productionlist|testcode|doctest)::")
_INNER_GAP_RE = rx.compile(r"\S {3,}\S")
_WORD_RE = rx.compile(r"[(\"'\[“‘]*[A-Za-z][A-Za-z'’-]*[)\"'\],.;:!?”’]*")  # a token (`str.split`) that is a word


class Once(dict):
    """`fn` of each distinct value, computed the first time it is asked for (`once[value]`): a text's lines
    share most of their tokens, and its running headers repeat on every page; a look-up costs a tenth
    of a regex match."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, value):
        out = self[value] = self.fn(value)
        return out


def _is_word(token: str) -> int:
    """1 if a token (`str.split`) is a word (`_WORD_RE`), else 0 (summed over a line's tokens)."""
    return 1 if _WORD_RE.fullmatch(token) else 0


# Signs of code, grammar, figures and tables rather than prose.
# (`_code_sign`: the signs at a line's start are matched there, the rest searched for, and a closing brace,
# semicolon, `+` or `|` read from the line's last character: one search per line instead of a dozen.)
# Matched on a stripped body: it starts with no white space, and its first token is not given back.
_CODE_SIGN_START_RE = rx.compile(
    r"\S++\s+(?:=|::=|=/)\s|[;+|]|(?:if|for|while|return|def|var|let|const|else)\b[^.]*[({:]\s*$"
    r"|[#$>]\s|//|>>>(?:\s|$)"
)
# (every alternative opens with a character written out, so a search skips at C speed to the next
# `%-=_|&0/*`; `-{3,}` is `---+`, and `\b0x` is a `0` with no word character before it)
_CODE_SIGN_RE = rx.compile(r"%[xdb][0-9A-Fa-f]|---+|===+|___+|\|.*\||->|=>|==|&&|0(?<!\w0)x[0-9A-Fa-f]+|/\*|\*/")


def _code_sign(body: str) -> bool:
    """Does a line (stripped) carry a sign of code, grammar, a figure or a table?"""
    return body[-1:] in _CODE_END or bool(_CODE_SIGN_START_RE.match(body) or _CODE_SIGN_RE.search(body))


_CODE_END = frozenset("{};+|")


# What every enumerator `match_enumerator` knows starts with (a digit, 第, a bracket, a circled or Chinese
# numeral, a letter or Roman numeral up to its mark, a unit word): most lines of prose start otherwise.
_ENUM_WORDS = r"Chapter|CHAPTER|Part|PART|Section|SECTION|Article|ARTICLE|Appendix|APPENDIX|Annex|ANNEX|附录|附件"
_ENUM_START_RE = rx.compile(rf"[\d第(（{CIRCLED}{ZH_NUMERAL_CHARS}]|[A-Za-z]{{1,7}}[.)、．]|{_ENUM_WORDS}")

# The same tests of a line's body (stripped), run over the whole text at once (`WholeText.lines_matching`):
# from the newline before the line, white space other than a newline (`[^\S\n]`, what `str.strip` removes)
# before the body, the body's end at `$`. (A pattern that starts with a newline is tried only where one is.)
# (`_ENUM_START_RE`, tried faster: no backtracking into a run of letters, the words only where one starts)
_ENUM_LINE_RE = rx.compile(rf"\n[^\S\n]*+(?:[\d第(（{CIRCLED}{ZH_NUMERAL_CHARS}]|[A-Za-z]{{1,7}}+[.)、．]"
                           rf"|(?=[CPSA附])(?:{_ENUM_WORDS}))")
_ADORNMENT_LINE_RE = rx.compile(r"\n[^\S\n]*([=\-~^\"'`#*+_.:<>])\1{2,}[^\S\n]*$", re.M)  # `_ADORNMENT_RE`
_DIRECTIVE_LINE_RE = rx.compile(r"\n[^\S\n]*\.\.(?=\s|$)")  # `_DIRECTIVE_RE`


class WholeText:
    """A text searched at once for the lines where a pattern or a character is (C speed, not a Python step per
    line): each place found is put on its line by bisection in the lines' starts."""

    __slots__ = ("text", "first", "starts")

    def __init__(self, text: str, raw: list[str], starts: list[int] | None = None) -> None:
        """`raw`: the lines of `text`; `starts`: their offsets (`line_starts`), when the caller has them."""
        self.text = text
        self.first = raw[0] if raw else ""
        self.starts = line_starts(raw) if starts is None else starts

    def lines_at(self, offsets: Iterable[int]) -> set[int]:
        """0-based numbers of the lines that hold these offsets."""
        return set(map(_BEFORE, map(bisect_right, repeat(self.starts), offsets)))

    def lines_with(self, chars: str) -> set[int]:
        """Lines that hold one of these characters."""
        return set().union(*(self.lines_at(_finds(self.text, ch)) for ch in chars))

    def lines_found(self, pattern) -> set[int]:
        """Lines where `pattern` matches (no match takes in a newline)."""
        return self.lines_at(map(_START, pattern.finditer(self.text)))

    def lines_matching(self, pattern) -> set[int]:
        """Lines where `pattern` matches from the newline before the line (for the first line, a newline put
        before it; no match takes in a line's end: the next line's newline is left to the next match)."""
        out = self.lines_at(map(_AFTER, map(_START, pattern.finditer(self.text))))
        if pattern.match("\n" + self.first):
            out.add(0)
        return out


def line_starts(raw: list[str]) -> list[int]:
    """The offset where each line starts in the text `raw` was split from at newlines."""
    starts = list(accumulate(map(_AFTER, map(len, raw)), initial=0))
    starts.pop()  # (the end of the text and its last line)
    return starts


def _finds(text: str, ch: str) -> Iterator[int]:
    i = text.find(ch)
    while i != -1:
        yield i
        i = text.find(ch, i + 1)


_AFTER, _BEFORE = (1).__add__, (-1).__add__
_START = operator.methodcaller("start")


def _enumerator(text: str, pos: int = 0) -> Enumerator | None:
    """`match_enumerator`, skipped where no enumerator can start."""
    return match_enumerator(text, pos) if _ENUM_START_RE.match(text, pos) else None


_RUNIN_SCHEMES = frozenset({"zh-dun", "zh-paren", "zh-chapter"})
_ASSIGNMENT_RE = rx.compile(r"^[\w.$<>-]+\s*(?:=|::=|=/|:=)\s*\S")


class Line(NamedTuple):
    text: str  # the raw line, without its newline
    indent: int  # display columns of leading white space (tab to the next multiple of 8)
    body: str  # the line without leading and trailing white space
    width: int  # display width of the line without trailing white space


_tuple = tuple.__new__  # a Line without the named tuple's Python-level constructor (one per line of the text)


def _line(text: str) -> Line:
    body = text.strip()
    if not body:
        return _tuple(Line, (text, 0, "", 0))
    lead = len(text) - len(text.lstrip())
    if text.startswith(" " * lead):  # the common case: spaces only
        return _tuple(Line, (text, lead, body, lead + _width(body)))
    col = 0
    for ch in text:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col = col // 8 * 8 + 8
        elif ch == "\u3000":
            col += 2
        elif ch == FORM_FEED:
            continue
        else:
            break
    return Line(text, col, body, col + _width(body))


# ASCII white space other than a space and a line's end (`\r\n`) that `_line` reads a line at a time.
_ODD_SPACES = "\t\v\f\x1c\x1d\x1e\x1f"


def _lines(raw: list[str], whole: WholeText) -> list[Line]:
    """`_line` of every line (`raw`: the lines of `text`), inlined for the common cases (blank; indented with
    spaces; ASCII without tabs). An ASCII text is read at once: where a line has no white space but spaces
    (and its end), its width is its length without trailing white space, its indent that less its body's
    length; only the other lines (form feeds, tabs) are read one at a time."""
    text = whole.text
    if text.isascii():
        bodies = list(map(str.strip, raw))
        widths = list(map(len, map(str.rstrip, raw)))
        indents = map(operator.sub, widths, map(len, bodies))
        out = list(map(_tuple, repeat(Line), zip(raw, indents, bodies, widths)))
        odd = "".join(ch for ch in _ODD_SPACES if ch in text)
        if "\r" in text and text.count("\r") != text.count("\r\n"):
            odd += "\r"
        for k in whole.lines_with(odd):
            out[k] = _line(raw[k])
        return out
    tabs = "\t" in text
    out: list[Line] = []
    append = out.append
    for s in raw:
        b = s.strip()
        if not b:
            append(_tuple(Line, (s, 0, "", 0)))
            continue
        lead = s.find(b[0])  # the leading white space holds no character of the body
        if s.count(" ", 0, lead) != lead:
            append(_line(s))
        elif b.isascii() and not (tabs and "\t" in b):
            append(_tuple(Line, (s, lead, b, lead + len(b))))
        else:
            append(_tuple(Line, (s, lead, b, lead + _width(b))))
    return out


class Span(NamedTuple):
    """One block of a hard-wrapped text: 0-based inclusive line range, before document.py makes it a `Block`."""
    kind: str
    first: int
    last: int
    content_col: int = 0  # characters from the first line's start to the content (after a list marker)
    enumerator: Enumerator | None = None
    level: int | None = None  # reStructuredText section level (1 = the first adornment style seen)
    holes: tuple[int, ...] = ()  # lines inside the span that are page furniture (left out of the joined view)
    runin: bool = False  # a paragraph that opens with a section number (`（一）加快推进…。`)


# ---------------------------------------------------------------- layout


def _width(text: str) -> int:
    """Display columns of a line (tabs to multiples of 8), estimated at C speed from its UTF-8 length:
    ASCII takes one byte and one column, CJK three bytes and two columns."""
    if "\t" in text:
        text = text.expandtabs(8)
    return len(text) if text.isascii() else (len(text.encode("utf-8")) + len(text)) // 2


def is_hard_wrapped(lines: list[str]) -> bool:
    """True when lines are cut at a fixed width: most long lines end mid-sentence and the text goes on below.

    One-paragraph-per-line reports have long lines that end with sentence
    punctuation; wrapped text has lines of nearly equal width that mostly do not.
    """
    trimmed = list(map(str.rstrip, lines))
    if all(map(str.isascii, trimmed)) and not any(map(operator.contains, trimmed, repeat("\t"))):
        widths = list(map(len, trimmed))  # (`_width` of ASCII without tabs)
    else:
        widths = [_width(t) if t else 0 for t in trimmed]
    body = sorted(filter(None, widths))
    if len(body) < 4:
        return False
    wrap = body[int(len(body) * 0.9)]
    if wrap > 120 or wrap < 30:
        return False
    least = 0.6 * wrap
    # the full lines with text on the next line, and how many of them end a sentence (at C speed)
    full = list(compress(trimmed, map(operator.and_, map(operator.ge, widths, repeat(least)), map(bool, widths[1:]))))
    opened = len(full) - sum(map(_CLOSED_OR_COLON.__contains__, map(_LAST, full)))
    return len(full) >= 3 and opened >= 0.4 * len(full)


def _wrap_width(lines: list[Line]) -> int:
    widths = sorted(l.width for l in lines if l.body)
    return widths[int(len(widths) * 0.9)] if widths else 72


def _furniture(lines: list[Line], whole: WholeText) -> set[int]:
    """Lines that belong to the page, not the text (`lines`: of `whole`): form feeds, page footers, running
    headers and footers."""
    marks = _page_marks(whole)
    if not marks:
        return marks
    near = set()
    for k in marks:
        near.update(range(max(0, k - _FURNITURE_REACH), min(len(lines), k + _FURNITURE_REACH + 1)))
    # A line is marked only when blank lines alone part it from a marked line (`_only_blank_between`), and
    # marked lines are page marks or lines by a break: the lines of `near` that could be marked, then their
    # keys, then every line of those keys (found by their first and last characters, `_key_ends_in`).
    could = marks | {k for k in near if lines[k].body}
    while True:
        out = {k for k in could if k not in marks and not _only_blank_between(lines, k, could)}
        if not out:
            break
        could -= out
    key_of = Once(_furniture_key)
    wanted = {key_of[lines[k].body] for k in could if k not in marks}
    if not wanted:
        return marks
    keys: dict[str, list[int]] = {}
    for k in _key_ends_in(lines, {key[0] + key[-1] for key in wanted}):
        if k not in marks:
            key = key_of[lines[k].body]
            if key in wanted:
                keys.setdefault(key, []).append(k)
    for ks in keys.values():  # (in the order of the keys' first lines: each marking decides the next)
        close = sum(1 for k in ks if k in near)
        if len(ks) >= 2 and (close == len(ks) or (len(ks) >= 3 and close >= 0.8 * len(ks))):
            # Only the occurrences by a page break: the same words elsewhere are text.
            marks.update(k for k in ks if k in near and _only_blank_between(lines, k, marks))
    return marks


_DIGIT_RE = rx.compile(r"\d")
_HASH_DIGITS = str.maketrans("0123456789", "#" * 10)


def _key_ends_in(lines: list[Line], ends: set[str]) -> Iterator[int]:
    """The lines (ascending) whose `_furniture_key` would start and end with one of these pairs of characters
    (`ends`: each pair as a string), found without making the keys: a key's first and last characters are the
    body's, `#` for a digit (a key has `#` for each run of digits). Read from two strings of the bodies' first
    and last characters at C speed."""
    bodies = list(map(_BODY, lines))
    present = list(compress(range(len(bodies)), bodies))
    bodies = list(filter(None, bodies))
    firsts = _hash_digits("".join(map(_FIRST, bodies)))
    lasts = _hash_digits("".join(map(_LAST, bodies)))
    return compress(present, map(ends.__contains__, map(operator.add, firsts, lasts)))


def _hash_digits(chars: str) -> str:
    """Each digit as `#`."""
    return chars.translate(_HASH_DIGITS) if chars.isascii() else _DIGIT_RE.sub("#", chars)


_BODY, _FIRST, _LAST = operator.itemgetter(2), operator.itemgetter(0), operator.itemgetter(-1)


def _furniture_key(body: str) -> str:
    """A line compared with the lines by other page breaks: numbers and runs of white space count as one."""
    return " ".join((_DIGITS_RE.sub("#", body) if _DIGITS_RE.search(body) else body).split())


def _only_blank_between(lines: list[Line], k: int, marks: set[int]) -> bool:
    """A running header or footer is separated from the page break by blank lines only."""
    for step in (1, -1):
        j = k + step
        while 0 <= j < len(lines) and abs(j - k) <= _FURNITURE_REACH:
            if j in marks:
                return True
            if lines[j].body:
                break
            j += step
    return False


# ---------------------------------------------------------------- contents


def _contents(lines: list[Line], furniture: set[int], enum_lines: set[int]) -> set[int]:
    """Lines of a table of contents: entries with dot leaders and page numbers, or the outline under a
    `Contents` title (an untitled outline counts when its numbers head sections later on).
    `enum_lines`: the lines that may start with an enumerator (`_ENUM_LINE_RE`)."""
    out: set[int] = set()
    n = len(lines)
    leader = {k for k, l in enumerate(lines) if l.body and (l.body[-1].isdigit() or l.body[-1] in "ivxlc")
              and _leader(l.body) and k not in furniture}
    for k in sorted(leader):
        out.add(k)
        # an entry whose title wraps: the lines before it that have no leader of their own
        j = k - 1
        while j >= 0 and lines[j].body and j not in leader and j not in furniture and k - j <= 2 and lines[j].width < 100:
            if j - 1 >= 0 and (j - 1 in leader or CONTENTS_TITLE_RE.match(lines[j - 1].body) or not lines[j - 1].body):
                out.add(j)
                break
            j -= 1
    # (a title is the whole line: its first letter is one of `_TITLE_FIRST`)
    for k in [k for k, l in enumerate(lines) if l.body[:1] in _TITLE_FIRST]:
        if not CONTENTS_TITLE_RE.match(lines[k].body or "-"):
            continue
        j = k + 1
        while j < n and (not lines[j].body or j in furniture):
            j += 1
        run = []
        while j < n and lines[j].body and j not in furniture:
            run.append(j)
            j += 1
        entries = [i for i in run if _entry_like(lines[i])]
        if run and len(entries) >= 0.7 * len(run):
            out.update(run)
    out.update(_untitled_outline(lines, furniture, out, enum_lines))
    return out


_TITLE_FIRST = frozenset("TtCc目")  # the first letter of what `CONTENTS_TITLE_RE` matches


def _leader(body: str) -> bool:
    """A contents entry's dot leaders and page number (`LEADER_RE`), tested only where the line could end so."""
    return bool(body) and (body[-1].isdigit() or body[-1] in "ivxlc") and (
        "." in body or "…" in body or "·" in body or "_" in body) and bool(LEADER_RE.search(body))


def listed_under_contents_title(raw: list[str]) -> set[int]:
    """0-based lines of a contents list with one entry a line under a `目录`/`Contents` title, in a text
    with one paragraph per line: the numbered lines after the title, up to the line where the body
    starts again with the first entry's number (`第一章　总　　则` … `第一章　总　　则`)."""
    out: set[int] = set()
    n = len(raw)
    for k in range(n):
        if not CONTENTS_TITLE_RE.match(raw[k]):
            continue
        run: list[int] = []
        first = None
        j = k + 1
        while j < n and j - k <= 200:
            body = raw[j].strip()
            if body:
                e = match_enumerator(body)
                if e is None or e.scheme == "decimal-bare" or len(body) > 60 or body[-1] in "。；;：:":
                    break
                key = (e.family, e.parts, e.unit)
                if first is None:
                    first = key
                elif key == first:
                    if len(run) >= 2:
                        out.update(run)
                    break
                run.append(j)
            j += 1
    return out


def _entry_like(l: Line) -> bool:
    return l.width <= 100 and not l.body.endswith((",", "，", ";", "；"))


def _untitled_outline(lines: list[Line], furniture: set[int], taken: set[int], enum_lines: set[int]) -> set[int]:
    """A run of four or more numbered short lines with nothing between them, whose numbers come back
    as section headings at the left margin later: an outline of the document, not its sections.
    Only the lines that may start with an enumerator (`enum_lines`) can be in a run."""
    out: set[int] = set()
    last_at_margin: dict[str, int] | None = None  # a number at the left margin → the last line that starts with it
    run: list[tuple[int, str]] = []
    # (a run lies inside a stretch of consecutive lines that may start with an enumerator)
    for j in [*_in_runs(sorted(enum_lines), 4), -2]:  # (the last one ends the last run)
        if run and j != run[-1][0] + 1:  # a line that is no entry (or a gap) ends the run
            if len(run) >= 4:
                if last_at_margin is None:
                    last_at_margin = _numbers_at_margin(lines, enum_lines)
                end = run[-1][0] + 1
                if sum(1 for _, m in run if last_at_margin.get(m, -1) >= end) >= 0.5 * len(run):
                    out.update(i for i, _ in run)
            run = []
        if j < 0:
            break
        l = lines[j]
        if j in taken or j in furniture or not _entry_like(l) or l.body[-1] in "。.；;：:":
            continue
        e = match_enumerator(l.body)
        if e is None or e.scheme == "decimal-bare":
            continue
        run.append((j, l.body[: e.end]))
    return out


def _in_runs(numbers: list[int], least: int) -> list[int]:
    """The ascending `numbers` that lie in a stretch of at least `least` consecutive ones."""
    out: list[int] = []
    i, n = 0, len(numbers)
    while i < n:
        j = i
        while j + 1 < n and numbers[j + 1] == numbers[j] + 1:
            j += 1
        if j - i + 1 >= least:
            out.extend(numbers[i : j + 1])
        i = j + 1
    return out


def _numbers_at_margin(lines: list[Line], enum_lines: set[int]) -> dict[str, int]:
    """Each number written at the left margin → the last line that starts with it."""
    last: dict[str, int] = {}
    for i in sorted(enum_lines):
        l = lines[i]
        if l.body and l.indent == 0:
            e = match_enumerator(l.body)
            if e is not None:
                last[l.body[: e.end]] = i
    return last


# ---------------------------------------------------------------- prose or preformatted


def _signed(body: str) -> bool:
    """A sign of code, grammar, a figure or a table, or columns set apart by runs of spaces."""
    return ("   " in body and bool(_INNER_GAP_RE.search(body))) or _code_sign(body)


def _prose_line(body: str, is_word: Once) -> bool:
    """Does a line read as running text (words, sentences) rather than code, grammar, a figure or a table?"""
    if _signed(body):
        return False
    han = 0 if body.isascii() else len(HAN_RE.findall(body))
    if han:
        return han >= 0.3 * len(body)
    split = body.split()
    tokens = len(split)
    words = sum(map(is_word.__getitem__, split))
    if tokens < 3:
        return tokens > 0 and body[-1] in ".?!" and words == tokens
    return words >= 0.6 * tokens


def _preformatted(lines: list[Line], first: int, last: int, indented: bool, prose: Callable[[int], bool]) -> bool:
    """A group of lines that is code, grammar, a figure or a table: most lines do not read as prose.

    Text indented past the body is preformatted on less evidence than text at the body's margin.
    """
    size = last - first + 1
    plain = sum(map(prose, range(first, last + 1)))
    if indented:
        return plain < 0.5 * size or (size == 1 and plain == 0)
    if plain > 0.25 * size:  # (decided without the signs: a group of one has plain 0 here)
        return False
    # (a line that reads as prose has no sign: `_prose_line` looked for them first)
    signs = sum(1 for k in range(first, last + 1) if not prose(k) and _signed(lines[k].body))
    if size == 1:  # a grammar rule or assignment standing alone: `field = (escaped / non-escaped)`
        return signs == 1 and bool(_ASSIGNMENT_RE.match(lines[first].body))
    return signs >= 0.5 * size


# ---------------------------------------------------------------- the reader


class Reader:
    """One pass over a hard-wrapped text; `spans()` gives its blocks in order."""

    def __init__(self, raw: list[str], classify, rst: bool = False, text: str | None = None,
                 starts: list[int] | None = None) -> None:
        """`raw`: the lines of `text` (split at newlines; joined again when `text` is not given); `starts`:
        where they start in it (`line_starts`), when the caller has them."""
        self.rst = rst  # a .rst file: reStructuredText's field lists too
        # An explicit markup block or literal block still open: (kind, indent of its first line); the
        # lines indented past that indent belong to it, blank lines between them included.
        self._open: tuple[str, int] | None = None
        whole = WholeText("\n".join(raw) if text is None else text, raw, starts)
        self.lines = _lines(raw, whole)
        # Tests of a line that the reader asks of many lines, each run once over the whole text.
        self.enum_lines = whole.lines_matching(_ENUM_LINE_RE)  # may start with an enumerator
        self.adorned = whole.lines_matching(_ADORNMENT_LINE_RE)  # one punctuation mark repeated
        self.dotted = whole.lines_matching(_DIRECTIVE_LINE_RE)  # reST explicit markup: `..`
        # may start a list item (`_marker`): a bullet or bracket first, or an enumerator
        self.may_mark = self.enum_lines | whole.lines_matching(_MARKER_LINE_RE)
        self.classify = classify  # document.classify_numbered_line, bound to the language
        self.furniture = _furniture(self.lines, whole)
        self.contents = _contents(self.lines, self.furniture, self.enum_lines)
        body = [l for k, l in enumerate(self.lines) if l.body and k not in self.furniture and k not in self.contents]
        self.wrap = _wrap_width(body)
        self.margin = min((l.indent for l in body), default=0)
        self.body_indent = _body_indent(body, self.wrap)
        self.adornments: list[str] = []  # reST section adornment styles in order of first use
        self.out: list[Span] = []
        self._markers: dict[int, int | None] = {}
        self._label_lines: set[int] | None = None
        self._prose: list[bool | None] = [None] * len(self.lines)
        self._words = Once(_is_word)
        self._pre_end: tuple[int, int, int] | None = None  # (k, b, `_preformatted_end(k, b)`) last computed

    # A line that starts a list item: a bullet, or an enumerator the heading test did not take.
    def prose(self, k: int) -> bool:
        """Does line k read as running text (`_prose_line`, asked several times a line)?"""
        p = self._prose[k]
        if p is None:
            p = self._prose[k] = _prose_line(self.lines[k].body, self._words)
        return p

    def marker(self, k: int) -> int | None:
        """Characters from the line's start to the item's content, or None (asked several times a line)."""
        if k not in self.may_mark:
            return None
        if k in self._markers:
            return self._markers[k]
        m = self._markers[k] = self._marker(k)
        return m

    def _marker(self, k: int) -> int | None:
        l = self.lines[k]
        # (`may_mark` tests the body's first character; the one after the white space stripped below is
        # that character, or white space that starts no marker)
        if k not in self.may_mark:
            return None
        lead = len(l.text) - len(l.text.lstrip(" \t\u3000\f"))
        m = _BULLET_RE.match(l.text, lead)
        if m:
            if m.group("bullet") == "o" and not l.text[m.end() - 1 : m.end()].isspace():
                return None
            if m.group("bullet") in "-*+" and k in self.adorned:
                return None
            return m.end()
        m = _REFERENCE_RE.match(l.text, lead)
        if m:
            return m.end()
        e = match_enumerator(l.text, lead) if k in self.enum_lines and not l.text[lead].isspace() else None
        if e is None or e.scheme in ("decimal-bare", "named"):
            return None
        rest = l.text[e.end :]
        if not rest[:1].isspace() and not HAN_RE.match(rest[:1]):
            return None
        return len(l.text) - len(rest.lstrip())

    def spans(self) -> list[Span]:
        lines, n = self.lines, len(self.lines)
        k = 0
        while k < n:
            if k in self.furniture:
                j = k
                while j + 1 < n and (j + 1 in self.furniture or (not lines[j + 1].body and self._furniture_ahead(j + 1))):
                    j += 1
                self._emit("page_furniture", k, j)
                k = j + 1
            elif not lines[k].body:
                k += 1
            elif k in self.contents:
                j = k
                while j + 1 < n and j + 1 in self.contents:
                    j += 1
                self._emit("contents", k, j)
                k = j + 1
            else:
                j = k
                while j + 1 < n and lines[j + 1].body and j + 1 not in self.furniture and j + 1 not in self.contents:
                    j += 1
                k = self._inside_open(k, j)
                if k <= j:
                    self._unit(k, j)
                k = j + 1
        return _join_bracketed(_join_pages(self.out, lines), lines)

    def _inside_open(self, a: int, b: int) -> int:
        """The lines a..b that still belong to an open literal block or explicit markup block (indented past
        its first line) are emitted as its kind; returns the first line that does not belong."""
        if self._open is None:
            return a
        kind, indent = self._open
        if kind == "table":  # a simple table's rows, to its closing border
            if self.lines[a].indent < indent:
                self._open = None
                return a
            self._emit("preformatted", a, b)
            if _TABLE_BORDER_RE.match(self.lines[b].body):
                self._open = None
            return b + 1
        k = a
        while k <= b and self.lines[k].indent > indent:
            k += 1
        if k > a:
            self._emit(kind, a, k - 1)
        if k <= b:
            self._open = None
        return k

    def _furniture_ahead(self, k: int) -> bool:
        j = k
        while j < len(self.lines) and not self.lines[j].body and j not in self.furniture:
            j += 1
        return j < len(self.lines) and j in self.furniture

    def _emit(self, kind: str, a: int, b: int, **extra) -> None:
        self.out.append(Span(kind, a, b, **extra))

    def _unit(self, a: int, b: int) -> None:
        """A run of non-blank lines: split it into headings, items, paragraphs and preformatted groups."""
        lines = self.lines
        prev = self.out[-1] if self.out else None
        literal = prev is not None and prev.kind in ("paragraph", "list_item") and lines[prev.last].body.endswith("::") \
            and lines[a].indent > lines[prev.first].indent
        if literal:  # a literal block: it runs on, over blank lines, while it is indented past its paragraph
            self._open = ("preformatted", lines[prev.first].indent)
            k = self._inside_open(a, b)
            if k > b:
                return
            a = k
        k = a
        while k <= b:
            l = lines[k]
            if k in self.dotted and (l.indent <= self.body_indent or self.rst):
                j = k
                while j + 1 <= b and lines[j + 1].indent > l.indent:
                    j += 1
                fm = _FOOTNOTE_RE.match(l.body)
                if fm:
                    self._emit("list_item", k, j, content_col=len(l.text) - len(l.text.lstrip()) + fm.end())
                    k = j + 1
                    continue
                if _DIRECTIVE_NAME_RE.match(l.body) and not (_CODE_DIRECTIVE_RE.match(l.body)
                                                              or _MARKUP_DIRECTIVE_RE.match(l.body)):
                    # an admonition, a version note, an object's description: the directive and its
                    # options are markup, its body is text
                    j = k
                    while j + 1 <= b and lines[j + 1].indent > l.indent and _FIELD_RE.match(lines[j + 1].body):
                        j += 1
                    self._emit("directive", k, j)
                    k = j + 1
                    continue
                kind = "preformatted" if _CODE_DIRECTIVE_RE.match(l.body) else "directive"
                self._emit(kind, k, j)
                self._open = (kind, l.indent)  # its body goes on over blank lines, indented past it
                k = self._inside_open(j + 1, b)
                continue
            if l.body[0] == "=" and _TABLE_BORDER_RE.match(l.body) and self._table(k, b):
                return
            if self.rst and k == a and self._header_fields(a, b):
                return
            if self.rst and _FIELD_RE.match(l.body) and l.indent <= self.body_indent:
                j = k
                while j + 1 <= b and lines[j + 1].indent > l.indent:
                    j += 1
                lead = len(l.text) - len(l.text.lstrip())
                self._emit("list_item", k, j, content_col=lead + _FIELD_RE.match(l.body).end())
                k = j + 1
                continue
            if k in self.adorned:
                self._adornment(k, b)
                k += 1
                continue
            if k + 1 <= b and k + 1 in self.adorned and _title_fits(l, lines[k + 1]):
                self._section_title(k, k + 1)
                k += 2
                continue
            if k == a and self._heading(k, b):
                k += 1
                continue
            if k == a == b and self._label_title(k):
                self._emit("heading", k, k, level=1)  # over the numbered titles, as a reST title would be
                k += 1
                continue
            if self._preformatted_here(k, b):
                j = self._preformatted_end(k, b)
                self._emit("preformatted", k, j)
                k = j + 1
                continue
            last = self.out[-1] if self.out else None
            sibling = last is not None and last.kind == "list_item" and last.last == k - 1 \
                and lines[last.first].indent == l.indent
            col = self.marker(k) if (k == a or sibling or self._may_start_item(k)) else None
            j = self._extent(k, b, col is not None)
            enum = self._runin(k, j) if col is not None else None
            if enum is not None:
                self._emit("paragraph", k, j, enumerator=enum, runin=True)
            elif col is not None:
                self._emit("list_item", k, j, content_col=col)
            else:
                self._emit("paragraph", k, j)
            k = j + 1

    def _table(self, k: int, b: int) -> bool:
        """A reST simple table from its border at line k (`=====  =========`): preformatted text, its rows
        going on over blank lines (`_inside_open`) to a border that ends a run of lines. A border alone
        between blank lines opens nothing."""
        if k == b:
            return False
        self._emit("preformatted", k, b)
        closed = bool(_TABLE_BORDER_RE.match(self.lines[b].body))
        self._open = None if closed else ("table", self.lines[k].indent)
        return True

    def _header_fields(self, a: int, b: int) -> bool:
        """The document's opening run of `Name: value` lines (a PEP's header), each with its indented
        continuation: one field item each, the value as its content."""
        lines = self.lines
        if self.out or any(lines[k].indent == lines[a].indent and not _HEADER_FIELD_RE.match(lines[k].body)
                           for k in range(a, b + 1)):
            return False  # only the document's first lines, every one a field or a field's continuation
        k = a
        while k <= b:
            j = k
            while j + 1 <= b and lines[j + 1].indent > lines[a].indent:
                j += 1
            lead = len(lines[k].text) - len(lines[k].text.lstrip())
            self._emit("list_item", k, j, content_col=lead + _HEADER_FIELD_RE.match(lines[k].body).end())
            k = j + 1
        return True

    def _heading(self, k: int, b: int) -> bool:
        """A numbered title at the left margin, short, opening a section (nothing of the same indent wraps on)."""
        l = self.lines[k]
        if l.indent > self.margin or (self.body_indent > self.margin and l.indent >= self.body_indent):
            return False
        enum, standalone = self.classify(l.text)
        if enum is not None and not standalone and k == b and l.indent < self.body_indent and "\n" not in l.body \
                and l.width <= 0.75 * self.wrap and enum.scheme not in ("decimal-bare", "alpha-lower", "roman-lower"):
            standalone = True  # alone at the margin over an indented body: a title, even `3.  Why not use .alt?`
        if enum is None or not standalone:
            return False
        if k < b:
            nxt = self.lines[k + 1]
            if nxt.indent == l.indent and (l.width > 0.75 * self.wrap or nxt.body[:1].islower()):
                return False  # a numbered paragraph that wraps on: an item, not a title
            sibling = _enumerator(nxt.body)
            if nxt.indent == l.indent and sibling is not None and sibling.family == enum.family \
                    and sibling.depth == enum.depth:
                return False  # `1. Short item` / `2. Another`: a list, not a title over a body
            col = self.marker(k)
            if col is not None and nxt.indent == _width(l.text[:col].expandtabs(8)) and l.body[-1] not in _CLOSED \
                    and (nxt.body[:1].islower() or l.width >= 0.6 * self.wrap):
                return False  # `1. We propose using…` / `   and union.`: the item's text goes on under its text
        self._emit("heading", k, k, enumerator=enum)
        return True

    def _label_title(self, k: int) -> bool:
        """An unnumbered section title written as a label alone at the margin (`Motivation:`, `Security
        Implications:`), in a text that has at least two of them: it opens a section, so numbered lists under
        two of them are two lists."""
        l = self.lines[k]
        return l.indent == self.margin and k in self._labels()

    def _labels(self) -> set[int]:
        if self._label_lines is None:
            found = set()
            lines = self.lines
            for k, l in enumerate(lines):
                if (l.body and l.indent == self.margin and _LABEL_TITLE_RE.match(l.body) and (k == 0 or not lines[k - 1].body)
                        and k + 1 < len(lines) and not lines[k + 1].body and _enumerator(l.body) is None):
                    found.add(k)
            self._label_lines = found if len(found) >= 2 else set()
        return self._label_lines

    def _runin(self, k: int, j: int) -> Enumerator | None:
        """A Chinese section number (一、 （一） 第一章) at the left margin opens a run-in heading, as in the
        one-paragraph-per-line layout; other numbers at the margin of a wrapped text number list items."""
        if self.lines[k].indent > self.margin:
            return None
        enum, standalone = self.classify("\n".join(self.lines[i].text for i in range(k, j + 1)))
        return enum if enum is not None and not standalone and enum.scheme in _RUNIN_SCHEMES else None

    def _may_start_item(self, k: int) -> bool:
        """A marker starts an item after a finished line or a colon; a bullet also after a change of indent,
        a number only when the indent steps back out (`L. Jones,` wrapped in a reference is no item)."""
        prev, line = self.lines[k - 1], self.lines[k]
        if prev.body[-1] in _CLOSED_OR_COLON or line.indent < prev.indent:
            return True
        lead = len(line.text) - len(line.text.lstrip(" \t\u3000\f"))
        return line.indent != prev.indent and bool(_BULLET_RE.match(line.text, lead))

    def _extent(self, k: int, b: int, item: bool) -> int:
        """The last line of the paragraph or item that starts at line k."""
        lines = self.lines
        first = lines[k]
        cont = None  # the indent of continuation lines, set by the second line
        j = k
        while j + 1 <= b:
            nxt = lines[j + 1]
            if j + 1 in self.adorned or j + 1 in self.dotted:
                break
            if j + 2 <= b and j + 2 in self.adorned and _title_fits(nxt, lines[j + 2]):
                break
            open_end = lines[j].body[-1] not in _CLOSED_OR_COLON
            if item and nxt.indent < first.indent and open_end and self.marker(j + 1) is None:
                cont = cont if cont is not None else nxt.indent
                j += 1  # a lazy continuation: the item's sentence goes on at the margin
                continue
            if cont is None:
                if item:
                    if nxt.indent < first.indent or (nxt.indent == first.indent and self.marker(j + 1) is not None):
                        break
                elif nxt.indent > first.indent + 1 and not self.prose(j + 1) and not _closes_bracket(first.body, nxt.body):
                    break  # a lead-in, then indented code or a figure (not the end of a bracketed note)
                elif nxt.indent > first.indent + 1 and first.width < 0.6 * self.wrap:
                    break  # a term, then its indented definition
                elif nxt.indent < first.indent - 1 and first.width < 0.6 * self.wrap:
                    break
                cont = nxt.indent
            elif abs(nxt.indent - cont) >= 2 and not (item and nxt.indent > first.indent and nxt.indent >= cont):
                if not (nxt.indent > cont and open_end and self.prose(j + 1) and self.marker(j + 1) is None):
                    break  # (a sentence that goes on deeper in is a hanging continuation: `rename from x to` / `   y.`)
            if j + 1 in self.may_mark and self.marker(j + 1) is not None and self._may_start_item(j + 1):
                break
            j += 1
        return j

    def _preformatted_here(self, k: int, b: int) -> bool:
        l = self.lines[k]
        # reST indents a block quote, not code (code follows `::` or a directive): only signs make it preformatted
        indented = l.indent > self.body_indent + 1 and not self.rst
        if not indented and self.marker(k) is not None:
            return False
        j = self._preformatted_end(k, b)
        return _preformatted(self.lines, k, j, indented, self.prose)

    def _preformatted_end(self, k: int, b: int) -> int:
        """Preformatted text runs to the end of the unit, to a line back at a lesser indent that reads as
        prose, or to two lines of prose in a row (`Effect: This is how long…` after `Default: 10`)."""
        memo = self._pre_end
        if memo is not None and memo[0] == k and memo[1] == b:
            return memo[2]  # (`_preformatted_here` asked first)
        lines = self.lines
        base = lines[k].indent
        prose = self.prose
        j = k
        while j + 1 <= b:
            if prose(j + 1) and (lines[j + 1].indent < base or (j + 2 <= b and prose(j + 2))):
                break
            j += 1
        self._pre_end = (k, b, j)
        return j

    def _adornment(self, k: int, b: int) -> None:
        """A line of one repeated punctuation mark: a reST overline/underline or a horizontal rule."""
        self._emit("rule", k, k)

    def _section_title(self, k: int, u: int) -> None:
        style = self.lines[u].body[0]
        over = self.out[-1] if self.out else None
        if over is not None and over.kind == "rule" and over.last == k - 1:
            style = "over" + style
        if style not in self.adornments:
            self.adornments.append(style)
        enum, _ = self.classify(self.lines[k].text, True)
        self._emit("heading", k, k, enumerator=enum, level=self.adornments.index(style) + 1)
        self._emit("rule", u, u)


def _closes_bracket(first: str, nxt: str) -> bool:
    """`[Note: Actually, this is …` / `       -nickm, 9 May 2011]`: the next line closes a bracket the first opened."""
    for o, c in ("[]", "()"):
        if first.count(o) > first.count(c) and nxt.count(c) > nxt.count(o) and first.count(o) - first.count(c) <= nxt.count(c) - nxt.count(o):
            return True
    return False


def _title_fits(title: Line, under: Line) -> bool:
    """reST: the adornment is at least as long as the title (a little shorter is accepted), at the same indent."""
    return (bool(title.body) and not _ADORNMENT_RE.match(title.body) and title.indent == under.indent
            and not _INNER_GAP_RE.search(title.body)  # column headings over a rule: a table, not a title
            and under.width - under.indent >= max(3, title.width - title.indent - 2) and title.width < 100)


def _body_indent(body: list[Line], wrap: int) -> int:
    """The indent of running text: the most common indent of lines that fill most of the wrap width."""
    counts: dict[int, int] = {}
    for l in body:
        if l.width >= 0.7 * wrap:
            counts[l.indent] = counts.get(l.indent, 0) + 1
    return max(counts, key=lambda i: (counts[i], -i)) if counts else 0


def _join_pages(spans: list[Span], lines: list[Line]) -> list[Span]:
    """A paragraph or item cut by a page break goes on after it: one span, the furniture inside as holes."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        s = spans[i]
        while (s.kind in ("paragraph", "list_item") and i + 2 < len(spans) and spans[i + 1].kind == "page_furniture"
               and spans[i + 2].kind == "paragraph" and _continues(lines, s, spans[i + 2])):
            f, nxt = spans[i + 1], spans[i + 2]
            s = s._replace(last=nxt.last, holes=s.holes + tuple(range(f.first, f.last + 1)) + nxt.holes)
            i += 2
        out.append(s)
        i += 1
    return out


_MAX_NOTE_PARAGRAPHS = 6


def _join_bracketed(spans: list[Span], lines: list[Line]) -> list[Span]:
    """An editorial note in square brackets that runs over several paragraphs (`[Newer versions of Tor…:`
    … `…may become available.]`) is one block: its brackets pair across the blank lines."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        s = spans[i]
        depth = _bracket_depth(lines, s) if s.kind == "paragraph" and lines[s.first].body.startswith("[") else 0
        j = i
        while depth > 0 and j + 1 < len(spans) and j + 1 - i < _MAX_NOTE_PARAGRAPHS \
                and spans[j + 1].kind in ("paragraph", "list_item", "page_furniture"):
            j += 1
            depth += _bracket_depth(lines, spans[j]) if spans[j].kind != "page_furniture" else 0
        if j > i and depth == 0 and spans[j].kind != "page_furniture":
            holes = tuple(h for t in spans[i : j + 1] for h in (range(t.first, t.last + 1) if t.kind == "page_furniture" else t.holes))
            out.append(s._replace(last=spans[j].last, holes=holes))
            i = j + 1
            continue
        out.append(s)
        i += 1
    return out


def _bracket_depth(lines: list[Line], s: Span) -> int:
    return sum(lines[k].body.count("[") - lines[k].body.count("]") for k in range(s.first, s.last + 1) if k not in s.holes)


def _continues(lines: list[Line], a: Span, b: Span) -> bool:
    tail = lines[a.last]
    head = lines[b.first]
    if tail.body[-1] in _CLOSED or tail.body.endswith(("：", ":")):
        return False
    cont = tail.indent if a.last > a.first or a.kind == "paragraph" else tail.indent
    return abs(head.indent - cont) <= 1


# ---------------------------------------------------------------- joining wrapped lines

# Blocks whose line breaks are the wrap's, not the author's: their lines are joined in the view checks read.
JOINED_KINDS = frozenset({"paragraph", "list_item"})


def joined_lines(span: Span, lines: list[Line]) -> list[tuple[int, int]]:
    """(line, next line) pairs, 0-based, whose break inside `span` is a wrap: consecutive lines with text,
    or lines with only page furniture (and blank lines) between them; blank lines alone keep their break."""
    if span.kind not in JOINED_KINDS or span.last == span.first:
        return []
    holes = set(span.holes)
    out: list[tuple[int, int]] = []
    prev = None
    furniture_between = False
    for k in range(span.first, span.last + 1):
        if k in holes:
            furniture_between = True
            continue
        if not lines[k].body:
            continue
        if prev is not None and (k == prev + 1 or furniture_between):
            out.append((prev, k))
        prev, furniture_between = k, False
    return out


def wraps(spans: list[Span], lines: list[Line]) -> tuple[list[int], list[int]]:
    """Every wrap of a text read into `spans`, in order: (the lines whose break is a wrap, the line with
    text after each), as `joined_lines` gives them, a span of lines that all have text taken whole."""
    blank = list(accumulate((not l.body for l in lines), initial=0))  # blank lines before each line
    tails: list[int] = []
    heads: list[int] = []
    for s in spans:
        if s.kind not in JOINED_KINDS or s.last == s.first:
            continue
        if not s.holes and blank[s.last + 1] == blank[s.first]:
            tails.extend(range(s.first, s.last))
            heads.extend(range(s.first + 1, s.last + 1))
        else:
            for k, k2 in joined_lines(s, lines):
                tails.append(k)
                heads.append(k2)
    return tails, heads


def joiners(tails: list[int], heads: list[int], lines: list[Line], ascii_text: bool) -> list[str]:
    """`wrap_joiner` of each wrap (`wraps`); in an ASCII text, one space but after a hyphen."""
    if not ascii_text:
        return [wrap_joiner(lines[k].body, lines[k2].body) for k, k2 in zip(tails, heads)]
    out = [" "] * len(tails)
    for i, k in enumerate(tails):
        if lines[k].body[-1] == "-":
            out[i] = wrap_joiner(lines[k].body, lines[heads[i]].body)
    return out


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WFH" and not ("\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff")


def wrap_joiner(tail: str, head: str) -> str:
    """What a wrap between two lines reads as: nothing between two East Asian wide characters (the
    CSS segment-break rule; Chinese quotes and dashes count as wide beside one), nothing after a
    hyphen inside a word (`end-` / `to-end`), else one space. `tail`, `head`: the texts either side."""
    a, b = tail[-1], head[0]
    if a < "\u1100" and b < "\u1100":  # neither East Asian: a space, or nothing after an in-word hyphen
        return "" if a == "-" and len(tail) > 1 and tail[-2].isalpha() and b.isalpha() else " "
    if (_wide(a) or a in CJK_PUNCT) and (_wide(b) or b in CJK_PUNCT) and (_wide(a) or _wide(b)):
        return ""
    if a == "-" and len(tail) > 1 and tail[-2].isalpha() and b.isalpha():
        return ""
    return " "


# ---------------------------------------------------------------- stray line breaks


class StrayBreak(NamedTuple):
    """A line of a wrapped paragraph cut short for no reason: the next line's first word would have fit."""
    line: int  # 1-based number of the short line
    end: int  # document offset just past its last character
    head_start: int  # offset of the next line's first character
    head_end: int  # offset of the end of the next line


_LABEL_RE = rx.compile(r"^[\w/().-]+:(?:\s|$)")  # `Transport: UDP`, `Effect:` — a field, not running text


def stray_line_breaks(doc) -> list[StrayBreak]:
    """Short lines inside hard-wrapped paragraphs whose lines otherwise fill the width.

    In wrapped text a line is short only where a paragraph ends; a short line in
    the middle of one whose next word would have fitted is a line break left by
    an edit (`some programs, suc` / `h as Microsoft Excel`). Blocks of short
    lines on purpose (addresses, key-value fields, verse) are not looked at: all
    the other lines of the paragraph must be full.
    """
    if doc.layout not in ("wrapped", "rst"):
        return []
    index, source = doc.index, doc.source_index
    lines = doc.source.split("\n")
    widths = [_width(s.rstrip()) for s in lines]
    full = sorted(w for w in widths if w)
    if not full:
        return []
    wrap = full[int(len(full) * 0.9)]
    out: list[StrayBreak] = []
    for b in doc.blocks:
        if b.kind not in ("paragraph", "list_item"):
            continue
        for ks in _segments(b, index):
            found = _stray_in(ks, lines, widths, wrap)
            if found is not None and not (b.kind == "list_item" and found[0] == b.line - 1 and _titles_item(b, lines[found[1]])):
                k, nxt = found
                start = source.line_start(nxt + 1)
                out.append(StrayBreak(k + 1, doc.view_offset(source.line_start(k + 1) + len(lines[k].rstrip()), False),
                                      doc.view_offset(start + len(lines[nxt]) - len(lines[nxt].lstrip())),
                                      index.line_end(nxt + 1)))
    return out


def _titles_item(b, nxt: str) -> bool:
    """The first line of list item `b` is its title, its text below: the next line (`nxt`) is indented
    neither to the item's content (a wrap) nor back to its marker (`1. Gaming Node Selection` /
    `    Does running a fallback OR…`)."""
    lead = len(nxt) - len(nxt.lstrip())
    marker = len(b.text) - len(b.text.lstrip())
    return lead not in (b.content_start - b.start, marker)


def _segments(b, index) -> list[list[int]]:
    """0-based line numbers of a block's runs of text between blank lines and page furniture (the lines the
    view keeps no text of: their start in the view is not before their end)."""
    runs: list[list[int]] = [[]]
    for line in range(b.line, b.end_line + 1):
        a, z = index.line_start(line), index.line_end(line)
        if a < z and not index.text[a:z].isspace():
            runs[-1].append(line - 1)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _stray_in(ks: list[int], lines: list[str], widths: list[int], wrap: int) -> tuple[int, int] | None:
    """(short line, next line) when exactly one line of a run of three or more is cut short for no reason."""
    if len(ks) < 3:
        return None
    inner = ks[:-1]
    short = [k for k in inner if widths[k] < 0.6 * wrap]
    if len(short) != 1 or any(widths[k] < 0.7 * wrap for k in inner if k != short[0]):
        return None
    k = short[0]
    nxt = ks[ks.index(k) + 1]
    tail, head = lines[k].strip(), lines[nxt].strip()
    if tail[-1] in _CLOSED + "：:,，;；、" or _LABEL_RE.match(tail) or _LABEL_RE.match(head):
        return None
    first = head.split()[0] if not HAN_RE.match(head) else head[0]
    if first[0] in "-*+([<" or widths[k] + 1 + _width(first) > wrap:
        return None
    return k, nxt
