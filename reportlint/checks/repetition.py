"""Doubled words in English ("the the") and doubled characters in Chinese (五年年).

Chinese reduplicates on purpose (人人, 常常, 年年有余) and words meet across
boundaries without spaces (十五五规划, 城市市场, 中国国际), so a doubled Han
character is reported only for characters that do not legitimately double:
function words (的的, 了了) anywhere, and measure words after a numeral
(五年年, 三个个). Both lists, and longer words to accept, live in the rule's YAML.
A pair standing alone between non-Han characters is a name or a quoted example (当当 in a
list of companies), not a slip. A few words that reports never double on purpose (加快加快,
推进推进) are reported when doubled; Chinese reduplicates verbs casually (研究研究) and words
meet across boundaries (有关规定规定的), so only a listed word is.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.scope import blocks_in_scope, validate_scope
from reportlint.diagnostics import Edit, Finding, Fix
from reportlint.document import Document
from reportlint.text import rx

FIELDS = frozenset({"match", "repeated"})
MESSAGE = "'{repeated}' is repeated: '{match}'"
# Each finding lies in one block and reads only that block and the text just around it: the language
# server re-checks only the blocks an edit reached (reportlint/lsp/incremental.py). Keep it so, or drop this.
BLOCK_LOCAL = True

# Reads as (?i)(?<![\w'’-])([A-Za-z]+)(\s+)(\1)(?![\w'’-]) with the first letter first and case
# folding kept to the back-reference, so the engine skips to letters in C (Chinese text: every
# position). The letters re.I lets [A-Za-z] match besides ASCII are written out: İ ı ſ K (Kelvin).
_LETTER = "A-Za-z\u0130\u0131\u017f\u212a"
# The word's letters are taken possessively (*+): only the whole run can be followed by the space, so
# giving letters back one by one when the next word differs (nearly every word) could never match.
_WORD_RE = rx.compile(rf"([{_LETTER}](?<![\w'’-].)[{_LETTER}]*+)(\s+)((?i:\1))(?![\w'’-])")
_HAN_RE = rx.compile(r"([\u4e00-\u9fff])\1")
_ANY_HAN_RE = rx.compile(r"[\u4e00-\u9fff]")
_HAN_WORD = rx.compile(r"[\u4e00-\u9fff]+")
_NUMERAL = "零〇一二两三四五六七八九十百千万0123456789"
# A word glued to one of these is part of a name or a grammar term (Intl.Locale, 1#extension, $var).
_NAME_GLUE = frozenset(".#_/:@$\\")


@dataclass(frozen=True)
class Params:
    """Params of the `repetition` kind: what a rule's YAML `params` may set (validated by the loader)."""
    words: bool = True  # English doubled words
    allow_words: tuple[str, ...] = ()  # English words that may repeat (had had, that that)
    characters: str = ""  # Chinese characters reported whenever doubled (的的)
    after_numeral: str = ""  # Chinese measure words reported when doubled after a numeral (五年年)
    allow_characters: tuple[str, ...] = ()  # longer Chinese words that contain a doubled pair (了了之)
    han_words: tuple[str, ...] = ()  # Chinese words reported when doubled (加快加快)
    scope: tuple[str, ...] = ("prose",)


def validate(params: Params) -> list[tuple[str, str]]:
    problems = validate_scope(params.scope)
    problems += [("han_words", f"{w!r} is not two or more Chinese characters") for w in params.han_words
                 if len(w) < 2 or not _HAN_WORD.fullmatch(w)]
    return problems


def run(doc: Document, params: Params) -> Iterator[Finding]:
    allow_words = {w.lower() for w in params.allow_words}
    always, measure = set(params.characters), set(params.after_numeral)
    longer = list(params.allow_characters)
    # The Chinese readings need a Han character (the listed words are Han): a document without one
    # (English) skips both passes over every block
    han = bool((params.han_words or always or measure) and _ANY_HAN_RE.search(doc.text))
    for block in blocks_in_scope(doc, params.scope):
        text, base = block.content, block.content_start
        if params.words:
            for m in _WORD_RE.finditer(text):
                w = m.group(1)
                if w.lower() in allow_words or len(w) == 1 and w.lower() not in ("a",):
                    continue
                if w != m.group(3) and not (w.lower() == m.group(3).lower() and (w.islower() or m.group(3).islower())):
                    continue
                # A capitalised second word is a name (Yuan Yuan) or a grammar token (DIGIT DIGIT), and a
                # first word glued to a dot or # belongs to an identifier (Intl.Locale locale, 1#extension).
                if m.group(3)[0].isupper() or (m.start() > 0 and text[m.start() - 1] in _NAME_GLUE):
                    continue
                if doc.format_breaks and any(base + k in doc.format_breaks for k in range(m.end(1), m.start(3) + 1)):
                    continue  # Word: "Change **Available to** to …", the formatting between them, as `**` in Markdown
                s, e = base + m.start(), base + m.end()
                fix = Fix((Edit(base + m.start(2), e, ""),), safe=False, description=f"remove the second '{w}'")
                yield Finding(s, e, {"match": m.group(0), "repeated": w}, fix=fix)
        if not han:
            continue
        if params.han_words:
            yield from _doubled_words(text, base, params.han_words)
        if always or measure:
            for m in _HAN_RE.finditer(text):
                ch = m.group(1)
                if _standalone(text, m.start(), m.end()):
                    continue
                # 一个个, 一年年 are reduplication ("one after another"); 五年年 is a slip.
                after_num = m.start() > 0 and text[m.start() - 1] in _NUMERAL and text[m.start() - 1] != "一"
                if not (ch in always or (ch in measure and after_num)) or _inside_allowed(text, m.start(), longer):
                    continue
                s, e = base + m.start(), base + m.end()
                lo, hi = max(0, m.start() - 2), min(len(text), m.end() + 2)
                fix = Fix((Edit(s + 1, e, ""),), safe=False, description=f"remove the second '{m.group(1)}'")
                yield Finding(s, e, {"match": text[lo:hi], "repeated": m.group(1)}, fix=fix)


@functools.lru_cache(maxsize=16)
def _doubled_re(words: tuple[str, ...]):
    """One alternation per word list (the longest first), built once per list, not once per block."""
    return rx.compile("(" + "|".join(sorted(words, key=len, reverse=True)) + r")\1")


def _doubled_words(text: str, base: int, words: tuple[str, ...]) -> Iterator[Finding]:
    for m in _doubled_re(words).finditer(text):
        w = m.group(1)
        s, e = base + m.start(), base + m.end()
        lo, hi = max(0, m.start() - 2), min(len(text), m.end() + 2)
        fix = Fix((Edit(s + len(w), e, ""),), safe=False, description=f"remove the second '{w}'")
        yield Finding(s, e, {"match": text[lo:hi], "repeated": w}, fix=fix)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _standalone(text: str, start: int, end: int) -> bool:
    """The doubled pair is a word of its own: no Han character on either side."""
    return (start == 0 or not _is_han(text[start - 1])) and (end == len(text) or not _is_han(text[end]))


def _inside_allowed(text: str, pos: int, words: list[str]) -> bool:
    for w in words:
        i = text.find(w, max(0, pos - len(w) + 2), pos + len(w))
        if i != -1 and i <= pos and pos + 2 <= i + len(w):
            return True
    return False
