"""Wrong → right term substitution with a fix (Vale's `substitution`)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.scope import blocks_in_scope, blocks_text, validate_scope
from reportlint.diagnostics import Edit, Finding, Fix
from reportlint.document import Document
from reportlint.text import rx
from reportlint.text.prefilter import may_contain

FIELDS = frozenset({"match", "replacement"})
_BEFORE_WORD = r"(?<![A-Za-z0-9_-])"
_AFTER_WORD = r"(?![A-Za-z0-9_-])"
MESSAGE = "Use '{replacement}' instead of '{match}'"
# Each finding lies in one block and reads only that block and the text just around it: the language
# server re-checks only the blocks an edit reached (reportlint/lsp/incremental.py). Keep it so, or drop this.
BLOCK_LOCAL = True


@dataclass(frozen=True)
class Params:
    """Params of the `substitution` kind: what a rule's YAML `params` may set (validated by the loader)."""
    swap: dict[str, str]  # literal wrong text → right text
    ignore_case: bool = False
    scope: tuple[str, ...] = ("prose",)
    safe_fix: bool = True


def _pattern(params: Params) -> re.Pattern | None:
    """The one pattern of a rule's terms, derived from its params (built once per rule, not per document)."""
    return _terms_pattern(tuple(params.swap), params.ignore_case)


@functools.lru_cache(maxsize=256)
def _terms_pattern(terms: tuple[str, ...], ignore_case: bool) -> re.Pattern | None:
    words = sorted(terms, key=len, reverse=True)
    bounded, anywhere = [], []
    for w in words:
        p = re.escape(w)
        # ASCII words only match as whole words; Chinese terms match anywhere. The word
        # boundary is Latin letters and digits only: an English term touching Chinese text
        # (通过E-mail发送) is still a whole word, though Python's \w counts Han as a letter.
        if w[-1:].isascii() and w[-1:].isalnum():
            p = p + _AFTER_WORD
        (bounded if w[:1].isascii() and w[:1].isalnum() else anywhere).append(p)
    # One shared left boundary in front of the word alternation, not one per word: the
    # engine then tries the words only at word starts (8x faster on 10 MB of English).
    # The two groups start with different kinds of character, so they never compete.
    parts = ([_BEFORE_WORD + "(?:" + "|".join(bounded) + ")"] if bounded else []) + anywhere
    flags = re.IGNORECASE if ignore_case else 0
    return rx.compile("|".join(parts), flags) if parts else None


def validate(params: Params) -> list[tuple[str, str]]:
    problems = validate_scope(params.scope)
    if not params.swap:
        problems.append(("swap", "needs at least one 'wrong: right' entry"))
    return problems


def _may_match(text: str, params: Params) -> bool:
    """False when no wrong term occurs anywhere in the document's text, so the word regex need not run.

    One substring search per term over the document text (every block's text is a slice of
    it) takes a fraction of the time the regex spends trying every word start of every block
    (most documents have no misspelling). A regex match is a match of one term's characters,
    so a text without any term has none (text/prefilter.py).
    """
    return may_contain(text, params.swap, params.ignore_case)


def run(doc: Document, params: Params) -> Iterator[Finding]:
    pattern = _pattern(params)
    if pattern is None:
        return
    blocks = list(blocks_in_scope(doc, params.scope))
    # Only a regex that opens with the word-boundary lookbehind is slow (tried at every position);
    # one of Chinese terms alone opens with their first characters and is already fast. The blocks'
    # own text: a term elsewhere (in code) matches nothing, and the language server checks a few blocks.
    if pattern.pattern.startswith(_BEFORE_WORD) and not _may_match(blocks_text(doc, blocks), params):
        return
    lookup = {k.lower(): v for k, v in params.swap.items()} if params.ignore_case else params.swap
    for block in blocks:
        base = block.content_start
        for m in pattern.finditer(block.content):
            found = m.group(0)
            right = lookup.get(found.lower() if params.ignore_case else found)
            if right is None or right == found:
                continue
            if params.ignore_case and found[:1].isupper() and right[:1].islower():
                right = right[:1].upper() + right[1:]  # keep sentence-initial capitals
            s, e = base + m.start(), base + m.end()
            fix = Fix((Edit(s, e, right),), safe=params.safe_fix, description=f"replace with '{right}'")
            yield Finding(s, e, {"match": found, "replacement": right}, fix=fix)
