"""`--format json`: exactly DESIGN §5.2 — the evaluation scorer reads this."""

from __future__ import annotations

import json

from reportlint import __version__
from reportlint.output import Report


def render(report: Report) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for d in report.diagnostics:
        counts[str(d.severity)] += 1
    data = {
        "version": 1,
        "tool": {"name": "reportlint", "version": __version__},
        "summary": {"files": report.files, **counts},
        "diagnostics": [d.to_json() for d in report.diagnostics],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
