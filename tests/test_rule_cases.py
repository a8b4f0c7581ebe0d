"""Every rule's YAML cases, one test each (ids CODE_case), plus the rule meta-tests."""

from __future__ import annotations

import dataclasses
import re

import pytest

from reportlint import pipeline
from reportlint.api import lint_text
from reportlint.config import KEYS as CONFIG_KEYS
from reportlint.engine import EngineOptions
from reportlint.fix import applicable_fixes, apply_edits
from reportlint.diagnostics import PREFIX_CATEGORY, code_prefix
from reportlint.ruleset.loader import load_rulesets
from reportlint.sources import ReadError, decode
from reportlint.suppression import KINDS as DIRECTIVES

RULES = load_rulesets(["core", "zh", "en"])
CASES = [(r, c) for r in RULES for c in r.tests]


def _has_han(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


def _diagnostics(rule, case, message_language: str = "auto"):
    """The case's text through the real pipeline: read (decode, E001), collect, suppress, stamp."""
    options = EngineOptions(message_language=message_language)  # as --message-language does
    path = case.path or f"case.{case.format}"
    rules = [dataclasses.replace(rule, params=case.params) if case.params is not None else rule]
    # A suppression test needs the rule it suppresses.
    if rule.code == "RL001":
        rules += [r for r in RULES if r.code in ("TX001", "TX002")]
    got = decode(case.text.encode("utf-8"), path)
    if isinstance(got, ReadError):
        return pipeline.run([], rules, options, problems=[(got.path, got.reason)])
    return lint_text(case.text, rules, path=path, fmt=case.format, language=case.language, options=options)


def _run_case(rule, case, message_language: str = "auto"):
    return [d.to_json() for d in _diagnostics(rule, case, message_language) if d.rule == rule.code]


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
    english = None  # a message expectation written against the English template
    for i, (exp, d) in enumerate(zip(sorted(case.expect, key=lambda e: (e["line"], e.get("column", 0))), got)):
        for key, value in exp.items():
            if key == "message":
                msg = d["message"]
                if value not in msg:
                    english = english if english is not None else _run_case(rule, case, "en")
                    msg = english[i]["message"]
                assert value in msg, f"{rule.code} {case.name}: message {msg!r} lacks {value!r}"
            else:
                assert d[key] == value, f"{rule.code} {case.name}: {key} {d[key]} != {value} ({d.get('message')})"


FAILING = [(r, c) for r, c in CASES if c.should_fail and r.code not in ("E001", "E002")]


@pytest.mark.parametrize("rule,case", FAILING, ids=[f"{r.code}_{c.name}" for r, c in FAILING])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_message_renders_in_both_languages(rule, case, language):
    """Every failing case's findings word their message from the chosen template, never the summary fallback."""
    for d in _run_case(rule, case, language):
        assert d["message"] != rule.docs.summary, f"{rule.code} {case.name}: {language} template fell back"
        if language == "zh" and dict(rule.messages).get("zh"):
            assert _has_han(d["message"]), f"{rule.code} {case.name}: {d['message']!r}"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_builtin_rule_has_chinese_and_english_messages(rule):
    langs = dict(rule.messages)
    assert langs.get("zh") and langs.get("en"), f"{rule.code}: message needs {{en: …, zh: …}}"
    for name, texts in rule.clauses:  # the optional and the reason parts too (Phrase, {note})
        assert {"en", "zh"} <= dict(texts).keys(), f"{rule.code}: clause '{name}' needs {{en: …, zh: …}}"


_ASCII_WORD_RE = re.compile(r"[A-Za-z]{2,}")
# Names a Chinese message may show as they are: formats, encodings, the parser it follows, directives,
# config keys (MK012 names `reference-files`).
_ASCII_NAMES = {"commonmark", "utf", "gb", "bom", "nul", "md", "txt", "http", "https", "reportlint"} | {
    w for k in (*DIRECTIVES, *CONFIG_KEYS) for w in k.split("-")}


def _english_detail(rule, case, message: str) -> list[str]:
    """ASCII words of a Chinese message that neither the document nor the rule's identity supplies:
    English wording a check built in code (a reason, a change, a problem) instead of giving fields."""
    own = (case.text + repr(rule.params)).casefold()  # the document's words, and the rule's (TX005's spellings)
    ids = {w.casefold() for r in RULES for w in _ASCII_WORD_RE.findall(f"{r.code} {r.name} {r.kind}")}
    return [w for w in _ASCII_WORD_RE.findall(message)
            if w.casefold() not in own and w.casefold() not in ids and w.casefold() not in _ASCII_NAMES]


@pytest.mark.parametrize("rule,case", [(r, c) for r, c in CASES if c.should_fail],
                         ids=[f"{r.code}_{c.name}" for r, c in CASES if c.should_fail])
def test_chinese_message_has_no_english_detail(rule, case):
    """A Chinese reader gets the whole message in Chinese: every reason kind, change and problem is a
    field the rule's YAML words (issue 19 point 1), not an English phrase inside a Chinese sentence;
    the labels of the related places too ("the original", "previous number": clauses in the YAML)."""
    for d in _run_case(rule, case, "zh"):
        assert _english_detail(rule, case, d["message"]) == [], f"{rule.code} {case.name}: {d['message']!r}"
        for r in d.get("related", []):
            assert _english_detail(rule, case, r["message"]) == [], f"{rule.code} {case.name}: related {r['message']!r}"


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


def _related_labels(path) -> list[tuple[int, str | None]]:
    """(line, clause) of each RelatedSpan(start, end, label) a module builds: the clause when the label
    is phrase("clause", …), None when it is words written in code (a str literal or an f-string with words)."""
    import ast

    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "RelatedSpan" and len(node.args) > 2):
            continue
        label = node.args[2]
        if isinstance(label, ast.Call) and getattr(label.func, "id", None) == "phrase":
            out.append((node.lineno, label.args[0].value))
        elif isinstance(label, ast.Constant) or isinstance(label, ast.JoinedStr) and any(
                isinstance(v, ast.Constant) and _ASCII_WORD_RE.search(v.value) for v in label.values):
            out.append((node.lineno, None))
    return out


def test_related_labels_are_worded_in_every_rule_of_the_kind():
    """A related place's label is a clause of the rule's YAML, so a Chinese reader reads it in Chinese
    (issue 19 point 1); a kind serves several rules, and each of them words every label the kind gives."""
    from pathlib import Path

    import reportlint.analysis as analysis
    import reportlint.checks as checks

    in_code = [f"{p.name}:{line}" for d in (checks, analysis) for p in Path(d.__file__).parent.glob("*.py")
               for line, clause in _related_labels(p) if clause is None]
    assert in_code == [], f"related labels written in code, not in the rule's YAML: {in_code}"
    missing = [f"{r.code}: {clause}" for r in RULES if r.kind not in ("internal", "suppression")
               for _, clause in _related_labels(Path(r.module.__file__))
               if clause not in {n for n, _ in r.clauses}]
    assert missing == [], f"rules that do not word a related label their kind gives: {missing}"


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
