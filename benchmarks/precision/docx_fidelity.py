#!/usr/bin/env python3
"""The Word reader on real documents written by a real word processor: the gathered Markdown documents
rendered to HTML (markdown-it, CommonMark + tables) and saved as .docx by LibreOffice, checked both ways.

    python3 benchmarks/precision/docx_fidelity.py [--out /tmp/rl-docx-fidelity]

Needs LibreOffice (`soffice`) and the gathered texts in benchmarks/precision/docs/ (fetch.py). Prints,
per rule, the findings on each Markdown source and on its .docx, and every finding that differs
(document, rule, line, message), to be judged like any other new finding. A .txt with one paragraph
per line (a Chinese report) becomes one Word paragraph per line; hard-wrapped texts (RFCs, PEPs,
kernel docs) are left out: no Word author makes every wrapped line a paragraph.

    python3 benchmarks/precision/docx_fidelity.py /work/shared/corpus/seed /work/shared/corpus/dev/docs /work/shared/corpus/clean
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"


def render(out: Path, folders: list[Path]) -> list[Path]:
    """HTML of each Markdown file, and of each one-paragraph-per-line text (a Chinese report saved from a word
    processor: every line a paragraph); hard-wrapped texts are left out."""
    from html import escape

    from markdown_it import MarkdownIt

    from reportlint.document import Document

    md = MarkdownIt("commonmark").enable("table")
    html = out / "html"
    html.mkdir(parents=True, exist_ok=True)
    sources = []
    for p in sorted(f for folder in folders for f in folder.iterdir() if f.suffix in (".md", ".txt")):
        text = p.read_text(encoding="utf-8", errors="replace")
        if p.suffix == ".md":
            body = md.render(text)
        elif Document.parse(text, str(p)).layout == "lines":
            body = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n") if line.strip())
        else:
            continue
        sources.append(p)
        (html / f"{p.stem}.html").write_text(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>',
                                             encoding="utf-8")
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        sys.exit("LibreOffice (soffice) is not installed")
    (out / "docx").mkdir(exist_ok=True)
    subprocess.run([exe, "--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                    str(out / "docx"), *sorted(str(p) for p in html.glob("*.html"))],
                   env={"HOME": str(out), "PATH": "/usr/bin:/bin"}, capture_output=True, timeout=1800, check=True)
    return sources


def check(paths: list[str], target: Path) -> list[dict]:
    subprocess.run([sys.executable, "-m", "reportlint", "check", "--format", "json", "-o", str(target), "--fail-on",
                    "never", "--no-fold", *paths], check=True)
    return json.loads(target.read_text(encoding="utf-8"))["diagnostics"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp(prefix="rl-docx-fidelity-")))
    ap.add_argument("folders", nargs="*", type=Path, default=[DOCS],
                    help="folders of .md/.txt documents (default: the gathered bench, benchmarks/precision/docs)")
    args = ap.parse_args()
    sources = render(args.out, args.folders)
    src = check([str(p) for p in sources], args.out / "src.json")
    docx = check(sorted(str(p) for p in (args.out / "docx").glob("*.docx")), args.out / "docx.json")
    key = lambda d: (Path(d["path"]).stem, d["rule"])  # noqa: E731
    cs, cd = Counter(map(key, src)), Counter(map(key, docx))
    same = sum(min(cs[k], cd[k]) for k in cs)
    print(f"{len(sources)} documents -> .docx by LibreOffice: {len(src)} findings on the sources, "
          f"{len(docx)} on the .docx, {same} of them the same (document, rule)")
    for rule in sorted({k[1] for k in cs} | {k[1] for k in cd}):
        a = sum(v for k, v in cs.items() if k[1] == rule)
        b = sum(v for k, v in cd.items() if k[1] == rule)
        if a != b:
            print(f"  {rule}: {a} -> {b}")
    seen: Counter = Counter()
    for d in docx:
        seen[key(d)] += 1
        if seen[key(d)] > cs[key(d)]:
            print(f"NEW  {Path(d['path']).stem}.docx:{d['line']}:{d['column']} {d['rule']} {d['message'][:100]}")
    for k in cs:
        if cd[k] < cs[k]:
            print(f"LOST {k[0]} {k[1]}: {cs[k]} -> {cd[k]}")


if __name__ == "__main__":
    main()
