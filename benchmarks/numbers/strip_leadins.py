"""Issue 17 point 2: number recall must not rest on lead-in phrases.

Copies the labelled dev documents with every restatement / reported-fact lead-in
(据统计，… / As noted earlier, …) removed — the phrase and the comma after it, nothing
else, so every line keeps its number and the labels still apply — then scores
reportlint's number findings on the stripped copy beside the original.

    python3 benchmarks/numbers/strip_leadins.py [--corpus ../shared/corpus] [-- reportlint args]

The phrase list is the generator's and the drafters' stock of lead-ins (not NU001's
`restatement_words`, which the rule may change): a finding that needs one of them is a
finding a real drafter's text does not give.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LEADINS_ZH = ("如前所述", "如上所述", "前文所述", "上文所述", "综上所述", "综上", "总体看", "总的来看", "总体来看", "总体而言",
              "据统计", "经统计", "经初步核算", "经核算", "初步统计", "初步核算", "据初步统计", "据测算", "经测算")
LEADINS_EN = ("As noted earlier", "As noted above", "As mentioned earlier", "As mentioned above", "As stated earlier",
              "As stated above", "As discussed earlier", "As shown above", "To recap", "To summarize", "To summarise",
              "In summary", "Overall", "Again", "In short", "All told")

_ZH_RE = re.compile("(?:" + "|".join(sorted(map(re.escape, LEADINS_ZH), key=len, reverse=True)) + r")[，,：:]\s*")
_EN_RE = re.compile(r"(?<![A-Za-z])(?:" + "|".join(sorted(map(re.escape, LEADINS_EN), key=len, reverse=True)) + r"),\s+([a-z])?")


def strip(text: str) -> tuple[str, int]:
    """`text` without its lead-ins (an English sentence's next word capitalised); and how many went."""
    n = 0

    def en(m: re.Match[str]) -> str:
        nonlocal n
        n += 1
        return m.group(1).upper() if m.group(1) else ""

    def zh(m: re.Match[str]) -> str:
        nonlocal n
        n += 1
        return ""

    return _EN_RE.sub(en, _ZH_RE.sub(zh, text)), n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[3] / "shared" / "corpus"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("rest", nargs="*", help="arguments for reportlint check (after --)")
    args = ap.parse_args()
    split = Path(args.corpus) / args.split
    tool = Path(args.corpus).parent / "tools" / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        orig = Path(tmp) / "orig"
        stripped = Path(tmp) / "stripped"
        shutil.copytree(split / "docs", orig)
        stripped.mkdir()
        removed = 0
        for f in sorted(orig.iterdir()):
            text, n = strip(f.read_text(encoding="utf-8"))
            removed += n
            (stripped / f.name).write_text(text, encoding="utf-8")
        print(f"{removed} lead-in phrases removed from {len(list(orig.iterdir()))} {args.split} documents")
        for name, docs in (("original", orig), ("stripped", stripped)):
            out = Path(tmp) / f"{name}.json"
            subprocess.run([sys.executable, "-m", "reportlint", "check", "--format", "json", "--output", str(out),
                            "--fail-on", "never", *args.rest, str(docs)], check=True, stdout=subprocess.DEVNULL)
            res = subprocess.run([sys.executable, str(tool), "--split", args.split, str(out)],
                                 capture_output=True, text=True, env=None)
            line = next((ln for ln in res.stdout.splitlines() if ln.startswith("number")), "number: no row")
            print(f"{name:9s} {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
