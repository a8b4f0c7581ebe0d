#!/usr/bin/env python3
"""Score reportlint on the hand-made defects (stdlib only).

    python3 benchmarks/handmade/score.py                 # default rule selection
    python3 benchmarks/handmade/score.py --preview       # any unknown argument goes to reportlint
    python3 benchmarks/handmade/score.py --missed --false
    python3 benchmarks/handmade/score.py --set holdout-2 # another set of defects (a subfolder), alone

Builds the edited documents (apply.py, into a temporary folder), runs
`python3 -m reportlint check --format json --fail-on never` on them and, separately, on the
unedited base texts, and prints recall per class and subtype and precision per class.

A finding matches a label as in the corpus's score.py: same file, its category equals the
label's class, and its lines (at most 60 from the first) overlap the label's lines or its
related line, ±1; each finding is credited to one label at most (a plain-text paragraph is
one line, so one finding can lie near several labels; `--loose` credits them all, as the
corpus's score.py does). A finding that the base text already has (same rule, and the same text on
its first line or the same message) is *pre-existing*: it is neither right nor wrong here and
is counted apart, even where it happens to sit on a label. Every other finding of the four
categories that matches no label counts as false.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import apply as bench  # noqa: E402  (the sibling script, not a package)

CLASSES = bench.CLASSES
MAX_SPAN = 60


def run_reportlint(files: list[str], extra: list[str]) -> list[dict]:
    """reportlint's diagnostics for FILES (a JSON run with the given extra arguments)."""
    if not files:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        cmd = [sys.executable, "-m", "reportlint", "check", "--format", "json", "--fail-on", "never",
               "--output", out, *extra, *files]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0 or not os.path.exists(out):
            raise SystemExit(f"reportlint failed ({proc.returncode}): {' '.join(cmd[:8])} …\n{proc.stderr}")
        with open(out, encoding="utf-8") as fh:
            data = json.load(fh)
    return data["diagnostics"] if isinstance(data, dict) else data


def line_text(lines: list[str], k: int) -> str:
    return lines[k - 1].strip() if 1 <= k <= len(lines) else ""


def finding_key(d: dict, lines: list[str]) -> tuple[str, str, str]:
    """The rule, the text of the finding's first line and its message."""
    return d["rule"], line_text(lines, d["line"]), d.get("message", "")


def finding_class(d: dict) -> str:
    """The label class a finding is judged in: its category, or "text" for a TX rule's
    (category "style") finding."""
    if d.get("category") == "style" and str(d.get("rule", "")).startswith("TX"):
        return bench.TEXT_CLASS
    return d.get("category", "")


def classes_of(labels: list[dict]) -> tuple[str, ...]:
    """The four classes, and "text" when the set labels text slips."""
    return CLASSES + ((bench.TEXT_CLASS,) if any(lab["class"] == bench.TEXT_CLASS for lab in labels) else ())


def matches(d: dict, lab: dict, slack: int = 1) -> bool:
    lo, hi = d["line"], min(max(d["line"], d.get("end_line") or d["line"]), d["line"] + MAX_SPAN - 1)
    if lo <= lab["line_end"] + slack and hi >= lab["line_start"] - slack:
        return True
    r = lab.get("related_line")
    return bool(r) and lo <= r + slack and hi >= r - slack


def classify(labels: list[dict], edited_diags: list[dict], base_diags: list[dict],
             edited_lines: dict[str, list[str]], base_lines: dict[str, list[str]],
             loose: bool = False, line_maps: dict[str, dict[int, int]] | None = None) -> dict:
    """Split the edited run's findings into correct / false / pre-existing and mark found labels."""
    # pre-existing: the base has a finding of the same rule on a line of the same text, or
    # with the same message on the line that became this finding's line (line_maps), or with
    # the same message while this finding's line is one the edits left as it was
    base_keys: dict[str, set] = defaultdict(set)
    base_texts = {f: {line.strip() for line in lines} for f, lines in base_lines.items()}
    for d in base_diags:
        f = os.path.basename(d["path"])
        rule, text, msg = finding_key(d, base_lines.get(f, []))
        base_keys[f] |= {(rule, "text", text), (rule, "msg", msg)}
        moved = (line_maps or {}).get(f, {}).get(d["line"])
        if moved:
            base_keys[f].add((rule, "at", msg, moved))
    by_file = defaultdict(list)
    for lab in labels:
        by_file[lab["file"]].append(lab)
    found: dict[str, list[dict]] = defaultdict(list)
    correct, false, pre, other = [], [], [], 0
    active = classes_of(labels)
    for d in edited_diags:
        f = os.path.basename(d["path"])
        cls = finding_class(d)
        if cls not in active:
            other += 1
            continue
        rule, text, msg = finding_key(d, edited_lines.get(f, []))
        if (rule, "text", text) in base_keys[f] or (rule, "at", msg, d["line"]) in base_keys[f] or (
                text in base_texts.get(f, ()) and (rule, "msg", msg) in base_keys[f]):
            pre.append(d)
            continue
        hits = [lab for lab in by_file[f] if lab["class"] == cls and matches(d, lab)]
        if not loose:
            hits = closest(d, hits)
        if hits:
            correct.append(d)
            for lab in hits:
                found[lab["id"]].append(d)
        else:
            false.append(d)
    if not loose:
        found = one_to_one(found)
    return {"found": found, "correct": correct, "false": false, "pre": pre, "other": other}


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def closest(d: dict, hits: list[dict]) -> list[dict]:
    """The labels a finding among several nearby ones is about: those whose description
    shares a figure with the finding's message, if any; of them, those on its own lines."""
    figures = set(NUMBER.findall(d.get("message", ""))) - {str(d["line"]), str(d.get("end_line"))}
    sharing = [lab for lab in hits if figures & set(NUMBER.findall(lab.get("description", "")))]
    hits = sharing or hits
    exact = [lab for lab in hits if matches(d, lab, slack=0)]
    return exact or hits


def one_to_one(found: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Keep a largest set of labels each credited to a finding of its own.

    In a plain-text report one line is a whole paragraph, so one finding can lie within a
    line of several labels; it finds one defect, not all of them (augmenting-path matching).
    """
    owner: dict[int, str] = {}

    def assign(lab_id: str, seen: set[int]) -> bool:
        for d in found[lab_id]:
            k = id(d)
            if k in seen:
                continue
            seen.add(k)
            if k not in owner or assign(owner[k], seen):
                owner[k] = lab_id
                return True
        return False

    for lab_id in sorted(found, key=lambda i: len(found[i])):
        assign(lab_id, set())
    credited = set(owner.values())
    return {lab_id: ds for lab_id, ds in found.items() if lab_id in credited}


def ratio(a: int, b: int) -> str:
    return f"{a / b:5.3f}" if b else "  n/a"


def table(labels: list[dict], res: dict, title: str) -> list[str]:
    out = [f"== {title}",
           f"{'class':10s} {'labels':>6s} {'found':>6s} {'recall':>6s} {'finds':>6s} {'right':>6s} {'prec':>6s} {'pre-ex':>6s}"]
    tot = [0, 0, 0, 0, 0]
    classes = classes_of(labels)
    for c in classes:
        labs = [lab for lab in labels if lab["class"] == c]
        nf = sum(1 for lab in labs if lab["id"] in res["found"])
        right = sum(1 for d in res["correct"] if finding_class(d) == c)
        wrong = sum(1 for d in res["false"] if finding_class(d) == c)
        pre = sum(1 for d in res["pre"] if finding_class(d) == c)
        out.append(f"{c:10s} {len(labs):6d} {nf:6d} {ratio(nf, len(labs))} {right + wrong:6d} {right:6d} "
                   f"{ratio(right, right + wrong)} {pre:6d}")
        for i, v in enumerate((len(labs), nf, right + wrong, right, pre)):
            tot[i] += v
    out.append(f"{'all':10s} {tot[0]:6d} {tot[1]:6d} {ratio(tot[1], tot[0])} {tot[2]:6d} {tot[3]:6d} "
               f"{ratio(tot[3], tot[2])} {tot[4]:6d}")
    for c in classes:
        per = defaultdict(lambda: [0, 0])
        for lab in labels:
            if lab["class"] == c:
                per[lab["subtype"]][1] += 1
                per[lab["subtype"]][0] += lab["id"] in res["found"]
        if per:
            out.append(f"  {c:9s} recall by subtype: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(per.items())))
    by_lang = defaultdict(lambda: [0, 0])
    for lab in labels:
        by_lang[lab["lang"]][1] += 1
        by_lang[lab["lang"]][0] += lab["id"] in res["found"]
    out.append("  recall by language: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(by_lang.items())))
    rules = defaultdict(lambda: [0, 0])
    for d in res["correct"]:
        rules[d["rule"]][0] += 1
    for d in res["false"]:
        rules[d["rule"]][1] += 1
    out.append("  findings per rule (right/false): " + ", ".join(f"{r} {a}/{b}" for r, (a, b) in sorted(rules.items())))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--missed", action="store_true", help="list the labels no finding matched")
    ap.add_argument("--false", action="store_true", help="list the false findings")
    ap.add_argument("--json", metavar="FILE", help="write the labels found/missed and every classified finding")
    ap.add_argument("--loose", action="store_true",
                    help="credit every label a finding overlaps (the corpus score.py's default) instead of one label per finding")
    ap.add_argument("--set", metavar="NAME", help="score the set of defects in the subfolder NAME (e.g. holdout-2)")
    ap.add_argument("--available", action="store_true",
                    help="score only the documents whose base text is saved (the others are left out, not counted)")
    args, extra = ap.parse_known_args(argv)
    line_maps: dict[str, dict[int, int]] = {}
    try:
        paths = bench.set_paths(args.set)
        edited, labels = bench.build(paths, write=False, line_maps=line_maps, available=args.available)
    except bench.BenchError as exc:
        sys.stderr.write(f"score.py: {exc}\n")
        return 1
    ids = sorted(edited)
    manifest = {e["id"]: e for e in bench.read_jsonl(paths.manifest)}
    base_text = {i: bench.load_base(paths, manifest[i]) for i in ids}
    with tempfile.TemporaryDirectory() as tmp:  # the checkout is left as it is
        for i in ids:
            with open(os.path.join(tmp, i), "w", encoding="utf-8", newline="") as fh:
                fh.write(edited[i])
        edited_diags = run_reportlint([os.path.join(tmp, i) for i in ids], extra)
    base_diags = run_reportlint([bench.base_path(paths, manifest[i]) for i in ids], extra)
    res = classify(labels, edited_diags, base_diags,
                   {i: bench.split_lines(t) for i, t in edited.items()},
                   {i: bench.split_lines(t) for i, t in base_text.items()}, loose=args.loose,
                   line_maps=line_maps)
    nlines = sum(t.count("\n") for t in edited.values())
    title = (f"hand-made defects{' (set ' + args.set + ')' if args.set else ''}: {len(ids)} documents, {nlines} lines, {len(labels)} labels"
             + (f"; reportlint {' '.join(extra)}" if extra else "; default selection")
             + ("; loose matching" if args.loose else ""))
    out = table(labels, res, title)
    out.append(f"  other categories (style, error): {res['other']}; pre-existing findings are the base text's own")
    if args.missed:
        out.append("-- missed:")
        for lab in labels:
            if lab["id"] not in res["found"]:
                out.append(f"  {lab['id']:18s} {lab['class']}/{lab['subtype']} {lab['file']}:{lab['line_start']}"
                           f"  {lab['description']}")
    if args.false:
        out.append("-- false findings:")
        for d in res["false"]:
            out.append(f"  {os.path.basename(d['path'])}:{d['line']} {d['rule']} {d['message'][:110]}")
    sys.stdout.write("\n".join(out) + "\n")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"labels": [{**lab, "found": lab["id"] in res["found"]} for lab in labels],
                       "correct": res["correct"], "false": res["false"], "pre_existing": res["pre"]},
                      fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
