"""`--format sarif`: golden file, schema validity, fingerprints shared with the baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _golden import check_golden, run_fixed
from conftest import SHARED

from reportlint.diagnostics import Diagnostic, Related, Severity
from reportlint.output import Report, render

SCHEMA = SHARED / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_sarif_golden(project):
    got, code = run_fixed(project, "sarif")
    assert code == 1
    check_golden("fixed-run.sarif", got)


def _validator():
    if not SCHEMA.is_file():
        pytest.skip(f"{SCHEMA} is not available (the shared folder is absent)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def test_sarif_validates_against_the_schema(project):
    got, _ = run_fixed(project, "sarif")
    errors = sorted(_validator().iter_errors(json.loads(got)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def _report_with_related() -> Report:
    d = Diagnostic(path="a/b.md", line=5, column=3, end_line=7, end_column=1, rule="DU999", name="pasted-twice",
                   category="duplicate", severity=Severity.ERROR, message="Lines 5-6 repeat lines 1-2",
                   related=[Related("a/b.md", 1, 1, "first copy", 2), Related("/abs/other.md", 3, 4, "")],
                   flagged_text="same text\nagain")
    return Report([d], files=1)


def test_sarif_related_locations_and_multiline_region():
    data = json.loads(render("sarif", _report_with_related()))
    result = data["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5, "startColumn": 3, "endLine": 7, "endColumn": 1}
    first, second = result["relatedLocations"]
    assert first["id"] == 1 and first["message"] == {"text": "first copy"}
    assert first["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1, "endLine": 2}
    assert second["physicalLocation"]["artifactLocation"] == {"uri": "file:///abs/other.md"}
    # A rule the run did not list (a crash, an unreadable file) still gets a descriptor.
    assert data["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "DU999"


def test_sarif_with_related_validates():
    data = json.loads(render("sarif", _report_with_related()))
    errors = list(_validator().iter_errors(data))
    assert not errors, errors[0].message


def test_sarif_fingerprints_are_the_baseline_fingerprints(project):
    got, _ = run_fixed(project, "sarif")
    sarif = {r["partialFingerprints"]["reportlint/v1"] for r in json.loads(got)["runs"][0]["results"]}
    run_fixed(project, "json", baseline="bl.json", update_baseline=True)
    recorded = {e["fingerprint"] for e in json.loads(Path("bl.json").read_text(encoding="utf-8"))["fingerprints"]}
    assert sarif == recorded and len(sarif) == 6


def test_sarif_levels_and_column_kind(project):
    data = json.loads(run_fixed(project, "sarif")[0])
    run = data["runs"][0]
    assert data["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    assert {r["ruleId"]: r["level"] for r in run["results"]} == {
        "TX901": "warning", "TX902": "error", "TX903": "note", "E001": "error"}
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["TX902"]["help"]["text"].startswith("A team term spelled the old way.")
    assert "Send an e-mail." in rules["TX902"]["help"]["markdown"]


def test_sarif_of_every_builtin_rule_validates(tmp_path, monkeypatch):
    """All built-in rules as descriptors, and whatever they find in a mixed draft, stay schema-valid."""
    validator = _validator()
    from reportlint.config import Config
    from reportlint.runner import CheckOptions, run_check

    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.md").write_text(
        "# 报告\n\n一、总体情况\n\n过去一年,经济运行稳中有进(见表1。\n\n过去一年,经济运行稳中有进(见表1。\n\n"
        "三、主要任务\n\n森林覆盖率72.2%。森林覆盖率28.8%。\n\n## Summary\n\nWe reviewed the the **results.\n",
        encoding="utf-8")
    out = run_check(CheckOptions(paths=["draft.md"], fmt="sarif"), Config(base_dir=tmp_path)).rendered
    data = json.loads(out)
    assert data["runs"][0]["results"], "the draft should have findings"
    errors = list(validator.iter_errors(data))
    assert not errors, errors[0].message


def test_sarif_fixes_are_replacements_and_big_ones_are_left_to_fix():
    from reportlint.diagnostics import Edit, Fix
    from reportlint.output.sarif_format import MAX_FIX_EDITS
    from reportlint.sources import from_text

    src = from_text("第一行\nab cd\n", "a.md")
    small = Diagnostic(path="a.md", line=2, column=1, end_line=2, end_column=3, rule="TX999", name="x",
                       category="style", severity=Severity.WARNING, message="m",
                       fix=Fix((Edit(4, 6, "AB"),), safe=False, description="upper"))
    big = Diagnostic(**{**small.__dict__, "fix": Fix(tuple(Edit(4, 5, "A") for _ in range(MAX_FIX_EDITS + 1)))})
    results = json.loads(render("sarif", Report([small, big], files=1, sources={"a.md": src})))["runs"][0]["results"]
    (fix,) = results[0]["fixes"]
    assert fix["description"]["text"] == "upper (unsafe: review the change)"
    assert fix["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 3},
         "insertedContent": {"text": "AB"}}]
    assert "fixes" not in results[1]
