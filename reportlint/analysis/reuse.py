"""Results derived from one piece of a document, kept between versions of that document.

Between two versions of a document in the language server most blocks are unchanged, and
so are most of what the views derive from a block (its normalised key, its shingles, its
quantities, its metric mentions) or from two blocks (their similarity). The server's
session keeps one `Reuse` per document and hands it to each Document it parses
(`Document.reuse`); a view asks `reused(doc, kind, key, compute)`, and a key seen in the
last version gives its result again instead of `compute()`. Without a Reuse (batch runs,
tests) `compute()` runs; what a batch run keeps is its `Memo` (below), and no state outlives
the run.

A key holds everything its result depends on — the text and every setting and piece of
context the computation reads — so a result taken again is the one `compute()` would give
(tests/test_lsp_reuse.py checks edited documents against fresh ones). A result that holds
document offsets is stored relative to its block and moved by the caller (`shifted`).

Only what the last version used is kept (and what this version uses): the memory is that
of about two versions' results, however long the editing goes on.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable, TypeVar

_V = TypeVar("_V")


class Reuse:
    """One document's derived results by content key, across its versions (held by the server's session).

    A plain class, not a dataclass: nothing compares or prints it, and a dataclass costs
    ~3 M instructions to create at every start-up (docs/design.md, Start-up)."""

    __slots__ = ("kept", "made", "complete", "hits", "misses")

    def __init__(self) -> None:
        self.kept: dict[tuple[str, Hashable], Any] = {}  # the last version's results
        self.made: dict[tuple[str, Hashable], Any] = {}  # this version's, so far
        self.complete = False  # this version was checked whole (not only the first tier)
        self.hits = 0
        self.misses = 0

    def get(self, kind: str, key: Hashable, compute: Callable[[], _V]) -> _V:
        full = (kind, key)
        value = self.made.get(full, _MISSING)  # not try/except: most keys are new to this version (a raise each)
        if value is not _MISSING:
            return value
        value = self.kept.get(full, _MISSING)
        if value is _MISSING:
            self.misses += 1
            value = compute()
        else:
            self.hits += 1
        self.made[full] = value
        return value

    def next_version(self) -> None:
        """A new version of the document is about to be checked: keep what the last one used.

        A version checked only in part (a first tier overtaken by the next edit) adds what it
        used to what was kept, so the results of the last whole check are not lost."""
        if self.complete:
            self.kept = self.made
        else:
            self.kept.update(self.made)
        self.made = {}
        self.complete = False
        self.hits = self.misses = 0


_MISSING = object()


def reused(doc: Any, kind: str, key: Hashable, compute: Callable[[], _V]) -> _V:
    """`compute()`, or its result for `key` from the document's last version (see `Reuse`)."""
    reuse = doc.reuse
    if reuse is None:
        return compute()
    return reuse.get(kind, key, compute)


class Memo:
    """Results derived from a block's content alone, shared by the blocks of a run's documents.

    A report repeats paragraphs (a summary restated in its conclusion, drafts of one report
    in one run: a quarter of the 10 MB corpus scans 9085 blocks, 3699 distinct), and what a
    view derives from a block's content — its quantities, its number statements, its metric
    mentions, at the block's offset — is the same wherever the block stands. A batch run
    keeps one Memo (`pipeline.run`; one per chunk in a `--jobs` worker) and hands it to each
    Document it parses (`Document.memo`); a Document parsed without one gets its own
    (`memo(doc)`). A key holds everything its result depends on — the content and every
    setting read — and a result that holds offsets is stored with the offset it was made at
    and moved by the caller, as with `Reuse`.

    The memory is bounded between documents (`next_document`), never inside one: a
    document's own repeats always hit. A plain class for the start-up's sake (see `Reuse`)."""

    __slots__ = ("made", "limit")

    def __init__(self, limit: int = 20_000) -> None:
        self.made: dict[tuple[str, Hashable], Any] = {}
        self.limit = limit  # entries kept from one document for the next

    def get(self, kind: str, key: Hashable, compute: Callable[[], _V]) -> _V:
        full = (kind, key)
        try:
            return self.made[full]
        except KeyError:
            value = self.made[full] = compute()
            return value

    def next_document(self) -> None:
        """Another document of the run is about to be parsed: forget all if the memo has grown past its limit."""
        if len(self.made) > self.limit:
            self.made = {}


def memo(doc: Any) -> Memo:
    """The run's Memo the document was parsed with, or (library use, tests) one of its own."""
    return doc.memo if doc.memo is not None else doc.view(_own_memo)


def _own_memo(doc: Any) -> Memo:
    return Memo()


def kept(doc: Any) -> "Reuse | Memo":
    """Where a block's content-only results are kept: the language server's `Reuse` of the document's
    versions, or else the run's (or the document's own) `Memo`. Both key a result by all it depends on."""
    return doc.reuse if doc.reuse is not None else memo(doc)
