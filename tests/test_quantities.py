"""Table-driven tests of the quantity parser (reportlint/text/quantities.py).

Every form FIELD-NOTES lists: Arabic numerals with separators and decimals,
Chinese numerals (with 点, 两, 零), magnitudes (万/亿/万亿, million/billion),
%, ‰ and percentage points, hedges and ranges as intervals, the precision a
value was written with, units and currencies, English number words — and what
is not a quantity (years, dates, ordinals, section and document numbers,
idioms and names).
"""

from __future__ import annotations

import math

import pytest

from reportlint.text.quantities import parse_arabic, parse_en_words, parse_zh_number, scan, zh_range

IDIOMS = ("一带一路", "十四五", "十五五", "三令五申", "四好农村路", "十万八千里", "一石二鸟", "三个代表")

# (text, matched text, value, unit, kind)
SINGLE = [
    # Chinese: Arabic digits with magnitudes and units
    ("完成投资2071.4亿元", "2071.4亿元", 2071.4e8, "元", "number"),
    ("培训11.2万人", "11.2万人", 112000, "人", "number"),
    ("新增3万余人", "3万余人", 30000, "人", "number"),
    ("规模达1.25亿穗", "1.25亿穗", 1.25e8, "穗", "number"),
    ("产值超12.5亿元", "超12.5亿元", 12.5e8, "元", "number"),
    ("生猪出栏400万头", "400万头", 4e6, "头", "number"),
    ("就业6830人", "6830人", 6830, "人", "number"),
    ("建成农村路544公里", "544公里", 544, "公里", "number"),
    ("新建示范村100个", "100个", 100, "个", "number"),
    ("新增滨水空间40处", "40处", 40, "处", "number"),
    ("营造林600万亩", "600万亩", 6e6, "亩", "number"),
    ("吞吐量5506.3万标准箱", "5506.3万标准箱", 55063000, "标准箱", "number"),
    ("总装机8041.6万千瓦", "8041.6万千瓦", 80416000, "千瓦", "number"),
    ("旅客1.35亿人次", "1.35亿人次", 1.35e8, "人次", "number"),
    ("改造棚户区16.72万套", "16.72万套", 167200, "套", "number"),
    ("耕层厚度20.6厘米", "20.6厘米", 20.6, "厘米", "number"),
    ("预期寿命82.5岁", "82.5岁", 82.5, "岁", "number"),
    ("增长1.5倍", "1.5倍", 1.5, "倍", "number"),
    ("24小时开放", "24小时", 24, "小时", "number"),
    ("15分钟生活圈", "15分钟", 15, "分钟", "number"),
    ("面积1.2万平方公里", "1.2万平方公里", 12000, "平方公里", "number"),
    ("用水30亿立方米", "30亿立方米", 30e8, "立方米", "number"),
    ("粮食产量900亿斤", "900亿斤", 900e8, "斤", "number"),
    ("投资1.5万亿元", "1.5万亿元", 1.5e12, "元", "number"),
    ("成交834.9亿美元", "834.9亿美元", 834.9e8, "$", "number"),
    ("引进企业37家", "37家", 37, "家", "number"),
    ("出台20条举措", "20条", 20, "条", "number"),
    ("新建高校5所", "5所", 5, "所", "number"),
    ("实施项目7956个", "7956个", 7956, "个", "number"),
    ("处理垃圾3000吨", "3000吨", 3000, "吨", "number"),
    # Chinese numerals
    ("两千零七十一点四亿元", "两千零七十一点四亿元", 2071.4e8, "元", "number"),
    ("一百零五个村", "一百零五个", 105, "个", "number"),
    ("二十个城市", "二十个", 20, "个", "number"),
    ("重点做好十个方面工作", "十个", 10, "个", "number"),
    ("三万人参加", "三万人", 30000, "人", "number"),
    ("十一点二万人", "十一点二万人", 112000, "人", "number"),
    ("五大新兴产业", "五大", 5, "大", "number"),
    ("两个台阶", "两个", 2, "个", "number"),
    ("五年来", "五年", 5, "年", "number"),
    # percent, permille, percentage points
    ("森林覆盖率72.2%", "72.2%", 72.2, "%", "percent"),
    ("百分之七十二点二", "百分之七十二点二", 72.2, "%", "percent"),
    ("百分之五十", "百分之五十", 50, "%", "percent"),
    ("百分之3.5", "百分之3.5", 3.5, "%", "percent"),
    ("占比0.5%", "0.5%", 0.5, "%", "percent"),
    ("增长5.5%", "5.5%", 5.5, "%", "percent"),
    ("人口自然增长率3‰", "3‰", 3, "‰", "percent"),
    ("全角７２％", "７２％", 72, "%", "percent"),  # full-width digits and ％ read as numbers too
    ("提高5个百分点", "5个百分点", 5, "pp", "pp"),
    ("下降0.3个百分点", "0.3个百分点", 0.3, "pp", "pp"),
    ("高于全国4.2个百分点", "4.2个百分点", 4.2, "pp", "pp"),
    ("rose by 12 percent", "12 percent", 12, "%", "percent"),
    ("fell 3 percentage points", "3 percentage points", 3, "pp", "pp"),
    ("16.1% of users", "16.1%", 16.1, "%", "percent"),
    # English: separators, magnitudes, currencies, number words
    ("a total of 1,234.5 hours", "1,234.5", 1234.5, "", "number"),
    ("revenue of $2.1 billion", "$2.1 billion", 2.1e9, "$", "number"),
    ("a grant of €3.5 million", "€3.5 million", 3.5e6, "€", "number"),
    ("cost £200", "£200", 200, "£", "number"),
    ("a fine of ¥1.2万", "¥1.2万", 12000, "¥", "number"),
    ("3 million people", "3 million", 3e6, "", "number"),
    ("10k users", "10k", 10000, "", "number"),
    ("three people", "three", 3, "", "number"),
    ("twenty-one cases", "twenty-one", 21, "", "number"),
    ("ninety-nine problems", "ninety-nine", 99, "", "number"),
    ("fifteen teams", "fifteen", 15, "", "number"),
    ("one hundred responses", "one hundred", 100, "", "number"),
    ("two hundred and five respondents", "two hundred and five", 205, "", "number"),
    ("merging 33 KEPs", "33", 33, "", "number"),
    ("valid for 12 minutes", "12", 12, "", "number"),
    ("1,130 respondents", "1,130", 1130, "", "number"),
    # ranks
    ("森林覆盖率全省第一", "第一", 1, "", "rank"),
    ("增速居全国第5位", "第5位", 5, "", "rank"),
    ("全国第3位", "第3位", 3, "", "rank"),
    ("获得第一名", "第一名", 1, "", "rank"),
    ("the city ranked 3rd", "3rd", 3, "", "rank"),
    ("finished in 5th place", "5th", 5, "", "rank"),
    # a space between the digits and a Han unit (盘古之白, usual in technical Chinese) keeps the unit
    ("共受理 120 件", "120 件", 120, "件", "number"),
    ("来自 5 个国家", "5 个", 5, "个", "number"),
    ("贡献者达到 350 人", "350 人", 350, "人", "number"),
    ("下载 1.2 万次", "1.2 万次", 12000, "次", "number"),
    ("disk of 100 GB", "100", 100, "", "number"),  # a Latin unit after a space stays English prose
    # a version is not a count (2.4 升级, 3.0 大版本, 自 2.7 起), nor a word size (64 位内核)
    ("从 2.4 升级到", "2.4", 2.4, "", "number"),
    ("3.0 大版本", "3.0", 3.0, "", "number"),
    ("自 2.7 起", "2.7", 2.7, "", "number"),
    ("64 位 Neoverse 内核", "64", 64, "", "number"),
    ("32 位系统", "32", 32, "", "number"),
    ("64位专家", "64位", 64, "位", "number"),
    ("2.5万个", "2.5万个", 25000, "个", "number"),
]

# (text, lo, hi): the interval a value stands for
INTERVALS = [
    ("11.2万人", 111500, 112500),  # precision: ±half a unit of the last written digit
    ("72.2%", 72.15, 72.25),
    ("1439个", 1438.5, 1439.5),
    ("3万余人", 30000, 40000),  # 余: up to the next unit of the last digit
    ("3万多人", 30000, 40000),
    ("两三个", 2, 4),  # ranges written with adjacent numerals
    ("三四十个", 30, 50),
    ("十七八岁", 17, 19),
    ("5-7个", 5, 8),
    ("5–7 days", 5, 8),
    ("3至5年", 3, 6),
    ("约5%", 4.25, 5.75),  # 约 / about: ±15%
    ("about 40 users", 34, 46),
    ("15%左右", 12.75, 17.25),
    ("近300万人", 2.55e6, 3.005e6),  # 近 / nearly: up to the value
    ("nearly 60%", 51, 60.5),
    ("超40吨", 40, 50),  # 超: just over a figure rounded to its last significant digit, below the next one
    ("突破5.8万家", 58000, 59000),
    ("超过 **400 万**", 4000000, 5000000),  # emphasis and a space between hedge, number and magnitude
    ("over 40 tonnes", 40, 60),  # English over: open above
    ("over 3,000 responses", 3000, 4500),
    ("2300亿元以上", 2300e8, 3450e8),
    ("5%以内", 0, 5),  # 以内 / up to: open below
    ("up to 21 days", 0, 21),
    ("less than 1000 lines", 0, 1000),
    ("at least 8 characters", 8, 12),
    ("3 million", 2.5e6, 3.5e6),
]

NOT_QUANTITIES = [
    "2021年", "2025年12月", "3月5日", "第三", "第5", "一带一路", "十四五", "“十五五”规划", "三令五申", "四好农村路",
    "十万八千里", "一石二鸟", "“三个代表”重要思想", "3.2节", "〔2021〕5号", "IPv6", "5G网络", "in 2024", "May 5, 2024",
    "version 2.1", "RFC 8446", "Section 5.2", "the 3rd edition", "one of the options", "no one knows", "统一部署",
    "唯一", "一批项目", "一是加强", "进一步", "一些", "2021-2025", "FY2024", "Appendix 3",
    "2024 年", "3 月 5 日", "截至 2023 年底",
]


@pytest.mark.parametrize("text,matched,value,unit,kind", SINGLE, ids=[c[0] for c in SINGLE])
def test_single_quantity(text, matched, value, unit, kind):
    qs = scan(text, exclude=IDIOMS)
    if matched is None:
        assert qs == []
        return
    assert len(qs) == 1, [q.text for q in qs]
    q = qs[0]
    assert q.text == matched
    assert text[q.start : q.end] == matched  # exact character span
    assert math.isclose(q.value, value, rel_tol=1e-9)
    assert q.unit == unit
    assert q.kind == kind
    assert q.lo <= q.value <= q.hi or q.is_range


@pytest.mark.parametrize("text,lo,hi", INTERVALS, ids=[c[0] for c in INTERVALS])
def test_interval(text, lo, hi):
    qs = scan(text)
    assert len(qs) == 1, [q.text for q in qs]
    assert math.isclose(qs[0].lo, lo, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(qs[0].hi, hi, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_a_quantity(text):
    assert scan(text, exclude=IDIOMS) == []


@pytest.mark.parametrize("text,noun", [
    ("the team triaged 46 security reports", "reports"),  # a compound's plural head
    ("5 open source projects joined", "projects"),
    ("33 KEPs merged", "keps"),
    ("12 GB memory", "gb"),  # no plural after it: the first word
    ("3 of the reports", ""),
])
def test_counted_noun(text, noun):
    assert scan(text)[0].noun == noun


def test_offsets_are_shifted_by_base():
    q = scan("共培训11.2万人", base=100)[0]
    assert (q.start, q.end) == (103, 109)


def test_several_quantities_in_order():
    text = "新增城市金角银边100处、社区微花园50个，其中新建62个"
    assert [q.text for q in scan(text)] == ["100处", "50个", "62个"]


def test_range_is_an_interval_not_concatenated_digits():
    (q,) = scan("两三个村")
    assert q.is_range and q.value == 2 and q.hi == 4  # never 23


def test_precision_decides_disjointness():
    a, b = scan("11.2万人")[0], scan("112000人")[0]
    assert not a.disjoint(b)  # 112 000 lies in [111 500, 112 500)
    c = scan("11.3万人")[0]
    assert a.disjoint(c)


def test_percent_is_not_percentage_points():
    (p,) = scan("增长5%")
    (pp,) = scan("提高5个百分点")
    assert p.unit == "%" and pp.unit == "pp"


def test_idioms_come_from_the_caller():
    assert scan("三个代表") != []  # without the list it reads as a count
    assert scan("三个代表", exclude=("三个代表",)) == []


@pytest.mark.parametrize("s,value,step", [
    ("1,234.5", 1234.5, 0.1), ("2071.4", 2071.4, 0.1), ("300", 300, 1), ("0.05", 0.05, 0.01),
])
def test_parse_arabic(s, value, step):
    v, st = parse_arabic(s)
    assert math.isclose(v, value) and math.isclose(st, step)


@pytest.mark.parametrize("s,value", [
    ("七十二点二", 72.2), ("两千零七十一点四", 2071.4), ("十一", 11), ("一百零五", 105), ("二〇二一", 2021),
    ("三千二百万", 32_000_000), ("十", 10), ("两", 2), ("零点五", 0.5),
])
def test_parse_zh_number(s, value):
    v, _ = parse_zh_number(s)
    assert math.isclose(v, value)


@pytest.mark.parametrize("s", ["三四", "十十", "百千"])
def test_parse_zh_number_rejects_ranges_and_malformed(s):
    assert parse_zh_number(s) is None


@pytest.mark.parametrize("s,value", [
    ("twenty-one", 21), ("two hundred and five", 205), ("three million", 3_000_000), ("nineteen", 19),
    ("one thousand two hundred", 1200), ("ninety nine", 99),
])
def test_parse_en_words(s, value):
    assert parse_en_words(s) == value


@pytest.mark.parametrize("s,rng", [("两三", (2, 4)), ("三四十", (30, 50)), ("十七八", (17, 19)), ("三五", None), ("二", None)])
def test_zh_range(s, rng):
    assert zh_range(s) == rng


def test_long_line_is_linear():
    import time

    text = "培训11.2万人，其中女性5.1万人、增长3.5%；" * 20000
    t = time.perf_counter()
    qs = scan(text)
    assert len(qs) == 60000
    assert time.perf_counter() - t < 5


def test_k_covers_both_readings():
    """64K octets may be 64,000 or 65,536: the interval holds both, so 65,507 bytes is not larger."""
    (q,) = [q for q in scan("a payload cannot exceed 64K octets") if q.value]
    assert q.value == 64000
    assert q.lo <= 64000 and q.hi >= 65536
    (m,) = scan("we paid $64K for hosting")
    assert m.hi < 65000  # money in thousands is decimal
