#!/usr/bin/env python3
"""Build the hand-made defect benchmark: edited documents and their labels (stdlib only).

Real public documents (texts git-ignored, listed in manifest.jsonl with their sha256) get
defects written into them by hand; the defects are stored as edits (edits.jsonl), never as
texts. This script applies them:

    python3 benchmarks/handmade/apply.py            # writes docs/edited/<id> and labels.jsonl
    python3 benchmarks/handmade/apply.py --check    # verify only, write nothing
    python3 benchmarks/handmade/apply.py --set holdout-2   # another set of defects (a subfolder)
    HANDMADE_BASE=/path/to/base python3 …           # base texts kept outside this checkout

A set is a subfolder (e.g. holdout-2/) with its own manifest.jsonl, edits.jsonl and
labels.jsonl, written apart from the first set so that it can be scored alone; its base
texts live in the same git-ignored base folder, its edited texts in docs/edited-<set>/.

edits.jsonl, one edit a line:
    {"doc": "<manifest id>", "edit_id": "...",
     "ops": [{"line": N, "old": "exact substring of base line N", "new": "replacement"},
             {"insert_after": N, "text": "one or more lines"},
             {"insert_after": N, "copy": [A, B], "sub": [["old", "new"]], "blank_before": true},
             {"delete": N, "old": "substring of base line N"}],
     "label": {"class", "subtype", "line_start", "line_end", "related_line",
               "description", "origin": "handwritten", "lang"},
     "expect": [{"line": M, "text": "substring edited line M must contain"}]}

Op line numbers refer to the BASE text; label lines and expectations refer to the EDITED
text. All edits of one document are applied together, so several edits may share a
document; a replacement's "new" may contain newlines (a paragraph split in two). A paste is
a "copy" of base lines A..B (with optional substitutions in the copy, and a blank line
before it), so the edits hold no more of the documents' text than the few words they change.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
LABEL_KEYS = ("class", "subtype", "line_start", "line_end", "related_line", "description", "lang")
CLASSES = ("duplicate", "number", "markup", "heading")
# text slips (doubled characters and words, placeholders, misspellings: the TX rules, whose
# findings are category "style") are a class of their own, scored only in a set that labels them
TEXT_CLASS = "text"


class BenchError(Exception):
    """A base text, edit or label that does not hold; the message says which and why."""


@dataclass
class Paths:
    """Where the benchmark's inputs and outputs live (a temporary folder in tests)."""
    root: str = HERE
    manifest: str = field(default="")
    edits: str = field(default="")
    base: str = field(default="")
    edited: str = field(default="")
    labels: str = field(default="")
    precision_docs: str = field(default="")

    def __post_init__(self) -> None:
        self.manifest = self.manifest or os.path.join(self.root, "manifest.jsonl")
        self.edits = self.edits or os.path.join(self.root, "edits.jsonl")
        # the texts are git-ignored: another checkout points HANDMADE_BASE at a folder that has them
        env = os.environ.get("HANDMADE_BASE") if self.root == HERE else None
        self.base = self.base or env or os.path.join(self.root, "docs", "base")
        self.edited = self.edited or os.path.join(self.root, "docs", "edited")
        self.labels = self.labels or os.path.join(self.root, "labels.jsonl")
        self.precision_docs = self.precision_docs or os.path.join(
            os.path.dirname(self.root), "precision", "docs")


def set_paths(name: str | None) -> Paths:
    """The paths of a named set of defects (a subfolder of this folder), or of the first set.

    A set shares the base folder (HANDMADE_BASE or docs/base) and writes its edited texts to
    docs/edited-<name>/ (git-ignored like docs/base)."""
    if not name:
        return Paths()
    root = os.path.join(HERE, name)
    if os.sep in name or not os.path.isfile(os.path.join(root, "manifest.jsonl")):
        raise BenchError(f"no set {name!r}: {os.path.join(root, 'manifest.jsonl')} does not exist")
    base = os.environ.get("HANDMADE_BASE") or os.path.join(HERE, "docs", "base")
    return Paths(root=root, base=base, edited=os.path.join(HERE, "docs", f"edited-{name}"),
                 precision_docs=os.path.join(os.path.dirname(HERE), "precision", "docs"))


def read_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def base_path(paths: Paths, entry: dict) -> str:
    """Where a manifest entry's base text is: the base folder, or (`"base": "precision"`) the
    precision bench's docs folder for a document that bench also judges unedited."""
    path = os.path.join(paths.base, entry["id"])
    if not os.path.exists(path) and entry.get("base") == "precision":
        return os.path.join(paths.precision_docs, entry["id"])
    return path


def load_base(paths: Paths, entry: dict) -> str:
    """The base text of a manifest entry, its sha256 verified."""
    path = base_path(paths, entry)
    if not os.path.exists(path):
        raise BenchError(
            f"base text missing: {path}\n  it is {entry['repo']}@{entry['commit'][:12]}:{entry['path']}"
            f" ({entry.get('excerpt', 'whole file')}); save that text there, or set HANDMADE_BASE to a"
            f" folder that has the base texts (they are git-ignored)")
    with open(path, encoding="utf-8", newline="") as fh:
        text = fh.read()
    if sha256_text(text) != entry["sha256"]:
        raise BenchError(f"base text changed: {path} has sha256 {sha256_text(text)[:16]}…, "
                         f"manifest says {entry['sha256'][:16]}…")
    return text


def split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def copied(lines: list[str], op: dict, where: str) -> str:
    """The text a "copy" op pastes: base lines A..B, substitutions applied."""
    a, b = op["copy"]
    if not 1 <= a <= b <= len(lines):
        raise BenchError(f"{where}: copy {a}..{b} outside 1..{len(lines)}")
    text = "\n".join(lines[a - 1:b])
    for old, new in op.get("sub", []):
        if old not in text:
            raise BenchError(f"{where}: copied lines {a}..{b} do not contain {old!r}")
        text = text.replace(old, new, 1)
    return ("\n" if op.get("blank_before") else "") + text


def apply_ops(base_text: str, ops: list[dict], where: str = "") -> str:
    """Apply every op (base line numbers) at once and return the edited text.

    Per base line: a delete drops the line; else its replacements run in the order given;
    then the insertions after it follow, in the order given. Line 0 takes insertions only.
    """
    return apply_ops_map(base_text, ops, where)[0]


def apply_ops_map(base_text: str, ops: list[dict], where: str = "") -> tuple[str, dict[int, int]]:
    """apply_ops, and where each kept base line begins in the edited text (1-based)."""
    lines = split_lines(base_text)
    n = len(lines)
    repl: dict[int, list[dict]] = defaultdict(list)
    ins: dict[int, list[str]] = defaultdict(list)
    dele: set[int] = set()
    for op in ops:
        if "insert_after" in op:
            k = op["insert_after"]
            if not 0 <= k <= n:
                raise BenchError(f"{where}: insert_after {k} outside 0..{n}")
            ins[k].append(op["text"] if "text" in op else copied(lines, op, where))
            continue
        k = op["line"] if "line" in op else op.get("delete")
        if not isinstance(k, int) or not 1 <= k <= n:
            raise BenchError(f"{where}: line {k} outside 1..{n}")
        if op.get("old", "") not in lines[k - 1]:
            raise BenchError(f"{where}: base line {k} does not contain {op.get('old')!r}")
        if "delete" in op:
            dele.add(k)
        else:
            repl[k].append(op)
    out: list[str] = list(ins[0])
    written = sum(chunk.count("\n") + 1 for chunk in out)  # edited lines so far
    where_now: dict[int, int] = {}
    for k, line in enumerate(lines, 1):
        if k not in dele:
            for op in repl[k]:
                if op["old"] not in line:
                    raise BenchError(f"{where}: line {k} after earlier edits no longer contains {op['old']!r}")
                line = line.replace(op["old"], op["new"], 1)
            where_now[k] = written + 1
            out.append(line)
            written += line.count("\n") + 1
        out.extend(ins[k])
        written += sum(chunk.count("\n") + 1 for chunk in ins[k])
    text = "\n".join(out)
    return (text + "\n" if base_text.endswith("\n") else text), where_now


def check_label(edit: dict, edited_lines: list[str]) -> list[dict]:
    """Validate an edit's label against the edited text; return the corpus-format label(s).

    An edit may carry "also": further labels (class, subtype, description) at the same lines,
    for one edit that is two defects at once (a paragraph pasted with one figure edited is a
    duplicate and a metric stated twice).
    """
    lab, eid = edit["label"], edit["edit_id"]
    missing = [k for k in LABEL_KEYS if k not in lab]
    if missing:
        raise BenchError(f"{eid}: label lacks {missing}")
    n = len(edited_lines)
    for key in ("line_start", "line_end", "related_line"):
        v = lab[key]
        if v is not None and not 1 <= v <= n:
            raise BenchError(f"{eid}: {key} {v} outside 1..{n}")
    if lab["line_end"] < lab["line_start"]:
        raise BenchError(f"{eid}: line_end before line_start")
    if not edit.get("expect"):
        raise BenchError(f"{eid}: no 'expect' entries: say what text each label line holds")
    for exp in edit["expect"]:
        k = exp["line"]
        if not 1 <= k <= n or exp["text"] not in edited_lines[k - 1]:
            got = edited_lines[k - 1][:80] if 1 <= k <= n else "<no such line>"
            raise BenchError(f"{eid}: edited line {k} should contain {exp['text']!r}; it reads {got!r}")
    out = []
    for i, extra in enumerate([{}] + list(edit.get("also", []))):
        one = {**lab, **extra}
        if one["class"] not in CLASSES + (TEXT_CLASS,):
            raise BenchError(f"{eid}: class {one['class']!r} is not one of {CLASSES + (TEXT_CLASS,)}")
        out.append({"id": eid if i == 0 else f"{eid}.{i}", "file": edit["doc"], "class": one["class"],
                    "subtype": one["subtype"], "line_start": one["line_start"], "line_end": one["line_end"],
                    "related_line": one["related_line"], "description": one["description"],
                    "origin": one.get("origin", "handwritten"), "confidence": one.get("confidence", 1.0),
                    "lang": one["lang"]})
    return out


def build(paths: Paths, write: bool = True,
          line_maps: dict[str, dict[int, int]] | None = None,
          available: bool = False) -> tuple[dict[str, str], list[dict]]:
    """Edited texts by document id and the labels; raises BenchError on the first problem.

    line_maps, if given, receives per document where each kept base line is in the edited text.
    available: leave out the documents whose base text is not saved (a checkout that could
    restore only some of them: the whole-file ones), instead of stopping at the first.
    """
    manifest = {e["id"]: e for e in read_jsonl(paths.manifest)}
    edits = read_jsonl(paths.edits)
    seen: set[str] = set()
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for e in edits:
        if e["edit_id"] in seen:
            raise BenchError(f"edit_id {e['edit_id']} used twice")
        seen.add(e["edit_id"])
        if e["doc"] not in manifest:
            raise BenchError(f"{e['edit_id']}: document {e['doc']!r} is not in the manifest")
        if not e.get("ops"):
            raise BenchError(f"{e['edit_id']}: no ops")
        by_doc[e["doc"]].append(e)
    edited: dict[str, str] = {}
    labels: list[dict] = []
    for doc_id, doc_edits in by_doc.items():
        if available and not os.path.exists(base_path(paths, manifest[doc_id])):
            continue
        base = load_base(paths, manifest[doc_id])
        ops = [op for e in doc_edits for op in e["ops"]]
        text, line_map = apply_ops_map(base, ops, where=doc_id)
        edited[doc_id] = text
        if line_maps is not None:
            line_maps[doc_id] = line_map
        lines = split_lines(text)
        for e in doc_edits:
            labels.extend(check_label(e, lines))
    if write:
        os.makedirs(paths.edited, exist_ok=True)
        for name in os.listdir(paths.edited):
            if name not in edited:
                os.remove(os.path.join(paths.edited, name))
        for doc_id, text in edited.items():
            with open(os.path.join(paths.edited, doc_id), "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        with open(paths.labels, "w", encoding="utf-8") as fh:
            for lab in labels:
                fh.write(json.dumps(lab, ensure_ascii=False) + "\n")
    return edited, labels


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="verify bases, edits and labels; write nothing")
    ap.add_argument("--set", metavar="NAME", help="a set of defects in the subfolder NAME (e.g. holdout-2)")
    args = ap.parse_args(argv)
    try:
        paths = set_paths(args.set)
        edited, labels = build(paths, write=not args.check)
    except BenchError as exc:
        sys.stderr.write(f"apply.py: {exc}\n")
        return 1
    per = defaultdict(int)
    for lab in labels:
        per[lab["class"]] += 1
    summary = ", ".join(f"{c} {per[c]}" for c in CLASSES + (TEXT_CLASS,) if c in CLASSES or per[c])
    sys.stdout.write(f"{len(labels)} defects in {len(edited)} documents ({summary})"
                     + ("" if args.check else f"; written to {os.path.relpath(paths.edited)}") + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
