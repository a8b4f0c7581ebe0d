"""The cross-reference view (analysis/references.py): slugs as renderers write them, and which references are this
document's. Fixtures are written for these tests."""

from __future__ import annotations

import pytest

from reportlint.analysis.references import github_slug, parse_number, references, slug_variants
from reportlint.document import Document


@pytest.mark.parametrize("text,slug", [
    ("Installing on Linux & macOS", "installing-on-linux--macos"),  # `&` dropped, both spaces kept
    ("5.1 Overview", "51-overview"),
    ("常见问题（FAQ）", "常见问题faq"),  # full-width brackets are punctuation
    ("The `module` object", "the-module-object"),
    ("snake_case names", "snake_case-names"),
])
def test_github_slug(text, slug):
    assert github_slug(text) == slug


def test_slug_variants_cover_pandoc_and_python_markdown():
    variants = slug_variants("2. Scope of Work")
    assert "2-scope-of-work" in variants  # GitHub
    assert "scope-of-work" in variants  # Pandoc drops what precedes the first letter


@pytest.mark.parametrize("num,kw,parts", [
    ("4.2", {}, (4, 2)), ("3-1", {}, (3, 1)), ("B", {"letters": True}, (2,)), ("B.3", {"letters": True}, (2, 3)),
    ("IV", {"roman": True}, (4,)), ("B", {}, None), ("IV", {}, None),
])
def test_parse_number(num, kw, parts):
    assert parse_number(num, **kw) == parts


# Targets the references below may resolve against (only kinds a document numbers itself are read).
_EN_BODY = "".join(f"\n## {n}. Part {n}\n\nText.\n" for n in range(1, 8)) + "\nFigure 1: A\n\nFigure 2: B\n"
_ZH_BODY = "".join(f"\n第{n}条 内容。\n" for n in "一二三四五六七八")


def _refs(text: str, fmt: str = "md") -> list[tuple[str, tuple[int, ...]]]:
    body = _ZH_BODY if any("\u4e00" <= c <= "\u9fff" for c in text) else _EN_BODY
    doc = Document.parse(text + body, "x.txt" if fmt == "txt" else "x.md")
    return [(r.kind, r.parts) for r in references(doc).references if r.block == 0]


def test_other_documents_are_not_references():
    text = ("The terms follow Section 2 of RFC 2119, [RFC8174], Section 3, RFC 7230 Section 9 and the "
            "server's Section 4; see Section 5 of this document and Figure 2.\n")
    assert _refs(text) == [("section", (5,)), ("figure", (2,))]


def test_chinese_law_names_make_references_external():
    text = "依照《中华人民共和国刑法》第二十条、第二十一条和刑法第三条处理；违反本法第六条的，依照本法第七条处罚。\n"
    assert _refs(text, "txt") == [("zh-条", (6,)), ("zh-条", (7,))]


def test_reference_in_link_text_is_the_links():
    text = "See [Section 5](https://example.org/spec#s5) and [Section 6](#six) and Section 7.\n"
    assert _refs(text) == [("section", (7,))]


def test_article_number_is_no_reference_to_itself():
    doc = Document.parse("# 办法\n\n第一条 为了规范管理，制定本办法。\n\n第二条 依照本办法第一条执行。\n", "x.md")
    assert [(r.kind, r.parts, r.block) for r in references(doc).references] == [("zh-条", (1,), 2)]


def test_kinds_the_document_does_not_number_are_not_read():
    doc = Document.parse("# Notes\n\nSee Section 4 and Figure 2.\n", "x.md")
    assert references(doc).references == ()
