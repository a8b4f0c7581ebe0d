"""Word documents: reading .docx (headings, automatic numbering, tables, tracked changes), positions, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from reportlint.document import Document
from reportlint.sources import ReadError, discover, read_file
from reportlint.word.numbering import format_number
from tests import _word as w
from tests._cli import run  # noqa: F401 — the fixture


def lines_of(path) -> list[str]:
    src = read_file(str(path))
    assert not isinstance(src, ReadError), src
    return src.text.split("\n")


def doc_of(path) -> Document:
    return Document.from_source(read_file(str(path)))


def test_headings_from_styles_outline_levels_and_localised_names(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE

    d = w.new()
    d.add_heading("Annual report", 1)
    d.add_paragraph("Body text of the report.")
    d.add_heading("Background", 2)
    zh = d.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)  # a localised heading style name
    d.add_paragraph("研究背景", style=zh)
    custom = d.styles.add_style("Chapter Title", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = d.styles["Heading 1"]  # a heading through style inheritance
    d.add_paragraph("Results", style=custom)
    w.outline_paragraph(d, "Outline-level heading", 1)
    path = w.save(d, tmp_path / "h.docx")
    doc = doc_of(path)
    heads = [(b.line, b.text, b.level) for b in doc.blocks if b.kind == "heading"]
    assert heads == [(1, "Annual report", 1), (3, "Background", 2), (4, "研究背景", 3), (5, "Results", 1),
                     (6, "Outline-level heading", 2)]
    assert doc.format == "txt" and doc.layout == "docx"
    from reportlint.word.reader import Styles

    # a package without its styles part: Word's built-in style ids still say which paragraphs are headings
    assert (Styles(None).outline("Heading2"), Styles(None).outline("Normal")) == (1, None)


def _numbered_report(tmp_path, restart_second: bool):
    d = w.new()
    w.add_numbering(d, 90, [("chineseCounting", "%1、", 1), ("chineseCounting", "（%2）", 1)])
    w.add_num(d, 91, 90)
    w.numbered(d, "总体要求", 91, 0, "Heading 1")
    w.numbered(d, "指导思想", 91, 1, "Heading 2")
    d.add_paragraph("坚持稳中求进工作总基调。")
    w.numbered(d, "主要目标", 91, 1, "Heading 2")
    w.numbered(d, "重点任务", 91, 0, "Heading 1")
    w.numbered(d, "扩大内需", 91, 1, "Heading 2")  # restarts at （一） under 二、 (no lvlRestart: after level 1)
    if restart_second:
        w.add_num(d, 92, 90, {0: 5})  # "Restart at 五"
        w.numbered(d, "保障措施", 92, 0, "Heading 1")
    else:
        w.add_num(d, 92, 90)  # a second instance of the same definition continues it
        w.numbered(d, "保障措施", 92, 0, "Heading 1")
    return w.save(d, tmp_path / "n.docx")


def test_automatic_numbering_rendered_with_levels_and_restarts(tmp_path):
    assert lines_of(_numbered_report(tmp_path, False)) == [
        "一、总体要求", "（一）指导思想", "坚持稳中求进工作总基调。", "（二）主要目标", "二、重点任务", "（一）扩大内需",
        "三、保障措施"]
    assert lines_of(_numbered_report(tmp_path, True))[-1] == "五、保障措施"


def test_numbering_formats_and_lvl_restart(tmp_path):
    d = w.new()
    w.add_numbering(d, 80, [("decimal", "%1.", 1), ("upperLetter", "%1.%2", 1), ("ideographTraditional", "%3）", 1)],
                    restart={2: 0}, suffix="tab")  # level 3 never restarts
    w.add_num(d, 81, 80)
    for text, lvl in [("Scope", 0), ("Terms", 1), ("甲项", 2), ("Use", 0), ("Rules", 1), ("乙项", 2)]:
        w.numbered(d, text, 81, lvl)
    assert lines_of(w.save(d, tmp_path / "f.docx")) == ["1. Scope", "1.A Terms", "甲）甲项", "2. Use", "2.A Rules",
                                                        "乙）乙项"]
    assert [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 105)] == ["一", "十", "十一", "二十", "一百零五"]
    assert [format_number(n, f) for n, f in ((27, "upperLetter"), (4, "lowerRoman"), (3, "decimalEnclosedCircle"),
                                             (2, "ideographTraditional"), (12, "chineseLegalSimplified"))] == \
        ["AA", "iv", "③", "乙", "拾贰"]


def test_numbering_a_reader_sees_feeds_the_heading_checks(tmp_path, run):  # noqa: F811
    d = w.new()
    w.add_numbering(d, 70, [("chineseCounting", "%1、", 1)])
    w.add_num(d, 71, 70)
    w.add_num(d, 72, 70, {0: 1})  # the author restarted the list by mistake: 一、 二、 then 一、 again
    w.numbered(d, "总体要求", 71, 0, "Heading 1")
    d.add_paragraph("正文内容第一段。")
    w.numbered(d, "主要任务", 71, 0, "Heading 1")
    d.add_paragraph("正文内容第二段。")
    w.numbered(d, "保障措施", 72, 0, "Heading 1")
    d.add_paragraph("正文内容第三段。")
    w.save(d, tmp_path / "r.docx")
    res = run("check", "r.docx", "--format", "json", "--select", "HD")
    found = [(x["rule"], x["line"]) for x in json.loads(res.output)["diagnostics"]]
    assert found and all(line == 5 for _, line in found), found


def test_tables_rows_tracked_changes_comments_and_footnotes(tmp_path):
    d = w.new()
    d.add_paragraph("主要指标如下。")
    w.table(d, [["指标", "2023年", "2024年"], ["地区生产总值", "100亿元", "120亿元"]])
    w.tracked(d, "全年新增就业", "12万人", "10万人", "，超额完成任务。")
    p = d.add_paragraph("这一段有批注。")
    d.add_comment(p.runs[0], text="批注的文字不是正文", author="editor")
    path = w.save(d, tmp_path / "t.docx")
    assert lines_of(path) == ["主要指标如下。", "| 指标 | 2023年 | 2024年 |", "| 地区生产总值 | 100亿元 | 120亿元 |",
                              "全年新增就业12万人，超额完成任务。", "这一段有批注。"]
    doc = doc_of(path)
    assert [b.kind for b in doc.blocks] == ["paragraph", "table_row", "table_row", "paragraph", "paragraph"]
    assert doc.blocks[1].table_id == doc.blocks[2].table_id


def test_findings_positions_on_a_docx(tmp_path, run):  # noqa: F811
    d = w.new()
    d.add_heading("一、总体情况", 1)
    d.add_paragraph("森林覆盖率达到72.2%，比上年提高0.5个百分点。")
    d.add_heading("二、主要任务", 1)
    d.add_paragraph("森林覆盖率达到28.8%，全年完成造林100万亩。")
    d.add_paragraph("我们坚持稳中求进,推动高质量发展。")
    d.add_paragraph("")
    d.add_paragraph("我们坚持稳中求进，推动高质量发展，各项工作取得新成效。")
    d.add_paragraph("我们坚持稳中求进，推动高质量发展，各项工作取得新成效。")
    w.save(d, tmp_path / "report.docx")
    res = run("check", "report.docx", "--format", "json", "--fail-on", "never")
    got = {(x["rule"], x["line"], x["column"]) for x in json.loads(res.output)["diagnostics"]}
    assert ("NU002", 4, 8) in got  # the metric conflict, on the 4th paragraph, at 28.8%
    assert ("MK005", 5, 9) in got  # the half-width comma: paragraph 5, 9th character
    assert any(r == "DU001" and line == 8 for r, line, _ in got)  # the empty paragraph 6 counts as a line
    text = run("check", "report.docx", "--message-language", "en", "--fail-on", "never").output
    assert "report.docx:5:9: error MK005" in text
    assert "    5 | 我们坚持稳中求进,推动高质量发展。" in text  # the paragraph quoted
    assert "= under “二、主要任务” (line 3)" in text  # and the heading it is under
    fixed = run("check", "report.docx", "--fix", "--fail-on", "never")
    assert "--fix does not edit Word documents" in fixed.stderr
    assert lines_of(tmp_path / "report.docx")[4] == "我们坚持稳中求进,推动高质量发展。"


def test_folder_walk_finds_docx_and_skips_word_lock_files(tmp_path):
    w.save(w.new(), tmp_path / "drafts" / "a.docx")
    (tmp_path / "drafts" / "~$a.docx").write_bytes(b"\x05owner")
    files, _ = discover([str(tmp_path / "drafts")], respect_gitignore=False)
    assert [f.rsplit("/", 1)[-1] for f in files] == ["a.docx"]


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64


@pytest.mark.parametrize("name,data,says", [
    ("old.doc", OLE + "WordDocument".encode("utf-16-le"), "binary Word 97-2003 document (.doc)"),
    ("locked.docx", OLE + "EncryptedPackage".encode("utf-16-le"), "encrypted (password-protected)"),
    ("broken.docx", b"PK\x03\x04" + b"\x00garbage" * 10, "corrupt Word document"),
    ("notzip.docx", b"hello, not a zip", "corrupt Word document (not a zip archive"),
    ("empty.docx", b"", "empty file"),
])
def test_bad_word_files_are_one_e001_each(tmp_path, name, data, says):
    (tmp_path / name).write_bytes(data)
    got = read_file(str(tmp_path / name))
    assert isinstance(got, ReadError) and says in _worded(got), got
    assert "未检查" in _worded(got, "zh") and "not checked" not in _worded(got, "zh")  # issue 19: in Chinese too


def _worded(got, language: str = "en") -> str:
    """The E001 message a ReadError's reason (a Phrase E001's YAML words) gives in `language`."""
    from reportlint.engine import EngineOptions
    from reportlint.pipeline import unreadable
    from reportlint.ruleset.loader import load_rulesets

    rules = {r.code: r for r in load_rulesets(["core"])}
    (d,) = unreadable([(got.path, got.reason)], rules, EngineOptions(message_language=language))
    return d.message


def test_zip_that_is_not_word_and_broken_xml(tmp_path):
    with zipfile.ZipFile(tmp_path / "book.docx", "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert "an Excel workbook" in _worded(read_file(str(tmp_path / "book.docx")))
    good = w.save(w.new(), tmp_path / "g.docx")
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(tmp_path / "badxml.docx", "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[:-20] if item.filename == "word/document.xml" else data)
    assert "not well-formed" in _worded(read_file(str(tmp_path / "badxml.docx")))


def test_bad_word_files_in_a_real_run_others_still_checked(tmp_path):
    (tmp_path / "old.doc").write_bytes(OLE + "WordDocument".encode("utf-16-le"))
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04junk")
    (tmp_path / "ok.md").write_text("We reviewed the the results.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "reportlint", "check", "old.doc", "broken.docx", "ok.md",
                          "--format", "json"], cwd=tmp_path, capture_output=True, text=True)
    assert "Traceback" not in out.stderr
    diags = json.loads(out.stdout)["diagnostics"]
    assert sorted((x["path"], x["rule"]) for x in diags) == [("broken.docx", "E001"), ("ok.md", "TX001"),
                                                           ("old.doc", "E001")]
    assert out.returncode == 1


# ---------------------------------------------------------------- annotate


def _draft(tmp_path):
    """A report with a conflict, a half-width comma inside a formatted run, a pasted paragraph and a restart."""
    d = w.new()
    w.add_numbering(d, 60, [("chineseCounting", "%1、", 1)])
    w.add_num(d, 61, 60)
    w.add_num(d, 62, 60, {0: 1})
    w.numbered(d, "总体情况", 61, 0, "Heading 1")
    d.add_paragraph("森林覆盖率达到72.2%，比上年提高0.5个百分点。")
    w.numbered(d, "主要任务", 61, 0, "Heading 1")
    d.add_paragraph("森林覆盖率达到28.8%，全年完成造林100万亩。")
    p = d.add_paragraph()
    p.add_run("我们坚持").bold = True
    p.add_run("稳中求进,推动").italic = True
    p.add_run("高质量发展。")
    d.add_paragraph("各项工作取得新成效，人民生活水平不断提高，社会大局保持稳定。")
    d.add_paragraph("各项工作取得新成效，人民生活水平不断提高，社会大局保持稳定。")
    w.numbered(d, "保障措施", 62, 0, "Heading 1")
    w.tracked(d, "全年新增就业", "12万人", "10万人", "，城镇调查失业率5.2%,保持稳定。")
    return w.save(d, tmp_path / "draft.docx")


def test_annotate_writes_one_comment_per_finding_anchored_on_the_flagged_text(tmp_path, run):  # noqa: F811
    import hashlib

    path = _draft(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    findings = json.loads(run("check", "draft.docx", "--format", "json", "--no-fold", "--fail-on", "never").output)
    res = run("annotate", "draft.docx")
    assert res.exit_code == 0, res.output
    out = tmp_path / "draft.reviewed.docx"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the original is never modified
    got = w.comments(out)
    assert len(got) == len(findings["diagnostics"]) >= 5
    assert {a for a, _, _ in got} == {"reportlint"}
    by_code = {}
    for _, text, anchored in got:
        by_code.setdefault(text.split()[0], []).append((text, anchored))
    assert by_code["NU002"][0][1] == "28.8%"
    assert "参见第 2 行" in by_code["NU002"][0][0]  # the paragraph it refers to, quoted
    commas = sorted(a for _, a in by_code["MK005"])
    assert commas == [",", ","]  # inside the italic run and inside the tracked paragraph
    assert any("建议修改：“,” → “，”" in t for t, _ in by_code["MK005"])
    assert by_code["DU001"][0][1] == "各项工作取得新成效，人民生活水平不断提高，社会大局保持稳定。"
    assert by_code["HD004"][0][1] == "保障措施"  # the number is automatic: the heading's own text is anchored
    # the copy reads as the original: same lines, formatting kept on each split piece
    assert lines_of(out) == lines_of(path)
    import docx

    para = docx.Document(str(out)).paragraphs[4]
    runs = [(r.text, r.bold, r.italic) for r in para.runs if r.text]
    assert runs == [("我们坚持", True, None), ("稳中求进", None, True), (",", None, True), ("推动", None, True),
                    ("高质量发展。", None, None)]


def test_annotate_output_path_and_refusals(tmp_path, run):  # noqa: F811
    _draft(tmp_path)
    res = run("annotate", "draft.docx", "-o", "out/review.docx", "--select", "MK005")
    assert res.exit_code == 0 and "2 comments" in res.output
    assert [t.split()[0] for _, t, _ in w.comments(tmp_path / "out" / "review.docx")] == ["MK005", "MK005"]
    same = run("annotate", "draft.docx", "-o", "draft.docx")
    assert same.exit_code == 2 and "never modified" in same.stderr
    fix = run("annotate", "draft.docx", "--fix")
    assert fix.exit_code == 2 and "does not edit the text of a Word document" in fix.stderr
    (tmp_path / "notes.md").write_text("text\n", encoding="utf-8")
    assert run("annotate", "notes.md").exit_code == 2
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04junk")
    bad = run("annotate", "bad.docx")
    assert bad.exit_code == 2 and "corrupt Word document" in bad.stderr and not (tmp_path / "bad.reviewed.docx").exists()


# ---------------------------------------------------------------- a real word processor

_HTML = """<html><head><meta charset="utf-8"></head><body>
<h1>一、总体要求</h1><p>森林覆盖率达到72.2%，比上年提高0.5个百分点。</p>
<h1>二、主要任务</h1><h2>（一）扩大内需</h2><p>森林覆盖率达到28.8%，全年完成造林100万亩。</p>
<ol><li>第一项任务</li><li>第二项任务</li></ol>
<table border="1"><tr><td>指标</td><td>2024年</td></tr><tr><td>产值</td><td>120亿元</td></tr></table>
<p>我们坚持稳中求进,推动高质量发展。</p></body></html>"""


def _soffice():
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed: no real word processor to "
                                                "write a .docx (apt-get install libreoffice-writer-nogui)")
def test_a_document_written_by_libreoffice_and_our_comments_read_by_it(tmp_path, run):  # noqa: F811
    (tmp_path / "r.html").write_text(_HTML, encoding="utf-8")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    convert = [_soffice(), "--headless", "--norestore", "--convert-to"]
    subprocess.run([*convert, "docx:MS Word 2007 XML", "r.html"], cwd=tmp_path, env=env, capture_output=True,
                   timeout=180, check=True)
    assert lines_of(tmp_path / "r.docx") == [
        "一、总体要求", "森林覆盖率达到72.2%，比上年提高0.5个百分点。", "二、主要任务", "（一）扩大内需",
        "森林覆盖率达到28.8%，全年完成造林100万亩。", "1. 第一项任务", "2. 第二项任务", "| 指标 | 2024年 |",
        "| 产值 | 120亿元 |", "我们坚持稳中求进,推动高质量发展。"]
    doc = doc_of(tmp_path / "r.docx")
    assert [(b.kind, b.level) for b in doc.blocks][:7] == [
        ("heading", 1), ("paragraph", None), ("heading", 1), ("heading", 2), ("paragraph", None),
        ("list_item", None), ("list_item", None)]
    found = json.loads(run("check", "r.docx", "--format", "json", "--fail-on", "never").output)["diagnostics"]
    assert sorted((d["rule"], d["line"]) for d in found) == [("MK005", 10), ("NU002", 5)]
    assert run("annotate", "r.docx").exit_code == 0
    subprocess.run([*convert, "odt", "r.reviewed.docx"], cwd=tmp_path, env=env, capture_output=True, timeout=180,
                   check=True)
    with zipfile.ZipFile(tmp_path / "r.reviewed.odt") as z:
        content = z.read("content.xml").decode("utf-8")
    assert content.count("<dc:creator>reportlint</dc:creator>") == 2  # LibreOffice reads both comments
    assert "MK005 halfwidth-punctuation" in content


def test_code_and_quotation_styles_and_list_identity(tmp_path, run):  # noqa: F811
    from docx.enum.style import WD_STYLE_TYPE

    d = w.new()
    pre = d.styles.add_style("Preformatted Text", WD_STYLE_TYPE.PARAGRAPH)
    quote = d.styles["Quote"]
    d.add_paragraph("The record has the form")
    d.add_paragraph("key: value (unit", style=pre)  # code: no unmatched '(' and no cut paragraph
    d.add_paragraph("抽象出一个或者多个具体的业务，通过不同的入口来区分其功能", style=quote)
    d.add_paragraph("应用本身可以是一个或者多个入口，每一个入口都代表着功能不同的服务。")
    d.add_paragraph("The first list item is here.", style="List Bullet")
    d.add_paragraph("The second list item is here.", style="List Bullet")
    d.add_paragraph("Between the two lists.")
    d.add_paragraph("The first list item is here.", style="List Bullet")  # another list, though Word's numId is one
    path = w.save(d, tmp_path / "s.docx")
    doc = doc_of(path)
    kinds = [(b.line, b.kind, b.in_quote) for b in doc.blocks]
    assert kinds[1] == (2, "code", False) and kinds[2] == (3, "paragraph", True)
    items = [b.list_id for b in doc.blocks if b.kind == "list_item"]
    assert items[0] == items[1] != items[2]
    found = json.loads(run("check", "s.docx", "--format", "json", "--fail-on", "never").output)["diagnostics"]
    assert found == [], found


def test_a_paragraph_split_by_a_stray_enter_is_reported(tmp_path, run):  # noqa: F811
    d = w.new()
    d.add_paragraph("能跑就行，不行加机器。——某位工程师")  # an epigraph with its source is complete
    d.add_paragraph("全年新增城镇就业12万人，城镇调查失业率")
    d.add_paragraph("控制在5.5%以内，居民收入稳步增长。")
    w.save(d, tmp_path / "e.docx")
    found = json.loads(run("check", "e.docx", "--format", "json", "--select", "MK007").output)["diagnostics"]
    assert [(x["rule"], x["line"]) for x in found] == [("MK007", 2)]


def test_heading_style_levels_that_jump_are_reported(tmp_path, run):  # noqa: F811
    d = w.new()
    d.add_heading("Architecture", 1)
    d.add_paragraph("An overview of the system.")
    d.add_heading("System level", 3)  # Heading 1 then Heading 3: the navigation pane has a level with no parent
    d.add_paragraph("How the parts fit together.")
    d.add_heading("Components", 2)
    w.save(d, tmp_path / "l.docx")
    found = json.loads(run("check", "l.docx", "--format", "json", "--select", "HD007").output)["diagnostics"]
    assert [(x["rule"], x["line"]) for x in found] == [("HD007", 3)]


def test_code_runs_are_code_spans_and_comments_still_land_on_their_characters(tmp_path, run):  # noqa: F811
    d = w.new()
    p = d.add_paragraph("用 ")
    p.add_run("panic!(a,b)").font.name = "Consolas"  # code formatting: its half-width marks are code
    p.add_run(" 处理不可恢复的错误,然后退出。")
    path = w.save(d, tmp_path / "c.docx")
    assert lines_of(path) == ["用 `panic!(a,b)` 处理不可恢复的错误,然后退出。"]
    found = json.loads(run("check", "c.docx", "--format", "json", "--select", "MK005").output)["diagnostics"]
    assert [(x["line"], x["column"]) for x in found] == [(1, 26)]  # only the comma outside the code
    assert run("annotate", "c.docx", "--select", "MK005").exit_code == 0
    assert [a for _, _, a in w.comments(tmp_path / "c.reviewed.docx")] == [","]


def test_a_word_document_on_standard_input(tmp_path):
    d = w.new()
    d.add_paragraph("我们坚持稳中求进,推动高质量发展。")
    data = w.save(d, tmp_path / "in.docx").read_bytes()
    out = subprocess.run([sys.executable, "-m", "reportlint", "check", "-", "--stdin-filename", "draft.docx",
                          "--format", "json", "--select", "MK005"], input=data, capture_output=True, cwd=tmp_path)
    diags = json.loads(out.stdout)["diagnostics"]
    assert [(x["path"], x["line"], x["column"]) for x in diags] == [("draft.docx", 1, 9)]


def test_diff_base_reports_only_the_paragraphs_changed_in_a_word_document(tmp_path):
    from tests._gitrepo import git, init_repo

    repo = init_repo(tmp_path / "r", {"README.md": "# Drafts\n"})

    def draft(second: str) -> None:
        d = w.new()
        d.add_paragraph("我们坚持稳中求进,推动高质量发展。")  # an old finding, unchanged
        d.add_paragraph("各项工作取得新成效。")
        d.add_paragraph(second)
        w.save(d, repo / "report.docx")

    draft("全年新增就业12万人。")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "draft")
    draft("全年新增就业12万人,超额完成任务。")  # the edit brings a new half-width comma
    out = subprocess.run([sys.executable, "-m", "reportlint", "check", "report.docx", "--diff-base", "HEAD",
                          "--format", "json", "--select", "MK005"], cwd=repo, capture_output=True, text=True)
    assert "Traceback" not in out.stderr
    assert [(x["line"], x["rule"]) for x in json.loads(out.stdout)["diagnostics"]] == [(3, "MK005")]


def test_sarif_and_github_outputs_carry_the_paragraph_positions(tmp_path, run):  # noqa: F811
    d = w.new()
    d.add_paragraph("总体情况良好。")
    d.add_paragraph("我们坚持稳中求进,推动高质量发展。")
    w.save(d, tmp_path / "p.docx")
    sarif = json.loads(run("check", "p.docx", "--format", "sarif", "--select", "MK005").output)
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (2, 9)
    gh = run("check", "p.docx", "--format", "github", "--select", "MK005").output
    assert "file=p.docx,line=2,col=9" in gh


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, monkeypatch):
    from reportlint.word import reader

    good = w.save(w.new(), tmp_path / "g.docx")
    monkeypatch.setattr(reader, "MAX_PART_BYTES", 1000)  # the real limit is 256 MB; the document part is larger
    got = read_file(str(good))
    assert isinstance(got, ReadError) and got.reason.clause == "word_part_too_large"
    assert dict(got.reason.fields)["limit"] == 1000


def test_typed_bullets_are_list_items_as_in_a_text_file(tmp_path):
    d = w.new()
    d.add_paragraph("过去五年主要成就：")
    d.add_paragraph("——战胜贫困、接续振兴，小康社会全面建成。")  # typed dashes, no Word bullet
    d.add_paragraph("——做大总量、提升质量，经济实力跨越进位。")
    d.add_paragraph("- 聚力高端融合，做大做强传统产业。")
    doc = doc_of(w.save(d, tmp_path / "b.docx"))
    items = [(b.kind, b.content) for b in doc.blocks[1:]]
    assert items == [("list_item", "战胜贫困、接续振兴，小康社会全面建成。"), ("list_item", "做大总量、提升质量，经济实力跨越进位。"),
                     ("list_item", "聚力高端融合，做大做强传统产业。")]


def test_formatting_edges_part_words_as_markdown_marks_do(tmp_path, run):  # noqa: F811
    """Bold or italic text ends where its formatting does: "Change **Available to** to …" is no doubled word."""
    d = w.new()
    p = d.add_paragraph("Change ")
    p.add_run("Available to").bold = True
    p.add_run(" to the setting your team uses.")
    p = d.add_paragraph("Change the value to to the setting your team uses.")  # a real doubled word, one run
    p = d.add_paragraph("Set it ")
    p.add_run("to").italic = True
    p.add_run(" to the default.")
    path = w.save(d, tmp_path / "b.docx")
    assert lines_of(path)[0] == "Change Available to to the setting your team uses."  # the text keeps no marks
    found = json.loads(run("check", "b.docx", "--format", "json", "--select", "TX001").output)["diagnostics"]
    assert [x["line"] for x in found] == [2]


def test_a_symbol_run_opens_no_code_span(tmp_path):
    """A `w:sym` character (a Wingdings tick) is text, not code: no backticks appear around what follows."""
    d = w.new()
    p = d.add_paragraph("Done ")
    p._p.append(w.parse_xml(f'<w:r {w.NS}><w:sym w:font="Segoe UI Symbol" w:char="2713"/></w:r>'))
    p.add_run(" and checked.")
    path = w.save(d, tmp_path / "s.docx")
    assert lines_of(path) == ["Done ✓ and checked."]
