"""Every rule's YAML cases, one test each (ids CODE_case), plus the rule meta-tests."""

from __future__ import annotations

import dataclasses

import pytest

from reportlint.api import lint_text
from reportlint.diagnostics import PREFIX_CATEGORY, code_prefix
from reportlint.ruleset.loader import load_rulesets
from reportlint.sources import ReadError, decode

RULES = load_rulesets(["core", "zh", "en"])
CASES = [(r, c) for r in RULES for c in r.tests]


def _run_case(rule, case):
    text = case.text
    path = case.path or f"case.{case.format}"
    if case.should_fail and rule.code == "E001" or "\0" in text:
        got = decode(text.encode("utf-8"), path)
        if isinstance(got, ReadError):
            return [{"line": 1, "column": 1, "end_line": 1, "end_column": 1, "rule": "E001"}]
    rules = [dataclasses.replace(rule, params=case.params) if case.params is not None else rule]
    # A suppression test needs the rule it suppresses.
    if rule.code == "RL001":
        rules += [r for r in RULES if r.code in ("TX001", "TX002")]
    diags = lint_text(text, rules, path=path, fmt=case.format, language=case.language)
    return [d.to_json() for d in diags if d.rule == rule.code]


@pytest.mark.parametrize("rule,case", CASES, ids=[f"{r.code}_{c.name}" for r, c in CASES])
def test_rule_case(rule, case):
    got = _run_case(rule, case)
    if not case.should_fail:
        assert got == [], f"{rule.code} {case.name}: expected no diagnostics, got {[(d['line'], d['message']) for d in got]}"
        return
    assert len(got) == len(case.expect), (
        f"{rule.code} {case.name}: expected {len(case.expect)} diagnostics, got {len(got)}: "
        f"{[(d['line'], d['column'], d.get('message')) for d in got]}"
    )
    for exp, d in zip(sorted(case.expect, key=lambda e: (e["line"], e.get("column", 0))), got):
        for key, value in exp.items():
            if key == "message":
                assert value in d["message"], f"{rule.code} {case.name}: message {d['message']!r} lacks {value!r}"
            else:
                assert d[key] == value, f"{rule.code} {case.name}: {key} {d[key]} != {value} ({d.get('message')})"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_complete(rule):
    assert rule.docs.summary.strip() and rule.docs.why.strip(), f"{rule.code} lacks docs"
    assert PREFIX_CATEGORY[code_prefix(rule.code)] == rule.category
    assert any(not c.should_fail for c in rule.tests), f"{rule.code} has no passing case"
    if rule.code != "E002":  # a crash cannot be written as a case; its engine path has its own test
        assert any(c.should_fail for c in rule.tests), f"{rule.code} has no failing case"


def test_codes_and_names_unique():
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
