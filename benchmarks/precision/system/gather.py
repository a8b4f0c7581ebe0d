#!/usr/bin/env python3
"""Real documents already on this machine (Debian's /usr/share/doc, with the Node.js documentation
the nodejs package ships), for judging number findings on text nobody tuned a rule on.

    python3 benchmarks/precision/system/gather.py --manifest   # (re)write manifest.jsonl from this machine
    python3 benchmarks/precision/system/gather.py              # copy the listed texts into docs/ (git-ignored),
                                                               # each only when its sha256 is the manifest's
    python3 benchmarks/precision/system/gather.py --score      # run reportlint --select NU on docs/ and score
                                                               # its findings against verdicts.jsonl

A text absent from this machine is reported and skipped. Node.js's documents are those of the
nodejs/node repository at the package's version (`ref`, path in `repo_path`), so a machine without
the package can fetch them from https://raw.githubusercontent.com/nodejs/node/<ref>/<repo_path>.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
MANIFEST = HERE / "manifest.jsonl"
VERDICTS = HERE / "verdicts.jsonl"
ROOTS = ("/usr/share/doc",)
SUFFIXES = (".md", ".txt", ".rst")
MIN_BYTES = 3000


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _node_ref() -> str:
    try:
        out = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return out


def _entry(path: Path, node_ref: str) -> dict | None:
    if path.suffix not in SUFFIXES and not path.name.startswith(("README", "NEWS")):
        return None
    if path.suffix == ".gz" or path.stat().st_size < MIN_BYTES:
        return None
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    rel = str(path)
    ident = rel.removeprefix("/usr/share/doc/").replace("/", "__")
    if not ident.endswith((".md", ".txt")):
        ident += ".md" if path.suffix == ".md" else ".txt"
    row = {"id": ident, "local_path": rel, "sha256": hashlib.sha256(data).hexdigest(), "lines": text.count("\n"),
           "lang": "zh" if sum("\u4e00" <= c <= "\u9fff" for c in text) > len(text) // 20 else "en"}
    if rel.startswith("/usr/share/doc/nodejs/") and node_ref:
        sub = rel.removeprefix("/usr/share/doc/nodejs/")
        row.update({"repo": "nodejs/node", "ref": node_ref, "repo_path": "doc/" + sub})
    return row


def write_manifest() -> int:
    node_ref = _node_ref()
    rows = []
    for root in ROOTS:
        for dirpath, _, files in os.walk(root):
            for f in sorted(files):
                row = _entry(Path(dirpath) / f, node_ref)
                if row:
                    rows.append(row)
    rows.sort(key=lambda r: r["id"])
    MANIFEST.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} documents written to {MANIFEST.name}")
    return 0


def copy_texts() -> int:
    DOCS.mkdir(exist_ok=True)
    rows = [json.loads(l) for l in MANIFEST.read_text(encoding="utf-8").splitlines() if l.strip()]
    ok = missing = 0
    for r in rows:
        src, dst = Path(r["local_path"]), DOCS / r["id"]
        if dst.exists() and _sha(dst) == r["sha256"]:
            ok += 1
            continue
        if not src.exists() or _sha(src) != r["sha256"]:
            missing += 1
            print(f"unavailable {r['id']} (not on this machine, or another version)")
            continue
        shutil.copyfile(src, dst)
        ok += 1
    print(f"{ok} of {len(rows)} texts present in {DOCS}")
    return 0 if not missing else 1


def score() -> int:
    out = subprocess.run([sys.executable, "-m", "reportlint", "check", "--no-cache", "--format", "json", "--fail-on", "never",
                          "--select", "NU", str(DOCS)], capture_output=True, text=True, check=True).stdout
    diags = [d for d in json.loads(out)["diagnostics"] if d["rule"].startswith("NU")]
    verdicts = {}
    for line in VERDICTS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            v = json.loads(line)
            verdicts[(v["file"], v["line"], v["rule"])] = v["verdict"]
    tally: dict[str, int] = {}
    lines = sum(json.loads(l)["lines"] for l in MANIFEST.read_text(encoding="utf-8").splitlines() if l.strip())
    for d in diags:
        key = (os.path.basename(d["path"]), d["line"], d["rule"])
        v = verdicts.get(key, "UNJUDGED")
        tally[v] = tally.get(v, 0) + 1
        if v != "TRUE":
            print(f"{v:9} {key[0]}:{key[1]} {d['rule']} {d['message'][:100]}")
    true, false = tally.get("TRUE", 0), tally.get("FALSE", 0)
    prec = f"{true / (true + false):.2f}" if true + false else "-"
    print(f"number findings {len(diags)}: {tally}; precision {prec}; false per 1,000 lines {1000 * false / max(lines, 1):.3f} ({lines} lines)")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--manifest", action="store_true", help="write manifest.jsonl from this machine's documents")
    ap.add_argument("--score", action="store_true", help="score reportlint's number findings on docs/")
    args = ap.parse_args()
    if args.manifest:
        return write_manifest()
    if args.score:
        return score()
    return copy_texts()


if __name__ == "__main__":
    raise SystemExit(main())
