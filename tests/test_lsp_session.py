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

    def counting(src, language="auto"):
        parsed.append(src.path)
        return real(src, language)

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

    def broken(src, language="auto"):
        raise RecursionError("too deep")

    monkeypatch.setattr(session_mod, "parse_source", broken)
    s.open(uri, str(path), "# X\n\nWe saw the the results.\n")
    (only,) = s.lint(uri)[uri]
    assert only.rule == "E002" and "RecursionError: too deep" in only.message
    monkeypatch.undo()  # the next edit is read again: the session goes on
    s.change(uri, "# X\n\nWe saw the the results again.\n", 2)
    assert [d.rule for d in s.lint(uri)[uri]] == ["TX001"]


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
