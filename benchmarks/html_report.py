#!/usr/bin/env python3
"""The HTML report's two bars of issue 22 on given inputs: page size vs the JSON output, time to first findings.

    python3 benchmarks/html_report.py /tmp/perf-medium /tmp/perf-10mb.txt   # corpora from make_perf_corpus.py
    python3 benchmarks/html_report.py /work/shared/corpus/wild/docs/*

Runs `python3 -m reportlint check` in json and html on the inputs as one run, prints
both sizes and their ratio, then (when Chromium is installed) opens the page headless
three times and prints the page's own `data-first-render-ms` (ms from navigation until
the first document's findings are in the DOM).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main(paths: list[str]) -> None:
    out = Path(tempfile.mkdtemp(prefix="rl-html-bench-"))
    size = {}
    for fmt in ("json", "html"):
        target = out / f"report.{fmt}"
        subprocess.run([sys.executable, "-m", "reportlint", "check", "--format", fmt, "-o", str(target),
                        "--fail-on", "never", *paths], check=True)
        size[fmt] = target.stat().st_size
    print(f"json {size['json']:,} bytes  html {size['html']:,} bytes  ratio {size['html'] / size['json']:.2f}")
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        print("chromium not installed: no render timing")
        return
    for _ in range(3):
        dom = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                              "--dump-dom", (out / "report.html").as_uri()],
                             capture_output=True, text=True, timeout=120).stdout
        found = re.search(r'data-first-render-ms="(\d+)"', dom)
        print("first findings in the DOM after", found.group(1) + " ms" if found else "(not rendered)")


if __name__ == "__main__":
    main(sys.argv[1:])
