"""Baseline fingerprints: hide the findings a legacy draft already had, gate only new ones.

A fingerprint is built from what a finding *is*, not where it sits: the rule, the
path, and the normalised flagged text — never the line number — so inserting or
deleting paragraphs above a finding does not change it. Two findings of one rule
with the same text in one file are told apart by an occurrence index (their
order in the file). Each entry also records a hash of the flagged line(s), the
*context*: when a draft gains one more copy of an already-baselined defect, the
copy whose surrounding line is new is the one reported, not whichever happens to
come first.

The file is JSON, sorted, with no line numbers, so it diffs quietly in review.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from reportlint import __version__
from reportlint.diagnostics import Diagnostic
from reportlint.atomic import write_atomic
from reportlint.errors import ConfigError

BASELINE_VERSION = 1
DEFAULT_BASELINE = ".reportlint-baseline.json"
SNIPPET_CHARS = 60
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    """One recorded finding: `key` identifies it without position; `occurrence` orders equal keys."""

    rule: str
    path: str
    key: str  # hash of rule, path and normalised flagged text
    occurrence: int
    context: str  # hash of the normalised flagged line(s)
    snippet: str = ""  # for people reviewing the baseline file; not matched

    @property
    def fingerprint(self) -> str:
        return f"{self.key}:{self.occurrence}"


def normalise(text: str) -> str:
    """Text as a fingerprint sees it: whitespace runs collapsed, so re-wrapping a paragraph is not a change.

    No Unicode folding (NFKC would make ， and , or （ and ( one character, and
    half-width against full-width is exactly what some rules report).
    """
    return _SPACE_RE.sub(" ", text).strip()


def normalise_path(path: str, root: str | Path | None = None) -> str:
    """A path relative to `root` (default: the current folder), POSIX style, so runs from one place agree."""
    if path.startswith("<") or path == "-":
        return path
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root) if root else os.getcwd())
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    return Path(rel).as_posix()


def _hash(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


def _flagged(d: Diagnostic) -> str:
    # A zero-width finding (an unreadable file, a missing closing fence) has no text of
    # its own; its message names what is wrong and has no line numbers for such rules.
    return d.flagged_text if d.flagged_text.strip() else d.message


def _context(d: Diagnostic, lines: list[str] | None) -> str:
    if lines is None or d.line < 1:
        return ""
    return normalise("\n".join(lines[d.line - 1:max(d.line, d.end_line)]))


def entries(diags: Iterable[Diagnostic], sources: Mapping[str, Any], root: str | Path | None = None) -> list[Entry]:
    """One Entry per diagnostic, in the order given (occurrence indices count in that order)."""
    seen: dict[str, int] = defaultdict(int)
    out: list[Entry] = []
    paths: dict[str, str] = {}
    lines: dict[str, list[str] | None] = {}  # split once per file: a big draft may have thousands of findings
    for d in diags:
        path = paths.get(d.path)
        if path is None:
            path = paths[d.path] = normalise_path(d.path, root)
            src = sources.get(d.path)
            lines[d.path] = src.text.split("\n") if src is not None else None
        text = normalise(_flagged(d))
        key = _hash(d.rule, path, text)
        occ = seen[key]
        seen[key] += 1
        snippet = text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"
        out.append(Entry(d.rule, path, key, occ, _hash(_context(d, lines[d.path])), snippet))
    return out


def fingerprints(diags: list[Diagnostic], sources: Mapping[str, Any], root: str | Path | None = None) -> list[str]:
    """The baseline fingerprint of each diagnostic (SARIF `partialFingerprints` uses these)."""
    return [e.fingerprint for e in entries(diags, sources, root)]


def dumps(recorded: list[Entry]) -> str:
    items = sorted(recorded, key=lambda e: (e.path, e.rule, e.key, e.occurrence))
    data = {
        "version": BASELINE_VERSION,
        "tool": {"name": "reportlint", "version": __version__},
        "fingerprints": [
            {"rule": e.rule, "path": e.path, "fingerprint": e.fingerprint, "context": e.context, "text": e.snippet}
            for e in items
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write(path: str | Path, recorded: list[Entry]) -> None:
    """Write atomically: a CI job killed mid-write must not leave half a baseline."""
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(p, dumps(recorded).encode("utf-8"))
    except OSError as e:
        raise ConfigError(str(path), 1, 1, f"cannot write baseline: {e.strerror or e}") from None


def read(path: str | Path) -> list[Entry]:
    """Entries of a baseline file; a malformed file is a config error (exit 2), not silence."""
    spath = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise ConfigError(spath, 1, 1, f"cannot read baseline: {e.strerror or e}") from None
    except json.JSONDecodeError as e:
        raise ConfigError(spath, e.lineno, e.colno, f"baseline is not valid JSON: {e.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("fingerprints"), list):
        raise ConfigError(spath, 1, 1, "baseline must be a JSON object with a 'fingerprints' list "
                                       "(write one with --update-baseline)")
    if data.get("version") != BASELINE_VERSION:
        raise ConfigError(spath, 1, 1, f"baseline version {data.get('version')!r} is not supported "
                                       f"(expected {BASELINE_VERSION}); regenerate it with --update-baseline")
    out = []
    for i, item in enumerate(data["fingerprints"]):
        try:
            key, _, occ = str(item["fingerprint"]).rpartition(":")
            out.append(Entry(str(item["rule"]), str(item["path"]), key, int(occ), str(item.get("context", "")),
                             str(item.get("text", ""))))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ConfigError(spath, 1, 1, f"baseline entry {i + 1} needs 'rule', 'path' and 'fingerprint' "
                                           "('<hash>:<occurrence>')") from None
    return out


def match(current: list[Entry], recorded: list[Entry]) -> list[bool]:
    """For each current entry, whether the baseline covers it.

    Equal keys are matched as multisets: first the entries whose context (the
    flagged line) is unchanged, then the rest in file order, so N recorded
    copies hide exactly N current ones and every extra copy is reported.
    """
    pool: dict[str, Counter[str]] = defaultdict(Counter)
    for e in recorded:
        pool[e.key][e.context] += 1
    hidden = [False] * len(current)
    for i, e in enumerate(current):  # pass 1: same text, same line context
        contexts = pool.get(e.key)
        if contexts and contexts[e.context] > 0:
            contexts[e.context] -= 1
            hidden[i] = True
    left = {k: sum(c.values()) for k, c in pool.items()}
    for i, e in enumerate(current):  # pass 2: same text, the line around it was edited
        if not hidden[i] and left.get(e.key, 0) > 0:
            left[e.key] -= 1
            hidden[i] = True
    return hidden
