"""The language server's incremental re-check equals a fresh check, whatever the edits.

The server keeps one `analysis.reuse.Reuse` per document: the Markdown parse goes in pieces
(`document._chunked_blocks`, each piece's blocks taken from the last version when its text
was there), the views and checks take what an unchanged block gave last time, and the
block-local rules run on the blocks an edit reached (`lsp/incremental.py`). None of it may change a result: after any run of edits the
blocks equal a fresh parse's and the diagnostics a fresh session's (which is what
`reportlint check` gives: tests/test_lsp_session.py). The edits are random (hypothesis) on
documents written for this test, full of what makes a piece end in the wrong place if the
cuts were wrong: fences and HTML blocks across blank lines, loose lists whose items follow
blank lines, lazy block-quote lines, indented code, tables, setext headings, front matter.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportlint import document
from reportlint.analysis.reuse import Reuse
from reportlint.document import Document

ROOT = Path(__file__).resolve().parent.parent

MIXED = """---
title: 年度报告
---

# 2025年度工作报告

## 一、主要成绩

全市地区生产总值达到1234.5亿元，同比增长6.2%，增速高于全省平均水平。

城镇新增就业达到3.2万人，城镇调查失业率控制在5.5%以内。

- 第一项工作，推进新型工业化。

- 第二项工作，优化营商环境。

  这是第二项的续段，缩进两格。

1. Ordered item one.
2. Ordered item two.

3) A list with another delimiter.

> A quotation that runs
lazily onto the next line.

> A second quotation after a blank line.

```python
def f():

    return 1
```

Text after the fence.

<!-- a comment

that spans a blank line -->

<div>
an HTML block
</div>

Setext heading
==============

| 指标 | 数值 |
|---|---|
| 增长 | 6.2% |

    indented code

    more indented code

（一）加快推进产业升级。围绕主导产业延链补链，全年引进项目120个以上。

第三条 本办法适用于全市范围内的各类项目。

***

A closing paragraph, in English, with 42 kilometres of mains replaced.

森林覆盖率达到62.3%，空气质量优良天数比例保持在90%以上。
"""

# What an edit inserts: openers and closers of the blocks that span blank lines, list markers, blank lines
SNIPPETS = [
    "\n\n```\ncode\n", "```", "\n~~~\n", "\n\n- item\n", "\n\n* star item\n", "\n\n> quoted\n", "\n\n<!--\n",
    "-->", "\n\n<div>\n", "</div>\n\n", "\n\n<script>\n", "</script>", "\n\n1. first\n", "\n\n7) seventh\n",
    " 补充", " word", "\n\n", "\n", "\n\n# 标题\n", "\n\n    indented\n", "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "\n\n---\n", "\n===\n", "\u3000\u3000", "\t", "  ", "\n\n[ref]: http://example.com\n", "\n\n<pre>\n", "\n\n<?x\n",
    "第五条 ", "（二）", "\n\n---\ntitle: x\n---\n",
]

EDIT = st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "copy line", "delete line"]),
                 st.integers(0, len(SNIPPETS) - 1), st.integers(1, 120))


def apply(text: str, edit: tuple[float, str, int, int]) -> str:
    where, op, snippet, size = edit
    pos = int(where * len(text))
    if op == "insert":
        return text[:pos] + SNIPPETS[snippet] + text[pos:]
    if op == "delete":
        return text[:pos] + text[pos + size:]
    lines = text.split("\n")
    i = min(int(where * len(lines)), len(lines) - 1)
    if op == "copy line":
        lines.insert((i + size) % len(lines), lines[i])
    else:
        del lines[i]
    return "\n".join(lines)


def documents() -> list[tuple[str, str]]:
    return [("mixed.md", MIXED), ("draft.md", (ROOT / "examples" / "report-draft.md").read_text(encoding="utf-8")),
            ("readme.md", (ROOT / "README.md").read_text(encoding="utf-8"))]


def _same_parse(text: str, path: str, reuse: Reuse) -> None:
    reuse.complete = True
    reuse.next_version()
    fresh = Document.parse(text, path)
    kept = Document.parse(text, path, reuse=reuse)
    assert kept.language == fresh.language
    assert kept.blocks == fresh.blocks


@pytest.fixture(params=[1, document.CHUNK_SPREAD], ids=["every-cut", "default-cuts"])
def spread(request, monkeypatch):
    """Cut wherever a cut is allowed (the most pieces: the strictest test of the cuts), and as the server does."""
    monkeypatch.setattr(document, "CHUNK_SPREAD", request.param)
    return request.param


@pytest.mark.parametrize("path, text", documents())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDIT, min_size=1, max_size=8))
def test_parse_in_pieces_equals_a_fresh_parse(spread, path, text, edits):
    reuse = Reuse()
    _same_parse(text, path, reuse)
    for edit in edits:
        text = apply(text, edit)
        _same_parse(text, path, reuse)


def test_the_pieces_are_taken_again_and_the_mixed_document_is_cut(monkeypatch):
    """The reuse does its work: most pieces come from the last version, and the fixture has pieces
    that end at a fence or an HTML block left open (parsed with the next piece)."""
    monkeypatch.setattr(document, "CHUNK_SPREAD", 1)
    cuts = document._cuts(MIXED.split("\n"), 3)
    assert len(cuts) >= 15
    merged = []
    real = document._piece_blocks
    monkeypatch.setattr(document, "_piece_blocks", lambda *a: merged.append(r := real(*a)) or r)
    _same_parse(MIXED, "m.md", Reuse())
    assert None in merged  # the fence with a blank line inside, the comment across a blank line
    reuse = Reuse()
    _same_parse(MIXED, "m.md", reuse)
    _same_parse(MIXED.replace("同比增长6.2%", "同比增长6.3%"), "m.md", reuse)
    assert reuse.hits > reuse.misses
    opened = "\n\n```\n".join(MIXED.split("\n\n", 8))  # fences opened early: the pieces after them are one
    _same_parse(opened, "m.md", Reuse())


def test_a_long_document_edited_in_many_places(spread):
    """Hundreds of pieces, edits all over (seeded), blocks equal a fresh parse after each."""
    base = "\n\n".join(documents()[i][1] for i in (0, 1, 2)) * 4
    rnd = random.Random(21)
    reuse = Reuse()
    text = base
    for _ in range(25):
        text = apply(text, (rnd.random(), rnd.choice(["insert", "delete", "copy line", "delete line"]),
                            rnd.randrange(len(SNIPPETS)), rnd.randrange(1, 200)))
        _same_parse(text, "long.md", reuse)


# ---------------------------------------------------------------- the whole check

def _fresh(path: str, text: str) -> list:
    from reportlint.lsp.session import Session
    from reportlint.lsp.uris import path_to_uri

    s = Session()
    uri = path_to_uri(path)
    s.open(uri, path, text, 1)
    return s.lint(uri)[uri]


# Numbered sections and references to them, right and wrong (HD014), emphasis and brackets (MK001, MK003)
NUMBERED = """# Field manual

## 1. Scope

This manual covers the crews described in Section 2 and the checks in Section 3, but not Section 7.

## 2. Crews

Every crew has a lead (see Section 1) and **two members, as Section 3 explains.

## 3. Checks

A valve check is recorded (with photographs in the register; see Section 2 for who records it.

第一章 总则

第一条 本办法依据第三条制定，适用范围见第九条。
"""


# Counts and their lists (NU003: in the block, and a count whose items are the headings after it) and shares
# of a whole (NU005: percentages, a ratio): what the session keeps per block for those rules
COUNTS = """# 2025年工作报告

## 一、主要成绩

我们重点推进了产业升级、科技创新、城乡融合、生态保护、民生改善等3个方面的工作。

围绕“资源、客源、服务”两大要素，推进北京、上海、广州三地合作。

刑事案件、涉案金额和涉案人员实现“双下降”。

全年重点做好四个方面工作。

（一）加快产业升级。全年引进项目120个以上。

（二）推进科技创新。研发投入增长8.1%。

（三）深化城乡融合。新增就业3.2万人。

主要举措有三项：一是扩大投资，二是促进消费，三是稳定外贸，四是优化环境。

三次产业比重为4.0∶37.7∶56.0，结构持续优化。

第一产业占10%，第二产业占40%，第三产业占45%，其他占7%。

## 二、下一步计划

The programme has the following three priorities:

- connecting households
- replacing mains
- training crews
- reporting leaks

We surveyed respondents in our three regions, North, South, East, and West.

Respondents chose Python (40%), Go (30%), Rust (20%) and other (5%).
"""


def _session_documents() -> list[tuple[str, str]]:
    from test_lsp_reuse import EN, ZH

    return [("mixed.md", MIXED), ("zh.md", ZH), ("en.md", EN), ("en.txt", EN),
            ("draft.md", documents()[1][1]), ("numbered.md", NUMBERED), ("counts.md", COUNTS)]


@pytest.mark.parametrize("name, text", _session_documents())
@pytest.mark.parametrize("two_tiers", [False, True], ids=["one-check", "two-tiers"])
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDIT, min_size=1, max_size=5))
def test_incremental_diagnostics_equal_a_fresh_check(tmp_path_factory, name, text, two_tiers, edits):
    """Random edits one after another: the session's diagnostics (parse in pieces, reused views,
    block-local rules re-checked where the edit reached) are a fresh session's, diagnostic for diagnostic."""
    from reportlint.lsp.session import Session
    from reportlint.lsp.uris import path_to_uri

    path = str(tmp_path_factory.mktemp("inc") / name)
    uri = path_to_uri(path)
    s = Session(two_tiers_after_s=0.0 if two_tiers else 1e9)
    s.open(uri, path, text, 1)
    assert s.lint(uri)[uri] == _fresh(path, text)
    for version, edit in enumerate(edits, start=2):
        text = apply(text, edit)
        s.change(uri, text, version)
        if two_tiers:
            s.lint_first(uri)
            if version % 2:
                continue  # overtaken by the next edit before its second tier
        assert s.lint(uri)[uri] == _fresh(path, text), edit


def test_block_local_rules_are_rechecked_in_the_changed_blocks_only(tmp_path, monkeypatch):
    """After a one-word edit the block-local rules see the changed blocks alone, and their findings
    elsewhere are carried: the edit's block and a pasted block far from it keep their findings."""
    from reportlint.lsp import incremental
    from reportlint.lsp.session import Session
    from reportlint.lsp.uris import path_to_uri

    text = "\n\n".join(["We saw the the results of the survey this year."] + [
        f"Paragraph {k} says what the programme did in its {k}th month, in some words." for k in range(60)]
        + ["The team team met twice."])
    path = str(tmp_path / "r.md")
    uri = path_to_uri(path)
    s = Session(two_tiers_after_s=1e9)
    s.open(uri, path, text, 1)
    assert [d.rule for d in s.lint(uri)[uri]].count("TX001") == 2
    seen = []
    real = incremental.changed_only
    monkeypatch.setattr(incremental, "changed_only", lambda doc, ix: seen.append(len(ix)) or real(doc, ix))
    edited = text.replace("in its 30th month", "in its thirtieth month")
    s.change(uri, edited, 2)
    got = s.lint(uri)[uri]
    assert seen == [6]  # once, for the edited paragraph and the five others within the window (200 characters)
    assert got == _fresh(path, edited)
    assert [d.rule for d in got].count("TX001") == 2


def test_a_count_kept_for_its_block_is_counted_again_in_the_blocks_after_it(tmp_path):
    """NU003's readings of a block are kept for the block (`count-list.local`), but a count that ends
    its block counts the run after it: a heading added or removed there changes the finding, though
    the count's own block is unchanged."""
    from reportlint.lsp.session import Session
    from reportlint.lsp.uris import path_to_uri

    path = str(tmp_path / "counts.md")
    uri = path_to_uri(path)
    s = Session(two_tiers_after_s=1e9)
    s.open(uri, path, COUNTS, 1)
    first = s.lint(uri)[uri]
    assert any(d.rule == "NU003" and d.line == 11 for d in first)  # 四个方面 over three headings
    fourth = "（四）优化营商环境。新增市场主体1.2万户。\n\n"
    versions = [COUNTS.replace("主要举措有三项", fourth + "主要举措有三项"), COUNTS,
                COUNTS.replace("（三）深化城乡融合。新增就业3.2万人。\n\n", "")]
    for version, text in enumerate(versions, start=2):
        s.change(uri, text, version)
        got = s.lint(uri)[uri]
        assert got == _fresh(path, text)
        assert any(d.rule == "NU003" and d.line == 11 for d in got) == (version != 2)
    assert s.entries[uri].reuse.hits > 0


# ---------------------------------------------------------------- the similar-pairs index

_CLAUSES = ["全市地区生产总值达到1234.5亿元", "同比增长6.2%", "增速高于全省平均水平", "经济运行总体平稳、稳中有进",
            "城镇新增就业达到3.2万人", "居民人均可支配收入增长5.8%", "the programme connected 1,250 households",
            "ahead of the plan agreed with the council", "leakage across the district network fell to 18%",
            "民生保障水平持续提升", "生态环境质量继续改善", "绿色发展取得新成效"]
KEY = st.lists(st.sampled_from(_CLAUSES), min_size=1, max_size=6).map("，".join)


@settings(max_examples=80, deadline=None)
@given(versions=st.lists(st.lists(KEY, max_size=12), min_size=1, max_size=6))
def test_the_kept_similar_index_gives_the_fresh_candidates(versions):
    """near._Index, updated from version to version, proposes the pairs near._candidates does."""
    from reportlint.analysis import near
    from reportlint.text.normalize import segments

    settings_ = near.NearSettings(max_shared=4)
    ratio = settings_.threshold / (2 - settings_.threshold)
    index = near._Index(settings_)
    for keys in versions:
        first: dict[str, int] = {}
        for j, k in enumerate(keys):
            first.setdefault(k, j)
        index.update(first.keys(), segments)
        kept = sorted((first[a], first[b]) if first[a] < first[b] else (first[b], first[a]) for a, b in index.candidates)
        assert kept == sorted(near._candidates(first, settings_, ratio))
        fresh = near._Index(settings_)
        fresh.update(first.keys(), segments)
        assert index.shared == fresh.shared  # the counts too, which the next versions build on


@settings(max_examples=80, deadline=None)
@given(start=st.lists(KEY, min_size=2, max_size=10), edits=st.lists(st.lists(
    st.tuples(st.integers(0, 9), st.sampled_from(_CLAUSES), st.booleans()), min_size=1, max_size=3), min_size=1, max_size=6))
def test_the_similar_index_after_a_few_keys_at_a_time_equals_a_fresh_one(start, edits):
    """As typing changes it: one key (or a few) at a time replaced by itself with a clause added or
    dropped (its shingles mostly kept); the kept index's counts and candidates equal a fresh index's."""
    from reportlint.analysis import near
    from reportlint.text.normalize import segments

    settings_ = near.NearSettings(max_shared=3)
    index = near._Index(settings_)
    keys = list(start)
    index.update(dict.fromkeys(keys), segments)
    for step in edits:
        for at, clause, add in step:
            i = at % len(keys)
            parts = keys[i].split("，")
            keys[i] = "，".join(parts + [clause]) if add or len(parts) == 1 else "，".join(parts[:-1])
        index.update(dict.fromkeys(keys), segments)
        fresh = near._Index(settings_)
        fresh.update(dict.fromkeys(keys), segments)
        assert index.shared == fresh.shared and index.candidates == fresh.candidates


def test_the_similar_index_finds_a_pair_and_forgets_it():
    from reportlint.analysis import near
    from reportlint.text.normalize import segments

    a = "，".join(_CLAUSES[:6])
    b = "，".join(_CLAUSES[:5] + ["居民人均可支配收入增长5.9%"])
    index = near._Index(near.NearSettings())
    index.update([a, b, _CLAUSES[9]], segments)
    assert index.candidates == {(min(a, b), max(a, b))}
    index.update([a, _CLAUSES[9]], segments)
    assert index.candidates == set() and not index.shared


def test_a_block_local_rules_prefilter_reads_the_changed_blocks_not_the_whole_report(tmp_path):
    """In the document of the changed blocks (`changed_only`) the text a pre-filter tests is those blocks'
    content (a few hundred characters), not the whole report the sub-document shares; in the whole
    document it is the text itself (no copy). The findings are a fresh check's either way."""
    from reportlint.analysis.scope import blocks_text
    from reportlint.lsp.incremental import changed_only
    from reportlint.lsp.session import Session
    from reportlint.lsp.uris import path_to_uri

    paras = [f"Paragraph {k} says what the programme did in its month, in some words." for k in range(80)]
    text = "\n\n".join(paras[:40] + ["The team recieved the the report."] + paras[40:]) + "\n"
    doc = Document.parse(text, "r.md")
    assert blocks_text(doc) is doc.text
    sub = changed_only(doc, [40, 41])
    assert blocks_text(sub) == doc.blocks[40].content + "\n" + doc.blocks[41].content
    path = str(tmp_path / "r.md")
    uri = path_to_uri(path)
    s = Session(two_tiers_after_s=1e9)
    s.open(uri, path, text, 1)
    s.lint(uri)
    edited = text.replace("The team recieved", "The crew recieved")
    s.change(uri, edited, 2)
    got = s.lint(uri)[uri]
    assert got == _fresh(path, edited)
    assert {"TX001"} <= {d.rule for d in got}


@given(st.lists(st.integers(0, 60), min_size=0, max_size=12, unique=True), st.integers(0, 70))
def test_the_sentence_a_quantity_starts_in_is_found_by_bisection(cuts, at):
    """part_whole._sentence_of (bisection) is the first sentence holding the quantity's start, as a scan finds."""
    from reportlint.checks.part_whole import _sentence_of
    from reportlint.text.quantities import Quantity

    cuts = sorted(cuts)
    sentences = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a + 1][::2]  # in order, apart, with gaps
    q = Quantity(at, at + 1, "1", 1.0, 1.0, 1.0)
    assert _sentence_of(sentences, q) == next(((a, b) for a, b in sentences if a <= at < b), (at, at + 1))
