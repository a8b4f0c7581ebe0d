"""The document model: blocks with exact line ranges, headings, line index, sentences."""

from __future__ import annotations

from reportlint.document import Document, LineIndex
from reportlint.text.cjk import detect_language, display_width
from reportlint.text.sentences import split_sentences


def kinds(doc):
    return [(b.kind, b.line, b.end_line) for b in doc.blocks]


def test_markdown_blocks_and_line_ranges():
    text = (
        "---\ntitle: x\n---\n"  # 1-3
        "# 一、总体要求\n"  # 4
        "\n"
        "第一段第一行\n第一段第二行。\n"  # 6-7
        "\n"
        "- 条目一\n- 条目二\n"  # 9-10
        "\n"
        "```\ncode\n```\n"  # 12-14
        "\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"  # 16-18
        "\n"
        "<!-- note -->\n"  # 20
        "\n"
        "1. first\n2. second\n"  # 22-23
    )
    doc = Document.parse(text, "a.md")
    assert kinds(doc) == [
        ("front_matter", 1, 3), ("heading", 4, 4), ("paragraph", 6, 7), ("list_item", 9, 9), ("list_item", 10, 10),
        ("code", 12, 14), ("table_row", 16, 16), ("table_row", 18, 18), ("html_comment", 20, 20),
        ("list_item", 22, 22), ("list_item", 23, 23),
    ]
    h = doc.blocks[1]
    assert h.level == 1 and h.enumerator.marker == "一、" and h.content == "一、总体要求"
    items = doc.blocks[-2:]
    assert [b.list_number for b in items] == [1, 2] and all(b.list_ordered for b in items)
    assert items[0].list_id == items[1].list_id


def test_plain_text_one_paragraph_per_line():
    text = "一、总体要求\n全市经济运行稳中有进。\n（一）加快推进产业转型。全年引进项目120个。\n就业保持稳定。\n"
    doc = Document.parse(text, "a.txt")
    assert kinds(doc) == [("heading", 1, 1), ("paragraph", 2, 2), ("paragraph", 3, 3), ("paragraph", 4, 4)]
    runin = doc.blocks[2]
    assert runin.runin and runin.enumerator.marker == "（一）" and runin.is_heading


def test_plain_text_hard_wrapped_paragraphs():
    text = "This paragraph is wrapped\nat a fixed width and goes\non for three lines.\n\nA second one.\n"
    doc = Document.parse(text, "a.txt")
    assert kinds(doc) == [("paragraph", 1, 3), ("paragraph", 5, 5)]


def test_plain_text_bullets_and_page_numbers():
    text = "- 第一项。\n- 第二项。\n- 12 -\n——第三项。\n"
    doc = Document.parse(text, "a.txt")
    assert [b.kind for b in doc.blocks] == ["list_item", "list_item", "page_number", "list_item"]
    assert doc.blocks[0].content == "第一项。"


def test_heading_schemes_recognised_in_text():
    lines = ["第一章 总则", "一、总体要求", "（二）主要目标", "3. 重点任务", "（4）保障措施", "⑤ 附则", "1.1 Scope",
             "A. Background", "IV. Results"]
    doc = Document.parse("\n".join(lines) + "\n", "a.txt")
    assert [b.kind for b in doc.blocks] == ["heading"] * len(lines)
    assert [b.enumerator.scheme for b in doc.blocks] == [
        "zh-chapter", "zh-dun", "zh-paren", "arabic-dot", "arabic-paren", "circled", "decimal", "alpha-upper", "roman-upper"]


def test_years_and_numbers_are_not_headings():
    doc = Document.parse("2021年全市经济增长5%。\n10个贫困村全部退出。\n", "a.txt")
    assert all(b.enumerator is None for b in doc.blocks)


def test_line_index_positions_and_display_width():
    idx = LineIndex("ab\n中文字\n\nx")
    assert idx.position(0) == (1, 1)
    assert idx.position(3) == (2, 1)
    assert idx.position(5) == (2, 3)
    assert idx.position(8) == (4, 1)
    assert idx.line_text(2) == "中文字"
    assert idx.display_column(5) == 4
    assert display_width("中a") == 3


def test_sentence_split_chinese_and_english():
    t = "我们要加快发展。这很好！“他说。”然后 Really? Yes. e.g. this one. 3.5 percent rose."
    assert [t[a:b] for a, b in split_sentences(t)] == [
        "我们要加快发展。", "这很好！", "“他说。”", "然后 Really?", "Yes.", "e.g. this one.", "3.5 percent rose."]


def test_language_detection():
    assert detect_language("全市经济运行稳中有进，GDP增长5.2%。") == "zh"
    assert detect_language("The economy grew by 5.2% (全年).") == "en"
