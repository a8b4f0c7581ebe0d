"""`--format github`: workflow commands, escaped as the Actions runner requires."""

from __future__ import annotations

import pytest
from _golden import check_golden, run_fixed

from reportlint.diagnostics import Diagnostic, Severity
from reportlint.output import Report, render
from reportlint.output.github_format import escape_data, escape_property


def test_github_golden(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    got, code = run_fixed(tmp_path, "github")
    assert code == 1
    check_golden("fixed-run.github", got)


def test_escaping():
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def _diag(**kw) -> Diagnostic:
    base = dict(path="./docs/a, b:c.md", line=3, column=2, end_line=3, end_column=9, rule="MK999", name="x",
                category="markup", severity=Severity.INFO, message="50% of\nlines")
    base.update(kw)
    return Diagnostic(**base)


def test_command_shape():
    out = render("github", Report([_diag()], files=1))
    assert out == "::notice file=docs/a%2C b%3Ac.md,line=3,col=2,endLine=3,endColumn=9,title=MK999::50%25 of%0Alines\n"


@pytest.mark.parametrize("sev,cmd", [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")])
def test_levels(sev, cmd):
    assert render("github", Report([_diag(severity=sev)], files=1)).startswith(f"::{cmd} ")


def test_multiline_span_has_no_end_column():
    out = render("github", Report([_diag(end_line=5, end_column=2)], files=1))
    assert ",endLine=5,title=" in out and "endColumn" not in out


def test_no_diagnostics_no_output():
    assert render("github", Report([], files=3)) == ""


def test_absolute_paths_under_the_checkout_become_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside = str(tmp_path / "docs" / "a.md")
    assert render("github", Report([_diag(path=inside)], files=1)).startswith("::notice file=docs/a.md,")
    outside = str(tmp_path.parent / "elsewhere.md")
    assert f"file={outside}," in render("github", Report([_diag(path=outside)], files=1))
