"""The language server's model without the protocol: positions, incremental re-parsing, failures, edits."""

from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol", reason="pygls/lsprotocol not installed in this venv: pip install -e . again")

from reportlint.document import Document, LineIndex  # noqa: E402
from reportlint.lsp import convert, session as session_mod  # noqa: E402
from reportlint.lsp.positions import UTF8, UTF16, UTF32, Positions  # noqa: E402
from reportlint.lsp.session import Session  # noqa: E402
from reportlint.lsp.uris import path_to_uri  # noqa: E402

PARA = "The committee reviewed every budget line twice and agreed on the final allocation for next year.\n"


@pytest.mark.parametrize("encoding, expected", [(UTF16, 6), (UTF8, 14), (UTF32, 4)])
def test_positions_count_code_units_of_the_negotiated_encoding(encoding, expected):
    text = "# 标题\n😀𠀀中文,测试\n"
    comma = text.index(",")
    pos = Positions(LineIndex(text), encoding)
    assert pos.position(comma) == (1, expected)
    assert pos.offset(1, expected) == comma
    assert pos.offset(1, 1 if encoding != UTF32 else 0) == text.index("😀")  # inside a pair: rounds down
    assert pos.from_line_column(2, 5) == (1, expected)  # reportlint's 1-based code-point column
    assert pos.line_end(2) == (1, {UTF16: 9, UTF8: 21, UTF32: 7}[encoding])
    assert pos.offset(99, 0) == len(text)


def _session(tmp_path, cross_file: str = "false") -> Session:
    (tmp_path / ".reportlint.yaml").write_text(f"cross-file: {cross_file}\n", encoding="utf-8")
    s = Session()
    s.roots = [str(tmp_path)]
    return s


def test_a_change_reparses_only_the_changed_document(tmp_path, monkeypatch):
    s = _session(tmp_path, "true")
    parsed: list[str] = []
    real = session_mod.parse_source

    def counting(src, language="auto", reuse=None):
        parsed.append(src.path)
        return real(src, language, reuse=reuse)

    monkeypatch.setattr(session_mod, "parse_source", counting)
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    ua, ub = path_to_uri(str(a)), path_to_uri(str(b))
    s.open(ua, str(a), "# A\n\n" + PARA)
    s.open(ub, str(b), "# B\n\n" + PARA)
    first = s.lint(ub)
    assert [d.rule for d in first[ub]] == ["DU001"] and first[ua] == []
    assert sorted(parsed) == sorted([str(a), str(b)])
    parsed.clear()
    s.change(ua, "# A\n\nSomething else.\n", 2)
    again = s.lint(ua)
    assert parsed == [str(a)]  # b is not parsed again, yet its copy finding is gone
    assert again[ub] == [] and again[ua] == []


def test_a_document_the_reader_cannot_take_is_one_e002(tmp_path, monkeypatch):
    s = _session(tmp_path)
    path = tmp_path / "x.md"
    uri = path_to_uri(str(path))

    def broken(src, language="auto", reuse=None):
        raise RecursionError("too deep")

    monkeypatch.setattr(session_mod, "parse_source", broken)
    s.open(uri, str(path), "# X\n\nWe saw the the results.\n")
    (only,) = s.lint(uri)[uri]
    assert only.rule == "E002" and "RecursionError: too deep" in only.message
    monkeypatch.undo()  # the next edit is read again: the session goes on
    s.change(uri, "# X\n\nWe saw the the results again.\n", 2)
    assert [d.rule for d in s.lint(uri)[uri]] == ["TX001"]


def test_the_servers_e002_is_worded_in_the_rules_yaml_in_the_documents_language(tmp_path, monkeypatch):
    from reportlint.ruleset.loader import builtin_rules_dir, load_rule_file

    def broken(src, language="auto", reuse=None):
        raise RecursionError("too deep")

    monkeypatch.setattr(session_mod, "parse_source", broken)
    (e002,) = load_rule_file(builtin_rules_dir() / "core" / "E002.yml", "core")
    s = _session(tmp_path)
    for name, text, language in (("zh.md", "# 标题\n\n这是一段中文说明文字。\n", "zh"), ("en.md", "# X\n\nText.\n", "en")):
        path = tmp_path / name
        uri = path_to_uri(str(path))
        s.open(uri, str(path), text)
        (only,) = s.lint(uri)[uri]
        assert only.message == e002.clause("unchecked", language).format(what="RecursionError: too deep")
    assert "无法检查" in e002.clause("unchecked", "zh")


def test_a_word_file_is_read_from_disk_and_an_unreadable_one_is_e001(tmp_path):
    s = _session(tmp_path)
    path = tmp_path / "missing.docx"
    uri = path_to_uri(str(path))
    s.open(uri, str(path), "PK\x03\x04 binary the editor showed")
    (only,) = s.lint(uri)[uri]
    assert only.rule == "E001"


def test_a_malformed_config_is_a_problem_of_the_config_and_the_draft_is_still_checked(tmp_path):
    (tmp_path / ".reportlint.yaml").write_text("ignore: [TX001]\nsevrity: {}\n", encoding="utf-8")
    s = Session()
    path = tmp_path / "d.md"
    uri = path_to_uri(str(path))
    s.open(uri, str(path), "We saw the the results.\n")
    assert [d.rule for d in s.lint(uri)[uri]] == ["TX001"]  # defaults meanwhile
    (problem,) = s.problems.values()
    assert problem.path == str(tmp_path / ".reportlint.yaml") and problem.line == 2
    (tmp_path / ".reportlint.yaml").write_text("ignore: [TX001]\n", encoding="utf-8")
    s.reload()
    assert s.lint(uri)[uri] == [] and not s.problems


def _diag(doc: Document, rule: str, needle: str):
    from reportlint.api import lint_text, prepare_rules
    from reportlint.config import Config

    return next(d for d in lint_text(doc.text, prepare_rules(Config()), doc.path) if d.rule == rule)


def test_the_suppression_comment_joins_the_lines_existing_one_and_skips_code_blocks():
    doc = Document.parse("We saw the the results. <!-- reportlint-disable-line MK005 -- quoted -->\n", "a.md")
    at, text = convert.suppress_edit(doc, _diag(doc, "TX001", "the the"))
    assert doc.text[:at] + text + doc.text[at:] == \
        "We saw the the results. <!-- reportlint-disable-line MK005 TX001 -- quoted -->\n"
    plain = Document.parse("We saw the the results.\n", "a.txt")
    at, text = convert.suppress_edit(plain, _diag(plain, "TX001", "the the"))
    assert plain.text[:at] + text + plain.text[at:] == "We saw the the results. <!-- reportlint-disable-line TX001 -->\n"


def test_whole_text_edit_replaces_only_the_changed_middle():
    old, new = "abc 中文,x 😀 tail\n", "abc 中文，x 😀 tail\n"
    edit = convert.whole_text_edit(Positions(LineIndex(old)), old, new)
    assert (edit.range.start.character, edit.range.end.character, edit.new_text) == (6, 7, "，")


def test_changes_move_findings_only_where_the_text_is_unchanged():
    from reportlint.diagnostics import Finding
    from reportlint.engine import Raw
    from reportlint.lsp.carry import Change, carry

    old = "one two\nthree four\nfive six\n"
    new = "one two\nthree and four\nfive six\n"  # typed inside line 2
    change = Change.between(old, new)
    assert (change.start, change.old_end, change.new_end, change.same_lines) == (14, 14, 18, True)
    before, inside, after = (Raw("X", Finding(0, 3)), Raw("X", Finding(8, 19)),
                             Raw("X", Finding(old.index("six"), old.index("six") + 3)))
    moved = carry([before, inside, after], change)
    assert [(r.finding.start, r.finding.end) for r in moved] == [(0, 3), (new.index("six"), new.index("six") + 3)]
    # a line added: what follows the edit is not carried (its fields may name line numbers)
    assert [r.finding.start for r in carry([before, after], Change.between(old, old.replace("four", "four\n")))] == [0]


def test_a_long_document_gets_its_first_tier_then_the_same_diagnostics_as_one_full_check(tmp_path):
    s = _session(tmp_path)
    s.two_tiers_after_s = 0.0  # every document counts as long here
    path = tmp_path / "long.md"
    uri = path_to_uri(str(path))
    copy = "# A\n\n" + PARA + "\n# B\n\nSomething else first, about the schedule.\n\n" + PARA + "\nWe saw the the results.\n"
    s.open(uri, str(path), copy, 1)
    assert s.lint_first(uri) is None  # nothing to carry yet: one full check
    full = s.lint(uri)[uri]
    assert {d.rule for d in full} >= {"DU001", "TX001"}
    edited = copy.replace("We saw the the results.", "We saw the the final results, and so the rest.")
    s.change(uri, edited, 2)
    first = s.lint_first(uri)[uri]
    assert s.entries[uri].first is not None and s.entries[uri].collected is None
    after = s.lint(uri)[uri]
    key = [(d.rule, d.line, d.column, d.end_line, d.end_column, d.message) for d in after]
    assert [(d.rule, d.line, d.column, d.end_line, d.end_column, d.message) for d in first] == key
    assert {d.rule for d in after} >= {"DU001", "TX001"}


def test_tiers_keep_every_rule_with_what_it_defers_to():
    from reportlint.api import prepare_rules
    from reportlint.config import Config
    from reportlint.lsp.session import tiers

    rules = prepare_rules(Config())
    first, second = tiers(rules)
    codes = {r.code for r in second}
    assert {"DU001", "NU001", "HD004", "HD014"} <= codes and {"MK005", "TX001", "HD011"} <= {r.code for r in first}
    assert all(set(r.defers_to) <= codes for r in second) and not any(r.defers_to for r in first)


def test_a_word_file_is_checked_from_disk_on_open_and_again_after_save(tmp_path):
    pytest.importorskip("docx")
    from tests import _word as w

    s = _session(tmp_path)
    path = tmp_path / "report.docx"
    doc = w.new()
    doc.add_paragraph("Introduction to the plan.")
    doc.add_paragraph("We saw the the results.")
    w.save(doc, path)
    uri = path_to_uri(str(path))
    s.open(uri, str(path), "what an editor shows for a zip file")  # not the document's text
    (found,) = s.lint(uri)[uri]
    assert (found.rule, found.line) == ("TX001", 2)
    doc = w.new()
    doc.add_paragraph("We saw the results.")
    w.save(doc, path)
    s.file_changed(uri, str(path))  # what didSave does for a Word file
    assert s.lint(uri)[uri] == []


def test_a_copy_of_a_closed_workspace_file_is_found_and_follows_the_file_on_disk(tmp_path):
    s = _session(tmp_path, "true")
    source = tmp_path / "archive" / "source.md"  # before draft.md in path order: it holds the original
    source.parent.mkdir()
    source.write_text("# Notes\n\n" + PARA, encoding="utf-8")
    draft = tmp_path / "draft.md"
    uri = path_to_uri(str(draft))
    s.open(uri, str(draft), "# Draft\n\nSomething else first.\n\n" + PARA)
    (copy,) = s.lint(uri)[uri]
    assert copy.rule == "DU001" and copy.related[0].path == str(source)
    source.write_text("# Notes\n\nRewritten since.\n", encoding="utf-8")
    s.file_changed(path_to_uri(str(source)), str(source))  # a watched file changed on disk
    assert s.lint(uri)[uri] == []


def test_a_conflicts_other_value_is_its_related_information_in_utf16(tmp_path):
    s = _session(tmp_path)
    path = tmp_path / "draft.txt"
    uri = path_to_uri(str(path))
    text = "一、生态建设\n𠀀𠀁两地，全市森林覆盖率达到72.2%，生态持续向好。\n新增造林10万亩，全市森林覆盖率达到27.2%。\n"
    s.open(uri, str(path), text)
    (conflict,) = [d for d in s.lint(uri)[uri] if d.rule == "NU002"]
    pos = Positions(s.entries[uri].doc.source_index)
    shown = convert.to_lsp(conflict, pos, "https://docs.example/rules.md", lambda p: None)
    assert shown.range.start.line == 2 and shown.code == "NU002"
    (other,) = shown.related_information
    assert other.location.uri == uri and other.location.range.start.line == 1
    # the earlier value's column counts each astral character (𠀀 𠀁) as two UTF-16 code units
    related = conflict.related[0]
    prefix = text.split("\n")[1][:related.column - 1]
    assert other.location.range.start.character == len(prefix.encode("utf-16-le")) // 2 > related.column - 1


def test_what_a_check_keeps_stays_frozen_until_the_server_is_idle(tmp_path):
    """After a check the server leaves what it keeps out of the collector's passes (gc.freeze), with
    the thresholds as they were; a cycle among the frozen objects is collected when the editing pauses."""
    import asyncio
    import gc
    import weakref

    pytest.importorskip("pygls")
    from reportlint.lsp import server as srv
    from reportlint.lsp.uris import path_to_uri

    class Node:
        pass

    async def scenario() -> None:
        ls = srv.build_server()
        ls.text_document_publish_diagnostics = lambda params: None  # no client: nothing to send to
        path = str(tmp_path / "draft.md")
        uri = path_to_uri(path)
        ls.session.open(uri, path, "We checked the the figures.\n", 1)
        before = gc.get_threshold()
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: only the cyclic collector frees it
        gone = weakref.ref(a)
        del a, b
        ls.lint_full(uri)
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() > 0 and gone() is not None  # frozen with the rest: not collected yet
        assert ls.idle_collect is not None  # the full collection is due once the server is idle
        ls.collect_idle()
        assert gone() is None and ls.idle_collect is None

    was_enabled = gc.isenabled()
    gc.disable()  # no automatic pass between making the cycle and the check: only the server's own
    try:
        asyncio.run(scenario())
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def test_a_publication_takes_again_the_lsp_form_of_a_diagnostic_on_unchanged_lines(tmp_path):
    """After an edit, a diagnostic whose finding, lines and columns are the last publication's, on lines
    whose text did not change, keeps its LSP form; one on a changed line is converted again — here
    the same code-point column after an astral character (one more UTF-16 unit before it)."""
    path = str(tmp_path / "draft.md")
    uri = path_to_uri(path)
    before = "# Notes\n\nWe checked the the figures today.\n\n好的，we saw the the pattern again.\n"
    after = before.replace("好的", "𠀀的")
    s = Session()
    s.open(uri, path, before, 1)
    diags = s.lint(uri)[uri]
    pos = Positions(s.document(uri).source_index)
    assert {d.line for d in diags} >= {3, 5}
    first, kept = convert.to_lsp_all(diags, pos, "file:///rules.md", lambda p: None, None)
    assert first == [convert.to_lsp(d, pos, "file:///rules.md", lambda p: None) for d in diags]
    s.change(uri, after, 2)
    diags2 = s.lint(uri)[uri]
    pos2 = Positions(s.document(uri).source_index)
    again, _ = convert.to_lsp_all(diags2, pos2, "file:///rules.md", lambda p: None, kept)
    assert again == [convert.to_lsp(d, pos2, "file:///rules.md", lambda p: None) for d in diags2]
    old = {d.line: x for d, x in zip(diags, first)}
    for d, x in zip(diags2, again):
        assert (x is old.get(d.line)) == (d.line != 5), d  # line 5 changed: converted again
    moved = [x for d, x in zip(diags2, again) if d.line == 5 and d.rule == next(e.rule for e in diags if e.line == 5)]
    assert moved and moved[0].range.start.character == old[5].range.start.character + 1
    # another link to the rules: nothing is taken again
    other, _ = convert.to_lsp_all(diags2, pos2, "file:///other.md", lambda p: None, kept)
    assert all(x is not y for x, y in zip(other, again))
