"""`--diff-base REV`: only diagnostics on lines changed since a git revision."""

from __future__ import annotations

import json

import pytest
from _gitrepo import git, init_repo
from _golden import RULES
from click.testing import CliRunner

from reportlint.cli import main
from reportlint.diagnostics import Diagnostic, Related, Severity
from reportlint.gating import _unquote, filter_changed, parse_unified_diff

DRAFT = "# Report\n\nThe budget is TODO.\n\nA settled paragraph.\n\n本节待补充。\n"
ARGS = ["--rules", "team-rules.yml", "--select", "TX901", "--format", "json", "--fail-on", "warning"]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    init_repo(tmp_path, {"team-rules.yml": RULES, "docs/report.md": DRAFT})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    result = CliRunner().invoke(main, ["check", *args, *ARGS])
    out = result.stdout
    return result, (json.loads(out[out.index("{"):]) if "{" in out else None)


def lines(data) -> list[tuple[str, int]]:
    return [(d["path"], d["line"]) for d in data["diagnostics"]]


def test_unchanged_draft_reports_nothing(repo):
    result, data = run("docs", "--diff-base", "HEAD")
    assert result.exit_code == 0 and data["diagnostics"] == []
    assert "2 diagnostics on lines not changed since HEAD not shown" in result.stderr


def test_only_changed_lines_are_reported(repo):
    (repo / "docs/report.md").write_text(DRAFT.replace("A settled paragraph.", "A new TODO paragraph."),
                                         encoding="utf-8")
    result, data = run("docs", "--diff-base", "HEAD")
    assert result.exit_code == 1
    assert lines(data) == [("docs/report.md", 5)]


def test_staged_and_committed_changes_since_a_branch_point(repo):
    git(repo, "checkout", "-q", "-b", "draft")
    (repo / "docs/report.md").write_text("# Report\n\nTODO first.\n\n" + DRAFT[len("# Report\n\n"):], encoding="utf-8")
    git(repo, "commit", "-q", "-am", "edit")
    (repo / "docs/more.md").write_text("# More\n\nTODO all of it.\n", encoding="utf-8")  # untracked: all new
    result, data = run("docs", "--diff-base", "main")
    assert lines(data) == [("docs/more.md", 3), ("docs/report.md", 3)]


def test_lines_around_a_deletion_count_as_changed(repo):
    text = "# Report\n\nKeep.\n\nDrop this line.\nThe budget is TODO.\n"
    (repo / "docs/report.md").write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "base")
    (repo / "docs/report.md").write_text(text.replace("Drop this line.\n", ""), encoding="utf-8")
    _, data = run("docs", "--diff-base", "HEAD")
    assert lines(data) == [("docs/report.md", 5)]


def test_a_related_place_on_a_changed_line_counts(repo):
    (repo / "docs/report.md").write_text(DRAFT.replace("A settled paragraph.", "An edited paragraph."),
                                         encoding="utf-8")
    d = Diagnostic(path="docs/report.md", line=7, column=1, end_line=7, end_column=3, rule="NU999", name="x",
                   category="number", severity=Severity.ERROR, message="m",
                   related=[Related("docs/report.md", 5, 1, "other value")])
    far = Diagnostic(**{**d.__dict__, "related": [Related("docs/report.md", 1, 1, "")]})
    kept, dropped, _ = filter_changed([d, far], "HEAD")
    assert kept == [d] and dropped == 1


@pytest.mark.parametrize("rev,needle", [("no-such-rev", "unknown git revision"), ("--output=x", "not a revision")])
def test_bad_revision_is_a_usage_error(repo, rev, needle):
    result, _ = run("docs", "--diff-base", rev)
    assert result.exit_code == 2 and needle in result.stderr


def test_outside_a_work_tree_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "team-rules.yml").write_text(RULES, encoding="utf-8")
    (tmp_path / "a.md").write_text("TODO\n", encoding="utf-8")
    result, _ = run("a.md", "--diff-base", "HEAD")
    assert result.exit_code == 2 and "git work tree" in result.stderr


def test_parse_unified_diff():
    diff = ("diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -3 +3 @@\n-a\n+b\n@@ -10,2 +9,0 @@\n-c\n-d\n"
            "@@ -20,0 +19,3 @@\n+e\n+f\n+g\n"
            "diff --git a/gone.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"
            '--- a/"\\346\\212\\245 a.md"\n+++ "b/\\346\\212\\245\\tb.md"\n@@ -0,0 +1 @@\n+y\n')
    assert parse_unified_diff(diff) == {"x.md": [(3, 3), (9, 10), (19, 21)], "报\tb.md": [(1, 1)]}


def test_unquote():
    assert _unquote('"a\\"b\\\\c"') == 'a"b\\c'
    assert _unquote("plain name.md") == "plain name.md"
