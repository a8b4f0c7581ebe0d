"""`analysis.reuse.Memo`: a block's content-only results shared by a run's documents, never process-wide.

What a view takes from the memo must be what it would compute for the block where it stands:
a repeated paragraph, the same paragraph in another document of the run, and a document
checked alone all give the findings of a fresh, memo-less computation."""

from __future__ import annotations

from reportlint import pipeline
from reportlint.analysis.numbers import _quantities, analyse
from reportlint.analysis.reuse import Memo, memo
from reportlint.document import Document
from reportlint.engine import EngineOptions
from reportlint.ruleset.loader import load_rulesets
from reportlint.sources import from_text

PARA = "全省地区生产总值增长5.5%，达到10.3万亿元，城镇新增就业110万人。"
ZH = (f"一、2025年工作回顾\n{PARA}\n森林覆盖率72.2%，比上年提高0.5个百分点。\n全省森林覆盖率达到72.8%。\n"
      f"脱贫攻坚取得决定性成就，1439个贫困村全部退出。\n回顾过去，脱贫攻坚取得决定性成就，1493个贫困村全部退出。\n"
      f"二、2026年重点工作\n{PARA}\n")


def _fresh(doc: Document, exclude: tuple[str, ...] = ()) -> list[tuple]:
    """Each number block's quantities scanned again where it stands, with no memo at all."""
    return [_quantities(b.content, b.content_start, exclude, doc.language, doc.format)
            for b in doc.blocks if b.kind in ("paragraph", "list_item", "table_row", "heading")]


def test_a_repeated_paragraph_is_scanned_once_and_placed_where_it_stands():
    doc = Document.parse(ZH, "a.txt")
    got = [bn.quantities for bn in analyse(doc, ())]
    assert got == _fresh(doc)
    copies = [bn.quantities for bn in analyse(doc, ()) if bn.block.content == PARA]
    assert len(copies) == 2 and copies[0][0].start != copies[1][0].start  # one content, two places
    kept = [k for k in memo(doc).made if k[0] == "numbers.quantities"]
    assert len(kept) == len({b.content for b in doc.blocks})  # one entry per distinct content


def test_a_document_without_a_run_keeps_its_own_memo():
    a, b = Document.parse(ZH, "a.txt"), Document.parse(ZH, "b.txt")
    analyse(a, ())
    assert memo(a) is memo(a) and memo(a) is not memo(b)
    assert not memo(b).made  # nothing of a's reached b: no state outlives a document or a run


def test_documents_of_one_run_share_the_memo_and_get_their_own_offsets():
    shared = Memo()
    first = Document.parse(ZH, "a.txt", memo=shared)
    analyse(first, ())
    entries = len(shared.made)
    second = Document.parse("前言\n" + ZH, "b.txt", memo=shared)  # the same paragraphs, moved by a line
    assert [bn.quantities for bn in analyse(second, ())] == _fresh(second)
    assert len(shared.made) == entries + 1  # only the new line was scanned


def test_the_memo_is_bounded_between_documents_not_inside_one():
    m = Memo(limit=3)
    for i in range(5):
        m.get("k", i, lambda: i)
    assert len(m.made) == 5  # inside a document nothing is dropped
    m.next_document()
    assert not m.made
    m.get("k", 1, lambda: 1)
    m.next_document()
    assert m.made == {("k", 1): 1}  # under the limit: kept for the next document


def test_a_run_gives_each_document_what_it_gives_alone():
    rules = [r for r in load_rulesets(["core", "zh", "en"]) if r.enabled]
    texts = {"a.txt": ZH, "b.txt": "前言\n" + ZH + PARA + "\n", "c.txt": ZH.replace("5.5%", "6.5%")}
    together = pipeline.run([from_text(t, p) for p, t in texts.items()], rules, EngineOptions(cross_file=False))
    alone = []
    for p, t in texts.items():
        alone.extend(pipeline.lint_document(Document.parse(from_text(t, p).text, p), rules, EngineOptions()))
    assert {d.sort_key()[0] for d in together} == set(texts)  # every document has findings to compare
    assert sorted(together, key=lambda d: d.sort_key()) == sorted(alone, key=lambda d: d.sort_key())
