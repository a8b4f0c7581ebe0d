"""Bad rule files, configs and documents: one clear positioned line, the right exit code, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportlint.cli import main

GOOD_RULE = """\
id: TX901
name: team-term
kind: pattern
category: style
severity: warning
params:
  pattern: 'colour'
docs:
  summary: Use the team's spelling.
  why: Consistency.
tests:
  - name: bad
    fail: "colour\\n"
    expect: [{line: 1}]
  - name: good
    pass: "color\\n"
"""


def invoke(tmp_path: Path, *args: str):
    (tmp_path / "a.md").write_text("A colour here.\n", encoding="utf-8")
    return CliRunner().invoke(main, ["check", "a.md", *args], catch_exceptions=False)


@pytest.fixture(autouse=True)
def _cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def rule_error(tmp_path: Path, text: str) -> str:
    (tmp_path / "team.yml").write_text(text, encoding="utf-8")
    r = invoke(tmp_path, "--rules", "team.yml")
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    (line,) = [l for l in r.output.splitlines() if l.strip()]
    return line


def test_good_team_rule_runs(tmp_path):
    (tmp_path / "team.yml").write_text(GOOD_RULE, encoding="utf-8")
    r = invoke(tmp_path, "--rules", "team.yml", "--format", "json", "--select", "TX901")
    assert [d["rule"] for d in json.loads(r.output)["diagnostics"]] == ["TX901"]


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ("severity: warning", "severity: warning\nseverty: error", "team.yml:6:1: unknown rule key 'severty' (did you mean 'severity'?)"),
        ("name: team-term\n", "", "team.yml:1:1: rule TX901 is missing required key 'name'"),
        ("severity: warning", "severity: fatal", "team.yml:5:11: rule TX901: severity must be error, warning or info, not 'fatal'"),
        ("kind: pattern", "kind: patern", "team.yml:3:7: rule TX901: unknown kind 'patern' (did you mean 'pattern'?)"),
        ("pattern: 'colour'", "pattern: 'colo(ur'", "team.yml:7:12: 'pattern': invalid regular expression 'colo(ur'"),
        ("pattern: 'colour'", "pattern: '(a+)+$'", "team.yml:7:12: 'pattern': pattern '(a+)+$' can backtrack catastrophically"),
        ("severity: warning", "severity: warning\nmessage: 'Use {replacement}'", "team.yml:6:10: rule TX901: message field '{replacement}' is not provided by kind 'pattern'"),
        ("category: style", "category: number", "team.yml:4:11: rule TX901: prefix TX is for category 'style', not 'number'"),
        ("  pattern: 'colour'", "  pattern: 'colour'\n  scope: no", "team.yml:8:10: 'no' is read by YAML 1.1 as a boolean; quote it"),
        ("  pattern: 'colour'", "  pattern: 'colour'\n  paterns: x", "team.yml:8:3: unknown param 'paterns' (did you mean 'pattern'?)"),
        ("id: TX901", "id: TX9001", "team.yml:1:5: rule id 'TX9001' must be a prefix"),
        ("docs:\n  summary: Use the team's spelling.\n", "docs:\n", "rule TX901: docs.summary is required"),
        ("tests:", "tests: [\n", "team.yml:"),
    ],
)
def test_rule_file_errors(tmp_path, old, new, expected):
    text = GOOD_RULE.replace(old, new, 1)
    assert text != GOOD_RULE
    line = rule_error(tmp_path, text)
    assert line.startswith("reportlint: ")
    assert expected in line, line


def test_deeply_nested_and_alias_bomb_yaml(tmp_path):
    line = rule_error(tmp_path, "a: " + "[" * 200 + "]" * 200 + "\n")
    assert "team.yml:" in line and "nested" in line
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    line = rule_error(tmp_path, bomb)
    assert "team.yml:" in line


def test_missing_rule_file(tmp_path):
    r = invoke(tmp_path, "--rules", "nope.yml")
    assert r.exit_code == 2 and "rule set 'nope.yml' not found" in r.output


def config_error(tmp_path: Path, text: str, name: str = ".reportlint.yaml") -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    r = invoke(tmp_path)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    return r.output.strip()


def test_unknown_config_key(tmp_path):
    out = config_error(tmp_path, "select: [ALL]\nfail_on: warning\n")
    assert out.startswith("reportlint: ") and ".reportlint.yaml:2:1: unknown config key 'fail_on' (did you mean 'fail-on'?)" in out


def test_config_yaml_trap_and_bad_values(tmp_path):
    assert ".reportlint.yaml:1:13: 'off' is read by YAML 1.1" in config_error(tmp_path, "cross-file: off\n")
    assert ".reportlint.yaml:1:10: fail-on must be" in config_error(tmp_path, "fail-on: sometimes\n")
    assert ".reportlint.yaml:2:1: invalid YAML" in config_error(tmp_path, "select: [ALL\n")
    assert "select: 'XX' matches no rule" in config_error(tmp_path, "select: [XX]\n")
    assert "unknown param 'near'" in config_error(tmp_path, "params: {TX001: {near: 1}}\n")


def test_config_found_upward_and_pyproject(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.reportlint]\nignore = ['TX001']\n", encoding="utf-8")
    sub = tmp_path / "drafts"
    sub.mkdir()
    (sub / "a.md").write_text("the the end\n", encoding="utf-8")
    monkeypatch.chdir(sub)
    r = CliRunner().invoke(main, ["check", "a.md", "--format", "json"])
    assert json.loads(r.output)["diagnostics"] == []
    (tmp_path / "pyproject.toml").write_text("[tool.reportlint]\nignor = ['TX001']\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "a.md"])
    assert r.exit_code == 2 and "pyproject.toml:2:1: unknown config key 'ignor'" in r.output


def test_explicit_config_missing(tmp_path):
    r = invoke(tmp_path, "--config", "nope.yaml")
    assert r.exit_code == 2 and "nope.yaml: config file not found" in r.output


def test_config_severity_params_and_per_file_ignores(tmp_path):
    (tmp_path / ".reportlint.yaml").write_text(
        "severity: {TX001: error}\nper-file-ignores: {'archive/**': [TX001]}\n", encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive/old.md").write_text("the the end\n", encoding="utf-8")
    (tmp_path / "new.md").write_text("the the end\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", ".", "--format", "json"])
    diags = json.loads(r.output)["diagnostics"]
    assert [(d["path"], d["severity"]) for d in diags] == [("new.md", "error")]
    assert r.exit_code == 1
