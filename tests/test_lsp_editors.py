"""`reportlint lsp` under a real editor: Neovim's built-in client, headless (skipped without nvim)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="pygls not installed in this venv: pip install -e . again")

ROOT = Path(__file__).resolve().parent.parent
SMOKE = ROOT / "editors" / "neovim" / "smoke.lua"


@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed")
def test_neovim_shows_the_diagnostics_and_code_actions(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("# 报告\n\n😀𠀀中文,测试很好。\n", encoding="utf-8")
    launcher = tmp_path / "reportlint-lsp"
    launcher.write_text(f"#!/bin/sh\nexec {sys.executable} -m reportlint \"$@\"\n", encoding="utf-8")
    launcher.chmod(0o755)
    out = subprocess.run(["nvim", "--headless", "--clean", "-c", f"luafile {SMOKE}", str(draft)], cwd=tmp_path,
                         env={**os.environ, "REPORTLINT": str(launcher)}, capture_output=True, text=True,
                         timeout=120)
    lines = (out.stdout + out.stderr).splitlines()
    # Neovim's columns are bytes: 😀 and 𠀀 are 4 bytes each, 中文 6 — the server's UTF-16 6 converted
    assert any(line.startswith("2:14-2:15 MK005 ") for line in lines), lines
    assert "action: Disable MK005 for this line" in lines and "action: Fix all safe reportlint findings" in lines
    # the comma replaced in the buffer (an incremental change from Neovim): the finding goes
    assert "after typing: 1 -> 0 diagnostics" in lines and out.returncode == 0, lines
