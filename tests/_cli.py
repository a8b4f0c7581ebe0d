"""What the CLI tests share: a doubled-word draft and its fix, a click runner in a tmp folder, a writer."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportlint.cli import main

BAD = "We reviewed the the results.\n"
GOOD = "We reviewed the results.\n"


@pytest.fixture
def run(tmp_path, monkeypatch):
    """`reportlint ARGS` through click's runner, in a fresh working folder."""
    monkeypatch.chdir(tmp_path)

    def _run(*args, input=None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return _run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
