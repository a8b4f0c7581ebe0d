"""`--format junit`: one suite per file, a failing case per diagnostic, valid XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from _golden import DRAFTS, check_golden, run_fixed

from reportlint.diagnostics import Diagnostic, Severity
from reportlint.output import Report, render


def test_junit_golden(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    got, code = run_fixed(tmp_path, "junit")
    assert code == 1
    check_golden("fixed-run.junit.xml", got)


def test_junit_structure(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = ET.fromstring(run_fixed(tmp_path, "junit")[0].encode("utf-8"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {*DRAFTS, "drafts/missing.md"}
    assert suites["drafts/clean.md"].get("failures") == "0"
    assert len(suites["drafts/clean.md"].findall("testcase")) == 1
    assert root.get("failures") == str(sum(len(s.findall("testcase/failure")) for s in suites.values()))


def test_control_characters_stay_valid_xml():
    d = Diagnostic(path="a.md", line=1, column=1, end_line=1, end_column=2, rule="MK999", name="x",
                   category="markup", severity=Severity.ERROR, message="bad \x01 char <&> \"q\"\nnext")
    out = render("junit", Report([d], files=1))
    failure = ET.fromstring(out.encode("utf-8")).find("testsuite/testcase/failure")
    assert failure.get("message") == "bad \ufffd char <&> \"q\"\nnext"
