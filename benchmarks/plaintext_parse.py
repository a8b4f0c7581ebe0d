#!/usr/bin/env python3
"""Parse time of a large hard-wrapped plain text (issue 13 point 4): the reader, the joined view, the blocks.

    python3 benchmarks/plaintext_parse.py                 # the wild RFC 6455 text 25 times over (~4 MB)
    python3 benchmarks/plaintext_parse.py FILE [--copies N] [--runs R]

Prints the minimum CPU time of R parses (a busy machine distorts the minimum least) and
the share of it each stage takes: the reader's first pass (lines, page furniture,
contents), its spans, then the joined view and the blocks. To compare two versions,
run this script with each on the PYTHONPATH in turn, alternating, on the same input.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from reportlint import document, plaintext

_ROOT = Path(__file__).resolve().parents[1]
_WILD = "shared/corpus/wild/docs/rfc6455-websocket.txt"
# the shared corpus beside the checkout (main), beside the worktrees' folder, or at its usual place
DEFAULT = next((p for p in (_ROOT.parent / _WILD, _ROOT.parent.parent / _WILD, Path("/work") / _WILD) if p.exists()),
               _ROOT.parent / _WILD)


def _best(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--copies", type=int, default=25, help="the text repeated this many times (default 25)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    text = Path(args.file).read_text(encoding="utf-8") * args.copies
    lines = text.split("\n")

    def classify(line, bare=False):
        return document.classify_numbered_line(line, "en", allow_bare=bare)

    total = _best(lambda: document.Document.parse(text, "bench.txt"), args.runs)
    first = _best(lambda: plaintext.Reader(lines, classify), args.runs)
    spans = _best(lambda: plaintext.Reader(lines, classify).spans(), args.runs)
    doc = document.Document.parse(text, "bench.txt")
    print(f"{len(text) / 1e6:.1f} MB, {len(lines)} lines, layout {doc.layout}, {len(doc.blocks)} blocks")
    print(f"parse {total:.3f} s CPU (min of {args.runs}): reader first pass {first:.3f}, "
          f"spans {spans - first:.3f}, view + blocks + numbering {total - spans:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
