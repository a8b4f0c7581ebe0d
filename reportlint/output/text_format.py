"""`--format text`: `path:line:col: severity CODE message`, an excerpt with a caret, a summary."""

from __future__ import annotations

from collections import Counter

from reportlint.copies import Copy, fixable_outside_copies, fold
from reportlint.diagnostics import SEVERITIES, Diagnostic, line_range
from reportlint.output import Report
from reportlint.text.cjk import display_width

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
MAX_EXCERPT_CELLS = 120
MIN_EXCERPT_CELLS = 20  # a very narrow terminal still shows some text around the caret


def render(report: Report) -> str:
    """Findings (folded under reported copies), then the summary; `quiet`: findings only; `statistics`: the table only."""
    c = _Painter(report.color)
    if report.statistics:
        return "".join(line + "\n" for line in _statistics(report.diagnostics))
    out: list[str] = []
    shown, found = (fold(report.diagnostics, _defers(report.rules)) if report.fold
                    else (report.diagnostics, []))
    under = {id(cp.diagnostic): cp for cp in found if cp.folded}
    fixable = fixable_outside_copies([d for d in report.diagnostics if not _word(report, d)])  # --fix skips Word
    lines_of: dict[str, list[str]] = {}  # split each source once, not once per diagnostic
    headings: dict[str, list[int]] = {}
    for d in shown:
        out.append(_header(d, c, id(d) in fixable))
        out.extend(_excerpt(d, report, c, lines_of))
        if _word(report, d):
            out.extend(_under_heading(d, report, c, lines_of, headings))
        if id(d) in under:
            out.append(c(_DIM, _folded_line(under[id(d)], report.language)))
    if not report.quiet:
        out.append(_summary(report, c, sum(len(cp.folded) for cp in found)))
        line = _fixable_line([d for d in report.diagnostics if id(d) in fixable], report.language)
        if line:
            out.append(line)
    return "".join(line + "\n" for line in out)


def _defers(rules: list) -> dict[str, tuple[str, ...]]:
    """Rule code → the codes it defers to (rule YAML `defers_to`, where the loader provides it)."""
    out = {}
    for r in rules:
        to = getattr(r, "defers_to", None)
        if to:
            out[r.code] = (to,) if isinstance(to, str) else tuple(to)
    return out


def _folded_line(cp: Copy, language: str = "en") -> str:
    n = len(cp.folded)
    if language == "zh":
        where = f"第 {line_range(*cp.original)} 行的副本内" if cp.original else "此副本内"
        return f"      = {where}另有 {n} 个问题，折叠于此（--no-fold 逐一列出）"
    where = f" inside the copy of lines {line_range(*cp.original)}" if cp.original else " inside this copy"
    return f"      = {n} more finding{'s' if n != 1 else ''}{where}, folded here (--no-fold lists them)"


def _safe_fix(d: Diagnostic) -> bool:
    return d.fix is not None and bool(d.fix.edits) and d.fix.safe


def _unsafe_fix(d: Diagnostic) -> bool:
    return d.fix is not None and bool(d.fix.edits) and not d.fix.safe


def _fixable_line(diags: list[Diagnostic], language: str = "en") -> str:
    safe = sum(1 for d in diags if _safe_fix(d))
    unsafe = sum(1 for d in diags if _unsafe_fix(d))
    if not safe and not unsafe:
        return ""
    if language == "zh":
        more = f"（另有 {unsafe} 个可用 --unsafe-fixes 修复）" if unsafe else ""
        return f"[*] {safe} 个可用 --fix 修复{more}"
    more = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
    return f"[*] {safe} fixable with --fix{more}"


class _Painter:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, code: str, s: str) -> str:
        return f"{code}{s}{_RESET}" if self.on else s


def _header(d: Diagnostic, c: _Painter, fixable: bool = True) -> str:
    sev = str(d.severity)
    mark = " [*]" if fixable and _safe_fix(d) else ""
    return f"{c(_BOLD, f'{d.path}:{d.line}:{d.column}:')} {c(_COLORS[sev], sev)} {c(_BOLD, d.rule)}{mark} {d.message}"


def _excerpt(d: Diagnostic, report: Report, c: _Painter, lines_of: dict[str, list[str]]) -> list[str]:
    src = report.sources.get(d.path)
    if src is None or d.line < 1:
        return []
    if d.path not in lines_of:
        lines_of[d.path] = src.text.split("\n")
    lines = lines_of[d.path]
    if d.line > len(lines):
        return []
    col = max(1, d.column) - 1
    line, end_col = lines[d.line - 1], (d.end_column - 1 if d.end_line == d.line else None)
    first = _first_mark(d)
    if first is not None:  # a grouped finding (one fix for many marks): underline the first; the message counts the rest
        end_col = col + first
    gutter = f"{d.line:>5} | "
    budget = max(MIN_EXCERPT_CELLS, min(MAX_EXCERPT_CELLS, report.width - len(gutter)) - 2)  # 2: the … marks
    clipped = 0  # a 20 MB line: cut a window around the column first, never copy or measure it all per diagnostic
    if len(line) > 4 * MAX_EXCERPT_CELLS:
        clipped = max(0, col - MAX_EXCERPT_CELLS)
        line = line[clipped : col + 2 * MAX_EXCERPT_CELLS]
        col -= clipped
        end_col = None if end_col is None else end_col - clipped
    line = line.replace("\t", " ")
    # Keep long lines readable: show a window around the column.
    lead = display_width(line[:col])
    start = 0
    if lead > budget * 2 // 3:  # the column is far right: start the window a quarter of it before
        cells = 0
        start = col
        while start > 0 and cells < budget // 4:
            start -= 1
            cells += display_width(line[start])
    shown = line[start:]
    prefix = "…" if start or clipped else ""
    if shown.isascii():  # one cell a character: the loop below would stop at `budget`
        cut = min(len(shown), budget)
    else:
        cut, cells = len(shown), 0
        for i, ch in enumerate(shown):
            cells += display_width(ch)
            if cells > budget:
                cut = i
                break
    suffix = "…" if cut < len(shown) else ""
    shown = shown[:cut]
    end_col = len(line) if end_col is None else min(end_col, len(line))
    span = max(1, display_width(line[col:end_col])) if end_col > col else 1
    span = min(span, max(1, budget - display_width(line[start:col])))
    pad = " " * (display_width(prefix) + display_width(line[start:col]))
    return [c(_DIM, gutter) + prefix + shown + suffix,
            c(_DIM, " " * (len(gutter) - 2) + "| ") + pad + c(_COLORS[str(d.severity)], "^" * span)]


def _word(report: Report, d: Diagnostic) -> bool:
    src = report.sources.get(d.path)
    return src is not None and getattr(src, "structure", None) is not None


def _under_heading(d: Diagnostic, report: Report, c: _Painter, lines_of: dict[str, list[str]],
                   headings: dict[str, list[int]]) -> list[str]:
    """A Word document has no line numbers a reader sees: name the heading the paragraph is under."""
    import bisect

    from reportlint.word.model import heading_lines

    src = report.sources[d.path]
    if d.path not in headings:
        headings[d.path] = heading_lines(src.text, src.structure)
    marks = headings[d.path]
    i = bisect.bisect_right(marks, d.line) - 1
    lines = lines_of.get(d.path) or src.text.split("\n")
    if i < 0 or marks[i] > len(lines):
        return []
    title = lines[marks[i] - 1].strip()
    if len(title) > 40:
        title = title[:39] + "…"
    if marks[i] == d.line:
        return []
    if report.language == "zh":
        return [c(_DIM, f"      = 位于“{title}”（第 {marks[i]} 行）之下")]
    return [c(_DIM, f"      = under “{title}” (line {marks[i]})")]


def _first_mark(d: Diagnostic) -> int | None:
    """Characters of the first mark of a finding whose one fix edits several marks inside its span, else None."""
    if d.fix is None or len(d.fix.edits) < 2 or d.end_line != d.line or d.end <= d.start:
        return None
    edits = sorted(d.fix.edits, key=lambda e: e.start)
    if edits[0].start != d.start or edits[-1].end > d.end:
        return None
    return max(1, edits[0].end - edits[0].start)


def _statistics(diags: list[Diagnostic]) -> list[str]:
    """One row per rule, as Ruff's --statistics: count, code, [*] when every one is fixable with --fix, name."""
    counts = Counter((d.rule, d.name, str(d.severity)) for d in diags)
    fixable = fixable_outside_copies(diags)
    safe = Counter(d.rule for d in diags if _safe_fix(d) and id(d) in fixable)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    return [f"{n:>6}  {code:<6} {'[*]' if safe[code] == n else ('[-]' if safe[code] else '[ ]')} {name} ({sev})"
            for (code, name, sev), n in rows]


def _summary(report: Report, c: _Painter, folded: int = 0) -> str:
    counts = Counter(str(d.severity) for d in report.diagnostics)
    n = len(report.diagnostics)
    zh = report.language == "zh"
    extra = []
    if report.hidden:
        extra.append(f"基线隐藏 {report.hidden} 个" if zh else f"{report.hidden} hidden by the baseline")
    if report.fixed:
        extra.append(f"已修复 {report.fixed} 个" if zh else f"{report.fixed} fixed")
    if folded:
        extra.append(f"{folded} 个折叠在副本下" if zh else f"{folded} folded under copies")
    if zh:
        if n == 0:
            return c(_BOLD, f"{report.files} 个文件中未发现问题" + (f"（{'；'.join(extra)}）" if extra else "") + "。")
        parts = "、".join(f"{counts[s]} 个{_ZH_SEVERITY[s]}" for s in SEVERITIES if counts[s])
        return c(_BOLD, f"{report.files} 个文件中发现 {n} 个问题（{'；'.join([parts, *extra])}）。")
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    tail = f" ({'; '.join(extra)})" if extra else ""
    if n == 0:
        return c(_BOLD, f"No problems found in {files}.{tail}")
    parts = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}"
                      for s in SEVERITIES if counts[s])
    return c(_BOLD, f"Found {n} problem{'s' if n != 1 else ''} ({parts}) in {files}.{tail}")


_ZH_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
