"""Gating a run on *new* findings: the baseline and `--diff-base REV` (changed lines only).

`runner.run_check` calls `apply` after linting when `--baseline`, `--update-baseline`
or `--diff-base` is given. Both filters work on the finished, sorted diagnostics,
so every output format and the exit code see the same filtered list.
"""

from __future__ import annotations

import bisect
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from reportlint import baseline as bl
from reportlint.diagnostics import Diagnostic
from reportlint.errors import SelectionError

GIT_TIMEOUT = 120
_HUNK_RE = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_C_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


class GatingError(SelectionError):
    """A gate that cannot work (no git, unknown revision): a usage error, exit 2, never a traceback."""


def apply(diags: list[Diagnostic], sources: Mapping[str, Any], opts: Any) -> tuple[list[Diagnostic], int, list[str]]:
    """Filter `diags` by the baseline and by changed lines; returns (kept, hidden by baseline, notes)."""
    notes: list[str] = []
    hidden = 0
    path = getattr(opts, "baseline", None)
    if getattr(opts, "update_baseline", False):
        path = path or bl.DEFAULT_BASELINE
        notes.append(_update_baseline(diags, sources, path))
        hidden, diags = len(diags), []
    elif path:
        diags, hidden, note = _apply_baseline(diags, sources, path)
        notes.extend(note)
    rev = getattr(opts, "diff_base", None)
    if rev:
        diags, dropped, extra = filter_changed(diags, rev)
        notes.extend(extra)
        if dropped:
            notes.append(f"reportlint: {dropped} diagnostic{_s(dropped)} on lines not changed since {rev} not shown")
    return diags, hidden, notes


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _update_baseline(diags: list[Diagnostic], sources: Mapping[str, Any], path: str) -> str:
    """Record this run's findings; entries of files this run did not check are kept.

    A run over some files (the staged ones, one folder) must not erase what the
    baseline says about the others.
    """
    root = Path(path).resolve().parent
    recorded = bl.entries(diags, sources, root)
    kept: list[bl.Entry] = []
    if Path(path).is_file():
        checked = {bl.normalise_path(p, root) for p in [*sources, *(d.path for d in diags)]}
        kept = [e for e in bl.read(path) if e.path not in checked]
    bl.write(path, recorded + kept)
    other = f" (and kept {len(kept)} for files not checked in this run)" if kept else ""
    return f"reportlint: wrote {len(recorded)} fingerprint{_s(len(recorded))} to baseline {path}{other}"


def _apply_baseline(diags: list[Diagnostic], sources: Mapping[str, Any], path: str
                    ) -> tuple[list[Diagnostic], int, list[str]]:
    if not Path(path).is_file():
        return diags, 0, [f"reportlint: baseline {path} does not exist; nothing hidden "
                          "(record the current findings with --update-baseline)"]
    recorded = bl.read(path)
    current = bl.entries(diags, sources, Path(path).resolve().parent)
    covered = bl.match(current, recorded)
    kept = [d for d, c in zip(diags, covered) if not c]
    n = len(diags) - len(kept)
    notes = [f"reportlint: {n} diagnostic{_s(n)} hidden by baseline {path}"] if n else []
    return kept, n, notes


# --- changed lines ---------------------------------------------------------------------------


@dataclass
class ChangedLines:
    """Lines changed since a revision, per file (paths relative to the work tree's top)."""

    top: Path
    ranges: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # sorted, inclusive
    whole: set[str] = field(default_factory=set)  # untracked files: every line is new

    def key(self, path: str) -> str | None:
        try:
            return Path(os.path.relpath(os.path.realpath(path), self.top)).as_posix()
        except ValueError:
            return None

    def touches(self, key: str, first: int, last: int) -> bool:
        if key in self.whole:
            return True
        spans = self.ranges.get(key)
        if not spans:
            return False
        i = bisect.bisect_right(spans, (last, float("inf"))) - 1  # last span starting at or before `last`
        return i >= 0 and spans[i][1] >= first


def filter_changed(diags: list[Diagnostic], rev: str) -> tuple[list[Diagnostic], int, list[str]]:
    """Keep diagnostics whose lines, or a related place in the same file, changed since `rev`.

    A related place counts because a change can create a defect that is reported
    elsewhere: editing one value makes an unchanged mention of the same metric conflict.
    Errors (unreadable files, crashed checks) are always kept: they mean nothing was checked.
    """
    changed = changed_lines(rev)
    kept: list[Diagnostic] = []
    outside: set[str] = set()
    keys: dict[str, str | None] = {}
    for d in diags:
        if d.path not in keys:
            keys[d.path] = changed.key(d.path)
        key = keys[d.path]
        if d.category == "error" or key is None or key.startswith("../"):
            if key is None or key.startswith("../"):
                outside.add(d.path)
            kept.append(d)
            continue
        spans = [(d.line, max(d.line, d.end_line))]
        spans += [(r.line, r.end_line or r.line) for r in d.related if r.path == d.path]
        if any(changed.touches(key, a, b) for a, b in spans):
            kept.append(d)
    notes = [f"reportlint: {p} is outside the git work tree; all its diagnostics are shown" for p in sorted(outside)]
    return kept, len(diags) - len(kept), notes


def _git(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-c", "core.quotepath=false", *args], cwd=cwd, capture_output=True,
                              timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise GatingError("--diff-base needs git, and git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GatingError(f"--diff-base: 'git {' '.join(args)}' took longer than {GIT_TIMEOUT}s") from None


def changed_lines(rev: str) -> ChangedLines:
    """Parse `git diff -U0 REV` (working tree against REV) into changed line ranges."""
    top = _git(["rev-parse", "--show-toplevel"])
    if top.returncode != 0:
        raise GatingError("--diff-base needs to run inside a git work tree")
    root = Path(top.stdout.decode("utf-8", "surrogateescape").strip())
    if rev.startswith("-"):
        raise GatingError(f"--diff-base: '{rev}' is not a revision")
    ok = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    if ok.returncode != 0:
        raise GatingError(f"--diff-base: unknown git revision '{rev}' (in a shallow CI clone, fetch it first, "
                          "e.g. 'git fetch --depth=1 origin main')")
    diff = _git(["diff", "-U0", "--no-color", "--no-ext-diff", "--find-renames", rev, "--"], root)
    if diff.returncode != 0:
        raise GatingError(f"--diff-base: git diff failed: {diff.stderr.decode('utf-8', 'replace').strip()}")
    changed = ChangedLines(root, parse_unified_diff(diff.stdout.decode("utf-8", "surrogateescape")))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    if untracked.returncode == 0:
        changed.whole = {p for p in untracked.stdout.decode("utf-8", "surrogateescape").split("\0") if p}
    _word_changes(changed, rev, root)
    return changed


def _word_changes(changed: ChangedLines, rev: str, root: Path) -> None:
    """Word documents are binary to git: compare the lines of both versions (reportlint/word/diff.py)."""
    names = _git(["diff", "--name-only", "-z", "--no-renames", rev, "--"], root)
    if names.returncode != 0:
        return
    from reportlint.word import is_word_name

    for name in names.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not name or not is_word_name(name) or not (root / name).is_file():
            continue
        from reportlint.word.diff import changed_ranges

        old = _git(["show", f"{rev}:{name}"], root)
        ranges = changed_ranges(old.stdout if old.returncode == 0 else None, (root / name).read_bytes(), name)
        if ranges is None:
            changed.whole.add(name)
        else:
            changed.ranges[name] = _merge(ranges)


def parse_unified_diff(text: str) -> dict[str, list[tuple[int, int]]]:
    """New-side line ranges of each file in a `-U0` diff.

    A pure deletion has no new lines; the lines on either side of the cut count
    as changed, since removing 二、 is what makes 一、三、 skip.
    """
    out: dict[str, list[tuple[int, int]]] = {}
    current: list[tuple[int, int]] | None = None
    for line in text.split("\n"):
        if line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))
            current = None if name == "/dev/null" else out.setdefault(name[2:] if name.startswith("b/") else name, [])
        elif line.startswith("@@") and current is not None:
            m = _HUNK_RE.match(line)
            if not m:
                continue
            start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
            if count == 0:
                current.append((max(1, start), start + 1))
            else:
                current.append((start, start + count - 1))
    return {name: _merge(spans) for name, spans in out.items()}


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint spans (a deletion's neighbours may overlap the next hunk)."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _unquote(name: str) -> str:
    """Undo git's C-style quoting of unusual path names ("a\\tb", octal UTF-8 bytes)."""
    if not (len(name) >= 2 and name[0] == '"' and name[-1] == '"'):
        return name
    body, raw, i = name[1:-1], bytearray(), 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567" and i + 4 <= len(body):
                raw.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
            raw.append(_C_ESCAPES.get(nxt, ord(nxt)))
            i += 2
            continue
        raw.extend(ch.encode("utf-8"))
        i += 1
    return raw.decode("utf-8", "surrogateescape")
