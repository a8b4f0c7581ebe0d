"""`--format junit`: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).

One test suite per checked file; each diagnostic is a failing test case (with
`file` and `line`, which GitLab shows), and a clean file is one passing case, so
the report lists every file that was checked.
No timestamps or durations: the same run renders the same bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from xml.sax.saxutils import escape, quoteattr

from reportlint.diagnostics import Diagnostic
from reportlint.output import Report

# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
CLEAN_CASE = "reportlint"


def _clean(s: str) -> str:
    return _INVALID_XML.sub("\ufffd", s)


def _attr(s: str) -> str:
    return quoteattr(_clean(s), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _case(d: Diagnostic) -> list[str]:
    name = f"{d.rule} {d.name} at {d.line}:{d.column}"
    body = f"{d.path}:{d.line}:{d.column}: {d.severity} {d.rule} {d.message}"
    return [f"    <testcase classname={_attr(d.path)} name={_attr(name)} file={_attr(d.path)} line=\"{d.line}\">",
            f"      <failure type={_attr(str(d.severity))} message={_attr(d.message)}>{escape(_clean(body))}</failure>",
            "    </testcase>"]


def render(report: Report) -> str:
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in report.diagnostics:
        by_path[d.path].append(d)
    paths = sorted(set(report.sources) | set(by_path))
    total = sum(max(1, len(by_path.get(p, ()))) for p in paths)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="reportlint" tests="{total}" failures="{len(report.diagnostics)}" errors="0">']
    for p in paths:
        diags = by_path.get(p, [])
        out.append(f'  <testsuite name={_attr(p)} tests="{max(1, len(diags))}" failures="{len(diags)}" errors="0">')
        if diags:
            for d in diags:
                out.extend(_case(d))
        else:
            out.append(f"    <testcase classname={_attr(p)} name=\"{CLEAN_CASE}\"/>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
