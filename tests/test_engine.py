"""Engine behaviour: suppression comments, unused suppressions, crashes, language filters."""

from __future__ import annotations

import dataclasses
import types

import pytest

from reportlint.api import lint_text
from reportlint.document import Document
from reportlint.engine import EngineOptions
from reportlint.ruleset.loader import load_rulesets

RULES = {r.code: r for r in load_rulesets(["core", "zh", "en"])}
TX001, RL001 = RULES["TX001"], RULES["RL001"]


def codes(text, rules=(TX001, RL001), fmt="md"):
    return [(d.rule, d.line) for d in lint_text(text, list(rules), path=f"a.{fmt}", fmt=fmt)]


def test_disable_enable_region():
    text = "the the\n<!-- reportlint-disable TX001 -->\nthe the\nthe the\n<!-- reportlint-enable TX001 -->\nthe the\n"
    assert codes(text) == [("TX001", 1), ("TX001", 6)]


def test_disable_next_line_by_prefix_name_and_category():
    for token in ("TX001", "TX", "doubled-word", "style"):
        text = f"<!-- reportlint-disable-next-line {token} -->\nthe the\nthe the\n"
        assert codes(text) == [("TX001", 3)], token


def test_disable_file_and_all_rules():
    assert codes("the the\n<!-- reportlint-disable-file -->\nthe the\n") == []
    assert codes("<!-- reportlint-disable -->\nthe the\n") == []


def test_unused_suppression_is_reported():
    assert codes("<!-- reportlint-disable-next-line TX001 -->\nclean line\n") == [("RL001", 1)]
    got = codes("<!-- reportlint-disable TX001, NU -->\nthe the\n")
    assert got == [("RL001", 1)]  # NU suppressed nothing; TX001 did


def test_suppression_comments_work_in_plain_text():
    assert codes("<!-- reportlint-disable-next-line TX001 -->\nthe the\n", fmt="txt") == []


def test_a_crashing_check_becomes_one_E002_and_other_rules_still_run():
    def boom(doc, params):
        raise ZeroDivisionError("bad arithmetic")

    broken = dataclasses.replace(RULES["TX003"], module=types.SimpleNamespace(run=boom, FIELDS=frozenset()))
    diags = lint_text("the the\n", [broken, TX001, RULES["E002"]], path="a.md")
    got = {d.rule: d for d in diags}
    assert set(got) == {"E002", "TX001"}
    assert "TX003" in got["E002"].message and "ZeroDivisionError: bad arithmetic" in got["E002"].message
    assert got["E002"].category == "error"


def test_rule_languages_filter_uses_detected_or_forced_language():
    zh_only = dataclasses.replace(TX001, languages=("zh",))
    assert lint_text("the the end\n", [zh_only], path="a.md") == []
    assert len(lint_text("the the end\n", [zh_only], path="a.md", language="zh")) == 1


def test_severity_override():
    from reportlint.diagnostics import Severity
    from reportlint.pipeline import lint_document
    from reportlint.document import Document

    doc = Document.parse("the the\n", "a.md")
    (d,) = lint_document(doc, [TX001], EngineOptions(severity={"TX001": Severity.ERROR}))
    assert d.severity == Severity.ERROR


def test_directives_inside_code_blocks_are_examples_not_directives():
    text = "```markdown\n<!-- reportlint-disable-next-line TX001 -->\nthe the\n```\n\nthe the\n"
    assert codes(text) == [("TX001", 6)]


def test_a_documents_cpu_timer_stops_a_slow_check_and_restores_the_signal_handler(monkeypatch):
    """collect installs one SIGVTALRM handler for all of a document's rules and arms the timer per
    check: a check past its budget is stopped (E002 timeout) and the next check runs with a fresh
    budget; afterwards the previous handler is back and no timer is left running."""
    import signal

    from reportlint.engine import CpuTimer, check_findings

    if not hasattr(signal, "setitimer"):
        pytest.skip("no interval timers on this platform")
    monkeypatch.setenv("REPORTLINT_RULE_TIME_BUDGET", "0.05")
    before = signal.getsignal(signal.SIGVTALRM)

    class Slow:
        @staticmethod
        def run(doc, params):
            while True:
                pass
            yield  # pragma: no cover

    from reportlint.ruleset.loader import load_rulesets
    rules = {r.code: r for r in load_rulesets(["core"])}
    slow = dataclasses.replace(rules["TX003"], module=Slow)
    doc = Document.parse("Some text here.\n", "a.md")
    with CpuTimer(len(doc.text)) as timer:
        first = check_findings(slow, doc, timer=timer)
        second = check_findings(rules["TX003"], doc, timer=timer)
    assert [r.code for r in first] == ["E002"] and first[0].finding.fields["what"].clause == "timeout"
    assert all(r.code != "E002" for r in second)
    assert signal.getsignal(signal.SIGVTALRM) is before
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
