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


def test_quoted_count_message_names_the_count_and_the_items():
    (d,) = _lint("围绕“资源、服务”三大要素，推进旅游业发展。\n", "NU003")
    assert "三大要素" in d.message and "2" in d.message
    assert d.column == 10  # at the count, after the quoted list


def test_quoted_name_among_names_is_not_a_count_of_the_list():
    # “四个一批”、“两清两改”: the quoted name is one of several, the list before it is not what it counts
    assert not _lint("推进新建布局、优化提升“四个一批”、“两清两改”等工作。\n", "NU003")
    assert not _lint("完成新建布局、优化提升等“四个一批”任务。\n", "NU003")  # 等: the list is partial


def test_partial_list_line_under_deng():
    from reportlint.checks.count_list import Params, _consistent
    p = Params()
    assert _consistent(5, 4, False, p) is False
    assert _consistent(5, 4, True, p) is False      # four named and 等五: one item lost
    assert _consistent(5, 3, True, p) is True       # two unnamed: a larger total
    assert _consistent(3, 2, True, p) is True       # two examples
    assert _consistent(3, 4, True, p) is False      # more items than the count is never partial


def test_table_count_skips_total_rows_and_reports_the_rows():
    text = "# 项目\n\n下表列出了5个重点项目。\n\n| 项目 | 投资 |\n| --- | --- |\n| 甲 | 10 |\n| 乙 | 8 |\n| 丙 | 6 |\n| 合计 | 24 |\n"
    (d,) = _lint(text, "NU003", fmt="md")
    assert d.line == 3 and "3" in d.message  # three project rows; 合计 is not one


def test_ordinal_run_stops_at_a_heading():
    text = "# A\n\nThere are four reasons for the change.\n\nFirst, it was slow.\n\nSecond, it leaked.\n\n## B\n\nThird, unrelated.\n"
    (d,) = _lint(text, "NU003", fmt="md", language="en")
    assert "2" in d.message
