#!/usr/bin/env python3
"""Hand-written duplicate defects in the documents of the precision bench rich in deliberate repetition.

38 pastes written by hand, the way merging drafts and editing leave them, into 14 real
documents (two statutes and two regulations, a style guide of right/wrong example pairs,
a generated book index, a generated changelog, a standard, two policy baselines, two API
manuals, an internet-draft, a reference manual of templated entries): a section pasted twice,
last year's paragraph kept with one figure edited, a sentence copied into another
paragraph, a list item pasted twice or into another list. The documents themselves
repeat text on purpose everywhere, so this measures both sides: that the duplicate
rules find the pastes (recall) and stay quiet about the deliberate repetition around
them (every other duplicate finding counts as false).

The base texts are the precision bench's (`benchmarks/precision/docs/`, git-ignored;
`python3 benchmarks/precision/fetch.py` re-creates them); the edits, labels and scoring
are benchmarks/handmade's (apply.py, score.py) with this folder's manifest and edits:

    python3 benchmarks/duplicates/handmade.py             # default rule selection
    python3 benchmarks/duplicates/handmade.py --preview   # other arguments go to reportlint
    python3 benchmarks/duplicates/handmade.py --missed --false

Figures (--preview; the default selection gives the same duplicate figures):

    main (b93ac93):            duplicate recall 20/28, precision 1.00 on 22 findings,
                               15 pre-existing duplicate findings on the unedited texts (all false)
    duplicates branch (2494f7a): recall 23/28, precision 1.00 on 24 findings, 0 pre-existing
    by subtype there: block 6/6, exact_paragraph 4/5, list_item 5/7, near_paragraph 5/5,
    sentence_copy 3/5; en 8/11, zh 15/17

Missed: a clause （三） pasted again among （一）…（七） (33 characters: below every length
threshold), a sentence copied between two statute chapters that another paste also joins
(read as a parallel passage), a changelog entry pasted into another release's list, a
table row pasted into the next table, a sentence copied into another table row.

With the 10 pastes of issue 16 (tm-, na-, cs-, pr-, rb-, td-, pc-dup-*: a whole field pasted
into an entry that has it, a resource into another policy's list, a parameter's definition
under a sibling parameter, an API description under a sibling function, a revision line
twice, a paragraph with a Chinese figure edited, a sentence into another article or entry):

    main before issue 16b (7d5bb75): recall 28/38, precision 1.00 on 29, 3 pre-existing false
    after it (0fea7cb):             recall 32/38, precision 1.00 on 33, 0 pre-existing
    by subtype: block 7/7, exact_paragraph 8/9, list_item 6/8, near_paragraph 7/7,
    sentence_copy 4/7; en 14/17, zh 18/21. New misses: td-dup-01 (a sentence added to a
    templated entry's description: the same slot under sibling headings)
"""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "benchmarks", "handmade"))

import apply as bench  # noqa: E402  (the handmade bench's scripts)
import score  # noqa: E402


_PATHS = bench.Paths


def paths() -> bench.Paths:
    folder = os.path.join(HERE, "handmade")
    return _PATHS(root=folder, base=os.path.join(ROOT, "benchmarks", "precision", "docs"),
                       edited=os.path.join(folder, "edited"))


if __name__ == "__main__":
    score.bench.Paths = paths  # score.main builds its Paths() from the bench module
    sys.exit(score.main())
