"""Time the number rules (NU*) against every rule, per rule, on a corpus.

    python3 ../shared/tools/make_perf_corpus.py --mb 10 --single /tmp/perf-10mb-zh.txt --lang zh
    python3 benchmarks/numbers/bench.py /tmp/perf-10mb-zh.txt

Each document is parsed once (as the engine does); then every applicable rule
runs on it and its CPU time is recorded. The NU rules share one quantity parse
per document (Document.memo), so the first NU rule to run pays for it; the
report lists that parse separately by timing it on a fresh copy first.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from reportlint.analysis.numbers import analyse
from reportlint.document import Document
from reportlint.engine import applicable
from reportlint.ruleset.loader import load_rulesets


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix in (".md", ".txt"))
        else:
            out.append(p)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    rules = [r for r in load_rulesets(["core", "zh", "en"]) if r.enabled]
    nu = [r for r in rules if r.code.startswith("NU")]
    per_rule: dict[str, float] = defaultdict(float)
    findings: dict[str, int] = defaultdict(int)
    parse_t = quantities_t = 0.0
    size = 0
    files = _files(args.paths)
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        size += len(text.encode("utf-8"))
        t = time.process_time()
        doc = Document.parse(text, str(f))
        parse_t += time.process_time() - t
        fresh = Document.parse(text, str(f))
        t = time.process_time()
        analyse(fresh, nu[0].params.exclude)
        quantities_t += time.process_time() - t
        for r in rules:
            if not applicable(r, doc):
                continue
            t = time.process_time()
            n = sum(1 for _ in r.module.run(doc, r.params))
            per_rule[r.code] += time.process_time() - t
            findings[r.code] += n
    total = sum(per_rule.values())
    nu_total = sum(v for k, v in per_rule.items() if k.startswith("NU"))
    print(f"{len(files)} files, {size / 1e6:.1f} MB; parse {parse_t:.2f}s; all rules {total:.2f}s; "
          f"NU rules {nu_total:.2f}s = {100 * nu_total / total:.1f}% of the rule time "
          f"(of which the shared quantity parse {quantities_t:.2f}s)")
    for code in sorted(per_rule, key=lambda c: -per_rule[c]):
        mark = " <" if code.startswith("NU") else ""
        print(f"  {code:6} {per_rule[code]:7.2f}s  {findings[code]:6d} findings{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
