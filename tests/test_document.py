"""The document model: blocks with exact line ranges, headings, line index, sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from reportlint import plaintext
from reportlint.document import Document, JoinedIndex, LineIndex
from reportlint.text.cjk import HAN_RANGES, detect_language, display_width, letter_counts
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


def test_letter_counts_are_the_character_classes_counts():
    """The bytes-level counts agree with counting the classes' characters one by one, at every edge
    of the Han ranges (U+4DC0–U+4DFF are not Han though their UTF-16 high byte is), for astral
    characters and lone surrogates."""
    import random
    import re

    han_re, latin_re = re.compile(f"[{HAN_RANGES}]"), re.compile("[A-Za-z]")
    edges = [0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0xC0, 0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00,
             0x9FFF, 0xA000, 0xF8FF, 0xF900, 0xFAFF, 0xFB00, 0xFF21, 0xD800, 0xDFFF, 0x20000, 0x2A6D6]
    pool = [chr(c) for e in edges for c in range(max(0, e - 2), e + 3)] + list("全市经济 GDP，。5.2%")
    rnd = random.Random(7)
    for _ in range(3000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 30)))
        assert letter_counts(text) == (len(han_re.findall(text)), len(latin_re.findall(text))), ascii(text)
    assert letter_counts("GDP增长5.2%，䷀䷿") == (2, 3)


# ---------------------------------------------------------------- plain text as published (reportlint/plaintext.py)

_WRAPPED = (
    "Widget Transfer Protocol                                   March 2031\n"  # 1
    "\n"
    "Table of Contents\n"  # 3
    "\n"
    "   1.  Introduction . . . . . . . . . . . . . . . . . . . . . . .  2\n"  # 5
    "     1.1.  Terms used in this memo  . . . . . . . . . . . . . . .  2\n"  # 6
    "   2.  Message Format . . . . . . . . . . . . . . . . . . . . . .  3\n"  # 7
    "\n"
    "1.  Introduction\n"  # 9
    "\n"
    "   The widget transfer protocol moves small widgets between two hosts\n"  # 11
    "   that share no state.  Each host keeps a queue of widgets and sends\n"
    "   them in order (see Section\n"
    "   2 for the framing) until the queue is empty.\n"  # 14
    "\n"
    "1.1.  Terms used in this memo\n"  # 16
    "\n"
    "   The following terms are used throughout the text of this memo, in\n"  # 18
    "   the sense given here and in no other:\n"
    "\n"
    "   o  A widget is a sequence of octets that the sender wishes to move\n"  # 21
    "      to the receiver without change.\n"
    "\n"
    "   o  A queue is an ordered list of widgets waiting to be sent to one\n"  # 24
    "      receiver.\n"
    "\n"
    "\n"
    "\n"
    "Example & Sample             Experimental                      [Page 2]\n"  # 29
    "\f\n"  # 30
    "WTP                     Widget Transfer Protocol             March 2031\n"  # 31
    "\n"
    "\n"
    "2.  Message Format\n"  # 34
    "\n"
    "   Each message starts with a header that gives the length of the body\n"  # 36
    "   that follows it, and the receiver reads exactly that many octets from\n"
    "\n"
    "\n"
    "\n"
    "Example & Sample             Experimental                      [Page 3]\n"  # 41
    "\f\n"  # 42
    "WTP                     Widget Transfer Protocol             March 2031\n"  # 43
    "\n"
    "\n"
    "   the connection before it looks for the next header in the stream.\n"  # 46
    "\n"
    "        message     = header body\n"  # 48
    "        header      = 1*4DIGIT CRLF ; length of the body, in octets\n"
    "        body        = *OCTET\n"  # 50
    "\n"
    "   [RFC5234]  Crocker, D., Ed. and P. Overell, \"Augmented BNF for\n"  # 52
    "              Syntax Specifications: ABNF\", STD 68, RFC 5234.\n"
    "\n"
    "\n"
    "\n"
    "Example & Sample             Experimental                      [Page 4]\n"  # 57
)


def test_layout_is_decided_from_the_text():
    assert Document.parse(_WRAPPED, "a.txt").layout == "wrapped"
    per_line = "一、总体要求\n全市经济运行稳中有进，主要指标好于预期，全年地区生产总值增长百分之五。\n" * 4
    assert Document.parse(per_line, "a.txt").layout == "lines"
    assert Document.parse("# Title\n\nText.\n", "a.md").layout == "markdown"


def test_hard_wrapped_blocks():
    doc = Document.parse(_WRAPPED, "a.txt")
    got = kinds(doc)
    assert ("contents", 5, 7) in got
    assert [(k, a) for k, a, _ in got if k == "heading"] == [("heading", 9), ("heading", 16), ("heading", 34)]
    # a wrapped line that starts with a number ("2 for the framing") continues its paragraph
    assert ("paragraph", 11, 14) in got
    assert ("list_item", 21, 22) in got and ("list_item", 24, 25) in got
    assert ("page_furniture", 29, 31) in got
    # the paragraph cut by the page break runs across it
    assert ("paragraph", 36, 46) in got
    assert ("preformatted", 48, 50) in got
    assert ("list_item", 52, 53) in got  # a reference entry with its hanging continuation
    assert ("page_furniture", 57, 57) in got


def test_wrapped_text_blocks_equal_the_constructors():
    """The wrapped reader writes its blocks' fields at once (`document._span_block`): each is the block
    `Block(...)` makes, equal, hashed, pickled and frozen alike."""
    import dataclasses
    import pickle

    from reportlint.document import Block

    doc = Document.parse(_WRAPPED, "a.txt")
    for b in doc.blocks:
        made = Block(**{f.name: getattr(b, f.name) for f in dataclasses.fields(Block)})
        assert b == made and hash(b) == hash(made) and repr(b) == repr(made)
        assert vars(b) == vars(made) and pickle.loads(pickle.dumps(b)) == made
        assert b.content == made.content
    try:
        doc.blocks[0].kind = "x"
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a block of a wrapped text is mutable")


@pytest.mark.parametrize("text", [_WRAPPED, _WRAPPED.replace("\n", "\r\n"), _WRAPPED * 3, _WRAPPED.rstrip("\n"),
                                  "\n\n" + _WRAPPED.replace("\n   ", "\n\t")])
def test_joined_view_line_starts_are_the_source_line_starts_moved_to_the_view(text):
    """The view's line starts, made from the wraps (`document._joined_line_starts`, speed), are where the
    source's line starts map to in the view (`JoinedIndex.to_view`), page furniture inside a paragraph too."""
    index = Document.parse(text, "a.txt").index
    assert isinstance(index, JoinedIndex)
    assert index.starts == [index.to_view(x) for x in index.source.starts]


def test_furniture_inside_a_paragraph_is_left_out_of_its_view_with_positions_kept():
    doc = Document.parse(_WRAPPED, "a.txt")
    para = next(b for b in doc.blocks if b.line == 36)
    assert len(para.text) == para.end - para.start
    assert "Page 3" not in para.text and "Widget Transfer" not in para.text and "\f" not in para.text
    i = para.text.index("the connection")
    assert doc.index.position(para.start + i) == (46, 4)
    assert "\n" not in para.text  # the page break reads as one space between the two halves of the sentence
    assert not any(b.is_prose for b in doc.blocks if b.kind in ("contents", "page_furniture", "preformatted"))


def test_chinese_hard_wrapped_lines_join_without_a_space():
    line = "全市经济运行稳中有进，主要指标好于预期，全年地区生产总值增长"
    text = "\n".join([line, "百分之五点五，城镇新增就业十二万人，居民收入稳步增长，物价总体", "平稳，重点领域改革取得新突破，发展的协调性持续增强。", "",
                      line, "百分之五点五，城镇新增就业十二万人，居民收入稳步增长，物价总体", "平稳。", ""])
    doc = Document.parse(text, "a.txt")
    assert doc.layout == "wrapped"
    assert kinds(doc) == [("paragraph", 1, 3), ("paragraph", 5, 7)]


_ZH_REPORT = ("一、总体情况\n"
              "\n"
              "    全年完成老旧小区改造一百二十个，惠及居民三万户，新增公共绿地四十五公\n"  # 3
              "    顷，完成投资八十六亿元。各区按照统一部署，细化工作方案，压实主体责任（包\n"
              "    括资金、进度和质量），形成了市区联动的工作格局，推进的\n"  # 5
              "    的工作机制逐步完善，本项目使用 Python 语言编写脚本，部署在 Linux 服务\n"
              "    器上。The scripts read the survey data and write one\n"  # 7
              "    table for each district, with an end-\n"
              "    to-end check at the end.\n")


def test_wrapped_lines_are_joined_in_the_view_checks_read():
    doc = Document.parse(_ZH_REPORT, "a.txt")
    assert doc.layout == "wrapped" and doc.source == _ZH_REPORT
    para = next(b for b in doc.blocks if b.line == 3)
    assert para.end_line == 9
    # Chinese wraps join without a space, full-width punctuation at a line end too; words keep one space;
    # a hyphen that ends a line inside a compound word joins it
    assert "四十五公顷，完成" in para.text and "（包括资金" in para.text and "推进的的工作" in para.text
    assert "Linux 服务器上。The scripts" in para.text and "read the survey data and write one table" in para.text
    assert "end-to-end check" in para.text and "\n" not in para.text
    assert doc.text[para.start:para.end] == para.text and para.content == para.text
    for needle, line, col in (("顷，完成", 4, 5), ("的工作机制", 6, 5), ("to-end", 9, 5), ("read", 7, 20)):
        i = doc.text.index(needle)
        assert doc.index.position(i) == (line, col)
        assert doc.source[doc.source_offset(i):].startswith(needle)
    assert doc.index.line_text(4).startswith("顷，完成") and doc.index.line_count == 10
    sentences = [doc.text[a:b] for a, b in doc.sentences(para)]
    assert any(s.startswith("全年完成") and "四十五公顷" in s for s in sentences)


def test_findings_in_a_joined_paragraph_point_at_the_source():
    from reportlint.api import lint_text, prepare_rules
    from reportlint.config import Config

    found = lint_text(_ZH_REPORT, prepare_rules(Config(), select=["TX002"]), path="a.txt")
    assert [(d.rule, d.line, d.column, d.end_line) for d in found] == [("TX002", 5, 31, 6)]
    assert found[0].flagged_text == _ZH_REPORT[found[0].start:found[0].end]
    assert found[0].flagged_text.startswith("的\n    的")  # the doubled 的 either side of the wrap


def test_a_fix_inside_a_joined_paragraph_edits_the_source():
    from reportlint.api import lint_text, prepare_rules
    from reportlint.config import Config
    from reportlint.fix import apply_edits

    text = _ZH_REPORT.replace("压实主体责任（包", "压实主体责任,（包")
    found = lint_text(text, prepare_rules(Config(), select=["MK005"]), path="a.txt")
    assert [(d.rule, d.line) for d in found] == [("MK005", 4)]
    fixed, _ = apply_edits(text, [d for d in found if d.fix])
    assert fixed == _ZH_REPORT.replace("压实主体责任（包", "压实主体责任，（包")


def test_rest_sections_directives_and_literal_blocks():
    text = (
        "Motivation\n"  # 1
        "==========\n"
        "\n"
        "The current design forces every caller to repeat the same setup code\n"  # 4
        "before the first request, which is easy to get wrong; see `the notes`_\n"
        "for the history of the problem and the ways it was worked around::\n"
        "\n"
        "    client = make_client(retries=3, timeout=2.5)\n"  # 8
        "    client.send(b'*')\n"
        "\n"
        ".. _the notes: https://example.org/notes\n"  # 11
        "\n"
        "Rationale\n"  # 13
        "---------\n"
        "\n"
        "The proposal keeps the old entry points working so that no caller has\n"  # 16
        "to change at once, and adds a single new one for the common case.\n"
    )
    doc = Document.parse(text, "pep.txt")
    assert doc.layout == "wrapped"
    assert kinds(doc) == [
        ("heading", 1, 1), ("rule", 2, 2), ("paragraph", 4, 6), ("preformatted", 8, 9), ("directive", 11, 11),
        ("heading", 13, 13), ("rule", 14, 14), ("paragraph", 16, 17),
    ]
    assert [b.level for b in doc.blocks if b.kind == "heading"] == [1, 2]


def test_outline_under_a_contents_title_is_contents():
    body = "   This section says what the text covers and what it leaves to others, and\n   why.\n"
    text = ("Contents\n\n    1. Scope\n    2. Terms\n        2.1. Widgets\n    3. Rules\n\n"
            + "".join(f"{n}. {t}\n\n{body}\n{body}\n" for n, t in ((1, "Scope"), (2, "Terms"), (3, "Rules"))))
    doc = Document.parse(text, "a.txt")
    assert kinds(doc)[1] == ("contents", 3, 6)
    assert [b.line for b in doc.blocks if b.kind == "heading"] == [8, 16, 24]


def test_contents_list_under_a_title_in_one_paragraph_per_line_text():
    text = ("示例条例\n目　　录\n第一章　总　　则\n第二章　规划\n第一章　总　　则\n"
            "第一条　为了规范示例活动，保护当事人的合法权益，制定本条例。\n第二章　规划\n"
            "第二条　县级以上人民政府应当编制规划，并向社会公布。\n")
    doc = Document.parse(text, "a.txt")
    assert doc.layout == "lines"
    assert [b.kind for b in doc.blocks][2:5] == ["contents", "contents", "heading"]
    dotted = Document.parse("目录\n第一章 总则……1\n第二章 规划……3\n", "a.txt")
    assert [b.kind for b in dotted.blocks] == ["paragraph", "contents", "contents"]


def test_stray_line_break_inside_a_wrapped_paragraph():
    from reportlint.plaintext import stray_line_breaks

    full = ("   The registry keeps one entry for each name that has been assigned so\n"
            "   far, and the entry records who asked for it and when it was given,\n"
            "   so that a later request for the same name can be answered from the\n"
            "   registry alone.\n")
    cut = ("   The registry keeps one entry for each name that has been assigned so\n"
           "   far, and the entry records\n"
           "   who asked for it and when it was given, so that a later request for\n"
           "   the same name can be answered from the registry alone.\n")
    doc = Document.parse(full + "\n" + cut + "\n" + full, "a.txt")
    assert doc.layout == "wrapped"
    found = stray_line_breaks(doc)
    assert [s.line for s in found] == [7]
    assert doc.text[found[0].head_start:found[0].head_end].startswith("who asked")
    # short lines on purpose: an address block, a field list
    address = "Author's Address\n\n   Jane Example\n   Example Networks\n   Email: jane@example.org\n"
    assert not stray_line_breaks(Document.parse(full + "\n" + address + "\n" + full, "a.txt"))
    # under labels at the margin, a numbered item's title line with its text below at a deeper indent: no
    # wrap is cut; an item cut short inside its text still is
    body = full.replace("\n   ", "\n  ").replace("   The", "  The", 1)
    titled = ("  1. Replay Protection\n"
              "    Does keeping a window of recent request numbers on the server side stop\n"
              "    an observer from sending an old request again, and how large must the\n"
              "    window be for a busy server?\n")
    item = ("  1. Keeping a window of recent request numbers on the server side stops\n"
            "     an observer\n"
            "     from sending an old request again, as long as the window is large\n"
            "     enough for a busy server and the numbers are never reused.\n")
    for part, expected in ((titled, []), (item, [11])):
        doc = Document.parse("Overview:\n\n" + body + "\nOpen Issues:\n\n" + part + "\n" + body, "a.txt")
        assert [s.line for s in stray_line_breaks(doc)] == expected


def test_bracketed_note_over_several_paragraphs_is_one_block():
    text = ("   The client opens one connection to each server it knows of and keeps\n"
            "   it open for as long as the server answers within the time allowed.\n\n"
            "  [Later versions of the client (2.1 and after):\n"
            "   The client opens connections only to the servers it needs for the\n"
            "   request at hand, and closes each one after it has been idle a while.\n\n"
            "   A server that does not answer is tried again later, with a longer\n"
            "   wait each time, up to the limit the operator has configured.]\n\n"
            "   The rest of this section describes how a server is chosen for a\n"
            "   request when several of them could answer it equally well.\n")
    doc = Document.parse(text, "a.txt")
    assert kinds(doc) == [("paragraph", 1, 2), ("paragraph", 4, 9), ("paragraph", 11, 12)]


def test_wrapped_chinese_section_numbers_open_runin_headings_and_short_numbered_lines_are_a_list():
    text = ("一、总体要求\n\n"
            "（一）加快推进产业转型升级。全年新引进重大项目一百二十个，其中先进制造业项目\n"
            "占到六成以上，战略性新兴产业增加值增长百分之十二，数字经济核心产业增加值\n"
            "占地区生产总值的比重提高到百分之九。\n\n"
            "（二）持续扩大有效投资。全年固定资产投资增长百分之六，其中基础设施投资增长\n"
            "百分之八，民间投资增长百分之五，重点项目完成投资超过年度计划的百分之一百。\n")
    doc = Document.parse(text, "a.txt")
    assert doc.layout == "wrapped"
    runin = [b for b in doc.blocks if b.runin]
    assert [(b.line, b.enumerator.marker) for b in runin] == [(3, "（一）"), (7, "（二）")]
    lst = ("The client MUST check the following before it accepts the reply from the server:\n"
           "1. The status\n2. The length of the body, which must match the header sent with it\n\n"
           "Any reply that fails one of these checks is dropped and the request is sent again\n"
           "to the next server on the list, up to the number of tries the operator allows.\n")
    assert not any(b.kind == "heading" for b in Document.parse(lst, "a.txt").blocks)


# A word read from the line as a whole: a token (between white space or the line's ends) of that shape.
_WHOLE_TOKEN_WORD = re.compile(r"(?<!\S)[(\"'\[“‘]*[A-Za-z][A-Za-z'’-]*[)\"'\],.;:!?”’]*(?!\S)")


@given(st.text(alphabet="ab Z1-'.,()[]“”\t=|%_&0x/*", max_size=30))
def test_plain_text_line_tests_in_one_pass_equal_the_per_token_definitions(body):
    """The reader's line tests (speed: tokens looked up once each, signs found in one search) count what
    a reading of the whole line counts."""
    body = body.strip()
    tokens = body.split()
    is_word = plaintext.Once(plaintext._is_word)
    assert sum(is_word[t] for t in tokens) == len(_WHOLE_TOKEN_WORD.findall(body))
    assert sum(is_word[t] for t in tokens * 2) == 2 * len(_WHOLE_TOKEN_WORD.findall(body))  # (looked up again)
    if body:
        signs = re.search(r"^\S+\s+(?:=|::=|=/)\s|%[xdb][0-9A-Fa-f]|[{};]\s*$|^\s*;|^\s*[+|]|[+|]\s*$|-{3,}|={3,}"
                          r"|_{3,}|\|.*\||->|=>|==|&&|\|\||\b0x[0-9A-Fa-f]+|/\*|\*/|^\s*[#$>]\s|^\s*//", body)
        assert plaintext._code_sign(body) == bool(signs)


_LAYOUT_ALPHABET = "ab Z1一第(（.=-~`:[]①\t\f\r\u3000\xa0\x1c\n"


@given(st.text(alphabet=_LAYOUT_ALPHABET, max_size=60))
def test_plain_text_whole_text_line_tests_equal_the_line_by_line_ones(text):
    """The reader's tests of every line, run over the whole text at once (speed), find the lines the
    line-by-line tests find: the lines' widths and indents, lines that may start with an enumerator, adornment
    and explicit-markup lines."""
    raw = text.split("\n")
    whole = plaintext.WholeText(text, raw)
    assert whole.starts == LineIndex(text).starts
    assert plaintext._lines(raw, whole) == [plaintext._line(s) for s in raw]
    for whole_re, line_re in ((plaintext._ENUM_LINE_RE, plaintext._ENUM_START_RE),
                              (plaintext._ADORNMENT_LINE_RE, plaintext._ADORNMENT_RE),
                              (plaintext._DIRECTIVE_LINE_RE, plaintext._DIRECTIVE_RE)):
        expected = {k for k, s in enumerate(raw) if line_re.match(s.strip())}
        assert whole.lines_matching(whole_re) == expected


# A page mark read line by line: the stripped line ends with `[Page 4]`, is a page number alone, or holds a form feed.
_PAGE_FOOTER_BODY = re.compile(r"\[\s*[Pp]age\s+\d{1,4}\s*\]$")
_PAGE_NUMBER_BODY = re.compile(r"(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[/／,，]?\s*共\s*\d{1,4}\s*页)?"
                               r"|[Pp]age\s+\d{1,4}(?:\s+of\s+\d{1,4})?|·\s*\d{1,4}\s*·)$")


@given(st.lists(st.sampled_from(["[", "]", "Page", "page", " ", "  ", "12", "3", "12345", "\t", "\f", "\r", "\u3000",
                                  "\x1c", "\n", "-", "—", "第", "页", "共", "/", "·", "of", "x"]), max_size=30).map("".join))
def test_plain_text_page_marks_over_the_whole_text_equal_the_line_by_line_test(text):
    raw = text.split("\n")
    expected = {k for k, s in enumerate(raw) if "\f" in s or (s.strip() and (
        _PAGE_FOOTER_BODY.search(s.strip()) or _PAGE_NUMBER_BODY.match(s.strip())))}
    assert plaintext._page_marks(plaintext.WholeText(text, raw)) == expected


def test_plain_text_running_header_by_page_breaks_is_furniture_unless_its_words_are_also_text():
    """A line repeated after each page break (`Header Words  Draft  June 2026`, its number changing) is a
    running header, even with the same words once far from any break; twice, and all of them are text."""
    page = ["   Some body text that fills the width of the page and", "   goes on.", "",
            "Author                                   [Page {}]", "\f", "Header Words   Draft   June 202{}", ""]
    lines = [p.format(n) for n in range(1, 5) for p in page] + ["   More text."] * 9

    def headers(lines):
        text = "\n".join(lines)
        whole = plaintext.WholeText(text, lines)
        marks = plaintext._furniture(plaintext._lines(lines, whole), whole)
        return {k for k in marks if lines[k].startswith("Header")}

    assert headers(lines) == {5, 12, 19, 26}
    assert headers(lines + ["", "Header Words Draft June 1999", ""]) == {5, 12, 19, 26}  # four in five by a break
    assert headers(lines + ["", "Header Words Draft June 1999", ""] * 2) == set()


_RST = (
    "PEP: 9999\n"  # 1
    "Title: A Made-Up Proposal\n"
    "Post-History:\n"
    "\n"
    ".. _intro:\n"  # 5
    "\n"
    "============\n"
    "Introduction\n"
    "============\n"
    "\n"  # 10
    "This proposal adds a switch to the tool, see :ref:`usage <usage>` and\n"
    "|project| [#]_ for the details.\n"
    "\n"
    ".. note::\n"
    "   :class: tip\n"  # 15
    "\n"
    "   The switch is off unless it is asked for.\n"
    "\n"
    ".. code-block:: python\n"
    "\n"  # 20
    "   x = 1 *\n"
    "\n"
    "   y = (2\n"
    "\n"
    "=====  ===========\n"  # 25
    "name   meaning\n"
    "=====  ===========\n"
    "on     the switch is\n"
    "       set\n"
    "\n"  # 30
    "off    it is not\n"
    "=====  ===========\n"
    "\n"
    ":Author: Someone\n"
    "\n"  # 35
    "1. The first step takes the longest of all the steps the tool has to\n"
    "   run, and goes on here.\n"
    "\n"
    "Usage\n"
    "-----\n"  # 40
    "\n"
    "Run it with ``--switch``::\n"
    "\n"
    "    tool --switch\n"
    "\n"  # 45
    "    tool --no-switch (\n"
    "\n"
    "..\n"
    "   A comment (not shown\n"
    "\n"  # 50
    "   and its second paragraph.\n"
)


def test_rst_files_read_as_restructuredtext():
    doc = Document.parse(_RST, "notes.rst")
    assert doc.format == "txt" and doc.layout == "rst"
    got = [(b.kind, b.line, b.end_line, b.level) for b in doc.blocks]
    assert got == [
        ("list_item", 1, 1, None), ("list_item", 2, 2, None), ("list_item", 3, 3, None),  # the header's fields
        ("directive", 5, 5, None),
        ("rule", 7, 7, None), ("heading", 8, 8, 1), ("rule", 9, 9, None),
        ("paragraph", 11, 12, None),
        ("directive", 14, 15, None), ("paragraph", 17, 17, None),  # an admonition's body is text
        ("preformatted", 19, 19, None), ("preformatted", 21, 21, None), ("preformatted", 23, 23, None),
        ("preformatted", 25, 29, None), ("preformatted", 31, 32, None),  # a simple table over a blank line
        ("list_item", 34, 34, None),  # a field
        ("list_item", 36, 37, None),  # a numbered item whose text goes on under its text: no heading
        ("heading", 39, 39, 2), ("rule", 40, 40, None),
        ("paragraph", 42, 42, None), ("preformatted", 44, 44, None), ("preformatted", 46, 46, None),
        ("directive", 48, 49, None), ("directive", 51, 51, None),  # a comment over a blank line
    ]
    para = next(b for b in doc.blocks if b.line == 11)
    assert "and |project|" in para.text  # joined like any paragraph


def test_rst_inline_markup_is_masked_and_markup_blocks_are_not_prose():
    from reportlint.analysis.masks import MASK, doc_masks

    doc = Document.parse(_RST, "notes.rst")
    masks = doc_masks(doc)
    i = next(i for i, b in enumerate(doc.blocks) if b.line == 11)
    masked = masks[i]
    for markup in (":ref:", "<usage>", "|project|", "[#]_"):
        assert markup not in masked
    assert "This proposal adds a switch" in masked and MASK in masked
    from reportlint.api import lint_text, prepare_rules
    from reportlint.config import Config

    found = lint_text(_RST, prepare_rules(Config(), select=["MK"], preview=True), path="notes.rst")
    assert found == []  # `1 *`, `(2`, `(` in code, a literal block and a comment; roles and references are markup


def test_rst_files_are_found_in_folder_walks(tmp_path):
    from reportlint.sources import discover

    (tmp_path / "a.rst").write_text(_RST, encoding="utf-8")
    (tmp_path / "b.py").write_text("x = 1\n", encoding="utf-8")
    found, missing = discover([str(tmp_path)])
    assert [Path(p).name for p in found] == ["a.rst"] and not missing


def test_label_titles_open_sections_and_a_note_closed_on_its_indented_line():
    text = ("Title: A made-up proposal\n"
            "Status: Draft\n"
            "\n"
            "[Note: this proposal was partly replaced by a later one\n"  # 4
            "       -editor, 3 May 2020]\n"
            "\n"
            "Overview:\n"  # 7
            "\n"
            "This proposal describes how relays keep a list of the names that\n"
            "have been assigned, and how a client asks for one of those names.\n"
            "\n"
            "1. Asking:\n"  # 12
            "\n"
            "  A client sends a request that names the thing it wants and who it is,\n"
            "  and waits for the answer from the relay it asked.\n"
            "\n"
            "2. Answering:\n"  # 17
            "\n"
            "  The relay looks the name up and answers with the entry it has for it,\n"
            "  or with an error when it has none.\n"
            "\n"
            "Security Implications:\n"  # 22
            "\n"
            "1. Names cannot be taken over\n"  # 24
            "\n"
            "A relay keeps the first entry it saw for each name and refuses a second\n"
            "request for the same name, whoever sends it to the relay.\n")
    doc = Document.parse(text, "proposal.txt")
    assert doc.layout == "wrapped"
    titles = [(b.line, b.level, b.enumerator.marker if b.enumerator else None) for b in doc.blocks if b.kind == "heading"]
    assert titles == [(7, 1, None), (12, None, "1."), (17, None, "2."), (22, 1, None), (24, None, "1.")]
    note = next(b for b in doc.blocks if b.line == 4)
    assert note.end_line == 5 and note.kind == "paragraph"
    from reportlint.api import lint_text, prepare_rules
    from reportlint.config import Config

    found = lint_text(text, prepare_rules(Config(), select=["HD", "MK001"], preview=True), path="proposal.txt")
    assert found == []  # `1.` under a new section title is no restart; the bracket closes on the next line


def test_an_item_whose_first_line_is_a_nested_item_keeps_only_its_marker():
    """`- 1. text` is a bullet holding an ordered item: the text is the inner item's, once, after both markers."""
    doc = Document.parse("- Parent.\n    -  1. First step of the plan to follow.\n    -  2. Second step of the plan.\n"
                         "1. - a nested bullet line here\n", "a.md")
    rows = [(b.line, b.content, b.list_number) for b in doc.blocks if b.kind == "list_item"]
    assert rows == [(1, "Parent.", None), (2, "", None), (2, "First step of the plan to follow.", 1), (3, "", None),
                    (3, "Second step of the plan.", 2), (4, "", 1), (4, "a nested bullet line here", None)]
    texts = [b.text for b in doc.blocks if b.content]
    assert len(texts) == len(set(texts))  # no line read twice (it was a block repeating itself for DU001)


def test_a_one_line_paragraph_is_read_for_its_number_once(monkeypatch):
    """A plain-text line is classified (numbered heading, run-in heading or prose) once: the block
    made of that one line keeps the line's reading; the blocks are those of reading it again."""
    import reportlint.document as document

    text = "一、总体要求\n（一）加快推进。正文继续说明情况。\n全年经济运行稳中有进。\n1. Scope of the work here.\n"
    expected = [(b.kind, b.enumerator, b.runin) for b in Document.parse(text, "a.txt").blocks]
    calls = []
    real = document.classify_numbered_line
    monkeypatch.setattr(document, "classify_numbered_line", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    got = [(b.kind, b.enumerator, b.runin) for b in Document.parse(text, "a.txt").blocks]
    assert got == expected and expected[0][0] == "heading" and expected[1][2]
    assert sorted(calls) == sorted(text.rstrip("\n").split("\n")), calls
