"""The outline, the sequence classifier, the duplicate link and the renumbering fixes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportlint.analysis.outline import classify_values, inline_sequences, outline
from reportlint.cli import main
from reportlint.document import Document


def faults(text: str, fmt: str = "txt", language: str = "zh") -> list[tuple[str, int, str]]:
    doc = Document.parse(text, f"t.{fmt}", fmt=fmt, language=language)
    ol = outline(doc)
    return [(f.kind, doc.index.line_of(ol.items[f.item].start), f.expected) for f in ol.faults]


@pytest.mark.parametrize(
    "values,expected",
    [
        ([1, 2, 3], []),
        ([1, 3, 4], [("skipped", 1, 2, None)]),
        ([1, 3, 2, 4], [("out-of-order", 1, 2, 2)]),
        ([1, 3, 4, 2], [("skipped", 1, 2, None), ("out-of-order", 3, 5, None)]),
        ([1, 2, 2, 3], [("repeated", 2, 3, None)]),
        ([1, 2, 2, 4], [("repeated", 2, 3, None)]),  # the second 2 should have been 3
        ([1, 2, 5, 4], [("skipped", 2, 3, None)]),  # one wrong number, not a skip and a step back
        ([1, 2, 3, 1, 2, 3], [("restart", 3, 4, None)]),
        ([2, 3], [("first", 0, 1, None)]),
        ([1, 2, 3, 1, 5, 6], [("restart", 3, 4, None)]),  # a wrong 1; the count goes on (not a skip to 5)
    ],
)
def test_classify_values(values, expected):
    assert classify_values(values) == expected


def test_lists_and_inline_restart_is_a_new_sequence():
    assert classify_values([1, 2, 1, 2], first_check=False, restarts=False) == []
    assert classify_values([1, 1, 2], first_check=False, restarts=False) == []
    assert classify_values([1, 1, 2], first_check=False) == [("repeated", 1, 2, None)]


def test_seed_like_report():
    parts = ["一、回顾", "三、目标", "四、安排"] + [f"({n})加快推进第{n}项工作" for n in "一二三"] + ["二、开局"]
    parts += [f"({n})加快推进第{n}项工作" for n in "一二三"] * 2
    got = faults("\n".join(parts) + "\n")
    assert [(k, line) for k, line, _ in got] == [("skipped", 2), ("out-of-order", 7), ("restart", 11)]


CORRECT_OUTLINES = {
    "gb9704-levels-parent-advance": ("一、回顾\n（一）增长。\n（二）转型。\n1.工业。\n2.服务业。\n二、任务\n（一）扩大内需。\n1.消费。\n", "txt", "zh"),
    "articles-count-through-chapters": (
        "第一章 总则\n第一条 为了规范。\n第二条 适用范围。\n第二章 职责\n第三条 统筹协调。\n第四条 分工负责。\n", "txt", "zh"),
    "markdown-subsections-restart-per-section": (
        "## 1. Setup\n\n### 1. Install\n\n### 2. Configure\n\n## 2. Usage\n\n### 1. Run\n", "md", "en"),
    "mistyped-level-continues-decimals": (
        "# Title\n\n### Notation\n\n##### 1 Purpose\n\n## 2 Introduction\n\n### 2.1 Scope\n", "md", "en"),
    "unnumbered-plain-line-may-be-a-parent": (
        "一、回顾\n二、规划纲要\n（一）建设五个中心。\n（二）改革开放。\n2026年主要任务\n（一）扩大内需。\n（二）发展新质生产力。\n",
        "txt", "zh"),
    "numbered-on-through-parents": ("一、任务\n（一）扩大内需。\n1.消费。\n2.投资。\n（二）产业。\n3.制造业。\n4.服务业。\n", "txt", "zh"),
    "english-numbered-paragraphs-under-numbered-headings": (
        "1. Introduction\nThe purpose of this report.\n2. Requirements\n1. The applicant shall apply.\n"
        "2. The agency shall verify.\n3. Outlook\nMore text.\n", "txt", "en"),
    "lone-bare-number-in-a-title": ("# Blog\n\n## Background\n\n## 10 Years of Rust\n\n## Outlook\n", "md", "en"),
    "english-outline-by-first-appearance": (
        "I. Introduction\nA. Background\nB. Scope\nII. Method\nA. Data\nB. Analysis\n", "txt", "en"),
    # Chapter files: one file of a larger work starts at its own number.
    "chapter-file-decimal-base": ("## 7.4 部署\n\n正文。\n\n### 7.4.1 准备\n\n### 7.4.2 安装\n\n## 7.5 运维\n", "md", "zh"),
    "chapter-file-markdown-chapter": ("# 3. Interfaces\n\nText.\n\n## 3.1 Input\n\n## 3.2 Output\n", "md", "en"),
    "chapter-file-opening-line": ("**第六章 展望与建议**\n\n**6.1 总体思路**\n\n正文。\n\n**6.2 重点举措**\n", "md", "zh"),
    "timeline-date-is-no-number": ("## Timeline\n\n### 09:10\n\nText.\n\n### 21. March, 10:00\n\nText.\n", "md", "en"),
    "lone-letter-appendix": ("1. Scope\nText here.\n2. Terms\nText here.\nX. Old notes\nText here.\n", "txt", "en"),
    "prose-sentence-naming-a-chapter": (
        "## 安装\n\n正文。\n\n第十二章会讲解如何发布软件包，并介绍更多的配置选项。\n\n## 下一步\n", "md", "zh"),
    "compound-numbers-under-a-new-first-part": (
        "第一讲第一节 绪论\n正文。\n第一讲第二节 方法\n正文。\n第二讲第一节 实践\n正文。\n第二讲第二节 总结\n正文。\n",
        "txt", "zh"),
    "english-articles-count-through-chapters": (
        "# Regulation\n\n## Chapter I\n\n### Article 1\n\nText.\n\n### Article 2\n\nText.\n\n## Chapter II\n\n"
        "### Article 3\n\nText.\n", "md", "en"),
    "articles-as-labels-restart-per-section": (
        "# Blog\n\n## Results\n\n### Article 1\n\nx\n\n### Article 2\n\ny\n\n## Conclusions\n\n### Article 1\n\nz\n", "md", "en"),
    "enumerations-after-colons-start-at-one": (
        "## 目标\n\n愿景是：\n\n1）构建安全的技术栈\n\n2）适配硬件平台\n\n路线是：\n\n1）开源共建\n\n2）标准先行\n",
        "md", "zh"),
}


def test_file_that_lost_its_first_number_is_still_reported():
    assert [k for k, _, _ in faults("各位代表：\n现在作报告。\n二、工作安排\n正文。\n三、保障\n正文。\n")] == ["first"]
    assert [k for k, _, _ in faults("# R\n\n## Background\n\n## 2. Method\n\n## 3. End\n", "md", "en")] == ["first"]


def test_compound_number_is_one_number():
    text = "第一讲第一节 绪论\n正文。\n第一讲第三节 方法\n正文。\n第二讲第二节 实践\n正文。\n"
    assert faults(text) == [("skipped", 3, "第一讲第二节"), ("first", 5, "第二讲第一节")]


def test_statute_articles_are_provisions_not_headings():
    text = ("# 某某法\n\n## 第一章 总则\n\n第一条 为了规范管理，制定本法。\n\n第二条 本法适用于下列情形：\n\n"
            "（一）在境内开展的活动；\n\n（二）在境外开展的活动。\n\n## 第二章 职责\n\n### 第一节 一般规定\n\n"
            "第三条 有关部门负责统筹协调。\n\n第五条 有关部门依法履职。\n")
    doc = Document.parse(text, "law.md")
    articles = [b for b in doc.blocks if b.enumerator is not None and b.enumerator.unit == "条"]
    assert articles and all(b.item and not b.is_heading for b in articles)
    items = [b for b in doc.blocks if b.enumerator is not None and b.enumerator.scheme == "zh-paren"]
    assert len(items) == 2 and all(b.item and not b.is_heading for b in items)
    # articles count through the chapters: 第三条 then 第五条 skips 第四条
    assert faults(text, "md") == [("skipped", 19, "第四条")]


def test_long_heading_with_commas_is_one_heading_line():
    line = "二、一张蓝图绘到底，奋力谱写中国式现代化建设新篇章，全面推进高质量发展迈上新台阶"
    doc = Document.parse("一、回顾\n正文。\n" + line + "\n（一）扩大内需。正文。\n", "r.txt")
    (b,) = [b for b in doc.blocks if b.line == 3]
    assert b.kind == "heading" and not b.runin


@pytest.mark.parametrize("text,fmt,language", CORRECT_OUTLINES.values(), ids=CORRECT_OUTLINES.keys())
def test_correct_outlines_have_no_faults(text, fmt, language):
    assert faults(text, fmt, language) == []


def test_anchor_before_number_is_skipped():
    doc = Document.parse('## <a name="x"></a>4.1 Overview\n', "t.md")
    assert doc.blocks[0].enumerator is not None and doc.blocks[0].enumerator.parts == (4, 1)


def test_inline_sequence_runs_over_item_paragraphs():
    text = "——一是坚持稳中求进。\n\n续一。\n\n——二是坚持改革。\n\n续二。\n\n续三。\n\n——三是坚持开放。\n"
    doc = Document.parse(text, "t.txt")
    assert [[i.value for i in s] for s in inline_sequences(doc)] == [[1, 2, 3]]


# ------------------------------------------------------------ CLI: duplicate link, fixes


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return lambda *a: CliRunner().invoke(main, list(a), catch_exceptions=False)


SECTION = "".join(f"（{n}）加快推进第{n}项重点工作。围绕第{n}项任务深入实施产业培育工程，培育引进一批龙头企业。\n" for n in "一二三")


def test_restart_in_pasted_copy_names_the_copy(run, tmp_path):
    """HD004 defers to DU001: it names the copy only when DU001 runs, with DU001's own params."""
    import json

    Path("r.txt").write_text("一、工作安排\n" + SECTION + SECTION, encoding="utf-8")

    def restarts(*args):
        res = run("check", "r.txt", "--format", "json", "--fail-on", "never", *args)
        return [d for d in json.loads(res.output)["diagnostics"] if d["rule"] == "HD004"]

    (d,) = restarts("--select", "HD004,DU001")  # the clause is worded in the rule's YAML, in the document's language
    assert d["line"] == 5 and "；第 5–7 行重复了第 2–4 行" in d["message"]
    assert any(r["line"] == 2 for r in d["related"])
    (d,) = restarts("--select", "HD004,DU001", "--message-language", "en")
    assert "; lines 5–7 repeat lines 2–4" in d["message"]
    for args in (("--select", "HD004"), ("--select", "HD004,DU", "--ignore", "DU001")):
        (d,) = restarts(*args, "--message-language", "en")  # the copy is not reported in this run: it explains nothing
        assert d["line"] == 5 and "repeat" not in d["message"] and not any(r["line"] == 2 for r in d["related"])
    # DU001's own params decide what a copy is: a copy too short for them explains nothing either
    Path(".reportlint.yaml").write_text("params: {DU001: {min_chars: 1000, section_chars: 1000}}\n", encoding="utf-8")
    (d,) = restarts("--select", "HD004,DU001", "--message-language", "en")
    assert "repeat" not in d["message"]


BROKEN_TXT = (
    "一、回顾\n过去一年工作扎实。\n三、目标\n(一)加快转型。深入实施。\n(二)乡村振兴。抓好产业。\n(一)生态治理。系统治理。\n"
    "四、安排\n主要包括：一是构建体系，二是扩大内需，四是深化改革。\n"
)
BROKEN_MD = (
    "# Report\n\n## 1 Purpose\n\n## 2 Introduction\n\n### 2.1 Scope\n\n### 2.3 Terms\n\n#### 2.3.1 Words\n\n"
    "## 4 Model\n\n### 4.1 Overview\n\n##### Tooling\n\n1. Sign in.\n2. Select.\n2. Save.\n4. Done.\n"
)


@pytest.mark.parametrize(
    "name,text,fixed",
    [
        ("a.txt", BROKEN_TXT, "二、目标\n（一）加快转型。深入实施。\n（二）乡村振兴。抓好产业。\n（三）生态治理。系统治理。\n三、安排\n"
                              "主要包括：一是构建体系，二是扩大内需，三是深化改革。\n"),
        ("b.md", BROKEN_MD, "### 2.2 Terms\n\n#### 2.2.1 Words\n\n## 3 Model\n\n### 3.1 Overview\n\n#### Tooling\n\n"
                            "1. Sign in.\n2. Select.\n3. Save.\n4. Done.\n"),
    ],
)
def test_unsafe_fix_renumbers_consistently_and_idempotently(run, name, text, fixed):
    Path(name).write_text(text, encoding="utf-8")
    run("check", name, "--select", "HD", "--preview", "--fix", "--unsafe-fixes", "--fail-on", "never")
    once = Path(name).read_text(encoding="utf-8")
    assert once.endswith(fixed)
    res = run("check", name, "--select", "HD", "--preview", "--fix", "--unsafe-fixes")
    assert Path(name).read_text(encoding="utf-8") == once
    assert res.exit_code == 0, res.output


def test_safe_fix_only_touches_width(run):
    Path("c.txt").write_text("一、回顾\n(一)加快转型。深入实施。\n(三)乡村振兴。抓好产业。\n", encoding="utf-8")
    run("check", "c.txt", "--select", "HD", "--preview", "--fix", "--fail-on", "never")
    assert Path("c.txt").read_text(encoding="utf-8") == "一、回顾\n（一）加快转型。深入实施。\n（三）乡村振兴。抓好产业。\n"


def test_outline_is_near_linear():
    unit = "一、部分\n" + "".join(f"（{n}）事项。正文说明一是加快，二是推进。\n1.细项。\n2.细项。\n" for n in "一二三四五六七八九十")
    def cost(copies: int) -> float:
        """CPU time (not wall: a shared machine's other work does not count), best of three, each on a
        freshly parsed document (the views are computed once per document)."""
        best = float("inf")
        for _ in range(3):
            doc = Document.parse(unit * copies, "s.txt", language="zh")
            t = time.process_time()
            outline(doc), inline_sequences(doc)
            best = min(best, time.process_time() - t)
        return best

    assert cost(2000) < 30 * max(cost(200), 0.01)


@pytest.mark.parametrize(
    "name,text,fixed",
    [
        ("c.md", "## 1. Scope\n\n## Terms\n\n## 3. Model\n\n### 3.1 Data\n",
         "## 1. Scope\n\n## 2. Terms\n\n## 3. Model\n\n### 3.1 Data\n"),
        ("e.md", "# Report\n\n## Background\n\n## 2. Method\n\n## 3. Results\n",
         "# Report\n\n## 1. Background\n\n## 2. Method\n\n## 3. Results\n"),
        ("f.txt", "一、总体要求\n（二）主要目标\n（三）重点任务\n", "一、总体要求\n（一）主要目标\n（二）重点任务\n"),
        ("d.txt", "一、回顾\n过去一年。\n二、纲要\n纲要内容。\n2026年主要任务\n今年工作。\n四、政府建设\n建设内容。\n",
         "一、回顾\n过去一年。\n二、纲要\n纲要内容。\n三、2026年主要任务\n今年工作。\n四、政府建设\n建设内容。\n"),
    ],
)
def test_lost_number_is_restored_or_the_sequence_starts_at_one(run, name, text, fixed):
    Path(name).write_text(text, encoding="utf-8")
    res = run("check", name, "--select", "HD001,HD006", "--fail-on", "never")
    assert ("may have lost its number" in res.output or "的标题可能丢了序号" in res.output) or name == "f.txt"
    run("check", name, "--select", "HD", "--preview", "--fix", "--unsafe-fixes", "--fail-on", "never")
    assert Path(name).read_text(encoding="utf-8") == fixed


def test_a_group_fix_is_attached_once_so_output_stays_linear():
    from reportlint.checks import heading_numbering, list_numbering

    doc = Document.parse("## 1. A\n\n" + "".join(f"## {n}. X{n}\n\n" for n in range(3, 300, 2)), "t.md", language="en")
    found = list(heading_numbering.run(doc, heading_numbering.Params(faults=("skipped",))))
    assert len(found) > 100 and sum(1 for f in found if f.fix is not None) == 1
    lst = Document.parse("".join(f"{n}. item\n" for n in range(1, 400, 2)), "l.md", language="en")
    found = list(list_numbering.run(lst, list_numbering.Params()))
    assert len(found) > 100 and sum(1 for f in found if f.fix is not None) == 1


def test_nested_enumeration_inside_a_list_item():
    item = "1.  Agencies shall:\n\n    a.  Set up a process;\n\n    b. Assign roles;\n\n    {} Define actions.\n\n"
    assert faults(item.format("b.") + "2.  Next.\n", "md", "en") == [("repeated", 7, "c.")]
    two = item.format("c.") + "2.  Then:\n\n    a. One;\n\n    b. Two;\n\n    c. Three.\n"
    assert faults(two, "md", "en") == []  # the next list item's own a. b. c. is a new enumeration
    # one paragraph that starts with a letter is no enumeration
    doc = Document.parse("1.  Intro.\n\n    a. Smith wrote the first draft.\n", "t.md")
    assert all(b.enumerator is None for b in doc.blocks if b.kind == "paragraph")
