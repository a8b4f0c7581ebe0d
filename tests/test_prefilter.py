"""text/prefilter.may_contain: it may say True where a pattern finds nothing, never False where it finds a word."""

from __future__ import annotations

import random
import re

import pytest

from reportlint.text.prefilter import may_contain

WORD_LISTS = [
    ("including", "of which", "of whom", "其中"),
    ("pillars", "priorities", "workstreams", "tracks"),
    ("Ärger", "straße"),
    ("sk", "is"),
]
ALPHABET = list("abcikrstwhopKSIÄäß其中 ,.") + ["\u0130", "\u0131", "\u017f", "\u212a", "Ä"]


@pytest.mark.parametrize("words", WORD_LISTS)
@pytest.mark.parametrize("ignore_case", [True, False])
def test_never_false_where_the_alternation_matches(words, ignore_case):
    pattern = re.compile("|".join(re.escape(w) for w in words), re.I if ignore_case else 0)
    rnd = random.Random(hash(words) & 0xFFFF)
    for _ in range(4000):
        text = "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 14)))
        if rnd.random() < 0.3:  # a word, perhaps in another case, inside
            w = rnd.choice(words)
            w = w.upper() if rnd.random() < 0.5 else w
            i = rnd.randint(0, len(text))
            text = text[:i] + w + text[i:]
        if pattern.search(text):
            assert may_contain(text, words, ignore_case), (ascii(text), words)


def test_false_when_no_word_can_occur():
    assert not may_contain("全年经济运行稳中有进。Growth was strong.", ("其中", "including"), ignore_case=True)
    assert may_contain("Of Which the first", ("of which",), ignore_case=True)
    assert not may_contain("Of Which the first", ("of which",))
    assert may_contain("\u212a", ("tracks",), ignore_case=True)  # the Kelvin sign folds to k: the pattern decides


def test_count_list_searches_only_the_sentences_its_block_hints_reach():
    """NU003's English count reading is searched for only in the sentences a count word of the block
    overlaps: the same findings as searching every sentence (a hint span covering the whole block)."""
    from reportlint.checks import count_list
    from reportlint.document import Document

    params = count_list.Params()
    rnd = random.Random(5)
    words = ["The", "three", "teams", "are", "alpha,", "beta", "and", "gamma.", "Our", "4", "goals:", "x,", "y;",
             "often", "seven", "sets", "of", "ten.", "12", "items", "were", "A,", "B", "or", "C!", "(5", "points)"]
    found = 0
    for _ in range(300):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(3, 40))) + "\n"
        doc = Document.parse(text, "a.md")
        blocks = list(doc.blocks)
        for i, b in enumerate(blocks):
            hints = [h.span() for h in count_list._EN_COUNT_HINT.finditer(doc.text, b.content_start, b.end)]
            got = list(count_list._en_counts(doc, b, params, blocks, i, hints))
            every = list(count_list._en_counts(doc, b, params, blocks, i, [(b.content_start, b.end)]))
            assert got == every, text
            found += len(got)
    assert found > 5  # the texts do hold counts that disagree with their lists


def test_punctuation_width_reports_no_mark_its_block_gate_would_skip():
    """MK005/MK006 skip a block without a Han character (half-width marks in Chinese text) or without
    an English letter (full-width marks in English text): on such text the mark tests report nothing."""
    from reportlint.checks import punctuation_width as pw
    from reportlint.document import Block
    from reportlint.ruleset.loader import load_rulesets

    rules = {r.code: r for r in load_rulesets(["core"]) if r.code in ("MK005", "MK006")}
    half, full = rules["MK005"].params, rules["MK006"].params
    no_han = list("ab AZ19.,;:!?()\"'-") + ["é", "—", "“", "”", "ｆ", "。", "，", "（", "）", "\u3000", "ー"]
    no_latin = list("19 .,;:!?()\"'-") + ["中", "文", "报", "告", "。", "，", "；", "（", "）", "é", "\u3000"]
    rnd = random.Random(11)
    for alphabet, params, marks in ((no_han, half, pw.halfwidth_marks), (no_latin, full, pw.fullwidth_marks)):
        for _ in range(3000):
            text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 30)))
            block = Block("paragraph", 0, len(text), 1, 1, text, 0)
            assert marks(block, text, params) == [], ascii(text)
    # with the script there, the same kind of mark is found
    text = "中文,文本"
    assert pw.halfwidth_marks(Block("paragraph", 0, len(text), 1, 1, text, 0), text, half) == [2]
    text = "English，text"
    assert pw.fullwidth_marks(Block("paragraph", 0, len(text), 1, 1, text, 0), text, full) == [7]


def test_doubled_characters_need_a_han_character():
    """TX002 (Chinese doubled characters and words) skips a document without any Han character; one
    with them still has its slips found, wherever the document's English is."""
    from reportlint.checks import repetition
    from reportlint.document import Document
    from reportlint.ruleset.loader import load_rulesets

    params = next(r for r in load_rulesets(["zh"]) if r.code == "TX002").params
    zh = Document.parse("Intro in English.\n\n我们的的目标是加快加快发展。\n", "a.md")
    assert [f.fields["repeated"] for f in repetition.run(zh, params)] == ["加快", "的"]
    en = Document.parse("The the plan, ｌｅｔ’s go — naïve café.\n", "a.md")
    assert list(repetition.run(en, params)) == []
