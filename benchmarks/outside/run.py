#!/usr/bin/env python3
"""Other linters' published test cases, run through reportlint's rules that share their scope.

    python3 benchmarks/outside/run.py            # every suite in manifest.jsonl
    python3 benchmarks/outside/run.py --list     # also list each case where reportlint disagrees

The cases are not committed (only manifest.jsonl: where each comes from and the sha256 of
the bytes run); their texts live in the git-ignored docs/ folder. The CommonMark spec's
examples come from the markdown-it-py source distribution on PyPI (fetched with pip when
missing); the markdownlint and textlint fixtures were saved there from their repositories
at the commits listed, and are checked against their sha256 before use.

Suites and how agreement is decided:

- markdownlint fixtures annotate each line that must be reported with `{MD0xx}`. A line
  agrees when reportlint's corresponding rules report on it exactly when it is annotated.
- textlint-tester cases: a `valid` text must give no finding of MK001/MK002, an `invalid`
  one at least one (at the position the case gives, when it gives one).
- CommonMark spec examples of the sections listed: emphasis examples agree when the
  pairs reportlint's emphasis analysis renders are those the spec's HTML renders (<em>,
  <strong> counted); an example where the spec renders every marker and reportlint
  reports MK003/MK004, or renders a link and reportlint reports MK011/MK012, or is valid
  and reportlint reports MK010, is a false alarm.

Known, documented differences (see the rules' docs) are listed apart from the errors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from reportlint.api import lint_text  # noqa: E402
from reportlint.analysis.masks import masked_content  # noqa: E402
from reportlint.checks import emphasis  # noqa: E402
from reportlint.document import Document  # noqa: E402
from reportlint.ruleset.loader import BUILTIN_RULESETS, load_rulesets  # noqa: E402

RULES = {r.code: r for r in load_rulesets(list(BUILTIN_RULESETS))}
ANNOTATION_RE = re.compile(r"\{(MD\d{3})\}")


def manifest() -> list[dict]:
    return [json.loads(line) for line in (HERE / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def text_of(entry: dict) -> str:
    path = DOCS / entry["id"]
    if entry["kind"] == "commonmark-spec" and not path.exists():
        fetch_commonmark(entry)
    data = path.read_bytes()
    want = entry.get("sha256")
    if want and hashlib.sha256(data).hexdigest() != want:
        raise SystemExit(f"{path}: sha256 differs from the manifest")
    return data.decode("utf-8")


def fetch_commonmark(entry: dict) -> None:
    """The spec's examples as JSON, from the markdown-it-py sdist (pip, the ordinary PyPI client)."""
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps", "-q",
                        entry["package"], "-d", tmp], check=True)
        archive = Path(tmp) / entry["archive"]
        if hashlib.sha256(archive.read_bytes()).hexdigest() != entry["archive_sha256"]:
            raise SystemExit(f"{archive.name}: sha256 differs from the manifest")
        with tarfile.open(archive) as tar:
            member = tar.extractfile(entry["member"])
            (DOCS / entry["id"]).write_bytes(member.read())


def findings(text: str, codes: list[str], fmt: str = "md") -> list:
    rules = [RULES[c] for c in codes]
    return lint_text(text, rules, path=f"case.{fmt}", fmt=fmt, language="auto")


# ---------------------------------------------------------------- markdownlint


def literal_markers_left(doc: Document, line: int) -> bool:
    """Whether CommonMark (markdown-it) shows a `*`, `_` or backtick of this line's block literally."""
    from markdown_it import MarkdownIt

    block = next((b for b in doc.blocks if b.line <= line <= b.end_line), None)
    if block is None:
        return False
    html = MarkdownIt("commonmark").renderInline(block.content)
    shown = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    shown = re.sub(r"<[^>]+>", "", shown)
    return bool(re.search(r"[*`]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", shown))


def run_annotated(entry: dict, text: str) -> tuple[int, int, list[str], list[str]]:
    """Lines annotated `{MD0xx}` against the lines reportlint's rules report.

    A line reportlint reports that markdownlint does not annotate is reportlint's own
    scope, not an error, when CommonMark shows a marker of it literally (MK003/MK004 report
    unmatched markers, which MD037 does not look for) or when it is an undefined footnote
    (MK012 checks footnotes; MD052 does not)."""
    codes = sorted({c for cs in entry["rules"].values() for c in cs})
    theirs = {i + 1 for i, line in enumerate(text.splitlines())
              if any(m in entry["rules"] for m in ANNOTATION_RE.findall(line))}
    got = findings(text, codes)
    ours = {d.line for d in got}
    doc = Document.parse(text, "case.md")
    lines = text.splitlines()
    judged = {i + 1 for i, line in enumerate(lines) if line.strip() and not line.startswith("#")}
    wrong, differ = [], []
    for n in sorted(judged):
        if (n in theirs) == (n in ours):
            continue
        what = "missed" if n in theirs else "reported"
        row = f"{entry['id']}:{n} reportlint {what}: {lines[n - 1][:90]}"
        mine = [d for d in got if d.line == n]
        # A single * or _ with a space on both sides is arithmetic or a blank to reportlint, and
        # ___ a blank to fill in (MK003's docs); markdownlint's MD037 takes them for emphasis.
        spaced_single = what == "missed" and "MD037" in entry["rules"] and not re.search(r"(?<![*_])(?:\*\*\*?|__)(?![*_])", lines[n - 1].replace("___", ""))
        own_scope = spaced_single or what == "reported" and (
            any(d.rule in ("MK003", "MK004") for d in mine) and literal_markers_left(doc, n)
            or all("footnote" in d.message for d in mine))
        (differ if own_scope else wrong).append(row)
    return len(judged), len(judged) - len(wrong) - len(differ), wrong, differ


# ---------------------------------------------------------------- textlint-tester


def js_strings(src: str, start: int) -> list[tuple[int, str]]:
    """String literals ('…', "…", `…`) after `start`, with their offsets; comments skipped."""
    out, i = [], start
    while i < len(src):
        c = src[i]
        if src.startswith("//", i):
            i = src.find("\n", i)
            i = len(src) if i == -1 else i
            continue
        if c in "'\"`":
            j, buf = i + 1, []
            while j < len(src) and src[j] != c:
                if src[j] == "\\":
                    nxt = src[j + 1]
                    buf.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
                    j += 2
                    continue
                buf.append(src[j])
                j += 1
            out.append((i, "".join(buf)))
            i = j + 1
            continue
        i += 1
    return out


def textlint_cases(src: str) -> list[tuple[str, str, dict]]:
    """(valid|invalid, text, expected position) of a textlint-tester file."""
    valid_at, invalid_at = src.index("valid:"), src.index("invalid:")
    cases = [("valid", s, {}) for pos, s in js_strings(src[:invalid_at], valid_at)]
    for block in re.finditer(r"text:\s*(.*?)errors:\s*\[(.*?)\]\s*\}", src[invalid_at:], re.S):
        text = "".join(s for _, s in js_strings(block.group(1), 0))
        pos = {k: int(v) for k, v in re.findall(r"(index|line|column):\s*(\d+)", block.group(2))}
        cases.append(("invalid", text, pos))
    return cases


def run_textlint(entry: dict, text: str) -> tuple[int, int, list[str], list[str]]:
    codes = sorted({c for cs in entry["rules"].values() for c in cs})
    total, agree, wrong, differ = 0, 0, [], []
    for kind, case, pos in textlint_cases(text):
        total += 1
        got = findings(case, codes)
        if kind == "valid":
            ok = not got
        else:
            # textlint counts the column one further on these cases than the string's own offset
            ok = bool(got) and ("line" not in pos or any(d.line == pos["line"] and abs(d.column - pos["column"]) <= 1
                                                          for d in got))
        if ok:
            agree += 1
            continue
        line = f"{kind} {case[:60]!r}: reportlint {[(d.rule, d.line, d.column) for d in got]}"
        # « » and ‹ › are not among reportlint's pairs (French quotation marks; see MK002's docs)
        (differ if "«" in case or "‹" in case else wrong).append(line)
    return total, agree, wrong, differ


# ---------------------------------------------------------------- CommonMark spec


def rendered(html: str) -> tuple[int, int]:
    return html.count("<em>"), html.count("<strong>")


def run_commonmark(entry: dict, text: str) -> tuple[int, int, list[str], list[str]]:
    examples = [e for e in json.loads(text) if e["section"] in entry["sections"]]
    total, agree, wrong, differ = 0, 0, [], []
    for e in examples:
        md, html, section = e["markdown"], e["html"], e["section"]
        total += 1
        problems: list[str] = []
        if section == "Emphasis and strong emphasis":
            blocks = Document.parse(md, "case.md").blocks
            if len(blocks) == 1 and blocks[0].kind == "paragraph":
                a = emphasis.analyse(blocks[0], masked_content(blocks[0], "md"))
                ours = (sum(1 for o, _ in a.pairs if len(o.marker) == 1), sum(1 for o, _ in a.pairs if len(o.marker) == 2))
                if ours != rendered(html):
                    problems.append(f"pairs {ours} vs spec {rendered(html)}")
            text_only = re.sub(r"<[^>]+>", "", html)
            if "*" not in text_only and "_" not in text_only and findings(md, ["MK003", "MK004"]):
                problems.append("MK003/MK004 on markers the spec renders")
        elif section == "Links":
            got = findings(md, ["MK011", "MK012"])
            if got and "<a " in html and "[" not in re.sub(r"<[^>]+>", "", html):
                problems.append(f"{[d.rule for d in got]} on a link the spec renders")
                if all("empty" in d.message for d in got):
                    problems.append("empty target")
        elif section in ("Fenced code blocks", "Code spans"):
            got = findings(md, ["MK003", "MK010"])
            shown = re.sub(r"<[^>]+>", "", re.sub(r"<code>.*?</code>", "", html, flags=re.S))
            if any(d.rule == "MK010" for d in got) or got and not re.search(r"[*`]", shown):
                problems.append(f"{[d.rule for d in got]}")
        if not problems:
            agree += 1
            continue
        line = f"example {e['example']} ({section}) {md[:60]!r}: {'; '.join(problems)}"
        # An unclosed fence runs to the end of the document in CommonMark; MK010 reports it on purpose.
        # An empty target renders as a link to nowhere; MK011 reports it, as markdownlint's MD042 does.
        house = section == "Fenced code blocks" and "MK010" in line or line.endswith("; empty target")
        (differ if house else wrong).append(line)
    return total, agree, wrong, differ


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="list each case where reportlint disagrees")
    args = ap.parse_args(argv)
    print(f"{'suite / file':52} {'cases':>5} {'agree':>5} {'wrong':>5} {'house':>5}")
    all_wrong, all_differ = [], []
    for entry in manifest():
        text = text_of(entry)
        differ: list[str] = []
        if entry["kind"] == "annotated":
            total, agree, wrong, differ = run_annotated(entry, text)
        elif entry["kind"] == "textlint-tester":
            total, agree, wrong, differ = run_textlint(entry, text)
        else:
            total, agree, wrong, differ = run_commonmark(entry, text)
        print(f"{entry['suite'] + ' ' + entry['id']:52} {total:5} {agree:5} {len(wrong):5} {len(differ):5}")
        all_wrong += wrong
        all_differ += differ
    if args.list:
        for title, rows in (("reportlint wrong", all_wrong), ("documented differences", all_differ)):
            print(f"\n{title}:")
            for row in rows:
                print("  " + row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
