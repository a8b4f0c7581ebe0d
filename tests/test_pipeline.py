"""The pipeline's one stamping path: severity overrides, ignores and per-file ignores reach every
finding — cross-file duplicates, RL001, E001 and E002 included — and deference follows the run."""

from __future__ import annotations

import dataclasses
import json
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportlint.cli import main
from reportlint.diagnostics import Severity
from reportlint.document import Document
from reportlint.engine import EngineOptions
from reportlint.pipeline import collect, lint_documents
from reportlint.ruleset.loader import load_rulesets

RULES = {r.code: r for r in load_rulesets(["core", "zh", "en"])}
PARA = ("The quarterly review found that the regional offices met most of their targets, "
        "although staffing shortages delayed two of the planned audits until the next quarter.\n")


@pytest.fixture()
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, config: str = "") -> list[dict]:
        if config:
            Path(".reportlint.yaml").write_text(config, encoding="utf-8")
        r = CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never", *args],
                               catch_exceptions=False)
        return json.loads(r.output)["diagnostics"]

    return invoke


def test_severity_override_reaches_cross_file_duplicates(run):
    Path("a.md").write_text("# A\n\n" + PARA, encoding="utf-8")
    Path("b.md").write_text("# B\n\n" + PARA, encoding="utf-8")
    got = [d for d in run("--cross-file", "a.md", "b.md", config="severity: {DU001: info}\n") if d["rule"] == "DU001"]
    assert got and all(d["severity"] == "info" for d in got)
    assert any(d["path"] == "b.md" and d["related"][0]["path"] == "a.md" for d in got)


def test_severity_override_reaches_rl001(run):
    Path("a.md").write_text("<!-- reportlint-disable-next-line TX001 -->\nA clean line.\n", encoding="utf-8")
    (d,) = [d for d in run("a.md", config="severity: {RL001: error}\n") if d["rule"] == "RL001"]
    assert d["severity"] == "error"
    assert run("a.md", config="per-file-ignores: {'a.md': [RL001]}\n") == []


def test_ignore_and_per_file_ignores_reach_e001(run):
    Path("bin.md").write_bytes(b"\x00\x01\x02binary\xff\xfe")
    assert [d["rule"] for d in run("bin.md", "missing.md")] == ["E001", "E001"]
    assert run("bin.md", "missing.md", "--ignore", "E001") == []
    assert [d["path"] for d in run("bin.md", "missing.md", config="per-file-ignores: {'bin.md': [E001]}\n")] == \
        ["missing.md"]
    assert [d["severity"] for d in run("missing.md", config="severity: {E001: warning}\n")] == ["warning"]
    # selecting other rules does not hide an unreadable file: only ignoring E001 by name does
    assert [d["rule"] for d in run("missing.md", "--select", "DU")] == ["E001"]


def _crashing(code: str, cross_file: bool = False):
    def boom(*args):
        raise ZeroDivisionError("bad arithmetic")
        yield  # pragma: no cover

    module = types.SimpleNamespace(run=(lambda doc, params: iter(())) if cross_file else boom, FIELDS=frozenset(),
                                   **({"run_many": boom} if cross_file else {}))
    return dataclasses.replace(RULES[code], module=module)


def test_e002_is_stamped_like_any_finding():
    doc = Document.parse("the the\n", "a.md")
    rules = [_crashing("TX003"), RULES["TX001"], RULES["E002"]]
    diags = lint_documents([doc], rules, EngineOptions(severity={"E002": Severity.WARNING}))
    (crash,) = [d for d in diags if d.rule == "E002"]
    assert crash.severity == Severity.WARNING and "TX003" in crash.message and "ZeroDivisionError" in crash.message
    assert crash.name == "check-crashed" and crash.category == "error"
    ignored = lint_documents([doc], rules, EngineOptions(per_file_ignores=(("a.md", ("E002",)),)))
    assert [d.rule for d in ignored] == ["TX001"]


def test_a_cross_file_crash_is_filed_under_the_file_it_names():
    docs = [Document.parse(PARA, "a.md"), Document.parse(PARA, "b.md")]
    diags = lint_documents(docs, [_crashing("DU001", cross_file=True), RULES["E002"]], EngineOptions(cross_file=True))
    (crash,) = diags
    assert crash.path == "a.md" and "cross-file" in crash.message


def test_collect_keeps_raw_findings_and_suppression_comments():
    doc = Document.parse("<!-- reportlint-disable-next-line TX001 -->\nthe the\n", "a.md")
    got = collect(doc, [RULES["TX001"]], EngineOptions())
    assert [r.code for r in got.raw] == ["TX001"] and len(got.directives) == 1
    assert lint_documents([doc], [RULES["TX001"]], EngineOptions()) == []


def test_a_message_field_the_finding_lacks_is_an_e002_not_a_silent_summary():
    bad = dataclasses.replace(RULES["TX001"], message="Doubled {nothing}", messages=())  # no {en:, zh:} either
    diags = lint_documents([Document.parse("the the\n", "a.md")], [bad, RULES["E002"]], EngineOptions())
    assert [d.rule for d in diags] == ["E002"] and "nothing" in diags[0].message


def test_params_hold_no_derived_state(tmp_path):
    """A user param named like derived state is an unknown param with its position, not an internal error."""
    from reportlint.errors import ConfigError
    from reportlint.ruleset.loader import load_rule_file

    (tmp_path / "r.yml").write_text(
        "id: MK901\nname: my-pairs\nkind: pair\ncategory: markup\nseverity: warning\n"
        "params: {_families: {}}\ndocs: {summary: s, why: w}\ntests: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_rule_file(tmp_path / "r.yml", "team")
    assert "r.yml:6:" in str(e.value) and "_families" in str(e.value)
    for kind in ("pair", "substitution"):
        import dataclasses as dc

        from reportlint.checks import load_kind

        assert not [f.name for f in dc.fields(load_kind(kind).Params) if f.name.startswith("_")]


def _sources(n: int):
    from reportlint.sources import Source

    return [Source(f"doc{i}.md", f"# Title {i}\n\n{PARA}", "utf-8", b"", "\n") for i in range(n)]


@pytest.mark.parametrize("cross_file, kept", [(False, 0), (True, 3)])
def test_a_serial_run_keeps_documents_only_for_the_cross_file_pass(monkeypatch, cross_file, kept):
    """Without the cross-file pass a file's Document (and the views cached on it) is garbage once
    its checks ran, so the heap the collector walks stays one document deep."""
    import gc
    import weakref

    from reportlint import pipeline

    refs: list[weakref.ref] = []
    parse = Document.parse.__func__

    def recording(cls, *a, **k):
        doc = parse(cls, *a, **k)
        refs.append(weakref.ref(doc))
        return doc

    monkeypatch.setattr(Document, "parse", classmethod(recording))
    alive: list[int] = []

    def progress(done: int, total: int) -> None:
        gc.collect()
        alive.append(sum(r() is not None for r in refs[:-1]))  # the documents before the current one

    rules = [RULES["DU001"], RULES["E002"]]
    pipeline.run(_sources(4), rules, EngineOptions(cross_file=cross_file), progress=progress)
    assert alive[-1] == kept


def test_the_batch_collector_setting_is_restored():
    import gc

    from reportlint.runner import batch_collector

    before = gc.get_threshold()
    with batch_collector():
        assert gc.get_threshold()[0] > before[0]
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def _english_words(message: str) -> list[str]:
    """ASCII words other than names: encodings, the exception's type, its file, rule codes, names and kinds."""
    import re

    names = {"UTF", "LE", "BE", "GB", "BOM", "NUL", "ZeroDivisionError", "EIO", "test_pipeline", "py"}
    names |= {w for r in RULES.values() for w in re.findall(r"[A-Za-z]{2,}", f"{r.code} {r.name} {r.kind}")}
    return [w for w in re.findall(r"[A-Za-z_]{2,}", message) if w not in names]


def test_e001_reasons_are_worded_in_the_readers_language(tmp_path, monkeypatch):
    """Each reason kind a file can be refused for has its Chinese wording (issue 19 point 1): binary,
    undecodable, invalid bytes after a BOM, too large, a directory, missing, no permission, other OS errors."""
    import codecs
    import errno

    from reportlint import sources
    from reportlint.pipeline import unreadable

    (tmp_path / "big.md").write_bytes(b"x" * 20)
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 10)
    reasons = [sources.decode(b"abc\x00def", "a.md").reason, sources.decode(b"\x81\x30\x81", "a.md").reason,
               sources.decode(codecs.BOM_UTF16_LE + b"a\x00b", "a.md").reason,
               sources.read_file(str(tmp_path / "big.md")).reason, sources.read_file(str(tmp_path)).reason,
               sources.discover([str(tmp_path / "none.md")], ("*.md",), (), str(tmp_path))[1][0].reason,
               sources.os_reason(PermissionError(errno.EACCES, "Permission denied")),
               sources.os_reason(OSError(errno.EIO, "Input/output error"))]
    assert len({r.clause for r in reasons}) == len(reasons)
    for lang in ("zh", "en"):
        got = unreadable([("a.md", r) for r in reasons], RULES, EngineOptions(message_language=lang))
        assert len(got) == len(reasons) and all(d.rule == "E001" for d in got)
        if lang == "zh":
            assert all(not _english_words(d.message) for d in got), [d.message for d in got]
        else:
            assert "Permission denied" in got[6].message and "Input/output error" in got[7].message


@pytest.mark.parametrize("cross_file", [False, True])
def test_e002_is_worded_in_chinese_without_the_exception_text(cross_file):
    """A Chinese reader gets the rule, the exception's type and where; the exception's English text stays in
    the English message (it is Python's, for a bug report)."""
    docs = [Document.parse("重复重复的文字。\n" + PARA, "a.md"), Document.parse(PARA, "b.md")]
    crashing = _crashing("DU001", cross_file=True) if cross_file else _crashing("TX003")
    for lang in ("zh", "en"):
        diags = lint_documents(docs, [crashing, RULES["E002"]], EngineOptions(cross_file=cross_file, message_language=lang))
        (crash,) = [d for d in diags if d.rule == "E002" and d.path == "a.md"]
        assert "ZeroDivisionError" in crash.message and "test_pipeline.py:" in crash.message
        if lang == "zh":
            assert "崩溃" in crash.message and not _english_words(crash.message), crash.message
            assert ("跨文件" in crash.message) == cross_file
        else:
            assert "bad arithmetic" in crash.message


def test_a_phrase_worded_before_its_field_is_an_e002_not_a_repr():
    """A Phrase field is worded in the finding's order; a clause that uses a later one fails loudly."""
    from reportlint.diagnostics import Finding, phrase
    from reportlint.engine import MessageError, StampContext, stamp

    rule = RULES["MK003"]
    doc = Document.parse("a\n", "a.md")
    ctx = StampContext("a.md", doc.text, doc.index, "en")
    ok = Finding(0, 1, {"marker": "*", "unit": phrase("list_item"), "reason": phrase("unmatched"), "clauses": ()})
    assert stamp(rule, ctx, ok, EngineOptions()).message == \
        "'*': unmatched in this list item; CommonMark shows it as a literal '*'"
    late = Finding(0, 1, {"marker": "*", "reason": phrase("unmatched"), "unit": phrase("list_item"), "clauses": ()})
    with pytest.raises(MessageError):
        stamp(rule, ctx, late, EngineOptions())


def test_e001_under_auto_follows_the_runs_language(run):
    """An unread file has no language: under `auto` its E001 is worded in the language of most documents of
    the run, as the summary is (a Chinese team's folder gets a Chinese E001), English when there are none."""
    Path("bin.md").write_bytes(b"\x00\x01\x02binary")
    Path("a.md").write_text("全年完成各项目标任务，人民生活持续改善。\n", encoding="utf-8")
    Path("b.md").write_text("全市森林覆盖率持续提高，生态环境明显改善。\n", encoding="utf-8")
    Path("c.md").write_text(PARA, encoding="utf-8")
    (zh,) = [d for d in run("bin.md", "a.md", "b.md", "c.md") if d["rule"] == "E001"]
    assert zh["message"].startswith("二进制文件")
    (en,) = [d for d in run("bin.md", "a.md", "c.md") if d["rule"] == "E001"]  # no majority: English
    assert en["message"].startswith("binary file")
    (only,) = run("bin.md", "--message-language", "zh")
    assert only["message"].startswith("二进制文件")


def test_related_labels_given_as_phrases_follow_the_readers_language():
    """A related place's label (DU001's original, DU002's similar block, MK001's partner) is worded in the
    rule's YAML like its message: Chinese for a Chinese document, the English text unchanged otherwise."""
    import yaml

    def labels(code: str, text: str, lang: str) -> list[str]:
        doc = Document.parse(text, "a.md")
        diags = lint_documents([doc], [RULES[code]], EngineOptions(message_language=lang))
        return [r.message for d in diags if d.rule == code for r in d.related]

    du = yaml.safe_load(Path(__file__).resolve().parent.parent.joinpath("rules/core/DU001.yml").read_text("utf-8"))
    assert labels("DU001", du["docs"]["bad"], "auto") == ["原文"]
    assert labels("DU001", du["docs"]["bad"], "en") == ["the original"]
    assert labels("MK001", "发展（新兴产业)持续壮大。\n", "auto") == ["与之配对的'（'"]
    assert labels("MK001", "发展（新兴产业)持续壮大。\n", "en") == ["its partner '（'"]


def test_a_directive_quoted_in_inline_code_is_shown_not_obeyed():
    """Documentation about reportlint quotes its comments in `code`: such a comment silences nothing
    and is not reported as unused (RL001) or malformed (RL002); the same comment outside code is obeyed."""
    from reportlint.suppression import malformed, parse_directives

    text = ("Write `<!-- reportlint-disable-line MK001 -->` after the line, or `<!-- reportlint-bogus -->`.\n\n"
            "A real one (here) <!-- reportlint-disable-line MK001 -->\n")
    doc = Document.parse(text, "a.md")
    assert [(d.kind, d.tokens, d.line) for d in parse_directives(doc)] == [("disable-line", ("MK001",), 3)]
    assert malformed(doc) == []
    plain = Document.parse(text, "a.txt")  # backticks are not markup in plain text
    assert len(parse_directives(plain)) == 2 and len(malformed(plain)) == 1


def test_a_crash_in_a_kinds_run_facts_or_settle_is_one_e002_and_the_run_goes_on():
    """The settle phase's hooks are checks' code too: a crash there is an E002, never a traceback."""
    def boom(*args):
        raise ZeroDivisionError("bad arithmetic")

    mk012 = RULES["MK012"].module
    for broken in ({"run_facts": boom, "settle": mk012.settle}, {"run_facts": mk012.run_facts, "settle": boom}):
        module = types.SimpleNamespace(run=mk012.run, FIELDS=mk012.FIELDS, **broken)
        rules = [dataclasses.replace(RULES["MK012"], module=module), RULES["TX001"], RULES["E002"]]
        docs = [Document.parse("See [the guide][g]. the the\n", "a.md"), Document.parse("[g]: https://example.org\n", "b.md")]
        diags = lint_documents(docs, rules, EngineOptions())
        assert "E002" in [d.rule for d in diags] and "TX001" in [d.rule for d in diags], diags
