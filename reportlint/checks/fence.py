"""Code blocks that swallow text (param `check`).

- ``unclosed``: an unclosed ``` swallows the rest of the document into one code
  block: every later heading, list and paragraph disappears from the rendered
  output, and from every other check. Reported at the opening line.
- ``indented-list``: a Markdown list typed four spaces in after a paragraph is an
  indented code block to CommonMark: its items show as raw `- [text](url)` lines
  and their links are dead. Reported when the block's lines are mostly list
  items and carry Markdown markup (a link, bold) that code would not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from reportlint.diagnostics import Finding
from reportlint.document import Document
from reportlint.text import rx

FIELDS = frozenset({"fence", "item"})
CHECKS = ("unclosed", "indented-list")
MESSAGE = "Code fence '{fence}' is never closed: the rest of the document is code"

_FENCE_RE = rx.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")


@dataclass(frozen=True)
class Params:
    """Params of the `fence` kind: what a rule's YAML `params` may set (validated by the loader)."""
    check: str = "unclosed"


def validate(params: Params) -> list[tuple[str, str]]:
    if params.check not in CHECKS:
        return [("check", f"unknown check '{params.check}'; allowed: {', '.join(CHECKS)}")]
    return []


_LIST_ITEM_RE = rx.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S")
_MARKUP_RE = rx.compile(r"\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*")


def _indented_lists(doc: Document) -> Iterator[Finding]:
    for b in doc.blocks:
        if b.kind != "code" or _FENCE_RE.match(b.text.split("\n", 1)[0]):
            continue  # fenced code is meant as code
        lines = [line for line in b.text.split("\n") if line.strip()]
        items = [line for line in lines if _LIST_ITEM_RE.match(line)]
        if lines and _LIST_ITEM_RE.match(lines[0]) and 2 * len(items) >= len(lines) and any(
                _MARKUP_RE.search(line) for line in items):
            first = lines[0].strip()
            yield Finding(b.start, b.start + len(b.text.split("\n", 1)[0]), {"fence": "", "item": first[:40]})


def _closes(line: str, fence: str) -> bool:
    m = _FENCE_RE.match(line)
    return bool(m) and m.group("fence")[0] == fence[0] and len(m.group("fence")) >= len(fence) and not m.group("info").strip()


def _underline(line: str, prev: str) -> bool:
    """A bare run of ~ or ` as long as the text line right above it: that line's underline."""
    mark = line.strip()
    title = prev.strip()
    return bool(title) and not _FENCE_RE.match(prev) and len(set(mark)) == 1 and len(mark) >= len(title)


def run(doc: Document, params: Params) -> Iterator[Finding]:
    if params.check == "indented-list":
        if doc.format == "md":
            yield from _indented_lists(doc)
        return
    if doc.format == "md":
        for b in doc.blocks:
            if b.kind != "code":
                continue
            lines = b.text.split("\n")
            m = _FENCE_RE.match(lines[0])
            if not m or m.group("fence")[0] == "`" and "`" in m.group("info"):
                continue  # an indented code block, or ``` with a backtick in its info string (not a fence)
            fence = m.group("fence")
            if len(lines) > 1 and _closes(lines[-1], fence):
                continue
            if b.end_line < doc.index.line_count and doc.text[b.end:].strip():
                continue  # closed by the end of its container (a list item or quote), not by the file
            yield Finding(b.start, b.start + len(lines[0]), {"fence": fence})
        return
    # Plain text: fences pair up line by line.
    open_at: tuple[int, str, int] | None = None
    pos = 0
    prev = ""
    for line in doc.text.split("\n"):
        m = _FENCE_RE.match(line)
        if m and open_at is None and _underline(line, prev):
            m = None  # `Title` over `~~~~~`: a reStructuredText (or setext) section underline, not a fence
        prev = line
        if m:
            if open_at is None:
                open_at = (pos, m.group("fence"), len(line))
            elif _closes(line, open_at[1]):
                open_at = None
        pos += len(line) + 1
    if open_at is not None:
        yield Finding(open_at[0], open_at[0] + open_at[2], {"fence": open_at[1]})
