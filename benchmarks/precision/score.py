#!/usr/bin/env python3
"""Precision of reportlint's rules on real documents whose findings were judged by hand.

Two sets of real, unedited documents are scored:

  wild      the shared corpus (../shared/corpus/wild: docs/, triage.jsonl, missed.jsonl),
            plus this folder's verdicts-wild.jsonl (verdicts on wild findings that
            triage.jsonl does not cover, judged by the project's engineers)
  gathered  the documents listed in manifest.jsonl whose text is present in docs/
            (python3 benchmarks/precision/fetch.py re-creates missing ones), judged in
            verdicts.jsonl; real defects no rule reports are in missed.jsonl

A finding takes the verdict of an entry of the same file and category whose lines
overlap its own within +-1 line, the same rule preferred, then the nearest line (the
matching of ../shared/tools/wild.py). A finding no entry covers is "unjudged": read it
and judge it (--unjudged lists them) before trusting a figure. Precision =
TRUE / (TRUE + FALSE); DEBATABLE counts as neither. Recall per category = known real
defects (TRUE verdicts + in-scope missed entries) that a finding of that category
overlaps (+-1 line, or the related line).

Usage (from the project root)
  python3 benchmarks/precision/score.py                      # run reportlint, print the tables
  python3 benchmarks/precision/score.py --preview            # with preview rules
  python3 benchmarks/precision/score.py --unjudged           # also list what nobody judged
  python3 benchmarks/precision/score.py --json rules.json    # per-rule figures for YAML precision:
  python3 benchmarks/precision/score.py --unjudged-jsonl todo.jsonl   # skeleton verdicts to fill in
  python3 benchmarks/precision/score.py -- --select MK       # arguments after -- go to reportlint
  python3 benchmarks/precision/score.py --only gathered --set holdout-2   # one fresh holdout set alone
Manifest lines may carry "set": NAME (a holdout gathered later, scored apart with --set NAME;
--set tuned = the lines without one). Stdlib only.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import signal
import subprocess
import sys
import tempfile
from typing import Callable, Iterable, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLASSES = ("duplicate", "number", "markup", "heading", "style")
FOUR = CLASSES[:4]
VERDICTS = ("TRUE", "FALSE", "DEBATABLE")
SLACK = 1
MAX_SPAN = 60  # a finding's end_line is capped this far below its line, as wild.py does


def read_jsonl(path: str) -> list[dict]:
    """Objects of a JSON-lines file; a missing file is empty."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def base(p: object) -> str:
    return os.path.basename(str(p or ""))


def overlaps(a1: int, a2: int, b1: int, b2: int, slack: int = SLACK) -> bool:
    return a1 <= b2 + slack and b1 - slack <= a2


@dataclasses.dataclass(frozen=True)
class Finding:
    file: str
    line: int
    end_line: int
    rule: str
    category: str
    message: str
    severity: str = ""


def findings_of(report: dict | list) -> list[Finding]:
    """The findings of a reportlint JSON report in the scored categories."""
    diags = report["diagnostics"] if isinstance(report, dict) else report
    out = []
    for d in diags:
        cat = d.get("category")
        if cat not in CLASSES:
            continue
        line = int(d.get("line") or 1)
        end = int(d.get("end_line") or line)
        out.append(Finding(base(d.get("path") or d.get("file")), line, max(line, min(end, line + MAX_SPAN)),
                           str(d.get("rule")), cat, d.get("message", ""), d.get("severity", "")))
    return out


class Judge:
    """Verdict lookup over judged entries (triage.jsonl / verdicts*.jsonl objects)."""

    def __init__(self, entries: Iterable[dict]):
        self.by_key: dict[tuple[str, str], list[dict]] = collections.defaultdict(list)
        for e in entries:
            if e.get("verdict") not in VERDICTS:
                continue
            e = dict(e, file=base(e["file"]), line=int(e["line"]))
            e["end_line"] = int(e.get("end_line") or e["line"])
            self.by_key[(e["file"], e["category"])].append(e)

    def verdict(self, f: Finding) -> tuple[str, dict | None]:
        cands = [t for t in self.by_key[(f.file, f.category)] if overlaps(f.line, f.end_line, t["line"], t["end_line"])]
        if not cands:
            return "unjudged", None
        same_rule = [t for t in cands if t.get("rule") == f.rule] or cands
        best = min(same_rule, key=lambda t: abs(t["line"] - f.line))
        return best["verdict"], best


def known_defects(entries: Iterable[dict], missed: Iterable[dict], files: set[str]) -> list[dict]:
    """Real defects: TRUE verdicts and in-scope missed entries, in the given files."""
    real = []
    for t in entries:
        if t.get("verdict") == "TRUE" and base(t["file"]) in files:
            real.append(dict(file=base(t["file"]), line=int(t["line"]), end_line=int(t.get("end_line") or t["line"]),
                             category=t["category"], related=None))
    for m in missed:
        if m.get("in_scope", "yes") not in ("yes", True) or base(m["file"]) not in files:
            continue
        real.append(dict(file=base(m["file"]), line=int(m["line"]), end_line=int(m.get("end_line") or m["line"]),
                         category=m.get("class"), related=m.get("related_line")))
    return real


@dataclasses.dataclass
class Tally:
    """Counts of one run over one set of documents."""
    docs: int = 0
    lines: int = 0
    per_cat: dict = dataclasses.field(default_factory=lambda: collections.defaultdict(collections.Counter))
    per_rule: dict = dataclasses.field(default_factory=lambda: collections.defaultdict(collections.Counter))
    rule_docs: dict = dataclasses.field(default_factory=lambda: collections.defaultdict(set))
    known: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    found: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    unjudged: list = dataclasses.field(default_factory=list)
    false: list = dataclasses.field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.docs += other.docs
        self.lines += other.lines
        for src, dst in ((other.per_cat, self.per_cat), (other.per_rule, self.per_rule)):
            for k, c in src.items():
                dst[k].update(c)
        for k, s in other.rule_docs.items():
            self.rule_docs[k] |= s
        self.known.update(other.known)
        self.found.update(other.found)


def tally(findings: Sequence[Finding], judge: Judge, real: Sequence[dict], lines: dict[str, int], tag: str = "") -> Tally:
    """Judge each finding on the documents in `lines` and count per category and per rule."""
    t = Tally(docs=len(lines), lines=sum(lines.values()))
    run = [f for f in findings if f.file in lines]
    for f in run:
        v, entry = judge.verdict(f)
        t.per_cat[f.category][v] += 1
        t.per_rule[f.rule][v] += 1
        t.rule_docs[f.rule].add(tag + f.file)
        if v == "unjudged":
            t.unjudged.append(f)
        elif v == "FALSE":
            t.false.append((f, entry))
    for r in real:
        t.known[r["category"]] += 1
        spans = [(r["line"], r["end_line"])] + ([(int(r["related"]), int(r["related"]))] if r["related"] else [])
        if any(f.file == r["file"] and f.category == r["category"] and
               any(overlaps(f.line, f.end_line, s, e) for s, e in spans) for f in run):
            t.found[r["category"]] += 1
    return t


def precision(c: collections.Counter) -> float | None:
    judged = c["TRUE"] + c["FALSE"]
    return c["TRUE"] / judged if judged else None


def figures(c: collections.Counter, lines: int) -> dict:
    return {"findings": sum(c.values()), **{v: c[v] for v in VERDICTS}, "unjudged": c["unjudged"],
            "precision": precision(c), "false_per_kline": c["FALSE"] * 1000.0 / lines if lines else None}


def _fmt(x: float | None, width: int = 5) -> str:
    return " " * (width - 1) + "-" if x is None else f"{x:{width}.2f}"


def render(name: str, t: Tally) -> list[str]:
    """The per-category and per-rule table of one tally, as text lines."""
    out = [f"== {name}: {t.docs} documents, {t.lines} lines",
           f"{'category':10} {'finds':>5} {'TRUE':>5} {'FALSE':>5} {'DEBAT':>5} {'unjud':>5}  {'prec':>5}  "
           f"{'FALSE/kline':>11}  {'recall':>9}"]
    four = collections.Counter()
    for c in CLASSES + ("four",):
        k = four if c == "four" else t.per_cat[c]
        if c in FOUR:
            four.update(k)
        fig = figures(k, t.lines)
        known = sum(t.known[x] for x in FOUR) if c == "four" else t.known[c]
        found = sum(t.found[x] for x in FOUR) if c == "four" else t.found[c]
        rec = f"{found}/{known}" if known else "-"
        out.append(f"{c:10} {fig['findings']:5} {k['TRUE']:5} {k['FALSE']:5} {k['DEBATABLE']:5} {k['unjudged']:5}  "
                   f"{_fmt(fig['precision'])}  {_fmt(fig['false_per_kline'], 11)}  {rec:>9}")
    out.append(f"{'rule':8} {'finds':>5} {'TRUE':>5} {'FALSE':>5} {'DEBAT':>5} {'unjud':>5}  {'prec':>5}  {'FALSE/kline':>11}  docs")
    for rule in sorted(t.per_rule):
        k = t.per_rule[rule]
        fig = figures(k, t.lines)
        out.append(f"{rule:8} {fig['findings']:5} {k['TRUE']:5} {k['FALSE']:5} {k['DEBATABLE']:5} {k['unjudged']:5}  "
                   f"{_fmt(fig['precision'])}  {_fmt(fig['false_per_kline'], 11)}  {len(t.rule_docs[rule]):4}")
    return out


def as_json(tallies: dict[str, Tally]) -> dict:
    """Figures per set, category and rule; 'yaml' holds the both-sets value for a rule's precision: key."""
    res: dict = {}
    for name, t in tallies.items():
        res[name] = {"documents": t.docs, "lines": t.lines,
                     "categories": {c: {**figures(t.per_cat[c], t.lines), "known_real": t.known[c],
                                        "known_found": t.found[c]} for c in CLASSES},
                     "rules": {r: {**figures(k, t.lines), "documents_with_findings": len(t.rule_docs[r])}
                               for r, k in sorted(t.per_rule.items())}}
    both = tallies.get("both") or next(iter(tallies.values()))
    res["yaml"] = {r: {"value": None if precision(k) is None else round(precision(k), 2),
                       "findings": k["TRUE"] + k["FALSE"], "documents": both.docs}
                   for r, k in sorted(both.per_rule.items())}
    return res


def line_counts(paths: Iterable[str]) -> dict[str, int]:
    out = {}
    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            out[base(p)] = sum(1 for _ in f)
    return out


def run_reportlint(paths: Sequence[str], extra: Sequence[str], root: str = ROOT) -> dict:
    """`python3 -m reportlint check --format json --fail-on never` over the paths (files, not folders).

    It runs in `root`, so `-m reportlint` imports the checkout there (another commit's worktree
    gives that commit's figures on the same verdicts)."""
    if not paths:
        return {"diagnostics": []}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "run.json")
        cmd = [sys.executable, "-m", "reportlint", "check", "--format", "json", "--fail-on", "never",
               "--output", out, *extra, *paths]
        proc = subprocess.run(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode not in (0, 1) or not os.path.exists(out):
            raise SystemExit(f"reportlint failed ({proc.returncode}): {' '.join(cmd[:8])} ...\n{proc.stderr[-2000:]}")
        with open(out, encoding="utf-8") as f:
            return json.load(f)


def find_wild(explicit: str | None) -> str | None:
    cands = [explicit] if explicit else [os.environ.get("REPORTLINT_WILD_CORPUS"),
                                          os.path.join(ROOT, "..", "shared", "corpus", "wild"),
                                          os.path.join(ROOT, "..", "..", "shared", "corpus", "wild"),
                                          "/work/shared/corpus/wild"]
    for c in cands:
        if c and os.path.isdir(os.path.join(c, "docs")):
            return os.path.abspath(c)
    return None


def line_text(path: str, line: int, cache: dict[str, list[str]]) -> str:
    if path not in cache:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                cache[path] = f.read().split("\n")
        except OSError:
            cache[path] = []
    rows = cache[path]
    return rows[line - 1].strip() if 0 < line <= len(rows) else ""


def main(argv: Sequence[str] | None = None,
         runner: Callable[[Sequence[str], Sequence[str]], dict] = run_reportlint) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL) if hasattr(signal, "SIGPIPE") else None
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preview", action="store_true", help="pass --preview to reportlint")
    ap.add_argument("--wild", help="wild corpus folder (docs/, triage.jsonl, missed.jsonl); default: found beside the project")
    ap.add_argument("--bench", default=HERE, help="this benchmark's folder (manifest.jsonl, docs/, verdicts*.jsonl)")
    ap.add_argument("--only", choices=("wild", "gathered"), help="score one set only")
    ap.add_argument("--lang", choices=("zh", "en"), help="only documents of this language")
    ap.add_argument("--set", dest="doc_set", metavar="NAME",
                    help="only gathered documents whose manifest line has \"set\": NAME (e.g. holdout-2, a fresh "
                         "holdout scored apart); 'tuned' = the lines without a set field")
    ap.add_argument("--wild-json", help="use this reportlint JSON report on the wild docs instead of running")
    ap.add_argument("--gathered-json", help="use this reportlint JSON report on the gathered docs instead of running")
    ap.add_argument("--reportlint-root", default=ROOT,
                    help="run reportlint from this checkout (e.g. a worktree of an older commit); default: this project")
    ap.add_argument("--unjudged", action="store_true", help="list the findings nobody has judged, with the line's text")
    ap.add_argument("--false", dest="false", action="store_true", help="list the findings judged FALSE, with why")
    ap.add_argument("--causes", action="store_true", help="count the FALSE findings by the cause their verdict names, with the rules")
    ap.add_argument("--unjudged-jsonl", help="write skeleton verdict objects for the unjudged findings here")
    ap.add_argument("--json", help="write the figures (per set, category, rule; 'yaml' for precision: keys) here")
    a = ap.parse_args(argv)
    if a.preview:
        extra = ["--preview", *extra]

    sets: dict[str, dict] = {}
    notes: list[str] = []
    if a.only != "gathered":
        wild = find_wild(a.wild)
        if wild is None:
            notes.append("wild corpus not found (give --wild DIR): scored the gathered documents only")
        else:
            names = sorted(os.listdir(os.path.join(wild, "docs")))
            if a.lang:
                names = [n for n in names if n.startswith("zh-") == (a.lang == "zh")]
            paths = [os.path.join(wild, "docs", n) for n in names]
            entries = read_jsonl(os.path.join(wild, "triage.jsonl")) + read_jsonl(os.path.join(a.bench, "verdicts-wild.jsonl"))
            sets["wild"] = dict(paths=paths, entries=entries, missed=read_jsonl(os.path.join(wild, "missed.jsonl")),
                                report=a.wild_json)
    if a.only != "wild":
        manifest = read_jsonl(os.path.join(a.bench, "manifest.jsonl"))
        if a.lang:
            manifest = [m for m in manifest if m.get("lang") == a.lang]
        if a.doc_set:
            manifest = [m for m in manifest if m.get("set", "tuned") == a.doc_set]
        docs = os.path.join(a.bench, "docs")
        present = [m for m in manifest if os.path.exists(os.path.join(docs, m["id"]))]
        if len(present) < len(manifest):
            notes.append(f"{len(manifest) - len(present)} of {len(manifest)} gathered documents are missing from "
                         f"{docs}: run python3 benchmarks/precision/fetch.py")
        sets["gathered"] = dict(paths=[os.path.join(docs, m["id"]) for m in present],
                                entries=read_jsonl(os.path.join(a.bench, "verdicts.jsonl")),
                                missed=read_jsonl(os.path.join(a.bench, "missed.jsonl")), report=a.gathered_json)

    tallies: dict[str, Tally] = {}
    where: dict[str, str] = {}
    for name, s in sets.items():
        if s["report"]:
            with open(s["report"], encoding="utf-8") as f:
                report = json.load(f)
        else:
            report = (runner(s["paths"], extra, a.reportlint_root) if runner is run_reportlint
                      else runner(s["paths"], extra))
        lines = line_counts(s["paths"])
        where.update({base(p): p for p in s["paths"]})
        real = known_defects(s["entries"], s["missed"], set(lines))
        tallies[name] = tally(findings_of(report), Judge(s["entries"]), real, lines, tag=name + ":")
    if len(tallies) > 1:
        both = Tally()
        for t in tallies.values():
            both.add(t)
        tallies["both"] = both

    where_from = "" if os.path.abspath(a.reportlint_root) == ROOT else f" from {a.reportlint_root}"
    out: list[str] = [f"reportlint {' '.join(extra) or '(default selection)'}{where_from}"]
    for name, t in tallies.items():
        out += [""] + render(name, t)
    out += [f"note: {n}" for n in notes]
    cache: dict[str, list[str]] = {}
    for name in ("wild", "gathered"):
        t = tallies.get(name)
        if t is None:
            continue
        if a.unjudged and t.unjudged:
            out += ["", f"unjudged findings ({name}):"]
            for f in t.unjudged:
                out.append(f"  {f.file}:{f.line} {f.rule} {f.message[:160]}")
                out.append(f"      | {line_text(where.get(f.file, ''), f.line, cache)[:200]}")
        if a.false and t.false:
            out += ["", f"FALSE findings ({name}):"]
            for f, e in t.false:
                out.append(f"  {f.file}:{f.line} {f.rule} {f.message[:120]}  [{(e or {}).get('cause') or (e or {}).get('reason', '')[:80]}]")
    if a.causes:
        out += ["", "FALSE findings by cause (all sets): count  rules"]
        by_cause: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for name in ("wild", "gathered"):
            for f, e in tallies[name].false if name in tallies else ():
                by_cause[(e or {}).get("cause") or "(no cause given)"][f.rule] += 1
        for cause, rules in sorted(by_cause.items(), key=lambda kv: -sum(kv[1].values())):
            out.append(f"  {sum(rules.values()):4}  {cause}: " + ", ".join(f"{r} {n}" for r, n in rules.most_common()))
    print("\n".join(out))
    if a.unjudged_jsonl:
        with open(a.unjudged_jsonl, "w", encoding="utf-8") as fh:
            for name in ("wild", "gathered"):
                for f in tallies[name].unjudged if name in tallies else ():
                    fh.write(json.dumps({"set": name, "file": f.file, "line": f.line, "end_line": f.end_line,
                                         "rule": f.rule, "category": f.category, "message": f.message,
                                         "text": line_text(where.get(f.file, ""), f.line, cache)[:300],
                                         "verdict": "", "reason": "", "cause": ""}, ensure_ascii=False) + "\n")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump(as_json(tallies), fh, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
