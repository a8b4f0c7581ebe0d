"""Issue 18: the CLI as users meet it — stdin, named paths, fixes and copies, --diff, Ruff-like output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportlint.cli import main

BAD = "We reviewed the the results.\n"
GOOD = "We reviewed the results.\n"
ENV = {**os.environ, "NO_COLOR": "1"}


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def _run(*args, input=None):
        return CliRunner(mix_stderr=False).invoke(main, list(args), input=input, catch_exceptions=False)

    return _run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def proc(tmp_path, *args, input=None, **kw):
    return subprocess.run([sys.executable, "-m", "reportlint", *args], cwd=tmp_path, input=input,
                          capture_output=True, text=True, env={**ENV, **kw.pop("env", {})}, timeout=120, **kw)


# --- 1. stdin -------------------------------------------------------------------------------------

def test_stdin_is_read_not_the_file_of_that_name(tmp_path):
    write(tmp_path / "draft.md", GOOD)  # a file of the stdin name exists: it must not be read
    p = proc(tmp_path, "check", "-", "--stdin-filename", "draft.md", "--format", "json", input=BAD)
    data = json.loads(p.stdout)
    assert [(d["path"], d["rule"]) for d in data["diagnostics"]] == [("draft.md", "TX001")], p.stderr
    p = proc(tmp_path, "check", "-", "--stdin-filename", "absent/draft.md", "--format", "json", input=BAD)
    assert [d["rule"] for d in json.loads(p.stdout)["diagnostics"]] == ["TX001"]


def test_stdin_without_a_name(tmp_path):
    p = proc(tmp_path, "check", "-", "--format", "json", input=BAD)
    data = json.loads(p.stdout)
    assert [(d["path"], d["rule"]) for d in data["diagnostics"]] == [("<stdin>", "TX001")], p.stderr


def test_stdin_filename_gives_the_format(tmp_path):
    text = "一、总体情况\n\n三、下一步\n"
    as_txt = proc(tmp_path, "check", "-", "--stdin-filename", "a.txt", "--format", "json", input=text)
    assert json.loads(as_txt.stdout)["summary"]["files"] == 1


def test_fix_with_stdin_writes_the_fixed_text_to_stdout(tmp_path):
    write(tmp_path / "draft.md", GOOD)
    p = proc(tmp_path, "check", "-", "--stdin-filename", "draft.md", "--unsafe-fixes", "--select", "TX001", input=BAD)
    assert p.stdout == GOOD, p.stderr
    assert (tmp_path / "draft.md").read_text() == GOOD  # untouched


# --- 5. --diff is a patch -------------------------------------------------------------------------

ZH = "第三届市人民政府任以来,面对百年未有之大变局,在市委的坚强领导下取得成效。\n这是第二段,内容完整。\n"


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("newline,tail", [("\n", "\n"), ("\r\n", "\r\n"), ("\n", "")], ids=["lf", "crlf", "no-eol"])
def test_diff_is_only_a_patch_git_applies(tmp_path, fmt, newline, tail):
    text = ZH.rstrip("\n").replace("\n", newline) + tail
    (tmp_path / "sub").mkdir()
    target = tmp_path / "sub" / "report.txt"
    target.write_bytes(text.encode("utf-8"))
    (tmp_path / "clean.md").write_text(GOOD, encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "reportlint", "check", "--select", "MK", "--diff", "--format", fmt,
                        "sub/report.txt", "clean.md"], cwd=tmp_path, capture_output=True, env=ENV, timeout=120)
    assert p.returncode == 1, p.stderr  # there would be changes
    out = p.stdout.decode("utf-8")
    assert out.startswith("--- a/sub/report.txt\n+++ b/sub/report.txt\n@@ "), out
    assert "Found" not in out and "{" not in out and "clean.md" not in out
    assert target.read_bytes() == text.encode("utf-8")  # nothing written
    _git(tmp_path, "init", "-q")
    (tmp_path / "fix.patch").write_bytes(p.stdout)
    applied = _git(tmp_path, "apply", "fix.patch")
    assert applied.returncode == 0, applied.stderr
    assert "，面对" in target.read_text(encoding="utf-8")
    again = proc(tmp_path, "check", "--select", "MK", "--diff", "sub/report.txt")
    assert again.returncode == 0 and again.stdout == ""  # nothing left to change


# --- 6. --fix through a symlink -------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_fix_writes_through_a_symlink_to_its_target(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "report.txt"
    target.write_text(ZH, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    p = proc(tmp_path, "check", "--select", "MK", "--fail-on", "never", "--fix", "link.txt")
    assert p.returncode == 0, p.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "，面对" in target.read_text(encoding="utf-8")
