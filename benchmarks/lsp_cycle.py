#!/usr/bin/env python3
"""The language server's edit cycle in process, for instruction counts and for equality of output.

    python3 benchmarks/lsp_cycle.py --lang zh --edits 3               # open, then 3 edits
    python3 benchmarks/lsp_cycle.py --lang zh --edits 11 --dump out.jsonl

Builds the 3,000-line report of benchmarks/lsp_latency.py (same maker, seed and edits: a word
appended to a prose line in the middle half), runs the server (`build_server`, twoTiers off,
the report's folder as the workspace) without a client: the open and each edit are checked
by `lint_full`, as the debounce's end does, and each publication is serialised to JSON by the
protocol as it would be sent. So one edit costs what the server does after the debounce,
without the transport. The per-edit instruction count is (run with N edits - run with 0) / N
under callgrind (the real interpreter, bytecode already written):

    env -u PYTHONDONTWRITEBYTECODE valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p \\
        /root/.pyenv/versions/3.11.7/bin/python3 benchmarks/lsp_cycle.py --lang zh --edits 3

`--dump` writes every publication (one JSON line each, the open's first) for comparing two
versions of the server (`benchmarks/lsp_compare.sh`); `--profile` prints cProfile of the edits.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


class Capture:
    """The protocol's writer: what it would send, kept."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.sent.append(data)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", choices=["zh", "en"], default="zh")
    ap.add_argument("--lines", type=int, default=3000)
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--dump", type=Path, help="write each publication's JSON body here, one a line")
    ap.add_argument("--profile", type=Path, help="cProfile of the edits (not the open) to this file")
    args = ap.parse_args()

    from lsp_latency import make_report
    from reportlint.lsp.server import build_server
    from reportlint.lsp.uris import path_to_uri

    with tempfile.TemporaryDirectory(prefix="rl-lsp-cycle-") as tmp:
        report = make_report(Path(tmp), args.lang, args.lines)
        ls = build_server()
        capture = Capture()
        ls.protocol.set_writer(capture, include_headers=False)
        ls.session.two_tiers_after_s = float("inf")  # twoTiers: false
        ls.session.roots = [tmp]
        text = report.read_text(encoding="utf-8")
        lines = text.split("\n")
        uri = path_to_uri(str(report))
        ls.session.open(uri, str(report), text, 1)
        ls.lint_full(uri)
        middle = [i for i in range(len(lines) // 4, 3 * len(lines) // 4) if len(lines[i]) > 40][:args.edits]
        prof = None
        if args.profile:
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
        for version, i in enumerate(middle, start=2):
            lines[i] = lines[i] + " 补充"
            ls.session.change(uri, "\n".join(lines), version)
            ls.lint_full(uri)
        if prof is not None:
            prof.disable()
            prof.dump_stats(str(args.profile))
        if args.dump:
            args.dump.write_bytes(b"".join(s.replace(tmp.encode(), b"TMP") + b"\n" for s in capture.sent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
