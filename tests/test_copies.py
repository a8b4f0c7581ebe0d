"""reportlint/copies.py: folding under copies and dropping edits inside them, checked against the
plain definition (every copy against every diagnostic) on random runs."""

from __future__ import annotations

import random

from reportlint import copies
from reportlint.diagnostics import Diagnostic, Edit, Fix, Related, Severity


def _diag(rnd: random.Random, path: str) -> Diagnostic:
    start = rnd.randint(0, 60)
    end = start + rnd.choice([0, 1, 2, 5, 12, 30])
    line = start // 10 + 1
    rule = rnd.choice(["DU001", "DU002", "TX001", "MK005", "HD004", "NU001"])
    related = [Related(path, rnd.randint(1, 8), 1, "original", rnd.randint(1, 9))] if rule.startswith("DU") else []
    fix = None
    if rnd.random() < 0.5:
        edits = []
        for _ in range(rnd.randint(1, 3)):
            a = rnd.randint(0, 70)
            edits.append(Edit(a, a + rnd.choice([0, 1, 3]), "x"))
        fix = Fix(tuple(sorted(edits, key=lambda e: e.start)), safe=rnd.random() < 0.7)
    return Diagnostic(path=path, line=line, column=1, end_line=line, end_column=2, rule=rule, name="x",
                      category=rnd.choice(["duplicates", "style", "error"]), severity=Severity.WARNING,
                      message=rnd.choice(["m", "n"]), related=related, fix=fix, start=start, end=end,
                      flagged_text=rnd.choice(["a", "b", ""]))


def _in_copy(e: Edit, d: Diagnostic, spans: list[copies.Copy]) -> bool:  # the definition
    return any(c.diagnostic is not d and c.diagnostic.path == d.path
               and e.start < c.diagnostic.end and c.diagnostic.start < max(e.end, e.start + 1) for c in spans)


def _fold(diags, defers):  # the definition: every copy tried against every diagnostic of its file
    found = copies.copies(diags)
    folded: set[int] = set()
    for c in found:
        mine = [d for d in diags if d.path == c.diagnostic.path]
        originals = set()
        if c.original is not None:
            a, b = c.original
            originals = {copies._key(d) for d in mine if a <= d.line <= b and d.rule not in copies.COPY_RULES}
        for d in mine:
            if id(d) in folded or d.rule in copies.COPY_RULES or d.category == "error" or not c.holds(d):
                continue
            if copies._key(d) in originals or c.diagnostic.rule in defers.get(d.rule, ()):
                c.folded.append(d)
                folded.add(id(d))
    return [d for d in diags if id(d) not in folded], [[id(x) for x in c.folded] for c in found]


def test_fold_and_fix_edits_match_the_definition():
    rnd = random.Random(3)
    defers = {"HD004": ("DU001",)}
    folded = dropped = 0
    for _ in range(400):
        diags = [_diag(rnd, rnd.choice(["a.md", "b.md"])) for _ in range(rnd.randint(0, 25))]
        diags.sort(key=Diagnostic.sort_key)
        shown, found = copies.fold(diags, defers)
        want_shown, want_folded = _fold(diags, defers)
        assert [id(d) for d in shown] == [id(d) for d in want_shown]
        assert [[id(x) for x in c.folded] for c in found] == want_folded
        folded += len(diags) - len(shown)
        spans = copies.copies(diags)
        want_fixable = {id(d) for d in diags if d.fix is not None and any(not _in_copy(e, d, spans) for e in d.fix.edits)}
        assert copies.fixable_outside_copies(diags) == want_fixable
        want_kept = []
        for d in diags:
            edits = tuple(e for e in d.fix.edits if not _in_copy(e, d, spans)) if d.fix else None
            if d.fix is None or not d.fix.edits or edits:
                want_kept.append((d.start, d.end, d.rule, edits if d.fix and d.fix.edits else d.fix and d.fix.edits))
            dropped += len(d.fix.edits) - len(edits) if d.fix else 0
        kept = copies.without_edits_in_copies(diags)
        assert [(d.start, d.end, d.rule, d.fix.edits if d.fix else None) for d in kept] == want_kept
    assert folded > 50 and dropped > 50  # the random runs do fold findings and drop edits
