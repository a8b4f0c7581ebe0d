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
