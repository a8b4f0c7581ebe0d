"""Issue 19: nearest config, strict config keys, suppression typos, messages in the document's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from _cli import BAD, GOOD, run, write  # noqa: F401 — run is a fixture
from reportlint.cli import main



def rules_of(r) -> list[tuple[int, str]]:
    return [(d["line"], d["rule"]) for d in json.loads(r.stdout)["diagnostics"]]


# --- 4. suppression comments ----------------------------------------------------------------------

@pytest.mark.parametrize("comment", ["<!-- reportlint-disable-nextline TX001 -->", "<!-- reportlint-disablenext TX001 -->",
                                     "<!-- reportlint: disable TX001 -->", "<!-- reportlint-disable TX001: typo -->"])
def test_a_malformed_directive_disables_nothing_and_is_reported(run, tmp_path, comment):
    write(tmp_path / "a.md", f"{comment}\n\n{BAD}\n{BAD}")
    r = run("check", "a.md", "--format", "json")
    got = rules_of(r)
    assert (3, "TX001") in got and (5, "TX001") in got, got
    (rl,) = [d for d in json.loads(r.stdout)["diagnostics"] if d["rule"] == "RL002"]
    assert (rl["line"], rl["column"]) == (1, 6) and "disables nothing" in rl["message"]
    if "nextline" in comment:
        assert "did you mean 'reportlint-disable-next-line'" in rl["message"]
    assert not [d for d in json.loads(r.stdout)["diagnostics"] if d["rule"] == "RL001"]


def test_a_reason_after_two_dashes_is_allowed_and_kept(run, tmp_path):
    write(tmp_path / "a.md", f"<!-- reportlint-disable-next-line TX001 -- quoted from the minutes -->\n{BAD}")
    r = run("check", "a.md", "--format", "json")
    assert rules_of(r) == []
    from reportlint.document import Document
    from reportlint.suppression import parse_directives

    (d,) = parse_directives(Document.parse((tmp_path / "a.md").read_text(), "a.md"))
    assert d.tokens == ("TX001",) and d.reason == "quoted from the minutes"


def test_markdownlint_disable_line_is_supported(run, tmp_path):
    write(tmp_path / "a.md", f"{BAD.strip()} <!-- reportlint-disable-line TX001 -->\n\n{BAD}")
    assert rules_of(run("check", "a.md", "--format", "json")) == [(3, "TX001")]


# --- 3. strict config keys ---------------------------------------------------------------------------

@pytest.mark.parametrize("yaml,line,col,needle", [
    ("severity: {MK999: info}\n", 1, 12, "'MK999' matches no rule"),
    ("severity:\n  doubled-wrd: info\n", 2, 3, "did you mean 'doubled-word'"),
    ("severity: {duplcate: info}\n", 1, 12, "did you mean 'duplicate'"),
    ('per-file-ignores: {"archive/**": [DUX]}\n', 1, 35, "'DUX' matches no rule"),
    ("ignore: [MK999]\n", 1, 10, "'MK999' matches no rule"),
    ("select: [ALL, doubled-wrd]\n", 1, 15, "did you mean 'doubled-word'"),
    ("ignore:\n  - TX001\n  - HDX\n", 3, 5, "'HDX' matches no rule"),
    ("params: {TX0001: {}}\n", 1, 10, "did you mean 'TX00"),
    ("exclude: ['!keep.md']\n", 1, 11, "negated patterns"),
    ('reference-files: ["a.md", "missing/*.md"]\n', 1, 27, "'missing/*.md' matches no file"),
    ("reference-files: 3\n", 1, 18, "'reference-files' must be a list of strings"),
    ('reference-files: ["!x.md"]\n', 1, 19, "negated patterns"),
    ("reference_files: [a.md]\n", 1, 1, "did you mean 'reference-files'"),
])
def test_every_token_in_every_key_is_validated_with_a_position(run, tmp_path, yaml, line, col, needle):
    write(tmp_path / ".reportlint.yaml", yaml)
    write(tmp_path / "a.md", BAD)
    r = run("check", "a.md")
    assert r.exit_code == 2, r.output
    (msg,) = r.stderr.strip().splitlines()
    assert msg.startswith(f"reportlint: .reportlint.yaml:{line}:{col}: ") or f".reportlint.yaml:{line}:{col}:" in msg, msg
    assert needle in msg and "Traceback" not in r.stderr


@pytest.mark.parametrize("toml,line,col,needle", [
    ('ignore = ["MK001", "MK999"]\n', 2, 20, "'MK999' matches no rule"),
    ('select = [\n  "MK",\n  "DUX",\n]\n', 4, 3, "'DUX' matches no rule"),
    ('severity = {MK001 = "info", MKX = "info"}\n', 2, 29, "'MKX' matches no rule"),
    ('fail-on = "warn"\n', 2, 11, "fail-on must be"),
])
def test_pyproject_errors_point_at_the_token(run, tmp_path, toml, line, col, needle):
    """TOML gives no positions: the reader finds each key's line, its value's column and each list item's,
    so `[tool.reportlint]` errors are `path:line:col` at the token as in YAML (before: column 1 of the line)."""
    write(tmp_path / "pyproject.toml", "[tool.reportlint]\n" + toml)
    write(tmp_path / "a.md", BAD)
    r = run("check", "a.md")
    assert r.exit_code == 2, r.output
    assert f"pyproject.toml:{line}:{col}: " in r.stderr and needle in r.stderr, r.stderr


@pytest.mark.parametrize("token", ["HD", "heading", "heading-number-skipped"])
def test_severity_takes_prefixes_names_and_categories(run, tmp_path, token):
    write(tmp_path / ".reportlint.yaml", f"severity: {{{token}: info, TX001: error}}\n")
    write(tmp_path / "a.md", "# 1. One\n\n# 3. Three\n\n" + BAD)
    data = json.loads(run("check", "a.md", "--format", "json", "--select", "HD001,TX001").stdout)
    sev = {d["rule"]: d["severity"] for d in data["diagnostics"]}
    assert sev == {"HD001": "info", "TX001": "error"}, sev


# --- 1. messages in the document's language ------------------------------------------------------------

ZH_DOC = "全年森林覆盖率达到28.8%，比上年提高。\n\n经核算，全年森林覆盖率达到72.2%，比上年提高。\n\n科学擘画了未来五年年的发展蓝图。\n"


def test_messages_follow_the_documents_language_by_default(run, tmp_path):
    write(tmp_path / "zh.md", ZH_DOC)
    write(tmp_path / "en.md", BAD)
    data = json.loads(run("check", "zh.md", "en.md", "--format", "json", "--select", "NU,TX").stdout)
    by_path = {d["path"]: d["message"] for d in data["diagnostics"]}
    assert "此处为" in by_path["zh.md"] or "重复" in by_path["zh.md"], data
    assert by_path["en.md"] == "Doubled word: 'the the'"
    r = run("check", "zh.md", "--select", "NU,TX")
    assert "个文件中发现" in r.stdout and "Found" not in r.stdout  # the summary too


@pytest.mark.parametrize("how", [("--message-language", "en"), ("config",)])
def test_message_language_en_for_a_chinese_document(run, tmp_path, how):
    write(tmp_path / "zh.md", ZH_DOC)
    args = list(how) if how[0] != "config" else []
    if how[0] == "config":
        write(tmp_path / ".reportlint.yaml", "message-language: en\n")
    r = run("check", "zh.md", "--select", "TX002", *args)
    assert "Doubled '年'" in r.stdout and r.stdout.splitlines()[-1].startswith(("Found", "[*]"))
    data = json.loads(run("check", "zh.md", "--select", "TX002", "--format", "json", *args).stdout)
    assert data["diagnostics"][0]["message"].startswith("Doubled '年'")


def test_message_language_zh_for_an_english_document(run, tmp_path):
    write(tmp_path / "en.md", BAD)
    r = run("check", "en.md", "--message-language", "zh")
    assert "词语重复：“the the”" in r.stdout and "个文件中发现 1 个问题（1 个警告）。" in r.stdout


def test_message_language_is_validated(run, tmp_path):
    write(tmp_path / ".reportlint.yaml", "message-language: fr\n")
    write(tmp_path / "a.md", GOOD)
    r = run("check", "a.md")
    assert r.exit_code == 2 and ".reportlint.yaml:1:19: message-language must be auto, zh or en" in r.stderr


# --- 2. the nearest config per file ----------------------------------------------------------------------

def test_a_config_in_a_subfolder_applies_to_the_files_under_it(run, tmp_path):
    write(tmp_path / "top.md", BAD)
    write(tmp_path / "team" / ".reportlint.yaml", "ignore: [TX001]\n")
    write(tmp_path / "team" / "draft.md", BAD)
    write(tmp_path / "team" / "sub" / "deep.md", BAD)
    data = json.loads(run("check", ".", "--format", "json").stdout)
    assert sorted(Path(d["path"]).as_posix() for d in data["diagnostics"]) == ["top.md"]
    data = json.loads(run("check", "team/draft.md", "top.md", "--format", "json").stdout)
    assert [d["path"] for d in data["diagnostics"]] == ["top.md"]
    # --config: one config for every file
    write(tmp_path / "one.yaml", "select: [TX001]\n")
    data = json.loads(run("check", ".", "--format", "json", "--config", "one.yaml").stdout)
    assert len(data["diagnostics"]) == 3


def test_the_team_example_works_from_the_repository_root(run, tmp_path, monkeypatch):
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    r = CliRunner().invoke(main, ["check", "examples/team-rules/draft.md", "--format", "json"])
    codes = {d["rule"] for d in json.loads(r.stdout)["diagnostics"]}
    assert {"TX801", "TX802", "TX803"} <= codes, codes


def test_extends_inherits_from_a_parent(run, tmp_path):
    write(tmp_path / ".reportlint.yaml", "ignore: [TX001]\nseverity: {TX002: error}\n")
    write(tmp_path / "a" / ".reportlint.yaml", "extends: ../.reportlint.yaml\nselect: [TX]\n")
    write(tmp_path / "b" / ".reportlint.yaml", "select: [TX]\n")  # stands alone
    text = BAD + "\n科学擘画了未来五年年的发展蓝图。\n"
    write(tmp_path / "a" / "x.md", text)
    write(tmp_path / "b" / "y.md", text)
    data = json.loads(run("check", ".", "--format", "json").stdout)
    got = {(Path(d["path"]).parent.name, d["rule"], d["severity"]) for d in data["diagnostics"]}
    assert got == {("a", "TX002", "error"), ("b", "TX001", "warning"), ("b", "TX002", "warning")}, got


def test_show_settings_names_the_config_and_where_each_value_came_from(run, tmp_path):
    write(tmp_path / ".reportlint.yaml", "fail-on: warning\n")
    write(tmp_path / "team" / ".reportlint.yaml", "extends: ../.reportlint.yaml\nignore: [TX001]\n")
    write(tmp_path / "team" / "d.md", BAD)
    r = run("check", "--show-settings", "team/d.md")
    assert r.exit_code == 0
    out = r.stdout
    assert "config: team/.reportlint.yaml (nearest config)" in out
    assert 'ignore: ["TX001"]    # team/.reportlint.yaml:2' in out
    assert 'fail-on: "warning"    # .reportlint.yaml:1' in out
    assert 'select: ["ALL"]    # default' in out


def test_extends_errors_are_positioned(run, tmp_path):
    write(tmp_path / ".reportlint.yaml", "extends: ./nowhere.yaml\n")
    write(tmp_path / "a.md", GOOD)
    r = run("check", "a.md")
    assert r.exit_code == 2 and ".reportlint.yaml:1:10: extends: ./nowhere.yaml: no such config file" in r.stderr
    write(tmp_path / ".reportlint.yaml", "extends: ./.reportlint.yaml\n")
    r = run("check", "a.md")
    assert r.exit_code == 2 and "cycle" in r.stderr


def test_stdin_uses_the_config_nearest_to_its_name(run, tmp_path):
    write(tmp_path / "team" / ".reportlint.yaml", "ignore: [TX001]\n")
    r = run("check", "-", "--stdin-filename", "team/x.md", "--format", "json", input=BAD)
    assert json.loads(r.stdout)["diagnostics"] == []
    r = run("check", "-", "--stdin-filename", "x.md", "--format", "json", input=BAD)
    assert [d["rule"] for d in json.loads(r.stdout)["diagnostics"]] == ["TX001"]
