"""`--format gitlab`: GitLab Code Quality JSON (the fields GitLab reads), golden and shape."""

from __future__ import annotations

import json

import pytest
from _golden import check_golden, run_fixed

from reportlint.diagnostics import Diagnostic, Severity
from reportlint.output import Report, render


def test_gitlab_golden(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    got, code = run_fixed(tmp_path, "gitlab")
    assert code == 1
    check_golden("fixed-run.gitlab.json", got)
    issues = json.loads(got)
    assert issues and len({i["fingerprint"] for i in issues}) == len(issues)  # unique per finding


def _diag(**kw) -> Diagnostic:
    base = dict(path="./docs/a.md", line=3, column=2, end_line=4, end_column=9, rule="MK999", name="x-rule",
                category="markup", severity=Severity.INFO, message="50% of lines", flagged_text="abc")
    base.update(kw)
    return Diagnostic(**base)


def test_issue_shape():
    (issue,) = json.loads(render("gitlab", Report([_diag()], files=1)))
    assert issue["description"] == "MK999 50% of lines" and issue["check_name"] == "MK999 x-rule"
    assert issue["location"] == {"path": "docs/a.md", "lines": {"begin": 3, "end": 4}}
    assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]


@pytest.mark.parametrize("sev,gl", [(Severity.ERROR, "major"), (Severity.WARNING, "minor"), (Severity.INFO, "info")])
def test_severities(sev, gl):
    assert json.loads(render("gitlab", Report([_diag(severity=sev)], files=1)))[0]["severity"] == gl


def test_no_findings_is_an_empty_array():
    assert json.loads(render("gitlab", Report([], files=3))) == []
