"""A reviewed copy of a .docx: one Word comment per finding, anchored on the flagged characters.

The document is opened with python-docx and read again by reader.py over python-docx's own
element tree, keeping for every character of every line the run and the run child (`w:t`,
`w:tab`…) it came from. A finding's offsets (the same text `check` saw) select the pieces it
covers; the runs at its two ends are split so that the flagged characters are whole runs
(each new run carries a copy of the original's formatting, `w:rPr`), and
`Document.add_comment` anchors a comment from the first to the last. A finding that covers
no character of the paragraph's own runs (an automatic number, a table's separators) is
anchored on the paragraph's text. The original file is read only; the copy is written
atomically.
"""

from __future__ import annotations

import copy
import io
from bisect import bisect_right
from typing import Sequence

from reportlint.diagnostics import Diagnostic
from reportlint.word.numbering import W
from reportlint.word.reader import Piece, read_package

AUTHOR = "reportlint"
INITIALS = "RL"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class AnnotateError(Exception):
    """The reviewed copy cannot be made (the reading differs from the check's, a write failed)."""


def comment_text(d: Diagnostic, text: str, language: str = "en") -> str:
    """`CODE name (severity): message`; the paragraphs it refers to, quoted (Word shows no line numbers);
    then the fix on its own line when the finding has one."""
    zh = language == "zh"
    out = [f"{d.rule} {d.name} ({d.severity}): {d.message}"]
    lines = None
    for r in d.related[:3]:
        if r.path not in (None, d.path) or r.line < 1:
            continue
        if lines is None:
            lines = text.split("\n")
        if r.line <= len(lines):
            quoted = lines[r.line - 1].strip()
            quoted = quoted if len(quoted) <= 30 else quoted[:29] + "…"
            out.append(f"参见第 {r.line} 行：“{quoted}”" if zh else f"See line {r.line}: “{quoted}”")
    fix = d.fix
    if fix is not None and (fix.edits or fix.description):
        shown = [f"“{text[e.start:e.end]}” → “{e.text}”" for e in fix.edits[:3] if e.end - e.start <= 40 and len(e.text) <= 40]
        what = "; ".join(shown) or fix.description or "—"
        out.append(("建议修改：" if zh else "Fix: ") + what)
    return "\n".join(out)


def _run_of(child):
    return child.getparent()


def _new_run_like(run):
    """An empty run with a copy of `run`'s formatting (a python-docx CT_R, so comments can anchor on it)."""
    from docx.oxml import OxmlElement

    new = OxmlElement("w:r")
    rpr = run.find(W + "rPr")
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    return new


def _isolate(child):
    """Make `child` the only content of its run: what comes before and after it moves to runs of their own."""
    run = _run_of(child)
    content = [c for c in run if c.tag != W + "rPr"]
    i = content.index(child)
    before, after = content[:i], content[i + 1:]
    if before:
        rb = _new_run_like(run)
        for c in before:
            rb.append(c)
        run.addprevious(rb)
    if after:
        ra = _new_run_like(run)
        for c in after:
            ra.append(c)
        run.addnext(ra)
    return run


def _split_text(child, cuts: list[int]) -> list[tuple[int, int, object]]:
    """Split the run of text child `child` at `cuts` (offsets in its text): [(start, end, run)] in order."""
    from docx.oxml import OxmlElement

    run = _isolate(child)
    text = child.text or ""
    points = [0, *sorted(c for c in set(cuts) if 0 < c < len(text)), len(text)]
    segs = [(points[0], points[1], run)]
    if len(points) > 2:
        child.text = text[points[0]:points[1]]
        _preserve(child)
        prev = run
        for a, b in zip(points[1:-1], points[2:]):
            new = _new_run_like(run)
            t = OxmlElement("w:t")
            t.text = text[a:b]
            _preserve(t)
            new.append(t)
            prev.addnext(new)
            prev = new
            segs.append((a, b, new))
    return segs


def _preserve(t) -> None:
    if t.text and (t.text != t.text.strip() or "  " in t.text):
        t.set(XML_SPACE, "preserve")


class _Anchors:
    """Pieces of the whole text by offset, and the cuts findings need in each run child."""

    def __init__(self, lines: list[str], pieces: list[list[Piece]]) -> None:
        self.line_starts = []
        offset = 0
        self.flat: list[tuple[int, int, Piece]] = []
        for line, ps in zip(lines, pieces):
            self.line_starts.append(offset)
            for p in ps:
                self.flat.append((offset + p.col, offset + p.col + p.length, p))
            offset += len(line) + 1
        self.flat.sort(key=lambda x: x[0])
        self.starts = [f[0] for f in self.flat]
        self.cuts: dict[int, tuple[object, set[int]]] = {}

    def covering(self, start: int, end: int) -> list[tuple[int, int, Piece]]:
        i = max(0, bisect_right(self.starts, start) - 1)
        out = []
        while i < len(self.flat) and self.flat[i][0] < end:
            if self.flat[i][1] > start:
                out.append(self.flat[i])
            i += 1
        return out

    def line_pieces(self, offset: int) -> list[tuple[int, int, Piece]]:
        line = bisect_right(self.line_starts, offset) - 1
        a = self.line_starts[line]
        b = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else 1 << 62
        return self.covering(a, max(b, a + 1))

    def need(self, piece: Piece, offset: int) -> None:
        self.cuts.setdefault(id(piece.child), (piece.child, set()))[1].add(offset)


def write_reviewed(path: str, out_path: str, diagnostics: Sequence[Diagnostic], checked_text: str,
                   language: str = "en") -> int:
    """Write `out_path`: `path` with one comment per diagnostic. Returns the number of comments."""
    import docx
    from docx.text.run import Run

    from reportlint.atomic import write_atomic

    document = docx.Document(path)
    got = read_package(path, keep=True, document_root=document.element)
    if "\n".join(got.lines) != checked_text:
        raise AnnotateError("the document read for comments differs from the one checked; no copy written")
    anchors = _Anchors(got.lines, got.pieces)
    plans = []
    for d in diagnostics:
        start, end = d.start, max(d.end, d.start + 1)
        covered = anchors.covering(start, end)
        whole = not covered  # nothing of the runs flagged (a rendered number, a separator): the paragraph's text
        if whole:
            covered = anchors.line_pieces(start)
        if not covered:
            plans.append((d, None, None, start))
            continue
        (g1, _, p1), (gn, _, pn) = covered[0], covered[-1]
        a = 0 if whole else max(0, start - g1)
        b = pn.length if whole else min(pn.length, end - gn)
        anchors.need(p1, p1.offset + a)
        anchors.need(pn, pn.offset + b)
        plans.append((d, (p1, p1.offset + a), (pn, pn.offset + b), start))
    segments: dict[int, list[tuple[int, int, object]]] = {}
    for key, (child, cuts) in anchors.cuts.items():
        if child.tag == W + "t":
            segments[key] = _split_text(child, list(cuts))
        else:
            run = _isolate(child)
            segments[key] = [(0, 1, run)]
    count = 0
    for d, first, last, start in plans:
        if first is None:
            run = _empty_run_for(got, anchors, start)
            if run is None:
                continue
            r1 = rn = run
        else:
            r1 = _segment_run(segments[id(first[0].child)], first[1], at_start=True)
            rn = _segment_run(segments[id(last[0].child)], last[1], at_start=False)
        document.add_comment([Run(r1, None), Run(rn, None)], text=comment_text(d, checked_text, language), author=AUTHOR,
                             initials=INITIALS)
        count += 1
    buf = io.BytesIO()
    document.save(buf)
    write_atomic(out_path, buf.getvalue())
    return count


def _segment_run(segs: list[tuple[int, int, object]], offset: int, at_start: bool):
    for a, b, run in segs:
        if (a <= offset < b) if at_start else (a < offset <= b):
            return run
    return segs[0][2] if at_start else segs[-1][2]


def _empty_run_for(got, anchors: _Anchors, offset: int):
    """A line with no text of its own runs (only a rendered number): an empty run at its paragraph's end."""
    from docx.oxml import OxmlElement

    line = bisect_right(anchors.line_starts, offset) - 1
    owner = got.owners[line] if got.owners and 0 <= line < len(got.owners) else None
    if owner is None:
        return None
    run = OxmlElement("w:r")
    owner.append(run)
    return run
