"""Sentence splitting for Chinese and English, with offsets."""

from __future__ import annotations

from reportlint.text import rx

# A sentence ends at 。！？ (and ；… in Chinese) or at .!? followed by space/end,
# keeping closing quotes and brackets with the sentence they close. Reads as
# (?:[。！？!?]+|…+|；|\.(?=CLOSERS*(?:\s|$)))CLOSERS* with the first character taken out in front:
# a pattern that opens with one character class is searched by skipping to candidates in C.
_SPLIT_RE = rx.compile(
    r"""[。！？!?…；.](?:(?<=[。！？!?])[。！？!?]*|(?<=…)…*|(?<=；)|(?<=\.)(?=[”’」』》）)"']*(?:\s|$)))[”’」』》）)"']*"""
)
_ABBREV = frozenset("e.g i.e etc vs mr mrs dr no al fig cf approx st inc ltd jr sr".split())


def _is_abbreviation(text: str, dot: int) -> bool:
    """A '.' that ends an abbreviation or an initial ("e.g.", "Dr.", "J.") does not end a sentence."""
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].lower()
    return word in _ABBREV or (len(word) == 1 and word.isalpha())


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Return (start, end) spans of sentences in `text`, shifted by `offset`.

    Leading whitespace is not part of a sentence; a trailing fragment without
    closing punctuation is a sentence too.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    for m in _SPLIT_RE.finditer(text):
        if text[m.start()] == "." and _is_abbreviation(text, m.start()):
            continue
        end = m.end()
        _append(text, pos, end, offset, spans)
        pos = end
    if pos < n:
        _append(text, pos, n, offset, spans)
    return spans


def _append(text: str, start: int, end: int, offset: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start + offset, end + offset))
