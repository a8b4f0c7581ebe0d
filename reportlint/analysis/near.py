"""Similar blocks: pairs of prose blocks whose normalised texts are at least `threshold` alike.

Candidates come from shingles (clauses and the ends of long clauses of the
normalised text, `normalize.segments`) in an inverted index; a shingle shared by
more than `max_shared` blocks is boilerplate and proposes nothing. Only
candidate pairs of compatible length are verified, with rapidfuzz's normalised
Indel similarity. No all-pairs comparison: the work is the number of shingles
plus the number of candidate pairs, which the `max_shared` cap bounds.

The near-duplicate check reports some of these pairs; the sentence check skips
every similar pair (parallel statements share sentences on purpose).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, NamedTuple

from reportlint.analysis.duplicates import units
from reportlint.document import Document
from reportlint.text.normalize import segments


@dataclass(frozen=True)
class NearSettings:
    """What makes two blocks similar."""
    threshold: float = 0.9  # similarity (0–1, rapidfuzz ratio of normalised text)
    min_chars: int = 60  # blocks shorter than this (letters/digits, a Han character counts 3) are not compared
    max_shared: int = 20  # a shingle found in more blocks than this is boilerplate and proposes no candidates


class Similar(NamedTuple):
    """The verified similar pairs of a document under one `NearSettings`."""
    verified: list[tuple[int, int, float]]  # (earlier unit, later unit, similarity 0–100), sorted
    partners: dict[int, int]  # unit → how many similar partners it has
    pairs: set[tuple[int, int]]  # the (earlier, later) pairs of `verified`


def similar(doc: Document, settings: NearSettings) -> Similar:
    """Every (earlier, later) unit pair at or above the threshold (a document view per settings)."""
    return doc.view(_similar, settings)


def _similar(doc: Document, settings: NearSettings) -> Similar:
    us = units(doc)
    first: dict[str, int] = {}
    for j, u in enumerate(us):
        if not u.heading and u.size >= settings.min_chars:
            first.setdefault(u.key, j)
    cutoff = settings.threshold * 100
    # fuzz.ratio ≥ t needs the shorter string to be at least t / (2 - t) of the longer.
    min_len_ratio = settings.threshold / (2 - settings.threshold)
    reuse = doc.reuse
    if reuse is None:
        candidates = _candidates(first, settings, min_len_ratio)
    else:  # the language server: the last version's index, brought up to this version's keys
        index = reuse.get("near.index", settings, lambda: _Index(settings))
        index.update(first.keys(), lambda key: reuse.get("near.segments", key, lambda: segments(key)))
        candidates = [(first[a], first[b]) if first[a] < first[b] else (first[b], first[a]) for a, b in index.candidates]
    verified: list[tuple[int, int, float]] = []
    partners: dict[int, int] = {}
    counted: dict[str, Counter[str]] = {}
    if reuse is None:
        def histogram(key: str) -> Counter[str]:
            return counted.get(key) or counted.setdefault(key, Counter(key))
    else:  # a long block's characters, counted once while it stays unchanged
        def histogram(key: str) -> Counter[str]:
            return reuse.get("near.histogram", key, lambda: Counter(key))
    for a, b in sorted(candidates):
        ka, kb = us[a].key, us[b].key
        if min(len(ka), len(kb)) < min_len_ratio * max(len(ka), len(kb)):
            continue
        if reuse is None:
            score = _score(ka, kb, cutoff, histogram)
        else:  # two blocks unchanged since the last version: their similarity is too
            score = reuse.get("near.score", (ka, kb, cutoff), lambda: _score(ka, kb, cutoff, histogram))
        if not score:
            continue
        verified.append((a, b, score))
        partners[a] = partners.get(a, 0) + 1
        partners[b] = partners.get(b, 0) + 1
    similar = {(a, b) for a, b, _ in verified}
    return Similar(verified, partners, similar)


def _need(a: int, b: int) -> int:
    """Shingles two keys with `a` and `b` shingles must share to be compared. A one-word edit leaves most
    clauses intact: ask for two shared shingles when both have four or more; a one-clause paragraph has
    three (head, clause, tail) and an edit near its end breaks two of them."""
    return max(1, min(2, a - 2, b - 2))


def _candidates(first: dict[str, int], settings: NearSettings, min_len_ratio: float) -> list[tuple[int, int]]:
    """(earlier, later) unit pairs sharing enough shingles, of compatible length."""
    index: dict[str, list[int]] = {}
    nsegs: dict[int, int] = {}
    length = {j: len(key) for key, j in first.items()}
    # Shortest key first: each shingle's list of blocks comes out sorted by length.
    for key, j in sorted(first.items(), key=lambda kj: (length[kj[1]], kj[1])):
        segs = segments(key)
        nsegs[j] = len(segs)
        for seg in segs:
            index.setdefault(seg, []).append(j)
    shared: dict[tuple[int, int], int] = {}
    for js in index.values():
        if not 2 <= len(js) <= settings.max_shared:
            continue
        # Only blocks of compatible length can reach the threshold: pair within a length window.
        for x in range(len(js)):
            jx = js[x]
            lx = length[jx]
            for y in range(x + 1, len(js)):
                jy = js[y]
                if lx < min_len_ratio * length[jy]:
                    break
                pair = (jx, jy) if jx < jy else (jy, jx)
                shared[pair] = shared.get(pair, 0) + 1
    return [p for p, n in shared.items() if n >= _need(nsegs[p[0]], nsegs[p[1]])]


class _Index:
    """`_candidates`' shingle index and pair counts by key (not by unit), kept by the language server
    between versions of a document (`analysis.reuse`) and updated by the keys an edit removed and
    added: a shingle's pairs are counted again only when its keys changed. Counts and candidates
    are those `_candidates` gives for the same keys (tests/test_incremental.py).

    A plain class: nothing compares or prints it."""

    __slots__ = ("ratio", "max_shared", "segs", "members", "shared", "candidates", "whole")

    def __init__(self, settings: NearSettings) -> None:
        self.ratio = settings.threshold / (2 - settings.threshold)
        self.max_shared = settings.max_shared
        self.segs: dict[str, set[str]] = {}  # key → its shingles
        self.members: dict[str, set[str]] = {}  # shingle → the keys that have it
        self.shared: dict[tuple[str, str], int] = {}  # (key, key), in string order → shingles counted for both
        self.candidates: set[tuple[str, str]] = set()
        self.whole = True  # False while an update runs (one that raised leaves it so)

    def update(self, keys, segments_of) -> None:
        """Bring the index to these keys (`segments_of(key)`: the key's shingles)."""
        if not self.whole:  # an update that raised: start again
            self.segs, self.members, self.shared, self.candidates = {}, {}, {}, set()
        keys = set(keys)
        removed = self.segs.keys() - keys
        added = keys - self.segs.keys()
        if not removed and not added:
            return
        self.whole = False
        new_segs = {k: segments_of(k) for k in added}
        # per shingle, how many of its keys go and come: a shingle whose keys stay between 2 and
        # `max_shared` before and after keeps the pairs of its other keys, and only the pairs of the keys
        # that go are taken back and those of the keys that come are counted (an edit replaces one key
        # by another that shares almost every shingle); any other shingle is counted again whole
        going: dict[str, int] = {}
        for k in removed:
            for seg in self.segs[k]:
                going[seg] = going.get(seg, 0) + 1
        coming: dict[str, int] = {}
        for segs in new_segs.values():
            for seg in segs:
                coming[seg] = coming.get(seg, 0) + 1
        changed: set[tuple[str, str]] = set()
        members, most = self.members, self.max_shared
        whole: list[str] = []  # shingles counted again whole
        part: list[str] = []  # shingles whose pairs of the keys that come are counted
        for seg in going.keys() | coming.keys():
            group = members.get(seg, ())
            before = len(group)
            after = before - going.get(seg, 0) + coming.get(seg, 0)
            if before < 2 and after < 2:
                continue  # no pair before nor after
            if 2 <= before <= most and 2 <= after <= most:
                if seg in going:
                    self._count_with(group, removed, -1, changed)
                if seg in coming:
                    part.append(seg)
            else:
                self._count(group, -1, changed)
                whole.append(seg)
        for k in removed:
            for seg in self.segs.pop(k):
                group = members[seg]
                group.discard(k)
                if not group:
                    del members[seg]
        for k, segs in new_segs.items():
            self.segs[k] = segs
            for seg in segs:
                members.setdefault(seg, set()).add(k)
        for seg in whole:
            self._count(members.get(seg, ()), 1, changed)
        for seg in part:
            self._count_with(members[seg], added, 1, changed)
        for p in changed:
            n = self.shared.get(p, 0)
            if n <= 0:
                self.shared.pop(p, None)
                self.candidates.discard(p)
            elif n >= _need(len(self.segs[p[0]]), len(self.segs[p[1]])):
                self.candidates.add(p)
            else:
                self.candidates.discard(p)
        self.whole = True

    def _count_with(self, group, these: set[str], sign: int, changed: set[tuple[str, str]]) -> None:
        """Add (or take back) the pairs of one shingle's keys (2 to `max_shared` of them) that hold one of
        `these`: the pairs `_count` gives for the group, less those of its other keys. A pair is counted
        when the shorter key is at least `ratio` of the longer (what `_count`'s walk by length stops at)."""
        shared, ratio = self.shared, self.ratio
        for k in group:
            if k not in these:
                continue
            lk = len(k)
            for x in group:
                if x is k or x == k or x in these and x < k:
                    continue  # itself, or a pair of two of `these` counted from its other key
                lx = len(x)
                if (lk < ratio * lx) if lk <= lx else (lx < ratio * lk):
                    continue
                p = (k, x) if k < x else (x, k)
                shared[p] = shared.get(p, 0) + sign
                changed.add(p)

    def _count(self, group, sign: int, changed: set[tuple[str, str]]) -> None:
        """Add (or take back) the pairs one shingle's keys give: 2 to `max_shared` keys, of compatible length."""
        if not 2 <= len(group) <= self.max_shared:
            return
        ordered = sorted(group, key=len)
        shared, ratio = self.shared, self.ratio
        for x in range(len(ordered)):
            kx = ordered[x]
            lx = len(kx)
            for y in range(x + 1, len(ordered)):
                ky = ordered[y]
                if lx < ratio * len(ky):
                    break
                p = (kx, ky) if kx < ky else (ky, kx)
                shared[p] = shared.get(p, 0) + sign
                changed.add(p)


# Above this length (both texts) the similarity costs more than counting characters: bound it first.
_BOUND_CHARS = 1000


def _score(ka: str, kb: str, cutoff: float, histogram: Callable[[str], Counter[str]]) -> float:
    """rapidfuzz's ratio of two keys (0 below `cutoff`).

    Two long texts are first bounded by their characters: a common subsequence uses each
    character at most as often as the text with fewer of it has it, so
    200 · Σ min(count) / (len a + len b) bounds the ratio; below the cutoff the pair is not
    similar and the quadratic comparison is skipped (two unlike 20,000-character paragraphs:
    15 ms each)."""
    from rapidfuzz.fuzz import ratio

    if min(len(ka), len(kb)) >= _BOUND_CHARS:
        common = sum((histogram(ka) & histogram(kb)).values())
        if 200 * common / (len(ka) + len(kb)) < cutoff - 1e-6:
            return 0.0
    return ratio(ka, kb, score_cutoff=cutoff)
