"""Counts and parts of session 5 (issue 17, points 3 and 4): beyond the rules' YAML cases."""

from __future__ import annotations

from reportlint.api import lint_text
from reportlint.checks.part_whole import _exact_count, _sum_exceeds
from reportlint.ruleset.loader import load_rulesets
from reportlint.text.quantities import scan

RULES = {r.code: r for r in load_rulesets(["core", "zh", "en"]) if r.code.startswith("NU")}


def _lint(text: str, code: str, fmt: str = "txt", language: str = "zh"):
    return [d for d in lint_text(text, [RULES[code]], path=f"t.{fmt}", fmt=fmt, language=language) if d.rule == code]


def test_exact_counts_are_whole_numbers_of_counted_things():
    ten, amount, hedged, rounded = scan("平台10个、资金12.5亿元、约10个、21万人")
    assert _exact_count(ten)
    assert not _exact_count(amount) and not _exact_count(hedged) and not _exact_count(rounded)


def test_sum_of_exact_counts_is_compared_by_value():
    whole, a, b, c = scan("平台10个：1个、5个、5个")
    assert _sum_exceeds([a, b, c], whole)       # 11 of 10
    assert not _sum_exceeds([b, c], whole)      # 10 of 10: the parts are the whole
    w2, x, y = scan("用户500万，301万、200万")
    assert not _sum_exceeds([x, y], w2)         # rounded to 1万 each: 301万 + 200万 may be 500万 exactly

