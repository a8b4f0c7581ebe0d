"""Cheap tests that let a check skip a regular-expression pass that could not match.

A pattern that needs one of a few words (an alternation of terms, a noun list) is tried by
the engine at every position whose character could start one of them; under
`re.IGNORECASE` it gets no literal prefix at all, so it steps through the whole text.
A substring search per word over the document's text (every block's text is a slice of it)
takes a fraction of that, and most documents contain none of the words.
"""

from __future__ import annotations

from typing import Iterable

# The only non-ASCII characters re.IGNORECASE matches to ASCII letters: İ ı (i), ſ (s), K (Kelvin sign, k).
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def may_contain(text: str, words: Iterable[str], ignore_case: bool = False) -> bool:
    """False only when none of `words` occurs in `text` (in re.IGNORECASE's sense when `ignore_case`),
    so a pattern each of whose matches contains one of them cannot match there.

    Case-blind: an ASCII word is looked for in the lowered text, a word without case (Chinese) as
    written; when folding could match a word through characters str.lower does not map to ASCII
    (İ ı ſ K in the text) or the word has other cased characters (Ärger), True: the pattern decides."""
    words = tuple(words)
    if not ignore_case:
        return any(w in text for w in words)
    if any(c in text for c in FOLDS_TO_ASCII):
        return True
    low = None
    for w in words:
        if w.isascii():
            if low is None:
                low = text.lower()
            if w.lower() in low:
                return True
        elif all(c.lower() == c == c.upper() for c in w):  # no case: IGNORECASE matches it only as written
            if w in text:
                return True
        else:
            return True
    return False
