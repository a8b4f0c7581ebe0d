"""Every rule's YAML cases, one test each (ids CODE_case), plus the rule meta-tests."""

from __future__ import annotations

import dataclasses

import pytest

from reportlint import pipeline
from reportlint.api import lint_text
from reportlint.engine import EngineOptions
from reportlint.fix import applicable_fixes, apply_edits
from reportlint.diagnostics import PREFIX_CATEGORY, code_prefix
from reportlint.ruleset.loader import load_rulesets
from reportlint.sources import ReadError, decode

RULES = load_rulesets(["core", "zh", "en"])
CASES = [(r, c) for r in RULES for c in r.tests]


def _diagnostics(rule, case):
    """The case's text through the real pipeline: read (decode, E001), collect, suppress, stamp."""
    path = case.path or f"case.{case.format}"
    rules = [dataclasses.replace(rule, params=case.params) if case.params is not None else rule]
    # A suppression test needs the rule it suppresses.
    if rule.code == "RL001":
        rules += [r for r in RULES if r.code in ("TX001", "TX002")]
    got = decode(case.text.encode("utf-8"), path)
    if isinstance(got, ReadError):
        return pipeline.run([], rules, EngineOptions(), problems=[(got.path, got.reason)])
    return lint_text(case.text, rules, path=path, fmt=case.format, language=case.language)


def _run_case(rule, case):
    return [d.to_json() for d in _diagnostics(rule, case) if d.rule == rule.code]


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


FIX_CASES = [(r, c) for r, c in CASES if c.fixed is not None]


@pytest.mark.parametrize("rule,case", FIX_CASES, ids=[f"{r.code}_{c.name}" for r, c in FIX_CASES])
def test_rule_case_fixed_text(rule, case):
    """`fixed:` in a case: the text after the rule's fixes, safe and unsafe, are applied (SQLFluff's fix_str)."""
    diags = [d for d in _diagnostics(rule, case) if d.rule == rule.code]
    assert any(d.fix for d in diags), f"{rule.code} {case.name}: states a fixed text but offers no fix"
    assert apply_edits(case.text, applicable_fixes(diags, unsafe=True))[0] == case.fixed


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_words_its_own_message(rule):
    """Every message template of a built-in rule is in its YAML (a kind's default serves user rules only)."""
    assert rule.message, f"{rule.code} has no message in its YAML"


def _fields_given(rule, case):
    from reportlint.document import Document
    from reportlint.engine import check, deferred_for

    doc = Document.parse(case.text, case.path or f"case.{case.format}", fmt=case.format, language=case.language)
    r = dataclasses.replace(rule, params=case.params) if case.params is not None else rule
    by_code = {x.code: x for x in RULES}
    return {k for f in check(r, doc, deferred_for(r, by_code)) for k in f.fields}


@pytest.mark.parametrize("rule,case", CASES, ids=[f"{r.code}_{c.name}" for r, c in CASES])
def test_findings_give_only_the_fields_their_kind_declares(rule, case):
    if rule.kind in ("internal", "suppression"):
        return  # raised by the pipeline's phases, checked in tests/test_pipeline.py
    undeclared = _fields_given(rule, case) - set(rule.module.FIELDS)
    assert not undeclared, f"{rule.code} ({rule.kind}) gives fields its kind does not declare: {sorted(undeclared)}"


def test_check_kinds_never_import_one_another():
    """Shared logic lives in reportlint/analysis/, not in another check kind (issue 12)."""
    import ast
    from pathlib import Path

    import reportlint.checks as checks

    found = []
    for path in Path(checks.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            found += [f"{path.name}: {n}" for n in names if n.startswith("reportlint.checks.")]
    assert found == []


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
