"""reportlint's Diagnostics as LSP diagnostics, code actions and hovers (lsprotocol types).

Positions go through `Positions` (the document's one line index, then code units of the
negotiated encoding). Fix edits are the findings' own (`Diagnostic.fix`, offsets into the
text); "fix all" is `runner.fix_source`, the loop `reportlint check --fix` runs; the
suppression comment is DESIGN §5.4's `<!-- reportlint-disable-line CODE -->`, the form
that names the line it is on, so inserting it never moves or splits a block.
"""

from __future__ import annotations

from typing import Callable

from lsprotocol import types as lsp

from reportlint.diagnostics import Diagnostic, Severity
from reportlint.document import Document
from reportlint.lsp.positions import Positions
from reportlint.lsp.uris import path_to_uri
from reportlint.ruleset.loader import Rule
from reportlint.suppression import parse_directives

SOURCE = "reportlint"
SEVERITY = {Severity.ERROR: lsp.DiagnosticSeverity.Error, Severity.WARNING: lsp.DiagnosticSeverity.Warning,
            Severity.INFO: lsp.DiagnosticSeverity.Information}
FIX_ALL_TITLE = "Fix all safe reportlint findings"
SUPPRESS = "reportlint-disable-line"


def rule_anchor(code: str, name: str) -> str:
    """The heading anchor of a rule in docs/rules.md (`### DU001 duplicate-block` → `du001-duplicate-block`)."""
    return f"{code.lower()}-{name}"


def lsp_range(pos: Positions, start: int, end: int) -> lsp.Range:
    (sl, sc), (el, ec) = pos.position(start), pos.position(max(start, end))
    return lsp.Range(lsp.Position(sl, sc), lsp.Position(el, ec))


def to_lsp(d: Diagnostic, pos: Positions, docs_url: str | None,
           positions_of: Callable[[str], Positions | None]) -> lsp.Diagnostic:
    """One diagnostic: code, link to the rule's docs, severity, exact range, related places."""
    related = []
    for r in d.related:
        other = pos if r.path == d.path else positions_of(r.path)
        if other is not None:
            start = other.from_line_column(r.line, r.column)
            end = other.line_end(r.end_line or r.line)
        else:  # a file the session does not hold: the best the line and column say
            start = end = (max(0, r.line - 1), max(0, r.column - 1))
        rng = lsp.Range(lsp.Position(*start), lsp.Position(*end))
        related.append(lsp.DiagnosticRelatedInformation(lsp.Location(path_to_uri(r.path), rng),
                                                        r.message or "related place"))
    return lsp.Diagnostic(
        range=lsp_range(pos, d.start, d.end),
        message=d.message,
        severity=SEVERITY.get(d.severity, lsp.DiagnosticSeverity.Warning),
        code=d.rule,
        code_description=lsp.CodeDescription(f"{docs_url}#{rule_anchor(d.rule, d.name)}") if docs_url else None,
        source=SOURCE,
        related_information=related or None,
        data={"rule": d.rule, "fixable": d.fix is not None and bool(d.fix.edits)},
    )


class Converted:
    """The LSP form of the diagnostics last published for one document, by what decides it, for the
    next publication: after an edit most diagnostics are the same finding on the same, unchanged lines,
    and their conversion (ranges in code units, related places, the link) is taken again.

    A plain class (nothing compares or prints it); the server keeps one per URI, the last one only."""

    __slots__ = ("index", "encoding", "docs_url", "by_key")

    def __init__(self, pos: Positions, docs_url: str | None) -> None:
        self.index = pos.index
        self.encoding = pos.encoding
        self.docs_url = docs_url
        self.by_key: dict[tuple, lsp.Diagnostic] = {}


def to_lsp_all(diags: list[Diagnostic], pos: Positions, docs_url: str | None,
               positions_of: Callable[[str], Positions | None], last: Converted | None) -> tuple[list[lsp.Diagnostic], Converted]:
    """`to_lsp` of each diagnostic, and what the next publication may take again (`Converted`).

    A diagnostic's LSP form depends on its rule, name, message, severity, whether it is fixable, the
    lines and code-point columns of its range and related places (in its own file) and those lines'
    text (the code units before a column); `docs_url` and the encoding. One whose key and lines are
    those of a diagnostic last published is that diagnostic's form."""
    now = Converted(pos, docs_url)
    index = pos.index
    old = last.index if last is not None and last.encoding == pos.encoding and last.docs_url == docs_url \
        and last.index.line_count == index.line_count else None
    out = []
    for d in diags:
        key = _key(d, index)
        got = None
        if key is not None:
            got = now.by_key.get(key)
            if got is None and old is not None:
                got = last.by_key.get(key)
                if got is not None and not all(old.line_text(n) == index.line_text(n) for n in _lines(key, index.line_count)):
                    got = None
        if got is None:
            got = to_lsp(d, pos, docs_url, positions_of)
        if key is not None:
            now.by_key[key] = got
        out.append(got)
    return out, now


def _key(d: Diagnostic, index) -> tuple | None:
    """What decides `to_lsp(d)` but the lines' text (None: a related place in another file)."""
    if any(r.path != d.path for r in d.related):
        return None
    line, col = index.position(d.start)
    end_line, end_col = index.position(max(d.start, d.end))
    related = tuple((r.line, r.column, r.end_line or r.line, r.message) for r in d.related)
    return (line, col, end_line, end_col, related, d.path, d.rule, d.name, d.message, d.severity,
            d.fix is not None and bool(d.fix.edits))


def _lines(key: tuple, count: int) -> list[int]:
    """The lines whose text a key's conversion read (its range's, its related places', clamped to the
    text's `count` lines as `Positions` clamps them)."""
    return [key[0], key[2], *(max(1, min(n, count)) for r in key[4] for n in r[:3:2])]


def text_edits(pos: Positions, edits) -> list[lsp.TextEdit]:
    return [lsp.TextEdit(lsp_range(pos, e.start, e.end), e.text) for e in sorted(edits, key=lambda e: e.start)]


def quick_fix(uri: str, d: Diagnostic, shown: lsp.Diagnostic, pos: Positions) -> lsp.CodeAction | None:
    """The finding's own fix as a quick fix (an unsafe one says so and is not preferred)."""
    if d.fix is None or not d.fix.edits:
        return None
    what = d.fix.description or "apply the suggested fix"
    title = f"{d.rule}: {what}" + ("" if d.fix.safe else " (unsafe: check the result)")
    return lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[shown],
                          is_preferred=d.fix.safe,
                          edit=lsp.WorkspaceEdit(changes={uri: text_edits(pos, d.fix.edits)}))


def suppress_edit(doc: Document, d: Diagnostic) -> tuple[int, str] | None:
    """Where and what to insert so that `d` is silenced on its line: a new comment at the line's end,
    or the code added to the line's existing disable-line comment. None inside a code block
    (a directive there is a sample, not a directive)."""
    # A diagnostic's offsets and the edit's are the file's (`doc.source`); blocks and directives are read
    # in the document's view (a hard-wrapped text's joined lines), mapped back with `source_offset`.
    index, text = doc.source_index, doc.source
    line = index.line_of(max(0, min(d.start, len(text))))
    end = index.line_end(line)
    block = doc.block_at(doc.index.line_start(line))
    if block is not None and block.kind == "code":
        return None
    for dv in parse_directives(doc):
        if dv.kind == "disable-line" and dv.line == line and dv.tokens:
            start = doc.source_offset(dv.start)
            comment = text[start:doc.source_offset(dv.end)]
            cut = comment.find(" -- ")
            if cut < 0:
                cut = len(comment) - 3
                while cut > 0 and comment[cut - 1] in " \t":
                    cut -= 1
            return start + cut, f" {d.rule}"
    gap = "" if end == index.line_start(line) or text[end - 1] in " \t" else " "
    return end, f"{gap}<!-- {SUPPRESS} {d.rule} -->"


def suppress_action(uri: str, doc: Document, d: Diagnostic, shown: lsp.Diagnostic,
                    pos: Positions) -> lsp.CodeAction | None:
    where = suppress_edit(doc, d)
    if where is None:
        return None
    at, text = where
    rng = lsp_range(pos, at, at)
    return lsp.CodeAction(title=f"Disable {d.rule} for this line", kind=lsp.CodeActionKind.QuickFix,
                          diagnostics=[shown], edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(rng, text)]}))


def whole_text_edit(pos: Positions, old: str, new: str) -> lsp.TextEdit:
    """One edit turning `old` into `new`: the changed middle only (prefix and suffix kept)."""
    n = min(len(old), len(new))
    a = 0
    while a < n and old[a] == new[a]:
        a += 1
    b = 0
    while b < n - a and old[len(old) - 1 - b] == new[len(new) - 1 - b]:
        b += 1
    return lsp.TextEdit(lsp_range(pos, a, len(old) - b), new[a:len(new) - b])


def fix_all_action(uri: str, pos: Positions, old: str, new: str) -> lsp.CodeAction:
    return lsp.CodeAction(title=FIX_ALL_TITLE, kind=lsp.CodeActionKind.SourceFixAll,
                          edit=lsp.WorkspaceEdit(changes={uri: [whole_text_edit(pos, old, new)]}))


def hover_markdown(rule: Rule, d: Diagnostic, docs_url: str | None) -> str:
    """A rule's explanation from its YAML docs, as `reportlint explain` gives it, in Markdown."""
    docs = rule.docs
    head = f"**{rule.code} {rule.name}** ({rule.category}, {d.severity})"
    out = [head, "", d.message, "", docs.summary.strip(), "", f"**Why.** {' '.join(docs.why.split())}"]
    for label, body in (("Bad", docs.bad), ("Good", docs.good)):
        if body.strip():
            out += ["", f"**{label}:**", "", "```text", body.strip("\n"), "```"]
    if docs.fix.strip():
        out += ["", f"**Fix.** {' '.join(docs.fix.split())}"]
    if docs_url:
        out += ["", f"[{rule.code} in the rules reference]({docs_url}#{rule_anchor(rule.code, rule.name)})"]
    return "\n".join(out)


def config_diagnostic(line: int, column: int, message: str, pos: Positions | None) -> lsp.Diagnostic:
    """A config or rule file that cannot be used, from the place its error names to its line's end."""
    if pos is not None:
        start, end = pos.from_line_column(line, column), pos.line_end(line)
    else:
        start = end = (max(0, line - 1), max(0, column - 1))
    return lsp.Diagnostic(range=lsp.Range(lsp.Position(*start), lsp.Position(*end)), message=message,
                          severity=lsp.DiagnosticSeverity.Error, source=SOURCE, code="config")
