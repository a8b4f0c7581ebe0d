"""The rule cache: same rules as a fresh load, rebuilt when anything it depends on changes, never fatal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportlint.cli import main
from reportlint.ruleset import cache as rule_cache
from reportlint.ruleset.loader import load_rulesets
from reportlint.errors import ConfigError

RULE = """\
id: TX901
name: team-placeholder
kind: pattern
category: style
severity: warning
message: "placeholder '{{text}}'"
params:
  pattern: "{word}"
docs:
  summary: Team placeholder.
  why: Drafts must not ship with it.
tests:
  - name: bad
    fail: "a {word} here"
    expect: [{{line: 1}}]
  - name: good
    pass: "nothing here"
"""


def _write_rule(path: Path, word: str) -> None:
    path.write_text(RULE.format(word=word), encoding="utf-8")


def _entries(d: Path) -> list[Path]:
    return sorted(d.glob("rules-*.pickle"))


def test_cached_load_equals_fresh_load(tmp_path):
    fresh = load_rulesets(["core", "zh", "en"])
    first = load_rulesets(["core", "zh", "en"], cache_dir=tmp_path)
    assert len(_entries(tmp_path)) == 3  # one per rule set
    again = load_rulesets(["core", "zh", "en"], cache_dir=tmp_path)
    assert [r.code for r in again] == [r.code for r in fresh] == [r.code for r in first]
    for a, b in zip(again, fresh):
        assert a == b  # every field but the module compares, params and test cases included
        assert a.module is b.module


def test_cache_is_used_and_rebuilt_when_a_rule_file_changes(tmp_path):
    rules_dir, cache_dir = tmp_path / "team", tmp_path / "cache"
    rules_dir.mkdir()
    rule_file = rules_dir / "tx901.yml"
    _write_rule(rule_file, "FIXME-TEAM")
    (rule,) = load_rulesets([str(rules_dir)], cache_dir=cache_dir)
    assert rule.params.pattern.pattern == "FIXME-TEAM"
    (entry,) = _entries(cache_dir)
    # A hit reads the pickle, not the YAML: same size and mtime means unchanged (the bytecode-cache contract).
    st = rule_file.stat()
    _write_rule(rule_file, "OTHER-WORD")
    os.utime(rule_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    (rule,) = load_rulesets([str(rules_dir)], cache_dir=cache_dir)
    assert rule.params.pattern.pattern == "FIXME-TEAM"
    # A changed mtime is a miss: the new pattern is loaded and a second entry written.
    os.utime(rule_file, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    (rule,) = load_rulesets([str(rules_dir)], cache_dir=cache_dir)
    assert rule.params.pattern.pattern == "OTHER-WORD"
    assert len(_entries(cache_dir)) == 2 and entry.exists()


def test_errors_are_not_cached(tmp_path):
    rules_dir, cache_dir = tmp_path / "team", tmp_path / "cache"
    rules_dir.mkdir()
    (rules_dir / "bad.yml").write_text("id: TX902\nname: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ConfigError, match=r"bad\.yml:\d+:\d+"):
            load_rulesets([str(rules_dir)], cache_dir=cache_dir)
    assert _entries(cache_dir) == []


def test_corrupt_entry_is_rebuilt(tmp_path):
    load_rulesets(["core"], cache_dir=tmp_path)
    (entry,) = _entries(tmp_path)
    entry.write_bytes(b"not a pickle")
    rules = load_rulesets(["core"], cache_dir=tmp_path)
    assert {r.code for r in rules} >= {"E001", "RL001"}
    assert entry.read_bytes() != b"not a pickle"


def test_unwritable_cache_dir_is_not_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")  # a file where the folder should be: mkdir fails even as root
    rules = load_rulesets(["core"], cache_dir=blocker / "cache")
    assert rules and not (blocker / "cache").exists()


def test_old_entries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(rule_cache, "KEEP_ENTRIES", 2)
    rules_dir = tmp_path / "team"
    rules_dir.mkdir()
    rule_file = rules_dir / "tx901.yml"
    for i in range(4):
        _write_rule(rule_file, f"WORD{i}")
        os.utime(rule_file, ns=(10**18 + i, 10**18 + i))
        load_rulesets([str(rules_dir)], cache_dir=tmp_path / "cache")
    assert len(_entries(tmp_path / "cache")) == 2


def test_default_dir_honours_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(tmp_path / "c"))
    assert rule_cache.default_cache_dir() == tmp_path / "c"
    monkeypatch.setenv("REPORTLINT_NO_CACHE", "1")
    assert rule_cache.default_cache_dir() is None


def test_cli_no_cache_and_cache_commands(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(cache_dir))
    doc = tmp_path / "a.md"
    doc.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(main, ["check", str(doc), "--no-cache"])
    assert r.exit_code == 0, r.output
    assert not cache_dir.exists()
    r = runner.invoke(main, ["check", str(doc)])
    assert r.exit_code == 0, r.output
    assert _entries(cache_dir)
    assert runner.invoke(main, ["cache", "dir"]).output.strip() == str(cache_dir)
    r = runner.invoke(main, ["cache", "clean"])
    assert r.exit_code == 0 and "removed" in r.output
    assert _entries(cache_dir) == []


def test_warm_cache_gives_the_same_report_in_a_real_process(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("# 报告\n\n一、总体\n\n三、目标\n\n增长了**12%。\n", encoding="utf-8")
    env = dict(os.environ, REPORTLINT_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1")
    runs = [subprocess.run([sys.executable, "-m", "reportlint", "check", str(doc), "--format", "json",
                            "--preview", "--fail-on", "warning"],
                           capture_output=True, text=True, env=env, timeout=120) for _ in range(2)]
    assert runs[0].returncode == runs[1].returncode == 1
    assert runs[0].stdout == runs[1].stdout and '"HD001"' in runs[0].stdout
    assert _entries(tmp_path / "cache")


# A run leaves the built-in rule files' `tests:` sections unread (loader.without_tests).

from dataclasses import replace  # noqa: E402

from reportlint.api import prepare_rules  # noqa: E402
from reportlint.config import Config  # noqa: E402
from reportlint.ruleset.loader import load_rule_file, without_tests  # noqa: E402


def test_a_run_loads_the_builtin_rules_alike_but_for_their_test_cases(tmp_path):
    whole = load_rulesets(["core", "zh", "en"])
    lazy = load_rulesets(["core", "zh", "en"], builtin_tests=False, cache_dir=tmp_path)
    assert [r.code for r in lazy] == [r.code for r in whole]
    for a, b in zip(lazy, whole):
        assert a.tests is None and b.tests  # every built-in rule has cases; a run does not compose them
        assert a == replace(b, tests=None)  # positions, params, docs, messages all the same
    # the two loads are cached apart: a run's entry never serves the test suite
    assert len(_entries(tmp_path)) == 3
    assert all(r.tests for r in load_rulesets(["core"], cache_dir=tmp_path))
    assert len(_entries(tmp_path)) == 4


def test_without_tests_blanks_the_section_and_keeps_every_line():
    text = "id: X1\ntests:\n  - fail: a\n    expect: [{line: 1}]\n\n# note\ndocs:\n  summary: s\n"
    head = without_tests(text)
    assert head == "id: X1\ntests:\n\n\n\n\ndocs:\n  summary: s\n"
    assert head.count("\n") == text.count("\n")  # later keys keep their lines for error positions
    # a compact list at column 0 belongs to the section too
    assert without_tests("tests:\n- fail: a\nid: X\n") == "tests:\n\nid: X\n"
    assert without_tests("id: X\ntests:  # cases\n  - pass: b\n") == "id: X\ntests:  # cases\n\n"


@pytest.mark.parametrize("text", [
    "rules:\n  - id: X\n    tests:\n      - pass: a\n",       # a rule-set file: its rules' tests are nested
    "ruleset: t\nrules:\n- id: X\ntests:\n  - pass: a\n",       # a rules: file with a stray top-level key
    "id: X\ntests: [{pass: a}]\n",                               # flow style
    "id: X\ntests:\n  - pass: a\n---\nid: Y\n",                  # a document marker after the section
    "id: X\ntests:\n  - pass: a\n...\n",
    "id: X\ndocs:\n  summary: s\n",                              # no tests at all
])
def test_without_tests_reads_whole_what_it_cannot_cut_safely(text):
    assert without_tests(text) is None


def test_a_user_rule_file_is_always_read_whole(tmp_path):
    rule = tmp_path / "team.yml"
    _write_rule(rule, "TODO")
    rules = prepare_rules(replace(Config(), rulesets=("core", str(rule))))
    team = [r for r in rules if r.code == "TX901"]
    assert team and len(team[0].tests) == 2
    # a malformed case in a user's file is still a positioned error on every run
    _write_rule(rule, "TODO")
    rule.write_text(rule.read_text(encoding="utf-8").replace("- name: good", "- nmae: good"), encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        prepare_rules(replace(Config(), rulesets=("core", str(rule))))
    assert e.value.path == str(rule) and e.value.line == 16
