"""Enumerator recognition: schemes, widths, punctuation, renumbering helpers, in-paragraph items."""

from __future__ import annotations

import pytest

from reportlint.text.enumerators import find_inline_enumerators, match_enumerator


@pytest.mark.parametrize(
    "text,scheme,parts,family",
    [
        ("一、总体要求", "zh-dun", (1,), "zh-dun"),
        ("十二、保障措施", "zh-dun", (12,), "zh-dun"),
        ("（三）重点任务", "zh-paren", (3,), "zh-paren"),
        ("(三)重点任务", "zh-paren", (3,), "zh-paren"),
        ("1.坚持稳中求进", "arabic-dot", (1,), "dec"),
        ("1、坚持稳中求进", "arabic-dot", (1,), "dec"),
        ("（2）扩大内需", "arabic-paren", (2,), "arabic-paren"),
        ("（２）扩大内需", "arabic-paren", (2,), "arabic-paren"),
        ("③ 完善", "circled", (3,), "circled"),
        ("2) Scope", "arabic-rparen", (2,), "arabic-rparen"),
        ("Chapter 3 Methods", "named", (3,), "named-chapter"),
        ("Part II: Results", "named", (2,), "named-part"),
        ("Appendix B—Glossary", "named", (2,), "named-appendix"),
        ("附录A 术语", "named", (1,), "named-附录"),
        ("2）完善机制", "arabic-rparen", (2,), "arabic-rparen"),
        ("第三章 总则", "zh-chapter", (3,), "zh-chapter-章"),
        ("第十二条 本办法", "zh-chapter", (12,), "zh-chapter-条"),
        ("第一部分 回顾", "zh-chapter", (1,), "zh-chapter-部分"),
        ("3.2 Scope", "decimal", (3, 2), "dec"),
        ("5.1.3.2 Verifiers", "decimal", (5, 1, 3, 2), "dec"),
        ("IV. Method", "roman-upper", (4,), "roman-upper"),
        ("ii. detail", "roman-lower", (2,), "roman-lower"),
        ("B. Background", "alpha-upper", (2,), "alpha-upper"),
        ("c) item", "alpha-lower", (3,), "alpha-lower"),
        ("V3.6 Re-authentication", "decimal", (3, 6), "dec"),  # a standard's prefixed section number
        ("§ 12 Scope", "named", (12,), "named-§"),
        ("§3. Duties", "named", (3,), "named-§"),
    ],
)
def test_schemes(text, scheme, parts, family):
    e = match_enumerator(text)
    assert e is not None and e.scheme == scheme and e.parts == parts and e.family == family


@pytest.mark.parametrize("text", ["2025年工作回顾", "3.5%的增长", "一方面", "统一部署", "Hello world",
                                  "PM2.5 levels fell", "PM2.5浓度下降", "IPv4.1 addresses"])
def test_not_enumerators(text):
    e = match_enumerator(text)
    assert e is None or e.scheme == "decimal-bare"


@pytest.mark.parametrize(
    "text,value,marker,canonical",
    [
        ("(一)加快", 5, "(五)", "（一）"),
        ("（一）、加快", 2, "（二）、", "（一）"),
        ("一.概述", 3, "三.", "一、"),
        ("1、医疗", 10, "10、", "1."),
        ("第三章、总则", 4, "第四章、", "第三章"),
        ("ii. detail", 4, "iv.", "ii."),
        ("B. Background", 3, "C.", "B."),
        ("② 好", 5, "⑤", "②"),
        ("Appendix B—Glossary", 3, "Appendix C", "Appendix B"),
        ("Part II: Results", 4, "Part IV:", "Part II:"),
    ],
)
def test_with_value_and_canonical(text, value, marker, canonical):
    e = match_enumerator(text)
    assert e.with_value(value) == marker
    assert e.canonical() == canonical


def test_decimal_component_renumbering():
    e = match_enumerator("3.2.4 Exchange")
    assert e.numeral == "3.2.4"
    assert e.numeral_with(5) == "3.2.5"
    assert e.numeral_with(7, 0) == "7.2.4"
    assert e.with_value(1, 1) == "3.1.4"


def test_halfwidth_flags():
    assert match_enumerator("(一)加快").halfwidth_brackets
    assert match_enumerator("(一）加快").halfwidth_brackets
    assert not match_enumerator("（一）加快").halfwidth_brackets


def test_inline_enumerators_open_clauses_only():
    found = find_inline_enumerators("主要包括：一是构建体系，二是扩大内需；统一是前提。第一，要稳；第二，要进。排名第一，")
    assert [(e.style, e.value, e.marker) for e in found] == [
        ("shi", 1, "一是"), ("shi", 2, "二是"), ("di", 1, "第一，"), ("di", 2, "第二，"),
    ]
    assert found[1].with_value(3) == "三是"


def test_inline_idiom_is_not_a_sequence():
    assert find_inline_enumerators("要做到一是一，二是二。") == []


def test_inline_yao_and_qi():
    found = find_inline_enumerators("我们要做到：一要坚持稳中求进，二要深化改革；统一要求，三要点明确。其一，稳增长；其二，防风险。")
    assert [(e.style, e.value) for e in found] == [("yao", 1), ("yao", 2), ("qi", 1), ("qi", 2)]


def test_inline_brackets_inside_a_paragraph_only():
    found = find_inline_enumerators("（一）包括：（1）转型；（2）振兴。公式（1）见上。①好；②坏")
    assert [(e.style, e.value) for e in found] == [("paren-ar", 1), ("paren-ar", 2), ("circled", 1), ("circled", 2)]
    assert found[1].with_value(3) == "（3）" and found[3].with_value(3) == "③"


def test_compound_chapter_numbers():
    e = match_enumerator("第三讲第二节 结构")
    assert (e.parts, e.value, e.marker, e.family) == ((3, 2), 2, "第三讲第二节", "zh-chapter-讲节")
    assert e.with_value(3) == "第三讲第三节"
    assert match_enumerator("第二节第三章").parts == (2,)  # a higher unit after a lower one is not compound


def test_dates_and_prose_are_not_heading_numbers():
    from reportlint.document import classify_numbered_line

    assert classify_numbered_line("19. April, 11:00", "en", allow_bare=True) == (None, False)
    assert classify_numbered_line("3 May 2020 release", "en", allow_bare=True) == (None, False)
    assert classify_numbered_line("19. Mayors and councils", "en", allow_bare=True)[0] is not None
    assert classify_numbered_line("第十四章会介绍更多内容，包括发布软件包。", "zh") == (None, False)
    assert classify_numbered_line("第一章 总则", "zh")[1] is True
    assert classify_numbered_line("第一章总则", "zh")[1] is True
    assert classify_numbered_line("第一条为了保护权益，制定本法。", "zh")[0] is not None  # articles may run on


def test_zh_dun_title_may_start_with_a_numeral():
    assert match_enumerator("二、一张蓝图绘到底，奋力谱写新篇章").parts == (2,)
    assert match_enumerator("三、十大工程").parts == (3,)
    assert match_enumerator("一、二、三月份") is None  # a list of numerals
    assert match_enumerator("三、四和五") is None


def test_spaced_arabic_chapter_and_articles():
    e = match_enumerator("第 3 章 Go 汇编语言")
    assert (e.parts, e.numeral, e.with_value(4), e.canonical()) == ((3,), "3", "第 4 章", "第 3 章")
    assert match_enumerator("Article 12 Transparent information").family == "named-article"
