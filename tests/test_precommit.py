"""The real `pre-commit` with this project as a hook repository: a defect blocks the commit.

The hook repository is a snapshot of this checkout's working tree (tracked and
untracked, not ignored), committed to a temporary repo, so the test checks the
code as it is now. pre-commit builds its own environment for it, as users get.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from _gitrepo import GIT_ENV, git, init_repo

ROOT = Path(__file__).resolve().parent.parent
TEAM_RULES = """\
rules:
  - id: TX901
    name: no-placeholder
    kind: pattern
    category: style
    severity: error
    params: {pattern: "TODO|待补充"}
    docs: {summary: A placeholder left in the draft., why: Placeholders slip into print.}
    tests:
      - {name: todo, fail: "TODO\\n", expect: [{line: 1}]}
      - {name: clean, pass: "Done.\\n"}
  - id: TX902
    name: house-term
    kind: substitution
    category: style
    severity: error
    params: {swap: {e-mail: email}}
    docs: {summary: A house spelling., why: One spelling per term.}
    tests:
      - {name: old, fail: "An e-mail.\\n", expect: [{line: 1}]}
      - {name: new, pass: "An email.\\n"}
"""
CONFIG = "rulesets: [en, zh, ./team-rules.yml]\nselect: [TX001, TX002, TX901, TX902]\nfail-on: warning\n"


def _pre_commit() -> str:
    exe = shutil.which("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed")
    return exe


def _snapshot(dest: Path) -> str:
    """This checkout's working tree as a one-commit repo; returns the commit id."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    init_repo(dest, {})
    return git(dest, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def drafts_repo(tmp_path_factory):
    exe = _pre_commit()
    base = tmp_path_factory.mktemp("precommit")
    hook_repo = base / "hook"
    rev = _snapshot(hook_repo)
    repo = init_repo(base / "drafts", {"team-rules.yml": TEAM_RULES, ".reportlint.yaml": CONFIG,
                                       "README.md": "# Drafts\n"})
    config = {"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": "reportlint"},
                                                                  {"id": "reportlint-fix", "stages": ["manual"]},
                                                                  {"id": "reportlint-docx"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-q", "-m", "hook config")
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "NO_COLOR": "1"}
    subprocess.run([exe, "install"], cwd=repo, env=env, check=True, capture_output=True)
    return repo, env


def _commit(repo: Path, env: dict, name: str, text: str) -> subprocess.CompletedProcess:
    """Stage one new draft on a clean tree and try to commit it."""
    git(repo, "reset", "-q", "--hard")
    git(repo, "clean", "-qfd")
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", name)
    return subprocess.run(["git", "-c", "commit.gpgsign=false", "commit", "-m", f"add {name}"], cwd=repo,
                          env={**env, **GIT_ENV}, capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_a_staged_defect_blocks_the_commit(drafts_repo):
    repo, env = drafts_repo
    r = _commit(repo, env, "drafts/report.md", "# Report\n\nThe budget is TODO.\n")
    assert r.returncode != 0, r.stdout + r.stderr
    assert "TX901" in r.stdout + r.stderr
    head = git(repo, "log", "--format=%s", "-1").stdout.strip()
    assert head == "hook config"


@pytest.mark.slow
def test_a_built_in_rule_blocks_a_chinese_text_draft(drafts_repo):
    repo, env = drafts_repo
    r = _commit(repo, env, "drafts/报告.txt", "科学擘画了未来五年年的发展蓝图。\n")
    assert r.returncode != 0 and "TX002" in r.stdout + r.stderr


@pytest.mark.slow
def test_a_clean_draft_passes(drafts_repo):
    repo, env = drafts_repo
    r = _commit(repo, env, "drafts/clean.md", "# Report\n\nThe budget is 3 million.\n")
    assert r.returncode == 0, r.stdout + r.stderr
    assert git(repo, "log", "--format=%s", "-1").stdout.strip() == "add drafts/clean.md"


@pytest.mark.slow
def test_the_fix_hook_rewrites_the_staged_draft(drafts_repo):
    repo, env = drafts_repo
    git(repo, "reset", "-q", "--hard")
    git(repo, "clean", "-qfd")
    (repo / "note.md").write_text("# Note\n\nSend an e-mail.\n", encoding="utf-8")
    git(repo, "add", "note.md")
    r = subprocess.run([_pre_commit(), "run", "--hook-stage", "manual", "reportlint-fix", "--files", "note.md"],
                       cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode != 0  # pre-commit fails a hook that modified files, so the fix gets reviewed
    assert (repo / "note.md").read_text(encoding="utf-8") == "# Note\n\nSend an email.\n"


@pytest.mark.slow
def test_a_staged_word_draft_is_checked(drafts_repo):
    from tests import _word

    repo, env = drafts_repo
    git(repo, "reset", "-q", "--hard")
    git(repo, "clean", "-qfd")
    d = _word.new()
    d.add_paragraph("The budget is TODO.")
    _word.save(d, repo / "drafts" / "report.docx")
    git(repo, "add", "drafts/report.docx")
    r = subprocess.run(["git", "-c", "commit.gpgsign=false", "commit", "-m", "add report.docx"], cwd=repo,
                       env={**env, **GIT_ENV}, capture_output=True, text=True, timeout=900)
    assert r.returncode != 0 and "drafts/report.docx:1:15" in r.stdout + r.stderr, r.stdout + r.stderr
