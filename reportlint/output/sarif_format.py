"""`--format sarif`: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers).

Rules carry their YAML docs as descriptions and help; regions count Unicode code
points (`columnKind`), matching the JSON output's columns; `partialFingerprints`
are the baseline fingerprints, so a scanner tracks a finding across edits above it.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from reportlint import __version__
from reportlint.baseline import fingerprints
from reportlint.diagnostics import Diagnostic, Related
from reportlint.document import LineIndex
from reportlint.output import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "reportlint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# A viewer shows a fix as a suggested change beside the result. A fix with more edits
# than this (renumbering a whole outline) is left to `--fix`: carried into SARIF it
# multiplies the file's size past code-scanning upload limits on a long draft.
MAX_FIX_EDITS = 20


def render(report: Report) -> str:
    diags = report.diagnostics
    descriptors, index = _rules(report)
    prints = fingerprints(diags, report.sources)
    results = [_result(d, index[d.rule], fp) for d, fp in zip(diags, prints)]
    line_indexes: dict[str, LineIndex] = {}
    for d, result in zip(diags, results):
        src = report.sources.get(d.path)
        if d.fix is not None and 0 < len(d.fix.edits) <= MAX_FIX_EDITS and src is not None:
            if d.path not in line_indexes:
                line_indexes[d.path] = LineIndex(src.text)
            result["fixes"] = [_fix(d, line_indexes[d.path])]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "reportlint", "version": __version__, "semanticVersion": __version__,
                            "rules": descriptors}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{"executionSuccessful": True}],
    }
    if report.hidden:
        run["properties"] = {"hiddenByBaseline": report.hidden}
    data = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _rules(report: Report) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Descriptors for the run's rules plus any rule a diagnostic names that the run did not list (E001)."""
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule in report.rules:
        if rule.code not in index:
            index[rule.code] = len(descriptors)
            descriptors.append(_descriptor(rule))
    for d in report.diagnostics:
        if d.rule not in index:
            index[d.rule] = len(descriptors)
            descriptors.append({"id": d.rule, "name": d.name, "shortDescription": {"text": d.name},
                                "defaultConfiguration": {"level": LEVELS[str(d.severity)]},
                                "properties": {"category": d.category, "tags": [d.category]}})
    return descriptors, index


def _descriptor(rule: Any) -> dict[str, Any]:
    docs = rule.docs
    summary = docs.summary.strip()
    why = " ".join(docs.why.split())
    text = [summary, "", why]
    md = [f"**{rule.code} {rule.name}** ({rule.category}): {summary}", "", why]
    for label, body in (("Bad", docs.bad), ("Good", docs.good)):
        if body.strip():
            text += ["", f"{label}:", body.strip("\n")]
            md += ["", f"{label}:", "", "```text", body.strip("\n"), "```"]
    for label, body in (("Fix", docs.fix), ("Notes", docs.notes)):
        if body.strip():
            text += ["", f"{label}: {' '.join(body.split())}"]
            md += ["", f"{label}: {' '.join(body.split())}"]
    out: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": why or summary},
        "help": {"text": "\n".join(text), "markdown": "\n".join(md)},
        "defaultConfiguration": {"level": LEVELS[str(rule.severity)], "enabled": bool(rule.enabled)},
        "properties": {"category": rule.category, "kind": rule.kind, "tags": [rule.category]},
    }
    if rule.languages:
        out["properties"]["languages"] = list(rule.languages)
    return out


def artifact_location(path: str) -> dict[str, str]:
    """Paths relative to the checkout root (`%SRCROOT%`); an absolute path elsewhere becomes a file URI."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())  # under the checkout: relative, as code scanning expects
        except ValueError:
            return {"uri": p.as_uri()}
    posix = PurePosixPath(p.as_posix())
    parts = [x for x in posix.parts if x != "."]
    return {"uri": quote("/".join(parts), safe="/"), "uriBaseId": "%SRCROOT%"}


def _region(line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> dict[str, int]:
    region = {"startLine": max(1, line), "startColumn": max(1, column)}
    if end_line is not None:
        region["endLine"] = max(region["startLine"], end_line)
    if end_column is not None:
        region["endColumn"] = max(1, end_column) if region.get("endLine") != region["startLine"] \
            else max(region["startColumn"], end_column)
    return region


def _result(d: Diagnostic, rule_index: int, fingerprint: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": d.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[str(d.severity)],
        "message": {"text": d.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(d.path),
                                            "region": _region(d.line, d.column, d.end_line, d.end_column)}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {"category": d.category, "name": d.name},
    }
    if d.related:
        out["relatedLocations"] = [_related(i, r) for i, r in enumerate(d.related, 1)]
    return out


def _fix(d: Diagnostic, idx: LineIndex) -> dict[str, Any]:
    """The fix as SARIF replacements; an unsafe one says so (it may change the meaning)."""
    replacements = []
    for e in d.fix.edits:
        (l1, c1), (l2, c2) = idx.position(e.start), idx.position(e.end)
        replacements.append({"deletedRegion": {"startLine": l1, "startColumn": c1, "endLine": l2, "endColumn": c2},
                             "insertedContent": {"text": e.text}})
    text = d.fix.description or "apply the fix"
    return {"description": {"text": text if d.fix.safe else f"{text} (unsafe: review the change)"},
            "artifactChanges": [{"artifactLocation": artifact_location(d.path), "replacements": replacements}]}


def _related(i: int, r: Related) -> dict[str, Any]:
    loc: dict[str, Any] = {"id": i, "physicalLocation": {"artifactLocation": artifact_location(r.path),
                                                         "region": _region(r.line, r.column, r.end_line)}}
    if r.message:
        loc["message"] = {"text": r.message}
    return loc
