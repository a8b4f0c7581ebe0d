"""The table model and the relation checks of session 2 (NU008–NU011), and the metric model's
readings they rely on: beyond their YAML cases — offsets, fields, and what is left alone."""

from __future__ import annotations

from reportlint.analysis.metrics import _canonical
from reportlint.analysis.tables import tables
from reportlint.api import lint_text
from reportlint.document import Document
from reportlint.ruleset.loader import load_rulesets
from reportlint.text.quantities import scan

RULES = {r.code: r for r in load_rulesets(["core", "zh", "en"]) if r.code.startswith("NU")}


def _lint(text: str, code: str, fmt: str = "txt", language: str = "zh"):
    return [d for d in lint_text(text, [RULES[code]], path=f"t.{fmt}", fmt=fmt, language=language) if d.rule == code]


TABLE = """表 3 各区在册企业数量

| 排名 | 区 | 企业数（万） | 占比 |
| --- | --- | --- | --- |
| 1 | **东区** | 12.5 | 41.7% |
| 2 | 西区 | 9.5 | 31.7% |
| 合计 | | 22.0 | 73.4% |
"""


def test_table_model_reads_cells_units_and_caption():
    doc = Document.parse(TABLE, path="t.md")
    (t,) = tables(doc)
    assert [c.text for c in t.header.cells] == ["排名", "区", "企业数（万）", "占比"]
    assert t.caption == "表 3 各区在册企业数量"
    assert t.scale(2) == 1e4 and t.scale(3) == 1.0
    east = t.rows[0].cells[1]
    assert east.text == "东区" and doc.text[east.start : east.end] == "东区"  # offsets point past the ** markup
    share = t.rows[0].cells[3].value
    assert share.kind == "percent" and abs(share.lo - 41.65) < 1e-9 and abs(share.hi - 41.75) < 1e-9
    assert t.rows[2].cells[1].value is None  # an empty cell holds no number


def test_total_row_names_the_sum_of_its_rows():
    d = _lint(TABLE.replace("| 22.0 |", "| 23.0 |"), "NU011", fmt="md")
    assert len(d) == 1 and d[0].line == 7 and "22" in d[0].message


def test_one_mistyped_value_is_one_finding_not_two_growth_rates():
    text = ("| Year | Users | Growth |\n| --- | --- | --- |\n| 2020 | 1,000 | 5.0% |\n| 2021 | 1,100 | 10.0% |\n"
            "| 2022 | 1,810 | 10.0% |\n| 2023 | 1,331 | 10.0% |\n| 2024 | 1,464 | 10.0% |\n")
    d = _lint(text, "NU011", fmt="md", language="en")
    assert [(x.line, x.column) for x in d] == [(5, 10)]  # the value 1,810 (1,210 expected), not the two rates


def test_change_mismatch_message_gives_both_levels_and_the_computed_change():
    (d,) = _lint("全市规上工业营收从820亿元提高到1025亿元、增长15%。\n", "NU008")
    assert "15%" in d.message and "820亿元" in d.message and "1025亿元" in d.message and "+25%" in d.message
    assert d.related and d.related[0].line == 1


def test_change_mismatch_ignores_an_average_rate_and_another_clause():
    assert not _lint("地区生产总值从4.1万亿元增加到5.5万亿元，年均增长6%。\n", "NU008")
    assert not _lint("城镇化率提升5.27个百分点，留省率从67.6%提高到70%。\n", "NU008")


def test_percentage_points_written_together_are_read():
    (q,) = scan("a 3pp increase", lang="en")
    assert (q.kind, q.value) == ("pp", 3.0)
    assert scan("IPv4pp", lang="en") == []


def test_magnitude_after_bold_markup_and_exaflops():
    (q,) = scan("活跃开发者累计接近 **80** 万。")
    assert q.value == 800_000
    (q,) = scan("算力总规模达到10.36百亿亿次/秒")
    assert q.value == 10.36e18 and q.unit == "次"


def test_canonical_indicator_joins_word_order_and_measure_words():
    assert _canonical("新增城镇就业", 4) == _canonical("城镇新增就业", 4)
    assert _canonical("活跃开发者规模", 4) == _canonical("活跃开发者", 4)
    assert _canonical("算力总规模", 4) != _canonical("算力", 4)  # 算力 alone is too short to stand for it


def test_respectively_clause_does_not_hide_the_rest_of_the_sentence():
    text = ("甲、乙两项收入分别增长6.5%和7%，城镇新增就业114万人。\n"
            "民生方面，城镇新增就业141万人。\n")
    d = _lint(text, "NU002")
    assert len(d) == 1 and d[0].line == 2


def test_respectively_count_needs_two_values():
    assert _lint("甲、乙、丙三类园区分别增加2个。\n", "NU010") == []
    (d,) = _lint("甲馆、乙馆、丙馆分别接待86万、54万人次。\n", "NU010")
    assert "3" in d.message and "2" in d.message


def test_range_inverted_reads_the_bound_words_not_a_plain_to():
    assert _lint("从10亿元下降到8亿元。\n", "NU009") == []
    (d,) = _lint("并处二十万元以上五万元以下的罚款。\n", "NU009")
    assert d.column == 3


def test_share_is_checked_against_a_named_total_only():
    (d,) = _lint("全市总装机达9157万千瓦，新能源装机达4091万千瓦、占比达47.4%。\n", "NU012")
    assert "44.7%" in d.message  # the share the two figures give
    assert _lint("新增装机4178万千瓦，新能源装机达4091万千瓦、占比达60%。\n", "NU012") == []


def test_duration_counts_days_across_the_new_year():
    assert _lint("The freeze lasts three weeks, from December 20 to January 10.\n", "NU013", fmt="md", language="en") == []
    (d,) = _lint("The freeze lasts five weeks, from December 20 to January 10.\n", "NU013", fmt="md", language="en")
    assert "21 days" in d.message


def test_table_text_scales_the_cell_by_its_header_unit():
    text = ("表 2 各国活跃开发者数量\n\n| 排名 | 国家 | 总体数量（万） |\n| --- | --- | --- |\n| 1 | 甲国 | 508.42 |\n"
            "| 2 | 乙国 | 210.63 |\n\n乙国的活跃开发者超 **220 万**，稳居第二。\n")
    (d,) = _lint(text, "NU014", fmt="md")
    assert d.line == 8 and "210.63万" in d.message and d.related[0].line == 6
    assert _lint(text.replace("220 万", "210 万"), "NU014", fmt="md") == []


def test_distribution_list_is_one_breakdown_but_a_question_list_is_not():
    items = "\n\n* Go: 48.0%\n* Rust: 41.5%\n* Zig: 20.0%\n"
    assert len(_lint("The distribution of primary languages across projects:" + items, "NU005", fmt="md", language="en")) == 1
    assert _lint("Which languages do you use?" + items, "NU005", fmt="md", language="en") == []


def test_top_n_counts_the_bracketed_shares():
    (d,) = _lint("The top four answers were speed (40%), safety (30%) and tooling (12%).\n", "NU003", fmt="md", language="en")
    assert "four" in d.message and "3" in d.message


def test_relation_checks_stay_linear_on_one_giant_line():
    """A from-to pair followed by thousands of changes, a share repeated thousands of times: the look
    for a pair's change and a share's whole is bounded, so four times the text is not sixteen times the time."""
    import time

    from reportlint.document import Document

    def run(n: int) -> float:
        text = "从10亿元提高到12亿元、增长20%，" + "增长1%、" * n + "总装机达100万千瓦，" + "新能源装机达40万千瓦、占比达40%，" * n + "。\n"
        doc = Document.parse(text, "big.txt", language="zh")
        t = time.process_time()
        for code in ("NU008", "NU010", "NU012"):
            list(RULES[code].module.run(doc, RULES[code].params))
        return time.process_time() - t

    small, big = run(1000), run(4000)
    assert big < small * 4 * 2.5 + 0.5, (small, big)


def test_level_contradicted_names_the_claim_and_the_level_and_points_at_both():
    text = "五年来，全省进出口突破4000亿元、达到3921亿元；累计净增各类经营主体515万户、总量达474万户。\n"
    found = _lint(text, "NU017")
    assert [d.message for d in found] == ["“突破4000亿元”与同句所达数值3921亿元矛盾", "“净增各类经营主体515万户”与同句所达数值474万户矛盾"]
    assert [(r.column, r.message) for d in found for r in d.related] == [(text.index("3921") + 1, "所达数值：3921亿元"),
                                                                         (text.index("474") + 1, "所达数值：474万户")]


def test_level_contradicted_leaves_rounded_thresholds_and_other_measures_alone():
    # 突破3万亿元 covers 3.0–3.99…万亿 written; 3.0万亿元 is on the threshold, not below it
    assert _lint("地区生产总值突破3万亿元、达3.0万亿元。\n", "NU017") == []
    # a change in percent is not the level; a hedged level is not compared
    assert _lint("新增就业超过40万人、增长5%，累计增加500万人、达约480万人。\n", "NU017") == []
    # English: "added … reaching" is not a total; "passed …, bringing the total to" is not a threshold pair
    assert _lint("We added 45 maintainers, reaching 38 repositories.\n", "NU017", fmt="md", language="en") == []


def test_stem_joins_a_verbs_inflections_and_keeps_words_apart():
    from reportlint.analysis.metrics import _stem

    assert {_stem(w) for w in ("use", "uses", "used", "using")} == {"use"}
    assert _stem("studies") == _stem("study") and _stem("integrates") == _stem("integrate")
    assert _stem("need") == _stem("needs") == _stem("needed") == "need"
    assert len({_stem(w) for w in ("process", "class", "access")}) == 3 and _stem("class") == "class"


def test_fraction_shares_are_values_of_groups_only():
    from reportlint.text.proportions import en_fraction_shares

    def read(t: str) -> list[tuple[str, float, float]]:
        return [(q.text, round(q.lo), round(q.hi)) for q in en_fraction_shares(t, 0, len(t))]

    assert read("Three out of every four respondents work on Go.") == [("Three out of every four", 72, 78)]
    assert read("Only about ¼ of respondents use a scanner.") == [("about ¼", 20, 30)]
    assert read("Half of the time the build fails; a majority of users agree.") == []  # not a group's share
    assert read("About a quarter of respondents use generics in Go code (26%).") == []  # the figure is the value


def test_words_in_most_of_a_documents_values_do_not_make_two_metrics_one():
    """In a Go survey every clause says 'work on Go software': sharing those words says nothing; the
    clauses' own words (cloud services, databases, caches) tell the metrics apart."""
    paras = [
        "Indeed, 75% of respondents work on Go software that integrates with cloud services.",
        "We found that 91% of respondents said the Go services they work on use at least one database.",
        "In all, 68% of respondents said they work on Go software incorporating at least one cache.",
        "We found that 47% of respondents work with gRPC in their Go software.",
        "Some 44% of respondents work in Go with VS Code as their editor.",
        "About 31% of respondents work in Go with GoLand as their editor.",
        "Overall, 63% of respondents work with Go on Linux systems.",
        "Overall, 58% of respondents work with Go on macOS systems.",
    ]
    text = "\n\n".join(paras) + "\n"
    assert _lint(text, "NU002", fmt="md", language="en") == []
    # the same pair of clauses in a document about other things is still one metric stated twice
    assert len(_lint(paras[0] + "\n\nIndeed, 71% of respondents work on Go software that integrates with cloud services.\n",
                     "NU002", fmt="md", language="en")) == 1


def test_tally_word_counts_the_list_before_it():
    text = "重点领域风险总体可控，非法集资刑事案件和人员实现“三下降”。\n"
    (d,) = _lint(text, "NU003")
    assert d.message == "此处写三下降，实际列出2项"
    assert d.column == text.index("三下降") + 1 and d.related[0].column == text.index("非法集资") + 1
    # a tally inside a phrase with a number of its own (连续13年实现“双提升”) is left alone
    assert _lint("公众安全感、满意度连续13年实现“双提升”，游客和消费双提升。\n", "NU003") == []


def test_direction_contradicted_points_at_the_end_that_goes_the_other_way():
    text = "Both have steadily increased, with each rising from 3% in 2021 to 6% and 2% in 2023, respectively.\n"
    (d,) = _lint(text, "NU018", fmt="md", language="en")
    assert d.message == "'rising', but the figures go from 3% to 2%"
    assert d.column == text.index("2% in 2023") + 1 and d.related[0].column == text.index("3%") + 1
    (z,) = _lint("出口额从120亿元下降到135亿元。\n", "NU018")
    assert z.message == "“下降”与数值由120亿元到135亿元的变化方向相反"


def test_an_option_share_is_bounded_by_the_share_using_at_least_one():
    text = ("Overall, 68% of respondents said they work on Go software incorporating at\nleast one of these. Redis was "
            "clearly the most common (75%), followed by etcd (10%).\n")
    (d,) = _lint(text, "NU004", fmt="md", language="en")
    assert d.message == "The part 75% is greater than the whole 68%" and d.related[0].column == text.index("68%") + 1
    # the next sentence on another base ("Of those, …") is not bounded by it
    assert _lint("Overall, 68% use at least one cache. Of those, most (81%) run it in the cloud.\n", "NU004",
                 fmt="md", language="en") == []


def test_chinese_fraction_shares_are_read_with_their_hedge_and_bound():
    from reportlint.text.proportions import zh_fraction_shares

    def read(t: str) -> list[tuple[str, float, float, str]]:
        return [(q.text, round(q.lo, 1), round(q.hi, 1), q.hedge) for q in zh_fraction_shares(t, 0, len(t))]

    assert read("全市近三成企业完成了改造") == [("近三成", 21.0, 30.5, "近")]
    assert read("占比三分之一以上，完成率过半") == [("三分之一以上", 32.8, 100.0, "以上"), ("过半", 49.5, 100.0, "约")]
    assert read("一成不变的做法，三成员，大多数企业") == []  # 成 beginning a word; a majority is no value


def test_headings_naming_parts_of_a_year_are_different_periods():
    from reportlint.analysis.numbers import _within_year, different_periods
    assert _within_year("January 2025 update") == {"~m1"}
    assert _within_year("Sept. status, Q3") == {"~m9", "~q3"}
    assert _within_year("2025年第一季度") == {"~q1"} and _within_year("上半年工作") == {"~h1"}
    assert _within_year("3月份") == {"~m3"} and _within_year("1-6月主要指标") == frozenset()
    assert _within_year("What may change") == frozenset()
    # months differ even under one year; a part of a year and the whole year's heading do not
    assert different_periods(frozenset({"2025", "~m1"}), frozenset({"2025", "~m2"}))
    assert not different_periods(frozenset({"2025", "~m1"}), frozenset({"2025"}))
    assert different_periods(frozenset({"2025", "~m1"}), frozenset({"2026", "~m1"}))
    assert not different_periods(frozenset({"~q1"}), frozenset())
