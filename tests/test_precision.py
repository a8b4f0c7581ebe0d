"""Precision recorded with each rule; severity follows it; preview rules run only when asked for."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from reportlint.api import prepare_rules
from reportlint.engine import ALWAYS_REPORTED
from reportlint.config import Config, parse_config
from reportlint.ruleset.loader import (BUILTIN_RULESETS, ERROR_PRECISION, MIN_JUDGED, PRECISION_EXEMPT,
                                       WARNING_PRECISION, load_rule_file, load_rulesets)
from reportlint.ruleset.select import select_rules
from reportlint.ruleset.yamlpos import load_yaml
from reportlint.errors import ConfigError

RULE = """\
id: TX901
name: house-term
kind: pattern
category: style
severity: {severity}
{precision}
params:
  pattern: "colour"
docs:
  summary: A term the house style spells otherwise.
  why: One spelling reads as one document.
tests:
  - name: found
    fail: "The colour.\\n"
    expect: [{{line: 1}}]
  - name: clean
    pass: "The color.\\n"
"""


def _rule_file(tmp_path: Path, severity: str = "warning", precision: str = "") -> Path:
    p = tmp_path / "TX901.yml"
    p.write_text(RULE.format(severity=severity, precision=precision), encoding="utf-8")
    return p


def _load(tmp_path: Path, **kw):
    return load_rule_file(_rule_file(tmp_path, **kw), "mine")[0]


def test_every_builtin_rule_records_its_precision_and_severity_follows_it():
    for rule in load_rulesets(list(BUILTIN_RULESETS)):
        if rule.code in PRECISION_EXEMPT:
            continue
        p = rule.precision
        assert p is not None, f"{rule.code} ({rule.source}) has no 'precision:' key"
        if str(rule.severity) == "error":
            assert p.value is not None and p.value >= ERROR_PRECISION and p.findings >= MIN_JUDGED, rule.code
        if p.value is not None:
            assert p.basis, f"{rule.code}: say what the precision figure was measured on (basis)"
        assert rule.preview == (p.value is not None and p.value < WARNING_PRECISION)


def test_user_rules_need_not_record_precision(tmp_path):
    rule = _load(tmp_path)
    assert rule.precision is None and not rule.preview


@pytest.mark.parametrize("precision,preview,provisional", [
    ("precision: provisional", False, True),
    ("precision: {value: 0.97, findings: 112, documents: 61}", False, False),
    ("precision: {value: 0.85, findings: 12, documents: 3, basis: wild}", False, True),
    ("precision: {value: 0.40, findings: 30, documents: 9}", True, False),
])
def test_precision_forms(tmp_path, precision, preview, provisional):
    rule = _load(tmp_path, precision=precision)
    assert rule.preview is preview and rule.precision.provisional is provisional
    assert rule.precision.describe() and rule.precision.cell()


def test_error_needs_precise_and_well_founded(tmp_path):
    assert str(_load(tmp_path, severity="error",
                     precision="precision: {value: 0.96, findings: 20, documents: 5}").severity) == "error"
    for precision in ("precision: provisional", "precision: {value: 0.96, findings: 19, documents: 5}",
                      "precision: {value: 0.90, findings: 200, documents: 50}"):
        with pytest.raises(ConfigError) as e:
            _load(tmp_path, severity="error", precision=precision)
        assert e.value.line == 5 and "warning" in str(e.value)


@pytest.mark.parametrize("precision,line,needle", [
    ("precision: sure", 6, "provisional"),
    ("precision: {value: 1.2, findings: 3, documents: 1}", 6, "from 0 to 1"),
    ("precision: {value: 0.9, findings: 3}", 6, "documents"),
    ("precision: {value: 0.9, findings: 3, documents: 4}", 6, "documents"),
    ("precision: {value: 0.9, findings: 0, documents: 0}", 6, "provisional"),
    ("precision: {value: 0.9, findings: 3, documents: 1, count: 3}", 6, "unknown precision key 'count'"),
    ("precision:\n  value: 0.9\n  findings: 2.5\n  documents: 1", 8, "whole number"),
])
def test_bad_precision_is_reported_where_it_is(tmp_path, precision, line, needle):
    with pytest.raises(ConfigError) as e:
        _load(tmp_path, precision=precision)
    assert e.value.line == line and needle in str(e.value)


def _rules(tmp_path):
    """A preview rule, a measured rule and a disabled one, as selection sees them."""
    import dataclasses

    preview = _load(tmp_path, precision="precision: {value: 0.40, findings: 30, documents: 9}")
    sure = dataclasses.replace(preview, code="TX902", name="other-term", precision=None)
    off = dataclasses.replace(preview, code="TX903", name="off-term", precision=None, enabled=False)
    return [preview, sure, off]


@pytest.mark.parametrize("select,preview,expected", [
    (["ALL"], False, {"TX902"}),
    (["ALL"], True, {"TX901", "TX902"}),
    (["TX9"], False, {"TX902"}),
    (["style"], False, {"TX902"}),
    (["house-term"], False, set()),  # a name is not an exact code (as Ruff)
    (["TX901"], False, {"TX901"}),
    (["tx901"], False, {"TX901"}),
    (["TX903"], False, {"TX903"}),
    (["off-term"], False, {"TX903"}),
])
def test_preview_rules_run_only_when_asked_for(tmp_path, select, preview, expected):
    assert {r.code for r in select_rules(_rules(tmp_path), select, [], preview)} == expected


def test_ignore_wins_over_preview(tmp_path):
    assert {r.code for r in select_rules(_rules(tmp_path), ["TX901"], ["TX9"], True)} == set()


def test_config_preview_key(tmp_path):
    cfg = parse_config(load_yaml("preview: true\n", "c.yaml"), "c.yaml", tmp_path)
    assert cfg.preview is True and Config().preview is False
    with pytest.raises(ConfigError) as e:
        parse_config(load_yaml("select: [ALL]\npreview: yes please\n", "c.yaml"), "c.yaml", tmp_path)
    assert e.value.line == 2


def _with_preview_ruleset(tmp_path: Path) -> list[str]:
    """The built-in rulesets plus a folder holding one preview rule (the built-ins may have none left)."""
    folder = tmp_path / "mine"
    folder.mkdir()
    _rule_file(folder, precision="precision: {value: 0.40, findings: 30, documents: 9}")
    return list(BUILTIN_RULESETS) + [str(folder)]


def test_builtin_selection_follows_preview(tmp_path):
    rulesets = _with_preview_ruleset(tmp_path)
    builtin = load_rulesets(rulesets)
    previews = {r.code for r in builtin if r.preview}
    assert "TX901" in previews
    default = {r.code for r in prepare_rules(Config(rulesets=rulesets))}
    assert previews and not previews & default
    assert previews <= {r.code for r in prepare_rules(Config(rulesets=rulesets), preview=True)}
    one = sorted(previews)[0]
    assert {r.code for r in prepare_rules(Config(rulesets=rulesets), select=[one])} - ALWAYS_REPORTED == {one}


def test_cli_shows_precision_and_preview(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from reportlint.cli import main

    monkeypatch.chdir(tmp_path)
    rulesets = _with_preview_ruleset(tmp_path)
    (tmp_path / ".reportlint.yaml").write_text(f"rulesets: [{', '.join(rulesets)}]\n", encoding="utf-8")
    code = sorted(r.code for r in load_rulesets(rulesets) if r.preview)[0]
    runner = CliRunner()
    listed = runner.invoke(main, ["rules", "--all"]).stdout
    assert "preview" in listed and "provisional" in listed
    assert code not in runner.invoke(main, ["rules"]).stdout
    assert code in runner.invoke(main, ["rules", "--preview"]).stdout
    explained = runner.invoke(main, ["explain", code]).stdout
    assert "Precision:" in explained and "Preview rule" in explained
    (tmp_path / "a.md").write_text("text\n", encoding="utf-8")
    assert runner.invoke(main, ["check", "a.md", "--preview"]).exit_code == 0
