"""One glob matcher for every config key (include, exclude, per-file-ignores): gitignore semantics.

- a pattern without a slash (other than a trailing one) matches a name at any depth:
  `seed.txt`, `*.txt`, `archive` (a bare folder name: the folder and all under it);
- a pattern with a slash is anchored at the config's folder: `docs/*.md`, `/notes.md`;
- `**/` matches zero or more folders (`**/seed.txt` matches a root `seed.txt`),
  `/**` everything inside, `*` and `?` never cross a `/`, `[...]` is a class;
- a trailing `/` matches folders only.

A path matches when it, or one of the folders it is in, matches (as in .gitignore,
where an ignored folder hides everything below it).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Glob:
    """One compiled pattern."""
    pattern: str
    regex: re.Pattern[str]
    dir_only: bool

    def match_one(self, rel: str, is_dir: bool) -> bool:
        return (is_dir or not self.dir_only) and self.regex.fullmatch(rel) is not None


def _translate(body: str) -> str:
    out, i, n = [], 0, len(body)
    while i < n:
        ch = body[i]
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("/**", i) and i + 3 == n:
            out.append("/.*")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            j = body.find("]", i + 2 if body[i + 1:i + 2] in ("!", "^") else i + 1)
            if j < 0:
                out.append(re.escape(ch))
                i += 1
                continue
            inner = body[i + 1:j]
            if inner[:1] in ("!", "^"):
                inner = "^" + inner[1:]
            out.append("[" + inner.replace("\\", "\\\\") + "]")
            i = j + 1
        elif ch == "\\" and i + 1 < n:
            out.append(re.escape(body[i + 1]))
            i += 2
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out)


@functools.lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> Glob:
    p = pattern.strip()
    dir_only = p.endswith("/") and len(p) > 1
    p = p.rstrip("/") if dir_only else p
    if p.startswith("./"):
        p = p[2:]
    anchored = "/" in p
    p = p.lstrip("/")
    body = _translate(p)
    if not anchored:
        body = "(?:.*/)?" + body
    return Glob(pattern, re.compile(body, re.DOTALL), dir_only)


def matches(rel: str, patterns, is_dir: bool = False, below: int = 0) -> bool:
    """Does POSIX path `rel` (relative to the patterns' folder), or a folder it is in, match any pattern?

    `below`: the first that many parts are not tested on their own (a folder named on
    the command line), only as the start of longer paths.
    """
    if not patterns:
        return False
    rel = rel.strip("/")
    if rel.startswith("./"):
        rel = rel[2:]
    parts = rel.split("/")
    globs = [compile_glob(p) for p in patterns]
    for k in range(max(1, below + 1), len(parts) + 1):
        sub, sub_is_dir = "/".join(parts[:k]), (k < len(parts) or is_dir)
        if any(g.match_one(sub, sub_is_dir) for g in globs):
            return True
    return False


def problem(pattern: str) -> str | None:
    """Why a pattern can never match (for config validation), or None."""
    if not isinstance(pattern, str) or not pattern.strip():
        return "an empty pattern matches nothing"
    if pattern.startswith("!"):
        return "negated patterns ('!…') are not supported; list what to match instead"
    try:
        compile_glob(pattern)
    except re.error as e:
        return f"not a valid glob ({e})"
    return None
