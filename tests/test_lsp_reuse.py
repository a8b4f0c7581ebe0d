"""Reuse between versions of one document (analysis/reuse.py): an edited document's diagnostics
through the server's incremental path are exactly those of a fresh check of the same text.

The fixtures are written for these tests: a Chinese and an English report with a pasted
section (DU001), a pasted sentence (DU003), near-identical paragraphs (DU002), two figures of
one metric (NU001/NU002) and blocks that recur, long enough that every reused view is used.
"""

from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol", reason="pygls/lsprotocol not installed in this venv: pip install -e . again")

from reportlint.analysis.reuse import Reuse  # noqa: E402
from reportlint.document import Document  # noqa: E402
from reportlint.lsp.session import Session  # noqa: E402
from reportlint.lsp.uris import path_to_uri  # noqa: E402

ZH = """# 年度工作报告

## 一、主要成绩

全市地区生产总值达到1234.5亿元，同比增长6.2%，增速高于全省平均水平，经济运行总体平稳、稳中有进。

城镇新增就业达到3.2万人，城镇调查失业率控制在5.5%以内，居民人均可支配收入增长5.8%，民生保障水平持续提升。

森林覆盖率达到62.3%，空气质量优良天数比例保持在90%以上，生态环境质量继续改善，绿色发展取得新成效。

全年完成固定资产投资820亿元，其中工业投资增长12.4%，重大项目建设有力推进，发展后劲不断增强。

## 二、存在问题

经济结构还不够合理，产业链条短、附加值低的问题依然突出，创新驱动能力需要进一步增强，区域发展不平衡。

城镇新增就业达到3.5万人，就业结构性矛盾仍然存在，部分行业招工难与部分群体就业难并存。

## 三、重点任务

坚持把发展经济的着力点放在实体经济上，推进新型工业化，加快建设现代化产业体系，培育壮大新兴产业集群。

全面深化改革开放，持续优化营商环境，深化国有企业改革，支持民营经济发展壮大，激发各类经营主体活力。

森林覆盖率达到64.1%，统筹山水林田湖草沙一体化保护和系统治理，推进生态文明建设迈上新台阶。

## 四、附件说明

以下内容为附件，供参阅，具体数据以统计部门正式发布为准，不作为考核依据。

坚持把发展经济的着力点放在实体经济上，推进新型工业化，加快建设现代化产业体系，培育壮大新兴产业集群。

全面深化改革开放，持续优化营商环境，深化国有企业改革，支持民营经济发展壮大，激发各类经营主体活力。

本部分另行说明。经济结构还不够合理，产业链条短、附加值低的问题依然突出，创新驱动能力需要进一步增强，区域发展不平衡。后续将补充数据。
"""

EN = """# Annual Review of the Water Programme

## Results

The programme connected 1,250 households to the new supply network during the year, ahead of the plan agreed with the council.

Leakage across the district network fell to 18% of the water put into supply, the lowest level recorded since monitoring began.

Survey results show that 64% of respondents rate the reliability of their supply as good or very good this year.

A second survey in the winter found that 71% of respondents rate the reliability of their supply as good or very good.

The maintenance team replaced 42 kilometres of old cast iron mains, most of them in the northern part of the district.

## Risks

Rising energy prices put pressure on the operating budget, and the pumping stations remain the largest single cost item.

## Board

The board of the programme has seven members, three of them named by the council.

The board met twice in the autumn. Rising energy prices put pressure on the operating budget, and the pumping stations remain the largest single cost item. It asked for a plan.

The board also approved the tariff for the next year after a long discussion of the options.

## Field procedures

Every valve inspection is recorded in the asset register within two working days, with photographs and the measured pressure.

Any burst main is isolated within four hours of the first report, and affected customers are told when supply will return.

## Notes for new crews

This annex repeats the field procedures for the crews that joined the programme after the spring.

Every valve inspection is recorded in the asset register within two working days, with photographs and the measured pressure.

Any burst main is isolated within four hours of the first report, and affected customers are told when supply will return.

Every valve inspection is recorded in the asset register within two working days, with photographs and the measured pressures.
"""


def _fresh(path: str, text: str) -> list:
    s = Session()
    uri = path_to_uri(path)
    s.open(uri, path, text, 1)
    return s.lint(uri)[uri]


def _edits(text: str) -> list[tuple[str, str]]:
    """(what, new text) after each edit, applied one after another as a writer would."""
    out = []
    paras = text.split("\n\n")
    # change a paragraph: a word added in the middle of the document
    mid = len(paras) // 2
    paras[mid] = paras[mid] + (" 补充说明。" if "，" in paras[mid] else " This was noted.")
    out.append(("change a paragraph", "\n\n".join(paras)))
    # insert lines before everything else (every later block moves, lines and offsets)
    paras.insert(1, "新增一段说明文字，用于测试插入。\n\n另一行。" if "，" in text else "A new note.\n\nAnother line.")
    out.append(("insert lines", "\n\n".join(paras)))
    # delete a copy: the last paragraph that repeats an earlier one
    for k in range(len(paras) - 1, 0, -1):
        if paras[k] in paras[:k]:
            del paras[k]
            break
    out.append(("delete a duplicate copy", "\n\n".join(paras)))
    # change a number
    for k, p in enumerate(paras):
        for old, new in (("62.3%", "63.3%"), ("64%", "66%")):
            if old in p:
                paras[k] = p.replace(old, new)
    out.append(("change a number", "\n\n".join(paras)))
    # rename a heading: the periods and the kind of section (a review, a plan) of the blocks under it change
    paras = [p.replace("主要成绩", "主要情况").replace("## Results", "## Results for 2025") for p in paras]
    out.append(("rename a heading", "\n\n".join(paras)))
    # undo everything: back to the text the reuse saw first
    out.append(("back to the original", text))
    return out


@pytest.mark.parametrize("name, text", [("zh.md", ZH), ("en.md", EN), ("zh.txt", ZH), ("en.txt", EN)])
def test_edited_document_diagnostics_equal_a_fresh_check(tmp_path, name, text):
    path = str(tmp_path / name)
    uri = path_to_uri(path)
    s = Session(two_tiers_after_s=1e9)  # one whole check per version: the incremental path alone
    s.open(uri, path, text, 1)
    first = s.lint(uri)[uri]
    assert first == _fresh(path, text)
    rules = {d.rule for d in first}
    assert {"DU001", "DU003"} <= rules, rules  # the fixture exercises the copy views
    reuse = s.entries[uri].reuse
    for version, (what, new) in enumerate(_edits(text), start=2):
        s.change(uri, new, version)
        got = s.lint(uri)[uri]
        assert reuse.hits > 0, what  # the views did take results from the last version
        assert got == _fresh(path, new), what


def test_two_tiers_after_edits_equal_a_fresh_check(tmp_path):
    """The first tier, overtaken or not, leaves the reuse right for the whole check."""
    path = str(tmp_path / "zh.md")
    uri = path_to_uri(path)
    s = Session(two_tiers_after_s=0.0)  # always two tiers
    s.open(uri, path, ZH, 1)
    s.lint(uri)
    edits = _edits(ZH)
    for version, (what, new) in enumerate(edits, start=2):
        s.change(uri, new, version)
        s.lint_first(uri)
        if version % 2:  # every other version is overtaken by the next edit before its second tier
            continue
        assert s.lint(uri)[uri] == _fresh(path, new), what


def test_the_fixture_has_the_findings_that_use_reuse():
    """The views the reuse serves find something in the fixtures (else the equality above says little)."""
    for text in (ZH, EN):
        s = Session()
        uri = path_to_uri("/tmp/fixture.md")
        s.open(uri, "/tmp/fixture.md", text, 1)
        rules = {d.rule for d in s.lint(uri)[uri]}
        assert "DU001" in rules and "DU003" in rules, rules
        assert rules & {"NU001", "NU002"}, rules


def test_reuse_keeps_only_what_the_last_whole_check_used():
    r = Reuse()
    assert r.get("k", "a", lambda: 1) == 1 and r.misses == 1
    r.complete = True
    r.next_version()
    assert r.get("k", "a", lambda: 2) == 1 and r.hits == 1  # kept from the last version
    r.complete = True
    r.next_version()
    r.next_version()  # a version checked in part (first tier only) keeps what was kept
    assert r.get("k", "a", lambda: 3) == 1
    r.complete = True
    r.next_version()
    r.complete = True
    r.next_version()  # a whole version that did not ask for "a": gone
    assert r.get("k", "a", lambda: 4) == 4


def test_a_batch_document_has_no_reuse():
    doc = Document.parse(ZH, "r.md")
    assert doc.reuse is None


def test_a_moved_quantity_moves_its_offsets_only():
    from reportlint.analysis.numbers import shifted
    from reportlint.text.quantities import scan

    (q,) = scan("增长12.5%", 7)
    assert shifted(q, 3) == q._replace(start=q.start + 3, end=q.end + 3)
    assert type(shifted(q, 3)) is type(q)


def _one_paragraph(text: str) -> str:
    """The fixture with its first section's paragraphs run into one paragraph of many lines (as a report
    converted from Word has them: lines without blank lines between them)."""
    head, rest = text.split("\n\n## ", 1)
    title, body = rest.split("\n\n", 1)
    paras = body.split("\n\n")
    return head + "\n\n## " + title + "\n\n" + "\n".join(paras[:4]) + "\n\n" + "\n\n".join(paras[4:])


def _made_anew(reuse: Reuse, kind: str) -> int:
    """Results of `kind` this version computed (not taken from the last one)."""
    return sum(1 for k in reuse.made if k[0] == kind and k not in reuse.kept)


@pytest.mark.parametrize("text", [ZH, EN])
def test_an_edit_in_a_long_paragraph_reads_again_only_its_sentence(tmp_path, text):
    """NU001's statements, DU003's sentence keys and the metric model's Chinese mentions are kept per
    sentence in the server: an edit of one line of a long paragraph computes them for that sentence
    only, and the diagnostics equal a fresh check."""
    zh = text is ZH
    text = _one_paragraph(text)
    path = str(tmp_path / "long.md")
    uri = path_to_uri(path)
    s = Session(two_tiers_after_s=1e9)
    s.open(uri, path, text, 1)
    assert s.lint(uri)[uri] == _fresh(path, text)
    reuse = s.entries[uri].reuse
    lines = text.split("\n")
    long_lines = [i for i, line in enumerate(lines) if len(line) > 40 and not line.startswith("#")][:3]
    for version, i in enumerate(long_lines, start=2):
        lines[i] = lines[i][:-1] + ("补充" if "，" in lines[i] else " again") + lines[i][-1]  # inside its last sentence
        new = "\n".join(lines)
        s.change(uri, new, version)
        got = s.lint(uri)[uri]
        assert got == _fresh(path, new)
        assert 1 <= _made_anew(reuse, "number-clause.sentence") <= 2
        assert _made_anew(reuse, "duplicate-sentence.key") <= 2
        if zh:  # the metric model's Chinese mentions are kept per sentence too
            assert 1 <= _made_anew(reuse, "metrics.sentence") <= 2
        assert sum(1 for k in reuse.made if k[0] == "number-clause.sentence") >= 4  # the paragraph's other sentences: kept
