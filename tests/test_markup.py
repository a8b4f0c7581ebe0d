"""Markup checks beyond the YAML cases: agreement with the CommonMark parser, masking,
fix round trips, and bounded work on pathological blocks."""

from __future__ import annotations

import itertools
import time

import pytest
from markdown_it import MarkdownIt

from reportlint.api import lint_text
from reportlint.analysis import masks
from reportlint.checks import emphasis, pair, punctuation_width
from reportlint.document import Document
from reportlint.fix import apply_edits
from reportlint.ruleset.loader import load_rulesets

RULES = {r.code: r for r in load_rulesets(["core", "zh", "en"]) if r.code.startswith("MK")}
MD = MarkdownIt("commonmark")


def diags(text: str, *codes: str, fmt: str = "md", language: str = "auto"):
    rules = [RULES[c] for c in codes]
    return lint_text(text, rules, path=f"t.{fmt}", fmt=fmt, language=language)


# ---------------------------------------------------------------- emphasis vs CommonMark


OUTSIDE = ["", " ", "建", "a", "。", "“", "”", "（", "）", "：", "<sup>", "</sup>", "`c`"]
INSIDE = ["重点", "“五个新区”", "（注意）：", "word", "“x”", "注：", "a b"]


@pytest.mark.parametrize("marker", ["**", "*", "__", "_"])
def test_literal_warning_agrees_with_commonmark(marker):
    """MK004 says 'shown literally' exactly when markdown-it leaves a balanced pair unrendered."""
    for before, inner, after in itertools.product(OUTSIDE, INSIDE, OUTSIDE):
        text = f"前{before}{marker}{inner}{marker}{after}后"
        html = MD.renderInline(text)
        rendered = "<strong>" in html or "<em>" in html
        block = Document.parse(text + "\n", "t.md").blocks[0]
        masked = masks.masked_content(block, "md")
        a = emphasis.analyse(block, masked)
        if not any(o.marker == marker for o, c in a.pairs) and not any(o.marker == marker for o, c, _ in a.literal):
            continue  # the loose pairing did not pair them (e.g. a space inside): MK003's business
        literal = any(o.marker == marker for o, c, _ in a.literal)
        assert literal == (not rendered), f"{text!r}: renders as {html!r}, MK004 says literal={literal}"


def _rendered_pairs(text: str) -> tuple[int, int]:
    block = Document.parse(text + "\n", "t.md").blocks[0]
    a = emphasis.analyse(block, masks.masked_content(block, "md"))
    return sum(1 for o, _ in a.pairs if len(o.marker) == 1), sum(1 for o, _ in a.pairs if len(o.marker) == 2)


def _markdown_it_pairs(text: str) -> tuple[int, int]:
    html = MD.renderInline(text)
    return html.count("<em>"), html.count("<strong>")


@pytest.mark.parametrize("text", [
    "*foo *bar**", "**foo **bar****", "*(*foo*)*", "***foo**", "**foo***", "*foo**bar*", "**foo*bar*baz**",
    "foo***bar***baz", "*foo [bar](u)*", "*foo [bar*](u)", "[*foo*](u) and **[x](u)**", "*[x [y](u)*](v)",
    "__foo_", "_foo__", "*(_ x_)*", "non-*lying* and *lie*", "**“五个新区”**建设", "前**重点**后",
])
def test_emphasis_pairs_as_commonmark_does(text):
    """Nesting, uneven runs, the rule of three and link texts as scopes: markdown-it renders what we pair."""
    assert _rendered_pairs(text) == _markdown_it_pairs(text), MD.renderInline(text)


def test_emphasis_agrees_with_markdown_it_on_random_runs():
    """Random mixes of runs, punctuation, Han and links; the documented look-alikes (a marker in
    brackets or quotes, `*` next to `_`, runs of 4+ `*` or 3+ `_`, snake_case) are left out."""
    import random
    import re

    atoms = ["*", "**", "***", "_", "__", "a", "b ", " ", "(", ")", "“", "”", "[x](u)", "[", "](u)", "建", "。", "foo"]
    look_alike = re.compile(r"\*{4}|_{3}|\*_|_\*|[(“”\[][*_][)“”\]]|[a-z]_+[a-z]")
    rng = random.Random(15)
    checked = 0
    for _ in range(2500):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(2, 9))).strip()
        if not text or look_alike.search(text) or text[:2] in ("* ", "**") and text[1:2] == " ":
            continue
        blocks = Document.parse(text + "\n", "t.md").blocks
        if len(blocks) != 1 or blocks[0].kind != "paragraph":
            continue
        checked += 1
        assert _rendered_pairs(text) == _markdown_it_pairs(text), (text, MD.renderInline(text))
    assert checked > 1500


def test_nested_and_split_emphasis_is_not_unbalanced():
    text = "*foo *bar** and **foo **bar**** and *(*foo*)* and *a [link](https://x.org) b*.\n"
    assert diags(text, "MK003", "MK004", language="en") == []


def test_unbalanced_marker_positions():
    got = diags("- 构建更高质量教育体系**\n- 提供丰富公共文化服务**\n", "MK003", fmt="txt")
    assert [(d.line, d.column) for d in got] == [(1, 13), (2, 13)]
    assert all(d.fix is not None and not d.fix.safe for d in got)


def test_not_emphasis():
    text = "snake_case_name and 2 * 3 and 3*4 and a ~ b and ______ and \\*x and `a*b` and https://x.org/a_b*c\n"
    assert diags(text, "MK003", language="en") == []


# ---------------------------------------------------------------- masking and pairs


def test_masked_content_keeps_length_and_newlines():
    text = "See `code (x` and https://a.org/b_(c) and [t](https://x.org/(y)) and <b>html</b> and \\[.\nNext line.\n"
    doc = Document.parse(text, "t.md")
    block = doc.blocks[0]
    for escapes in (True, False):
        masked = masks.masked_content(block, "md", escapes)
        assert len(masked) == len(block.content)
        assert masked.count("\n") == block.content.count("\n")
        assert "(x" not in masked and "b_(c)" not in masked


def test_code_spans_follow_commonmark():
    spans, unmatched = masks.code_spans("a ``b ` c`` d ` e")
    assert spans == [(2, 11)] and unmatched == [(14, 15)]


def test_code_spans_agree_with_markdown_it_exhaustively():
    """Every string of up to 7 characters over backtick, backslash and a letter: the same code spans."""
    import html
    import re

    md = MarkdownIt("commonmark")
    for n in range(1, 8):
        for chars in itertools.product("`\\a", repeat=n):
            text = "".join(chars)
            want = [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", md.renderInline(text))]
            got = []
            for s, e in masks.code_spans(text)[0]:
                inner = text[s:e]
                ticks = len(inner) - len(inner.lstrip("`"))
                got.append(inner[ticks:len(inner) - ticks])
            assert got == want, text


def test_backslash_in_a_code_span_is_literal():
    """`\\` is a code span holding a backslash (escapes do not work in code), not an unmatched backtick."""
    assert lint_text("Escape them with `\\` or quotes, as in `C:\\foo\\`.\n", [RULES["MK003"]]) == []


def test_quotes_over_several_paragraphs_and_the_last_one_unclosed():
    ok = "他说：“第一段。\n\n“第二段。\n\n“第三段。”\n"
    assert diags(ok, "MK002") == []
    bad = "他说：“第一段。\n\n“第二段。\n\n第三段没有引号。\n"
    assert [d.line for d in diags(bad, "MK002")] == [3]


def test_reversed_quotes_one_finding_with_fix():
    got = diags("发表的”强大的 AI“的长文。\n", "MK002")
    assert len(got) == 1 and "颠倒" in got[0].message  # a Chinese document: the message in Chinese
    fixed, n = apply_edits("发表的”强大的 AI“的长文。\n", [d for d in got])
    assert n == 1 and fixed == "发表的“强大的 AI”的长文。\n"


def test_many_unmatched_brackets_are_capped():
    got = diags("(" * 5000 + "x\n", "MK001")
    assert len(got) == masks.MAX_PER_BLOCK and "more unmatched" in got[-1].message


# ---------------------------------------------------------------- width


def test_width_fix_round_trip_leaves_nothing_to_fix():
    text = "第三届市人民政府任以来,面对百年未有之大变局;帮(代)办:完成!\n"
    got = diags(text, "MK005", fmt="txt")
    assert len(got) == 1 and got[0].fix.safe
    fixed, _ = apply_edits(text, got)
    assert fixed == "第三届市人民政府任以来，面对百年未有之大变局；帮（代）办：完成！\n"
    assert diags(fixed, "MK005", fmt="txt") == []


def test_width_decides_by_neighbours_not_document_language():
    mixed = "The report says 增长较快,效益提升 and costs (1,234.5) fell at 10:30.\n"
    got = diags(mixed, "MK005", language="en")
    assert len(got) == 1 and got[0].column == mixed.index(",") + 1


def test_width_skips_heading_enumerator():
    assert diags("(一)加快推进平安建设\n", "MK005", fmt="txt") == []


# ---------------------------------------------------------------- paragraph breaks


def test_split_fix_joins_across_page_number():
    text = "城乡居民人均可支配收入分别突破3万元和1万元大关。全市经济发展的规模速度和质效\n\n第12页\n\n益，站在了新的历史起点。\n"
    got = diags(text, "MK007", fmt="txt")
    assert len(got) == 1 and (got[0].line, got[0].end_line) == (1, 5)
    fixed, _ = apply_edits(text, got)
    assert fixed == "城乡居民人均可支配收入分别突破3万元和1万元大关。全市经济发展的规模速度和质效益，站在了新的历史起点。\n"


def test_english_split_joins_with_a_space():
    text = "Authenticators that operate within the context of an operating system MAY detect compromise of the\n\nPage 13\n\nplatform in which they run.\n"
    got = diags(text, "MK007", language="en")
    fixed, _ = apply_edits(text, got)
    assert fixed == "Authenticators that operate within the context of an operating system MAY detect compromise of the platform in which they run.\n"


# ---------------------------------------------------------------- bounded work


@pytest.mark.parametrize("body", [
    ("中文,文字" * 10 + "**") * 20_000,  # one 1 MB line full of defects
    "*a " * 50_000,
    "(" * 20_000 + "“" * 20_000 + "`" * 3 + "[" * 20_000,
])
def test_pathological_blocks_stay_fast(body):
    doc = Document.parse(body + "\n", "t.txt")
    start = time.process_time()
    for rule in RULES.values():
        list(rule.module.run(doc, rule.params))
    assert time.process_time() - start < 30


def test_params_validation():
    assert emphasis.validate(emphasis.Params(check="nope"))
    assert punctuation_width.validate(punctuation_width.Params(marks="x"))
    assert pair.validate(pair.Params(pairs=("(",)))


# ---------------------------------------------------------------- templates and shortcodes


def test_templates_and_shortcodes_are_masked_like_code():
    """Jinja/Liquid/Hugo/Go-template expressions are expanded before Markdown is read: not prose."""
    text = ('A {{< figure title="(1" >}} and {% include x text="[" %} and {{ a | default: "*b" }} and '
            '{{% notice "**" %}} and {# note ( #} and {{{ raw ) }}} and `co(de` but (here\n')
    block = Document.parse(text, "t.md").blocks[0]
    masked = masks.masked_content(block, "md")
    assert len(masked) == len(block.content)
    kept = masked.replace(masks.MASK, "")
    assert kept.count("(") == 1 and "[" not in kept and "*" not in kept and ")" not in kept
    spans, ticks = masks.literal_spans(block.content)
    assert len(spans) == 7 and ticks == []


def test_a_backtick_inside_a_shortcode_opens_no_code_span():
    text = "Use {{< param \"`\" >}} here and `x` there.\n"
    spans, ticks = masks.literal_spans(text)
    assert ticks == [] and [text[s:e] for s, e in spans] == ['{{< param "`" >}}', "`x`"]
    assert diags(text, "MK003", language="en") == []


def test_numbers_inside_templates_are_not_figures():
    from reportlint.analysis.numbers import analyse

    doc = Document.parse('{{< figure width="300" >}} The survey covered 120 schools.\n', "t.md")
    found = [doc.text[q.start:q.end] for bn in analyse(doc, ()) for q in bn.quantities]
    assert any("120" in v for v in found) and not any("300" in v for v in found)


# ---------------------------------------------------------------- links vs CommonMark (backticks and `$`)


def _markdown_it_targets(text: str) -> list[str]:
    out: list[str] = []

    def walk(tokens):
        for t in tokens:
            if t.type == "link_open":
                out.append(t.attrs["href"])
            elif t.type == "image":
                out.append(t.attrs["src"])
                walk(t.children or [])

    walk(MD.parseInline(text)[0].children)
    return out


def _our_targets(text: str) -> list[str]:
    from markdown_it.common.utils import unescapeAll

    out = []
    for lk in sorted(masks.inline_structure(text)[0], key=lambda lk: lk.start):
        dest = text[lk.dest_start:lk.dest_end]
        out.append(MD.normalizeLink(unescapeAll(dest[1:-1] if dest.startswith("<") else dest)))
    return out


@pytest.mark.parametrize("alphabet", ["[]()`$a ", "[]()<>\\a", '[]()"! a', "[]()\\!`\n"])
def test_inline_links_agree_with_markdown_it_exhaustively(alphabet):
    """Every string of up to 5 characters over link syntax with backticks, `$`, escapes, angle
    brackets, titles, images and line ends: the same links with the same targets as markdown-it."""
    for n in range(1, 6):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            assert _our_targets(text) == _markdown_it_targets(text), text


def test_code_spans_beside_links_agree_with_markdown_it():
    """A backtick inside a link's target is the URL's; the code spans around it pair as markdown-it pairs them."""
    import html
    import re

    for chars in itertools.product(["[a](b`c)", "`", "x", "[`y](z)", "`]"], repeat=4):
        text = " ".join(chars)
        want = [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", MD.renderInline(text))]
        spans, _ = masks.literal_spans(text)
        got = [text[s:e].strip("`") for s, e in spans]
        assert [g.strip() for g in got] == [w.strip() for w in want], text


def _visible(text: str) -> str:
    """What a reader sees of an inline text, code spans as one letter."""
    out = []
    for t in MD.parseInline(text)[0].children:
        out.append(t.content if t.type == "text" else "C" if t.type == "code_inline" else "")
    return "".join(out)


def test_no_bracket_or_link_finding_where_markdown_it_renders_every_bracket_as_a_link():
    """Random mixes of links whose text or target holds backticks, `$` and parentheses: where markdown-it
    renders each bracket as link syntax (none left visible), MK001 and MK011 report nothing."""
    import random

    atoms = ["[a](https://x.org/a`b)", "[$5 plan](plans/$id)", "[x $a](b.md)", "c$", "$d", "`e`", " and ", "`",
             "[`f`](g)", "[h](i_(j))", "[k](<l m>)", "[n](o \"p\")", "价格", "。", "[q `r`](s$t)", "$"]
    rng = random.Random(14)
    checked = 0
    for _ in range(600):
        text = "See " + "".join(rng.choice(atoms) for _ in range(rng.randint(2, 7))) + " here."
        if any(c in _visible(text) for c in "[]()"):
            continue
        checked += 1
        assert diags(text + "\n", "MK001", "MK011", language="en") == [], (text, MD.renderInline(text))
    assert checked > 300
