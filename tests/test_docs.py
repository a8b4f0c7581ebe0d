"""docs/ and examples/ stay true: the rules reference is regenerated, the examples load and work."""

from __future__ import annotations

import dataclasses
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from reportlint.api import lint_text, prepare_rules
from reportlint.config import KEYS, load_config
from reportlint.ruleset.loader import BUILTIN_RULESETS, load_rulesets

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_rules_doc", ROOT / "scripts" / "gen_rules_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_reference_is_current():
    gen = _generator()
    current = gen.TARGET.read_text(encoding="utf-8") if gen.TARGET.is_file() else ""
    assert current == gen.generate(), (
        "docs/rules.md is stale (a rule was added or changed). Regenerate it with:\n"
        f"    {gen.COMMAND}\nand commit docs/rules.md with the rule.")


def test_rules_reference_lists_every_rule():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in load_rulesets(list(BUILTIN_RULESETS)):
        assert f"### {rule.code} {rule.name}" in text


def test_configuration_reference_covers_every_key():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [k for k in KEYS if f"`{k}`" not in text]
    assert not missing, f"docs/configuration.md does not document: {missing}"


def test_integration_guide_covers_the_three_uses():
    text = (ROOT / "docs" / "integration.md").read_text(encoding="utf-8")
    for needle in ("pre-commit", "--format github", "--format sarif", "--baseline", "--diff-base", "--format junit"):
        assert needle in text


def test_team_rules_extend_the_builtins(monkeypatch):
    team = EXAMPLES / "team-rules"
    monkeypatch.chdir(team)
    config = load_config(team / ".reportlint.yaml")
    rules = prepare_rules(config)
    codes = {r.code for r in rules}
    assert {"TX801", "TX802", "TX803"} <= codes and "TX001" in codes  # own terms and the built-ins


def test_team_rules_pass_their_own_cases():
    for rule in load_rulesets([str(EXAMPLES / "team-rules" / "rules")]):
        assert rule.docs.summary and any(c.should_fail for c in rule.tests) and any(not c.should_fail for c in rule.tests)
        for case in rule.tests:
            r = dataclasses.replace(rule, params=case.params) if case.params is not None else rule
            got = [(d.line, d.column) for d in lint_text(case.text, [r], path=f"case.{case.format}", fmt=case.format,
                                                         language=case.language) if d.rule == rule.code]
            assert len(got) == len(case.expect), f"{rule.code} {case.name}: {got}"
            for (line, column), e in zip(got, sorted(case.expect, key=lambda e: (e["line"], e.get("column", 0)))):
                assert (line, column) == (e["line"], e.get("column", column)), f"{rule.code} {case.name}: {got}"


def test_team_draft_shows_every_team_rule(monkeypatch):
    team = EXAMPLES / "team-rules"
    monkeypatch.chdir(team)
    from click.testing import CliRunner

    from reportlint.cli import main

    out = CliRunner().invoke(main, ["check", "draft.md", "--select", "TX8", "--format", "json"]).stdout
    for code in ("TX801", "TX802", "TX803"):
        assert f'"rule": "{code}"' in out


def test_example_workflow_gates_with_annotations_and_sarif():
    wf = yaml.safe_load((EXAMPLES / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = wf["jobs"]["drafts"]["steps"]
    text = yaml.safe_dump(steps)
    assert any(str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif") for s in steps)
    assert "--format sarif" in text and "--format github" in text and "--diff-base" in text


@pytest.mark.parametrize("what,path", [("validate-config", EXAMPLES / ".pre-commit-config.yaml"),
                                       ("validate-manifest", ROOT / ".pre-commit-hooks.yaml")])
def test_pre_commit_files_validate(what, path):
    exe = shutil.which("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed")
    r = subprocess.run([exe, what, str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


def test_hook_manifest_shape():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["reportlint"]
    assert hook["language"] == "python" and hook["types_or"] == ["markdown", "plain-text", "rst"] and "types" not in hook


def test_generator_check_mode_reports_staleness(tmp_path, monkeypatch):
    gen = _generator()
    monkeypatch.setattr(gen, "TARGET", tmp_path / "rules.md")
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    assert gen.main(["--check"]) == 1
    assert gen.main([]) == 0 and gen.main(["--check"]) == 0
