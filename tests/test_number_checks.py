"""Behaviour of the NU checks beyond their YAML cases: messages, related spans,
table cells, purity, the shared parse and near-linear time on one giant paragraph."""

from __future__ import annotations

import time

import pytest

from reportlint.api import lint_text
from reportlint.analysis.numbers import analyse, different_periods, within
from reportlint.document import Document
from reportlint.ruleset.loader import load_rulesets
from reportlint.text.quantities import scan

RULES = {r.code: r for r in load_rulesets(["core", "zh", "en"]) if r.code.startswith("NU")}


def _lint(text: str, code: str, fmt: str = "txt", language: str = "zh"):
    return [d for d in lint_text(text, [RULES[code]], path=f"t.{fmt}", fmt=fmt, language=language) if d.rule == code]


def test_all_number_rules_share_one_not_a_quantity_list():
    """One exclude list means one quantity parse per document for every NU rule (Document.memo)."""
    lists = {r.params.exclude for r in RULES.values() if hasattr(r.params, "exclude")}  # NU011 reads table cells, not prose
    assert len(lists) == 1


@pytest.mark.parametrize("code,text,values", [
    ("NU001", "建成2号线，全市运营线路总长达到906公里。\n新增公园127座。\n据统计，全市运营线路总长达到960公里。\n", ("960公里", "906公里")),
    ("NU002", "森林覆盖率72.2%，全省第一，森林覆盖率28.8%，全省第三。\n", ("28.8%", "72.2%")),
    ("NU004", "完成营造林600万亩，其中改造提升650万亩。\n", ("650万亩", "600万亩")),
    ("NU006", "培育五大新兴产业。\n壮大六大战略新兴产业。\n", ("六大", "五大")),
])
def test_message_names_both_values_and_related_points_at_the_other(code, text, values):
    diags = _lint(text, code)
    assert diags, code
    d = diags[0]
    for v in values:
        assert v in d.message
    assert d.related, "related must point at the other value"
    other_line = text.split("\n")[d.related[0].line - 1]
    assert values[1] in other_line


def test_metric_is_named_in_the_message():
    (d,) = [d for d in _lint("森林覆盖率72.2%，森林覆盖率28.8%。\n", "NU002")]
    assert "森林覆盖率" in d.message


def test_part_equal_to_whole_is_a_warning_greater_an_error():
    (eq,) = _lint("培训11.2万人，其中护工培训11.2万人。\n", "NU004")
    (gt,) = _lint("培训11.2万人，其中护工培训12.5万人。\n", "NU004")
    # greater: the rule's own severity (which follows its measured precision); equal: always a warning
    assert str(eq.severity) == "warning" and gt.severity == RULES["NU004"].severity


def test_numbers_in_table_cells_count_as_text():
    text = "| 指标 | 说明 |\n|---|---|\n| 培训 | 培训11.2万人，其中护工培训12.5万人 |\n"
    (d,) = _lint(text, "NU004", fmt="md")
    assert d.line == 3


def test_image_alt_and_title_are_read():
    alt = "0.5% less than a day, 34.0% less than a week, 13.1% less than a month, 39.7% less than a year, 42.5% over a year"
    ok = alt.replace("34.0%", "4.2%")
    text = f'![Chart: {alt}](c.png "{ok}")\n'
    (d,) = _lint(text, "NU005", fmt="md", language="en")
    assert "129.8" in d.message


def test_check_is_pure_and_repeatable():
    text = "氢能、白酒、新材料、非常规天然气、文化旅游等3个千亿级产业集群。\n" * 3
    doc = Document.parse(text, "t.txt", language="zh")
    rule = RULES["NU003"]
    first = list(rule.module.run(doc, rule.params))
    second = list(rule.module.run(doc, rule.params))
    assert first == second and len(first) == 3
    assert doc.text == text


def test_quantities_inside_an_idiom_are_skipped():
    assert _lint("坚持“三个代表”重要思想，落实三个代表、两个维护、四个意识等3个要求。\n", "NU003") == []


def test_within_is_bisection_over_sorted_quantities():
    qs = scan("A 5个，B 6个，C 7个，D 8个")
    assert [q.text for q in within(qs, qs[1].start, qs[2].end)] == ["6个", "7个"]


def test_headings_naming_different_periods():
    assert different_periods(frozenset({"2025"}), frozenset({"2026"}))
    assert not different_periods(frozenset({"2025", "十四五"}), frozenset({"十四五"}))
    assert not different_periods(frozenset(), frozenset({"2026"}))


def test_section_period_comes_from_the_headings_above():
    doc = Document.parse("一、2025年工作回顾\n城镇新增就业25万人。\n二、2026年重点工作\n城镇新增就业28万人。\n", "t.txt", language="zh")
    periods = [bn.period for bn in analyse(doc, ()) if bn.quantities]
    assert periods == [frozenset({"2025", "review"}), frozenset({"2026", "plan"})]


def test_review_and_plan_headings_without_years_are_two_periods():
    doc = Document.parse("一、工作回顾\n城镇新增就业25万人。\n二、工作安排\n城镇新增就业28万人。\n", "t.txt", language="zh")
    periods = [bn.period for bn in analyse(doc, ()) if bn.quantities]
    assert periods == [frozenset({"review"}), frozenset({"plan"})]


def test_plain_period_line_opens_a_part():
    body = "坚持就业优先政策，扎实做好高校毕业生、农民工等重点群体就业工作，城镇新增就业{}万人，城镇调查失业率保持稳定。"
    doc = Document.parse(f"“十四五”时期工作回顾\n{body.format(25)}\n\n2026年重点工作\n{body.format(28)}\n", "t.txt", language="zh")
    periods = [bn.period for bn in analyse(doc, ()) if bn.quantities]
    assert periods == [frozenset({"十四五", "review"}), frozenset({"2026", "plan"})]


def test_number_rules_are_near_linear_on_one_giant_paragraph():
    sentence = "全年地区生产总值增长5.2%，完成年度目标任务（详见附表）。The economy grew by 5.2 percent; "

    def run(n: int) -> float:
        doc = Document.parse(sentence * n, "big.txt", language="zh")
        t = time.process_time()
        for r in RULES.values():
            list(r.module.run(doc, r.params))
        return time.process_time() - t

    # the least of two runs each: a shared machine's load spike during one run is not the code's growth
    small, big = min(run(1500), run(1500)), min(run(6000), run(6000))
    assert big < 12, big
    assert big < small * 4 * 2.5 + 0.5, (small, big)  # four times the text, not sixteen times the time


def test_table_text_survives_a_header_only_table():
    """A Markdown table with a header and no rows: NU014 has nothing to compare, and must not crash (was E002)."""
    out = lint_text("| a |\n|---|\n\n1 个\n", load_rulesets(["core", "zh", "en"]), path="t.md", fmt="md", language="zh")
    assert "E002" not in [d.rule for d in out]
