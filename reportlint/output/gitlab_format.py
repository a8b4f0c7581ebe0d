"""`--format gitlab`: GitLab Code Quality JSON, shown in merge requests (artifacts:reports:codequality).

A JSON array of issues with `description`, `check_name`, `fingerprint`, `severity`
and `location.path` / `location.lines.begin`, as GitLab documents the format. The
fingerprint is the baseline fingerprint (rule, path, flagged text, occurrence), so
GitLab tracks a finding across edits above it and tells new from fixed ones.
"""

from __future__ import annotations

import json

from reportlint.baseline import fingerprints
from reportlint.output import Report
from reportlint.output.github_format import annotation_path

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report) -> str:
    diags = report.diagnostics
    issues = [{
        "description": f"{d.rule} {d.message}",
        "check_name": f"{d.rule} {d.name}",
        "fingerprint": fp,
        "severity": SEVERITIES[str(d.severity)],
        "location": {"path": annotation_path(d.path), "lines": {"begin": d.line, "end": max(d.line, d.end_line)}},
        "categories": [d.category],
    } for d, fp in zip(diags, fingerprints(diags, report.sources))]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
