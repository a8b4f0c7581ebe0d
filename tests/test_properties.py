"""Property-based tests over every check kind of the default rule set (hypothesis).

- arbitrary Unicode (and report-shaped text built from the fragments checks look for)
  never makes a check crash (no E002) in either format;
- diagnostics lie inside the document, start before they end, and come out sorted;
- `--fix` (safe, and with unsafe fixes) is idempotent, edits only inside the span its
  diagnostic flags, and never overlaps another applied edit;
- encoding, BOM and newline style survive a fix, byte for byte outside the edits.

Example counts and deadlines are kept modest: the whole suite must stay well under ten
minutes on two cores. Set HYPOTHESIS_PROFILE=thorough for a longer local hunt.
"""

from __future__ import annotations

import codecs
import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reportlint.api import EngineOptions
from reportlint.config import Config
from reportlint.diagnostics import Diagnostic
from reportlint.document import Document
from reportlint.pipeline import lint_document
from reportlint.fix import applicable_fixes, apply_edits
from reportlint.runner import fix_source
from reportlint.sources import decode, encode, from_text

settings.register_profile("default", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", max_examples=1500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Pieces of report text that the checks react to: enumerators, brackets, quotes, emphasis,
# numbers with units, list and table syntax, fences, comments, suppressions, page numbers.
FRAGMENTS = [
    "一、", "二、", "三、", "（一）", "（二）", "(一)", "1.", "2.", "1、", "（1）", "①", "第一章", "1.1", "3.2", "A.", "I.",
    "一是", "二是", "第一，", "其中", "共", "等", "个", "项", "万人", "亿元", "%", "个百分点", "增长", "下降", "约",
    "5.2", "72.2", "11.2", "100", "3", "2021年", "三", "五年年", "的的", "the the", "recieve", "TODO", "待补充",
    "（", "）", "(", ")", "《", "》", "“", "”", "‘", "’", "【", "】", "[", "]", "{", "}", "\"", "'",
    "**", "*", "__", "_", "~~", "`", "```", "~~~", "# ", "## ", "### ", "#### ", "- ", "* ", "+ ", "1. ", "2. ", "> ",
    "| a | b |", "|---|---|", "| 1 | 2 |", "[t](http://x)", "[t](x", "[ref]", "[ref]: http://x", "[^1]", "<!-- c -->",
    "<!-- reportlint-disable-next-line TX -->", "<!-- reportlint-disable -->", "<!-- reportlint-enable -->",
    "---\n", "- 12 -", "第 3 页", "Page 4", "，", "。", "；", "：", "！", "？", ",", ";", ":", "!", "?", ".", "、", "…",
    "全年地区生产总值增长5.2%", "森林覆盖率72.2%", "森林覆盖率28.8%", "培训11.2万人，其中", "A、B、C等3个",
    "The revenue was $2.1 billion.", "of which 40%", "including 3 items", "three", "\u3000", "\t", " ", " ",
    "\n", "\n", "\n", "\n\n", "\n\n", "\r\n", "\r",
]

# Text that many fixes apply to: half-width punctuation in Chinese, heading numbers with the
# wrong punctuation or width, level jumps, list numbering, repeated items, doubled words.
FIX_SEEDS = [
    "中文(中文)中文，", "加快推进,稳步推进;落实!", "\n(一) 标题\n", "\n（一）、标题\n", "\n1、标题\n", "\n一.总体要求\n",
    "\n# 一级\n\n### 三级\n", "\n1. a\n1. b\n3. c\n", "\n- 项目甲\n- 项目甲\n", "五年年", "the the ", "**粗体",
    "再接再励", "recieve", "\n一、总体\n\n三、其他\n", "\n（一）甲\n（三）乙\n", "[t](x", "第一章、总则\n",
]
fix_text = st.lists(st.one_of(st.sampled_from(FIX_SEEDS), st.sampled_from(FRAGMENTS)), min_size=1, max_size=40).map("".join)
fragment_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=60).map("".join)
unicode_text = st.text(max_size=300)
any_text = st.one_of(fragment_text, unicode_text)


@pytest.fixture(scope="module")
def rules(all_rules):
    return [r for r in all_rules if r.enabled]


def _normalised(text: str) -> str:
    return from_text(text, "x").text  # the reader turns CRLF/CR into "\n" before parsing


def lint(text: str, fmt: str, rules, language: str = "auto") -> tuple[Document, list[Diagnostic]]:
    doc = Document.parse(_normalised(text), f"doc.{fmt}", fmt=fmt, language=language)
    return doc, lint_document(doc, rules, EngineOptions())


def assert_well_formed(doc: Document, diags: list[Diagnostic]) -> None:
    crashes = [d.message for d in diags if d.rule == "E002"]
    assert not crashes, crashes
    n_lines = doc.index.line_count
    for d in diags:
        assert 1 <= d.line <= d.end_line <= n_lines, d
        assert (d.line, d.column) <= (d.end_line, d.end_column), d
        assert 1 <= d.column <= len(doc.index.line_text(d.line)) + 1, d
        assert 1 <= d.end_column <= len(doc.index.line_text(d.end_line)) + 1, d
        assert 0 <= d.start <= d.end <= len(doc.text), d
        assert doc.index.position(d.start) == (d.line, d.column)
        for r in d.related:
            if r.path == doc.path:
                assert 1 <= r.line <= n_lines and r.column >= 1, (d, r)
        if d.fix is not None:
            for e in d.fix.edits:
                assert 0 <= e.start <= e.end <= len(doc.text), (d, e)
    assert diags == sorted(diags, key=Diagnostic.sort_key)


@given(text=any_text, fmt=st.sampled_from(["md", "txt"]), language=st.sampled_from(["auto", "zh", "en"]))
def test_any_text_never_crashes_and_positions_lie_inside(rules, text, fmt, language):
    doc, diags = lint(text, fmt, rules, language)
    assert_well_formed(doc, diags)


@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=fix_text, fmt=st.sampled_from(["md", "txt"]), unsafe=st.booleans())
def test_fix_is_idempotent_and_edits_only_flagged_spans(rules, text, fmt, unsafe):
    doc, diags = lint(text, fmt, rules)
    fixable = applicable_fixes(diags, unsafe)
    assume(fixable)
    for d in (d for d in fixable if d.fix.safe):  # a safe fix edits only the lines its diagnostic flags (with
        # their line breaks) or where it points (related: the other half of a pair); an unsafe fix such as
        # "renumber the sequence" may edit the later headings too, which is why it is opt-in
        pointed = {doc.index.line_start(r.line) + r.column - 1 for r in d.related if r.path == doc.path}
        lo, hi = doc.index.line_start(d.line) - 1, doc.index.line_end(d.end_line) + 1
        for e in d.fix.edits:
            inside = lo <= e.start and e.end <= hi
            assert inside or e.start in pointed, (d.rule, d.start, d.end, d.related, e)
    once, n = apply_edits(doc.text, fixable)
    assert n >= 1
    _only_edited_spans_changed(doc.text, once, fixable)
    src = from_text(doc.text, f"doc.{fmt}")
    config = Config(language="auto")
    fixed, _ = fix_source(src, diags, rules, config, EngineOptions(), unsafe)
    again, n_again = fix_source(from_text(fixed, src.path), lint(fixed, fmt, rules)[1], rules, config,
                                EngineOptions(), unsafe)
    assert again == fixed, "a second --fix changed the text again"
    assert_well_formed(*lint(fixed, fmt, rules))


def _only_edited_spans_changed(before: str, after: str, fixed: list[Diagnostic]) -> None:
    """Text before the earliest edit and after the latest one is untouched."""
    edits = [e for d in fixed for e in d.fix.edits]
    lo, hi = min(e.start for e in edits), max(e.end for e in edits)
    assert after.startswith(before[:lo])
    assert after.endswith(before[hi:])


ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("gb18030", b""),
]


@given(text=fix_text, enc=st.sampled_from(ENCODINGS), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_encoding_bom_and_newlines_survive_a_fix(rules, text, enc, newline):
    encoding, bom = enc
    body = _normalised(text).replace("\n", newline)
    try:
        data = bom + body.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    src = decode(data, "doc.md")
    assume(not hasattr(src, "reason"))  # binary-looking bytes are refused, and that is tested elsewhere
    if encoding == "gb18030" and src.encoding != "gb18030":
        assume(src.encoding == "utf-8")  # ASCII/GB bytes that are also valid UTF-8 read as UTF-8: same text
    else:
        assert (src.encoding, src.bom) == (encoding, bom)
    assert encode(src, src.text) == data, "reading and writing back without a fix must be byte-identical"
    doc = Document.parse(src.text, src.path)
    diags = lint_document(doc, rules, EngineOptions())
    fixed, _ = fix_source(src, diags, rules, Config(), EngineOptions(), True)
    out = encode(src, fixed)
    assert out.startswith(bom)
    back = decode(out, "doc.md")
    assert not hasattr(back, "reason"), back
    assert back.text == fixed
    if "\n" in fixed and (newline != "\n" or "\r" not in body):
        assert back.newline == newline


@pytest.mark.parametrize(
    "encoding,bom,newline",
    [("utf-8", b"", "\r\n"), ("utf-8", codecs.BOM_UTF8, "\n"), ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
     ("gb18030", b"", "\r\n"), ("utf-16-be", codecs.BOM_UTF16_BE, "\r")],
    ids=["utf8-crlf", "utf8-bom", "utf16le-crlf", "gb18030-crlf", "utf16be-cr"],
)
def test_cli_fix_keeps_bytes_outside_the_fix_and_a_second_fix_is_a_no_op(tmp_path, monkeypatch, encoding, bom, newline):
    from click.testing import CliRunner

    from reportlint.cli import main

    text = "# 报告\n\n（一）加快推进改革，全年增长5.2%。\n\n(二) 稳步推进民生工程。\n\n这是最后一段文字。\n"
    path = tmp_path / "report.md"
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "report.md", "--fix", "--unsafe-fixes", "--fail-on", "never"],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    first = path.read_bytes()
    assert first.startswith(bom)
    got = first[len(bom):].decode(encoding)
    assert got.count(newline) == text.count("\n") and (newline == "\r" or "\r\n" not in got or newline == "\r\n")
    assert got.replace(newline, "\n").startswith("# 报告\n\n（一）加快推进改革，全年增长5.2%。\n")
    r = CliRunner().invoke(main, ["check", "report.md", "--fix", "--unsafe-fixes", "--fail-on", "never"],
                           catch_exceptions=False)
    assert r.exit_code == 0
    assert path.read_bytes() == first, "a second --fix changed the file"


def _reference_substitution_regex(swap: dict[str, str], ignore_case: bool):
    """One pattern per word, each with its own Latin-letter word boundary: what the shared boundary must equal."""
    import re

    parts = []
    for w in sorted(swap, key=len, reverse=True):
        p = re.escape(w)
        if w[:1].isascii() and w[:1].isalnum():
            p = r"(?<![A-Za-z0-9_-])" + p
        if w[-1:].isascii() and w[-1:].isalnum():
            p = p + r"(?![A-Za-z0-9_-])"
        parts.append(p)
    return re.compile("|".join(parts), re.IGNORECASE if ignore_case else 0)


_WORDS = st.sampled_from(["teh", "the", "recieve", "recieved", "a-b", "x.", "再接再励", "再接", "Co", "co-op", "alot", "9lives"])


@given(words=st.lists(_WORDS, min_size=1, max_size=6, unique=True), ignore_case=st.booleans(),
       text=st.lists(st.one_of(_WORDS, st.sampled_from([" ", "-", "_", ".", "，", "A", "s", "\n"])), max_size=40).map("".join))
def test_substitution_regex_matches_like_the_per_word_pattern(words, ignore_case, text):
    from reportlint.checks.substitution import Params, _pattern

    new = _pattern(Params(swap={w: w.upper() for w in words}, ignore_case=ignore_case))
    old = _reference_substitution_regex({w: w.upper() for w in words}, ignore_case)
    assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]
